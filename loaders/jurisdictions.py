"""Resolve PRC administrative divisions (GB/T 2260) by name, short name and abbreviation.

Data: ``gazetteers/divisions.tsv`` (provinces, prefecture-level cities, counties and districts,
generated from the cpca package's table by ``tools/make_divisions_gazetteer.py``), the divisions
created since then (``gazetteers/divisions_updates.tsv``), the admin levels that differ from the
GB/T tier (``gazetteers/divisions_levels.tsv``: the four municipalities), the endings of development
zones (``gazetteers/divisions_zone_suffixes.tsv``) and
``gazetteers/province_abbreviations.tsv`` (鄂 → 湖北省).

Admin levels: a province-tier division is a ``province`` unless divisions_levels.tsv says
``municipality``; a city-tier one a ``city``; a county-tier one a ``district`` when it is named …区
(市辖区, 浦东新区) and a ``county`` otherwise (县, 县级市, 旗). A development zone (重庆高新区) is no
GB/T division: :func:`zone` makes it a jurisdiction of level ``development-zone`` under its city. Short names drop the administrative
suffix (厦门市 → 厦门, 湖北省 → 湖北, 广西壮族自治区 → 广西); they are indexed only for
provinces and prefecture cities, where they are unambiguous enough to find in running text. An
autonomous prefecture is also written X州 (大理州, 黔东南州: two to four characters of its name and 州).
A county's short name (临安 for 临安区, 南沙 for 南沙区) is too ambiguous for the whole country: it is
found only within a named city (:func:`find_county_short_names`, 广州南沙 → 南沙区).
"""

from __future__ import annotations

import re
from functools import cache

from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.model import Jurisdiction

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "盟", "省", "市")


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


DISTRICT_ENDING = "区"
AUTONOMOUS_PREFECTURE = "自治州"
PREFECTURE_SHORT_ENDING = "州"
# The endings a county-tier name drops in its short form (临安区 → 临安, 太和县 → 太和).
COUNTY_SUFFIXES = ("新区", "区", "县", "市", "旗")


@cache
def all_divisions() -> dict[str, Jurisdiction]:
    rows = read_tsv("divisions.tsv") + read_tsv("divisions_updates.tsv")
    levels = {row["code"]: row["admin_level"] for row in read_tsv("divisions_levels.tsv")}
    return {
        row["code"]: Jurisdiction(
            row["code"], row["name"], row["level"], row["parent"] or None, admin_level_of(row, levels)
        )
        for row in rows
    }


def admin_level_of(row: dict, levels: dict[str, str]) -> str:
    """The admin-level concept key of a gazetteer row (see the module docstring)."""
    if row["code"] in levels:
        return levels[row["code"]]
    if row["level"] == "county":
        return "district" if row["name"].endswith(DISTRICT_ENDING) else "county"
    return row["level"]


@cache
def zone_suffixes() -> dict[str, str]:
    """Endings of development-zone names → their unabbreviated form ("" when already full), longest first."""
    rows = sorted(read_tsv("divisions_zone_suffixes.tsv"), key=lambda row: len(row["suffix"]), reverse=True)
    return {row["suffix"]: row["full"] for row in rows}


@cache
def _zone_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(suffix) for suffix in zone_suffixes()))


def zone_ending(name: str) -> str | None:
    """The development-zone ending ``name`` closes with (高新区 for 兰州高新区), or None."""
    return next((suffix for suffix in zone_suffixes() if name.endswith(suffix) and len(name) > len(suffix) + 1), None)


def find_zone_endings(text: str) -> list[tuple[int, int, str]]:
    """Every development-zone ending in ``text`` (longest match at each place)."""
    return [(m.start(), m.end(), m.group()) for m in _zone_pattern().finditer(text)]


def zone(name: str, parent: Jurisdiction | None) -> Jurisdiction:
    """A development zone as a jurisdiction: level development-zone, under ``parent`` (its city), with its code."""
    code = parent.code if parent else ""
    return Jurisdiction(code, name, "county", parent.code if parent else None, "development-zone")


def zone_parent(name: str) -> Jurisdiction | None:
    """The division a zone's name starts with (重庆高新区 → 重庆市, 兰州高新区 → 兰州市), the higher tier first."""
    mentions = [mention for mention in find_mentions(name) if mention[0] == 0]
    if not mentions:
        return None
    division = by_name(mentions[0][2])
    return division if division is not None and division.level != "county" else None


@cache
def _names() -> dict[str, list[Jurisdiction]]:
    index: dict[str, list[Jurisdiction]] = {}
    for division in all_divisions().values():
        index.setdefault(division.name, []).append(division)
        if division.level in ("province", "city"):
            short = short_name(division.name)
            if short != division.name:
                index.setdefault(short, []).append(division)
        if division.name.endswith(AUTONOMOUS_PREFECTURE):
            for short in prefecture_short_forms(division.name):
                index.setdefault(short, []).append(division)
    return index


def prefecture_short_forms(name: str) -> list[str]:
    """The X州 forms of an autonomous prefecture (大理白族自治州 → 大理州, 黔东南苗族侗族自治州 → 黔东南州)."""
    place = name[: -len(AUTONOMOUS_PREFECTURE)]
    return [place[:length] + PREFECTURE_SHORT_ENDING for length in range(2, min(4, len(place) - 1) + 1)]


def county_short_name(name: str) -> str | None:
    """A county-tier name without its ending (临安区 → 临安), None when fewer than two characters remain."""
    for suffix in COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@cache
def _county_short_pattern(parent_code: str) -> tuple[re.Pattern[str] | None, dict[str, Jurisdiction]]:
    """The short names of the county-tier divisions directly under one city, as one pattern."""
    shorts: dict[str, Jurisdiction] = {}
    for division in all_divisions().values():
        if division.level == "county" and division.parent == parent_code:
            short = county_short_name(division.name)
            if short and short not in _names():
                shorts[short] = division  # a later row (divisions_updates.tsv: 临安市 → 临安区) wins
    if not shorts:
        return None, shorts
    return re.compile("|".join(re.escape(name) for name in sorted(shorts, key=len, reverse=True))), shorts


def find_county_short_names(text: str, city: Jurisdiction) -> list[tuple[int, int, Jurisdiction]]:
    """Every short name of a county or district of ``city`` in ``text`` (南沙 in a text about 广州市)."""
    pattern, shorts = _county_short_pattern(city.code)
    if pattern is None:
        return []
    return [(m.start(), m.end(), shorts[m.group()]) for m in pattern.finditer(text)]


@cache
def _name_pattern() -> re.Pattern[str]:
    names = sorted(_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names if len(name) >= 2))


def by_code(code: str) -> Jurisdiction | None:
    return all_divisions().get(code)


def by_name(name: str, within: Jurisdiction | None = None) -> Jurisdiction | None:
    """The division called ``name`` (full or short), preferring one inside ``within``, then the higher level."""
    candidates = _names().get(name, [])
    if within is not None:
        inside = [c for c in candidates if is_within(c, within)]
        candidates = inside or candidates
    rank = {"province": 0, "city": 1, "county": 2}
    return min(candidates, key=lambda c: (rank[c.level], c.name != name), default=None)


def divisions_named(name: str) -> list[Jurisdiction]:
    """Every division whose full name is ``name`` (several counties share 鼓楼区; 袁州区 is one)."""
    return [division for division in _names().get(name, []) if division.name == name]


def is_within(division: Jurisdiction, ancestor: Jurisdiction) -> bool:
    current: Jurisdiction | None = division
    while current is not None:
        if current.code == ancestor.code:
            return True
        current = by_code(current.parent) if current.parent else None
    return False


def province_of(division: Jurisdiction) -> Jurisdiction:
    return by_code(division.code[:2] + "0000") or division


def find_mentions(text: str) -> list[tuple[int, int, str]]:
    """Every division name (full or short, two characters or more) in ``text``, longest first."""
    return [(m.start(), m.end(), m.group()) for m in _name_pattern().finditer(text)]


@cache
def province_abbreviations() -> dict[str, Jurisdiction]:
    table: dict[str, Jurisdiction] = {}
    for row in read_tsv("province_abbreviations.tsv"):
        province = by_code(row["code"])
        if province:
            for abbreviation in row["abbreviations"].split(","):
                table[abbreviation] = province
    return table
