"""Responsibilities: which agencies a unit of the plan names, and in which role.

Patterns of the genre:
    (责任单位:市科技局、市市场监管局、市发改委)                   → responsible, each agency
    (牵头单位:市科技局;配合单位:市工信局、市卫健委)              → lead; supporting
    (责任单位:坪山区政府,市发展改革委、市科技创新委)             → lists split on 、,;
    责任单位:市科技局、发改委、各区县(市)人民政府按照职责分工负责。 → the trailing duty phrase is dropped
    由市发展改革委牵头,市科技创新委、市卫生健康委与市市场监管局等参与 → lead; supporting
    由自治区工业和信息化厅牵头,会同自治区发展改革委、自治区科技厅等部门建立… → lead; supporting
    (市科技局牵头,市发展改革委、市卫生健康委配合)                 → lead; supporting (no label: the
                                                                   whole bracket is the clause)
    附件 重点任务分工表, written as lines of cells:
        序号  重点任务            责任单位              完成时限
        1     建设高水平研发平台  区科经委、张江集团    2026年底
                                                                 → responsible, for the task of the
                                                                   body whose title the row repeats

    (责任单位:自治区科技厅、自治区药监局,排在第一位的为牵头单位)   → the first lead, the others supporting
    市科技局(牵头),市卫健委、泰州医药高新区管委会 (a table cell)    → the marked one lead, the others supporting
    HTML task table (序号<tab>任务<tab>责任单位): each row is a task (segment.py); its cell applies to it
    (省科技厅牵头,省发展改革委、省工业和信息化厅配合)              → lead; supporting, in brackets or as a
    市科技局牵头,市财政局、市卫健委按职责分工负责。                   whole clause of a sentence; 配合推动实施,
                                                                   按职责分工落实 … close the second list
    责任部门和单位:…  (責任部門和單位 in traditional script)       → responsible
    …成为国家级创新平台。(市科委中关村管委会、昌平区政府)          → responsible (a bracket of bodies
                                                                   closing a sentence, no label)
    各区人民政府〈含开发区管委会,下同〉                             → one agency: a bracketed note is no name
    市工业和信息化局牵头起草                                       → no responsibility: a drafter (agencies.py)

Clause labels and their roles are data (``gazetteers/responsibility_labels.tsv``), and so are the cue
phrases of inline clauses (``gazetteers/responsibility_verbs.tsv``: 配合, duty phrases, drafting verbs). A clause applies
to the innermost task that contains it (``ExtractionContext.unit_at``); at plan level otherwise. A
table row applies to the task its task cell names, at plan level when it names none.
"""

from __future__ import annotations

import re
from functools import cache

from biopolicy.loaders.emit import zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import Extraction, ExtractionContext, Family, Responsibility

SEPARATORS = "、,;，；"
OPENING_BRACKETS, CLOSING_BRACKETS = "(〈[《", ")〉]》"
LED_BY = re.compile(r"由([^,。;由\n]{2,60}?)牵头")
PARTICIPATING = re.compile(r"牵头[,，]([^。;\n]{2,120}?)(?:等)?(?:部门|单位)?参与")
# 由X牵头,会同Y、Z等部门建立…: Y and Z work with the lead.
COOPERATING = re.compile(r"牵头[,，]?会同([^。;,，\n]{2,120}?)(?:等(?:有关|相关)?(?:部门|单位)|(?=[,，]))")
LEAD_WORD = re.compile(r"牵头(?!单位|部门|领导|市领导|省领导|区领导)")
# What may stand before the lead list of an X牵头 clause, and after the whole clause.
CLAUSE_OPENERS = "(。;!?\n,:"
CLAUSE_CLOSERS = ")。;!?\n"
MAX_LIST = 160
# An unlabelled bracket of bodies closing a sentence: …国家级创新平台。(市科委中关村管委会、昌平区政府)
BRACKET = re.compile(r"\(((?:[^()\n]|\([^()\n]*\))+)\)")
SENTENCE_ENDS = "。;!?"
# Cells of a table row written as text: separated by tabs or runs of blanks.
CELL_BREAK = re.compile(r"[ \t]+")
TASK_COLUMN = re.compile(r"任务|事项|内容|举措|措施|工作")
AGENCY_CHARS = re.compile(r"[\u4e00-\u9fff()]")
# 各区、县(市)人民政府 is one collective body: a 各… piece with no body suffix joins the next piece.
BODY_SUFFIX = re.compile(r"(政府|委员会|委|局|厅|办|办公室|会|管委|中心|集团|公司|院|所|部门|单位)$")
# A bracket closing a name is a note, not part of it: 〈含开发区管委会,下同〉, 〈管委会〉 after 人民政府.


@cache
def cue_phrases(role: str) -> tuple[str, ...]:
    """Cue phrases of ``role`` (supporting, duty, drafter) from responsibility_verbs.tsv, longest first."""
    rows = read_tsv("responsibility_verbs.tsv")
    return tuple(sorted((row["phrase"] for row in rows if row["role"] == role), key=len, reverse=True))


@cache
def duty_tail() -> re.Pattern[str]:
    """A duty phrase closing a list (按职责分工负责, 推动实施 …): dropped from the last name."""
    return re.compile("(?:" + "|".join(map(re.escape, cue_phrases("duty"))) + ")$")


# A note closing a list: the first-listed unit leads (排在第一位的为牵头单位, 列第一位者为牵头单位).
FIRST_LEADS = re.compile(
    r"^(?:排在|排|列在|列|位列|居)?(?:第一位|首位|第一个|第一)(?:的|者)?(?:单位|部门)?(?:为|是)牵头(?:单位|部门)"
)
# …其他为配合单位 / 其余为配合单位: the rest of such a note.
OTHERS_SUPPORT = re.compile(r"^其(?:他|余)(?:单位|部门)?(?:为|是)(?:配合|参与|协同)(?:单位|部门)")
LEAD_MARK = re.compile(r"\((?:牵头|牵头单位|牵头部门)\)$")
# The same note inside an unlabelled bracket, after its list: (省农业农村厅、省科技厅,各州、市人民政府负责。
# 排在第一位的为牵头单位,下同): the list ends before it.
LEAD_NOTE = re.compile(FIRST_LEADS.pattern.replace("^", "[。;,]\\s*", 1) + r"(?:[,;]\s*下同)?$")


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
    """Spans of the agency names in ``work[start:end]``, split on 、,; and a joining 与 outside brackets."""
    spans = []
    cursor = start
    depth = 0
    for index in range(start, end + 1):
        char = work[index] if index < end else ""
        if char and char in OPENING_BRACKETS:
            depth += 1
        elif char and char in CLOSING_BRACKETS:
            depth = max(0, depth - 1)
        elif index == end or (depth == 0 and (char in SEPARATORS or (char == "与" and index > cursor + 1))):
            spans.append(_trimmed(work, cursor, index))
            cursor = index + 1
    merged: list[tuple[int, int]] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if previous and work[previous[0]] == "各" and not BODY_SUFFIX.search(work[previous[0] : previous[1]]):
            merged[-1] = (previous[0], span[1])
        else:
            merged.append(span)
    labels = clause_labels()
    return [
        span for span in merged
        if span[1] - span[0] >= 2 and AGENCY_CHARS.match(work[span[0]]) and not _cut_in_a_bracket(work, span)
        and work[span[0] : span[1]] not in labels  # 牵头单位:…;责任单位 (cut): a label, no agency
        and not work.startswith(LIST_NOTES, span[0])  # (以下均需…落实,不再列出): a note on the list
        and not work.endswith(_person_titles(), span[0], span[1])  # X管委会主任: a person, not a body
    ]


# Words that open a note inside an agency list rather than a name: 以下均需各县(市、区)人民政府…落实,
# 不再列出 / 不再一一列举 / 下同.
LIST_NOTES = ("以下", "不再", "下同")


@cache
def _person_titles() -> tuple[str, ...]:
    """Official and corporate titles (person_roles.tsv kinds title, corporate-title): a list item ending
    in one names a person."""
    return tuple(row["word"] for row in read_tsv("person_roles.tsv") if row["kind"] in ("title", "corporate-title"))


def _cut_in_a_bracket(work: str, span: tuple[int, int]) -> bool:
    """A name whose bracket opens and never closes (责任单位:各市〔 at the end of an excerpt) is cut."""
    text = work[span[0] : span[1]]
    return text[-1] in "〔(（[【" or sum(text.count(c) for c in "〔(（[【") > sum(text.count(c) for c in "〕)）]】")


def _trimmed(work: str, start: int, end: int) -> tuple[int, int]:
    """A name without blanks around it, its closing duty phrase and a trailing bracketed note."""
    while start < end and work[start] in " \t":
        start += 1
    while end > start and work[end - 1] in " \t":
        end -= 1
    tail = duty_tail().search(work, start, end)
    if tail and tail.start() > start:
        end = tail.start()
    while end > start and work[end - 1] in "〕】" and work.count("〔", start, end) + work.count("【", start, end) == 0:
        end -= 1  # the close of a bracket the clause sits in (〔责任单位:…管委会〕)
    note = _trailing_note_start(work, start, end)
    if note is not None and "牵头" not in work[note:end] and BODY_SUFFIX.search(work, start, note):
        end = note
    return start, end


def _trailing_note_start(work: str, start: int, end: int) -> int | None:
    """Where a bracketed note closing ``work[start:end]`` opens, brackets inside it allowed
    (高新区管委会(以下责任单位均含有各县(市、区)人民政府,管委会…) → the note after 管委会)."""
    if end <= start or work[end - 1] not in ")〉":
        return None
    depth = 0
    for index in range(end - 1, start - 1, -1):
        depth += (work[index] in ")〉") - (work[index] in "(〈")
        if depth == 0:
            return index
    return None


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
        for span, item_role in with_roles(work, split_agencies(work, start, end), role):
            if span not in seen:
                seen.add(span)
                found.append(
                    Responsibility(context.unit_at(clause_start), work[span[0] : span[1]], item_role, span)
                )

    for clause_start, role, start, end in _labelled_clauses(work, clause_labels()):
        for part_role, part_start, part_end in role_parts(work, start, end, role):
            add(part_role, clause_start, part_start, part_end)
    for match in LED_BY.finditer(work):
        if _drafting_verb(work, match.end()):
            context.reject(
                "responsibilities",
                match.span(),
                "drafter: 由X牵头 before a drafting verb (responsibility_verbs.tsv)",
            )
            continue
        add("lead", match.start(), *match.span(1))
        participating = PARTICIPATING.match(work, match.end() - 2) or COOPERATING.match(work, match.end() - 2)
        if participating:
            add("supporting", match.start(), *participating.span(1))
    for clause_start, lead, supporting in _lead_clauses(context):
        add("lead", clause_start, *lead)
        if supporting:
            add("supporting", clause_start, *supporting)
    for match in BRACKET.finditer(work):
        start, end = match.span(1)
        note = LEAD_NOTE.search(work, start, end)
        if _closes_sentence(work, match.start()) and _is_body_list(work, (start, note.start() if note else end)):
            add("first-leads" if note else "responsible", match.start(), start, note.start() if note else end)
    for unit, role, start, end in _table_rows(context, clause_labels()):
        for span, item_role in with_roles(work, split_agencies(work, start, end), role):
            if span not in seen:
                seen.add(span)
                found.append(Responsibility(unit, work[span[0] : span[1]], item_role, span))
    return sorted(found, key=lambda item: item.span)


def role_parts(work: str, start: int, end: int, role: str) -> list[tuple[str, int, int]]:
    """The parts of a ``responsible`` list that name their own role: ``(role, start, end)``.

    责任单位:市发改委、市经信局牵头;市科技局、市卫健委等配合 → the part closed by 牵头 leads, the part
    closed by a supporting cue (responsibility_verbs.tsv) supports; the cue is part of no name. A list
    none of whose parts (split on ; and , outside brackets) ends in a cue keeps ``role`` whole.
    """
    if role != "responsible":
        return [(role, start, end)]
    parts, cursor, depth = [], start, 0
    for index in range(start, end + 1):
        char = work[index] if index < end else ";"
        depth += (char in OPENING_BRACKETS) - (char in CLOSING_BRACKETS and depth > 0)
        if depth == 0 and char in ";,；，":
            parts.append(_part_role(work, cursor, index))
            cursor = index + 1
    if all(part_role is None for part_role, _, _ in parts):
        return [(role, start, end)]
    return [(part_role or role, part_start, part_end) for part_role, part_start, part_end in parts]


def _part_role(work: str, start: int, end: int) -> tuple[str | None, int, int]:
    """``(lead|supporting|None, start, end)``: the role a list part's closing cue names, cue cut off."""
    part = work[start:end].rstrip()
    if part.endswith("牵头"):
        return "lead", start, start + len(part) - 2
    for cue in cue_phrases("supporting"):
        if part.endswith(cue):
            return "supporting", start, start + len(part) - len(cue)
    return None, start, end


def with_roles(work: str, spans: list[tuple[int, int]], role: str) -> list[tuple[tuple[int, int], str]]:
    """The role of each agency of a ``responsible`` list that designates its lead.

    A closing note 排在第一位的为牵头单位 makes the first agency the lead (so does ``role`` first-leads,
    for a list whose note was cut off before it); a marker 市科技局(牵头) makes that agency the lead.
    The others of the list are then supporting; the note is no agency.
    """
    notes = [
        span
        for span in spans
        if FIRST_LEADS.match(work[slice(*span)]) or OTHERS_SUPPORT.match(work[slice(*span)])
    ]
    first_leads = any(FIRST_LEADS.match(work[slice(*span)]) for span in notes)
    agencies = [span for span in spans if span not in notes]
    marked = []
    for index, (start, end) in enumerate(agencies):
        mark = LEAD_MARK.search(work, start, end)
        if mark and mark.end() == end:
            agencies[index] = (start, mark.start())
            marked.append(index)
    if role == "first-leads":  # the list's own note was cut off before it (LEAD_NOTE)
        role, first_leads = "responsible", True
    if role != "responsible" or not (first_leads or marked):
        return [(span, role) for span in agencies]
    leads = set(marked) or {0}
    return [(span, "lead" if index in leads else "supporting") for index, span in enumerate(agencies)]


def _lead_clauses(context: ExtractionContext):
    """``(clause start, lead span, supporting span or None)`` of every ``X牵头[,Y配合]`` clause.

    The clause is the whole of a bracket or of a sentence part: its lead list follows a bracket, a
    sentence end or a comma, every item of both lists names a body, and after 牵头 comes the end of
    the clause or a second list closed by a supporting cue (配合, 参与 …) or a duty phrase
    (按职责分工负责, 配合推动实施). ``由X牵头`` is read by LED_BY; ``X牵头起草`` names a drafter.
    """
    work = context.text.work
    for match in LEAD_WORD.finditer(work):
        start = _list_start(work, match.start())
        lead = (start, match.start())
        if start is None or "由" in work[start : match.start()] or not _all_bodies(work, lead):
            continue
        after = match.end()
        if _drafting_verb(work, after):
            context.reject(
                "responsibilities",
                (start, after),
                "drafter: 牵头 before a drafting verb (responsibility_verbs.tsv)",
            )
        elif after >= len(work) or work[after] in CLAUSE_CLOSERS:
            yield start, lead, None
        elif work[after] in ",;":
            supporting = _supporting_list(work, after + 1)
            if supporting:
                yield start, lead, supporting
            else:
                context.reject(
                    "responsibilities",
                    (start, after),
                    "牵头 clause whose second list names no bodies or has no supporting cue (responsibility_verbs.tsv)",
                )


def _list_start(work: str, end: int) -> int | None:
    """Start of the list before ``end``: after the nearest opening bracket, sentence end or comma."""
    depth = 0
    for index in range(end - 1, max(-1, end - MAX_LIST - 1), -1):
        char = work[index]
        if char == ")":
            depth += 1
        elif char == "(" and depth:
            depth -= 1
        elif char in CLAUSE_OPENERS:
            return index + 1 if index + 1 < end else None
    return 0 if end <= MAX_LIST else None


def _supporting_list(work: str, start: int) -> tuple[int, int] | None:
    """The list after ``X牵头,`` up to its supporting cue or duty phrase, when it ends the clause."""
    end = _clause_part_end(work, start)
    part = work[start:end]
    for cue in cue_phrases("supporting"):
        at = part.find(cue)
        if at > 0 and not duty_tail().sub("", part[at + len(cue) :]):
            span = (start, start + at)
            return span if _all_bodies(work, span) else None
    tail = duty_tail().search(part)
    if tail and tail.start() > 0 and _all_bodies(work, (start, start + tail.start())):
        return start, start + tail.start()
    return None


def _clause_part_end(work: str, start: int) -> int:
    """Where a clause part ends: a closing bracket of its level, a sentence end, ; or a line break."""
    depth = 0
    for index in range(start, min(len(work), start + MAX_LIST)):
        char = work[index]
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char in CLAUSE_CLOSERS:
            return index
    return min(len(work), start + MAX_LIST)


def _drafting_verb(work: str, at: int) -> bool:
    """Whether a drafting verb (起草, 制定 … in responsibility_verbs.tsv) follows ``at``."""
    return any(work.startswith(verb, at) for verb in cue_phrases("drafter"))


def _closes_sentence(work: str, at: int) -> bool:
    """Whether the bracket at ``at`` follows a sentence end (…平台。(市科委、昌平区政府))."""
    before = work[max(0, at - 4) : at].rstrip(" \t\u3000")
    return bool(before) and before[-1] in SENTENCE_ENDS


def _is_body_list(work: str, span: tuple[int, int]) -> bool:
    """A bracket that holds only bodies, without a label (labelled clauses are read before)."""
    inner = work[span[0] : span[1]]
    return ":" not in inner and "牵头" not in inner and _all_bodies(work, span)


def _all_bodies(work: str, span: tuple[int, int]) -> bool:
    """Every item of an unlabelled list names a body (…局, …委, …政府, …集团), not an actor in general."""
    items = split_agencies(work, *span)
    return bool(items) and all(BODY_SUFFIX.search(work[start:end]) for start, end in items)


def _cells(work: str, start: int, end: int) -> list[tuple[int, int]]:
    cells, cursor = [], start
    for gap in CELL_BREAK.finditer(work, start, end):
        if gap.start() > cursor:
            cells.append((cursor, gap.start()))
        cursor = gap.end()
    if end > cursor:
        cells.append((cursor, end))
    return cells


def _table_rows(context: ExtractionContext, labels: dict[str, str]):
    """``(unit, role, start, end)`` of the agency cell of every row of a task table (附件 分工表).

    The header row has a cell that is a clause label (责任单位, 牵头单位 …) and a cell naming the tasks
    (重点任务, 工作事项 …); the rows below it, up to the first line that is no row of as many cells, give
    the agencies of the task whose title their task cell repeats.
    """
    work = context.text.work
    lines, offset = [], 0
    for line in work.split("\n"):
        lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    titles = {_bare(task.title): task.path for task in context.tasks if task.title}
    index = 0
    while index < len(lines):
        header = [work[a:b] for a, b in _cells(work, *lines[index])]
        agency_column = next((i for i, cell in enumerate(header) if cell in labels), None)
        task_column = next(
            (i for i, cell in enumerate(header) if TASK_COLUMN.search(cell) and cell not in labels), None
        )
        index += 1
        if agency_column is None or task_column is None or len(header) < 3:
            continue
        while index < len(lines):
            row = _cells(work, *lines[index])
            if len(row) < len(header) - 1 or len(row) <= max(agency_column, task_column):
                break
            cell = work[slice(*row[task_column])]
            unit = titles.get(_bare(cell)) or titles.get(_bare(re.split(r"[。:;]", cell)[0]))
            yield unit, labels[header[agency_column]], *row[agency_column]
            index += 1


def _bare(title: str) -> str:
    return title.strip(" 。;:,")


# ---------------------------------------------------------------------------------------------
# The responsibilities family


def responsibility_rows(extraction: Extraction) -> list[dict]:
    return [
        {
            "taskTitle": extraction.task_title(item.unit),
            "agency": item.agency,
            "canonical": extraction.agency(item.agency).name,
            "role": item.role,
        }
        for item in extraction.responsibilities
    ]


def emit_responsibilities(emitter, responsibilities: list[Responsibility]) -> None:
    """Each responsibility on its task, with the shortcut ``bp:taskTitle`` when the task has a title."""
    titles = {task.path: task.title for task in emitter.extraction.facts.get("tasks", []) if task.title}
    for item in responsibilities:
        node = emitter.fact("responsibility", item.span, item.unit, BP.hasResponsibility, BP.Responsibility)
        if item.unit in titles and item.unit in emitter.task_iris:
            emitter.add(node, BP.taskTitle, zh(titles[item.unit]))
        emitter.add(node, BP.agency, emitter.agency_node(item.agency))
        emitter.add(node, BP.role, concept("role", item.role))
        emitter.add(node, BP.agencyAsWritten, zh(item.agency))


FAMILY = Family(
    name="responsibilities",
    columns=("jurisdiction", "taskTitle", "agency", "canonical", "role"),
    extract=extract_responsibilities,
    rows=responsibility_rows,
    emit=emit_responsibilities,
)
