"""Responsibilities: which agencies a unit of the plan names, and in which role.

Patterns of the genre:
    (责任单位:市科技局、市市场监管局、市发改委)                   → responsible, each agency
    (牵头单位:市科技局;配合单位:市工信局、市卫健委)              → lead; supporting
    (责任单位:坪山区政府,市发展改革委、市科技创新委)             → lists split on 、,;
    责任单位:市科技局、发改委、各区县(市)人民政府按照职责分工负责。 → the trailing duty phrase is dropped
    由市发展改革委牵头,市科技创新委、市卫生健康委与市市场监管局等参与 → lead; supporting

Clause labels and their roles are data (``gazetteers/responsibility_labels.tsv``). A clause applies
to the innermost task that contains it (``ExtractionContext.unit_at``); at plan level otherwise.
"""

from __future__ import annotations

import re

from loaders.gazetteer import read_tsv
from loaders.model import ExtractionContext, Responsibility

SEPARATORS = "、,;，；"
DUTY_TAIL = re.compile(r"(按照职责分工负责|按职责分工负责|按职责负责|分别负责|共同负责|负责|等部门|等单位|等)$")
LED_BY = re.compile(r"由([^,。;由\n]{2,60}?)牵头")
PARTICIPATING = re.compile(r"牵头[,，]([^。;\n]{2,120}?)(?:等)?(?:部门|单位)?参与")
AGENCY_CHARS = re.compile(r"[\u4e00-\u9fff()]")
# 各区、县(市)人民政府 is one collective body: a 各… piece with no body suffix joins the next piece.
BODY_SUFFIX = re.compile(r"(政府|委员会|委|局|厅|办|办公室|会|中心|集团|公司|院|所|部门|单位)$")


def clause_labels() -> dict[str, str]:
    return {row["label"]: row["role"] for row in read_tsv("responsibility_labels.tsv")}


def _clause_end(work: str, start: int) -> int:
    """Where a clause's list ends: a line break, 。, the next label, or an unbalanced closing bracket."""
    depth = 0
    for index in range(start, len(work)):
        char = work[index]
        if char in "\n。":
            return index
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
    return len(work)


def split_agencies(work: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the agency names in ``work[start:end]``, split on 、,; and a joining 与."""
    spans = []
    cursor = start
    for index in range(start, end + 1):
        if index == end or work[index] in SEPARATORS or (work[index] == "与" and index > cursor + 1):
            spans.append(_trimmed(work, cursor, index))
            cursor = index + 1
    merged: list[tuple[int, int]] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if previous and work[previous[0]] == "各" and not BODY_SUFFIX.search(work[previous[0] : previous[1]]):
            merged[-1] = (previous[0], span[1])
        else:
            merged.append(span)
    return [span for span in merged if span[1] - span[0] >= 2 and AGENCY_CHARS.match(work[span[0]])]


def _trimmed(work: str, start: int, end: int) -> tuple[int, int]:
    while start < end and work[start] in " \t":
        start += 1
    while end > start and work[end - 1] in " \t":
        end -= 1
    tail = DUTY_TAIL.search(work[start:end])
    if tail and tail.start() > 0:
        end = start + tail.start()
    return start, end


def _labelled_clauses(work: str, labels: dict[str, str]):
    alternatives = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
    pattern = re.compile(rf"({alternatives})\s*:\s*")
    for match in pattern.finditer(work):
        role = labels[match.group(1)]
        list_end = _clause_end(work, match.end())
        # A second label inside the same brackets ends this list (牵头单位:X;配合单位:Y).
        following = pattern.search(work, match.end(), list_end)
        if following:
            list_end = following.start()
        yield match.start(), role, match.end(), list_end


def extract_responsibilities(context: ExtractionContext) -> list[Responsibility]:
    work = context.text.work
    found: list[Responsibility] = []
    seen: set[tuple[int, int]] = set()

    def add(role: str, clause_start: int, start: int, end: int) -> None:
        for span in split_agencies(work, start, end):
            if span not in seen:
                seen.add(span)
                found.append(Responsibility(context.unit_at(clause_start), work[span[0] : span[1]], role, span))

    for clause_start, role, start, end in _labelled_clauses(work, clause_labels()):
        add(role, clause_start, start, end)
    for match in LED_BY.finditer(work):
        add("lead", match.start(), *match.span(1))
        participating = PARTICIPATING.match(work, match.end() - 2)
        if participating:
            add("supporting", match.start(), *participating.span(1))
    return sorted(found, key=lambda item: item.span)
