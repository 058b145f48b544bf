"""Divisions resolve by full name, short name and abbreviation, preferring the plan's own area."""

from biopolicy.loaders import jurisdictions


def test_full_and_short_names_resolve_to_gb2260_codes():
    assert jurisdictions.by_name("厦门市").code == "350200"
    assert jurisdictions.by_name("厦门").code == "350200"
    assert jurisdictions.by_name("湖北").code == "420000"


def test_a_name_shared_by_a_province_and_a_city_prefers_the_higher_level():
    assert jurisdictions.by_name("吉林").level == "province"
    assert jurisdictions.by_name("吉林市").level == "city"


def test_districts_resolve_within_their_city():
    shenzhen = jurisdictions.by_name("深圳市")
    assert jurisdictions.by_name("福田区", within=shenzhen).parent == "440300"
    assert jurisdictions.by_name("坪山区", within=shenzhen).code == "440310"  # from divisions_updates.tsv


def test_province_abbreviations():
    assert jurisdictions.province_abbreviations()["鄂"].name == "湖北省"
    assert jurisdictions.province_abbreviations()["蜀"].name == "四川省"


def test_find_mentions_returns_longest_names():
    found = [name for *_, name in jurisdictions.find_mentions("支持襄阳、宜昌和武汉市发展")]
    assert found == ["襄阳", "宜昌", "武汉市"]


def test_every_division_has_a_six_digit_code_and_a_known_parent():
    divisions = jurisdictions.all_divisions()
    assert len(divisions) > 3000
    for division in divisions.values():
        assert len(division.code) == 6 and division.code.isdigit()
        assert division.parent is None or division.parent in divisions
