"""Patterns of the genre that the seventh batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. The items before a quoted slogan that
counts no place (…“五位一体”的发展模式) were read as layout units, so as parks; zones named inside the
《title》 of a document the plan cites were read as its parks; designation categories (工程技术中心,
工业设计中心) and platforms named only by generic words joined with 和 were read as platforms; 加之
was read as part of a park's name; 从…5个方面着手 was read as a target; and an agency list cut inside
a bracket (各市〔 at the end of an excerpt) gave an agency.
"""

from __future__ import annotations

from biopolicy.loaders.extract.targets import extract_targets
from tests.test_parks import names, parks_of
from tests.test_platforms import platforms_of
from tests.test_responsibilities import rows as responsibilities
from tests.test_targets import make_context, rows


def test_a_slogan_that_counts_no_place_names_no_parks():
    text = "构建主导产业、龙头企业、头部基金、研发机构、服务平台“五位一体”的发展模式,建设惠山生命科技产业园。"
    assert names(parks_of(text)) == ["惠山生命科技产业园"]


def test_a_layout_slogan_still_names_its_units():
    text = "以锡山生物医药产业园、惠山生命科技产业园、梁溪健康城“两园一城”为核心。"
    assert names(parks_of(text)) == ["锡山生物医药产业园", "惠山生命科技产业园", "梁溪健康城"]


def test_a_zone_inside_a_cited_title_is_no_park_of_the_plan():
    text = "根据《关于加快推动开发区高质量发展打造创新发展示范区的实施意见》,建设惠山生命科技产业园。"
    assert names(parks_of(text)) == ["惠山生命科技产业园"]


def test_designation_categories_and_generic_platforms_are_no_platforms():
    text = "新增工程技术中心、工业设计中心,加快技术研发和公共服务平台、网上国际投资促进平台建设。"
    assert names(platforms_of(text)) == []
    assert names(platforms_of("建成锡山细胞治疗中试平台。")) == ["锡山细胞治疗中试平台"]


def test_jiazhi_opens_no_park_name():
    text = "加之湘江生物医药产业园的集聚效应,产业发展迅速。"
    assert names(parks_of(text)) == ["湘江生物医药产业园"]


def test_the_aspects_a_plan_works_from_are_no_target():
    text = "从促进企业做大做强、支持公共服务平台建设、加强高端人才引进5个方面着手支持产业发展。"
    assert rows(extract_targets(make_context(text))) == []


def test_an_agency_cut_inside_a_bracket_is_no_agency():
    text = "一、重点任务\n(一)优化园区规划布局。推进园区转型提升。(责任单位:市发展改革委、各市〔"
    found = responsibilities(text)
    assert [agency for _, agency, _ in found] == ["市发展改革委"]
