"""Plan metadata: title, document kind, jurisdiction, issuer, document number, issue date, period.

Patterns of the genre, with examples:
- title: the first 《…》 near the top whose text ends with a document kind
  (《厦门市做强做大生物医药产业三年行动计划(2020-2022)》); an interpretation headline
  (解读《…》) is the title of an interpretation; else a short heading line ending with a kind
  (深圳市生物医药产业集聚发展实施方案(2020—2025年)). Kinds: ``gazetteers/document_kinds.tsv``.
- jurisdiction: the most specific division named in the title or issuer; else inferred from the
  body: self-references (我省/全省/省委 vs 我市/全市/市委) give the level, and province
  abbreviations in context (来鄂发展, 鄂产中药) and the cities named vote for the division.
- issuer: a body named before 关于印发/印发《 (厦门市人民政府办公厅关于印发…), or a signature line
  followed by a date line. Endings in ``gazetteers/issuer_suffixes.tsv``.
- document number: 厦府办〔2020〕57号 (also [2020], 【2020】).
- issue date: the date line under the signature (2020年6月3日, 二〇二〇年六月三日).
- period: a year range in the title ((2020-2022), (2020—2025年)); else N年 in the title counted
  from the issue date; else the latest goal or 执行期限 year as the end, the issue year (if
  known) as the start. A start year is never guessed from the end year.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.emit import year, zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import (
    DocumentTree,
    Extraction,
    ExtractionContext,
    Family,
    Jurisdiction,
    PlanMetadata,
    Span,
)
from biopolicy.loaders.numerals import parse_numeral

BOOK_TITLE = re.compile(r"《([^《》\n]{4,80})》")
TRAILING_PERIOD = re.compile(r"\s*\([^()]*\)\s*$")
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~至到]{1,2}\s*((?:19|20)\d{2})\s*年?")
GOAL_YEAR = re.compile(r"(?:到|至|截至|截止到|力争到)\s*((?:19|20)\d{2})\s*年")
TERM_END = re.compile(r"(?:执行期限|有效期|实施期限)[^。\n]{0,40}?(?:至|到)\s*((?:19|20)\d{2})\s*年")
PLAN_YEARS = re.compile(r"([一二三四五六七八九十两])年(?:行动|突破|攻坚|实施|发展|倍增)")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【(]\s*((?:19|20)\d{2})\s*[〕\]】)]\s*\d{1,4}\s*号")
ARABIC_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CHINESE_DATE = re.compile(r"^([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
SELF_REFERENCE = {
    "province": re.compile(r"我省|全省|省委|省政府|省人民政府|本省"),
    "city": re.compile(r"我市|全市|市委|市政府|市人民政府|本市"),
}
ABBREVIATION_CONTEXT = r"(?:来|在|赴|入|驻|留|落户)({abbr})(?:发展|设立|建立|落户|生产|投资|创业|工作)|({abbr})(?:产|企)"
INTERPRETATION = "解读"
HEAD_SHARE = 3  # the title and issuer sit in the first third of the text (at least HEAD_MINIMUM chars)
HEAD_MINIMUM = 2500


def document_kinds() -> list[tuple[str, str]]:
    rows = [(row["suffix"], row["kind"]) for row in read_tsv("document_kinds.tsv")]
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


def kind_of_title(title: str) -> str | None:
    """Document-kind key from how a title ends, ignoring a trailing (2020-2022) period."""
    bare = TRAILING_PERIOD.sub("", title).rstrip("年 ")
    for suffix, kind in document_kinds():
        if bare.endswith(suffix):
            return kind
    return None


def _lines(work: str, limit: int) -> list[tuple[int, str]]:
    lines, offset = [], 0
    for raw in work[:limit].split("\n"):
        stripped = raw.strip()
        if stripped:
            lines.append((offset + raw.index(stripped[0]), stripped))
        offset += len(raw) + 1
    return lines


def find_title(work: str) -> tuple[str, Span] | None:
    head = work[: max(HEAD_MINIMUM, len(work) // HEAD_SHARE)]
    lines = _lines(work, len(head))
    if lines:
        start, first = lines[0]
        quoted = BOOK_TITLE.search(first)
        if INTERPRETATION in first and quoted:
            return quoted.group(1), (start + quoted.start(1), start + quoted.end(1))
    for match in BOOK_TITLE.finditer(head):
        if kind_of_title(match.group(1)):
            return match.group(1), match.span(1)
    for start, line in lines[:15]:
        if len(line) <= 60 and not line.endswith("。") and kind_of_title(line):
            return line, (start, start + len(line))
    return None


def _interpretation_headline(work: str) -> Span | None:
    """An interpretation article's headline (解读《…》): the document is about a plan, not the plan."""
    lines = _lines(work, HEAD_MINIMUM)
    if lines and INTERPRETATION in lines[0][1] and BOOK_TITLE.search(lines[0][1]):
        start = lines[0][0] + lines[0][1].index(INTERPRETATION)
        return start, start + len(INTERPRETATION)
    return None


def find_self_named_kind(work: str) -> tuple[str, Span] | None:
    """本实施意见 / 本行动计划: how a document with no title calls itself."""
    for suffix, kind in document_kinds():
        match = re.search("本" + re.escape(suffix), work)
        if match:
            return kind, match.span()
    return None


def _most_specific(mentions: list[tuple[int, int, str]], offset: int = 0) -> tuple[Jurisdiction, Span] | None:
    """The most specific division a title or issuer names: a district or county (浦东新区促进…实施方案)
    when its name is unique in the country or lies within a province or city named beside it."""
    best = None
    rank = {"province": 0, "city": 1, "county": 2}
    divisions = [(jurisdictions.by_name(name), name, start, end) for start, end, name in mentions]
    higher = [division for division, _, _, _ in divisions if division and division.level != "county"]
    for division, name, start, end in divisions:
        if division is not None and division.level == "county":
            division = _county(name, higher)
        if division is None:
            continue
        if best is None or rank[division.level] > rank[best[0].level]:
            best = (division, (offset + start, offset + end))
    return best


def _county(name: str, higher: list[Jurisdiction]) -> Jurisdiction | None:
    """The county-level division called ``name``: the one within a named higher division, else the only one."""
    named = [division for division in jurisdictions.all_divisions().values() if division.name == name]
    within = [division for division in named if any(jurisdictions.is_within(division, up) for up in higher)]
    if len(within) == 1:
        return within[0]
    return named[0] if len(named) == 1 and not higher else None


def infer_jurisdiction(work: str) -> tuple[Jurisdiction, Span] | None:
    """Infer the plan's division from a body that may never name it (我省…, 鄂, the cities it names)."""
    counts = {level: len(pattern.findall(work)) for level, pattern in SELF_REFERENCE.items()}
    level = "province" if counts["province"] > counts["city"] else "city"
    votes: Counter[str] = Counter()
    first_span: dict[str, Span] = {}
    for start, end, name in jurisdictions.find_mentions(work):
        division = jurisdictions.by_name(name)
        if division is None or division.level == "county":
            continue
        key = division.code if level == "city" else jurisdictions.province_of(division).code
        votes[key] += 1
        first_span.setdefault(key, (start, end))
    abbreviations = jurisdictions.province_abbreviations()
    abbreviation_span: dict[str, Span] = {}
    pattern = ABBREVIATION_CONTEXT.format(abbr="|".join(map(re.escape, abbreviations)))
    for match in re.finditer(pattern, work):
        group = 1 if match.group(1) else 2
        province = abbreviations[match.group(group)]
        if level == "province":
            votes[province.code] += 2
            abbreviation_span.setdefault(province.code, match.span(group))
    if not votes:
        return None
    code, _ = votes.most_common(1)[0]
    division = jurisdictions.by_code(code)
    if division is None or (level == "city" and division.level != "city"):
        return None
    return division, abbreviation_span.get(code) or first_span[code]


def find_issuer(work: str) -> tuple[str, Span] | None:
    head = work[: max(HEAD_MINIMUM, len(work) // HEAD_SHARE)]
    suffixes = "|".join(sorted((re.escape(r["suffix"]) for r in read_tsv("issuer_suffixes.tsv")), key=len, reverse=True))
    before_issuing = re.compile(rf"([\u4e00-\u9fff]{{2,30}}?(?:{suffixes}))(?=关于印发|印发《|关于发布|发布《|制定出台《|印发了《)")
    for match in before_issuing.finditer(head):
        return _trim_to_division(match.group(1), match.start(1))
    lines = _lines(work, len(work))
    signature = re.compile(rf"^[\u4e00-\u9fff]{{2,30}}(?:{suffixes})$")
    for (start, line), (_, following) in zip(lines, lines[1:], strict=False):
        if signature.match(line) and (ARABIC_DATE.match(following) or CHINESE_DATE.match(following)):
            return line, (start, start + len(line))
    return None


def _trim_to_division(name: str, start: int) -> tuple[str, Span]:
    """Drop words before the first division name (近日深圳市政府办公厅 → 深圳市政府办公厅)."""
    mentions = jurisdictions.find_mentions(name)
    cut = mentions[0][0] if mentions else 0
    return name[cut:], (start + cut, start + len(name))


def find_doc_number(work: str) -> tuple[str, Span] | None:
    match = DOC_NUMBER.search(work[: max(HEAD_MINIMUM, len(work) // HEAD_SHARE)])
    return (re.sub(r"\s+", "", match.group()), match.span()) if match else None


def _chinese_number(text: str) -> int:
    return int(parse_numeral(text))


def find_issue_date(work: str) -> tuple[date, Span] | None:
    """The signature date: a line that holds nothing but a date."""
    for start, line in _lines(work, len(work)):
        for pattern, convert in ((ARABIC_DATE, int), (CHINESE_DATE, _chinese_number)):
            match = pattern.match(line)
            if match:
                try:
                    issued = date(*(convert(group) for group in match.groups()))
                except (ValueError, KeyError):
                    continue
                return issued, (start, start + len(line))
    return None


def find_period(work: str, title: tuple[str, Span] | None, issued: date | None):
    """``(start_year, end_year, span)``; either year may be None."""
    if title:
        match = YEAR_RANGE.search(title[0])
        if match and int(match.group(1)) <= int(match.group(2)):
            offset = title[1][0]
            return int(match.group(1)), int(match.group(2)), (offset + match.start(), offset + match.end())
    goal_years = [(int(m.group(1)), m.span()) for m in GOAL_YEAR.finditer(work)]
    goal_years += [(int(m.group(1)), m.span()) for m in TERM_END.finditer(work)]
    if title:
        match = PLAN_YEARS.search(title[0])
        if match:
            length = _chinese_number(match.group(1))
            offset = title[1][0]
            span = (offset + match.start(), offset + match.end() - 2)
            if issued:
                return issued.year, issued.year + length - 1, span
    if goal_years:
        end, span = max(goal_years)
        return (issued.year if issued and issued.year <= end else None), end, span
    return None, None, None


def extract_metadata(work: str, tree: DocumentTree | None = None) -> PlanMetadata:
    """All plan-level metadata of a working text; fields not found stay None."""
    title = find_title(work)
    kind = kind_of_title(title[0]) if title else None
    kind_span = title[1] if title else None
    interpretation = _interpretation_headline(work)
    if interpretation:
        kind, kind_span = "policy-interpretation", interpretation
    if title is None:
        self_named = find_self_named_kind(work)
        if self_named:
            kind, kind_span = self_named
    issuer = find_issuer(work)
    located = None
    if title:
        located = _most_specific(jurisdictions.find_mentions(title[0]), title[1][0])
    if located is None and issuer:
        located = _most_specific(jurisdictions.find_mentions(issuer[0]), issuer[1][0])
    if located is None:
        located = infer_jurisdiction(work)
    doc_number = find_doc_number(work)
    issued = find_issue_date(work)
    period_start, period_end, period_span = find_period(work, title, issued[0] if issued else None)
    return PlanMetadata(
        title=title[0] if title else "",
        title_span=title[1] if title else (kind_span or (0, 0)),
        jurisdiction=located[0] if located else None,
        jurisdiction_span=located[1] if located else None,
        issuer=issuer[0] if issuer else None,
        issuer_span=issuer[1] if issuer else None,
        doc_number=doc_number[0] if doc_number else None,
        doc_number_span=doc_number[1] if doc_number else None,
        issued=issued[0] if issued else None,
        issued_span=issued[1] if issued else None,
        period_start=period_start,
        period_end=period_end,
        period_span=period_span,
        kind=kind,
        kind_span=kind_span,
    )


# ---------------------------------------------------------------------------------------------
# The plans family: one record, the plan's metadata


def extract_plan(context: ExtractionContext) -> list[PlanMetadata]:
    return [extract_metadata(context.text.work, context.tree)]


def plan_rows(extraction: Extraction) -> list[dict]:
    meta = extraction.metadata
    jurisdiction = meta.jurisdiction
    return [{
        "title": meta.title,
        "jurisdiction": jurisdiction.name if jurisdiction else "",
        "level": jurisdiction.level if jurisdiction else "",
        "issuer": meta.issuer or "",
        "docNumber": meta.doc_number or "",
        "issued": meta.issued.isoformat() if meta.issued else "",
        "periodStart": str(meta.period_start or ""),
        "periodEnd": str(meta.period_end or ""),
    }]


def emit_plan(emitter, records: list[PlanMetadata]) -> None:
    meta = records[0]
    plan = emitter.plan
    emitter.add(plan, RDF.type, BP.Plan)
    emitter.add(plan, BP.sourceDocument, emitter.document)
    if meta.title:
        emitter.add(plan, DCTERMS.title, zh(meta.title))
    emitter.cite(plan, meta.title_span)
    if meta.kind:
        emitter.add(plan, BP.documentKind, concept("document-kind", meta.kind))
        emitter.cite(plan, meta.kind_span)
    if meta.jurisdiction:
        emitter.add(plan, BP.jurisdiction, emitter.jurisdiction_node(meta.jurisdiction))
        emitter.cite(plan, meta.jurisdiction_span)
    if meta.issuer:
        emitter.add(plan, BP.issuer, emitter.agency_node(meta.issuer))
        emitter.add(plan, BP.issuerAsWritten, zh(meta.issuer))
        emitter.cite(plan, meta.issuer_span)
    if meta.doc_number:
        emitter.add(plan, BP.docNumber, Literal(meta.doc_number))
        emitter.cite(plan, meta.doc_number_span)
    if meta.issued:
        emitter.add(plan, DCTERMS.issued, Literal(meta.issued))
        emitter.cite(plan, meta.issued_span)
    if meta.period_start:
        emitter.add(plan, BP.periodStart, year(meta.period_start))
    if meta.period_end:
        emitter.add(plan, BP.periodEnd, year(meta.period_end))
    if meta.period_start or meta.period_end:
        emitter.cite(plan, meta.period_span)


FAMILY = Family(
    name="plans",
    columns=("plan", "title", "jurisdiction", "level", "issuer", "docNumber", "issued", "periodStart", "periodEnd", "source"),
    extract=extract_plan,
    rows=plan_rows,
    emit=emit_plan,
)
