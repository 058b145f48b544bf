"""Numerals, units and comparators of the targets and incentives families (loaders/extract/numbers.py)."""

from decimal import Decimal

import pytest

from biopolicy.loaders.extract.numbers import (
    clause_spans,
    find_quantities,
    list_item_spans,
    mask_groups,
    parse_numeral,
    sentence_spans,
)


def only(text: str):
    """The single quantity of ``text`` as (value, value_max, unit, comparator, written)."""
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    return q.value, q.value_max, q.unit, q.comparator, text[q.span[0] : q.span[1]]


@pytest.mark.parametrize(
    "written, value",
    [
        ("十", "10"),
        ("十二", "12"),
        ("二十", "20"),
        ("百", "100"),
        ("一百零五", "105"),
        ("两千", "2000"),
        ("两千亿", "200000000000"),
        ("三亿五千万", "350000000"),
        ("1万亿", "1000000000000"),
        ("1.5万", "15000"),
        ("2千", "2000"),
        ("3千5百", "3500"),
        ("1200", "1200"),
        ("2,500", "2500"),
        ("0.5", "0.5"),
        ("二〇二五", "2025"),
        ("万", "10000"),
        ("壹佰", "100"),
    ],
)
def test_parse_numeral(written, value):
    assert parse_numeral(written) == Decimal(value)


@pytest.mark.parametrize("written", ["", "十四五", "十个", "3-5", "1.2.3", "5五"])
def test_parse_numeral_refuses_what_is_not_one_number(written):
    with pytest.raises(ValueError):
        parse_numeral(written)


def test_large_values_have_no_exponent():
    assert str(parse_numeral("两千亿")) == "200000000000"
    assert str(parse_numeral("1.5万")) == "15000"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("打造十个重大公共服务平台", (10, None, "个", "=", "十个")),
        ("争取药品临床批件超百个", (100, None, "个", ">", "百个")),
        ("实现医疗器械注册上市产品近万个", (10000, None, "个", "approx", "万个")),
        ("新建或新升级国家级科技创新平台1-2个", (1, 2, "个", "=", "1-2个")),
        ("新增药械公共技术服务平台3-5个", (3, 5, "个", "=", "3-5个")),
        ("建设三至五个创新平台", (3, 5, "个", "=", "三至五个")),
        ("培育规上企业3-5万家", (30000, 50000, "家", "=", "3-5万家")),
        ("全省新增经营主体1.5万家", (15000, None, "家", "=", "1.5万家")),
        ("均达到10户以上", (10, None, "户", "≥", "10户")),
        ("产业规模力争超过1000亿元", (1000, None, "亿元", ">", "1000亿元")),
        ("总产值实现突破2000亿元", (2000, None, "亿元", ">", "2000亿元")),
        ("生物医药产业规模达1200亿", (1200, None, "亿", "=", "1200亿")),
        ("产业产值两千亿", (2000, None, "亿", "=", "两千亿")),
        ("全市产业规模达到一万亿元", (1, None, "万亿元", "=", "一万亿元")),
        ("平台本地服务量达到40%", (40, None, "%", "=", "40%")),
        ("新增上市企业不少于8家", (8, None, "家", "≥", "8家")),
        ("新增企业100余家", (100, None, "家", ">", "100余家")),
        ("年均增长15%左右", (15, None, "%", "approx", "15%")),
        ("研发投入占比提高到3%", (3, None, "%", "=", "3%")),
        ("建设千亿级产业集群", (1000, None, "亿", "≥", "千亿")),
        ("分档给予50-500万元一次性奖励", (50, 500, "万元", "=", "50-500万元")),
        ("择优分三年给予总计3-30万元奖励", (3, 30, "万元", "=", "3-30万元")),
        ("按每人5000元标准给予奖励", (5000, None, "元", "=", "5000元")),
        ("给予最高500万资助", (500, None, "万", "=", "500万")),
        ("最高不超过1000万元", (1000, None, "万元", "≤", "1000万元")),
        ("有效投资在5000万元及以上", (5000, None, "万元", "≥", "5000万元")),
        ("投资额1.2万亿元", (Decimal("1.2"), None, "万亿元", "=", "1.2万亿元")),
        ("营业收入实现倍增", (2, None, "倍", "=", "倍增")),
        ("到2035年产值翻两番", (4, None, "倍", "=", "翻两番")),
        ("出口额超过10亿美元", (10, None, "亿美元", ">", "10亿美元")),
        ("营业收入年均增长10%-15%", (10, 15, "%", "=", "10%-15%")),
        ("投资10亿元至20亿元以上", (10, 20, "亿元", "≥", "10亿元至20亿元")),
    ],
)
def test_quantities(text, expected):
    value, value_max, unit, comparator, written = expected
    assert only(text) == (
        Decimal(value),
        None if value_max is None else Decimal(value_max),
        unit,
        comparator,
        written,
    )


@pytest.mark.parametrize(
    "text",
    [
        "传承创新发展“十大楚药”和“五大特色药材”",
        "十大楚药",
        "全力实施八大工程",
        "实现“双十双百双千”奋斗目标",
        "双十目标",
        "世界500强企业",
        "QS世界大学综合排名前300高校",
        "第一支干扰素、第一台全自动生化分析仪",
        "建立“1+2+3+N”的产业布局体系",
        "编制“十四五”产业发展规划",
        "构建“一核两翼多组团”空间发展格局",
        "建设一个国际一流的生物医药产业高地",
        "走进千家万户",
        "入选国家千人计划",
        "九台中古医药产业园",
        "发布时间:2020-07-10",
        "电话:027-87891882",
        "全面贯彻党的二十大精神",
        "(1000亿元产值+1000户企业)",
        "统一支持政策",
        "资金数亿元",
        "万人驻万企",
    ],
)
def test_labels_names_and_dates_are_not_quantities(text):
    assert find_quantities(text) == []


def test_a_bare_yi_is_money_only_in_a_money_clause():
    assert only("市值达500亿")[2] == "亿"
    assert find_quantities("基因测序10亿") == []


def test_a_magnitude_before_a_count_unit_stays_in_the_number():
    assert only("近万个")[:3] == (Decimal(10000), None, "个")
    assert only("引进10万人")[:3] == (Decimal(100000), None, "人")


def test_money_value_in_yuan():
    [quantity] = find_quantities("生物医药产业规模达1200亿")
    assert quantity.value_in_yuan == Decimal("120000000000")
    [quantity] = find_quantities("分档给予50-500万元一次性奖励")
    assert quantity.value_in_yuan == Decimal("500000")
    assert quantity.max_in_yuan == Decimal("5000000")
    [quantity] = find_quantities("新增上市企业10家")
    assert quantity.value_in_yuan is None


def test_thresholds_are_found_as_quantities_with_their_comparator():
    found = find_quantities("培育营业收入超500亿元企业1家")
    assert [(q.value, q.unit, q.comparator) for q in found] == [
        (Decimal(500), "亿元", ">"),
        (Decimal(1), "家", "="),
    ]


def test_unit_characters_that_start_a_word_are_not_units():
    assert find_quantities("三支持政策") == []
    assert find_quantities("加强五种植基地") == []
    assert only("获批三类医疗器械注册证100张")[:3] == (Decimal(100), None, "张")


def test_outer_span_holds_the_comparator_words():
    text = "国家高新技术企业超300户以上"
    [quantity] = find_quantities(text)
    assert text[quantity.outer[0] : quantity.outer[1]] == "超300户以上"
    assert quantity.before == "超" and quantity.after == "以上"


def test_mask_keeps_length_and_delimiters():
    text = "实施“十大”工程(含2个项目)。新增3家"
    masked = mask_groups(text)
    assert len(masked) == len(text)
    assert masked[2] == "“" and masked[5] == "”"
    assert "十" not in masked and "2" not in masked and "3" in masked


def test_an_unclosed_group_ends_with_its_sentence():
    masked = mask_groups("实施“十大工程。新增3家")
    assert masked.endswith("新增3家")


def test_sentence_and_clause_spans_ignore_punctuation_inside_groups():
    text = "到2025年,建成4个中心(责任单位:市科技局、市卫健委);新增3家。"
    masked = mask_groups(text)
    sentences = sentence_spans(masked, 0, len(text))
    assert [text[s:e] for s, e in sentences] == ["到2025年,建成4个中心(责任单位:市科技局、市卫健委)", "新增3家"]
    clauses = clause_spans(masked, *sentences[0])
    assert [text[s:e] for s, e in clauses] == ["到2025年", "建成4个中心(责任单位:市科技局、市卫健委)"]
    items = list_item_spans(masked, *clauses[1])
    assert len(items) == 1


def test_percentages_written_in_words():
    # Regression: 年均增长百分之十五以上 and 不低于百分之五 gave no quantity at all.
    assert [(q.value, q.unit, q.comparator) for q in find_quantities("年均增长百分之十五以上")] == [(Decimal(15), "%", "≥")]
    assert [(q.value, q.comparator) for q in find_quantities("研发投入强度不低于百分之五")] == [(Decimal(5), "≥")]
    assert [q.value for q in find_quantities("占比百分之二点五")] == [Decimal("2.5")]


def test_events_counted_in_chang():
    # Regression: 招商推介活动不少于十场 had no unit; 市场, 现场 are no count.
    assert [(q.value, q.unit, q.comparator) for q in find_quantities("招商推介活动不少于十场")] == [(Decimal(10), "场", "≥")]
    assert find_quantities("拓展国际市场5场景") == []


def test_bare_numbers_listed_before_a_quantity_share_its_unit():
    found = find_quantities("分别给予1000、500、200万元奖励")
    assert [(q.value, q.unit) for q in found] == [(Decimal(1000), "万元"), (Decimal(500), "万元"), (Decimal(200), "万元")]
    assert [q.unit for q in find_quantities("第1、2、3批")] == []


def test_a_latin_o_typed_for_a_zero_inside_a_number():
    assert [(q.value, q.unit) for q in find_quantities("建设1O个示范基地、3o家企业")] == [
        (Decimal(10), "个"), (Decimal(30), "家"),
    ]  # fmt: skip
    assert parse_numeral("2O5") == Decimal(205)
    assert [q.value for q in find_quantities("H2O个")] == []  # a formula, not a number


def test_reported_speech_in_quotation_marks_is_read_but_a_label_is_masked():
    text = "“未来,培育企业3家。”负责人说。实施“双百”工程,建设“1000亿元产值”园区。"
    masked = mask_groups(text)
    assert "培育企业3家" in masked
    assert "1000亿元" not in masked
