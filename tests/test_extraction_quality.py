"""The floors of issue #3, measured on the hand-made gold standard of the five seed plans.

Precision and recall per fact family, micro-averaged over the documents; the full report is
printed by ``tests/quality/seeds.py``.
"""

from pathlib import Path

import pytest

from biopolicy.loaders.pipeline import extract_document, families
from tests.quality.score import gold_documents, score_all

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"
FLOORS = {
    "plans": 0.95,
    "targets": 0.95,
    "responsibilities": 0.95,
    "tasks": 0.90,
    "parks": 0.90,
    "platforms": 0.90,
    "incentives": 0.90,
}


@pytest.fixture(scope="module")
def result():
    predicted = {doc: families(extract_document(DOCUMENTS / f"{doc}.txt")) for doc in gold_documents()}
    return score_all(predicted)


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_precision_and_recall_reach_the_floor(result, family):
    score = result["micro"][family]
    misses = [dict(row) for row in score.unmatched_gold][:5]
    extras = [dict(row) for row in score.unmatched_predicted][:5]
    assert score.precision >= FLOORS[family], f"precision {score.precision:.3f}; e.g. wrong: {extras}"
    assert score.recall >= FLOORS[family], f"recall {score.recall:.3f}; e.g. missed: {misses}"
