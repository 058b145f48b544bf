"""Parity of the two validation paths (issue #11, decision 0024): pySHACL alone, and the hybrid that
runs the core shapes on pyrudof and the SPARQL-based and logical ones on pySHACL.

Every shape fixture of tests/test_shapes.py (the conforming plan, each change within the rules, each
violating case) and every seed plan goes through both, and the two must report the same results:
shape, focus node, severity, message and path, each counted once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import SH

from biopolicy.graph import native_shacl as native
from biopolicy.graph import validate as v
from tests.test_shapes import CASES, CONFORMING_CHANGES, FIXTURE, changed

pytest.importorskip("pyrudof")
REPOSITORY = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPOSITORY / "documents").glob("*.txt"))


@pytest.fixture(scope="module")
def context() -> v.Context:
    return v.context()


@pytest.fixture(scope="module")
def base() -> Graph:
    return Graph().parse(FIXTURE)


def results(graph: Graph, context: v.Context, engine: str) -> set[tuple]:
    report = v.validate_graph(graph, source="fixture", ctx=context, engine=engine).report
    found = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        path = report.value(node, SH.resultPath)
        found.add((
            str(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
            str(report.value(node, SH.focusNode)),
            str(report.value(node, SH.resultSeverity)),
            tuple(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
            str(path) if path is not None and not isinstance(path, BNode) else None,
        ))
    return found


def assert_same(graph: Graph, context: v.Context) -> set[tuple]:
    reference = results(graph, context, "pyshacl")
    assert results(graph, context, "hybrid") == reference
    return reference


def test_the_conforming_fixture_conforms_on_both_paths(base, context):
    assert assert_same(base, context) == set()


@pytest.mark.parametrize("update", CONFORMING_CHANGES.values(), ids=CONFORMING_CHANGES.keys())
def test_a_change_within_the_rules_conforms_on_both_paths(base, context, update):
    assert assert_same(changed(base, update), context) == set()


@pytest.mark.parametrize("broken", CASES, ids=[c.name for c in CASES])
def test_each_violating_fixture_reports_the_same_results_on_both_paths(base, context, broken):
    assert assert_same(changed(base, broken.update), context)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem)
def test_each_seed_plan_reports_the_same_results_on_both_paths(seed, context):
    from biopolicy.graph.build import extract_plan

    assert len(SEEDS) >= 5
    _iri, graph, _extraction = extract_plan(seed)
    assert_same(graph, context)


def test_most_shapes_run_on_the_native_engine(context):
    """Guards the parity above against holding because nothing ran on pyrudof."""
    split = context.split
    targeted = {s for predicate in native.TARGETS for s in context.shapes.subjects(predicate, None)}
    assert len(split.native) >= len(targeted) / 2 and split.sparql
    moved = split.sparql - split.native
    for shape in split.native:
        kept = [prop for prop in context.shapes.objects(shape, SH.property) if prop not in moved]
        assert not native._needs_pyshacl(context.shapes, shape, skip=(SH.property,))
        assert not any(native._needs_pyshacl(context.shapes, prop) for prop in kept)


def test_a_bound_in_a_derived_integer_type_is_compared_by_value(context):
    """pyrudof compares only numbers of one datatype: "5"^^xsd:positiveInteger failed sh:minInclusive 1."""
    turtle = context.split.native_turtle
    assert '"1"^^xsd:positiveInteger' in turtle or "1\"^^<http://www.w3.org/2001/XMLSchema#positiveInteger>" in turtle


def test_an_unknown_engine_is_a_setup_error(monkeypatch):
    monkeypatch.setenv(v.ENGINE_VARIABLE, "jena")
    with pytest.raises(v.ValidationSetupError, match="names no SHACL engine"):
        v.shacl_engine()
