"""Platforms: R&D, clinical, testing, service, data and trading facilities and institutes that a plan
names as one specific entity, existing or planned.

Names are found by their suffix (平台, 中心, 实验室, 研究院, 检验所, 医院 …) and cut on the left by
``names.py``; patterns of the genre:

    加快建设医疗器械注册检验平台                    → 医疗器械注册检验平台 (testing)
    高水平建设病毒学领域国家重点实验室、…等一批国家级创新平台和江夏实验室、时珍实验室
                                                    → each named laboratory (the hypernym is not one)
    创新实验室及BE平台、GLP平台、…等公共服务平台   → every item of a list of the plan's own facilities
    激发沈阳化工研究院安全评价中心(国家沈阳新药安全评价研究中心)…
                                                    → both spellings (the bracket gives the same centre)
    3.临床医学研究中心。                            → a plan's numbered heading is its own platform
    三平台分别为国际合作交流平台、科技成果转化平台   → the items a slogan's unit is defined as, whole

Not platforms: designation classes (重点实验室, 技术创新中心, 国家临床医学研究中心), hosts and partners
(依托深圳先进技术研究院、联影医疗公司等机构…; 依托A区域医疗中心、B医疗集团), platforms a class of actors builds (支持企业…建设…平台)
or that define a subsidy's eligible class (对…平台…给予), counted ones (1个细胞治疗研究中心),
evaluative descriptions (高水平临床诊疗中心, 标杆性产业孵化器), the role or status of a place
(作为…发展平台, 国家区域医药健康中心, 生物医药产业链上下游汇聚平台), lists of platforms the plan relies on (依托A、B等国家级医学平台),
branches (…医院临安分院), page chrome (资讯中心 in a navigation line, 来源:…中心).
"""

from __future__ import annotations

from biopolicy.loaders.extract.names import concept_type, distinct_names, emit_named_entities, entity_mentions
from biopolicy.loaders.iris import BP
from biopolicy.loaders.model import ExtractionContext, Family, NamedEntity


def extract_platforms(context: ExtractionContext) -> list[NamedEntity]:
    """Every platform mention of the plan, in document order."""
    return [
        NamedEntity(
            unit=context.unit_at(mention.start),
            name=mention.name,
            span=mention.span,
            type=concept_type(
                mention.name,
                "platform-type",
                mention.suffix.type if mention.suffix and mention.suffix.family == "platform" else "other",
            ),
        )
        for mention in entity_mentions(context)
        if mention.family == "platform"
    ]


FAMILY = Family(
    name="platforms",
    columns=("jurisdiction", "platform"),
    extract=extract_platforms,
    rows=lambda extraction: [{"platform": platform.name} for platform in distinct_names(extraction.platforms)],
    emit=lambda emitter, platforms: emit_named_entities(
        emitter, platforms, "platform", BP.Platform, BP.platformType, "platform-type"
    ),
)
