"""SHACL validation of one plan: outcome by severity, and reports that lead back to the source sentence."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Namespace, URIRef

from biopolicy.graph import store as st
from biopolicy.graph import validate as v
from biopolicy.graph.cli import main
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
    assert captured.out.splitlines() == ["conforms dumps/void.ttl: 0 violations, 0 warnings"] + [
        f"conforms {key}: 0 violations, 0 warnings" for key in sorted(fake_loaders.PLAN_KEYS.values())
    ]
    assert "checked 3 plans: 0 with violations, 0 warnings in all" in captured.err


def test_check_fails_on_a_dataset_description_without_a_publisher(fake, tmp_path, capsys):
    fake_loaders.build_fixture_store(tmp_path / "build")
    void_path = tmp_path / "build" / st.DUMPS / st.VOID_DUMP
    void = Graph().parse(void_path)
    void.remove((None, URIRef(st.DCTERMS + "publisher"), None))
    void_path.write_text(void.serialize(format="turtle"), encoding="utf-8")
    assert main(["check", "--store", str(tmp_path / "build")]) == 1
    out = capsys.readouterr().out
    assert "FAILS    dumps/void.ttl: 1 violation" in out and "exactly one dcterms:publisher" in out


def test_missing_or_broken_shapes_cannot_validate_exit_2(fake, monkeypatch, tmp_path, capsys):
    shapes = tmp_path / "shapes.ttl"
    monkeypatch.setattr(v, "SHAPES_PATH", shapes)
    good = str(document(tmp_path, "good.txt", "fixture-plan: xiamen"))
    assert main(["validate", good]) == 2
    assert capsys.readouterr().err == (
        f"error: cannot validate: no SHACL shapes at {shapes} (ontology/shapes.ttl has not been written yet?)\n"
    )
    shapes.write_text("this is not turtle")
    v.clear_context_cache()
    assert main(["validate", good]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot validate: the shapes {shapes} do not parse: ") and err.count("\n") == 1


# ---------------------------------------------------------------------------------------------
# The seed documents through the real loaders (validated against the fixture shapes, so that
# these tests do not depend on what ontology/shapes.ttl will require)

SEEDS = fake_loaders.FIXTURES.parents[1] / "documents"
XIAMEN = SEEDS / "xiamen-2020-biomedicine-action-plan.txt"
SHENZHEN = SEEDS / "shenzhen-2020-biomedicine-cluster-implementation-plan.txt"
HUBEI = SEEDS / "hubei-2024-biomedicine-implementation-opinions.txt"
SHENYANG = SEEDS / "shenyang-2024-biomedicine-medical-equipment-work-measures.txt"


@pytest.fixture
def fixture_shapes(monkeypatch):
    monkeypatch.setattr(v, "SHAPES_PATH", fake_loaders.FIXTURES / "shapes.ttl")
    v.clear_context_cache()
    yield
    v.clear_context_cache()


@pytest.fixture(scope="module")
def seed_store_template(tmp_path_factory):
    """A store of two seed plans (Xiamen, Shenyang), built once; tests work on copies."""
    from biopolicy.graph.build import build

    documents = tmp_path_factory.mktemp("seeds")
    for path in (XIAMEN, SHENYANG):
        (documents / path.name).write_bytes(path.read_bytes())
    # their rows of documents/sources.csv, so that `add` of the original (which reads that manifest) gives the same graph
    lines = (SEEDS / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (documents / "sources.csv").write_text(
        "".join([lines[0]] + [line for line in lines[1:] if line.startswith((XIAMEN.name, SHENYANG.name))]),
        encoding="utf-8")
    store_dir = tmp_path_factory.mktemp("seed-store") / "build"
    build(documents, store_dir, progress=None)
    return store_dir


@pytest.fixture
def seed_store(seed_store_template, tmp_path):
    import shutil

    store_dir = tmp_path / "build"
    shutil.copytree(seed_store_template, store_dir)
    return store_dir


def plan_graphs(store_dir) -> dict[str, bytes]:
    from biopolicy.graph import store as st

    store = st.open_store(store_dir)
    return {iri: st.read_graph_ntriples(store, iri) for iri in st.list_plan_graphs(store)}


def test_a_seed_with_violations_is_reported_by_line_and_quote(fixture_shapes, capsys):
    # Hubei states no title ("制订本实施意见"): the plan's evidence is the sentence that names it.
    assert main(["validate", str(HUBEI), str(XIAMEN)]) == 1
    out = capsys.readouterr().out
    assert f"FAILS    {HUBEI}: 1 violation, 1 warning" in out
    assert f"conforms {XIAMEN}: 0 violations, 0 warnings" in out
    assert "    Violation: A plan needs a title (dcterms:title)  [dcterms:title]" in out
    assert "      line 2: “本实施意见”" in out


def test_a_seed_report_in_json_carries_the_quote_and_line_of_every_result(fixture_shapes, capsys):
    assert main(["validate", str(HUBEI), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    text = HUBEI.read_text(encoding="utf-8")
    assert {(row["severity"], row["message"]) for row in rows} == {
        ("Violation", "A plan needs a title (dcterms:title)"),
        ("Warning", "The date the plan was issued was not found"),
    }
    for row in rows:
        assert text[row["start"] : row["start"] + len(row["quote"])] == row["quote"]
        assert row["line"] == text.count("\n", 0, row["start"]) + 1


def test_adding_a_conforming_seed_touches_no_other_graph(fixture_shapes, seed_store, capsys):
    before = plan_graphs(seed_store)
    assert main(["add", str(SHENZHEN), "--store", str(seed_store), "--force"]) == 0  # one warning: no date
    assert "added 440300-2020-" in capsys.readouterr().err
    after = plan_graphs(seed_store)
    assert len(after) == 3 and {iri: after[iri] for iri in before} == before


def test_re_adding_a_seed_replaces_its_graph_with_the_same_triples(fixture_shapes, seed_store, capsys):
    before = plan_graphs(seed_store)
    assert main(["add", str(XIAMEN), "--store", str(seed_store)]) == 0
    assert "replaced 350200-2020-" in capsys.readouterr().err
    assert plan_graphs(seed_store) == before


def test_refused_seeds_leave_every_byte_of_the_store(fixture_shapes, seed_store, tmp_path, capsys):
    before = fake_loaders.snapshot(seed_store)
    assert main(["add", str(HUBEI), "--store", str(seed_store), "--force"]) == 1  # a violation: never merged
    assert f"refused: {HUBEI} has 1 violation; {seed_store} was not changed" in capsys.readouterr().err
    assert main(["add", str(SHENZHEN), "--store", str(seed_store)]) == 1  # a warning, not forced
    assert "add it anyway with --force" in capsys.readouterr().err
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    assert main(["add", str(binary), "--store", str(seed_store)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {binary}: binary data") and err.endswith(f"; {seed_store} was not changed\n")
    assert err.count("\n") == 1
    assert fake_loaders.snapshot(seed_store) == before


def test_remove_deletes_exactly_one_seed_plan(seed_store, capsys):
    before = plan_graphs(seed_store)
    xiamen = next(iri for iri in before if "/350200-" in iri)
    assert main(["remove", xiamen, "--store", str(seed_store)]) == 0
    assert "1 plans left" in capsys.readouterr().err
    assert plan_graphs(seed_store) == {iri: data for iri, data in before.items() if iri != xiamen}


def test_check_judges_offsets_with_the_datatype_emit_wrote(seed_store_template):
    # Oxigraph stores "5"^^xsd:nonNegativeInteger as "5"^^xsd:integer; check restores the type.
    from rdflib import Graph as RdfGraph
    from rdflib.namespace import XSD

    from biopolicy.graph import store as st
    from biopolicy.graph.build import extract_plan

    store = st.open_store(seed_store_template)
    graph_iri = next(iri for iri in st.list_plan_graphs(store) if "/350200-" in iri)
    stored = RdfGraph().parse(data=st.read_graph_ntriples(store, graph_iri).decode("utf-8"), format="nt")
    oa_start = v.OA.start
    assert {o.datatype for o in stored.objects(None, oa_start)} == {XSD.integer}
    _iri, emitted, _extraction = extract_plan(XIAMEN)
    v.restore_datatypes(stored)
    for predicate in (v.OA.start, v.OA.end):
        assert set(stored.triples((None, predicate, None))) == set(emitted.triples((None, predicate, None)))
