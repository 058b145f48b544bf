"""Validation catches what extraction got wrong (issue #10, section 3), on composed plans end to end.

A plan with neither tasks nor targets, a title that is not a plan title, a period taken from
nowhere and a jurisdiction only a body passage names (a city the page compares) are Warnings that
name the fix. Each composed text goes through the loaders and ``graph.validate`` as
``biopolicy validate`` takes it. The loaders read titles and periods only from what the document
states, so those two faults are made as a faulty loader would make them: the extraction of a
sound plan with its title or period replaced, then emitted. The texts are invented.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from biopolicy.graph import validate as v
from biopolicy.graph.build import extract_plan
from biopolicy.loaders.emit import plan_graph

SHAPES = "https://w3id.org/biopolicy/shapes#"

PLAN_OF_A_CITY = """宁波市生物医药产业发展行动计划(2023-2025年)

为加快我市生物医药产业发展,制定本行动计划。
一、发展目标
到2025年,全市生物医药产业营业收入达到500亿元。
二、主要任务
(一)对标先进地区。2023年,苏州市生物医药产业规模已达2000亿元,苏州市的经验值得学习。
(二)培育龙头企业。对新获批的一类新药给予最高1000万元奖励。
"""

# The title names no place and there is no issuer line: the only place named is the compared city.
PLAN_NAMING_ONLY_A_COMPARED_CITY = """关于加快生物医药产业高质量发展的若干措施

为加快我市生物医药产业高质量发展,结合全市实际,制定本措施。
一、发展目标
到2025年,全市生物医药产业营业收入达到500亿元。
二、主要任务
(一)对标先进地区。2023年,苏州市生物医药产业规模已达2000亿元,我市要学习先进经验,加快补齐短板。
(二)培育龙头企业。对新获批的一类新药给予最高1000万元奖励。
"""

NEWS_COMPARING_CITIES = """多地密集出台生物医药产业新政

2024-03-01 来源:某某日报

近日,多地围绕创新药、医疗器械出台支持政策,力度空前。

记者梳理发现,成都市2023年生物医药产业规模已达1700亿元,成都市提出对创新药给予最高3000万元奖励。

其中一地提出,到2025年生物医药产业营业收入达到800亿元,对新获批的一类新药给予最高1000万元奖励。
"""

ISSUED_BY_A_CITY = """绍兴市人民政府办公室关于印发支持生物医药产业发展若干措施的通知

各区、县(市)人民政府,市政府各部门:
现将《支持生物医药产业发展若干措施》印发给你们,请认真贯彻执行。
支持生物医药产业发展若干措施
一、发展目标
到2025年,全市生物医药产业营业收入达到500亿元。
二、主要任务
(一)对标先进地区。2023年,苏州市生物医药产业规模已达2000亿元,苏州市的经验值得学习。
"""

HEADLINE_NAMING_ITS_CITY = """湖州市出台生物医药产业新政

2024-03-01 来源:某某日报

近日,湖州市围绕创新药、医疗器械出台支持政策,对新获批的一类新药给予最高1000万元奖励。
"""

# A province plan with no title that names its province only as 鄂 in 来鄂发展.
PROVINCE_BY_ITS_ABBREVIATION = """为贯彻落实省委、省政府决策部署,加快我省生物医药产业高质量发展,制定本实施意见。
一、发展目标
到2027年,全省生物医药产业营业收入达到3000亿元。
二、主要任务
(一)壮大产业规模。加快推进重大项目建设,吸引国内外龙头企业来鄂发展。
(二)培育创新药。对新获批的一类新药给予最高1000万元奖励。
"""

NO_TASKS_NOR_TARGETS = """嘉兴市生物医药产业发展若干措施

为推动我市生物医药产业发展,市政府出台若干措施,鼓励企业加大研发投入,支持创新药品上市。
"""

JURISDICTION_IN_THE_BODY = (
    "The plan's jurisdiction {name} is named only in the body (line {line}), not in the title, the issuer line or "
    "the document number: check the title or issuer line; it may be another place the page is about (a city it "
    "compares, a document it cites). Name the plan's own place there, or fix the inference in loaders/extract/metadata.py."
)
NEITHER_TASKS_NOR_TARGETS = (
    "The plan has neither tasks (bp:partOf) nor targets (bp:hasTarget): check that the document is a plan and that "
    "its numbered items (一、 (一) 1.) and goal sentences (到2025年…达到…) are in the text, not cut off."
)
NOT_A_PLAN_TITLE = (
    "The title does not end with a document kind (…计划, …方案, …措施, …意见): it may be a news headline or a cited "
    "document's title; fix the title line, or add its ending to loaders/gazetteers/document_kinds.tsv."
)
PERIOD_FROM_NOWHERE = (
    "The plan's period end {year} is not stated in the title or a term clause (no evidence of the plan quotes it): a "
    "period is read only from a stated period (2023—2025年, “十四五”, 有效期至…), never from target years; fix the "
    "period in loaders/extract/metadata.py or the title."
)
FAULT_SHAPES = ("PlanContentShape", "PlanTitleKindShape", "PlanPeriodStatedShape", "PlanJurisdictionNamedShape")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def plan_warnings(validation: v.PlanValidation) -> set[tuple[str, str]]:
    """(shape, message) of the plan-level warnings about extraction faults."""
    return {
        (r.shape.removeprefix(SHAPES), r.message)
        for r in validation.results
        if r.severity == "Warning" and r.shape and r.shape.removeprefix(SHAPES) in FAULT_SHAPES
    }


def validate_text(tmp_path: Path, name: str, text: str) -> v.PlanValidation:
    return v.validate_document(write(tmp_path, name, text))


@pytest.mark.parametrize(("text", "name", "line"), [
    (PLAN_NAMING_ONLY_A_COMPARED_CITY, "苏州市", 7),
    (NEWS_COMPARING_CITIES, "成都市", 7),
], ids=["a plan titled without its place", "a news page comparing cities"])
def test_a_jurisdiction_only_a_compared_city_names_is_a_warning(tmp_path, text, name, line):
    validation = validate_text(tmp_path, "distractor", text)
    assert ("PlanJurisdictionNamedShape", JURISDICTION_IN_THE_BODY.format(name=name, line=line)) in plan_warnings(validation)
    assert validation.conforms  # a warning: the plan is not refused


@pytest.mark.parametrize("text", [PLAN_OF_A_CITY, ISSUED_BY_A_CITY, HEADLINE_NAMING_ITS_CITY, PROVINCE_BY_ITS_ABBREVIATION],
                         ids=["title names its city", "issuer line names its city", "untitled page whose headline names its city",
                              "untitled province plan naming itself by its abbreviation"])
def test_a_jurisdiction_the_plan_names_as_its_own_is_not_warned_about(tmp_path, text):
    validation = validate_text(tmp_path, "own-place", text)
    assert not any(shape == "PlanJurisdictionNamedShape" for shape, _ in plan_warnings(validation))


def test_a_page_with_neither_tasks_nor_targets_is_a_warning(tmp_path):
    validation = validate_text(tmp_path, "no-content", NO_TASKS_NOR_TARGETS)
    assert plan_warnings(validation) == {("PlanContentShape", NEITHER_TASKS_NOR_TARGETS)}


def test_a_sound_plan_has_no_fault_warning(tmp_path):
    assert plan_warnings(validate_text(tmp_path, "sound", PLAN_OF_A_CITY)) == set()


def revalidated(tmp_path: Path, **changes) -> v.PlanValidation:
    """The sound plan's extraction with ``changes`` to its metadata, emitted and validated."""
    _iri, _graph, extraction = extract_plan(write(tmp_path, "faulty", PLAN_OF_A_CITY))
    extraction.facts["plans"] = [dataclasses.replace(extraction.metadata, **changes)]
    graph_iri, graph = plan_graph(extraction)
    return v.validate_graph(graph, source="faulty", plan=str(graph_iri))


def test_a_news_headline_taken_as_the_title_is_a_warning(tmp_path):
    validation = revalidated(tmp_path, title="宁波出台重磅政策!最高奖励1000万元")
    assert plan_warnings(validation) == {("PlanTitleKindShape", NOT_A_PLAN_TITLE)}


def test_a_period_end_the_document_never_states_is_a_warning(tmp_path):
    sound = revalidated(tmp_path)
    assert plan_warnings(sound) == set()
    validation = revalidated(tmp_path, period_start=None, period_end=2030)
    assert plan_warnings(validation) == {("PlanPeriodStatedShape", PERIOD_FROM_NOWHERE.format(year=2030))}
