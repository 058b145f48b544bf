"""Parks: industrial parks, bases, development and high-tech zones, science and bio-cities, valleys,
demonstration, pilot, cooperation and cluster areas that a plan names as one entity.

Names are found by their suffix and cut on the left by ``names.py``; patterns of the genre:

    支持海沧区……筹划生命健康未来产业园                 → 生命健康未来产业园 (industrial-park)
    依托坪山国家生物产业基地                            → 坪山国家生物产业基地 (a base needs a place name)
    支持光谷生物城、光谷南大健康产业园…等高水平园区建设 → each item of the list
    支持咸宁护理床生产基地、孝感病理设备制造中心…等特色产业集聚区建设
                                                        → 孝感病理设备制造中心 is a park: its list's hypernym says so
    铁西经济技术开发区集中发展抗体、重组蛋白…等领域    → note (specialisation): 抗体、重组蛋白…等领域
    “三极”:加速打造经开区、…  (a spatial-layout unit)  → the bare 经开区 is a named layout unit
    鼓励沈北新区建设…产业集聚区,大东区建设…            → in a layout unit a district named as the place
                                                          of a cluster is a park (type district)

    以中关村生命科学园、国际医疗器械城、未来美城、合成生物制造产业集聚区“一园两城一区”为核心
                                                        → the four units the layout slogan counts
    两江新区 (a zone, not a division of divisions.tsv)   → a named new area counts wherever it is named
    一核:主要是袁州区、X经济技术开发区、Y新区、Z风景名胜区 → a layout unit's districts and scenic areas listed
                                                          beside its parks are parks
    二园区指A园区和B园区 (a slogan's unit defined)         → A园区, B园区 need no place name
    南宁…生物医药核心区                                   → a core area with a place name

Not parks: classes and descriptions without a name (特色产业园区, 大学科技园, 绿色原料药生产基地,
医疗器械产业集聚区, 第一个园是…的医药产业孵化园), districts outside a layout unit (坪山区, 福田区:
responsible governments), a zone's agency (大鹏新区管委会) and the zones of an addressee list, the
plan's own zone (兰州高新区管委会印发…: 兰州高新区), brands (“中国药谷”, 种业硅谷), national designations
without a place below the plan's own (国家中医药产业发展综合试验区; 国家…示范区(江西) in Jiangxi's plan),
industrial clusters (…产业集群), a district of a layout unit merely mentioned (利用滨海新区优越的政策), the
parks of an industry in the plan's own jurisdiction (浦东新区生物医药产业园区 in Pudong's plan), common
words (药用植物园, 健康城市) and the park's area after its name (…产业园园区: the name ends at 产业园).
"""

from __future__ import annotations

import re

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.extract.names import (
    concept_type,
    distinct_names,
    emit_named_entities,
    entity_mentions,
    focus_verb_at,
    layout_spans,
    listed_beside,
)
from biopolicy.loaders.iris import BP
from biopolicy.loaders.model import ExtractionContext, Family, NamedEntity

DISTRICT_TYPE = "district"
COLLECTIVE_MARK = "各"
LOCATIVE = "在"  # 在深港科技创新合作区建设…研究院: what is built there, not what the park is to focus on


def extract_parks(context: ExtractionContext) -> list[NamedEntity]:
    """Every park mention of the plan, in document order."""
    work = context.text.work
    # 责任单位:…、火炬开发区、翠亨新区: a zone named as a responsible body stands for its committee
    responsible = {responsibility.span for responsibility in context.facts.get("responsibilities", [])}
    parks = [
        NamedEntity(
            unit=context.unit_at(mention.start),
            name=mention.name,
            span=mention.span,
            type=concept_type(
                mention.name,
                "park-type",
                mention.suffix.type if mention.suffix and mention.suffix.family == "park" else "other",
            ),
            note=None if mention.boundary == LOCATIVE else specialisation(work, mention.end),
        )
        for mention in entity_mentions(context)
        if mention.family == "park" and mention.span not in responsible
    ]
    taken = [park.span for park in parks]
    districts = [
        district
        for district in layout_districts(context, taken)
        if not any(start < district.span[1] and district.span[0] < end for start, end in taken)
    ]
    return sorted(parks + districts, key=lambda park: park.span)


def specialisation(work: str, end: int) -> str | None:
    """What a park is to focus on, when the words after its name say so.

    ``铁西经济技术开发区集中发展抗体、重组蛋白、高端化学制剂等领域`` → ``抗体、重组蛋白、高端化学制剂等领域``;
    ``经开区:重点建设医疗器械产业创新发展区。`` → ``医疗器械产业创新发展区``.
    """
    verb = focus_verb_at(work, end)
    if verb is None:
        return None
    position = end + 1 if work.startswith(":", end) else end
    phrase = re.match(r"[^,。;:\n]*", work[position + len(verb) :]).group()
    if len(phrase) < 2 or phrase[0] in "和及与、等":
        return None
    return phrase


def layout_districts(context: ExtractionContext, parks: list[tuple[int, int]]) -> list[NamedEntity]:
    """Districts and counties a spatial-layout unit names as the place of a cluster (沈北新区建设…集聚区)
    or lists beside its parks (一核:主要是吴中区、吴中经济技术开发区、太湖新城).

    Only divisions of the plan's own jurisdiction, written in full and followed by a focus verb or
    joined by a 、 to one of ``parks``; a collective 各区县 is no district. When the plan's jurisdiction is
    not known (a scraped page that garbles the city's name), only a list beside the unit's parks places one.
    """
    plan = context.metadata.jurisdiction
    work = context.text.work
    found = []
    for start, end in layout_spans(context):
        for offset, stop, name in jurisdictions.find_mentions(work[start:end]):
            begin, finish = start + offset, start + stop
            division = jurisdictions.by_name(name, within=plan)
            if division is None or division.level != "county" or division.name != name:
                continue
            if work[begin - 1 : begin] == COLLECTIVE_MARK:
                continue
            listed = listed_beside(work, (begin, finish), parks)
            ours = jurisdictions.is_within(division, plan) if plan else listed
            if not ours:
                continue
            note = specialisation(work, finish)
            if note is None and not listed:
                continue
            found.append(NamedEntity(context.unit_at(begin), name, (begin, finish), DISTRICT_TYPE, note))
    return found


FAMILY = Family(
    name="parks",
    columns=("jurisdiction", "park"),
    extract=extract_parks,
    rows=lambda extraction: [{"park": park.name} for park in distinct_names(extraction.parks)],
    emit=lambda emitter, parks: emit_named_entities(emitter, parks, "park", BP.Park, BP.parkType, "park-type"),
)
