"""Plan metadata: title, document kind, jurisdiction, issuer, document number, issue date, period.

Patterns of the genre, with examples:
- title: the earliest of a heading line near the top that ends with a document kind (深圳市生物医药
  产业集聚发展实施方案(2020—2025年); of a cover notice X关于印发Y的通知 the plan is Y) and a 《…》 near
  the top whose text ends with a kind (《厦门市做强做大生物医药产业三年行动计划(2020-2022)》). A 《…》
  that another document cites (根据《…》, 为贯彻落实《…》…《…》: ``issuer_cues.tsv`` role cite), one that
  is only a kind (《规划》, an abbreviation) and a headline that is a sentence (研发投入最高补助1500万元!…)
  are turned down and recorded; so is a 《…》 followed by its own document number (《…》(区办〔2020〕8号))
  with no issuing verb before it, a cite cue anywhere in its clause (根据省卫生健康委等26部门《…》) and the
  plan a cover notice names when the attached plan's own heading line follows. An interpretation headline (解读《…》) is the title of an
  interpretation. Kinds: ``gazetteers/document_kinds.tsv``.
- jurisdiction: a development zone the issuer or title names (兰州高新区管委会, 关于促进重庆高新区…),
  written in the fullest form the text gives it (重庆高新技术产业开发区); else the most specific
  division named in the title and issuer together (北京城市副中心… by 通州区经信局 → 通州区); a title of a
  bare 市 body (市人民政府关于支持乌当区…) is its city's; else inferred from the body: self-references
  (我省/全省 vs 我市/全市 vs 我区/全区/我县) give the level, and province abbreviations in context
  (来鄂发展, 鄂产中药) and the divisions named vote for the division; a county named in full more often
  than any higher division and than the self-references (思茅区 ×8) is the plan's. X州 names an
  autonomous prefecture (大理州); a county's short name counts right after its city (广州南沙 → 南沙区).
- issuer: a body named before an issuing verb (厦门市人民政府办公厅关于印发…, 兰州高新区管委会印发《,
  近日…印发; ``issuer_cues.tsv``), several co-issuers (A、B、C等9个厅局联合印发 → A|B|C), the X of a
  heading X关于…的通知, or the signature block over a date line (one or several bodies a line, all
  co-signers joined with |); never inside a cited 《…》, never a party committee's joint authorship
  (市委、市政府制定出台: ``issuer_cues.tsv`` role party), never the signature or date of a consultation
  letter (关于征求…意见的函, 征求意见稿). A bare level body (市政府下发《…》) is an issuer.
  Endings in ``gazetteers/issuer_suffixes.tsv``.
- document number: 厦府办〔2020〕57号 (also [2020], 【2020】).
- issue date: the date line under the signature (2020年6月3日, 二〇二〇年六月三日); else a 月日 that opens
  the clause in which the issuer issues the plan (12月30日,省卫生健康委…联合印发), its year from the
  byline before it (更新于:2022-1-3 → 2021-12-30, a month after the byline's is of the year before).
  With no issuer, the clause whose verb issues the plan's 《title》 (8月14日,…出台了《…》). A date
  separated from the issuer by a reporting clause and a lead word (3月13日,记者获悉,日前…印发) is the
  report's. A dateline glued to a news agency (格隆汇7月24日丨) and a garbled date (2024124) are no issue dates.
- period: only the period the document states for the plan: a year range in the title not followed by
  的 (…(2019—2022年)的实施意见 is the period of the document it implements), a named five-year period
  in the title (“十四五” → 2021–2025), one year in the title (2017年…工作要点), N年 in the title counted
  from the issue date, or a stated term (执行期限/有效期…至2025年). Never the target years.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import cache

from rdflib import Literal

from biopolicy.loaders import jurisdictions, segment
from biopolicy.loaders.emit import year, zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, DCTERMS, RDF, concept
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
from biopolicy.loaders.text import find_all

BOOK_TITLE = re.compile(r"《([^《》\n]{4,80})》")
TRAILING_PERIOD = re.compile(r"\s*\([^()]*\)\s*$")
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~至到]{1,2}\s*((?:19|20)\d{2})\s*年?")
SINGLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
FIVE_YEAR_PERIOD = re.compile(r"“?([一二三四五六七八九十]{2,3}五)”?(?:规划|时期|期间)?")
FIVE_YEAR_PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
MONTH_DAY = re.compile(r"(?:^|(?<=[\s,。;:)”]))(\d{1,2})月(\d{1,2})日[,\s]")
BYLINE_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
SENTENCE_END = re.compile(r"[。!?\n]")
HEADLINE_PUNCTUATION = re.compile(r"[。!?;,:•·|]")
# X关于印发Y的通知, also without 关于 when a heading broken after it leaves 印发Y的通知 on its own line
COVER_NOTICE = re.compile(r"^(?P<issuer>.*?)(?:关于)?印发《?(?P<plan>.+?)》?的通知$")
SELF_NOTICE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?)关于(?!印发)")
BARE_LEVEL_PREFIX = {"市": "city", "省": "province"}
NUMBERED_HEADING_KINDS = {"chapter", "section", "article", "item", "subitem"}
COMMITTEE_ENDINGS = ("管理委员会", "管委会", "管委")
ZONE_LOOKBACK = 12
LEADING_DATE = re.compile(r"^(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇零○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*")
DOC_NUMBER_TAIL = re.compile(r"\s+[\u4e00-\u9fff]{1,12}[〔\[【]\s*(?:19|20)\d{2}\s*[〕\]】]\s*\d{1,4}\s*号$")
TERM_END = re.compile(r"(?:执行期限|有效期|实施期限|施行)[^。\n]{0,40}?(?:至|到)\s*((?:19|20)\d{2})\s*年")
PLAN_YEARS = re.compile(r"([一二三四五六七八九十两])年(?:行动|突破|攻坚|实施|发展|倍增)")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[【(]\s*((?:19|20)\d{2})\s*[〕\]】)]\s*\d{1,4}\s*号")
# 《…》(区办〔2020〕8号): a title followed by its document number is a document the text cites.
CITED_NUMBER = re.compile(r"\(?\s*[\u4e00-\u9fff]{1,12}[〔\[【]\s*(?:19|20)\d{2}\s*[〕\]】]\s*\d{1,4}\s*号")
CITE_LOOKBACK = 40  # characters before a 《 searched for a cite cue of its clause or a preceding cited title
# 关于征求…意见的函, (征求意见稿): a consultation on a draft; its signature and date are the letter's.
CONSULTATION = re.compile(r"征求[^。\n]{0,60}?意见(?:稿|的函|的通知|的公告)")
# A body written with a bare level prefix (市政府下发《…》): one character, then a suffix of two or more.
BARE_BODY_PREFIX = "[省市区县州]"
# A county named this often, and more often than any higher division, is the body's own (思茅区 ×8).
COUNTY_MAJORITY = 3
SHORT_NAME_WINDOW = 6  # characters after a city's name searched for a county's short name (广州|南沙)
ARABIC_DATE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CHINESE_DATE = re.compile(r"^([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
SELF_REFERENCE = {
    "province": re.compile(r"我省|全省|省委|省政府|省人民政府|本省"),
    "city": re.compile(r"我市|全市|市委|市政府|市人民政府|本市"),
    "county": re.compile(r"我区|全区|区委|区政府|本区|我县|全县|县委|县政府|本县"),
}
ABBREVIATION_CONTEXT = r"(?:来|在|赴|入|驻|留|落户)({abbr})(?:发展|设立|建立|落户|生产|投资|创业|工作)|({abbr})(?:产|企)"
INTERPRETATION = "解读"
INTERPRETATION_KIND = "policy-interpretation"  # vocab/document-kind: a kind of source document
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


@cache
def issuer_cues(role: str) -> tuple[str, ...]:
    """The cue words of one role in ``issuer_cues.tsv`` (verb, lead, cite), longest first."""
    cues = [row["cue"] for row in read_tsv("issuer_cues.tsv") if row["role"] == role]
    return tuple(sorted(cues, key=len, reverse=True))


def _head(work: str) -> str:
    return work[: max(HEAD_MINIMUM, len(work) // HEAD_SHARE)]


def _is_cited(work: str, start: int) -> bool:
    return cited_title(work, start) is not None


def cited_title(work: str, start: int) -> str | None:
    """Why the 《 at ``start`` is cited by another document's text (根据《…》, 根据省卫生健康委等26部门《…》,
    …》《…》, …》(云发改高技〔2022〕564号)、《…》), or carries its own document number (《…》(区办〔2020〕8号)); None when not."""
    before = work[max(0, start - CITE_LOOKBACK) : start]
    if before.endswith(("》", "》、", "》和", "》及", "》以及")) or re.search(r"》\([^()]{0,30}\)、?$", before):
        return "《…》 follows another cited title (a list of cited titles): another document"
    clause = re.split(r"[,。;:!?\n]", before)[-1]
    if re.search("(?:" + "|".join(issuer_cues("verb")) + ")[了的]?$", clause):
        return None  # 根据最新印发的《…》: the document being issued, not one cited
    cue = next((cue for cue in issuer_cues("cite") if cue in clause), None)
    if cue:
        return f"《…》 is cited by the text (cite cue {cue} of issuer_cues.tsv in its clause): another document"
    if _carries_number(work, start):
        return "《…》 is followed by its own document number (metadata.CITED_NUMBER) with no issuing verb before it: a cited document"
    return None


def _carries_number(work: str, start: int) -> bool:
    """Whether the 《…》 opening at ``start`` is followed by a document number (《…》(区办〔2020〕8号))."""
    close = work.find("》", start)
    return close >= 0 and bool(CITED_NUMBER.match(work, close + 1))


def _is_being_issued(work: str, opening: int) -> bool:
    """Whether the 《 at ``opening`` follows an issuing verb (印发《, 出台了《): the document being issued."""
    before = work[max(0, opening - 8) : opening]
    return opening >= 0 and bool(re.search("(?:" + "|".join(issuer_cues("verb")) + ")[了的]?$", before))


def _title_candidates(work: str, reject) -> list[tuple[str, Span]]:
    """Heading lines and 《…》 near the top that could be the plan's title, in text order."""
    head = _head(work)
    found = []
    lines = _lines(work, len(head))
    for index, (start, line) in enumerate(lines[:15]):
        joined = _heading(line, lines[index + 1][1] if index + 1 < len(lines) else "")
        if joined is None:
            continue
        if _numbered_section(joined):
            if reject:
                reject((start, start + len(line)), "heading line opens with a section number (一、 (二) 1. of segment's headings.tsv): a part of the plan, not its title")
            continue
        if HEADLINE_PUNCTUATION.search(joined):
            if reject:
                reject((start, start + len(line)), "heading line is a sentence or a keyword list (。!?;,: in it): a news headline, not a plan title")
            continue
        notice = COVER_NOTICE.match(joined)
        if notice and not kind_of_title(notice.group("plan")):
            if reject:
                reject((start, start + len(line)), "cover notice (关于印发…的通知) whose plan title has no document kind: the title is sought in 《…》")
            continue
        found.append(_plan_of_notice(joined, start))
    for match in BOOK_TITLE.finditer(head):
        title = match.group(1).lstrip("?")
        if not kind_of_title(title):
            continue
        if title in {suffix for suffix, _ in document_kinds()}:
            if reject:
                reject(match.span(1), "《…》 holds only a document kind (an abbreviation such as 《规划》), not a title")
            continue
        citation = cited_title(work, match.start())
        if citation:
            if reject:
                reject(match.span(1), citation)
            continue
        found.append((title, (match.end(1) - len(title), match.end(1))))
    return sorted(found, key=lambda candidate: candidate[1][0])


def _numbered_section(line: str) -> bool:
    """Whether ``line`` opens with a unit number of the plan's own structure ((二)财政税收政策)."""
    return any(
        pattern.kind in NUMBERED_HEADING_KINDS and pattern.regex.match(line) for pattern in segment.heading_patterns()
    )


def _heading(line: str, following: str) -> str | None:
    """A heading line ending with a document kind, or one broken over two lines (…产业 / 高质量发展十条措施)."""
    if len(line) <= 80 and not line.endswith("。") and kind_of_title(DOC_NUMBER_TAIL.sub("", line)):
        return line
    joined = line + following
    if line.startswith("(") or line.endswith(")"):
        return None  # (此件公开发布): a note, not the first half of a heading
    if len(joined) <= 60 and not kind_of_title(line) and kind_of_title(following) and not SENTENCE_END.search(joined):
        if _opens_with_division(following) and not _opens_with_division(line):
            return None  # 政策法规 / 六盘水市…实施计划: a menu word over a heading that stands on its own
        return joined
    return None


def _opens_with_division(line: str) -> bool:
    mentions = jurisdictions.find_mentions(line)
    return any(start == 0 for start, _, _ in mentions)


def _plan_of_notice(line: str, start: int) -> tuple[str, Span]:
    """Of a cover notice (X关于印发Y的通知) the plan is Y; any other heading is the title as it stands,
    without a date before it (2023年4月7日关于…) or a document number after it (…方案(2021年—2025年) 宁政办发〔2021〕78号)."""
    leading = LEADING_DATE.match(line)
    if leading:
        line, start = line[leading.end() :], start + leading.end()
    line = DOC_NUMBER_TAIL.sub("", line)
    notice = COVER_NOTICE.match(line)
    if notice and kind_of_title(notice.group("plan")):
        return notice.group("plan"), (start + notice.start("plan"), start + notice.end("plan"))
    return line, (start, start + len(line))


def find_title(work: str, reject=None) -> tuple[str, Span] | None:
    """The plan's title: an interpretation's 解读《…》, else the earliest heading line or uncited 《…》."""
    lines = _lines(work, len(_head(work)))
    if lines:
        start, first = lines[0]
        quoted = BOOK_TITLE.search(first)
        if INTERPRETATION in first and quoted:
            return quoted.group(1), (start + quoted.start(1), start + quoted.end(1))
    candidates = _title_candidates(work, reject)
    if not candidates:
        return None
    chosen = _attached_plan_heading(work, candidates, reject) or candidates[0]
    fuller = [c for c in candidates if c[0].endswith(chosen[0]) and len(c[0]) > len(chosen[0])]
    return fuller[0] if fuller else chosen  # the fullest form the text gives: 厦门市做强做大… over 做强做大…


def _attached_plan_heading(work: str, candidates: list[tuple[str, Span]], reject) -> tuple[str, Span] | None:
    """The attached plan's own heading line when the first candidate is the plan a cover notice names:
    X关于印发推进…实施意见的通知 paraphrases 红河州关于推进…的实施意见, the heading over the plan itself."""
    first, span = candidates[0]
    if not _is_notice_line(work, span[0]):
        return None
    kind = kind_of_title(first)
    for title, (start, end) in candidates[1:]:
        own_line = _line_at(work, start) == title
        if own_line and not _is_notice_line(work, start) and kind_of_title(title) == kind:
            if reject:
                reject(span, "plan named by a cover notice (关于印发…的通知): the attached plan's own heading line is its title")
            return title, (start, end)
    return None


def _line_at(work: str, offset: int) -> str:
    start = work.rfind("\n", 0, offset) + 1
    end = work.find("\n", offset)
    return work[start : end if end >= 0 else len(work)].strip()


def _is_notice_line(work: str, offset: int) -> bool:
    line = DOC_NUMBER_TAIL.sub("", LEADING_DATE.sub("", _line_at(work, offset)))
    return bool(COVER_NOTICE.match(line))


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
    """Infer the plan's division from a body that may never name it (我省…, 鄂, the divisions it names).

    The self-references decide the level; at county level the county-tier divisions named vote,
    each read within the city the text names most.
    """
    counts = {level: len(pattern.findall(work)) for level, pattern in SELF_REFERENCE.items()}
    level = max(counts, key=lambda key: (counts[key], key == "city"))
    named = _named_county_majority(work, counts[level])
    if named is not None:
        return named
    if level == "county":
        county = _voted_county(work)
        if county is not None:
            return county
        level = "city"
    votes, first_span = _division_votes(work, level)
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


def _division_votes(work: str, level: str) -> tuple[Counter[str], dict[str, Span]]:
    """Votes of the divisions the body names for a plan of ``level``, with each one's first mention.

    At city level only cities vote: a province named more often (a portal's channel bar 浙江股市
    浙江楼市 over 台州市…全市) cannot be a city plan's division, but it keeps out the cities of other
    provinces (对接深圳 in a plan of 台州), which then do not vote."""
    votes: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    first_span: dict[str, Span] = {}
    for start, end, name in jurisdictions.find_mentions(work):
        division = jurisdictions.by_name(name)
        if division is None or division.level == "county":
            continue
        province = jurisdictions.province_of(division).code
        if level == "city" and division.level == "province":
            provinces[province] += 1
            continue
        key = division.code if level == "city" else province
        votes[key] += 1
        first_span.setdefault(key, (start, end))
    if provinces:
        top, _ = provinces.most_common(1)[0]
        votes = Counter({code: count for code, count in votes.items() if code[:2] == top[:2]})
    return votes, first_span


def _named_county_majority(work: str, self_references: int) -> tuple[Jurisdiction, Span] | None:
    """A county or district the body names in full at least ``COUNTY_MAJORITY`` times, more often than
    any higher division and than it refers to itself (思茅区 ×8 against 云南省 ×6 and 省委、省政府 ×3):
    a county's plan that never says 我区/我县, citing its province's decisions."""
    mentions = jurisdictions.find_mentions(work)
    counts: Counter[str] = Counter()
    for _, _, name in mentions:
        division = jurisdictions.by_name(name)
        if division is not None:
            counts[division.code if division.level != "county" else name] += 1
    counties = [(count, name) for name, count in counts.items() if not name.isdigit()]
    if not counties:
        return None
    count, name = max(counties)
    higher = max((n for key, n in counts.items() if key.isdigit()), default=0)
    if count < COUNTY_MAJORITY or count <= higher or count <= self_references:
        return None
    return _voted_county(work)


def _voted_county(work: str) -> tuple[Jurisdiction, Span] | None:
    """The county or district a body that calls itself 我区/全县 names most (思茅区 within 普洱市)."""
    mentions = jurisdictions.find_mentions(work)
    higher = [d for d in (jurisdictions.by_name(name) for _, _, name in mentions) if d and d.level != "county"]
    votes: Counter[str] = Counter()
    spans: dict[str, Span] = {}
    for start, end, name in mentions:
        division = jurisdictions.by_name(name)
        if division is None or division.level != "county":
            continue
        county = _county(name, higher) or _county(name, [])
        if county is not None:
            votes[county.code] += 1
            spans.setdefault(county.code, (start, end))
    if not votes:
        return None
    code, _ = votes.most_common(1)[0]
    return jurisdictions.by_code(code), spans[code]


def find_zone(work: str, title: tuple[str, Span] | None, issuer: tuple[str, Span] | None) -> tuple[Jurisdiction, Span] | None:
    """The development zone whose plan it is: the issuer's zone (兰州高新区管委会), else one the title names."""
    candidates = []
    if issuer:
        name = issuer[0].split("|")[0]
        for ending in COMMITTEE_ENDINGS:
            if name.endswith(ending):
                name = name[: -len(ending)]
                break
        if jurisdictions.zone_ending(name) and jurisdictions.by_name(name) is None:
            candidates.append((name, issuer[1][0]))
    if title:
        candidates += [(name, title[1][0] + offset) for name, offset in _zones_named_in(title[0])]
    for name, start in candidates:
        full = _fullest_zone_name(work, name)
        parent = jurisdictions.zone_parent(full) or jurisdictions.zone_parent(name)
        if parent is None:
            inferred = infer_jurisdiction(work)
            parent = inferred[0] if inferred else None
        return jurisdictions.zone(full, parent), (start, start + len(name))
    return None


def _zones_named_in(title: str) -> list[tuple[str, int]]:
    """Zones a title names: a division then a zone ending (关于促进重庆高新区…), or a zone opening the title."""
    found = []
    mentions = jurisdictions.find_mentions(title)
    for start, end, ending in jurisdictions.find_zone_endings(title):
        before = [m for m in mentions if m[1] <= start and start - m[1] <= 10 and "的" not in title[m[1] : start]]
        begin = before[-1][0] if before else (0 if start <= 4 else None)
        if begin is None:
            continue
        name = title[begin:end]
        if jurisdictions.by_name(name) is None and len(name) > len(ending) + 1:
            found.append((name, begin))
    return found


def _fullest_zone_name(work: str, name: str) -> str:
    """The fullest form of a zone's name in the text: with its unabbreviated ending, or with the
    division or zone written before it (临港新片区 → 上海自由贸易试验区临港新片区, 秦汉新城 → 西咸新区秦汉新城)."""
    ending = jurisdictions.zone_ending(name)
    full_ending = jurisdictions.zone_suffixes().get(ending or "", "")
    if full_ending and name[: -len(ending)] + full_ending in work:
        return name[: -len(ending)] + full_ending
    if jurisdictions.zone_parent(name):
        return name
    for found_start, _ in find_all(work, name):
        before = re.search(r"[\u4e00-\u9fff]+$", work[max(0, found_start - ZONE_LOOKBACK) : found_start])
        if not before:
            continue
        run = before.group()
        mentions = jurisdictions.find_mentions(run)
        if mentions:
            return run[mentions[0][0] :] + name
        outer = jurisdictions.zone_ending(run)
        if outer and len(run) >= len(outer) + 2:
            return run[-(len(outer) + 2) :] + name
    return name


def locate(work: str, title: tuple[str, Span] | None, issuer: tuple[str, Span] | None) -> tuple[Jurisdiction, Span] | None:
    """The plan's jurisdiction: a zone, else the most specific division of title and issuer, else the body's."""
    located = find_zone(work, title, issuer)
    if located:
        return located
    mentions = []
    for found in (title, issuer):
        if found:
            mentions += [(start + found[1][0], end + found[1][0], name) for start, end, name in jurisdictions.find_mentions(found[0])]
    located = _most_specific(mentions)
    if located and located[0].level == "city":
        located = next(filter(None, (_county_short_name_after(found, located[0]) for found in (title, issuer) if found)), located)
    if located and title:
        located = _bare_level_body(title[0], located)
    return located or infer_jurisdiction(work)


def _county_short_name_after(found: tuple[str, Span], city: Jurisdiction) -> tuple[Jurisdiction, Span] | None:
    """A county of the city written by its short name right after the city's in a title or issuer
    (广州南沙促进… → 南沙区)."""
    text, (offset, _) = found
    for _, end, name in jurisdictions.find_mentions(text):
        if jurisdictions.by_name(name) != city:
            continue
        shorts = jurisdictions.find_county_short_names(text[end : end + SHORT_NAME_WINDOW], city)
        if shorts and shorts[0][0] == 0:
            _, length, county = shorts[0]
            return county, (offset + end, offset + end + length)
    return None


def _bare_level_body(title: str, located: tuple[Jurisdiction, Span]) -> tuple[Jurisdiction, Span]:
    """A title issued by a bare 市 body (市人民政府关于支持乌当区…) is the city's, not the place it supports."""
    level = BARE_LEVEL_PREFIX.get(title[:1])
    division, span = located
    if level == "city" and division.level == "county" and division.parent:
        parent = jurisdictions.by_code(division.parent)
        if parent is not None and parent.level == "city":
            return parent, span
    return located


@cache
def _issuer_suffix_pattern() -> str:
    suffixes = sorted((re.escape(r["suffix"]) for r in read_tsv("issuer_suffixes.tsv")), key=len, reverse=True)
    return "|".join(suffixes)


@cache
def _issuing_pattern() -> re.Pattern[str]:
    """Issuers (one, or co-issuers joined by 、) before an issuing verb, with fillers such as 等9个厅局 or 27日."""
    long_suffixes = "|".join(re.escape(row["suffix"]) for row in read_tsv("issuer_suffixes.tsv") if len(row["suffix"]) >= 2)
    body = rf"(?:[\u4e00-\u9fff]{{2,30}}?(?:{_issuer_suffix_pattern()})|(?<![\u4e00-\u9fff]){BARE_BODY_PREFIX}(?:{long_suffixes}))"
    verbs = "|".join(re.escape(verb) for verb in issuer_cues("verb"))
    filler = r"(?:等[\d一二三四五六七八九十]+个[\u4e00-\u9fff]{1,3})?(?:\d{1,2}日|相继制定、|正式|近日|日前|联合)?\s*"
    return re.compile(rf"((?:{body}、)*{body}){filler}(?:{verbs})(?!会)")


def _cited_spans(work: str) -> list[Span]:
    return [match.span() for match in BOOK_TITLE.finditer(work)]


def find_issuer(work: str, title: tuple[str, Span] | None = None, reject=None) -> tuple[str, Span] | None:
    """The body (or bodies, joined by |) that issues the plan, as written."""
    head = _head(work)
    quoted = _cited_spans(head)
    for match in _issuing_pattern().finditer(head):
        if any(start <= match.start() < end for start, end in quoted):
            if reject:
                reject(match.span(1), "issuer inside a 《…》 title: the issuer of a cited document, not of this plan")
            continue
        party = _party_committee_before(head, match.start(1))
        if party:
            if reject:
                reject(match.span(1), f"joint party-government authorship {party}、… (issuer_cues.tsv role party): not an issuer")
            continue
        return _co_issuers(match.group(1), match.start(1))
    if title:
        own = SELF_NOTICE.match(work[title[1][0] : title[1][1]])
        if own and re.search(rf"(?:{_issuer_suffix_pattern()})$", own.group("issuer")):
            return own.group("issuer"), (title[1][0], title[1][0] + own.end("issuer"))
    signed = find_signature(work)
    if signed and _consultation(work):
        if reject:
            reject(signed[1], "signature of a consultation letter (征求…意见的函, 征求意见稿: metadata.CONSULTATION): it signs the letter, not the plan")
        return None
    return signed


def find_signature(work: str) -> tuple[str, Span] | None:
    """The signature block over the first date line: one body a line, or several separated by spaces
    (大理州卫生健康委员会 大理州发展和改革委员会 …), over one or more lines; co-signers joined with |."""
    lines = _lines(work, len(work))
    signer = re.compile(rf"[\u4e00-\u9fff]{{2,30}}(?:{_issuer_suffix_pattern()})")
    for index, (_, line) in enumerate(lines):
        if not (ARABIC_DATE.match(line) or CHINESE_DATE.match(line)):
            continue
        block: list[tuple[int, str]] = []
        for above in range(index - 1, -1, -1):
            names = lines[above][1].split()
            if not all(signer.fullmatch(name) for name in names):
                break
            block.insert(0, lines[above])
        if block:
            bodies = [name for _, text in block for name in text.split()]
            first, last = block[0], block[-1]
            return "|".join(bodies), (first[0], last[0] + len(last[1]))
    return None


def consultation_signers(work: str) -> list[str]:
    """The bodies that sign a consultation letter on the draft plan (its drafters, not its issuers)."""
    signed = find_signature(work) if _consultation(work) else None
    return signed[0].split("|") if signed else []


def _consultation(work: str) -> re.Match[str] | None:
    """A consultation on a draft (关于征求…意见的函, (征求意见稿)) near the top of the text."""
    return CONSULTATION.search(_head(work))


def _party_committee_before(work: str, start: int) -> str | None:
    """The party committee written just before a body with 、 or 和 (市委、市政府), None otherwise."""
    before = work[max(0, start - 6) : start]
    return next((party for party in issuer_cues("party") if before.endswith((party + "、", party + "和"))), None)


def _co_issuers(written: str, start: int) -> tuple[str, Span]:
    """One issuer, or several joined by 、 (省卫生健康委、省发改委、省工信厅 → 省卫生健康委|省发改委|省工信厅)."""
    names = [_trim_to_division(_drop_lead_words(name), 0)[0] for name in written.split("、")]
    return "|".join(names), (start + written.index(names[0]), start + len(written))


def _drop_lead_words(name: str) -> str:
    """Time words before a name are not part of it (日前市政府办公厅 → 市政府办公厅)."""
    for lead in issuer_cues("lead"):
        if name.startswith(lead) and len(name) > len(lead) + 1:
            return name[len(lead) :]
    return name


def _trim_to_division(name: str, start: int) -> tuple[str, Span]:
    """Drop words before the first division name (近日深圳市政府办公厅 → 深圳市政府办公厅)."""
    mentions = jurisdictions.find_mentions(name)
    cut = mentions[0][0] if mentions else 0
    return name[cut:], (start + cut, start + len(name))


def find_doc_number(work: str) -> tuple[str, Span] | None:
    """The plan's document number; one in brackets after a 《…》 (根据《…的通知》(黔府发〔2020〕7号)) is the
    cited document's, unless the 《…》 is the one being issued (出台了《…》(筑府发〔2015〕32号))."""
    for match in DOC_NUMBER.finditer(_head(work)):
        before = work[max(0, match.start() - 2) : match.start()]
        opening = work.rfind("《", 0, match.start())
        if before.endswith(("》(", "》")) and not _is_being_issued(work, opening):
            continue
        start = _number_prefix_start(work, match.start(), match.start() + re.search(r"[〔\[【(]", match.group()).start())
        return re.sub(r"\s+", "", work[start : match.end()]), (start, match.end())
    return None


def _number_prefix_start(work: str, start: int, bracket: int) -> int:
    """Where a document number's issuer abbreviation starts: after the last word before the bracket
    that no abbreviation holds (…》的通知海府规〔2024〕3号 → 海府规; ``issuer_cues.tsv`` role number)."""
    prefix = work[start:bracket]
    ends = [prefix.rfind(word) + len(word) for word in issuer_cues("number") if word in prefix]
    return start + max(ends, default=0)


def _chinese_number(text: str) -> int:
    return int(parse_numeral(text))


def find_issue_date(
    work: str, issuer: tuple[str, Span] | None = None, title: tuple[str, Span] | None = None, reject=None
) -> tuple[date, Span] | None:
    """The signature date (a line that holds nothing but a date), else the 月日 of the issuing clause:
    the issuer's, or, with no issuer found, the clause whose verb issues the plan's 《title》."""
    consultation = _consultation(work)
    for start, line in _lines(work, len(work)):
        for pattern, convert in ((ARABIC_DATE, int), (CHINESE_DATE, _chinese_number)):
            match = pattern.match(line)
            if match:
                try:
                    issued = date(*(convert(group) for group in match.groups()))
                except (ValueError, KeyError):
                    continue
                if consultation:
                    if reject:
                        reject((start, start + len(line)), "date of a consultation letter (征求…意见: metadata.CONSULTATION), not the plan's issue date")
                    return None
                return issued, (start, start + len(line))
    anchor = issuer[1][0] if issuer else _issued_title_opening(work, title)
    return _issuing_clause_date(work, anchor, reject) if anchor is not None else None


def _issued_title_opening(work: str, title: tuple[str, Span] | None) -> int | None:
    """Where the issuing verb before the plan's 《title》 stands (贵阳市人民政府出台了《…》), None without one."""
    if title is None or work[title[1][0] - 1 : title[1][0]] != "《":
        return None
    opening = title[1][0] - 1
    return opening if _is_being_issued(work, opening) else None


def _issuing_clause_date(work: str, anchor: int, reject=None) -> tuple[date, Span] | None:
    """``12月30日,省卫生健康委…联合印发``: the month and day nearest before the issuer (``anchor``) in its
    sentence, the year from the byline before it (a month later than the byline's belongs to the year
    before). A lead word between them (3月13日,记者获悉,日前市政府办公厅印发) says the plan was issued on
    an unstated day: the date is the report's."""
    clause_start = max((m.end() for m in SENTENCE_END.finditer(work, 0, anchor)), default=0)
    month_day = next(reversed(list(MONTH_DAY.finditer(work, clause_start, anchor))), None)
    if month_day is None:
        return None
    clauses = [clause for clause in re.split(r"[,;:]", work[month_day.end() : anchor]) if clause.strip()]
    lead = next((cue for cue in issuer_cues("lead") if clauses and clauses[-1].startswith(cue)), None)
    if lead and len(clauses) > 1:
        if reject:
            reject(month_day.span(), f"date of the report: a clause ({clauses[0]}) stands between it and an issuer opened by the lead word {lead} (issuer_cues.tsv role lead), the issue day unstated")
        return None
    bylines = list(BYLINE_DATE.finditer(work, 0, month_day.start()))
    if not bylines:
        return None
    year_, month_ = int(bylines[-1].group(1)), int(bylines[-1].group(2))
    month, day = int(month_day.group(1)), int(month_day.group(2))
    try:
        return date(year_ - (month > month_), month, day), month_day.span()
    except ValueError:
        return None


def find_period(work: str, title: tuple[str, Span] | None, issued: date | None):
    """``(start_year, end_year, span)`` of the period the document states for the plan; either may be None."""
    if title:
        stated = _period_in_title(title[0], issued)
        if stated:
            start, end, (begin, finish) = stated
            return start, end, (title[1][0] + begin, title[1][0] + finish)
    term = TERM_END.search(work)
    if term:
        end = int(term.group(1))
        return (issued.year if issued and issued.year <= end else None), end, term.span()
    return None, None, None


def _period_in_title(title: str, issued: date | None) -> tuple[int, int, Span] | None:
    """A range (not one qualifying a document the title names: …(2019—2022年)的), a named five-year
    period (“十四五”), N年 counted from the issue date, or the one year a title names (2017年…工作要点)."""
    match = YEAR_RANGE.search(title)
    if match and int(match.group(1)) <= int(match.group(2)):
        if not re.match(r"\)?的", title[match.end() :]):
            return int(match.group(1)), int(match.group(2)), match.span()
        return None
    five = FIVE_YEAR_PERIOD.search(title)
    if five and five.group(1) in FIVE_YEAR_PLANS:
        first = FIVE_YEAR_PLANS[five.group(1)]
        return first, first + 4, five.span(1)
    years = PLAN_YEARS.search(title)
    if years and issued:
        return issued.year, issued.year + _chinese_number(years.group(1)) - 1, (years.start(), years.end() - 2)
    single = SINGLE_YEAR.findall(title)
    if len(single) == 1:
        one = SINGLE_YEAR.search(title)
        return int(one.group(1)), int(one.group(1)), one.span(1)
    return None


def extract_metadata(work: str, tree: DocumentTree | None = None, reject=None) -> PlanMetadata:
    """All plan-level metadata of a working text; fields not found stay None.

    ``reject(span, reason)`` records the candidates turned down (``ExtractionContext.reject``).
    """
    title = find_title(work, reject)
    kind = kind_of_title(title[0]) if title else None
    kind_span = title[1] if title else None
    # An interpretation is a secondary source: the kind is the document's, the plan keeps its own.
    interpretation = _interpretation_headline(work)
    source_kind = INTERPRETATION_KIND if interpretation else None
    if title is None:
        self_named = find_self_named_kind(work)
        if self_named:
            kind, kind_span = self_named
    issuer = find_issuer(work, title, reject)
    located = locate(work, title, issuer)
    doc_number = find_doc_number(work)
    issued = find_issue_date(work, issuer, title, reject)
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
        source_kind=source_kind,
        source_kind_span=interpretation,
        drafters=tuple(consultation_signers(work)),
    )


# ---------------------------------------------------------------------------------------------
# The plans family: one record, the plan's metadata


def extract_plan(context: ExtractionContext) -> list[PlanMetadata]:
    def reject(span: Span, reason: str) -> None:
        context.reject("plans", span, reason)

    return [extract_metadata(context.text.work, context.tree, reject)]


def plan_rows(extraction: Extraction) -> list[dict]:
    meta = extraction.metadata
    jurisdiction = meta.jurisdiction
    return [{
        "title": meta.title,
        "jurisdiction": jurisdiction.name if jurisdiction else "",
        "level": (jurisdiction.admin_level or jurisdiction.level) if jurisdiction else "",
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
    if meta.source_kind:
        emitter.add(emitter.document, BP.sourceKind, concept("document-kind", meta.source_kind))
        emitter.cite(plan, meta.source_kind_span)
    if meta.jurisdiction:
        division = emitter.jurisdiction_node(meta.jurisdiction)
        emitter.add(plan, BP.jurisdiction, division)
        emitter.cite(plan, meta.jurisdiction_span)
        if meta.jurisdiction_span and meta.jurisdiction_span[1] > meta.jurisdiction_span[0]:
            # The span names the division too: the shapes tell where the place was read from (title,
            # issuer line, or only the body, where another place the page is about may stand).
            emitter.evidence(meta.jurisdiction_span, division)
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
