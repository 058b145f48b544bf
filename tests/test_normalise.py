"""Normalising folds script, width and variants one character for one character."""

import re
from pathlib import Path

import opencc
import pytest

from biopolicy.loaders.clean import clean
from biopolicy.loaders.normalise import fold, is_traditional, normalise, to_simplified
from biopolicy.loaders.read import read_document

DOCUMENTS = Path(__file__).parent / "documents"
SEEDS = Path(__file__).parent.parent / "documents"
ALL_DOCUMENTS = sorted(
    [
        path
        for path in DOCUMENTS.iterdir()
        if path.suffix in (".txt", ".md", ".html") and not path.name.startswith("bad-")
    ]
    + list(SEEDS.glob("*.txt"))
)
t2s = opencc.OpenCC("t2s").convert


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("（一）", "(一)"),
        ("：；，！？", ":;,!?"),
        ("０１２３４５６７８９", "0123456789"),
        ("１２％．５", "12%.5"),
        ("ＣＡＲ－Ｔ　ｍＲＮＡ", "CAR-T mRNA"),
        ("、。《》“”〔〕——…", "、。《》“”〔〕——…"),
        ("二○二四年", "二〇二四年"),
        ("二O二O年 二ＯＯ九年", "二〇二〇年 二〇〇九年"),
        ("ISO 9001 CO2 OO一", "ISO 9001 CO2 OO一"),
        ("a\u00a0b\u3000c\u2002d", "a b c d"),
        ("「一核兩翼」『雙千』", "“一核两翼”‘双千’"),
        ("―― ──", "—— ——"),
        ("發展計劃，產業規模", "发展计划,产业规模"),
        ("臺灣、後續、頭髮、乾燥", "台湾、后续、头发、干燥"),
    ],
)
def test_fold(written, folded):
    assert fold(written) == folded
    assert len(fold(written)) == len(written)


def test_a_length_changing_phrase_conversion_falls_back_to_characters():
    def adds_a_character(line: str) -> str:
        return t2s(line) + ("!" if len(line) > 1 else "")

    assert to_simplified("發展\n計劃", adds_a_character) == "发展\n计划"


def test_a_character_that_converts_to_two_stays_as_written():
    def splits(line: str) -> str:
        return line.replace("發", "fa")

    assert to_simplified("發展", splits) == "發展"


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda path: path.name)
def test_normalise_keeps_length_offsets_and_dropped_ranges(path):
    text = clean(read_document(path))
    normalised = normalise(text)
    assert len(normalised.work) == len(text.work)
    assert normalised.origin == text.origin
    assert normalised.dropped == text.dropped
    assert normalised.source == text.source
    assert not re.search("[０-９（）：，；％\u3000\u00a0○]", normalised.work)


def test_traditional_document_matches_simplified_patterns():
    text = normalise(
        clean(read_document(DOCUMENTS / "guangzhou-2023-biomedicine-plan-traditional-pinyin.txt"))
    )
    assert "(一)强化药品上市许可持有人(MAH)制度创新。支持持有人委托生产" in text.work
    assert "责任单位:黄埔区政府、南沙区政府" in text.work
    start = text.work.index("责任单位:黄埔区政府")
    assert text.quote(start, start + len("责任单位:黄埔区政府")) == "責任單位：黃埔區政府"


@pytest.mark.parametrize(
    ("path", "traditional"),
    [
        (DOCUMENTS / "guangzhou-2023-biomedicine-plan-traditional-pinyin.txt", True),
        (DOCUMENTS / "hangzhou-2024-biomedicine-action-plan-big5.txt", True),
        (DOCUMENTS / "excerpt-200-big5.txt", True),
        (DOCUMENTS / "hangzhou-2024-biomedicine-action-plan.txt", False),
        (DOCUMENTS / "excerpt-200-gbk.txt", False),
        *[(path, False) for path in sorted(SEEDS.glob("*.txt"))],
    ],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_is_traditional(path, traditional):
    assert is_traditional(read_document(path).work) is traditional


def test_is_traditional_of_text_without_chinese():
    assert is_traditional("") is False
    assert is_traditional("Action plan 2024") is False


def test_hong_kong_variant_characters_fold_to_simplified():
    # Regression: a Hong Kong page writes 衞生 (not 衛生) and 臨牀; t2s left 衞, so 市衞生健康局 matched no alias.
    assert fold("市衞生健康局、臨牀研究、產業集羣") == "市卫生健康局、临床研究、产业集群"
