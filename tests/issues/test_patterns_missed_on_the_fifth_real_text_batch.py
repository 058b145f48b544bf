"""Patterns of the genre that the fifth batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. An article whose heading stands in
【】 after its number (第二条【…】对…) took its whole first sentence as the title; an unlabelled bracket
of bodies closed by 负责 and the note 排在第一位的为牵头单位 gave no responsibility; 不超 (short for 不超过)
read as the threshold 超, so a capped grant became a target; a document number run on after 的通知
kept those words; and a page-wide layer of spaces between numbers and Chinese (PDF extraction) hid
the units (突破150 亿元).
"""

from __future__ import annotations

from decimal import Decimal

from biopolicy.loaders.clean import clean
from biopolicy.loaders.extract.metadata import extract_metadata
from biopolicy.loaders.extract.targets import extract_targets
from biopolicy.loaders.segment import segment
from biopolicy.loaders.text import MappedText
from tests.test_incentives import grants, summary
from tests.test_responsibilities import rows as responsibilities
from tests.test_targets import make_context, rows


def test_a_heading_in_lenticular_brackets_after_the_article_number_is_the_title():
    work = "第一条【支持创新药研发】对在本区开展临床试验的企业,给予最高500万元资助。\n第二条【鼓励平台建设】对新建的公共服务平台给予奖励。\n"
    titles = [unit.title for unit in segment(work).sections]
    assert titles == ["支持创新药研发", "鼓励平台建设"]
    first = segment(work).sections[0]
    assert work[slice(*first.title_span)] == "支持创新药研发"


def test_a_bracket_of_bodies_with_its_first_leads_note_names_lead_and_supporting():
    text = (
        "一、重点任务\n(一)建设种植基地。到2025年建成标准化基地100万亩。"
        "(市农业农村局、市科技局、市林草局,各县、区人民政府负责。排在第一位的为牵头单位,下同)\n"
    )
    found = responsibilities(text)
    assert ("建设种植基地", "市农业农村局", "lead") in found
    assert ("建设种植基地", "市科技局", "supporting") in found
    assert ("建设种植基地", "各县、区人民政府", "supporting") in found
    assert not any("排在" in agency or agency == "下同" for _, agency, _ in found)


def test_bu_chao_caps_a_grant_and_the_investment_before_it_is_no_target():
    text = "对其中固定资产投资超10亿元、具有示范作用的项目,实行“一事一议”给予最高不超3000万元奖励。"
    context, found = grants(text)
    assert summary(found) == [(Decimal(3000), None, "万元", "reward")]
    assert rows(extract_targets(make_context(text))) == []


def test_a_document_number_run_on_after_the_notice_words_starts_at_its_issuer_abbreviation():
    meta = extract_metadata("关于印发《某市支持医疗器械产业发展若干措施》的通知某府规〔2024〕5号\n各区人民政府:\n")
    assert meta.doc_number == "某府规〔2024〕5号"


def test_spaces_between_numbers_and_chinese_on_a_pdf_copied_page_do_not_hide_the_unit():
    source = "到 2025 年,全市中药产业产值突破120 亿元,建成 30 个示范基地。\n"
    work = clean(MappedText.from_source(source)).work
    assert "突破120亿元" in work and "到2025年" in work
    found = rows(extract_targets(make_context(work)))
    assert (Decimal(120), None, "亿元", ">", 2025) in found


def test_a_lone_space_before_a_unit_is_kept_when_the_page_has_no_such_layer():
    assert clean(MappedText.from_source("产值达到100 亿元。\n")).work == "产值达到100 亿元。\n"
