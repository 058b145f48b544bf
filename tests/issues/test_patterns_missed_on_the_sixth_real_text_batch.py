"""Patterns of the genre that the sixth batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. A cover notice broken after 关于
left 印发《…》的通知 as the title; a site's menu word was joined to the heading under it; 实施计划,
责任清单 and 分解表 were no document kinds; 过 (产业规模过千亿) was no comparator; a count of the places
a goal applies to (7个乡镇卫生院均开设中医馆) was read as a target; and the targets of a numbered item
that is one long sentence were dropped as the words of a heading.
"""

from __future__ import annotations

from decimal import Decimal

from biopolicy.loaders.extract.metadata import extract_metadata
from biopolicy.loaders.extract.targets import extract_targets
from biopolicy.loaders.extract.tasks import extract_tasks
from biopolicy.loaders.model import ExtractionContext
from biopolicy.loaders.segment import block_labels, segment
from biopolicy.loaders.text import MappedText
from tests.test_targets import make_context, rows


def test_a_cover_notice_broken_after_guanyu_names_the_plan_it_issues():
    work = "某县人民政府关于\n印发《关于加快中药材产业发展的实施意见》的通知\n各乡镇人民政府:\n"
    assert extract_metadata(work).title == "关于加快中药材产业发展的实施意见"


def test_a_menu_word_over_a_heading_is_not_part_of_the_title():
    work = "新闻中心\n政策法规\n遵义市生物医药产业发展实施计划(2021—2025年)\n发布日期 2021-03-01\n为加快发展,制定本计划。\n"
    meta = extract_metadata(work)
    assert meta.title == "遵义市生物医药产业发展实施计划(2021—2025年)"
    assert (meta.period_start, meta.period_end) == (2021, 2025)


def test_a_responsibility_list_and_a_task_breakdown_table_are_plans_with_titles():
    for title in ("某市贯彻落实《某省中医药产业发展2024年工作要点》责任清单", "某市中医药产业发展规划2024年重点任务分解表"):
        assert extract_metadata(f"{title}\n一、提升中药材生产水平\n").title == title


def _targets(text: str) -> list[tuple]:
    return rows(extract_targets(make_context(text)))


def test_guo_before_a_number_is_more_than():
    assert _targets("到2027年,全区实现医药产业规模过500亿元。") == [(Decimal(500), None, "亿元", ">", 2027)]


def test_a_count_of_places_each_pursuing_the_goal_is_no_target():
    found = _targets("到2025年,全县12个乡镇卫生院均开设中医馆,8个乡镇各建成中药材基地300亩以上。")
    assert not any(value in (12, 8) for value, *_ in found)
    assert (Decimal(300), None, "亩", "≥", 2025) in found


def test_the_targets_of_an_item_that_is_one_long_sentence_are_kept():
    work = (
        "一、提升中药材生产水平\n1.推进品种培优\n"
        "1.全市建设中药材种子繁育基地1.5万亩,中药材良种普及率达到60%以上,种苗供应比例达到45%以上。\n"
        "市农业农村局\n"
    )
    mapped = MappedText.from_source(work)
    tree = segment(mapped.work)
    context = ExtractionContext(
        mapped, tree, {"plans": [extract_metadata(mapped.work, tree)], "tasks": extract_tasks(tree, block_labels())}
    )
    found = rows(extract_targets(context))
    assert (Decimal(15000), None, "亩", "=", None) in found
    assert (Decimal(60), None, "%", "≥", None) in found
