"""Normalise: the matching copy extractors read, one character for one character.

The working copy keeps every character where it was, so evidence offsets stay exact; only
what a character *is* changes:

- traditional → simplified script (OpenCC ``hk2s``: standard traditional and the Hong Kong variant
  characters, 發展計劃 → 发展计划, 衞生 → 卫生, 臨牀 → 临床; plain ``t2s`` leaves 衞 as it is);
- full-width ASCII → half-width: （一） → (一), ：→ :, ，→ , ；→ ; ２０２６ → 2026, ％ → %, ． → .;
- the circle ○ (U+25CB) and a Latin O inside a Chinese-numeral year → 〇: 二○二四年, 二O二O年
  (cn2an misreads both, STACK-NOTES);
- no-break, ideographic and other typographic spaces → a plain space;
- 「」『』 (Taiwan and Hong Kong quotes) → “”‘’, and the dash variants ― ─ → —, so the two
  scripts match the same patterns.

Chinese punctuation that carries structure stays as written: 、。《》“”〔〕 and ——.

    >>> fold("（一）發展目標：到２０２６年，產業規模突破２０００億元。")
    '(一)发展目标:到2026年,产业规模突破2000亿元。'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import opencc

from biopolicy.loaders.text import MappedText, require_text

_T2S = opencc.OpenCC("hk2s")

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CHARACTER_MAP: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_CHARACTER_MAP.update({ord(space): ord(" ") for space in _SPACES})
_CHARACTER_MAP.update(
    {
        ord("○"): ord("〇"),
        ord("「"): ord("“"),
        ord("」"): ord("”"),
        ord("『"): ord("‘"),
        ord("』"): ord("’"),
        ord("―"): ord("—"),
        ord("─"): ord("—"),
    }
)

# A run of Chinese numerals with Latin O standing in for 〇 (二O二O年, 二ＯＯ九年 after width folding).
_NUMERAL_RUN = re.compile(
    r"[〇零一二三四五六七八九][〇零一二三四五六七八九Oo]+(?=年)|[〇零一二三四五六七八九][〇零一二三四五六七八九Oo]{2,}"
)
_LATIN_ZERO = str.maketrans({"O": "〇", "o": "〇"})

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def normalise(text: MappedText) -> MappedText:
    """The matching copy of a cleaned text: same length, same offset map, folded characters."""
    return text.with_characters(fold)


def fold(text: str, convert: Callable[[str], str] = _T2S.convert) -> str:
    """Fold script, width and variant characters; the result has exactly the length of ``text``."""
    require_text(text)
    folded = to_simplified(text, convert).translate(_CHARACTER_MAP)
    return _NUMERAL_RUN.sub(lambda run: run.group().translate(_LATIN_ZERO), folded)


def to_simplified(text: str, convert: Callable[[str], str] = _T2S.convert) -> str:
    """Traditional → simplified, length-preserving.

    OpenCC converts phrase by phrase, and a phrase may in principle change length; each line
    whose length changes is converted again character by character, and a character whose
    conversion is not one character stays as it is.
    """
    lines = require_text(text).split("\n")
    converted = []
    for line in lines:
        simplified = convert(line)
        if len(simplified) != len(line):
            simplified = "".join(_convert_character(character, convert) for character in line)
        converted.append(simplified)
    return "\n".join(converted)


def is_traditional(text: str, threshold: float = 0.05) -> bool:
    """Whether ``text`` is written in traditional script.

    The share of CJK characters that t2s changes: about a third in traditional text, none or
    almost none in simplified text (a stray traditional name does not tip it).
    """
    positions = [match.start() for match in _CJK.finditer(require_text(text))]
    if not positions:
        return False
    simplified = to_simplified(text)
    changed = sum(1 for position in positions if simplified[position] != text[position])
    return changed / len(positions) >= threshold


def _convert_character(character: str, convert: Callable[[str], str]) -> str:
    simplified = convert(character)
    return simplified if len(simplified) == 1 else character
