"""IRI keys: readable pinyin, deterministic, polyphones read in their word."""

from biopolicy.loaders.iris import initials, jurisdiction_iri, path_slug, slug


def test_initials_read_polyphones_in_their_word():
    # regression: character by character, 厦 was read sha and 长 zhang (smszq…, zcs…)
    assert initials("厦门市做强做大生物医药产业") == "xmszqzdswyycy"
    assert initials("长春市生物医药") == "ccsswyy"
    assert initials("重庆市") == "cqs"


def test_initials_skip_everything_but_chinese_and_are_capped():
    assert initials("(2020-2022)《深圳市》") == "szs"
    assert len(initials("生" * 100)) <= 32


def test_slug_is_lower_case_ascii():
    assert slug("厦门市 A1") == "xiamenshia1"


def test_jurisdiction_iri_has_code_and_pinyin():
    assert str(jurisdiction_iri("350200", "厦门市")).endswith("/id/jurisdiction/350200-xiamenshi")


def test_path_slug_turns_numbering_into_digits():
    assert path_slug("二.(三)") == path_slug("二.(三)")
    assert path_slug("二.(三)") != path_slug("二.(四)")
