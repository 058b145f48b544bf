"""Platforms (loaders/extract/platforms.py, names.py) on short plan texts composed for the tests."""

from __future__ import annotations

from biopolicy.loaders.extract.platforms import extract_platforms
from tests.test_parks import assert_spans_hold_names, make_context, make_task, names


def platforms_of(text: str, **kwargs):
    context = make_context(text, **kwargs)
    platforms = extract_platforms(context)
    assert_spans_hold_names(context, platforms)
    return platforms


def test_a_named_platform_the_plan_builds_is_found_with_its_type():
    platforms = platforms_of("加快建设苏州医疗器械注册检验平台,支持九州医药供应链平台建设。")
    assert [(p.name, p.type) for p in platforms] == [
        ("苏州医疗器械注册检验平台", "testing"),
        ("九州医药供应链平台", "trading"),
    ]


def test_designation_classes_are_not_platforms():
    text = "建设国家级临床医学研究中心。支持企业建立重点实验室、工程研究中心等创新平台。"
    assert platforms_of(text) == []


def test_a_specific_laboratory_with_a_designation_suffix_is_a_platform():
    text = "高水平建设病毒学国家重点实验室、国家生物安全医学中心等一批国家级创新平台和江城实验室。"
    assert names(platforms_of(text)) == ["病毒学国家重点实验室", "国家生物安全医学中心", "江城实验室"]


def test_a_coordinator_between_field_words_stays_inside_the_name():
    text = "建设细胞治疗和基因治疗研发平台、合成生物产业创新中心和苏州大数据中心。"
    assert names(platforms_of(text)) == [
        "细胞治疗和基因治疗研发平台",
        "合成生物产业创新中心",
        "苏州大数据中心",
    ]


def test_counted_and_generic_platforms_are_not_platforms():
    text = "布局建设一批公共技术服务平台,新增公共技术服务平台3-5个,建立1个细胞治疗研究中心,推进重点平台建设。"
    assert platforms_of(text) == []


def test_the_determiner_before_a_name_is_not_part_of_it():
    assert names(platforms_of("争取在我省药械集中采购平台挂网销售。")) == ["药械集中采购平台"]


def test_every_item_of_a_list_of_the_plans_own_facilities_is_a_platform():
    text = "政府垫资建设创新实验室及GLP平台、中试车间等公共服务平台。"
    platforms = platforms_of(text)
    assert names(platforms) == ["创新实验室", "GLP平台", "中试车间"]
    assert platforms[0].type == "laboratory"


def test_hosts_named_before_an_institution_hypernym_are_not_platforms():
    text = "依托苏州市药品检验研究院等机构建设药物安全评价平台。"
    assert names(platforms_of(text)) == ["药物安全评价平台"]


def test_platforms_built_by_a_class_of_actors_are_not_platforms():
    text = "支持医药流通企业建设医药电子商务交易平台和智能医药仓储中心。"
    assert platforms_of(text) == []


def test_the_eligible_class_of_a_subsidy_is_not_a_platform():
    assert platforms_of("对新认定的CRO平台给予50万元奖励。") == []


def test_the_status_a_city_is_to_reach_and_evaluative_descriptions_are_not_platforms():
    text = "成为具有全球影响力的生物医药产业创新中心,建设高水平临床诊疗中心。"
    assert platforms_of(text) == []


def test_a_bracketed_alias_gives_a_second_spelling():
    text = "激发苏州医药安全评价中心(国家苏州新药安全评价研究中心)活力。"
    assert names(platforms_of(text)) == ["苏州医药安全评价中心", "国家苏州新药安全评价研究中心"]


def test_a_heading_that_is_a_name_is_a_platform_and_a_measure_heading_is_not():
    text = "3.临床医学研究中心。加快医院临床研究能力建设。\n1、建立药械临床试验平台。支持医疗机构备案。"
    tasks = [
        make_task(text, "三.(二).3", "临床医学研究中心", "3.临床医学研究中心。加快医院临床研究能力建设。"),
        make_task(
            text, "二.(二).重要举措.1", "建立药械临床试验平台", "1、建立药械临床试验平台。支持医疗机构备案。"
        ),
    ]
    platforms = platforms_of(text, tasks=tasks)
    assert [(p.name, p.unit, p.type) for p in platforms] == [
        ("临床医学研究中心", "三.(二).3", "clinical-research")
    ]


def test_a_name_with_a_bracket_inside_it_keeps_the_bracket():
    text = "加快建设东方药谷恒瑞(苏州)生物药国际CDMO基地。"
    platforms = platforms_of(text)
    assert names(platforms) == ["东方药谷恒瑞(苏州)生物药国际CDMO基地"]
    assert platforms[0].type == "cro-cdmo"


def test_an_institutes_base_is_a_platform():
    # Regression: 澳门大学中华医药研究院珠海基地 (a base of an institute) was read as a park.
    assert names(platforms_of("推动澳门大学中华医药研究院珠海基地建设。", city="珠海市")) == ["澳门大学中华医药研究院珠海基地"]


def test_a_hospital_that_hosts_what_is_built_is_no_platform():
    # Regression: 依托烟台市中医医院建设… made the hospital a platform; it only hosts the centre.
    text = "依托烟台市中医医院建设省级中医药传承创新中心。"
    assert platforms_of(text, city="烟台市") == []


def test_a_place_named_platform_built_by_a_class_of_actors_is_still_one_entity():
    # Regression: 支持驻烟高校共建烟台生物医药创新研究院 dropped the institute as "built by a class".
    text = "支持驻烟高校共建烟台生物医药创新研究院。支持企业建设研发中心。"
    assert names(platforms_of(text, city="烟台市")) == ["烟台生物医药创新研究院"]


def test_a_name_that_opens_with_its_industry_is_a_designation_class():
    # Regression: 生物医药专业孵化器 was taken as one platform; 国家生物医药技术创新中心 is one.
    text = "在张江科学城布局建设生物医药专业孵化器。建设国家生物医药技术创新中心。"
    assert names(platforms_of(text, city="上海市")) == ["国家生物医药技术创新中心"]


def test_a_dash_between_two_places_stays_inside_the_name():
    # Regression (held-out Guangxi plan): 中国—东盟药物研发公共服务平台 was cut to 东盟… at the dash.
    assert names(platforms_of("布局建设研究院,打造中国—东盟药物研发公共服务平台。")) == ["中国—东盟药物研发公共服务平台"]
