"""Issue #10 §2 "Noise": pinyin reading notes (also cut ones), ,, splices and emoji are dropped as noise;
a zone's measures page without numbered tasks is still a plan."""

from pathlib import Path

from biopolicy.loaders.clean import clean
from biopolicy.loaders.normalise import normalise
from biopolicy.loaders.pipeline import extract_document
from biopolicy.loaders.text import MappedText


def cleaned(text: str) -> str:
    return normalise(clean(MappedText.from_source(text))).work


def test_pinyin_reading_notes_are_dropped_whole_and_cut():
    assert "yī" not in cleaned("支持生物醫(yī)藥產業發展。\n")
    assert "qiáng" not in cleaned("加qiáng)生物医药产业。\n")


def test_a_comma_splice_and_emoji_are_dropped():
    work = cleaned("推动产业集聚,,打造创新高地🚀。\n")
    assert ",," not in work and "🚀" not in work


def test_a_zone_measures_page_without_numbered_tasks_is_not_refused(tmp_path: Path):
    page = tmp_path / "zone-measures.txt"
    page.write_text(
        "某某高新区扶持生物医药产业!最高奖励500万元\n"
        "近日,某某高新区发布政策。对入驻某某生物医药产业园的企业,给予最高500万元奖励。"
        "对新建的公共技术服务平台,给予最高300万元补助。\n",
        encoding="utf-8",
    )
    extraction = extract_document(page)
    assert not extraction.metadata.title and not extraction.tasks
    assert [incentive.max_amount for incentive in extraction.facts["incentives"]] == [500, 300]
