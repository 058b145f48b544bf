"""Tasks: the numbered units of a plan at level (一) and below, with their titles and nesting.

Every section ((一)…), item (1、 1. 第一条), sub-item ((1)), dash item (——实施…工程) and, in a
plan that numbers nothing, labelled paragraph (创新药物攻坚:…), and numbered row of a task table
(序号/任务/责任单位) that carries its own text is a task, including safeguard items (保障措施 (一)…) and the numbered
items of labelled blocks (重要举措 1、…, 政策保障 1、…). Chapters (一、) and labelled blocks
themselves are structure, not tasks. The task kind comes from the enclosing label or chapter:

    重要举措 → measure    政策保障 → policy    保障措施/推进机制/组织实施 → safeguard
    发展目标/总体要求 → goal    布局 → layout    ——…工程 → project    otherwise → task
"""

from __future__ import annotations

from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS

from biopolicy.loaders.emit import zh
from biopolicy.loaders.iris import BP, concept, path_slug
from biopolicy.loaders.model import DocumentTree, Extraction, ExtractionContext, Family, Section, Task
from biopolicy.loaders.segment import block_labels

TASK_UNITS = {"section", "item", "subitem", "dash", "paragraph", "row"}
KIND_BY_LABEL_ROLE = {"measures": "measure", "policy": "policy"}
KIND_BY_CHAPTER_WORD = (
    ("保障", "safeguard"),
    ("推进机制", "safeguard"),
    ("组织实施", "safeguard"),
    ("目标", "goal"),
    ("总体要求", "goal"),
    ("布局", "layout"),
)


def _kind(unit: Section, ancestors: list[Section], label_roles: dict[str, str]) -> str:
    for ancestor in reversed(ancestors):
        if ancestor.kind == "label" and ancestor.label in label_roles:
            role = label_roles[ancestor.label]
            if role in KIND_BY_LABEL_ROLE:
                return KIND_BY_LABEL_ROLE[role]
    if unit.kind == "dash" and "工程" in unit.title:
        return "project"
    for ancestor in ancestors:
        if ancestor.kind in ("chapter", "heading"):
            for word, kind in KIND_BY_CHAPTER_WORD:
                if word in ancestor.title:
                    return kind
    return "task"


def extract_tasks(tree: DocumentTree, label_roles: dict[str, str]) -> list[Task]:
    """Tasks in document order; ``label_roles`` maps block labels to roles (segment.block_labels())."""
    tasks: list[Task] = []

    def visit(unit: Section, ancestors: list[Section], parent_task: str | None) -> None:
        current = parent_task
        if unit.kind in TASK_UNITS and unit.span[1] > unit.span[0]:
            tasks.append(
                Task(
                    path=unit.path,
                    title=unit.title,
                    span=unit.span,
                    title_span=unit.title_span,
                    parent=parent_task,
                    kind=_kind(unit, ancestors, label_roles),
                    order=len(tasks) + 1,
                )
            )
            current = unit.path
        for child in unit.children:
            visit(child, [*ancestors, unit], current)

    for root in tree.sections:
        visit(root, [], None)
    return tasks


# ---------------------------------------------------------------------------------------------
# The tasks family


def extract_task_family(context: ExtractionContext) -> list[Task]:
    return extract_tasks(context.tree, block_labels())


def task_rows(extraction: Extraction) -> list[dict]:
    return [{"path": task.path, "title": task.title, "kind": task.kind} for task in extraction.tasks]


def emit_tasks(emitter, tasks: list[Task]) -> None:
    """Task nodes first get their IRIs (a task may be the parent of an earlier one), then their triples."""
    for task in tasks:
        emitter.task_iris[task.path] = emitter.unique("task", f"{emitter.key}/{path_slug(task.path)}")
    for task in tasks:
        node = emitter.task_iris[task.path]
        emitter.add(node, RDF.type, BP.Task)
        emitter.add(node, BP.plan, emitter.plan)
        emitter.add(node, BP.partOf, emitter.unit(task.parent))
        emitter.add(node, BP.path, Literal(task.path))
        if task.title:
            emitter.add(node, DCTERMS.title, zh(task.title))
        emitter.add(node, BP.taskKind, concept("task-kind", task.kind))
        emitter.add(node, BP.order, Literal(task.order))
        emitter.cite(node, task.span)


FAMILY = Family(
    name="tasks",
    columns=("jurisdiction", "task", "path", "title"),
    extract=extract_task_family,
    rows=task_rows,
    emit=emit_tasks,
)
