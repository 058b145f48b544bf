"""Tasks: the numbered units of a plan at level (一) and below, with their titles and nesting.

Every section ((一)…), article (第一条), item (1、 1.), sub-item ((1)), dash item (——实施…工程) and, in a
plan that numbers nothing, labelled paragraph (创新药物攻坚:…), and numbered row of a task table
(序号/任务/责任单位) that carries its own text is a task, including safeguard items (保障措施 (一)…) and the numbered
items of labelled blocks (重要举措 1、…, 政策保障 1、…). Chapters (一、) and labelled blocks
themselves are structure, not tasks, except in a plan whose only numbering is one level of
``一、二、`` measures (a 若干措施 list with no chapters): a chapter whose heading is a sentence closed
by 。 (``一、强化省政策资金配套。对…``) is then a measure, one that only names a part of the plan
(``一、总体原则``) is not. Units are turned down (``--explain``) when their heading is cut off by the end
of an excerpt (``3.对企业新取得…生物类似药、``) or when they are a page's own numbered notices
(``1、本网部分资讯为网上搜集转载…``, cues in ``gazetteers/task_filters.tsv``).
The task kind comes from the enclosing label or chapter:

    重要举措 → measure    政策保障 → policy    保障措施/推进机制/组织实施 → safeguard
    发展目标/总体要求 → goal    布局 → layout    ——…工程 → project    otherwise → task
"""

from __future__ import annotations

from rdflib import Literal

from biopolicy.loaders.emit import count, zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, DCTERMS, RDF, concept, path_slug
from biopolicy.loaders.model import DocumentTree, Extraction, ExtractionContext, Family, Section, Task
from biopolicy.loaders.segment import block_labels

TASK_UNITS = {"section", "article", "item", "subitem", "dash", "paragraph", "row"}
# What may follow a heading cut off by the end of an excerpt: nothing, or a list comma.
CUT_TAIL = set(" \t\n、,，")
# Roles of block labels (block_labels.tsv) that name a part of the plan, not a measure.
STRUCTURAL_ROLES = {"heading", "goal", "path"}
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


def extract_tasks(tree: DocumentTree, label_roles: dict[str, str], work: str = "") -> list[Task]:
    """Tasks in document order; ``label_roles`` maps block labels to roles (segment.block_labels()).

    ``work``, the working text the tree was read from, lets a flat list of chapters be read as measures.
    """
    tasks: list[Task] = []
    measures = _flat_measures(tree, label_roles, work)

    def visit(unit: Section, ancestors: list[Section], parent_task: str | None) -> None:
        current = parent_task
        if (unit.kind in TASK_UNITS or unit in measures) and unit.span[1] > unit.span[0]:
            tasks.append(
                Task(
                    path=unit.path,
                    title=unit.title,
                    span=unit.span,
                    title_span=unit.title_span,
                    parent=parent_task,
                    kind="measure" if unit in measures else _kind(unit, ancestors, label_roles),
                    order=len(tasks) + 1,
                )
            )
            current = unit.path
        for child in unit.children:
            visit(child, [*ancestors, unit], current)

    for root in tree.sections:
        visit(root, [], None)
    return tasks


def _flat_measures(tree: DocumentTree, label_roles: dict[str, str], work: str) -> list[Section]:
    """The chapters that are measures: in a tree with no numbered unit below its chapters, those
    whose heading the text closes with 。 (a sentence), unless the heading is a structural label."""
    if not work or any(unit.kind in TASK_UNITS for unit in tree.walk()):
        return []
    return [
        unit
        for unit in tree.sections
        if unit.kind == "chapter"
        and unit.title_span
        and work[unit.title_span[1] : unit.title_span[1] + 1] == "。"
        and label_roles.get(unit.title) not in STRUCTURAL_ROLES
    ]


def _cut_heading(work: str, task: Task) -> bool:
    """A heading that runs to the end of the text with no closing punctuation: cut off by the excerpt."""
    if not task.title_span:
        return False
    return all(char in CUT_TAIL for char in work[task.title_span[1] :])


def _page_chrome_cue(work: str, task: Task) -> str | None:
    """The page-chrome cue word (task_filters.tsv) in a task's first sentence, if any."""
    first_sentence = work[task.span[0] : task.span[1]].split("。", 1)[0]
    return next((cue for cue in page_chrome_cues() if cue in first_sentence), None)


def page_chrome_cues() -> list[str]:
    return [row["cue"] for row in read_tsv("task_filters.tsv") if row["kind"] == "page-chrome"]


# ---------------------------------------------------------------------------------------------
# The tasks family


def extract_task_family(context: ExtractionContext) -> list[Task]:
    """The plan's tasks, without the units a cue turns down (each recorded for ``--explain``)."""
    work = context.text.work
    kept: list[Task] = []
    dropped: set[str] = set()
    for task in extract_tasks(context.tree, block_labels(), work):
        cue = _page_chrome_cue(work, task)
        if task.parent in dropped:
            reason = "inside a unit turned down"
        elif cue:
            reason = f"page-chrome cue {cue} (task_filters.tsv)"
        elif _cut_heading(work, task):
            reason = "heading cut off by the end of the excerpt (tasks.py CUT_TAIL)"
        else:
            kept.append(task)
            continue
        dropped.add(task.path)
        context.reject("tasks", task.title_span or task.span, reason)
    for order, task in enumerate(kept, 1):
        task.order = order
    return kept


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
        emitter.add(node, BP.order, count(task.order))
        emitter.cite(node, task.span)


FAMILY = Family(
    name="tasks",
    columns=("jurisdiction", "task", "path", "title"),
    extract=extract_task_family,
    rows=task_rows,
    emit=emit_tasks,
)
