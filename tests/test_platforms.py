"""Platforms (loaders/extract/platforms.py, names.py) on short plan texts composed for the tests."""

from __future__ import annotations

from biopolicy.loaders.extract.parks import extract_parks
from biopolicy.loaders.extract.platforms import extract_platforms
from tests.test_parks import assert_spans_hold_names, make_context, make_task, names, rejected


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


# ------------------------------------------------------------------ real-text patterns (issue #10 §2)


def test_navigation_and_source_lines_name_no_platform():
    text = (
        "首页 >资讯中心 >政策 > 正文\n【来源:吴中区投资促进中心-招商新闻\n"
        "据太湖财经数据中心统计,产值持续增长。加快建设苏州细胞治疗中试平台。"
    )
    context = make_context(text)
    assert names(extract_platforms(context)) == ["苏州细胞治疗中试平台"]
    reasons = rejected(context)
    assert reasons["资讯中心"].startswith("page chrome") and reasons["吴中区投资促进中心"].startswith("page chrome")
    assert reasons["太湖财经数据中心"] == "source"


def test_the_status_or_role_of_a_place_is_no_platform():
    text = (
        "作为区委区政府重点打造的大健康产城融合发展平台,药港集聚了一批企业。"
        "将示范区打造成全省产业孵化和体制创新的实验平台。"
        "北部片区形成成果转化、团队聚集的产业创新策源中心。"
        "加快建设国家区域医药健康中心。"
    )
    context = make_context(text)
    assert extract_platforms(context) == []
    reasons = rejected(context)
    assert reasons["大健康产城融合发展平台"].startswith("status: 作为")
    assert reasons["实验平台"].startswith("status: 打造成")
    assert reasons["产业创新策源中心"].startswith("description")
    assert reasons["国家区域医药健康中心"].startswith("hub")


def test_branches_and_the_cut_last_words_of_an_excerpt_are_not_platforms():
    text = (
        "园内已形成以省人民医院吴中分院为核心的医疗资源。中国人民银行苏州中心支行。"
        "加快建设苏州生物安全Ⅲ级实验室、移动生物安全Ⅲ级实验室、省精神卫生中心、省职业病防治医院"
    )
    context = make_context(text)
    assert names(extract_platforms(context)) == ["苏州生物安全Ⅲ级实验室", "移动生物安全Ⅲ级实验室", "省精神卫生中心"]
    reasons = rejected(context)
    assert reasons["省人民医院"].startswith("cut: part of a branch")
    assert reasons["省职业病防治医院"].startswith("cut: the last words")


def test_platforms_a_list_relies_on_and_landmarks_are_hosts():
    text = (
        "依托国家创伤医学中心(苏州大学附属第一医院)、中医医学中心(苏州市中医医院)等国家级医学平台,推动院地合作。"
        "苏州市立医院、苏州大学附属儿童医院等医疗机构周边将优先建设孵化器。"
    )
    context = make_context(text)
    assert extract_platforms(context) == []
    reasons = rejected(context)
    assert reasons["国家创伤医学中心"].startswith("host: 依托")
    assert reasons["苏州大学附属第一医院"].startswith("host: 依托")
    assert reasons["苏州市立医院"].startswith("landmark")


def test_a_list_of_projects_is_not_a_list_of_platforms():
    text = "落户长三角精准医学研究院(苏州)、太湖生物医药产业园、东吴国际药谷等一批平台型项目。"
    context = make_context(text)
    assert names(extract_platforms(context)) == ["长三角精准医学研究院(苏州)"]
    assert names(extract_parks(context)) == ["太湖生物医药产业园", "东吴国际药谷"]


def test_multi_centre_trials_and_a_sub_centre_are_not_platforms():
    assert platforms_of("支持开展国际多中心临床试验,推动城市副中心医药产业发展。") == []


def test_a_name_coordinated_with_a_class_of_institutions_is_a_kind():
    context = make_context("支持围绕医工交叉方向建设概念验证平台、技术转移机构。")
    assert extract_platforms(context) == []
    assert rejected(context)["概念验证平台"].startswith("class: coordinated")


def test_a_platform_system_and_verbs_before_a_platform_are_not_names():
    text = "完善临床研究支撑平台体系,健全平台服务功能,促进科技成果转化平台建设。"
    assert platforms_of(text) == []


def test_an_indicator_per_head_of_population_is_not_a_hospital():
    assert platforms_of("每千人口公立中医医院床位数达到0.6张。") == []


def test_an_academy_and_its_bracketed_alias_are_platforms():
    text = "建设省健康科学院(苏州市院士工作总站),打造标杆性产业孵化器。"
    context = make_context(text)
    assert names(extract_platforms(context)) == ["省健康科学院", "苏州市院士工作总站"]
    assert rejected(context)["标杆性产业孵化器"] == "evaluative"


def test_a_jointly_built_national_centre_keeps_its_whole_name():
    text = "推进国家地方共建现代中药创新中心建设,支持企业申报国家地方联合工程研究中心。"
    assert names(platforms_of(text)) == ["国家地方共建现代中药创新中心"]


def test_generic_names_and_categories_are_not_entities_but_a_specific_biosafety_lab_is():
    text = (
        "争创中西部国家高新区前列,促进研发服务平台建设,布局生物安全实验室。"
        "建成苏州生物安全Ⅲ级实验室。"
    )
    context = make_context(text)
    assert extract_parks(context) == []
    assert names(extract_platforms(context)) == ["苏州生物安全Ⅲ级实验室"]
    reasons = rejected(context)
    assert reasons["中西部国家高新区"] == "generic" and reasons["生物安全实验室"] == "class"


def test_hospitals_listed_as_examples_of_a_counted_set_of_institutions_are_not_platforms():
    text = "布局苏州市立医院、苏州市中医院东院等6所三甲医院。加快建设苏州医疗器械注册检验平台。"
    assert names(platforms_of(text)) == ["苏州医疗器械注册检验平台"]
    context = make_context(text)
    extract_platforms(context)
    assert any("等N所" in r.reason and r.candidate == "苏州市中医院东院" for r in context.rejections)


def test_named_platforms_counted_with_a_facility_classifier_stay_platforms():
    text = "建设苏州医疗器械注册检验平台、苏州生物药中试平台等3个公共服务平台。"
    assert "苏州医疗器械注册检验平台" in names(platforms_of(text))


def test_hospitals_a_plan_strengthens_in_a_list_headed_by_hospital_are_not_platforms():
    text = (
        "做强苏州市立医院、苏州市妇幼保健院等重点医院,做优康复护理、苏州口腔医院等特色医院。"
        "支持苏州大学附属第一医院等高水平医院向研究型医院转型。"
    )
    context = make_context(text)
    assert names(extract_platforms(context)) == ["苏州大学附属第一医院"]
    reasons = rejected(context)
    assert reasons["苏州市立医院"].startswith("existing hospital: 做强")
    assert reasons["康复护理"].startswith("existing hospital: 做优")
    assert reasons["苏州口腔医院"].startswith("existing hospital: 做优")


def test_hospitals_of_an_administrative_level_and_well_known_hospitals_are_classes():
    text = "打造以省级中医院为龙头、县级中医院为基础的服务体系。引进国内外知名医院。加快建设苏州市中医药创新研究院。"
    context = make_context(text)
    assert names(extract_platforms(context)) == ["苏州市中医药创新研究院"]
    reasons = rejected(context)
    assert reasons["省级中医院"] == "class" and reasons["县级中医院"] == "class"
    assert reasons["国内外知名医院"] == "evaluative"
