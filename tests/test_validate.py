"""SHACL validation of one plan: outcome by severity, and reports that lead back to the source sentence."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Namespace

from graph import validate as v
from graph.cli import main
from tests.graph_fixtures import fake_loaders

BP = Namespace("https://w3id.org/biopolicy/ontology#")
DCTERMS = "http://purl.org/dc/terms/"
SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture
def fake(monkeypatch):
    fake_loaders.install(monkeypatch)


def document(tmp_path, name: str, *lines: str):
    return fake_loaders.write_document(tmp_path, name, *lines)


def test_a_fixture_plan_conforms(fake):
    validation = v.validate_graph(fake_loaders.fixture_graph("xiamen"), source="xiamen")
    assert validation.conforms and validation.results == []


def test_a_violation_names_the_focus_the_message_the_value_and_the_source_sentence(fake, tmp_path):
    path = document(tmp_path, "bad.txt", "fixture-plan: xiamen", "fixture-literal: ≥ => about")
    validation = v.validate_document(path)
    assert not validation.conforms
    wrong = [r for r in validation.violations if r.message == "Unknown comparator"]
    assert [(r.label, r.value, r.line, r.quote) for r in wrong] == [
        ("生物医药产业规模", "about", 31, "生物医药产业规模达1200亿"),
        ("新药获批", "about", 39, "到2025年获批新药10个以上"),
    ]
    assert wrong[0].focus == "id:target/350200-2020-xmszqzdswyycysnxdjh/610"
    assert wrong[0].path == "bp:comparator" and wrong[0].start == 610


def test_a_missing_title_is_reported_on_the_plan_with_its_evidence(fake, tmp_path):
    path = document(tmp_path, "untitled.txt", "fixture-plan: hubei", f"fixture-drop: {DCTERMS}title")
    validation = v.validate_document(path)
    messages = [(r.severity, r.message, r.line) for r in validation.results]
    assert ("Violation", "A plan needs a title (dcterms:title)", 3) in messages
    plan = next(r for r in validation.results if r.message.startswith("A plan needs a title"))
    assert plan.label == "bp:Plan id:plan/420000-2024-hbsjkswyycygzlfzdssyj"  # no title to show: its type and IRI
    assert plan.quote == "关于加快生物医药产业高质量发展的实施意见"


def test_warnings_alone_conform(fake, tmp_path):
    path = document(tmp_path, "undated.txt", "fixture-plan: shenzhen", f"fixture-drop: {DCTERMS}issued")
    validation = v.validate_document(path)
    assert validation.conforms
    assert [(r.severity, r.message) for r in validation.results] == [
        ("Warning", "The date the plan was issued was not found")
    ]


def test_the_context_holds_only_the_jurisdictions_a_plan_names_and_their_parents(fake):
    ctx = v.context()
    data = fake_loaders.fixture_graph("xiamen")
    context = v.ontology_context(data, ctx)
    jurisdictions = {str(s).rsplit("/", 1)[1] for s in context.subjects(None, BP.Jurisdiction)}
    assert jurisdictions == {"350200-xiamenshi", "350000-fujiansheng"}


def test_the_text_report_groups_results_by_focus_node(fake, tmp_path):
    path = document(tmp_path, "bad.txt", "fixture-plan: xiamen", "fixture-literal: ≥ => about")
    report = v.text_report(v.validate_document(path))
    assert report.splitlines()[0] == f"FAILS    {path}: 2 violations, 0 warnings"
    assert (
        "  生物医药产业规模  (id:target/350200-2020-xmszqzdswyycysnxdjh/610)\n"
        "    Violation: Unknown comparator  [bp:comparator]\n"
        "      value: about\n"
        "      line 31: “生物医药产业规模达1200亿”"
    ) in report


def test_validate_command_exit_codes_and_formats(fake, tmp_path, capsys):
    good = document(tmp_path, "good.txt", "fixture-plan: xiamen")
    warned = document(tmp_path, "warned.txt", "fixture-plan: shenzhen", f"fixture-drop: {DCTERMS}issued")
    bad = document(tmp_path, "bad.txt", "fixture-plan: xiamen", "fixture-literal: ≥ => about")
    unreadable = document(tmp_path, "scan.txt", "unreadable")

    assert main(["validate", str(good), str(warned)]) == 0
    out = capsys.readouterr().out
    assert f"conforms {good}: 0 violations, 0 warnings" in out
    assert "Warning: The date the plan was issued was not found" in out

    assert main(["validate", str(good), str(bad), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {row["source"] for row in rows} == {str(bad)}
    assert set(rows[0]) >= {"severity", "message", "focus", "label", "value", "quote", "line", "plan"}

    assert main(["validate", str(bad), "--format", "ttl"]) == 1
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(list(report.subjects(None, SH.ValidationReport))) == 1
    assert len(list(report.subjects(None, SH.ValidationResult))) == 2

    assert main(["validate", str(good), str(unreadable)]) == 2
    captured = capsys.readouterr()
    assert f"error: {unreadable}:" in captured.err and "no plan found" in captured.err


def test_check_validates_every_plan_in_the_store(fake, tmp_path, capsys):
    fake_loaders.build_fixture_store(tmp_path / "build")
    assert main(["check", "--store", str(tmp_path / "build")]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"conforms {key}: 0 violations, 0 warnings" for key in sorted(fake_loaders.PLAN_KEYS.values())
    ]
    assert "checked 3 plans: 0 with violations, 0 warnings in all" in captured.err


def test_missing_shapes_are_a_user_error(fake, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(v, "SHAPES_PATH", tmp_path / "shapes.ttl")
    assert main(["validate", str(document(tmp_path, "good.txt", "fixture-plan: xiamen"))]) == 1
    assert f"error: no SHACL shapes at {tmp_path / 'shapes.ttl'}" in capsys.readouterr().err
