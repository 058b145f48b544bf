"""Regression: an amount of 1e28 yuan or more raised decimal.InvalidOperation in numbers.plain and stopped
the whole document (issue #12, defect 1); 1e308亿元 gave 308 亿元 and -500万元 gave 500 万元, silently."""

from decimal import Decimal

from biopolicy.loaders.extract.numbers import find_quantities
from biopolicy.loaders.numerals import plain
from biopolicy.loaders.pipeline import extract_document, families

REPRODUCER = "厦门市生物医药产业发展行动计划\n一、加快发展\n到2025年，产业规模达到10000000000000000000000亿元。"


def extract(tmp_path, text: str):
    path = tmp_path / "xiamen-2025-biomedicine-action-plan.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path)


def test_plain_is_exact_beyond_the_default_28_digits():
    assert plain(Decimal("1E+30")) == Decimal(10) ** 30
    assert str(plain(Decimal("1E+30"))) == "1" + "0" * 30


def test_an_amount_of_1e30_yuan_is_refused_and_the_document_still_extracts(tmp_path):
    extraction = extract(tmp_path, REPRODUCER)
    assert extraction.metadata.title == "厦门市生物医药产业发展行动计划"
    assert families(extraction)["targets"] == []
    reasons = [r.reason for r in extraction.rejections if r.family == "targets"]
    assert any("PLAUSIBLE_BELOW" in reason for reason in reasons)


def test_the_plausible_amounts_beside_it_are_still_read(tmp_path):
    text = REPRODUCER + "到2025年，上市企业达到12家。\n(一)对新获批的国家级平台，给予最高10000000000000000000000亿元奖励，给予最高500万元补助。"
    rows = families(extract(tmp_path, text))
    assert [(t["value"], t["unit"]) for t in rows["targets"]] == [("12", "家")]
    assert [(i["maxAmount"], i["unit"]) for i in rows["incentives"]] == [("500", "万元")]


def test_exponent_notation_does_not_give_its_last_digits():
    [quantity] = find_quantities("产业规模达到1e308亿元")
    assert quantity.implausible and "exponent" in quantity.implausible


def test_a_negative_amount_is_refused_not_read_as_positive(tmp_path):
    [quantity] = find_quantities("利润-500万元")
    assert quantity.implausible and "negative" in quantity.implausible
    text = "某市生物医药产业行动计划\n一、发展目标\n到2025年，产业规模达到-500万元，企业达到1e308亿元。"
    extraction = extract(tmp_path, text)
    assert families(extraction)["targets"] == []
    refused = {r.candidate for r in extraction.rejections if r.family == "targets"}
    assert {"-500万元", "1e308亿元"} <= refused


def test_a_hyphen_between_two_amounts_is_still_a_range():
    assert [(q.value, q.value_max, q.implausible) for q in find_quantities("给予50-500万元奖励")] == [
        (Decimal(50), Decimal(500), "")
    ]
    assert [(q.value, q.value_max) for q in find_quantities("投资1000万元-5000万元")] == [(Decimal(1000), Decimal(5000))]
