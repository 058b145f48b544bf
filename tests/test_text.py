"""MappedText keeps every working-text span traceable to the exact source text."""

import pytest

from biopolicy.loaders.text import MappedText


def test_dropping_ranges_keeps_offsets_into_the_source():
    text = MappedText.from_source("计(jì)划<b>目标</b>").without([(1, 5), (6, 9), (11, 15)], reason="markup")
    assert text.work == "计划目标"
    assert text.quote(0, 2) == "计(jì)划"
    assert text.source_span(2, 4) == (9, 11)
    assert [reason for *_, reason in text.dropped] == ["markup"] * 3


def test_length_changing_conversion_is_refused():
    text = MappedText.from_source("abc")
    with pytest.raises(ValueError, match="preserve length"):
        text.with_characters(lambda s: s + "d")


def test_span_outside_the_text_is_an_error():
    with pytest.raises(ValueError, match="outside"):
        MappedText.from_source("ab").quote(1, 5)


def test_line_numbers_are_one_based():
    text = MappedText.from_source("一\n二\n三")
    assert [text.line_of(offset) for offset in (0, 2, 4)] == [1, 2, 3]
