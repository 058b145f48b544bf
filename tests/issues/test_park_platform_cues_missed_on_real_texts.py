"""Issue #10 §2 "Parks and platforms": cues of the genre that real pages showed the loaders missing.

Each test is a sentence composed for it (no real text is quoted): a name cut inside a word (在线), common
words ending in a park suffix (植物园, 健康城市), a core area (核心区), the area noun after a park's name
(…产业园园区), a national designation of the plan's own province, districts of a layout unit (named as the
place of a cluster or listed beside its parks, not merely mentioned), the items a layout slogan's unit is
defined as (二园区指…, 三平台分别为…), institutions the plan relies on beside an organisation, the role of
a place (…产业链上下游汇聚平台) and the parks of an industry in the plan's own jurisdiction.
"""

from __future__ import annotations

import pytest

from biopolicy.loaders.extract.parks import extract_parks
from biopolicy.loaders.extract.platforms import extract_platforms
from tests.test_parks import layout_section, make_context, names, parks_of, rejected
from tests.test_platforms import platforms_of


def test_online_inside_a_name_does_not_cut_it_at_the_locative():
    assert names(platforms_of("加快建设吴中互联网在线诊疗平台。")) == ["吴中互联网在线诊疗平台"]


def test_a_botanical_garden_and_a_healthy_city_are_no_parks_and_end_a_conjunct():
    text = "在苏州药用植物园和吴中医药产业园集中布局中药研发。以创建苏州健康城市为契机,建设相城生命健康城。"
    assert names(parks_of(text)) == ["吴中医药产业园", "相城生命健康城"]


def test_a_core_area_with_a_place_is_a_park_and_without_one_is_not():
    text = "根据规划,苏州生物医药核心区主要位于吴中医药产业园。到2026年形成生物医药核心区雏形。"
    assert names(parks_of(text)) == ["苏州生物医药核心区", "吴中医药产业园"]


def test_the_area_noun_after_a_parks_name_is_not_part_of_it():
    assert names(parks_of("吴中医药健康产业园园区总面积20平方公里。")) == ["吴中医药健康产业园"]


def test_a_national_designation_of_the_plans_own_province_is_not_one_of_its_parks():
    text = "加快国家中医药综合改革示范区(江西)建设,推进樟树中医药产业园发展。"
    context = make_context(text, city="江西省")
    assert names(extract_parks(context)) == ["樟树中医药产业园"]
    assert "own territory" in rejected(context)["国家中医药综合改革示范区(江西)"]


def test_a_new_area_district_in_a_layout_unit_is_a_park_only_as_the_place_of_a_cluster():
    body = "空间布局\n构筑滨海新区生物医药产业集聚区,利用滨海新区优越的政策环境,鼓励武清区重点发展医疗器械。"
    text = body + "\n"
    context = make_context(text, sections=[layout_section(text, "空间布局", body)], city="天津市")
    assert names(extract_parks(context)) == ["滨海新区生物医药产业集聚区", "武清区"]
    assert "district in a layout unit" in rejected(context)["滨海新区"]


@pytest.mark.parametrize("city", ["苏州市", None])
def test_districts_and_a_scenic_area_listed_beside_a_layout_units_parks_are_parks(city):
    body = "空间布局\n(一)一核:健康养生区\n主要是吴中区、吴中经济技术开发区、穹窿山风景名胜区、相城区。"
    text = body + "\n游览穹窿山风景名胜区。"
    context = make_context(text, sections=[layout_section(text, "空间布局", body)], city=city)
    assert names(extract_parks(context)) == ["吴中区", "吴中经济技术开发区", "穹窿山风景名胜区", "相城区"]


def test_the_items_a_slogans_units_are_defined_as_are_the_plans_parks_and_platforms():
    text = (
        "打造“一中心、两园区、三平台”,一中心即苏州生物医药创新中心,两园区指中药材种植园区和中医药文化园区,"
        "三平台分别为国际交流平台、成果转化平台、产业升级换代平台。另建设成果转化平台。"
    )
    context = make_context(text)
    assert names(extract_parks(context)) == ["中药材种植园区", "中医药文化园区"]
    assert names(extract_platforms(context)) == [
        "苏州生物医药创新中心",
        "国际交流平台",
        "成果转化平台",
        "产业升级换代平台",
    ]


def test_institutions_relied_on_beside_an_organisation_are_hosts_not_platforms():
    text = "主要依托苏州大学附属第一医院、苏州医疗集团;加快建设吴中细胞治疗中心。"
    assert names(platforms_of(text)) == ["吴中细胞治疗中心"]
    served = "依托苏州市药品检验所,为企业提供检验检测服务。"
    assert names(platforms_of(served)) == ["苏州市药品检验所"]


def test_the_gathering_place_of_an_industry_chain_is_the_role_of_a_place_not_a_platform():
    context = make_context("打造生物医药产业链上下游汇聚平台,建设吴中细胞治疗公共服务平台。")
    assert names(extract_platforms(context)) == ["吴中细胞治疗公共服务平台"]
    assert rejected(context)["生物医药产业链上下游汇聚平台"].startswith("hub")


def test_the_parks_of_an_industry_in_the_plans_own_city_are_a_class():
    text = "印发《苏州市生物医药产业园区功能提升方案》。推进吴中生物医药产业园区建设。"
    assert names(parks_of(text)) == ["吴中生物医药产业园区"]


def test_a_goal_verb_before_a_platform_is_not_part_of_its_name():
    """力争国家级重大创新平台突破20家 gave the platform 力争国家级重大创新平台."""
    assert "力争国家级重大创新平台" not in names(platforms_of("力争国家级重大创新平台突破20家,建设吴中生物医药创新平台。"))
    assert names(platforms_of("力争吴中生物医药创新平台获批国家级平台。"))[:1] == ["吴中生物医药创新平台"]
