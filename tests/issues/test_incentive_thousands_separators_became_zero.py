"""Regression: incentive amounts with thousands separators became 0, silently (issue #12, defect 4):
the clause splitter cut 1,000万元 at its comma, so the grant read 000万元."""

from biopolicy.loaders.extract.incentives import extract_incentives
from biopolicy.loaders.extract.numbers import clause_spans
from tests.test_targets import make_context

MEASURES = (
    "对新获批的国家级创新平台，给予最高1,000万元奖励。"
    "对新落户的研发机构给予1，000万元补助。"
    "对首次上市的企业给予1,000,000元一次性奖励。"
)


def test_a_thousands_comma_breaks_no_clause():
    text = "给予最高1,000万元奖励,并优先推荐"
    assert [text[a:b] for a, b in clause_spans(text, 0, len(text))] == ["给予最高1,000万元奖励", "并优先推荐"]


def test_incentives_with_thousands_separators_keep_their_amount():
    incentives = extract_incentives(make_context(MEASURES))
    assert [(str(i.max_amount), i.unit_written, str(i.value_in_yuan)) for i in incentives] == [
        ("1000", "万元", "10000000"),
        ("1000", "万元", "10000000"),
        ("1000000", "元", "1000000"),
    ]
