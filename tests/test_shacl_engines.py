"""Parity of the two validation paths (issue #11, decision 0024): pySHACL alone, and the hybrid that
runs the core shapes on pyrudof and the SPARQL-based and property-pair ones on pySHACL.

Every shape fixture of tests/test_shapes.py goes through both paths there (its ``results`` asserts
the two reports agree); here every seed plan does, and the split itself is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import SH

from biopolicy.graph import native_shacl as native
from biopolicy.graph import validate as v
from tests.test_shapes import parity_key

pytest.importorskip("pyrudof")
REPOSITORY = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPOSITORY / "documents").glob("*.txt"))


@pytest.fixture(scope="module")
def context() -> v.Context:
    return v.context()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem)
def test_each_seed_plan_reports_the_same_results_on_both_paths(seed, context):
    from biopolicy.graph.build import extract_plan

    _iri, graph, _extraction = extract_plan(seed)
    reports = [v.validate_graph(graph, source=seed.name, ctx=context, engine=engine).report for engine in v.ENGINES]
    assert parity_key(reports[0]) == parity_key(reports[1])


def test_there_are_seeds_to_compare():
    assert len(SEEDS) >= 5


def test_most_shapes_run_on_the_native_engine(context):
    """Guards the parity against holding because nothing ran on pyrudof."""
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
    assert '"1"^^xsd:positiveInteger' in context.split.native_turtle


def test_the_two_reports_merge_into_one_that_conforms_without_violations(context):
    from rdflib import RDF, BNode, Graph, Literal

    warning, violation = Graph(), Graph()
    for report, severity in ((warning, SH.Warning), (violation, SH.Violation)):
        top, result = BNode(), BNode()
        report.add((top, RDF.type, SH.ValidationReport))
        report.add((top, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.resultSeverity, severity))
    assert (None, SH.conforms, Literal(True)) in v.one_report([warning])
    merged = v.one_report([warning, violation])
    assert (None, SH.conforms, Literal(False)) in merged
    assert len(list(merged.subjects(RDF.type, SH.ValidationReport))) == 1
    assert len(list(merged.objects(None, SH.result))) == 2


def test_an_unknown_engine_is_a_setup_error(monkeypatch):
    monkeypatch.setenv(v.ENGINE_VARIABLE, "jena")
    with pytest.raises(v.ValidationSetupError, match="names no SHACL engine"):
        v.shacl_engine()
