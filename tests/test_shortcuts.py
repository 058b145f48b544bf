"""Shortcut triples (docs/data-model.md): each equals the path it stands for, on the seeds and on the
synthetic corpus the benchmark builds, so that a listing read through a shortcut gives the rows the
long path gives."""

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Namespace
from rdflib.namespace import DCTERMS

from biopolicy.loaders.emit import plan_graph
from biopolicy.loaders.iris import BP
from biopolicy.loaders.pipeline import extract_document

OA = Namespace("http://www.w3.org/ns/oa#")
REPOSITORY = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPOSITORY / "documents").glob("*.txt"))  # in the clone: CI has no ../shared


def evidence_starts(graph: Graph, fact) -> set[int]:
    """The start offsets of the position selectors of ``fact``'s evidence, by the long path."""
    return {
        int(start)
        for evidence in graph.objects(fact, BP.evidence)
        for target in graph.objects(evidence, OA.hasTarget)
        for selector in graph.objects(target, OA.hasSelector)
        for start in graph.objects(selector, OA.start)
    }


def assert_shortcuts_equal_their_paths(graph: Graph) -> int:
    """Checks both shortcuts on every node of ``graph``; returns how many responsibilities it checked."""
    cited = set(graph.subjects(BP.evidence, None)) | set(graph.subjects(BP.sourceStart, None))
    assert cited, "nothing cited: the check would pass vacuously"
    for fact in cited:
        assert {int(start) for start in graph.objects(fact, BP.sourceStart)} == evidence_starts(graph, fact), fact
    responsibilities = set(graph.subjects(RDF.type, BP.Responsibility))
    for responsibility in responsibilities:
        titles = {
            title
            for task in graph.subjects(BP.hasResponsibility, responsibility)
            if (task, RDF.type, BP.Task) in graph
            for title in graph.objects(task, DCTERMS.title)
        }
        assert set(graph.objects(responsibility, BP.taskTitle)) == titles, responsibility
    return len(responsibilities)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem)
def test_every_shortcut_of_a_seed_plan_equals_the_path_it_stands_for(seed):
    _, graph = plan_graph(extract_document(seed))
    assert_shortcuts_equal_their_paths(graph)


def test_the_seeds_have_task_titles_on_their_responsibilities():
    """Guards the check above against passing because no shortcut was written at all."""
    assert len(SEEDS) >= 5, "the seeds were not found: the checks above ran on nothing"
    graphs = [plan_graph(extract_document(seed))[1] for seed in SEEDS]
    assert sum(len(set(graph.subjects(BP.taskTitle, None))) for graph in graphs) > 10


def test_every_shortcut_of_the_synthetic_corpus_equals_the_path_it_stands_for():
    quads = subprocess.run(
        [sys.executable, str(REPOSITORY / "tools" / "synthetic.py"), "--plans", "3"],
        check=True, capture_output=True,
    ).stdout
    dataset = Dataset()
    dataset.parse(data=quads, format="nquads")
    checked = sum(
        assert_shortcuts_equal_their_paths(graph)
        for graph in dataset.graphs()
        if (None, RDF.type, BP.Plan) in graph
    )
    assert checked > 0


@pytest.mark.parametrize("path", sorted((REPOSITORY / "tests" / "graph_fixtures" / "plans").glob("*.ttl")),
                         ids=lambda path: path.stem)
def test_the_hand_written_fixture_plans_carry_the_shortcuts_emit_would_write(path):
    graph = Graph().parse(path)
    assert assert_shortcuts_equal_their_paths(graph) > 0
