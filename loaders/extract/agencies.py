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

Aliases and types are data: ``gazetteers/agency_aliases.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import RDF
from rdflib.namespace import SKOS

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.emit import zh
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import Agency, Extraction, ExtractionContext, Family, Jurisdiction

ENTERPRISE = re.compile(r"(集团|公司|有限公司|股份有限公司|集团有限公司)$")
COLLECTIVE = re.compile(r"^各")
JURISDICTION_SLOT = "{j}"
# 区科经委, 县卫健局 in a district or county plan: a body of the plan's own division.
COUNTY_PREFIXES = ("区", "县")
# A 自治区 plan writes its own bodies 自治区科技厅, as a province writes 省科技厅.
PROVINCE_PREFIXES = ("自治区", "省")
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
    if plan.level == "city" or is_county_level_city(plan):
        return plan
    if plan.level == "county" and plan.parent:
        return jurisdictions.by_code(plan.parent)
    return None


def is_county_level_city(division: Jurisdiction | None) -> bool:
    """A 县级市 (浏阳市): a county-level division named …市, whose plans write its bodies 市科技局."""
    return division is not None and division.level == "county" and division.name.endswith("市")


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
    if written.startswith("市") and plan is not None:
        scope = _level_prefix(plan, "city")
        prefix_name, core = (scope.name if scope else "市"), written[1:]
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
            else:
                unlisted = LOCAL_PREFIX.match(written)
                if unlisted and _core(written[unlisted.end() :]) and plan is not None:
                    zone = unlisted.group(1)
                    # 烟台经济技术开发区管委会 already names its city: 高新区管委会 takes the plan's.
                    names_city = zone.startswith((plan.name, jurisdictions.short_name(plan.name)))
                    prefix_name = zone if names_city else plan.name + zone
                    core = written[unlisted.end() :]
                    local_body = True
    resolved = _core(core)
    if resolved is None:
        return CanonicalAgency(prefix_name + core if core != written or not plan else written, "other", scope)
    canonical_core, agency_type = resolved
    if agency_type == "government" and local_body:
        agency_type = "district-government"
    if JURISDICTION_SLOT in canonical_core:
        return CanonicalAgency(canonical_core.replace(JURISDICTION_SLOT, prefix_name), agency_type, scope)
    return CanonicalAgency(prefix_name + canonical_core, agency_type, scope)


def _local_division(written: str, plan: Jurisdiction | None) -> tuple[Jurisdiction, int] | None:
    """A county or district of the plan's jurisdiction at the start of the name (福田区政府 → 福田区)."""
    if plan is None:
        return None
    for end in range(len(written) - 1, 1, -1):
        division = jurisdictions.by_name(written[:end], within=plan)
        if division and division.level == "county" and jurisdictions.is_within(division, plan):
            return division, end
    return None


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
    """Every agency as the plan writes it, first mention first: the responsible ones and its issuer."""
    written = [item.agency for item in context.facts.get("responsibilities", [])]
    issuer = context.metadata.issuer
    return list(dict.fromkeys(written + ([issuer] if issuer else [])))


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
