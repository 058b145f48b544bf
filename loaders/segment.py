"""Segment a plan's working text into its document tree, every unit with its character span.

Plans of the genre number their units in a few conventional ways, matched at the start of a
line (patterns in ``gazetteers/headings.tsv``, labelled blocks in ``gazetteers/block_labels.tsv``):

    一、主要任务                      chapter   (level 1; also 第一章)
    (一)创新药物发展工程              section   (level 2; full-width brackets are normalised before)
    工作目标:到2025年,…               label     (level 3; labelled block inside a section)
    责任单位:市科技局、…               label     (a clause line: level 3 after the items of a labelled
                                                 block, else nested in the unit above it)
    第一条 适用范围…                  article   (level 3; the numbered articles of 办法/若干措施, holding items 1. 2.)
    1、开展核心技术攻关。…            item      (level 4; also 1.)
    (1)…                              subitem   (level 5)
    ——实施生物药提质升级工程。…      dash      (level 4)
    重点任务                          heading   (level 1; an unnumbered chapter heading on its own line)
    创新药物攻坚:聚焦抗体药物…。       paragraph (level 4; only in a plan with no numbered unit at all)
    3<tab>提升临床试验能力。…<tab>市卫健委  row       (level 4; a numbered row of a task table whose cells are
                                                 tab-separated, as read from HTML: 序号/任务/责任单位)

Layout does not decide: a unit marker inside a line, after a sentence end (。;:) or a blank, starts a
unit too (``三、主要任务 (一)加强资源保护。 1.建设种质资源圃。…`` is a chapter, a section and an item),
when its number continues the numbering of its kind (or starts it at 1), so that an inline ``（1）…
（2）…`` list is two units and a ``2.`` in running prose after a ``1.`` elsewhere is none. A heading
ends at the first 。, colon or blank (``一、总体要求 以习近平…`` is titled 总体要求).

A unit runs from its line to the next unit of the same or a higher level. Numbering may be
inconsistent or missing. A plan that numbers nothing may still label its paragraphs: under an
unnumbered chapter heading (重点任务, 保障措施), a line that opens with a short label and a colon
and goes on with a sentence is a unit of its own, path ``<heading>.<n>``; labels of page chrome
(来源:, 附件:) and the labelled blocks above are not. A document with neither is one preamble,
and the extractors still work on it at plan level.

A task table (a header row with a 序号 cell and a 任务/事项/举措 cell, then rows numbered 1, 2, …)
gives one unit per row, path ``<chapter>.<序号>``, title its task cell up to the first 。. A row
that restates a numbered unit of the body (an annex 分工表) is no unit of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.model import DocumentTree, Section
from biopolicy.loaders.numerals import parse_numeral

LEVELS = {
    "chapter": 1, "heading": 1, "section": 2, "article": 3, "label": 4, "item": 5, "dash": 5, "paragraph": 5, "row": 5,
    "subitem": 6,
}  # fmt: skip
NUMBERED = {"section", "article", "item", "dash", "subitem", "row"}
# Where a unit marker may start inside a line: after a sentence end, a colon, a closing bracket or a blank.
INLINE_BOUNDARY = re.compile(r"[。;!?:)]\s*|[ \u3000]+")
INLINE_KINDS = {"chapter", "section", "article", "item", "subitem"}
MARKER_WINDOW = 16  # characters enough to read any unit marker
# A task table read from HTML: cells separated by tabs, a 序号 column and a column of tasks.
TABLE_NUMBER_CELL = re.compile(r"^(?:序号|编号|序)$")
TABLE_TASK_CELL = re.compile(r"任务|事项|举措|措施|工作内容")
TABLE_ROW_NUMBER = re.compile(r"^\d{1,3}$")
# A clause line (责任单位:…, 牵头领导:…) closes the items of a labelled block (政策保障: 1、… 2、…) and then
# applies to the section around them; with no labelled block open it is part of the unit above it.
CLAUSE_ROLES = {"responsibility", "leader"}
CLAUSE_LEVEL = LEVELS["subitem"] + 1
LABELLED_PARAGRAPH = re.compile(r"([\u4e00-\u9fff“”]{2,12}):(?=[^:\n]*。)")
NOT_PARAGRAPH_LABELS = (
    "附件",
    "抄送",
    "来源",
    "联系人",
    "联系电话",
    "电话",
    "编辑",
    "责任编辑",
    "审核",
    "主题词",
)
TITLE_END = re.compile(r"[。:;!?]")
# A blank after two characters or more ends a heading that runs on into its body (总体要求 以习近平…);
# a blank inside a short heading (总 则) does not.
TITLE_BLANK = re.compile(r"(?<=\S{2})[ \u3000]+(?=\S)")
# 第二条【支持全球顶尖项目】对…: a heading in lenticular brackets right after the number is the title.
BRACKETED_TITLE = re.compile(r"【([^【】。]{2,40})】")
TRAILING_PUNCTUATION = " \t,,、。:;"
MAX_STANDALONE_HEADING = 12
# A label standing alone on its line (no colon) heads a chapter when it names a part of the plan.
STANDALONE_HEADING_ROLES = {"heading", "goal", "path"}


@dataclass(frozen=True)
class HeadingPattern:
    regex: re.Pattern[str]
    kind: str


def heading_patterns() -> list[HeadingPattern]:
    return [HeadingPattern(re.compile(row["pattern"]), row["kind"]) for row in read_tsv("headings.tsv")]


def block_labels() -> dict[str, str]:
    return {row["label"]: row["role"] for row in read_tsv("block_labels.tsv")}


@dataclass
class _Line:
    start: int  # offset of the first non-blank character
    end: int  # offset of the line end (exclusive, before "\n")
    text: str  # the line without leading blanks


def _lines(work: str, patterns: list[HeadingPattern]) -> list[_Line]:
    """The lines of ``work``, a line cut where a unit marker starts inside it (see ``_inline_cuts``)."""
    lines = []
    offset = 0
    numbering: dict[int, int] = {}
    for raw in work.split("\n"):
        stripped = raw.lstrip(" \t\u3000\ufeff")
        lead = len(raw) - len(stripped)
        text = stripped.rstrip()
        if text:
            cuts = _inline_cuts(text, patterns, numbering)
            for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True):
                piece = text[start:end].rstrip()
                lines.append(_Line(offset + lead + start, offset + lead + start + len(piece), piece))
        offset += len(raw) + 1
    return lines


def _inline_cuts(text: str, patterns: list[HeadingPattern], numbering: dict[int, int]) -> list[int]:
    """Offsets in a line where units start: 0, and every inline marker that continues its numbering.

    ``numbering`` holds the last number read per marker pattern, across lines. A table row (cells
    separated by tabs) is never cut.
    """
    cuts = [0]
    first = _marker(text, patterns)
    if first:
        numbering[first[0]] = first[1]
    if "\t" in text:
        return cuts
    for boundary in INLINE_BOUNDARY.finditer(text):
        at = boundary.end()
        if at == 0 or at >= len(text):
            continue
        marker = _marker(text[at : at + MARKER_WINDOW], patterns)
        if marker and (marker[1] == 1 or numbering.get(marker[0]) == marker[1] - 1):
            numbering[marker[0]] = marker[1]
            cuts.append(at)
    return cuts


def _marker(text: str, patterns: list[HeadingPattern]) -> tuple[int, int] | None:
    """``(pattern index, number)`` of the numbered unit marker ``text`` opens with, if any."""
    for index, pattern in enumerate(patterns):
        match = pattern.regex.match(text)
        if match:
            if pattern.kind not in INLINE_KINDS or not match.groups():
                return None
            try:
                return index, int(parse_numeral(match.group(1)))
            except ValueError:
                return None
    return None


def classify_line(
    line: str, patterns: list[HeadingPattern], labels: dict[str, str], paragraphs: bool = False
):
    """Return ``(kind, number, marker_length, label)`` for a heading line, or None for body text.

    ``paragraphs``: also read labelled paragraphs (创新药物攻坚:…。), for a plan that numbers nothing.
    """
    for pattern in patterns:
        match = pattern.regex.match(line)
        if match:
            number = match.group(1) if match.groups() else ""
            return pattern.kind, number, match.end(), None
    for label in sorted(labels, key=len, reverse=True):
        if not line.startswith(label):
            continue
        rest = line[len(label) :]
        if rest[:1] in (":", ":"):
            return "label", "", len(label) + 1, label
        if not rest.strip(TRAILING_PUNCTUATION) and len(line) <= MAX_STANDALONE_HEADING:
            kind = "heading" if labels[label] in STANDALONE_HEADING_ROLES else "label"
            return kind, "", len(line), label
    if paragraphs:
        match = LABELLED_PARAGRAPH.match(line)
        if match and match.group(1) not in labels and not match.group(1).endswith(NOT_PARAGRAPH_LABELS):
            return "paragraph", "", match.end(), match.group(1)
    return None


def _title(line: _Line, marker_length: int) -> tuple[str, tuple[int, int] | None]:
    """The heading of a numbered unit: the text after its number, up to the first 。 or colon, or the
    words in 【】 when the text after the number opens with them."""
    body = line.text[marker_length:]
    lead = len(body) - len(body.lstrip())
    body = body.lstrip()
    bracketed = BRACKETED_TITLE.match(body)
    if bracketed:
        start = line.start + marker_length + lead + 1
        return bracketed.group(1), (start, start + len(bracketed.group(1)))
    stops = [found.start() for found in (TITLE_END.search(body), TITLE_BLANK.search(body)) if found]
    title = body[: min(stops)] if stops else body
    title = title.rstrip(TRAILING_PUNCTUATION)
    if not title:
        return "", None
    start = line.start + marker_length + lead
    return title, (start, start + len(title))


def _path_part(kind: str, number: str, label: str | None, title: str, dash_index: int) -> str:
    if kind == "chapter":
        return number
    if kind == "heading":
        return title
    if kind == "section":
        return f"({number})"
    if kind == "label":
        return label or title
    if kind == "dash":
        return f"—{dash_index}"
    if kind == "paragraph":
        return str(dash_index)
    if kind == "subitem":
        return f"({number})" if number else f"({dash_index})"
    if kind == "article":
        return f"第{number}条"
    return number


def segment(work: str) -> DocumentTree:
    """Build the document tree of a working text."""
    tree = _segment(work, paragraphs=False)
    if any(unit.kind in NUMBERED for unit in tree.walk()):
        return tree
    return _segment(work, paragraphs=True)


def _segment(work: str, paragraphs: bool) -> DocumentTree:
    patterns = heading_patterns()
    labels = block_labels()
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    dash_counts: dict[int, int] = {}
    first_unit_start = None

    def close_until(level: int, at: int) -> None:
        while stack and stack[-1][0] >= level:
            _, unit = stack.pop()
            unit.span = (unit.span[0], max(unit.span[0], at))

    lines = _lines(work, patterns)
    task_column: int | None = None  # the task cell of the rows of an open task table
    for line in lines:
        cells = line.text.split("\t")
        header = _table_task_column(cells)
        if header is not None:
            task_column = header
            continue
        row = (
            task_column is not None and len(cells) > task_column and TABLE_ROW_NUMBER.match(cells[0].strip())
        )
        if not row:
            task_column = None
        if row:
            marker_length = len("\t".join(cells[:task_column])) + 1
            kind, number, label = "row", cells[0].strip(), None
            found = kind, number, marker_length, label
        else:
            found = classify_line(line.text, patterns, labels, paragraphs)
        if not found:
            continue
        kind, number, marker_length, label = found
        if kind == "paragraph" and not (stack and stack[0][1].kind in ("heading", "chapter")):
            continue  # a labelled line before any chapter heading: a preamble line (发布时间:…)
        level = LEVELS[kind]
        if (
            kind == "label"
            and labels.get(label or "") in CLAUSE_ROLES
            and not any(u.kind == "label" for _, u in stack)
        ):
            level = (
                CLAUSE_LEVEL  # 1.做强创新药。… / 责任单位:… : the clause line belongs to the item above it
            )
        close_until(level, _end_before(work, line.start))
        parent = stack[-1][1] if stack else None
        siblings = parent.children if parent else roots
        dash_counts_key = id(parent)
        dash_index = 0
        if kind in ("dash", "subitem", "paragraph"):
            dash_index = dash_counts.get(dash_counts_key, 0) + 1
            dash_counts[dash_counts_key] = dash_index
        if kind in ("label", "paragraph"):
            title, title_span = label or "", (line.start, line.start + len(label or ""))
        elif kind == "heading":
            title, title_span = line.text.rstrip(TRAILING_PUNCTUATION), (line.start, line.end)
        elif kind == "row":
            cell = line.text[marker_length:].split("\t")[0]
            stop = TITLE_END.search(cell)
            title = (cell[: stop.start()] if stop else cell).rstrip(TRAILING_PUNCTUATION)
            title_span = (line.start + marker_length, line.start + marker_length + len(title))
        else:
            title, title_span = _title(line, marker_length)
        part = _path_part(kind, number, label, title, dash_index)
        path = f"{parent.path}.{part}" if parent else part
        unit = Section(
            kind=kind,
            number=number,
            path=path,
            title=title,
            span=(line.start, line.end),
            title_span=title_span,
            label=label,
        )
        siblings.append(unit)
        stack.append((level, unit))
        if first_unit_start is None:
            first_unit_start = line.start
    close_until(0, len(work.rstrip()))
    _drop_restated_rows(roots)
    preamble_end = first_unit_start if first_unit_start is not None else len(work)
    title_span = lines[0] and (lines[0].start, lines[0].end) if lines else None
    return DocumentTree(title_span=title_span, preamble=(0, preamble_end), sections=roots)


def _table_task_column(cells: list[str]) -> int | None:
    """The task column of a task table's header row (序号, 任务, 责任单位, …), None for any other line."""
    if len(cells) < 3 or not TABLE_NUMBER_CELL.match(cells[0].strip()):
        return None
    return next((index for index, cell in enumerate(cells) if TABLE_TASK_CELL.search(cell)), None)


def _drop_restated_rows(roots: list[Section]) -> None:
    """Rows of an annex table that repeat a numbered unit of the body are the body's units, not new ones."""

    def walk(units):
        for unit in units:
            yield unit
            yield from walk(unit.children)

    body_titles = {unit.title for unit in walk(roots) if unit.kind != "row"}
    for unit in list(walk(roots)):
        unit.children = [
            child for child in unit.children if not (child.kind == "row" and child.title in body_titles)
        ]
    roots[:] = [unit for unit in roots if not (unit.kind == "row" and unit.title in body_titles)]


def _end_before(work: str, offset: int) -> int:
    """End of the text before ``offset``, trailing blanks and line breaks excluded."""
    end = offset
    while end > 0 and work[end - 1] in " \t\n\r\u3000":
        end -= 1
    return end
