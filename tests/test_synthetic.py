"""The benchmark's synthetic corpus writes every registered fact family (tools/synthetic.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from biopolicy.loaders import families
from biopolicy.loaders.model import Family

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import synthetic  # noqa: E402


def test_every_registered_family_has_a_synthetic_writer():
    assert set(synthetic.FAMILY_WRITERS) == {family.name for family in families.ALL_FAMILIES}


def test_a_plan_graph_holds_every_family():
    ntriples = synthetic.Corpus(seed=1).plan(0).ntriples.decode("utf-8")
    for cls in ("Plan", "Task", "Responsibility", "Agency", "Target", "Incentive", "Park", "Platform"):
        assert f"ontology#{cls}>" in ntriples, cls


def test_a_family_without_a_writer_is_an_error_not_a_silent_gap(monkeypatch):
    extra = Family("deadlines", (), lambda context: [], lambda extraction: [], lambda emitter, records: None)
    monkeypatch.setattr(synthetic, "ALL_FAMILIES", [*families.ALL_FAMILIES, extra])
    with pytest.raises(KeyError, match="deadlines"):
        synthetic.Corpus(seed=1).plan(0)
