"""The loaders on held-out plans: written after the rules were tuned, annotated before any loader run.

``tests/heldout/<name>/`` holds a plan (``document.txt`` or ``.html``) and one gold CSV per fact
family (styles and decisions: ``tests/heldout/CONVENTIONS.md``). ``tests/heldout/RESULTS.md`` records
the score before any fix (the honest held-out figure) and after the general fixes these floors hold.

    .venv/bin/python -m tests.quality.annotated tests/heldout --errors   # the scores and every unmatched row
"""

from __future__ import annotations

import pytest

from tests.quality import annotated
from tests.quality.score import FAMILIES

HELDOUT = annotated.HELDOUT


def document_path(name: str):
    return annotated.document_path(name, HELDOUT)


def load_gold(name: str, family: str) -> list[dict]:
    return annotated.load_gold(name, family, HELDOUT)


def predicted(name: str) -> dict[str, list[dict]]:
    return annotated.predicted(name, HELDOUT)

# Precision and recall per family, micro-averaged over the held-out plans, after the fixes.
FLOORS = {family: 0.85 for family in FAMILIES}
NAMES = annotated.annotated_documents(HELDOUT)


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict[str, list[dict]]]:
    return {name: predicted(name) for name in NAMES}


@pytest.fixture(scope="module")
def result(extracted) -> dict:
    return annotated.score_annotated(HELDOUT, extracted)


def test_there_are_three_heldout_plans():
    assert len(NAMES) == 3


@pytest.mark.parametrize("name", NAMES)
def test_gold_files_have_the_gold_headers(name):
    assert annotated.gold_header_problems(name, HELDOUT) == []


@pytest.mark.parametrize("name", NAMES)
def test_gold_values_are_written_in_the_document(name):
    assert annotated.gold_values_not_in_document(name, HELDOUT) == []


@pytest.mark.parametrize("name", NAMES)
def test_gold_rows_refer_to_gold_tasks_and_agencies(name):
    assert annotated.gold_reference_problems(name, HELDOUT) == []



@pytest.mark.parametrize("family", FAMILIES)
def test_precision_and_recall_reach_the_floor(result, family):
    annotated.assert_floor(result, family, FLOORS[family])


def rows_of(extracted, name: str, family: str, *keys: str) -> set[tuple]:
    return {tuple(row[key] for key in keys) for row in extracted[name][family]}


def test_gbk_county_level_city_plan(extracted):
    name = "liuyang-2024-biomedicine-implementation-opinions-gbk"
    plan = extracted[name]["plans"][0]
    assert (plan["jurisdiction"], plan["level"], plan["issuer"]) == ("浏阳市", "county", "浏阳市人民政府")
    agencies = rows_of(extracted, name, "agencies", "agency", "canonical", "type")
    assert ("市科技局", "浏阳市科学技术局", "science-technology") in agencies  # not 长沙市…
    assert ("浏阳市人民政府", "浏阳市人民政府", "government") in agencies
    targets = rows_of(extracted, name, "targets", "value", "unit", "comparator", "year")
    assert ("15", "%", "approx", "2027") in targets  # 年均增长15%左右


def test_first_listed_unit_leads(extracted):
    name = "guangxi-2024-biomedicine-action-plan-enumerated"
    responsibilities = rows_of(extracted, name, "responsibilities", "taskTitle", "canonical", "role")
    assert ("做强创新药研发", "广西壮族自治区科学技术厅", "lead") in responsibilities
    assert ("做强创新药研发", "广西壮族自治区药品监督管理局", "supporting") in responsibilities
    assert not any("牵头单位" in agency for _, agency, _ in responsibilities)
    assert len(extracted[name]["tasks"]) == 9  # 一是…二是… stay inside their unit


def test_html_task_table(extracted):
    name = "taizhou-2024-biomedicine-work-plan-task-table"
    assert {("二.3", "提升临床试验能力"), ("二.8", "强化要素保障")} <= rows_of(extracted, name, "tasks", "path", "title")
    responsibilities = rows_of(extracted, name, "responsibilities", "taskTitle", "agency", "role")
    assert ("深化开放合作", "市商务局", "lead") in responsibilities
    assert not any(task == "" for task, _, _ in responsibilities)
