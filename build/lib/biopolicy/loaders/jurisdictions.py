"""Resolve PRC administrative divisions (GB/T 2260) by name, short name and abbreviation.

Data: ``gazetteers/divisions.tsv`` (provinces, prefecture-level cities, counties and districts,
generated from the cpca package's table by ``tools/make_divisions_gazetteer.py``), the divisions
created since then (``gazetteers/divisions_updates.tsv``) and
``gazetteers/province_abbreviations.tsv`` (鄂 → 湖北省). Short names drop the administrative
suffix (厦门市 → 厦门, 湖北省 → 湖北, 广西壮族自治区 → 广西); they are indexed only for
provinces and prefecture cities, where they are unambiguous enough to find in running text.
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


@cache
def all_divisions() -> dict[str, Jurisdiction]:
    rows = read_tsv("divisions.tsv") + read_tsv("divisions_updates.tsv")
    return {row["code"]: Jurisdiction(row["code"], row["name"], row["level"], row["parent"] or None) for row in rows}


@cache
def _names() -> dict[str, list[Jurisdiction]]:
    index: dict[str, list[Jurisdiction]] = {}
    for division in all_divisions().values():
        index.setdefault(division.name, []).append(division)
        if division.level in ("province", "city"):
            short = short_name(division.name)
            if short != division.name:
                index.setdefault(short, []).append(division)
    return index


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
