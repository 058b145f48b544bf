"""Plan metadata from documents of the genre: titles, kinds, jurisdictions, issuers, numbers, dates, periods."""

from datetime import date

from biopolicy.loaders.extract.metadata import extract_metadata, kind_of_title

NOTICE = """关于印发成都市生物医药产业发展三年行动计划(2023-2025年)的通知
成办发〔2023〕12号
各区(市)县人民政府,市政府各部门:
《成都市生物医药产业发展三年行动计划(2023-2025年)》已经市政府同意,现印发给你们。
成都市人民政府办公厅
2023年3月15日
一、总体要求
(一)发展目标。到2025年,全市生物医药产业规模达到3000亿元。
"""

PROVINCE_BODY = """为加快我省生物医药产业发展,经省政府同意,提出本实施意见。
(一)做大产业。支持长沙、株洲、岳阳等地建设原料药基地。吸引跨国企业来湘发展。到2027年,全省产业营收达到3000亿元。
(二)做强企业。支持湘产中药走向全国。
"""


def test_a_government_notice_yields_all_fields():
    meta = extract_metadata(NOTICE)
    assert meta.title == "成都市生物医药产业发展三年行动计划(2023-2025年)"
    assert meta.kind == "action-plan"
    assert (meta.jurisdiction.name, meta.jurisdiction.level, meta.jurisdiction.code) == ("成都市", "city", "510100")
    assert meta.issuer == "成都市人民政府办公厅"
    assert meta.doc_number == "成办发〔2023〕12号"
    assert meta.issued == date(2023, 3, 15)
    assert (meta.period_start, meta.period_end) == (2023, 2025)
    assert NOTICE[slice(*meta.title_span)] == meta.title
    assert NOTICE[slice(*meta.doc_number_span)] == meta.doc_number


def test_a_body_that_never_names_its_province_is_resolved_from_cities_and_abbreviations():
    meta = extract_metadata(PROVINCE_BODY)
    assert meta.title == ""
    assert meta.kind == "implementation-opinions"
    assert meta.jurisdiction.name == "湖南省"
    assert PROVINCE_BODY[slice(*meta.jurisdiction_span)] in {"湘", "长沙", "株洲", "岳阳"}
    assert (meta.period_start, meta.period_end) == (None, None)  # 到2027年 is a target year, not a stated period


def test_an_interpretation_was_typed_as_a_plan_of_kind_interpretation():
    text = "解读《杭州市生物医药产业三年行动计划》\n到2026年,全市产业规模达到2000亿元。\n"
    meta = extract_metadata(text)
    assert meta.title == "杭州市生物医药产业三年行动计划"
    assert meta.kind == "action-plan"  # the plan's own kind, from its title
    assert meta.source_kind == "policy-interpretation"  # the document is about the plan
    assert text[slice(*meta.source_kind_span)] == "解读"
    assert meta.jurisdiction.name == "杭州市"
    assert (meta.period_start, meta.period_end) == (None, None)  # 到2026年 is a target year, not a stated period


def test_a_news_lead_gives_the_issuer_before_the_quoted_title():
    text = "新闻网讯:近日,武汉市政府办公厅印发《武汉市生物医药产业创新发展实施方案》,提出目标。\n"
    meta = extract_metadata(text)
    assert meta.issuer == "武汉市政府办公厅"
    assert meta.kind == "implementation-plan"


def test_a_chinese_numeral_signature_date():
    text = "关于印发某某的通知\n《西安市生物医药产业若干措施》\n西安市人民政府\n二〇二一年十二月三十日\n"
    meta = extract_metadata(text)
    assert meta.issued == date(2021, 12, 30)
    assert meta.kind == "several-measures"


def test_n_years_in_the_title_count_from_the_issue_date():
    text = "《苏州市生物医药产业三年行动计划》\n苏州市人民政府\n2022年5月6日\n"
    meta = extract_metadata(text)
    assert (meta.period_start, meta.period_end) == (2022, 2024)


def test_a_term_clause_gives_the_period_end():
    text = "《南京市生物医药产业发展工作措施》\n本措施自印发之日起施行,执行期限至2026年12月31日。\n"
    assert extract_metadata(text).period_end == 2026


def test_kinds_ignore_a_trailing_period():
    assert kind_of_title("某市生物医药产业集聚发展实施方案(2020—2025年)") == "implementation-plan"
    assert kind_of_title("关于加快生物医药产业发展的实施意见") == "implementation-opinions"
    assert kind_of_title("生物医药产业简介") is None


def test_district_plan_has_the_district_as_jurisdiction():
    # Regression: a 区-level plan (浦东新区…实施方案) was filed under 上海市, the province-level municipality.
    text = "浦东新区促进生物医药产业高质量发展实施方案(2024—2026年)\n一、总体目标\n到2026年,产业规模达到5000亿元。\n"
    meta = extract_metadata(text)
    assert (meta.jurisdiction.name, meta.jurisdiction.level) == ("浦东新区", "county")
    named_with_its_city = extract_metadata("广州市黄埔区生物医药产业发展行动计划\n")
    assert named_with_its_city.jurisdiction.code == "440112"


def test_a_county_name_shared_by_several_cities_is_no_jurisdiction_on_its_own():
    meta = extract_metadata("朝阳区生物医药产业发展行动计划\n")
    assert meta.jurisdiction is None or meta.jurisdiction.level != "county"


# ---------------------------------------------------------------------------------------------
# Issue #10 §2 "Metadata" and "Pages about several places": composed texts of the genre


def test_issuer_ending_in_ju_before_jin_ri_yin_fa_and_year_from_the_byline():
    news = """示例网 > 资讯
某某日报记者 2024-01-05 10:00
12月28日,近日乐山市经信局印发《乐山市医疗器械产业发展实施方案(2024—2026年)》,提出到2026年产值达到100亿元。
"""
    meta = extract_metadata(news)
    assert meta.issuer == "乐山市经信局"
    assert meta.issued == date(2023, 12, 28)  # 12月 after a January byline: the year before
    assert (meta.jurisdiction.name, meta.jurisdiction.level) == ("乐山市", "city")


def test_co_issuers_are_joined_with_a_bar_in_document_order():
    news = "5月8日,省卫生健康委、省发展改革委、省工信厅等6个部门联合印发了《云南省中医药产业发展行动方案》。\n"
    assert extract_metadata(news).issuer == "省卫生健康委|省发展改革委|省工信厅"


def test_issuer_ending_in_leading_group_or_committee():
    assert extract_metadata("近日,省生物产业发展领导小组印发了《江西省生物医药产业行动计划》。\n").issuer == "省生物产业发展领导小组"
    meta = extract_metadata("近日,宜昌高新区管委会印发《关于促进宜昌高新区生物医药产业发展的若干措施》。\n")
    assert meta.issuer == "宜昌高新区管委会"


def test_the_four_municipalities_have_level_municipality_and_districts_level_district():
    meta = extract_metadata("天津市西青区促进生物医药产业发展若干措施\n一、总体要求\n")
    assert (meta.jurisdiction.name, meta.jurisdiction.admin_level) == ("西青区", "district")
    meta = extract_metadata("天津市促进生物医药产业发展若干措施\n一、总体要求\n")
    assert (meta.jurisdiction.name, meta.jurisdiction.admin_level) == ("天津市", "municipality")


def test_a_district_named_by_its_issuer_is_more_specific_than_the_city_of_the_title():
    meta = extract_metadata("近日,通州区经信局印发了《北京城市副中心医药健康产业三年行动计划》。\n")
    assert (meta.jurisdiction.name, meta.jurisdiction.admin_level) == ("通州区", "district")


def test_a_development_zone_is_a_jurisdiction_under_its_city_in_its_fullest_name():
    text = """宜昌高新区管委会
关于印发《关于促进宜昌高新区生物医药产业发展的若干措施》的通知
宜昌高新技术产业开发区各部门:
"""
    meta = extract_metadata(text)
    zone = meta.jurisdiction
    assert (zone.name, zone.admin_level) == ("宜昌高新技术产业开发区", "development-zone")
    assert zone.parent == "420500" and zone.code == "420500"


def test_period_only_from_a_stated_period_never_from_target_years():
    text = "某市生物医药产业行动方案\n一、发展目标\n到2025年,全市产业规模达到500亿元;到2030年达到1000亿元。\n"
    meta = extract_metadata(text)
    assert (meta.period_start, meta.period_end) == (None, None)
    five = extract_metadata("安徽省“十四五”医药工业发展规划\n一、发展目标\n")
    assert (five.period_start, five.period_end) == (2021, 2025)


def test_a_range_qualifying_a_cited_document_is_not_the_plans_period():
    meta = extract_metadata("某州关于贯彻落实健康产业行动纲要(2019—2022年)的实施意见\n一、总体要求\n")
    assert (meta.period_start, meta.period_end) == (None, None)


def test_a_cited_title_and_its_distractor_city_are_neither_title_nor_jurisdiction():
    text = """根据《贵州省健康养生产业发展规划(2015—2020)》和《贵州省新医药产业发展规划(2014—2017)》,8月14日,
贵阳市人民政府出台了《贵阳市关于支持大健康医药产业发展若干政策的意见》。
"""
    rejected = []
    meta = extract_metadata(text, reject=lambda span, reason: rejected.append(text[span[0] : span[1]]))
    assert meta.title == "贵阳市关于支持大健康医药产业发展若干政策的意见"
    assert meta.jurisdiction.name == "贵阳市"
    assert "贵州省健康养生产业发展规划(2015—2020)" in rejected


def test_a_news_headline_repeating_body_amounts_is_not_the_title():
    text = "研发投入最高补助1500万元!某区公布重磅政策\n近日,某区公布一系列政策。\n"
    assert extract_metadata(text).title == ""


def test_an_abbreviated_title_is_not_the_title():
    assert extract_metadata("近日,《实施意见》明确,全省医药产业到2025年达到3000亿元。\n").title == ""


def test_a_cover_notice_gives_its_plan_as_title_and_a_leading_date_is_dropped():
    notice = "运城市人民政府办公厅关于印发运城市中医药发展实施方案的通知\n各县人民政府:\n"
    assert extract_metadata(notice).title == "运城市中医药发展实施方案"
    dated = "2023年4月7日关于加快推进江阴市生物医药产业高质量发展的若干措施(试行)\n第一条 为…\n"
    assert extract_metadata(dated).title == "关于加快推进江阴市生物医药产业高质量发展的若干措施(试行)"


def test_a_dateline_glued_to_a_news_agency_is_no_issue_date():
    news = "格隆汇7月24日丨浦东新区人民政府办公室印发《浦东新区生物医药产业园区功能提升方案》。\n"
    assert extract_metadata(news).issued is None


def test_a_numbered_section_heading_ending_in_a_kind_is_not_the_title():
    text = "某某生命科技产业园扶持办法\n(一)财政税收政策\n对入园企业给予房租减免。\n(二)人才政策\n引进高层次人才给予奖励。\n"
    rejected = []
    meta = extract_metadata(text, reject=lambda span, reason: rejected.append((text[span[0] : span[1]], reason)))
    assert meta.title == "某某生命科技产业园扶持办法"
    assert any(candidate == "(一)财政税收政策" and "section number" in reason for candidate, reason in rejected)


def test_a_page_with_only_section_headings_has_no_title():
    text = "(一)财政税收政策\n对入园企业给予房租减免,最高补助100万元。\n(二)产业发展政策\n支持企业做大做强。\n"
    assert extract_metadata(text).title == ""


def test_a_portal_channel_bar_naming_the_province_does_not_outvote_the_city():
    text = (
        "浙江热点 浙江股市 浙江楼市 浙江产经\n"
        "台州市出台医药产业发展意见\n"
        "6月3日,市委、市政府下发《关于加快医药产业发展的实施意见》。去年全市医药行业产值约占全省的17%。"
        "全市规模以上医药企业81家,成为全市重点产业。\n"
    )
    meta = extract_metadata(text)
    assert (meta.jurisdiction.name, meta.jurisdiction.level) == ("台州市", "city")


def test_a_city_of_another_province_is_not_the_jurisdiction_of_a_city_plan():
    text = "浙江省内各地积极对接。浙江企业加强与深圳市合作,全市医药企业赴深圳市学习。全市产值增长。浙江产经。\n"
    assert extract_metadata(text).jurisdiction is None
