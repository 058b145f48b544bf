"""Where the name of a park or platform begins, and whether it names one specific entity.

Shared by ``parks.py`` and ``platforms.py``. Plans write names without spaces, so a name is found
from its end: a suffix (``gazetteers/park_suffixes.tsv``: 产业园, 高新区, 药谷 …;
``gazetteers/platform_suffixes.tsv``: 平台, 中心, 实验室, 医院 …) and, walking left, the nearest word
that cannot be part of a name (``gazetteers/name_boundaries.tsv``) or punctuation:

    支持海沧区加快建设|生物医药协同创新中心     → 生物医药协同创新中心 (建设 ends the name on the left)
    建设|健康数据中心和营销结算中心              → 健康数据中心, 营销结算中心 (和 after a suffix separates names)
    探索|分子疫苗学和分子诊断学国家重点实验室    → one name (和 between field words stays inside it)
    依托|中以创新合作产业园区                     → 以 stays inside the place name 中以 (gazetteers/place_names.tsv)
    建设|北方药谷德生(沈阳)生物药国际CDMO基地    → a short bracket is part of the name; 北方药谷, nested in it, is dropped
    争取设立|药品、医疗器械审评中心粤港澳分中心  → 、 between two field words stays inside

Enumerations ``A、B及C等<hypernym>`` are read as a whole: a park or platform hypernym
(…等公共服务平台, …等特色产业集聚区) makes every item an entity of that family, even one without a
suffix of its own (GMP共性工厂) or with the other family's suffix (孝感病理设备制造中心 in a list of
集聚区); an institution hypernym after 依托/与 (依托A、B等机构) makes the items hosts, not platforms.

A candidate names one specific entity unless a cue of ``gazetteers/entity_filters.tsv`` says
otherwise: it is a class (重点实验室, 国家临床医学研究中心 …), its modifier is only generic words
(公共服务平台, 科创孵化园), it is evaluative (高水平临床诊疗中心), counted (1个细胞治疗研究中心,
公共技术服务平台3-5个), a hypernym (…等平台), built by a class of actors (支持企业…建设…平台), an
eligibility class of a subsidy (对…平台…给予), a host of what is built (依托X医院建设…), the status a
city is to reach (成为…创新中心), a kind (全国医药类高新区: X类 before the suffix), part of a
task heading that is a measure (建立药械临床试验平台), or a park suffix's rule is not met (a base
needs a place name: 恩施中药材生产基地, not 绿色原料药生产基地). A name that opens with a place is
specific even when a class of actors builds it (支持驻烟高校共建烟台生物医药创新研究院); the base of an
institution (…研究院珠海基地) is a platform. A task heading that *is* a name
(3.临床医学研究中心) and the named units of a spatial-layout unit (“一心”:打造国家区域医疗中心;
三极: 经开区) are entities even when they read like classes.

Real pages (news reposts, scraped copies) add cues of their own, each recorded with the gazetteer or
constant that holds it when it turns a candidate down:

    房天下 >资讯中心 > 正文; 来源:…服务中心; 据…数据中心统计   → page chrome and sources, no facility
    作为…的…发展平台; 打造成…的实验平台; 形成…的孵化中心      → the status or role of a place (status, copula)
    省人民医院临安分院; …中心支行; the last words of a cut excerpt → cut names (branch)
    柳东新区、北部生态新区(阳和工业新区)管委会                  → addressees (agency-head)
    X高新区管委会印发…; the plan's jurisdiction                 → the plan's own zone, no park of it (committee)
    依托A(医院)、B等国家级医学平台; A、B等医疗机构周边          → hosts and landmarks (host-verb, locative)
    A、B、C、D“一园两城一区”                                   → the layout units the slogan counts
    “中国药谷”, 种业硅谷, 国家区域医药健康中心, 国家…试验区     → brands, an industry's hub, a national designation
    …产业链上下游汇聚平台; 国家…示范区(江西) in Jiangxi's plan   → the role of a place, the plan's own territory
    …等一批平台型项目                                           → a list of projects: its items keep their own family
    “一中心、二园区、三平台”,…二园区指A和B,三平台分别为C、D、E → the units' items, whole (entity_filters.tsv definition)
    主要依托A医疗中心、B医疗集团;                              → hosts: an organisation is listed beside it
    …互联网在线诊疗平台; 药用植物园和…产业园; …产业园园区      → 在线 is one word, 植物园 no park, 园区 the park's area
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Namespace

from biopolicy.loaders import english, jurisdictions, resources
from biopolicy.loaders import namespaces as ns
from biopolicy.loaders.emit import generated_label, zh
from biopolicy.loaders.extract.metadata import cited_title
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, RDF, RDFS, SKOS, concept
from biopolicy.loaders.model import ExtractionContext, Jurisdiction, NamedEntity
from biopolicy.loaders.spans import Innermost, SpanSet

Span = tuple[int, int]

VOCABULARY_DIR = resources.vocabulary_dir()
VOCAB = Namespace(ns.VOCAB)
MAX_NAME = 32
NUMERALS = "0123456789一二两三四五六七八九十百千万多几数"
MEASURE_WORDS = "个家所座项批"
SLOGAN_NUMERALS = "一二两三四五六七八九十双多"  # “一核多中心”, “一库两园”: layout slogans, not names
MAX_SLOGAN = 10
# What a layout slogan counts: parks, cities, zones, cores, belts… (一园两城一区, 一核多中心, 一库两园)
SLOGAN_PLACES = "园城区核带廊心轴极谷港岛湾地片团圈镇点库基"
BOOK_TITLE = re.compile(r"《[^《》\n]{1,200}》")
HUB_SUFFIX = "中心"
PARK_AREA = "园区"  # …产业园园区: the park's area after its name
LIST_MARK = "、"
UNLISTED = "no named park beside it in a 、-list (park_suffixes.tsv rule list)"
# 利用滨海新区优越的政策: a district in a layout unit is a park only as the place of a cluster or beside a park
UNPLACED_DISTRICT = (
    "district in a layout unit neither followed by what it is to develop (entity_filters.tsv focus) "
    "nor listed beside a park"
)
# 国家中医药产业发展综合试验区: a national designation of a demonstration zone unless a place below the plan's
# own jurisdiction is in it; 国家中医药综合改革示范区(江西) in Jiangxi's plan is the status of the whole province
NATIONAL_WORDS = ("国家", "全国")
DESIGNATION_TYPE = "demonstration-zone"
# hypernym → family of its items
ENTITY_HYPERNYMS = {"park": "park", "platform": "platform", "layout": "park", "hospital": "platform"}
CLOSING = {")": "(", "）": "（", "”": "“", "’": "‘"}
MAX_GROUP = 12
SENTENCE_OPENERS = "。;\n"
MAX_NOTE = 30
NAME_EXTRA = "/·—"  # — joins two places in one name: 中国—东盟药物研发公共服务平台
ROMAN_NUMERALS = ("\u2160", "\u217f")  # Ⅰ … ⅿ: 生物安全Ⅲ级实验室
# 2025年末临港新片区: a year before a name is no part of it.
YEAR_BEFORE = re.compile(r"\d{2,4}年(?:末|底|初|前|内|起)?$")
# 济南…开发区北区弘济路9号济北生命科技产业园: a street address before a name is where it is, no part of it.
ADDRESS_BEFORE = re.compile(r"[路街道巷]\d+号$")
ADDRESS_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}[路街道巷]\d+号")  # …开发区北区弘济路9号: a part of an address
BREADCRUMB = ">"  # 房天下 >资讯中心 >市场 > 正文: a page's navigation line
BREADCRUMB_MARKS = 2
# 一是…, 特别是…, 或是…: 是 as a conjunction or list marker, not the copula of 是…的X.
NOT_COPULA_BEFORE = "一二三四五六七八九十特别或就还但只"
NOT_STATUS_AFTER = "果效本员熟都品像立长型套就分绩"  # 成果, 成效, 成都 …: 成 opening another word
LAYOUT_WORD = "布局"
ZONE_TYPES = ("development-zone", "high-tech-zone")
_CJK = re.compile(r"[\u3400-\u9fff]")
_COUNT_AFTER = re.compile(
    rf"^(?:达到|达|超过|超|为|共)?[{NUMERALS}]+(?:\s*[-~至到]\s*[{NUMERALS}]+)?[{MEASURE_WORDS}]"
)
REGION_DIRECTIONS = "东西南北"  # after a province's one-character abbreviation: a region (鄂东中医康养小镇)
_BRACKETED = re.compile(r"[(（]([^()（）]{2,6})[)）]")  # 招商局(蕲春)健康产业新城: the place in a bracket
_TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
_QUOTES = re.compile("[“”‘’\"'「」]")
# 做强市人民医院、中医院…等重点医院: a list whose head is 医院, governed by a verb of strengthening, names existing
# hospitals, not platforms the plan builds; its items keep no family of their own (精神康复 in 做优精神康复、…等特色医院).
# 支持同济医院等高水平医院向研究型医院转型 names a hospital in a platform role and stays.
HOSPITAL_SUFFIX = "医院"
HOSPITAL_HYPERNYM = "hospital"
HOST_BUILDS = ("建设", "打造", "组建", "共建", "设立", "建立", "搭建", "创建")
# A list closed by 等 + a number + 所 (the classifier of schools, hospitals and institutes) gives examples of a
# counted set of institutions (布局A医院、B医院等6所三甲医院): the plan names existing institutions, not the
# platforms it builds or designates.
_COUNTED_INSTITUTIONS = re.compile(r"(?:、[^、。;,:\n]{1,30})*等(?:\d+|[一二三四五六七八九十两几数多]+)所")
# 澳门大学中华医药研究院珠海基地: a base of an institution is one of its facilities, a platform, not a park.
INSTITUTION_BASE = re.compile(r"(?:研究院|研究所|实验室|大学|学院|医院)[\u4e00-\u9fff]{0,4}基地$")


@dataclass(frozen=True)
class Suffix:
    """A word that ends a name: its family (park | platform), its fallback type and, for parks, its rule."""

    text: str
    family: str  # park | platform | "" for a common word that is no suffix (家园, 公园)
    type: str
    rule: str  # named | place | local | layout


@dataclass
class Candidate:
    """A possible park or platform name in the working text, with what the extractor knows about it."""

    start: int
    end: int
    name: str
    family: str
    suffix: Suffix | None
    boundary: str  # the word or character that ends the name on the left
    boundary_kind: str  # a kind of name_boundaries.tsv, or punct | list | edge | count | long | slogan
    hypernym: str | None = None  # park | platform | host, when the name is an item of a …等<hypernym> list
    governor: str = ""  # the word before the first item of that list (依托, 建设 …)
    siblings: list[Candidate] = field(default_factory=list)  # the items of that list, itself included

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def modifier(self) -> str:
        """The name without its suffix and quotation marks: what makes it one entity or a class."""
        name = _TRAILING_NOTE.sub("", self.name)  # 高新区(滨江): the bracketed place follows the suffix
        core = name[: len(name) - len(self.suffix.text)] if self.suffix else name
        return _QUOTES.sub("", core)


# ---------------------------------------------------------------------------------------------- gazetteers


@cache
def suffixes() -> tuple[Suffix, ...]:
    """Park and platform suffixes, longest first."""
    found = [
        Suffix(row["suffix"], "" if row["type"] == "-" else "park", row["type"], row["rule"])
        for row in read_tsv("park_suffixes.tsv")
    ]
    found += [
        Suffix(row["suffix"], "" if row["type"] == "-" else "platform", row["type"], "named")
        for row in read_tsv("platform_suffixes.tsv")
    ]
    return tuple(sorted(found, key=lambda suffix: len(suffix.text), reverse=True))


@cache
def boundary_words() -> tuple[tuple[str, str], ...]:
    """``(word, kind)`` of name_boundaries.tsv, longest first."""
    rows = [(row["word"], row["kind"]) for row in read_tsv("name_boundaries.tsv")]
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))


@cache
def _phrase_stops() -> dict[str, tuple[str, ...]]:
    """The verbs, function words and coordinators of name_boundaries.tsv by first character, longest
    first: what ends the phrase after 等 (read at every character, so looked up, not scanned)."""
    return by_first_character(tuple(word for word, kind in boundary_words() if kind in ("verb", "function", "coordinator")))


@cache
def cue_words(kind: str) -> tuple[str, ...]:
    """The words of one kind of entity_filters.tsv, longest first."""
    words = [row["word"] for row in read_tsv("entity_filters.tsv") if row["kind"] == kind]
    return tuple(sorted(words, key=len, reverse=True))


@cache
def place_names() -> tuple[str, ...]:
    """Non-administrative place names (place_names.tsv), longest first."""
    return tuple(sorted((row["name"] for row in read_tsv("place_names.tsv")), key=len, reverse=True))


@cache
def _county_short_names() -> dict[str, Jurisdiction]:
    """Counties and districts without their suffix (坪山区 → 坪山, 同安区 → 同安), as names begin with them."""
    index: dict[str, Jurisdiction] = {}
    for division in jurisdictions.all_divisions().values():
        if division.level != "county":
            continue
        for suffix in ("新区", "区", "县", "市", "旗"):
            if division.name.endswith(suffix) and len(division.name) - len(suffix) >= 2:
                index.setdefault(division.name[: -len(suffix)], division)
                break
    return index


def leading_place(name: str) -> tuple[str, Jurisdiction | None] | None:
    """The place a name starts with, and its division when it is one (深港 → None, 坪山 → 坪山区)."""
    name = _QUOTES.sub("", name)
    for place in place_names():
        if name.startswith(place):
            return place, None
    mentions = [mention for mention in jurisdictions.find_mentions(name) if mention[0] == 0]
    if mentions:
        written = max(mentions, key=lambda mention: mention[1])[2]
        return written, jurisdictions.by_name(written)
    if len(name) > 2 and name[0] in jurisdictions.province_abbreviations() and name[1] in REGION_DIRECTIONS:
        return name[:2], None  # 鄂东, 苏北, 皖南: a region of a province
    for length in (4, 3, 2):
        division = _county_short_names().get(name[:length])
        if division and len(name) > length:
            return name[:length], division
    return None


def is_local_place(place: tuple[str, Jurisdiction | None], plan: Jurisdiction | None) -> bool:
    """A place below the plan's own jurisdiction: not the plan's city or province itself."""
    _, division = place
    if division is None or plan is None:
        return True
    return not jurisdictions.is_within(plan, division)


@cache
def vocabulary_graph(scheme: str) -> Graph:
    """``ontology/vocab/<scheme>.ttl``, parsed once per process (labels and broader links both read it)."""
    return Graph().parse(VOCABULARY_DIR / f"{scheme}.ttl")


@cache
def concept_labels(scheme: str) -> tuple[tuple[str, str], ...]:
    """``(label, concept key)`` of every Chinese prefLabel and altLabel of ``ontology/vocab/<scheme>.ttl``,
    longest first: the surface forms the loaders match."""
    graph = vocabulary_graph(scheme)
    labels = set()
    for node in graph.subjects(SKOS.inScheme, VOCAB[scheme]):
        key = str(node).rsplit("/", 1)[-1]
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(node, predicate):
                if getattr(label, "language", None) == "zh":
                    labels.add((str(label), key))
    return tuple(sorted(labels, key=lambda item: (-len(item[0]), item)))


def concept_type(name: str, scheme: str, fallback: str) -> str:
    """The concept of ``scheme`` a name is an instance of.

    A specific label that ends the name (…注册检验平台 → testing) wins, the longest first; then the
    suffix's own type (``fallback``: 长春药谷创新园 → industrial-park, not the 药谷 inside it); then the
    specific label ending last (智能医药仓储中心平台 → logistics); the generic labels of ``other``
    (平台, 中心) only when nothing else is known.
    """
    found = []
    for label, key in concept_labels(scheme):
        index = name.rfind(label)
        if index >= 0 and key != "other":
            found.append((index + len(label), len(label), key))
    at_end = [item for item in found if item[0] == len(name)]
    if at_end:
        return max(at_end)[2]
    if fallback and fallback != "other":
        return fallback
    return max(found)[2] if found else "other"


# ---------------------------------------------------------------------------------------------- scanning


def is_name_character(character: str) -> bool:
    """Characters names are written in: Chinese, Latin letters and digits (GLP, CRO/CDMO, P3), /, · and —."""
    return (
        bool(_CJK.match(character))
        or (character.isascii() and character.isalnum())
        or character in NAME_EXTRA
        or ROMAN_NUMERALS[0] <= character <= ROMAN_NUMERALS[1]
    )


def by_first_character(words: tuple, text=lambda word: word) -> dict[str, tuple]:
    """``words`` grouped by their first character, each group in the order given (longest first): the
    lookup of :func:`by_last_character` for scanners that read left to right."""
    return _grouped(words, text, 0)


@cache
def _cue_words_by_first_character(kind: str) -> dict[str, tuple[str, ...]]:
    return by_first_character(cue_words(kind))


def _word_at(work: str, index: int, words_by_first: dict[str, tuple[str, ...]]) -> str | None:
    """The first (longest) of the grouped words that starts at ``index``."""
    return next((word for word in words_by_first.get(work[index], ()) if work.startswith(word, index)), None)


def by_last_character(words: tuple, text=lambda word: word) -> dict[str, tuple]:
    """``words`` grouped by their last character, each group in the order given (longest first).

    Why: the scanners ask at every offset of the text which word ends there; looking only at the
    words that end in the character before the offset keeps that cost flat in the gazetteer size.
    """
    return _grouped(words, text, -1)


def _grouped(words: tuple, text, position: int) -> dict[str, tuple]:
    groups: dict[str, list] = {}
    for word in words:
        if text(word):
            groups.setdefault(text(word)[position], []).append(word)
    return {character: tuple(group) for character, group in groups.items()}


@cache
def _suffixes_by_last_character() -> dict[str, tuple[Suffix, ...]]:
    return by_last_character(suffixes(), lambda suffix: suffix.text)


@cache
def _suffix_last_characters() -> re.Pattern[str]:
    """A character some suffix ends with."""
    return re.compile("[" + "".join(map(re.escape, _suffixes_by_last_character())) + "]")


@cache
def _boundaries_by_last_character() -> dict[str, tuple[tuple[str, str], ...]]:
    return by_last_character(boundary_words(), lambda row: row[0])


@cache
def _places_by_last_character() -> dict[str, tuple[str, ...]]:
    return by_last_character(place_names())


@cache
def _family_suffixes_by_first_character() -> dict[str, tuple[Suffix, ...]]:
    """The park and platform suffixes that name a family, by first character, longest first."""
    return by_first_character(tuple(suffix for suffix in suffixes() if suffix.family), lambda suffix: suffix.text)


def suffix_ending_at(work: str, end: int) -> Suffix | None:
    """The longest suffix (or non-suffix word) that ends at ``end``."""
    if end <= 0:
        return None
    found = _suffixes_by_last_character().get(work[end - 1], ())
    return next((suffix for suffix in found if work.endswith(suffix.text, 0, end)), None)


def _continued(starts: list[int], furthest: list[int], end: int) -> bool:
    """Whether a match starting before ``end`` ends after it (``furthest``: running max of ends)."""
    index = bisect.bisect_left(starts, end)
    return index > 0 and furthest[index - 1] > end


def _boundary_ending_at(work: str, end: int) -> tuple[str, str] | None:
    """The longest boundary word ending at ``end``, with its kind."""
    if end <= 0:
        return None
    found = _boundaries_by_last_character().get(work[end - 1], ())
    return next(((word, kind) for word, kind in found if work.endswith(word, 0, end)), None)


def _place_ending_at(work: str, end: int) -> str | None:
    """A place of place_names.tsv ending at ``end``: scanned over whole, so 以 in 中以 ends no name."""
    if end <= 0:
        return None
    found = _places_by_last_character().get(work[end - 1], ())
    return next((place for place in found if work.endswith(place, 0, end)), None)


def _group_start(work: str, end: int) -> int | None:
    """Start of a short bracket or quotation ending at ``end`` whose content could be part of a name."""
    opener = CLOSING[work[end - 1]]
    start = work.rfind(opener, max(0, end - MAX_GROUP - 2), end - 1)
    if start < 0:
        return None
    content = work[start + 1 : end - 1]
    # Inside a name only when a name goes on before it (中韩(长春)…), not a numbering label ((二)深港…).
    if start > 0 and is_name_character(work[start - 1]) and content and all(map(is_name_character, content)):
        return start
    return None


def _ends_name_part(work: str, end: int) -> bool:
    """The text before ``end`` ends with a suffix, a boundary word or an institution word: a list item ends here.

    A common word that ends in a suffix (公园, 植物园: ``-`` in park_suffixes.tsv) ends a noun phrase too:
    ``广西药用植物园和|宝塔医药产业园`` are two places.
    """
    if end <= 0 or (not is_name_character(work[end - 1]) and work[end - 1] not in CLOSING):
        return True
    if suffix_ending_at(work, end):
        return True
    boundary = _boundary_ending_at(work, end)
    if boundary and boundary[1] != "coordinator":
        return True
    return any(work.endswith(word, 0, end) for word in cue_words("host") + cue_words("item-noun"))


def _field_coordination(work: str, comma: int) -> bool:
    """``药品、医疗器械审评中心``: 、 between two field words is inside the name."""
    fields = cue_words("field")
    right = next((field for field in fields if work.startswith(field, comma + 1)), None)
    left = next((field for field in fields if work.endswith(field, 0, comma)), None)
    if not right or not left:
        return False
    before = comma - len(left)
    return (
        before == 0
        or not is_name_character(work[before - 1])
        or _boundary_ending_at(work, before) is not None
    )


def _opens_sentence(work: str, position: int) -> bool:
    """北部大学城片区发挥…: a direction word that opens a sentence locates the name; inside one it is part
    of it (依托…、北部战区总医院)."""
    return position == 0 or work[position - 1] in SENTENCE_OPENERS


def scan_left(work: str, position: int, end: int) -> tuple[int, str, str]:
    """Walk left from ``position`` (the start of the suffix) to where the name ending at ``end`` begins.

    Returns ``(start, boundary word, boundary kind)``.
    """
    while True:
        if end - position > MAX_NAME:
            return position, "", "long"
        if position == 0:
            return 0, "", "edge"
        character = work[position - 1]
        place = _place_ending_at(work, position)
        if place:
            position -= len(place)
            continue
        if character in CLOSING:
            start = _group_start(work, position)
            if start is None:
                return position, character, "punct"
            position = start
            continue
        if character in MEASURE_WORDS and position >= 2 and work[position - 2] in NUMERALS:
            return position, work[position - 2 : position], "count"
        year = YEAR_BEFORE.search(work, max(0, position - 8), position)
        if year:
            return position, year.group(), "date"
        address = ADDRESS_BEFORE.search(work, max(0, position - 8), position)
        if address:
            return position, address.group(), "address"
        boundary = _boundary_ending_at(work, position)
        if boundary:
            word, kind = boundary
            if kind == "inside" or (kind == "direction" and not _opens_sentence(work, position - len(word))):
                position -= len(word)
                continue
            if kind == "coordinator" and not _ends_name_part(work, position - len(word)):
                position -= len(word)
                continue
            return position, word, kind
        if character == "、":
            if _field_coordination(work, position - 1):
                position -= 1
                continue
            return position, "、", "list"
        if is_name_character(character):
            position -= 1
            continue
        return position, character, "punct"


# ---------------------------------------------------------------------------------------------- document


def layout_spans(context: ExtractionContext) -> list[Span]:
    """Spatial-layout units (发展布局, 空间布局): where districts and bare zone words name layout units."""
    return [
        section.span
        for section in context.tree.walk()
        if LAYOUT_WORD in (section.label or "") or LAYOUT_WORD in section.title
    ]


class _Document:
    """The working text with what the filters need: headings, layout units, sentences."""

    def __init__(self, context: ExtractionContext):
        self.context = context
        self.work: str = context.text.work
        self.plan = context.metadata.jurisdiction
        parents = {task.parent for task in context.tasks}
        self.titles = SpanSet(task.title_span for task in context.tasks if task.title_span)
        self.leaf_titles = Innermost(
            (task.title_span, (task.title_span, task.title))
            for task in context.tasks
            if task.title_span and task.path not in parents
        )
        self.layout = SpanSet(layout_spans(context))
        self.own_zones: set[str] = set()
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.work)]
        self.cited = SpanSet(  # 根据《…打造新发展理念实践示范区的实施意见》: another document's words
            match.span() for match in BOOK_TITLE.finditer(self.work) if cited_title(self.work, match.start())
        )

    def in_layout(self, offset: int) -> bool:
        return self.layout.covers(offset)

    def is_heading(self, candidate: Candidate) -> bool:
        """The candidate is the whole title of a unit without sub-units (3.临床医学研究中心。)."""
        found = self.leaf_titles.at(candidate.start)
        if found is None:
            return False
        (_, end), title = found
        return candidate.end <= end and _QUOTES.sub("", title) == _QUOTES.sub("", candidate.name)

    def in_title(self, candidate: Candidate) -> bool:
        return self.titles.covers(candidate.start)

    def line_at(self, offset: int) -> str:
        """The line holding ``offset`` (line starts are found once: a page may be one long line)."""
        index = bisect.bisect_right(self.line_starts, offset)
        end = self.line_starts[index] - 1 if index < len(self.line_starts) else len(self.work)
        return self.work[self.line_starts[index - 1] : end]

    def sentence_before(self, offset: int) -> str:
        start = max(self.work.rfind(mark, 0, offset) for mark in "。\n") + 1
        return self.work[start:offset]

    def sentence_after(self, offset: int) -> str:
        ends = [index for index in (self.work.find(mark, offset) for mark in "。\n") if index >= 0]
        return self.work[offset : min(ends, default=len(self.work))]

    def clause_before(self, offset: int) -> str:
        start = max(self.work.rfind(mark, 0, offset) for mark in "。\n,;:") + 1
        return self.work[start:offset]


# ---------------------------------------------------------------------------------------------- candidates


def _suffix_candidates(work: str) -> list[Candidate]:
    """One candidate per suffix, its name reaching left to the nearest boundary."""
    matches = []
    for last in _suffix_last_characters().finditer(work):  # only where a suffix can end
        suffix = suffix_ending_at(work, last.end())
        if suffix:
            matches.append((last.end() - len(suffix.text), last.end(), suffix))
    # A suffix the next one continues (产业园 in 产业园区) is not where the name ends: some match
    # starts before this end and ends after it, i.e. the furthest end of the matches starting
    # before it lies beyond it (matches come in order of their end; sorted here by start).
    by_start = sorted((start, end) for start, end, _ in matches)
    starts = [start for start, _ in by_start]
    furthest = list(itertools.accumulate((end for _, end in by_start), max))
    final = [
        (start, end, suffix)
        for start, end, suffix in matches
        if not _continued(starts, furthest, end)
    ]
    candidates = []
    for start, end, suffix in final:
        if not suffix.family or _repeats_a_park_head(work, start, suffix):
            continue
        end = _place_note_end(work, end)
        name_start, word, kind = scan_left(work, start, end)
        family = suffix.family
        if family == "park" and INSTITUTION_BASE.search(work[name_start:end]):
            family = "platform"
        candidates.append(Candidate(name_start, end, work[name_start:end], family, suffix, word, kind))
    return candidates


def _repeats_a_park_head(work: str, start: int, suffix: Suffix) -> bool:
    """烟台…综合产业园园区涵盖…: 园区 right after a name ending in 园 is the noun "the park's area", not the
    end of a longer name; the name ends at the 园 before it."""
    return suffix.text == PARK_AREA and work.endswith(PARK_AREA[0], 0, start)


def _place_note_end(work: str, end: int) -> int:
    """粤港澳大湾区精准医学研究院(广州): a place in brackets right after the suffix is part of the name."""
    if not work.startswith(("(", "（"), end):
        return end
    close = next((index for index in range(end + 1, min(len(work), end + MAX_GROUP)) if work[index] in CLOSING), -1)
    return close + 1 if close > end + 1 and is_place(work[end + 1 : close]) else end


def _hypernym(work: str, position: int) -> str | None:
    """What the phrase after 等 at ``position`` names: park, platform, host, or None (…等优势产业).

    The phrase is read left to right as tokens (suffixes and institution words whole, so that 机构建设
    is 机构 + 建设) up to punctuation, a coordinator or a verb; its last token is its head. An
    item noun after a suffix is the head (…等一批平台型项目 lists projects), and a locative word after
    the head makes the list one of landmarks (…等医疗机构周边), and 医院 as the head (…等重点医院) makes
    it a list of hospitals (``HOSPITAL_HYPERNYM``).
    """
    hosts = _cue_words_by_first_character("host")
    items = _cue_words_by_first_character("item-noun")
    locatives = _cue_words_by_first_character("locative")
    heads: list[str] = []
    index = position + 1
    while index < len(work) and index - position <= 20 and is_name_character(work[index]):
        starting = _family_suffixes_by_first_character().get(work[index], ())
        suffix = next((s for s in starting if work.startswith(s.text, index)), None)
        host = _word_at(work, index, hosts)
        if suffix and (not host or len(suffix.text) >= len(host)):
            heads.append(HOSPITAL_HYPERNYM if suffix.text == HOSPITAL_SUFFIX else suffix.family)
            index += len(suffix.text)
            continue
        if host:
            heads.append("host")
            index += len(host)
            continue
        item = _word_at(work, index, items)
        if item and heads:
            heads.append("item")
            index += len(item)
            continue
        locative = _word_at(work, index, locatives)
        if locative and heads:
            heads.append("landmark")
            index += len(locative)
            continue
        boundary = _word_at(work, index, _phrase_stops())
        if boundary and index > position + 1:
            if boundary == "的":
                return None  # …等平台的企业: the list describes something else
            break
        index += 1
    return heads[-1] if heads and heads[-1] != "item" else None  # …等平台型项目: a list of projects


def _layout_slogans(work: str) -> list[int]:
    """Where a quoted layout slogan opens (…、未来美城“一园两城一区”为核心): the list before it names its units.

    A slogan that counts no place (主导产业、龙头企业…“五位一体”的发展模式) names no layout units."""
    return [
        match.start()
        for match in re.finditer(f"“[{SLOGAN_NUMERALS}][^”]{{1,{MAX_SLOGAN}}}”", work)
        if match.start() > 0 and is_name_character(work[match.start() - 1])
        and any(char in SLOGAN_PLACES for char in match.group())
    ]


def _read_enumerations(work: str, candidates: list[Candidate]) -> list[Candidate]:
    """Mark the items of every …等<hypernym> list and of every list before a layout slogan
    (A、B、C“一园两城一区”: hypernym ``layout``); add the items without a suffix of their own.

    A bracketed note after an item (国家创伤医学中心(北京大学人民医院)、…) names the institution behind
    it: the names in it share the list's hypernym and governor.
    """
    by_end = {candidate.end: candidate for candidate in candidates}
    added = []
    lists = [(match.start(), _hypernym(work, match.start())) for match in re.finditer("等", work)]
    lists += [(position, "layout") for position in _layout_slogans(work)]
    for end, hypernym in lists:
        if hypernym is None:
            continue
        items: list[Candidate] = []
        while end > 0 and (is_name_character(work[end - 1]) or work[end - 1] in CLOSING):
            item = by_end.get(end)
            opener = _note_start(work, end) if item is None else None
            if opener is not None:
                items += [c for c in candidates if opener < c.start and c.end < end and c.hypernym is None]
                end = opener
                continue
            if item is None:
                start, word, kind = scan_left(work, end, end)
                item = Candidate(start, end, work[start:end], "", None, word, kind)
            if item.start == item.end:
                break
            items.append(item)
            if item.boundary_kind not in ("list", "coordinator"):
                break
            end = item.start - len(item.boundary)
        if not items:
            continue
        governor = max(items, key=lambda item: -item.start).boundary
        with_suffix = [item for item in items if item.suffix]
        for item in items:
            item.hypernym, item.governor, item.siblings = hypernym, governor, items
            if item.suffix is None and hypernym in ENTITY_HYPERNYMS and with_suffix:
                item.family = ENTITY_HYPERNYMS[hypernym]
                added.append(item)
    return candidates + added


def _slogan_definitions(work: str, candidates: list[Candidate]) -> list[Candidate]:
    """The items a slogan's unit is defined as (“一中心、二园区、三平台”,…二园区指A和B,三平台分别为C、D、E):
    each is one of the plan's named units of the unit's family, whole between the delimiters of its list
    (产业升级换代平台, not 换代平台), even when its words alone read like a class. The candidates they
    overlap are replaced."""
    items: list[Candidate] = []
    for match in _slogan_unit_pattern().finditer(work):
        family = next(suffix.family for suffix in suffixes() if suffix.text == match.group("suffix"))
        hypernym = "layout" if family == "park" else family  # a park unit's items need no place, as a layout's
        verb, start = match.group("verb"), match.end()
        segment = re.match(r"[^,。;:\n]*", work[start:]).group()
        listed = []
        for part in re.finditer(r"[^、和及与]+", segment):
            begin, end = start + part.start(), start + part.end()
            suffix = suffix_ending_at(work, end)
            if suffix is None or not suffix.family or not all(map(is_name_character, work[begin:end])):
                listed = []  # not a list of names: 三平台即为…提供服务
                break
            item = Candidate(begin, end, work[begin:end], family, suffix, verb, "slogan", hypernym, verb)
            listed.append(item)
        for item in listed:
            item.siblings = listed
        items += listed
    if not items:
        return candidates
    return [c for c in candidates if not any(c.start < i.end and i.start < c.end for i in items)] + items


@cache
def _slogan_unit_pattern() -> re.Pattern[str]:
    """二园区指, 三平台分别为: a numeral and a suffix, opening a clause, then a word of definition."""
    units = "|".join(map(re.escape, sorted((s.text for s in suffixes() if s.family), key=len, reverse=True)))
    verbs = "|".join(map(re.escape, cue_words("definition")))
    return re.compile(
        rf"(?:^|(?<=[,。;:\n“”、]))[{SLOGAN_NUMERALS}](?P<suffix>{units})(?P<verb>{verbs})"
    )


def _note_start(work: str, end: int) -> int | None:
    """Where the bracketed note ending at ``end`` opens, when one ends there after a name."""
    opener = CLOSING.get(work[end - 1])
    if opener is None or opener in "“‘":
        return None
    start = work.rfind(opener, max(0, end - MAX_NOTE), end - 1)
    if start <= 0 or not is_name_character(work[start - 1]):
        return None
    return start if not any(mark in work[start:end] for mark in "。;:,\n") else None


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    """A name nested in a longer one is not a mention of its own (深圳湾实验室 in 深圳湾实验室坪山转化中心)."""
    kept: list[Candidate] = []  # non-overlapping, in order of start
    starts: list[int] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        index = bisect.bisect_left(starts, candidate.end)  # kept[:index] start before it ends
        if index and kept[index - 1].end > candidate.start:
            continue  # only the last of those can reach into it: kept names do not overlap
        kept.insert(index, candidate)
        starts.insert(index, candidate.start)
    return kept


# ---------------------------------------------------------------------------------------------- filters


def _only_generic_words(text: str) -> bool:
    """``text`` is a sequence of generic words (公共 服务; 科创 孵化), or empty."""
    return _made_of(text, cue_words("generic"))


def _made_of(text: str, words: tuple[str, ...]) -> bool:
    """``text`` is a sequence of ``words``, or empty."""
    reachable = [True] + [False] * len(text)
    for index in range(len(text)):
        if reachable[index]:
            for word in words:
                if text.startswith(word, index):
                    reachable[index + len(word)] = True
    return reachable[len(text)]


def is_class_name(name: str) -> bool:
    """A designation category (重点实验室, 国家临床医学研究中心, 省级区域医疗中心), level prefixes aside.

    A name that opens with the industry it serves is a category too (生物医药专业孵化器, 生物医药领域全国
    重点实验室); a national designation named after its field is one entity (国家生物医药技术创新中心).
    """
    core = _QUOTES.sub("", name)
    classes = cue_words("class")
    industry = next((word for word in cue_words("industry") if core.startswith(word) and len(core) > len(word)), "")
    core = core[len(industry) :]
    changed = True
    while changed and core not in classes:
        changed = False
        for level in cue_words("level"):
            if core.startswith(level) and len(core) > len(level):
                core = core[len(level) :].lstrip("、及和")
                changed = True
                break
    return core in classes


@cache
def _builder_pattern() -> re.Pattern[str]:
    """支持医药流通企业建设… / 支持有条件的开发区与…: a class of actors as the subject of what is built."""
    verbs = "|".join(map(re.escape, cue_words("builder-verb")))
    builders = "|".join(map(re.escape, cue_words("builder")))
    links = "|".join(map(re.escape, cue_words("builder-link")))
    return re.compile(rf"(?:{verbs})[^,。;:]{{0,40}}?(?:{builders})(?:{links})")


def rejection(document: _Document, candidate: Candidate) -> str | None:
    """Why a candidate names no specific park or platform, or None when it does."""
    if not candidate.name:
        return "empty"
    return _position_rejection(document, candidate) or _name_rejection(document, candidate)


def _position_rejection(document: _Document, candidate: Candidate) -> str | None:
    """What the words around the candidate say: a class, a count, a host, a subsidy's eligible class …"""
    if candidate.boundary_kind in ("hypernym", "quantifier", "status", "count", "long", "source"):
        return candidate.boundary_kind
    if document.cited.covers(candidate.start):
        return "inside the 《title》 of a document the plan cites (metadata.cited_title)"
    work = document.work
    after = work[candidate.end : candidate.end + 8]
    if any(after.lstrip("”’").startswith(word) for word in cue_words("attributive")):
        return "attributive"
    if _COUNT_AFTER.match(after):
        return "counted"
    if _COUNTED_INSTITUTIONS.match(work, candidate.end, candidate.end + 120):
        return "counted institutions: examples of 等N所… (names._COUNTED_INSTITUTIONS)"
    if ADDRESS_AFTER.match(work, candidate.end, candidate.end + 16):
        return "address: a street number follows it (names.ADDRESS_AFTER)"
    found = (
        _page_chrome(document, candidate)
        or _coordinated_with_a_class(document, candidate)
        or _described(document, candidate)
        or _cut_name(document, candidate)
        or _addressee(document, candidate)
        or _own_zone(document, candidate)
        or _hosted(document, candidate)
    )
    if found:
        return found
    # A measure's heading (1、建立药械临床试验平台) names a kind of facility, unless a place makes it a name.
    if (
        document.in_title(candidate)
        and not document.is_heading(candidate)
        and not leading_place(candidate.name)
    ):
        return "measure heading"
    before = document.sentence_before(candidate.start)
    if re.search(r"(?:^|[,;])对[^。]*$", before) and "给予" in document.sentence_after(candidate.end):
        return "eligibility"
    if _builder_pattern().search(before) and not leading_place(candidate.name):
        return "built by a class"
    if candidate.hypernym == "host" and candidate.governor in cue_words("host-verb"):
        return "host"
    # 依托烟台市中医医院建设…中心: the institution hosts what is built, it is not the platform.
    if candidate.boundary in cue_words("host-verb") and work.startswith(HOST_BUILDS, candidate.end):
        return "host"
    return None


def _coordinated_with_a_class(document: _Document, candidate: Candidate) -> str | None:
    """建设概念验证平台、技术转移机构: a name coordinated with a class of institutions names a kind too."""
    segment = re.match(r"[^,。;:\n]{0,20}", document.work[candidate.end :]).group()
    # …和A、B等研究机构 is a list of named institutions, and 、B基地集聚企业 a named park and its
    # predicate, not one name beside a class.
    if segment[:1] not in ("、", "和", "及") or "等" in segment or not segment.endswith(cue_words("host")):
        return None
    if any(suffix.family and suffix.text in segment for suffix in suffixes()):
        return None
    return "class: coordinated with a class of institutions (entity_filters.tsv host)"


def _page_chrome(document: _Document, candidate: Candidate) -> str | None:
    """A page's navigation line (房天下 >资讯中心 > 正文) or source line (来源:十堰市招商服务中心)."""
    if document.line_at(candidate.start).count(BREADCRUMB) >= BREADCRUMB_MARKS:
        return f"page chrome: a navigation line of {BREADCRUMB} marks (names.BREADCRUMB)"
    if _source_line().search(document.sentence_before(candidate.start)):
        return "page chrome: a source line (entity_filters.tsv source)"
    return None


@cache
def _source_line() -> re.Pattern[str]:
    words = "|".join(map(re.escape, cue_words("source")))
    return re.compile(rf"(?:{words})\s*[:：]?\s*[【\[]?$")


@cache
def _status_pattern() -> re.Pattern[str]:
    """成为/作为/打造成…: not 打造成果转化…, 建设成都… (成 opening another word)."""
    words = "|".join(map(re.escape, cue_words("status")))
    return re.compile(rf"(?:{words})(?![{NOT_STATUS_AFTER}])")


@cache
def _copula_pattern() -> re.Pattern[str]:
    """形成…的X / 是…的X: X is a description of the clause's subject."""
    words = "|".join(map(re.escape, cue_words("copula")))
    return re.compile(rf"(?<![{NOT_COPULA_BEFORE}])(?:{words})[^,。;:]*的$")


# 智飞龙科马生物制药产业园(A区)卡介菌纯蛋白衍生物产业化项目: the park's name runs on into a project's.
_PROJECT_AFTER = re.compile(r"\([^()]{1,6}\)[\u4e00-\u9fffA-Za-z0-9]{2,30}?项目")
# 打造1—2个…的药用植物园: one of a number of such; a single one (建设一个…的中心) is left to the other cues.
_COUNTED_BEFORE = re.compile(
    rf"(?<![{NUMERALS}])(?!(?:一|1)[{MEASURE_WORDS}])[{NUMERALS}]+(?:\s*[-—~至到]\s*[{NUMERALS}]+)?"
    rf"[{MEASURE_WORDS}][^,。;:]*的$"
)


def _described(document: _Document, candidate: Candidate) -> str | None:
    """The status or role of a place, a description after a copula, or one of a number of such."""
    clause = document.clause_before(candidate.start)
    status = _status_pattern().search(clause)
    if status:
        return f"status: {status.group()} before it in its clause (entity_filters.tsv status)"
    if _copula_pattern().search(clause):
        return "description: 是/形成…的 before it (entity_filters.tsv copula)"
    if _COUNTED_BEFORE.search(clause):
        return "counted: N个…的 before it (names._COUNTED_BEFORE)"
    return None


@cache
def _branch_pattern() -> re.Pattern[str]:
    words = "|".join(map(re.escape, cue_words("branch")))
    return re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?(?:{words})")


def _cut_name(document: _Document, candidate: Candidate) -> str | None:
    """A name cut out of a longer one: a branch's (…医院临安分院) or the last words of a cut excerpt."""
    work = document.work
    if _branch_pattern().match(work[candidate.end : candidate.end + 8]):
        return "cut: part of a branch's name (entity_filters.tsv branch)"
    if _PROJECT_AFTER.match(work, candidate.end):
        return "cut: part of a project's name (…产业园(A区)…产业化项目, names._PROJECT_AFTER)"
    if not work[candidate.end :].strip():
        return "cut: the last words of the text, with no closing punctuation"
    return None


def _addressee(document: _Document, candidate: Candidate) -> str | None:
    """柳东新区、北部生态新区(阳和工业新区)管委会: a body's head noun shared by a list of places."""
    if candidate.family == "platform":
        return None
    segment = re.match(r"[^,。;:\n]{0,40}", document.work[candidate.end :]).group()
    if segment[:1] in ("、", "(", ")") and segment.endswith(cue_words("agency-head")):
        return "addressee: the list ends in a body's name (entity_filters.tsv agency-head)"
    return None


def _own_zone(document: _Document, candidate: Candidate) -> str | None:
    """The zone the plan is for (its jurisdiction, or the zone whose committee issues it) is no park of it."""
    if candidate.family != "park":
        return None
    name = zone_key(candidate.name)
    if len(name) >= MIN_ZONE_KEY and any(zone.endswith(name) or name.endswith(zone) for zone in document.own_zones):
        return "the plan's own zone (its jurisdiction or issuing committee, entity_filters.tsv issue-verb)"
    return None


def _hosted(document: _Document, candidate: Candidate) -> str | None:
    """A list of landmarks (A、B等医疗机构周边) or of platforms governed by 依托 (依托A、B等国家级
    医学平台,推动…) hosts what the plan does; the plan's own platforms are built, not relied on."""
    if candidate.hypernym == "landmark":
        return "landmark: its list is a place around which something is done (entity_filters.tsv locative)"
    if candidate.family != "platform":
        return None
    if candidate.boundary in cue_words("host-verb") and _listed_with_an_organisation(document.work, candidate.end):
        return (
            f"host: {candidate.boundary} governs a list that names an organisation beside it "
            "(entity_filters.tsv organisation, host)"
        )
    if candidate.hypernym == HOSPITAL_HYPERNYM and candidate.governor in cue_words("strengthen"):
        return (
            f"existing hospital: {candidate.governor} governs its list of 医院 "
            "(entity_filters.tsv strengthen, names.HOSPITAL_SUFFIX)"
        )
    if candidate.hypernym in ("platform", HOSPITAL_HYPERNYM) and candidate.governor in cue_words("host-verb"):
        return f"host: {candidate.governor} governs its list of platforms (entity_filters.tsv host-verb)"
    return None


def _listed_with_an_organisation(work: str, end: int) -> bool:
    """依托A区域医疗中心、B医疗集团;: a later item of the list the name opens is an organisation or an
    institution (…集团, …大学), so the list names the institutions the plan relies on, not its platforms."""
    segment = re.match(r"[^,。;:\n]{0,40}", work[end:]).group()
    if segment[:1] not in ("、", "和", "及"):
        return False
    words = cue_words("organisation") + cue_words("host")
    items = [_TRAILING_NOTE.sub("", item) for item in re.split("[、和及]", segment[1:])]
    return any(item.endswith(words) for item in items)


ZONE_SHORT_FORMS = (
    ("高新技术产业开发区", "高新区"),
    ("高新技术开发区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("管理委员会", "管委会"),
)
MIN_ZONE_KEY = 3


def zone_key(name: str) -> str:
    """A zone's name with its suffix in short form, to compare 重庆高新技术产业开发区 with 重庆高新区."""
    name = _QUOTES.sub("", name)
    for long, short in ZONE_SHORT_FORMS:
        name = name.replace(long, short)
    return name


def _name_rejection(document: _Document, candidate: Candidate) -> str | None:
    """What the name itself says: a slogan, a description, a class, generic words, no place where one is needed."""
    name, suffix = candidate.name, candidate.suffix
    plain = _QUOTES.sub("", name)
    opener = document.work[candidate.start - 1 : candidate.start]
    if name[0] in SLOGAN_NUMERALS and (opener == "“" or (len(name) <= 5 and _slogan_modifier(candidate))):
        return "slogan"
    if any(plain.startswith(word) for word in cue_words("evaluative")):
        return "evaluative"
    if any(plain.startswith(word) and len(plain) > len(word) for word in cue_words("owner")):
        return "owner"
    branded = _brand(candidate)
    if branded:
        return branded
    heading = document.is_heading(candidate)
    layout = document.in_layout(candidate.start) or candidate.hypernym == "layout"
    enumerated = candidate.hypernym in ENTITY_HYPERNYMS
    layout_zone = layout and suffix is not None and suffix.type in ZONE_TYPES
    if suffix and not candidate.modifier and not layout_zone:
        return "bare"
    if is_class_name(name) and not (heading or layout):
        return "class"
    # 医药类高新区, 研发类平台: "a <suffix> of the kind X" is a category, not a name.
    if suffix and candidate.modifier.endswith("类") and not heading:
        return "class"
    if suffix and len(candidate.modifier) < 2 and not (heading or enumerated or layout_zone):
        return "too short"
    if suffix and _only_generic_words(candidate.modifier) and not (heading or enumerated or layout_zone):
        return "generic"
    hub = suffix and suffix.family == "platform" and _industry_hub(candidate.modifier, suffix)
    if hub and not (heading or layout):
        return "hub: an industry's centre or gathering place, the role of a place (entity_filters.tsv industry, hub)"
    if suffix and suffix.family == "park" and candidate.family == "park":
        return _park_rule(document, candidate, layout, enumerated)
    return None


def _slogan_modifier(candidate: Candidate) -> bool:
    """一园, 一企一园, 十大基地: numerals counting units; 两江新区 is a zone's name (江 is no count)."""
    modifier = candidate.modifier
    return len(modifier) <= 1 or modifier[1] == "大" or any(c in SLOGAN_NUMERALS for c in modifier[1:])


def _brand(candidate: Candidate) -> str | None:
    """“中国药谷”, 种业硅谷: a country or region word alone before the suffix, or a metaphor, makes a brand."""
    quoted = candidate.name.startswith("“") or candidate.boundary == "“"
    if quoted and candidate.suffix and candidate.modifier in cue_words("brand"):
        return "brand: a quoted name with only a country or region word before the suffix (entity_filters.tsv brand)"
    if _QUOTES.sub("", candidate.name).endswith(cue_words("brand-head")):
        return "brand: a metaphor ends it (entity_filters.tsv brand-head)"
    return None


def _industry_hub(modifier: str, suffix: Suffix) -> bool:
    """国家区域医药健康中心, 生物医药产业链上下游汇聚平台: level words, an industry and words of gathering
    (entity_filters.tsv hub) before the suffix name the hub a place is to be; before 中心 the industry alone
    does, before another suffix a word of gathering must be among them."""
    levels = cue_words("level")
    changed = True
    while changed:
        changed = False
        level = next((word for word in levels if modifier.startswith(word) and len(modifier) > len(word)), None)
        if level:
            modifier, changed = modifier[len(level) :], True
    if not modifier:
        return False
    if suffix.text == HUB_SUFFIX and _made_of(modifier, cue_words("industry")):
        return True
    hubs = cue_words("hub")
    return _made_of(modifier, cue_words("industry") + hubs) and any(word in modifier for word in hubs)


def _park_rule(document: _Document, candidate: Candidate, layout: bool, enumerated: bool) -> str | None:
    """The suffix's rule (park_suffixes.tsv). A layout unit's item, or an item of a list of parks with
    a named park in it (运河商务园、张家湾设计小镇等重点产业集聚区), is one of the plan's places and needs
    no place name."""
    rule = candidate.suffix.rule if candidate.suffix else "named"
    if rule == "list":
        return UNLISTED
    if rule == "layout" and jurisdictions.by_name(candidate.name) is None:
        rule = "named"  # 福州新区, 两江新区: a zone, not a district (a division of divisions.tsv)
    if rule == "layout" and not (layout or enumerated):
        return "outside layout"
    if rule == "layout" and not enumerated and focus_verb_at(document.work, candidate.end) is None:
        return UNPLACED_DISTRICT
    place = _place_in(candidate.name)
    if rule in ("place", "local") and not (candidate.hypernym == "layout" or _in_a_list_of_named_parks(candidate)):
        if place is None:
            return "no place"
        if rule == "local" and not is_local_place(place, document.plan):
            return "no local place"
    if _own_parks_of_an_industry(document, candidate, place):
        return "class: the parks of an industry in the plan's own jurisdiction (its place, industry words and 园区)"
    designation = candidate.suffix is not None and candidate.suffix.type == DESIGNATION_TYPE
    if designation and place is None and candidate.name.startswith(NATIONAL_WORDS):
        return "national designation without a place (names.NATIONAL_WORDS)"
    national = any(word in candidate.modifier for word in NATIONAL_WORDS)
    if designation and national and place is not None and not is_local_place(place, document.plan):
        return "national designation of the plan's own territory: its place is the plan's (names.NATIONAL_WORDS)"
    return None


def _own_parks_of_an_industry(
    document: _Document, candidate: Candidate, place: tuple[str, Jurisdiction | None] | None
) -> bool:
    """《浦东新区生物医药产业园区功能提升方案》 in Pudong's plan: the plan's own jurisdiction, an industry and
    园区 name the area's parks of that industry as a class, not one park (a place below it would: 张江…园区)."""
    if place is None or not candidate.suffix.text.endswith(PARK_AREA) or is_local_place(place, document.plan):
        return False
    modifier = candidate.modifier
    if not modifier.startswith(place[0]):
        return False
    rest = modifier[len(place[0]) :]
    return bool(rest) and _made_of(rest, cue_words("industry") + cue_words("generic"))


def _in_a_list_of_named_parks(candidate: Candidate) -> bool:
    return candidate.hypernym == "park" and any(
        sibling.suffix and sibling.suffix.family == "park" and sibling.suffix.rule == "named"
        for sibling in candidate.siblings
    )


def _place_in(name: str) -> tuple[str, Jurisdiction | None] | None:
    """The place a name opens with, or the division inside it: after a level word (国家火炬安徽太和…基地),
    a developer (海尔医疗黄冈大健康产业城) or in a bracket (招商局(蕲春)健康产业新城) it still names one park."""
    place = leading_place(name)
    if place:
        return place
    written = next((mention[2] for mention in jurisdictions.find_mentions(name)), None)
    if written:
        return written, jurisdictions.by_name(written)
    bracketed = next((note for note in _BRACKETED.findall(name) if is_place(note)), None)
    return (bracketed, _county_short_names().get(bracketed) or jurisdictions.by_name(bracketed)) if bracketed else None


def is_place(text: str) -> bool:
    """``text`` is exactly a place name: 深港, 坪山, 深圳市."""
    return text in place_names() or jurisdictions.by_name(text) is not None or text in _county_short_names()


def _drop_place_prefixed_repeats(accepted: list[Candidate]) -> list[Candidate]:
    """打造生物医药创新政策探索区 after 深港生物医药创新政策探索区: the short form of a place-prefixed name."""
    names = {candidate.name for candidate in accepted}
    return [
        candidate
        for candidate in accepted
        if not any(
            other.endswith(candidate.name) and is_place(other[: len(other) - len(candidate.name)])
            for other in names
            if other != candidate.name
        )
    ]


def own_zones(document: _Document, candidates: list[Candidate]) -> set[str]:
    """The zone keys of the plan's own zone: its jurisdiction, its issuing committee, and every zone
    whose committee (X管委会) issues something (印发, 公布 …) or stands alone on a heading line."""
    committees = cue_words("committee")
    zones = {zone_key(document.plan.name)} if document.plan else set()
    issuer = document.context.metadata.issuer or ""
    zones.update(zone_key(issuer[: -len(word)]) for word in committees if issuer.endswith(word))
    work = document.work
    for candidate in candidates:
        head = next((word for word in committees if work.startswith(word, candidate.end)), None)
        if head is None:
            continue
        rest = work[candidate.end + len(head) : candidate.end + len(head) + 4].lstrip(" ")
        alone = not rest.strip() or rest[0] == "\n"
        if (alone and document.line_at(candidate.start).strip() == candidate.name + head) or rest.startswith(
            cue_words("issue-verb")
        ):
            zones.add(zone_key(candidate.name))
    return {zone for zone in zones if zone}


def _judged(context: ExtractionContext) -> list[tuple[Candidate, str | None]]:
    """Every outermost candidate with its family decided and its rejection reason (None: accepted)."""
    document = _Document(context)
    candidates = _read_enumerations(document.work, _suffix_candidates(document.work))
    candidates = _slogan_definitions(document.work, candidates)
    document.own_zones = own_zones(document, candidates)
    judged = []
    for candidate in _outermost(candidates):
        if candidate.hypernym in ENTITY_HYPERNYMS and not _park_among_carriers(candidate):
            candidate.family = ENTITY_HYPERNYMS[candidate.hypernym]
        judged.append((candidate, rejection(document, candidate)))
    judged = _listed_beside_a_park(document.work, judged)
    for candidate, reason in judged:
        if reason is not None:
            context.reject(candidate.family or "parks/platforms", candidate.span, reason)
    return judged


def _park_among_carriers(candidate: Candidate) -> bool:
    """…创新园、生命健康产业园等平台: 平台 as a list's head names any carrier of a policy; an item whose own
    suffix is a park's stays a park (a park head, …等特色产业集聚区, does make a 中心 a park)."""
    return ENTITY_HYPERNYMS[candidate.hypernym] == "platform" and bool(candidate.suffix) and candidate.suffix.family == "park"


def _listed_beside_a_park(work: str, judged: list[tuple[Candidate, str | None]]) -> list[tuple[Candidate, str | None]]:
    """A name whose suffix counts only in a list (外高桥区域, 生命岛), or a district of a layout unit, is a
    park when a 、 joins it to an accepted park (聚焦张江科学城、外高桥区域; 主要是X新区、Y经开区)."""
    parks = [c.span for c, reason in judged if reason is None and c.family == "park"]
    return [
        (c, None if reason in (UNLISTED, UNPLACED_DISTRICT) and listed_beside(work, c.span, parks) else reason)
        for c, reason in judged
    ]


def listed_beside(work: str, span: Span, others: list[Span]) -> bool:
    """A 、 joins ``span`` to one of ``others``: the name before or after it in a list."""
    starts, ends = {start for start, _ in others}, {end for _, end in others}
    start, end = span
    before = work[start - 1 : start] == LIST_MARK and start - 1 in ends
    after = work[end : end + 1] == LIST_MARK and end + 1 in starts
    return before or after


def focus_verb_at(work: str, position: int) -> str | None:
    """The focus verb (entity_filters.tsv focus) at ``position``, after an optional colon: 沈北新区|建设…"""
    position = position + 1 if work.startswith(":", position) else position
    return next((word for word in cue_words("focus") if work.startswith(word, position)), None)


JUDGED_CANDIDATES = "judged park and platform candidates"  # ExtractionContext.once key


def entity_mentions(context: ExtractionContext) -> list[Candidate]:
    """Every park and platform mention of the plan, in document order, with its family decided."""
    judged = context.once(JUDGED_CANDIDATES, lambda: _judged(context))
    return _drop_place_prefixed_repeats([candidate for candidate, reason in judged if reason is None])


def rejections(context: ExtractionContext) -> list[tuple[str, str]]:
    """``(name, reason)`` of every rejected candidate: for reading why a name was not taken."""
    judged = context.once(JUDGED_CANDIDATES, lambda: _judged(context))
    return [(candidate.name, reason) for candidate, reason in judged if reason is not None]


# ---------------------------------------------------------------------------------------------
# Shared by the parks and platforms families


def distinct_names(records: list[NamedEntity]) -> list[NamedEntity]:
    """The first record of each name, in document order (a name is one entity of the plan)."""
    seen: set[str] = set()
    kept = []
    for record in records:
        if record.name not in seen:
            seen.add(record.name)
            kept.append(record)
    return kept


# Kinds of named entity whose name may be a place and an ending of zone_endings_en.tsv (a generated English label).
NAMED_PLACES = ("park", "platform")


def emit_named_entities(emitter, records: list[NamedEntity], kind: str, cls, type_property, scheme: str) -> None:
    """One node per name in the plan's jurisdiction, its type, specialisation and every mention."""
    for record in records:
        node = emitter.entity(kind, record.name)
        emitter.add(node, RDF.type, cls)
        emitter.add(node, RDFS.label, zh(record.name))
        if kind in NAMED_PLACES:
            generated_label(emitter.add, node, english.zone_name_en(record.name))
        if record.type:
            emitter.add(node, type_property, concept(scheme, record.type))
        if emitter.jurisdiction:
            emitter.add(node, BP.locatedIn, emitter.jurisdiction_node(emitter.jurisdiction))
        if record.note:
            emitter.add(node, BP.specialisation, zh(record.note))
        emitter.add(emitter.unit(record.unit), BP.mentions, node)
        emitter.cite(node, record.span)
