"""tools/evidence_models.py (decision 0025): the NIF-style model it measures answers the evidence
question as the Web Annotation model does, with fewer triples."""

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "tools"))

import evidence_models  # noqa: E402


def test_the_lean_model_answers_alike_with_fewer_triples():
    seed = sorted((REPOSITORY / "documents").glob("*.txt"))[0]
    measured = evidence_models.measure(seed)
    assert measured["spans"] > 100
    assert measured["same_answers"]
    assert measured["nif_triples"] < measured["triples"]
    assert measured["nif_evidence_triples"] < measured["evidence_triples"]


def test_the_tool_prints_the_table_of_both_models(capsys):
    seed = sorted((REPOSITORY / "documents").glob("*.txt"))[0]
    assert evidence_models.main([str(seed)]) == 0
    assert "| **all** |" in capsys.readouterr().out
