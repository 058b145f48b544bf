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
    assert meta.period_end == 2027 and meta.period_start is None


def test_an_interpretation_headline_is_the_title_of_an_interpretation():
    text = "解读《杭州市生物医药产业三年行动计划》\n到2026年,全市产业规模达到2000亿元。\n"
    meta = extract_metadata(text)
    assert meta.title == "杭州市生物医药产业三年行动计划"
    assert meta.kind == "policy-interpretation"
    assert meta.jurisdiction.name == "杭州市"
    assert (meta.period_start, meta.period_end) == (None, 2026)  # no issue date: the start is not guessed


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
