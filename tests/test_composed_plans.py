"""The loaders on plans written in styles the seeds do not show, scored against their own hand-made gold.

``tests/composed/<name>/`` holds a plan composed for these tests (``document.txt`` or ``.html``) and
one gold CSV per fact family, annotated from the text (``tests/composed/CONVENTIONS.md`` names the
style of each plan and the annotation decisions beyond ``tests/gold/CONVENTIONS.md``). The floors
hold over the whole composed set; the exact assertions pin what each style is there to test.

    .venv/bin/python -m tests.quality.annotated tests/composed --errors   # the scores and every unmatched row
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.quality import annotated
from tests.quality.score import FAMILIES

COMPOSED = annotated.COMPOSED


def document_path(name: str):
    return annotated.document_path(name, COMPOSED)


def load_gold(name: str, family: str) -> list[dict]:
    return annotated.load_gold(name, family, COMPOSED)


def predicted(name: str) -> dict[str, list[dict]]:
    return annotated.predicted(name, COMPOSED)

# Precision and recall per family, micro-averaged over the composed plans.
FLOORS = {family: 0.95 for family in FAMILIES}
NAMES = annotated.annotated_documents(COMPOSED)


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict[str, list[dict]]]:
    return {name: predicted(name) for name in NAMES}


@pytest.fixture(scope="module")
def result(extracted) -> dict:
    return annotated.score_annotated(COMPOSED, extracted)


# ---------------------------------------------------------------------------------------------
# The gold files themselves


def test_there_are_seven_composed_plans():
    assert len(NAMES) == 7


@pytest.mark.parametrize("name", NAMES)
def test_gold_files_have_the_gold_headers(name):
    assert annotated.gold_header_problems(name, COMPOSED) == []


@pytest.mark.parametrize("name", NAMES)
def test_gold_values_are_written_in_the_document(name):
    assert annotated.gold_values_not_in_document(name, COMPOSED, ignore="“”") == []


@pytest.mark.parametrize("name", NAMES)
def test_gold_rows_refer_to_gold_tasks_and_agencies(name):
    assert annotated.gold_reference_problems(name, COMPOSED) == []



# ---------------------------------------------------------------------------------------------
# Floors over the composed set


@pytest.mark.parametrize("family", FAMILIES)
def test_precision_and_recall_reach_the_floor(result, family):
    annotated.assert_floor(result, family, FLOORS[family])


def test_agencies_are_canonicalised(result):
    for attribute, (agree, pairs) in result["attributes"]["agencies"].items():
        assert agree == pairs, attribute


# ---------------------------------------------------------------------------------------------
# What each style is there to test


def rows_of(extracted, name: str, family: str, *keys: str) -> set[tuple]:
    return {tuple(row[key] for key in keys) for row in extracted[name][family]}


def test_provincial_measures_numbered_by_article(extracted):
    name = "jiangxi-2024-biomedicine-several-measures"
    plan = extracted[name]["plans"][0]
    assert plan["title"] == "江西省加快生物医药产业高质量发展若干措施"  # not the 关于印发…的通知 line
    assert (plan["jurisdiction"], plan["level"], plan["issuer"]) == ("江西省", "province", "江西省人民政府办公厅")
    assert [task["title"] for task in extracted[name]["tasks"]][:3] == ["支持创新药研发", "建设高能级创新平台", "提升临床研究能力"]
    responsibilities = rows_of(extracted, name, "responsibilities", "taskTitle", "agency", "role")
    assert ("推动中医药传承创新", "省中医药管理局", "lead") in responsibilities
    assert ("加快特色园区建设", "各设区市人民政府", "supporting") in responsibilities


def test_district_plan_with_an_annex_task_table(extracted):
    name = "pudong-2024-biomedicine-implementation-plan"
    plan = extracted[name]["plans"][0]
    assert (plan["jurisdiction"], plan["level"]) == ("浦东新区", "district")
    paths = {task["path"] for task in extracted[name]["tasks"]}
    assert {"二.1", "二.1.(1)", "二.4.(3)", "三.2"} <= paths
    responsibilities = rows_of(extracted, name, "responsibilities", "taskTitle", "canonical", "role")
    assert ("加强人才保障", "上海市浦东新区建设和交通委员会", "responsible") in responsibilities
    assert not any(task == "强化督查考核" for task, _, _ in responsibilities)  # the table follows it, but is no part of it


def test_targets_in_chinese_numerals(extracted):
    name = "hefei-2023-biomedicine-action-plan"
    targets = rows_of(extracted, name, "targets", "value", "valueMax", "unit", "comparator", "year")
    assert ("1000", "", "亿元", ">", "2025") in targets  # 突破一千亿元
    assert ("3", "5", "家", "=", "2025") in targets  # 三至五家
    assert ("2", "", "倍", "=", "2025") in targets  # 较二〇二二年翻一番: 2022 is the base, not the year
    assert ("15", "", "%", "≥", "2025") in targets  # 百分之十五以上 (以上 includes the number)
    assert ("10", "", "个", "approx", "2025") in targets  # 十个左右
    assert extracted[name]["plans"][0]["issued"] == "2023-09-28"  # 二〇二三年九月二十八日


def test_subsidies_with_rates_caps_and_thresholds(extracted):
    name = "wuxi-2024-biomedicine-implementation-opinions"
    amounts = sorted((Decimal(row["maxAmount"]), row["unit"]) for row in extracted[name]["incentives"])
    assert (Decimal(1), "亿元") in amounts and (Decimal(3000), "元") in amounts
    assert (Decimal(2000), "万元") in amounts  # 按…30%给予补助,最高不超过2000万元: the rate is a condition
    assert (Decimal(10), "亿元") not in amounts  # 对总投资超过10亿元的重大项目…“一事一议”: a threshold, no amount
    assert amounts.count((Decimal(2000), "万元")) == 1  # 年度设备投资在2000万元以上的: a threshold
    assert extracted[name]["plans"][0]["issuer"] == "无锡市人民政府"


def test_traditional_script_web_page(extracted):
    name = "zhuhai-2024-biomedicine-action-plan-traditional"
    plan = extracted[name]["plans"][0]
    assert (plan["jurisdiction"], plan["periodStart"], plan["periodEnd"], plan["issued"]) == ("珠海市", "2024", "2026", "")
    agencies = rows_of(extracted, name, "agencies", "agency", "canonical", "type")
    assert ("市卫生健康局", "珠海市卫生健康局", "health") in agencies  # written 衞生 on the page
    assert {"“澳研珠试”临床转化平台", "澳门大学中华医药研究院珠海基地"} <= {row["platform"] for row in extracted[name]["platforms"]}
    assert all("相关" not in task["title"] for task in extracted[name]["tasks"])


def test_plan_without_numbering(extracted):
    name = "yantai-2024-biomedicine-work-measures-labelled"
    assert [task["title"] for task in extracted[name]["tasks"]] == [
        "创新药物攻坚", "高端医疗器械提升", "中医药传承创新", "产业园区建设", "招商引资", "组织领导", "资金支持", "人才保障",
    ]  # fmt: skip
    responsibilities = rows_of(extracted, name, "responsibilities", "taskTitle", "agency", "role")
    assert ("组织领导", "市工业和信息化局", "lead") in responsibilities  # 由…牵头 inside a labelled paragraph
    assert not any(task == "" for task, _, _ in responsibilities)


def test_markdown_plan_with_an_indicator_table(extracted):
    name = "hunan-2025-biomedicine-action-plan-markdown"
    targets = rows_of(extracted, name, "targets", "taskTitle", "value", "unit", "year")
    assert {("", "2500", "亿元", "2027"), ("", "600", "家", "2027"), ("", "30", "家", "2027")} <= targets
    assert not any(value in ("1650", "480", "22") for _, value, _, _ in targets)  # the 2024 base column
    responsibilities = rows_of(extracted, name, "responsibilities", "taskTitle", "agency")
    assert ("做优医疗器械", "长沙市人民政府") in responsibilities  # 责任单位: on the line after the item
    assert not any(task == "" for task, _ in responsibilities)
