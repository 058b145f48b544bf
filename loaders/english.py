"""English names: of jurisdictions (recorded or romanised by rule), and generated ones of agencies and zones.

Why: a researcher who reads no Chinese must still find 厦门市 as "Xiamen" (decision 0017). The data is in
``gazetteers/``:

* ``divisions_en.tsv``: the recorded English names, every provincial-level division with its short
  conventional form (``Inner Mongolia``, ``Shaanxi``, ``Hong Kong``) and its full official form
  (``Guangxi Zhuang Autonomous Region``), and the exceptions below that level (``Harbin``, ``Lhasa``);
* ``division_endings_en.tsv``, ``ethnic_groups_en.tsv``, ``place_readings.tsv``: the rule for every
  other division: the pinyin of the name without its ending, then the ending's English word
  (海淀区 → ``Haidian District``, 厦门市 → ``Xiamen``, 大理白族自治州 → ``Dali Bai Autonomous Prefecture``);
* ``agency_names_en.tsv`` and ``agency_qualifiers_en.tsv``: an agency's English name composed from its
  canonical body name and its jurisdiction (厦门市科学技术局 → ``Xiamen Municipal Bureau of Science and
  Technology``), only where a row says how;
* ``zone_endings_en.tsv``: a zone or park named exactly by a division and an ending
  (重庆高新技术产业开发区 → ``Chongqing High-tech Industrial Development Zone``).

>>> division_name_en(jurisdictions.by_code("350200"))
'Xiamen'
>>> division_name_en(jurisdictions.by_code("610000")), division_name_en(jurisdictions.by_code("140000"))
('Shaanxi', 'Shanxi')
>>> division_name_en(jurisdictions.by_code("110108"))
'Haidian District'
>>> agency_name_en("厦门市科学技术局", jurisdictions.by_code("350200"))
'Xiamen Municipal Bureau of Science and Technology'
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.model import Jurisdiction

AUTONOMOUS = "自治"
ETHNIC_SUFFIX = "族"
JURISDICTION_SLOT = "{j}"
# A syllable that opens with a vowel after another syllable takes an apostrophe (西安 → Xi'an, 泰安 → Tai'an).
VOWEL_OPENING = ("a", "o", "e")


@cache
def _recorded() -> dict[str, tuple[str, str]]:
    return {row["code"]: (row["name_en"], row["full_en"]) for row in read_tsv("divisions_en.tsv")}


@cache
def _endings() -> list[tuple[str, str]]:
    rows = [(row["ending"], row["en"]) for row in read_tsv("division_endings_en.tsv")]
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


@cache
def _ethnic_groups() -> list[tuple[str, str]]:
    rows = [(row["zh"], row["en"]) for row in read_tsv("ethnic_groups_en.tsv")]
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


@cache
def _readings() -> list[tuple[str, list[str]]]:
    rows = [(row["chars"], row["pinyin"].split()) for row in read_tsv("place_readings.tsv")]
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


def syllables(text: str) -> list[str]:
    """Pinyin syllables of a place name, with ``place_readings.tsv`` overriding pypinyin's reading."""
    out: list[str] = []
    position = 0
    while position < len(text):
        match = next(((chars, reading) for chars, reading in _readings() if text.startswith(chars, position)), None)
        if match is not None:
            out += match[1]
            position += len(match[0])
            continue
        end = next((end for end in range(position + 1, len(text) + 1)
                    if any(text.startswith(chars, end) for chars, _ in _readings())), len(text))
        out += lazy_pinyin(text[position:end], v_to_u=True)
        position = end
    return out


def romanise(text: str) -> str:
    """A place name in pinyin as one capitalised word (厦门 → Xiamen, 西安 → Xi'an); '' if nothing is Chinese."""
    parts = [syllable for syllable in syllables(text) if re.fullmatch(r"[a-zü]+", syllable)]
    word = "".join(
        ("'" + syllable if index and syllable.startswith(VOWEL_OPENING) else syllable)
        for index, syllable in enumerate(parts)
    )
    return word[:1].upper() + word[1:]


def _split_ending(name: str) -> tuple[str, str, str]:
    """``(stem, ending, ending's English)``: 海淀区 → (海淀, 区, District); no known ending: (name, '', '')."""
    for ending, english in _endings():
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)], ending, english
    return name, "", ""


def _ethnic_tail(stem: str) -> tuple[str, list[str]]:
    """The place and the ethnic groups of an autonomous division's stem (大理白族 → 大理, [Bai])."""
    groups: list[str] = []
    while True:
        bare = stem[: -len(ETHNIC_SUFFIX)] if stem.endswith(ETHNIC_SUFFIX) else stem
        # The whole stem is a group only when written with 族 (东乡族自治县 is the Dongxiang's county).
        whole = stem.endswith(ETHNIC_SUFFIX) and not groups
        found = next(
            ((zh, en) for zh, en in _ethnic_groups() if bare.endswith(zh) and (len(bare) > len(zh) or whole)), None
        )
        if found is None:
            return stem, groups
        groups.insert(0, found[1])
        stem = bare[: -len(found[0])]


def _join(groups: list[str]) -> str:
    return groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " and " + groups[-1]


def romanised_division_name(name: str) -> str:
    """The rule's English name for a division name (厦门市 → Xiamen, 长阳土家族自治县 → Changyang Tujia Autonomous County)."""
    stem, ending, english = _split_ending(name)
    groups: list[str] = []
    if ending.startswith(AUTONOMOUS) or stem.endswith(ETHNIC_SUFFIX):
        stem, groups = _ethnic_tail(stem)
    words = [romanise(stem)] + ([_join(groups)] if groups else []) + ([english] if english else [])
    return " ".join(word for word in words if word)


def division_name_en(division: Jurisdiction) -> str:
    """The English label of a division: recorded in divisions_en.tsv, else romanised by rule."""
    recorded = _recorded().get(division.code)
    if recorded is not None and not division.is_zone:
        return recorded[0]
    if division.is_zone:
        return zone_name_en(division.name) or ""
    return romanised_division_name(division.name)


def division_full_name_en(division: Jurisdiction) -> str:
    """The full official English name where one is recorded (Fujian Province), else the English label."""
    recorded = _recorded().get(division.code)
    if recorded is not None and recorded[1] and not division.is_zone:
        return recorded[1]
    return division_name_en(division)


# ---------------------------------------------------------------------------------------------
# Zones and parks


@cache
def _zone_endings() -> list[tuple[str, str]]:
    rows = [(row["ending"], row["en"]) for row in read_tsv("zone_endings_en.tsv")]
    return sorted(rows, key=lambda row: len(row[0]), reverse=True)


def zone_name_en(name: str) -> str | None:
    """``<division's English name> <ending>`` for a name that is exactly a division and a known ending, else None.

    >>> zone_name_en("重庆高新技术产业开发区")
    'Chongqing High-tech Industrial Development Zone'
    >>> zone_name_en("西咸新区") is None
    True
    """
    for ending, english in _zone_endings():
        if not name.endswith(ending):
            continue
        place = name[: -len(ending)]
        division = jurisdictions.by_name(place) if place else None
        if division is None or place not in (division.name, jurisdictions.short_name(division.name)):
            return None
        return f"{division_name_en(division)} {english}"
    return None


# ---------------------------------------------------------------------------------------------
# Agencies


@cache
def _agency_names() -> list[tuple[str, str]]:
    return [(row["canonical"], row["en"]) for row in read_tsv("agency_names_en.tsv")]


@cache
def _qualifiers() -> list[tuple[str, str, str]]:
    rows = [(row["admin_level"], row["ending"], row["en"]) for row in read_tsv("agency_qualifiers_en.tsv")]
    return sorted(rows, key=lambda row: len(row[1]), reverse=True)


def qualifier(division: Jurisdiction) -> str | None:
    """How an agency's English name names its jurisdiction (Xiamen Municipal, Hubei Provincial), None if no rule."""
    level = division.admin_level or division.level
    name_en = division_name_en(division)
    if not name_en:
        return None
    for admin_level, ending, template in _qualifiers():
        if admin_level == level and division.name.endswith(ending):
            return template.replace("{name}", name_en).replace("{full}", division_full_name_en(division))
    return None


def _prefixes(division: Jurisdiction) -> list[tuple[str, str]]:
    """The Chinese prefixes a body of ``division`` opens with, and their English qualifiers, longest first."""
    own = qualifier(division)
    if own is None:
        return []
    found = [(division.name, own)]
    parent = jurisdictions.by_code(division.parent) if division.parent else None
    if parent is not None and (division.level == "county" or division.is_zone):
        found.insert(0, (parent.name + division.name, f"{division_name_en(parent)} {own}"))
    return found


def agency_name_en(name: str, division: Jurisdiction | None) -> str | None:
    """The generated English name of the canonical agency ``name`` of ``division``, or None when no rule says it.

    The name must be exactly the division (or its city and the division) followed by a body of
    agency_names_en.tsv; a ``{j}`` inside a canonical name places the jurisdiction there.
    """
    if division is None:
        return None
    for prefix, english_prefix in _prefixes(division):
        for canonical, template in _agency_names():
            chinese = canonical.replace(JURISDICTION_SLOT, prefix) if JURISDICTION_SLOT in canonical else prefix + canonical
            if name == chinese:
                return template.replace(JURISDICTION_SLOT, english_prefix)
    return None
