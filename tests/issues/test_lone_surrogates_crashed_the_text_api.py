"""Regression: a str with a lone surrogate crashed normalise.py and emit.py with UnicodeEncodeError (issue #12, defect 9).

Files are decoded strictly and refused cleanly; Python callers who pass a string now get the
same kind of error: a TextError (a BiopolicyError and a ValueError) naming the character and
where it is.
"""

import pytest

from biopolicy.loaders.emit import zh
from biopolicy.loaders.errors import BiopolicyError, TextError
from biopolicy.loaders.normalise import fold, is_traditional, to_simplified
from biopolicy.loaders.read import html_working_copy, markdown_working_copy, text_working_copy

BROKEN = "厦门市生物医药产业发展行动计划\n到2025年，产业规模达到\ud800100亿元。"


@pytest.mark.parametrize(
    "call",
    [text_working_copy, markdown_working_copy, html_working_copy, fold, to_simplified, is_traditional, zh],
    ids=lambda call: call.__name__,
)
def test_a_lone_surrogate_is_a_clear_text_error(call):
    with pytest.raises(TextError, match=r"lone surrogate U\+D800 at character 29") as raised:
        call(BROKEN)
    assert isinstance(raised.value, BiopolicyError) and isinstance(raised.value, ValueError)


def test_a_valid_supplementary_character_is_not_refused():
    assert fold("𠀀生物医药") == "𠀀生物医药"  # a real astral character is one code point, not a surrogate
