"""Canonical agencies: merge the ways plans write one department, per jurisdiction.

    市发改委 / 市发展改革委 / 市发展和改革委员会  (a Xiamen plan)  → 厦门市发展和改革委员会, development-reform
    发改委                                       (a Shenyang plan) → 沈阳市发展和改革委员会 (no prefix: the plan's own level)
    省科技厅                                     (a Hubei plan)    → 湖北省科学技术厅, science-technology
    福田区政府                                   (a Shenzhen plan) → 深圳市福田区人民政府, district-government
    大鹏新区管委会                               (a Shenzhen plan) → 深圳市大鹏新区管理委员会, park-management
    烟台经济技术开发区管委会                     (a Yantai plan)   → 烟台经济技术开发区管理委员会 (names its city)
    区科经委                                     (a Pudong plan)   → 上海市浦东新区科技和经济委员会 (the plan's district)
    自治区科技厅                                 (a Guangxi plan)  → 广西壮族自治区科学技术厅 (自治区 as 省)
    市科技局, 浏阳市人民政府                     (a 浏阳市 plan)   → 浏阳市科学技术局, 浏阳市人民政府 (a county-level
                                                                     city's 市 is itself, not its prefecture)
    各区县(市)人民政府, 长江产业集团                                → as written (collective body, enterprise)
    州卫生健康委, 大理州财政局                   (a 大理白族自治州 plan) → 大理白族自治州卫生健康委员会, 大理白族自治州财政局
                                                                     (州 as 市; X州 is the short form of X…自治州)
    上海自由贸易试验区临港新片区管理委员会 (that zone's plan)     → as written (it names the plan's own zone)
    中国人民银行大理中心支行                                        → as written (a national body's branch)

The agencies of a plan are those responsible for its units, its issuer(s) (``|``-joined co-issuers
are one agency each), the signers of a consultation letter on its draft (its drafters) and the bodies
a sentence names as making it: ``X、Y等9个厅局联合印发了《plan》``,
``X会同Y、Z起草制定了《plan》`` (drafters are agencies of the plan, responsible for no task).

Aliases and types are data: ``gazetteers/agency_aliases.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from biopolicy.loaders import english, jurisdictions
from biopolicy.loaders.emit import generated_label, zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, RDF, SKOS, concept
from biopolicy.loaders.model import Agency, Extraction, ExtractionContext, Family, Jurisdiction

ENTERPRISE = re.compile(r"(集团|公司|有限公司|股份有限公司|集团有限公司)$")
COLLECTIVE = re.compile(r"^各")
JURISDICTION_SLOT = "{j}"
# 区科经委, 县卫健局 in a district or county plan: a body of the plan's own division.
COUNTY_PREFIXES = ("区", "县")
# A 自治区 plan writes its own bodies 自治区科技厅, as a province writes 省科技厅.
PROVINCE_PREFIXES = ("自治区", "省")
# A 自治州 plan writes its own bodies 州卫生健康委, as a city writes 市卫健委; X州 is the short form of X…自治州.
PREFECTURE_PREFIX = "州"
AUTONOMOUS_PREFECTURE = "自治州"
# Bodies of the state written in full (中国人民银行…, 国家税务总局…) take no local prefix.
NATIONAL_PREFIXES = ("中国", "国家", "国务院")
# A municipality (重庆市) is province-tier but writes its own bodies 市政府办公厅 (divisions_levels.tsv).
MUNICIPALITY = "municipality"
ISSUER_SEPARATOR = "|"  # co-issuers of one plan, as metadata joins them
# 联合印发了《, 相继制定、印发了《, 起草制定了《: a body making the document named next.
MAKER_VERB = re.compile(r"(?:联合|共同|相继|牵头)?(?:起草制定|研究制定|起草|制定|编制|印发|发布|出台|下发)(?:[、和](?:制定|印发|发布))?了?《")
SENTENCE_MARKS = ("。", "\n", "!", "?")
WITH = "会同"
CITING_WORDS = ("根据", "按照", "依据", "贯彻", "落实", "为")
# The shortest opening of a list item that ends with a body suffix: 省工信厅 of 省工信厅等9个厅局联合.
MAKER_BODY = re.compile(
    r"[\u4e00-\u9fff]{1,24}?(?:管理委员会|委员会|管委会|领导小组办公室|领导小组|专班办公室|办公厅|办公室|人民政府|政府|管委|局|厅|委|办)"
    r"(?:办公厅|办公室)?"
)
# 市委、市政府制定出台了《…》 names a joint party–government authorship, not issuing agencies
# (tests/gold/CONVENTIONS.md, issuer).
PARTY_COMMITTEES = ("市委", "省委", "区委", "县委", "州委", "党委")
# Where a body's name may start: its level prefix (市科技局) when no division name opens it.
LEVEL_PREFIXES = ("自治区", "省", "市", "州", "区", "县")
LEVEL_PREFIX_INSIDE = re.compile(r"自治区|[省市州]")
# A zone's bare name as an agency (天津经开区发布) stands for its administrative committee.
ZONE_COMMITTEE = "管理委员会"
LOCAL_PREFIX = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:新区|区|县|市|旗))")


@dataclass(frozen=True)
class CanonicalAgency:
    name: str  # full official name, with the jurisdiction prefix
    type: str  # agency-type concept key
    jurisdiction: Jurisdiction | None


@cache
def _aliases() -> list[tuple[str, str, str]]:
    rows = [(row["alias"], row["canonical"], row["type"]) for row in read_tsv("agency_aliases.tsv")]
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


def _core(core: str) -> tuple[str, str] | None:
    for alias, canonical, agency_type in _aliases():
        if core.endswith(alias):
            head = core[: -len(alias)]
            if JURISDICTION_SLOT in canonical:
                return canonical.replace(JURISDICTION_SLOT, JURISDICTION_SLOT + head), agency_type
            return head + canonical, agency_type
    return None


def _level_prefix(plan: Jurisdiction, level: str) -> Jurisdiction | None:
    """The division a 市/省 prefix refers to in a plan of jurisdiction ``plan``."""
    if level == "province":
        return jurisdictions.province_of(plan)
    if plan.admin_level == MUNICIPALITY:
        return plan  # 市政府办公厅 in a Chongqing plan: the municipality is the 市
    if plan.level == "city" or is_county_level_city(plan):
        return plan
    if plan.level == "county" and plan.parent:
        return jurisdictions.by_code(plan.parent)
    return None


def is_county_level_city(division: Jurisdiction | None) -> bool:
    """A 县级市 (浏阳市): a county-level division named …市, whose plans write its bodies 市科技局."""
    return division is not None and division.level == "county" and division.name.endswith("市")


PARTY_PREFIX = "中共"
PARTY_COMMITTEE = "委"  # after the place: 省委, 市委, 县委 …, the place's party committee


def canonical_agency(written: str, plan: Jurisdiction | None) -> CanonicalAgency:
    """Canonical name, type and jurisdiction of an agency as written in a plan of ``plan``."""
    if COLLECTIVE.match(written):
        kind = "collective-local-governments" if "政府" in written else "other"
        return CanonicalAgency(written, kind, plan)
    if ENTERPRISE.search(written):
        return CanonicalAgency(written, "enterprise", plan)
    scope: Jurisdiction | None = plan
    local_body = False  # a district or county body, listed in the gazetteer or not (大鹏新区)
    prefix_name = plan.name if plan else ""
    core = written
    if written.startswith(NATIONAL_PREFIXES):
        resolved = _core(written)
        return CanonicalAgency(written, resolved[1] if resolved else "other", plan)
    zone_committee = _zone_committee(written, plan)
    if zone_committee is not None:
        return zone_committee
    if written.startswith("市") and plan is not None:
        scope = _level_prefix(plan, "city")
        prefix_name, core = (scope.name if scope else "市"), written[1:]
    elif written.startswith(PREFECTURE_PREFIX) and _prefecture(plan) is not None:
        scope = _prefecture(plan)
        prefix_name, core = scope.name, written[1:]
    elif _prefecture_short_form(written, plan) is not None:
        scope, length = _prefecture_short_form(written, plan)
        prefix_name, core = scope.name, written[length:]
    elif written.startswith(PROVINCE_PREFIXES) and plan is not None:
        prefix = next(prefix for prefix in PROVINCE_PREFIXES if written.startswith(prefix))
        scope = _level_prefix(plan, "province")
        prefix_name, core = (scope.name if scope else prefix), written[len(prefix) :]
    elif written.startswith(COUNTY_PREFIXES) and plan is not None and plan.level == "county":
        parent = jurisdictions.by_code(plan.parent) if plan.parent else None
        prefix_name, core = (parent.name if parent else "") + plan.name, written[1:]
        local_body = True
    else:
        local = _local_division(written, plan)
        if local is not None:
            division, length = local
            scope = division
            if division == plan and is_county_level_city(plan):
                # A county-level city naming itself (浏阳市人民政府): its own name is the full name.
                prefix_name, core = division.name, written[length:]
                resolved = _core(core)
                if resolved is not None and JURISDICTION_SLOT not in resolved[0]:
                    return CanonicalAgency(prefix_name + resolved[0], resolved[1], scope)
            parent = jurisdictions.by_code(division.parent) if division.parent else None
            within = parent.name if parent and division.level == "county" else ""
            prefix_name, core = within + division.name, written[length:]
            local_body = division.level == "county"
        else:
            named = _named_division(written)
            if named is not None:
                scope, length = named
                prefix_name, core = scope.name, written[length:]
                city = _city_of_unique_county(scope)
                if city is not None:
                    prefix_name, local_body = city.name + scope.name, True
                district = _local_division(core, scope)
                if district is not None and district[0].parent == scope.code:
                    scope, district_length = district
                    prefix_name, core = prefix_name + scope.name, core[district_length:]
                    local_body = True
            else:
                unlisted = LOCAL_PREFIX.match(written)
                if unlisted and _core(written[unlisted.end() :]) and plan is not None:
                    zone = unlisted.group(1)
                    # 烟台经济技术开发区管委会 already names its city: 高新区管委会 takes the plan's.
                    own_places = (plan.name, jurisdictions.short_name(plan.name), _opening_place(plan.name) or plan.name)
                    names_city = zone.startswith(own_places)
                    prefix_name = zone if names_city else plan.name + zone
                    core = written[unlisted.end() :]
                    local_body = True
    resolved = _core(core)
    if resolved is None:
        name = prefix_name + core if core != written or not plan else written
        return CanonicalAgency(_party_prefixed(name, core), "other", scope)
    canonical_core, agency_type = resolved
    if agency_type == "government" and local_body:
        agency_type = "district-government"
    if JURISDICTION_SLOT in canonical_core:
        return CanonicalAgency(canonical_core.replace(JURISDICTION_SLOT, prefix_name), agency_type, scope)
    return CanonicalAgency(_party_prefixed(prefix_name + canonical_core, core), agency_type, scope)


def _party_prefixed(name: str, core: str) -> str:
    """A party committee's body takes its official 中共 prefix (四川省委农村工作领导小组 → 中共四川省委…).

    ``core`` is what follows the place: a body of the place's party committee (省委, 市委, 县委, 区委)
    opens with 委. Documents drop 中共 in running text; the full name keeps it.
    """
    if core.startswith(PARTY_COMMITTEE) and not name.startswith(PARTY_PREFIX):
        return PARTY_PREFIX + name
    return name


def _zone_committee(written: str, plan: Jurisdiction | None) -> CanonicalAgency | None:
    """The committee of a development-zone plan, written with the zone's name in full or abbreviated.

    ``重庆高新区管委会`` in the plan of 重庆高新技术产业开发区 → 重庆高新技术产业开发区管理委员会; the
    zone's bare name as an issuer (``天津经开区发布``) stands for its committee.
    """
    if plan is None or jurisdictions.by_name(plan.name) is not None:
        return None  # the plan's jurisdiction is a GB/T division, not a zone
    zone = plan.name if written.startswith(plan.name) else _abbreviated_zone(written, plan.name)
    if zone is None:
        return None
    rest = written[len(zone) :]
    resolved = _core(rest) if rest else (ZONE_COMMITTEE, "park-management")
    if resolved is None or JURISDICTION_SLOT in resolved[0]:
        return None
    return CanonicalAgency(plan.name + resolved[0], resolved[1], plan)


def _abbreviated_zone(written: str, zone_name: str) -> str | None:
    """The opening of ``written`` that abbreviates ``zone_name`` (重庆高新区 for 重庆高新技术产业开发区).

    Both open with the same place name, and the abbreviation's other characters appear in the full
    name in order, ending with the same character (Chinese abbreviations keep characters of the name).
    """
    opening = _opening_place(zone_name)
    if opening is None or not written.startswith(opening):
        return None
    place = len(opening)
    tail = zone_name[place:]
    for end in range(len(written), place + 1, -1):
        candidate = written[place:end]
        if candidate[-1] == tail[-1] and _is_subsequence(candidate, tail):
            return written[:end]
    return None


def _opening_place(name: str) -> str | None:
    """The division name (full or short) ``name`` opens with: 重庆 for 重庆高新技术产业开发区."""
    return next((found for start, _, found in jurisdictions.find_mentions(name) if start == 0), None)


def _is_subsequence(short: str, full: str) -> bool:
    remaining = iter(full)
    return all(char in remaining for char in short)


def _prefecture(plan: Jurisdiction | None) -> Jurisdiction | None:
    """The 自治州 a plan belongs to (itself, or the prefecture above a county), None elsewhere."""
    division = _level_prefix(plan, "city") if plan is not None else None
    return division if division is not None and division.name.endswith(AUTONOMOUS_PREFECTURE) else None


def _prefecture_short_form(written: str, plan: Jurisdiction | None) -> tuple[Jurisdiction, int] | None:
    """``(自治州, length)`` when ``written`` opens with its short form X州 (大理州 → 大理白族自治州).

    The short form is the first two to four characters of the full name followed by 州; a 自治州 of
    the plan's province is preferred when two share the opening.
    """
    for length in range(2, 5):
        if written[length : length + 1] != PREFECTURE_PREFIX:
            continue
        found = _prefectures_opening_with(written[:length])
        if found:
            within = [division for division in found if plan is not None and division.parent == plan.code[:2] + "0000"]
            return (within or found)[0], length + 1
    return None


@cache
def _prefectures_opening_with(opening: str) -> list[Jurisdiction]:
    return [
        division
        for division in jurisdictions.all_divisions().values()
        if division.level == "city" and division.name.endswith(AUTONOMOUS_PREFECTURE) and division.name.startswith(opening)
    ]


def _local_division(written: str, plan: Jurisdiction | None) -> tuple[Jurisdiction, int] | None:
    """A county or district of the plan's jurisdiction at the start of the name (福田区政府 → 福田区)."""
    if plan is None:
        return None
    for end in range(len(written) - 1, 1, -1):
        division = jurisdictions.by_name(written[:end], within=plan)
        if division and division.level == "county" and jurisdictions.is_within(division, plan):
            return division, end
    return None


def _city_of_unique_county(division: Jurisdiction) -> Jurisdiction | None:
    """The city of a district or county named in full that no other division shares (袁州区 → 宜春市),
    so a plan that never names its city still writes the body's full name; a 县级市 names itself."""
    if division.level != "county" or is_county_level_city(division) or not division.parent:
        return None
    if len(jurisdictions.divisions_named(division.name)) != 1:
        return None
    return jurisdictions.by_code(division.parent)


def _named_division(written: str) -> tuple[Jurisdiction, int] | None:
    """A province or city named in full at the start (湖北省科学技术厅 → 湖北省)."""
    for start, end, name in jurisdictions.find_mentions(written):
        if start != 0:
            break
        division = jurisdictions.by_name(name)
        if division and division.name == name:
            return division, end
    return None


# ---------------------------------------------------------------------------------------------
# The agencies family: every agency the plan names, resolved once, during extraction


def written_agencies(context: ExtractionContext) -> list[str]:
    """Every agency as the plan writes it, first mention first: the responsible ones, its issuer(s)
    and the bodies that made it (drafters, co-issuers named in a sentence)."""
    written = [item.agency for item in context.facts.get("responsibilities", [])]
    issuer = context.metadata.issuer
    issuers = [name for name in (issuer or "").split(ISSUER_SEPARATOR) if name]
    drafters = list(context.metadata.drafters)
    return list(dict.fromkeys(written + issuers + drafters + plan_makers(context)))


def plan_makers(context: ExtractionContext) -> list[str]:
    """Bodies a sentence names as making the plan: ``X、Y等9个厅局联合印发了《plan》``,
    ``X作为…牵头部门,会同Y、Z…起草制定了《plan》``.

    The 《》 must name the plan (its title, or the first 《》 when no title was found); a sentence
    that cites a document (根据, 按照 … before its bodies) names no maker. Each name is the
    shortest opening of a list item that ends with a body suffix (``MAKER_BODY``).
    """
    work = context.text.work
    makers: list[str] = []
    for verb in MAKER_VERB.finditer(work):
        if not _names_the_plan(work, verb.end(), context.metadata.title):
            continue
        sentence_start = max(work.rfind(mark, 0, verb.start()) for mark in SENTENCE_MARKS) + 1
        parts = re.split(r"[,;]", work[sentence_start : verb.start()])
        # A part that cites a document (根据《…》, …》精神) names no maker of this one.
        parts = [part for part in parts if "》" not in part]
        subject = next((part for part in parts if not part.startswith(CITING_WORDS)), "")
        for part in dict.fromkeys([subject, parts[-1] if parts else "", *(part[len(WITH) :] for part in parts if part.startswith(WITH))]):
            if part.startswith(CITING_WORDS):
                context.reject("agencies", (sentence_start, verb.end()), f"cites a document: {part[:2]} (agencies.py CITING_WORDS)")
                continue
            bodies = [body for item in re.split(r"[、和]", part) if (body := _maker_body(item.strip(), context))]
            if any(body.endswith(PARTY_COMMITTEES) for body in bodies):
                reason = "joint party-government authorship 市委、市政府 (agencies.py PARTY_COMMITTEES)"
                context.reject("agencies", (sentence_start, verb.end()), reason)
                continue
            makers += bodies
    return makers


def _maker_body(item: str, context: ExtractionContext) -> str | None:
    """The body an item of a maker list names, without words before its level prefix (日前市政府办公厅)."""
    opens_with_place = _opening_place(item) or _prefecture_short_form(item, context.metadata.jurisdiction)
    if not opens_with_place and not item.startswith(LEVEL_PREFIXES):
        places = [start for start, _, _ in jurisdictions.find_mentions(item)]
        prefix = LEVEL_PREFIX_INSIDE.search(item)
        starts = places + ([prefix.start()] if prefix else [])
        item = item[min(starts) :] if starts else item
    found = MAKER_BODY.match(item)
    return found.group() if found else None


def _names_the_plan(work: str, title_start: int, title: str) -> bool:
    """Whether the 《》 at ``title_start`` names the plan: its title, or any when it has none."""
    close = work.find("》", title_start)
    if close < 0:
        return False
    named = work[title_start:close]
    return not title or named in title or title.strip("《》") in named


def resolve_agency(written: str, plan: Jurisdiction | None) -> Agency:
    canonical = canonical_agency(written, plan)
    return Agency(written, canonical.name, canonical.type, canonical.jurisdiction)


def extract_agencies(context: ExtractionContext) -> list[Agency]:
    plan = context.metadata.jurisdiction
    return [resolve_agency(written, plan) for written in written_agencies(context)]


def agency_rows(extraction: Extraction) -> list[dict]:
    return [
        {"agency": agency.written, "canonical": agency.name, "type": agency.type}
        for agency in sorted(extraction.agencies, key=lambda agency: agency.written)
    ]


def emit_agencies(emitter, agencies: list[Agency]) -> None:
    """One ``bp:Agency`` node per canonical body, with every way the plan writes it."""
    for agency in agencies:
        node = emitter.agency_node(agency.written)
        emitter.add(node, RDF.type, BP.Agency)
        emitter.add(node, SKOS.prefLabel, zh(agency.name))
        if agency.written != agency.name:
            emitter.add(node, SKOS.altLabel, zh(agency.written))
        generated_label(emitter.add, node, english.agency_name_en(agency.name, agency.jurisdiction))
        emitter.add(node, BP.agencyType, concept("agency-type", agency.type))
        if agency.jurisdiction:
            emitter.add(node, BP.jurisdiction, emitter.jurisdiction_node(agency.jurisdiction))


FAMILY = Family(
    name="agencies",
    columns=("jurisdiction", "agency", "canonical", "type"),
    extract=extract_agencies,
    rows=agency_rows,
    emit=emit_agencies,
)
