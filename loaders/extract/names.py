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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.namespace import SKOS

from biopolicy.loaders import jurisdictions, resources
from biopolicy.loaders import namespaces as ns
from biopolicy.loaders.emit import zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import ExtractionContext, Jurisdiction, NamedEntity

Span = tuple[int, int]

VOCABULARY_DIR = resources.vocabulary_dir()
VOCAB = Namespace(ns.VOCAB)
MAX_NAME = 32
NUMERALS = "0123456789一二两三四五六七八九十百千万多几数"
MEASURE_WORDS = "个家所座项批"
SLOGAN_NUMERALS = "一二两三四五六七八九十双多"  # “一核多中心”, “一库两园”: layout slogans, not names
CLOSING = {")": "(", "）": "（", "”": "“", "’": "‘"}
MAX_GROUP = 12
NAME_EXTRA = "/·—"  # — joins two places in one name: 中国—东盟药物研发公共服务平台
LAYOUT_WORD = "布局"
ZONE_TYPES = ("development-zone", "high-tech-zone")
_CJK = re.compile(r"[\u3400-\u9fff]")
_COUNT_AFTER = re.compile(
    rf"^(?:达到|达|超过|超|为|共)?[{NUMERALS}]+(?:\s*[-~至到]\s*[{NUMERALS}]+)?[{MEASURE_WORDS}]"
)
_QUOTES = re.compile("[“”‘’\"'「」]")
HOST_BUILDS = ("建设", "打造", "组建", "共建", "设立", "建立", "搭建", "创建")
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
    boundary_kind: str  # a kind of name_boundaries.tsv, or punct | list | edge | count | long
    hypernym: str | None = None  # park | platform | host, when the name is an item of a …等<hypernym> list
    governor: str = ""  # the word before the first item of that list (依托, 建设 …)

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def modifier(self) -> str:
        """The name without its suffix and quotation marks: what makes it one entity or a class."""
        core = self.name[: len(self.name) - len(self.suffix.text)] if self.suffix else self.name
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
def concept_labels(scheme: str) -> tuple[tuple[str, str], ...]:
    """``(label, concept key)`` of every Chinese prefLabel and altLabel of ``ontology/vocab/<scheme>.ttl``,
    longest first: the surface forms the loaders match."""
    graph = Graph().parse(VOCABULARY_DIR / f"{scheme}.ttl")
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
    )


def suffix_ending_at(work: str, end: int) -> Suffix | None:
    """The longest suffix (or non-suffix word) that ends at ``end``."""
    return next((suffix for suffix in suffixes() if work.endswith(suffix.text, 0, end)), None)


def _boundary_ending_at(work: str, end: int) -> tuple[str, str] | None:
    """The longest boundary word ending at ``end``, with its kind."""
    return next(((word, kind) for word, kind in boundary_words() if work.endswith(word, 0, end)), None)


def _place_ending_at(work: str, end: int) -> str | None:
    """A place of place_names.tsv ending at ``end``: scanned over whole, so 以 in 中以 ends no name."""
    return next((place for place in place_names() if work.endswith(place, 0, end)), None)


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
    """The text before ``end`` ends with a suffix, a boundary word or an institution word: a list item ends here."""
    if end <= 0 or (not is_name_character(work[end - 1]) and work[end - 1] not in CLOSING):
        return True
    suffix = suffix_ending_at(work, end)
    if suffix and suffix.family:
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
        boundary = _boundary_ending_at(work, position)
        if boundary:
            word, kind = boundary
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
        self.titles = [task.title_span for task in context.tasks if task.title_span]
        self.leaf_titles = {
            task.title_span: task.title
            for task in context.tasks
            if task.title_span and task.path not in parents
        }
        self.layout = layout_spans(context)

    def in_layout(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.layout)

    def is_heading(self, candidate: Candidate) -> bool:
        """The candidate is the whole title of a unit without sub-units (3.临床医学研究中心。)."""
        return any(
            start <= candidate.start
            and candidate.end <= end
            and _QUOTES.sub("", title) == _QUOTES.sub("", candidate.name)
            for (start, end), title in self.leaf_titles.items()
        )

    def in_title(self, candidate: Candidate) -> bool:
        return any(start <= candidate.start < end for start, end in self.titles)

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
    for end in range(1, len(work) + 1):
        suffix = suffix_ending_at(work, end)
        if suffix:
            matches.append((end - len(suffix.text), end, suffix))
    # A suffix the next one continues (产业园 in 产业园区) is not where the name ends.
    final = [
        (start, end, suffix)
        for start, end, suffix in matches
        if not any(other_start < end < other_end for other_start, other_end, _ in matches)
    ]
    candidates = []
    for start, end, suffix in final:
        if not suffix.family:
            continue
        name_start, word, kind = scan_left(work, start, end)
        family = suffix.family
        if family == "park" and INSTITUTION_BASE.search(work[name_start:end]):
            family = "platform"
        candidates.append(Candidate(name_start, end, work[name_start:end], family, suffix, word, kind))
    return candidates


def _hypernym(work: str, position: int) -> str | None:
    """What the phrase after 等 at ``position`` names: park, platform, host, or None (…等优势产业).

    The phrase is read left to right as tokens (suffixes and institution words whole, so that 机构建设
    is 机构 + 建设) up to punctuation, a coordinator or a verb; its last token is its head.
    """
    hosts = cue_words("host")
    heads: list[str] = []
    index = position + 1
    while index < len(work) and index - position <= 20 and is_name_character(work[index]):
        suffix = next((s for s in suffixes() if s.family and work.startswith(s.text, index)), None)
        host = next((word for word in hosts if work.startswith(word, index)), None)
        if suffix and (not host or len(suffix.text) >= len(host)):
            heads.append(suffix.family)
            index += len(suffix.text)
            continue
        if host:
            heads.append("host")
            index += len(host)
            continue
        boundary = next(
            (
                word
                for word, kind in boundary_words()
                if kind in ("verb", "function", "coordinator") and work.startswith(word, index)
            ),
            None,
        )
        if boundary and index > position + 1:
            if boundary == "的":
                return None  # …等平台的企业: the list describes something else
            break
        index += 1
    return heads[-1] if heads else None


def _read_enumerations(work: str, candidates: list[Candidate]) -> list[Candidate]:
    """Mark the items of every …等<hypernym> list; add the items without a suffix of their own."""
    by_end = {candidate.end: candidate for candidate in candidates}
    added = []
    for match in re.finditer("等", work):
        hypernym = _hypernym(work, match.start())
        if hypernym is None:
            continue
        items: list[Candidate] = []
        end = match.start()
        while end > 0 and (is_name_character(work[end - 1]) or work[end - 1] in CLOSING):
            item = by_end.get(end)
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
        governor = items[-1].boundary
        with_suffix = [item for item in items if item.suffix]
        for item in items:
            item.hypernym, item.governor = hypernym, governor
            if item.suffix is None and hypernym in ("park", "platform") and with_suffix:
                item.family = hypernym
                added.append(item)
    return candidates + added


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    """A name nested in a longer one is not a mention of its own (深圳湾实验室 in 深圳湾实验室坪山转化中心)."""
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(other.start < candidate.end and candidate.start < other.end for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


# ---------------------------------------------------------------------------------------------- filters


def _only_generic_words(text: str) -> bool:
    """``text`` is a sequence of generic words (公共 服务; 科创 孵化), or empty."""
    words = cue_words("generic")
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
    if candidate.boundary_kind in ("hypernym", "quantifier", "status", "count", "long"):
        return candidate.boundary_kind
    work = document.work
    after = work[candidate.end : candidate.end + 8]
    if any(after.startswith(word) for word in cue_words("attributive")):
        return "attributive"
    if _COUNT_AFTER.match(after):
        return "counted"
    if "成为" in document.clause_before(candidate.start):
        return "status"
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


def _name_rejection(document: _Document, candidate: Candidate) -> str | None:
    """What the name itself says: a slogan, a description, a class, generic words, no place where one is needed."""
    name, suffix = candidate.name, candidate.suffix
    plain = _QUOTES.sub("", name)
    opener = document.work[candidate.start - 1 : candidate.start]
    if name[0] in SLOGAN_NUMERALS and (opener == "“" or len(name) <= 5):
        return "slogan"
    if any(plain.startswith(word) for word in cue_words("evaluative")):
        return "evaluative"
    if any(plain.startswith(word) and len(plain) > len(word) for word in cue_words("owner")):
        return "owner"
    heading = document.is_heading(candidate)
    layout = document.in_layout(candidate.start)
    enumerated = candidate.hypernym in ("park", "platform")
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
    if suffix and suffix.family == "park" and candidate.family == "park":
        return _park_rule(document, candidate, layout)
    return None


def _park_rule(document: _Document, candidate: Candidate, layout: bool) -> str | None:
    rule = candidate.suffix.rule if candidate.suffix else "named"
    if rule == "layout" and not layout:
        return "outside layout"
    if rule in ("place", "local"):
        place = leading_place(candidate.name)
        if place is None:
            return "no place"
        if rule == "local" and not is_local_place(place, document.plan):
            return "no local place"
    return None


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


def _judged(context: ExtractionContext) -> list[tuple[Candidate, str | None]]:
    """Every outermost candidate with its family decided and its rejection reason (None: accepted)."""
    document = _Document(context)
    candidates = _read_enumerations(document.work, _suffix_candidates(document.work))
    judged = []
    for candidate in _outermost(candidates):
        if candidate.hypernym in ("park", "platform"):
            candidate.family = candidate.hypernym
        reason = rejection(document, candidate)
        judged.append((candidate, reason))
        if reason is not None:
            context.reject(candidate.family or "parks/platforms", candidate.span, reason)
    return judged


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


def emit_named_entities(emitter, records: list[NamedEntity], kind: str, cls, type_property, scheme: str) -> None:
    """One node per name in the plan's jurisdiction, its type, specialisation and every mention."""
    for record in records:
        node = emitter.entity(kind, record.name)
        emitter.add(node, RDF.type, cls)
        emitter.add(node, RDFS.label, zh(record.name))
        if record.type:
            emitter.add(node, type_property, concept(scheme, record.type))
        if emitter.jurisdiction:
            emitter.add(node, BP.locatedIn, emitter.jurisdiction_node(emitter.jurisdiction))
        if record.note:
            emitter.add(node, BP.specialisation, zh(record.note))
        emitter.add(emitter.unit(record.unit), BP.mentions, node)
        emitter.cite(node, record.span)
