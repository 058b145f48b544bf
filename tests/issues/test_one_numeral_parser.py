"""Regression: four Chinese-numeral parsers had drifted apart (issue #9)."""

from biopolicy.loaders.extract.metadata import find_issue_date
from biopolicy.loaders.iris import chinese_number, path_slug
from biopolicy.loaders.numerals import parse_numeral


def test_iris_left_a_digit_by_digit_chinese_year_as_written():
    assert chinese_number("二〇二四") == "2024"
    assert path_slug("二〇二四.(一)") == path_slug("2024.(一)")


def test_every_stage_reads_a_chinese_year_the_same_way():
    issued, _span = find_issue_date("某市人民政府\n二〇二四年三月五日\n")
    assert issued.year == int(parse_numeral("二〇二四")) == int(chinese_number("二〇二四"))


def test_path_numbers_with_hundreds_read_as_one_number():
    assert chinese_number("一百零五") == "105"
    assert chinese_number("重点任务") == "重点任务"
