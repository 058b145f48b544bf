"""Persons: the officials a plan names as leading a unit, with their role.

A labelled clause (labels and their role keys: ``gazetteers/person_roles.tsv``) names one or more
leaders, by name, by name and title, or by office only:

    牵头领导:李志勇                  → 李志勇, role lead-leader, note 牵头领导
    牵头领导:张三(副市长)            → 张三, note 副市长
    责任领导:王五副市长、赵六         → 王五 (note 副市长), 赵六
    牵头市领导:市政府分管副市长       → 市政府分管副市长 (an office, no name: the phrase is the name and the note)

The label is read at the start of a line or inside a bracket (…(牵头领导:张三)); the list runs to the
end of the line, a 。, a closing bracket or the next label. A person leads the unit the clause sits in
(``ExtractionContext.unit_at``): a Shenyang 牵头领导 line leads its 工程.
"""

from __future__ import annotations

import re
from functools import cache

from biopolicy.loaders.emit import zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, FOAF, RDF
from biopolicy.loaders.model import ExtractionContext, Family, NamedEntity

SEPARATORS = "、,;，；"
BLANKS = " \t\u3000"


@cache
def _roles() -> dict[str, dict[str, str]]:
    """Rows of person_roles.tsv by kind: {kind: {word: role}}."""
    table: dict[str, dict[str, str]] = {}
    for row in read_tsv("person_roles.tsv"):
        table.setdefault(row["kind"], {})[row["word"]] = row.get("role", "")
    return table


@cache
def _label_pattern() -> re.Pattern[str]:
    labels = sorted(_roles()["label"], key=len, reverse=True)
    return re.compile(
        rf"(?:^|(?<=[\n(（;；]))[{BLANKS}]*({'|'.join(map(re.escape, labels))})[:：][{BLANKS}]*"
    )


def extract_persons(context: ExtractionContext) -> list[NamedEntity]:
    """Every named leader (or leading office) of the plan, in document order."""
    work = context.text.work
    persons = []
    for match in _label_pattern().finditer(work):
        label = match.group(1)
        role = _roles()["label"][label]
        for start, end in _list_items(work, match.end()):
            persons.append(_person(context, work, start, end, label, role))
    return [person for person in persons if person is not None]


def _list_items(work: str, start: int) -> list[tuple[int, int]]:
    """Spans of the items of the leader list that starts at ``start``."""
    end, depth = start, 0
    while end < len(work) and work[end] not in "\n。" and not _label_pattern().match(work, end):
        if work[end] in "(（":
            depth += 1
        elif work[end] in ")）":
            if depth == 0:
                break  # the bracket the label was written in: …(牵头领导:孙七)
            depth -= 1
        end += 1
    items, cursor = [], start
    for index in range(start, end + 1):
        if index == end or work[index] in SEPARATORS:
            item_start, item_end = cursor, index
            while item_start < item_end and work[item_start] in BLANKS:
                item_start += 1
            while item_end > item_start and work[item_end - 1] in BLANKS:
                item_end -= 1
            if item_end > item_start:
                items.append((item_start, item_end))
            cursor = index + 1
    return items


def _person(
    context: ExtractionContext, work: str, start: int, end: int, label: str, role: str
) -> NamedEntity | None:
    """One list item: a name with an optional title (bracketed or after it), or an office alone."""
    item = work[start:end]
    bracket = re.fullmatch(r"(.+?)[(（](.+?)[)）]", item)
    if bracket:
        name = bracket.group(1).strip(BLANKS)
        return NamedEntity(context.unit_at(start), name, (start, start + len(name)), role, bracket.group(2))
    title = next((t for t in sorted(_roles()["title"], key=len, reverse=True) if item.endswith(t)), None)
    if title:
        before = item[: -len(title)]
        if not before or any(word in before for word in _roles()["office"]):
            return NamedEntity(context.unit_at(start), item, (start, end), role, item)
        return NamedEntity(context.unit_at(start), before, (start, start + len(before)), role, title)
    if not re.fullmatch(r"[\u3400-\u9fff·]{2,6}", item):
        return None  # not a name: a sentence or a note that happens to follow the label
    return NamedEntity(context.unit_at(start), item, (start, end), role, label)


def emit_persons(emitter, persons: list[NamedEntity]) -> None:
    for person in persons:
        node = emitter.entity("person", person.name)
        emitter.add(node, RDF.type, BP.Person)
        emitter.add(node, FOAF.name, zh(person.name))
        if person.unit:
            emitter.add(node, BP.leads, emitter.unit(person.unit))
        emitter.add(emitter.unit(person.unit), BP.mentions, node)
        emitter.cite(node, person.span)


FAMILY = Family(
    name="persons",
    columns=(),
    extract=extract_persons,
    rows=lambda extraction: [
        {"person": person.name, "taskTitle": extraction.task_title(person.unit)} for person in extraction.persons
    ],
    emit=emit_persons,
    scored=False,
)
