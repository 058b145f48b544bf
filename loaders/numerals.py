"""The one numeral parser: Arabic, Chinese (including financial forms) and mixed numerals.

Why one: IRIs, plan metadata (years, dates), targets, incentives and tables all read numbers, and
copies of a parser drift apart (one left 二〇二四 as it was while the others gave 2024).

>>> parse_numeral("二〇二四"), parse_numeral("一百零五"), parse_numeral("三亿五千万")
(Decimal('2024'), Decimal('105'), Decimal('350000000'))
>>> parse_numeral("1,500"), parse_numeral("十二")
(Decimal('1500'), Decimal('12'))
>>> parse_numeral("十四五")
Traceback (most recent call last):
ValueError: not a numeral: '十四五'
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation, localcontext

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4,
    "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_MAGNITUDES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_MAGNITUDES = {"万": 10**4, "亿": 10**8}
NUMERAL_CHARACTERS = "".join([*_DIGITS, *_SMALL_MAGNITUDES, *_BIG_MAGNITUDES])


def plain(value: Decimal) -> Decimal:
    """A Decimal without exponent notation or trailing zeros: 1.2E+11 → 120000000000, 15000.0 → 15000.

    Exact for any size: the default context's 28 digits would round a longer number and make
    ``quantize`` raise InvalidOperation (issue #12: 10000000000000000000000亿元 stopped a build).

    >>> plain(Decimal("1E+30")), plain(Decimal("15000.0"))
    (Decimal('1000000000000000000000000000000'), Decimal('15000'))
    """
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    _, digits, exponent = value.as_tuple()
    with localcontext() as context:
        context.prec = max(context.prec, len(digits) + max(exponent, 0) + 1)
        value = value.normalize()
        return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def parse_numeral(written: str) -> Decimal:
    """The value of a numeral as written: Arabic, Chinese or mixed. Raises ValueError if it is not one."""
    text = written.replace(",", "").replace("，", "").strip()
    if re.fullmatch(r"\d[\dOo]*(?:\.\d+)?", text):
        text = text.replace("O", "0").replace("o", "0")  # 1O: a Latin O typed for a zero
    if not text:
        raise ValueError("empty numeral")
    if len(text) > 1 and all(character in _DIGITS for character in text):
        return Decimal("".join(str(_DIGITS[character]) for character in text))  # 二〇二五
    total = Decimal(0)
    section = Decimal(0)
    number: Decimal | None = None
    last_big: int | None = None
    for token in re.findall(r"\d+(?:\.\d+)?|.", text):
        if token[0].isdigit():
            if number is not None:
                raise ValueError(f"not a numeral: {written!r}")
            number = Decimal(token)
        elif token in _DIGITS:
            if _DIGITS[token] == 0:
                number = None
                continue
            if number is not None:  # 十四五: two digits in a row are not one number
                raise ValueError(f"not a numeral: {written!r}")
            number = Decimal(_DIGITS[token])
        elif token in _SMALL_MAGNITUDES:
            section += (number if number is not None else 1) * _SMALL_MAGNITUDES[token]
            number = None
        elif token in _BIG_MAGNITUDES:
            magnitude = _BIG_MAGNITUDES[token]
            value = section + (number or 0)
            if value == 0 and total == 0:
                value = Decimal(1)  # 万 alone, 亿 alone
            if last_big is None or magnitude > last_big:
                total = (total + value) * magnitude  # 1万亿: the larger magnitude scales all before it
            else:
                total += value * magnitude  # 三亿五千万
            last_big = magnitude
            section = Decimal(0)
            number = None
        else:
            raise ValueError(f"not a numeral: {written!r}")
    try:
        return plain(total + section + (number or 0))
    except InvalidOperation as error:
        raise ValueError(f"not a numeral: {written!r}") from error
