"""Stand-ins for ``loaders.pipeline``, ``loaders.emit`` and ``loaders.read`` that serve the fixture graphs.

The graph tests exercise the store, queries, validation and CLI on hand-written plan graphs
(``plans/*.ttl``) instead of whatever the extractors produce today. A fixture "document" is any
file whose text contains ``fixture-plan: <name>``; it extracts to ``plans/<name>.ttl``. Two more
directives make a broken variant of a plan, for the validation tests:

    fixture-drop: <predicate IRI>          drop every triple with this predicate
    fixture-literal: <old> => <new>        replace a literal's lexical form (keeping its type)

``unreadable`` in a document's text, or a missing file, raises ``DocumentError``.

    install(monkeypatch)            # in a test
    fake_loaders.install_globally()  # in a subprocess started from the repository root
"""

from __future__ import annotations

import re
import shutil
import sys
import time
import types
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from biopolicy.loaders.read import SUFFIXES
from biopolicy.loaders.sources import manifest_for

FIXTURES = Path(__file__).resolve().parent
BP = Namespace("https://w3id.org/biopolicy/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
GRAPH = "https://w3id.org/biopolicy/graph/"
PLAN_KEYS = {
    "xiamen": "350200-2020-xmszqzdswyycysnxdjh",
    "hubei": "420000-2024-hbsjkswyycygzlfzdssyj",
    "shenzhen": "440300-2020-szsjkswyycyjqfzssfa",
}
# Seconds each extraction sleeps: lets a subprocess test kill a build half-way.
DELAY = {"seconds": 0.0}


class DocumentError(Exception):
    pass


@dataclass
class FakeExtraction:
    document_id: str
    source_path: str
    plan: str
    drop: tuple[str, ...] = ()
    replace: tuple[tuple[str, str], ...] = ()
    source_record: object = None  # its row of sources.csv (loaders.sources.SourceRecord), as the real pipeline keeps it


def extract_document(path: Path, manifest=None) -> FakeExtraction:
    path = Path(path)
    record = (manifest if manifest is not None else manifest_for(path)).record(path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(f"{path}: cannot read: {error}") from error
    time.sleep(DELAY["seconds"])
    if "unreadable" in text:
        raise DocumentError(f"{path}: no plan found (no title, no numbered tasks, no targets)")
    match = re.search(r"fixture-plan: (\w[\w-]*)", text)
    if not match:
        raise DocumentError(f"{path}: not a fixture document")
    drop = tuple(re.findall(r"fixture-drop: (\S+)", text))
    replace = tuple((old, new) for old, new in re.findall(r"fixture-literal: (.+?) => (.+)", text))
    return FakeExtraction(path.stem, str(path), match.group(1), drop, replace, record)


def fixture_graph(name: str) -> Graph:
    return Graph().parse(FIXTURES / "plans" / f"{name}.ttl")


def plan_graph(extraction: FakeExtraction) -> tuple[URIRef, Graph]:
    graph_iri = URIRef(GRAPH + "plan/" + PLAN_KEYS[extraction.plan])
    graph = fixture_graph(extraction.plan)
    for predicate in extraction.drop:
        graph.remove((None, URIRef(predicate), None))
    for old, new in extraction.replace:
        for s, p, o in list(graph):
            if isinstance(o, Literal) and str(o) == old:
                graph.remove((s, p, o))
                graph.add((s, p, Literal(new, lang=o.language, datatype=o.datatype)))
    record = extraction.source_record
    if record is not None and record.url:  # the one provenance triple the graph tests look for
        document = URIRef(f"https://w3id.org/biopolicy/id/document/{PLAN_KEYS[extraction.plan]}")
        graph.add((document, URIRef("http://purl.org/dc/terms/source"), URIRef(record.url)))
    return graph_iri, graph


def plan_triples(extraction: FakeExtraction) -> tuple[URIRef, list]:
    graph_iri, graph = plan_graph(extraction)
    return graph_iri, list(graph)


def load_activity(extraction: FakeExtraction, graph_iri: URIRef) -> Graph:
    key = PLAN_KEYS[extraction.plan]
    graph = Graph()
    activity = URIRef(f"https://w3id.org/biopolicy/id/load/{key}")
    software = URIRef("https://w3id.org/biopolicy/id/software/biopolicy-kg-test")
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, URIRef(f"https://w3id.org/biopolicy/id/document/{key}")))
    graph.add((activity, PROV.generated, graph_iri))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((activity, PROV.startedAtTime, Literal(datetime.now(UTC))))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, RDFS.label, Literal("biopolicy-kg test", lang="en")))
    return graph


def reference_graphs() -> dict[URIRef, Graph]:
    graphs = {URIRef(GRAPH + "ontology"): Graph().parse(FIXTURES / "ontology.ttl")}
    for path in sorted((FIXTURES / "vocab").glob("*.ttl")):
        graphs[URIRef(GRAPH + "vocab/" + path.stem)] = Graph().parse(path)
    graphs[URIRef(GRAPH + "jurisdictions")] = Graph().parse(FIXTURES / "jurisdictions.ttl")
    return graphs


def summarise(extraction: FakeExtraction) -> str:
    return f"{extraction.source_path}: fixture plan {extraction.plan}"


def to_json(extraction: FakeExtraction) -> str:
    return f'{{"document": "{extraction.document_id}", "plan": "{extraction.plan}"}}'


def modules() -> dict[str, types.ModuleType]:
    read = types.ModuleType("biopolicy.loaders.read")
    read.DocumentError = DocumentError
    read.SUFFIXES = SUFFIXES
    pipeline = types.ModuleType("biopolicy.loaders.pipeline")
    pipeline.DocumentError = DocumentError
    pipeline.extract_document = extract_document
    pipeline.summarise = summarise
    pipeline.to_json = to_json
    emit = types.ModuleType("biopolicy.loaders.emit")
    emit.plan_graph = plan_graph
    emit.plan_triples = plan_triples
    emit.load_activity = load_activity
    emit.reference_graphs = reference_graphs
    return {"biopolicy.loaders.read": read, "biopolicy.loaders.pipeline": pipeline, "biopolicy.loaders.emit": emit}


def install(monkeypatch) -> None:
    """Serve the fixtures in place of the loaders, and validate with the fixture shapes."""
    import biopolicy.graph.validate as validate

    for name, module in modules().items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(validate, "SHAPES_PATH", FIXTURES / "shapes.ttl")
    validate.clear_context_cache()


def install_globally(delay: float = 0.0) -> None:
    """The same for a subprocess (no monkeypatch to undo)."""
    import biopolicy.graph.validate as validate

    sys.modules.update(modules())
    validate.SHAPES_PATH = FIXTURES / "shapes.ttl"
    DELAY["seconds"] = delay


# ---------------------------------------------------------------------------------------------
# Test helpers


def build_fixture_store(store_dir: Path, documents: Path | None = None):
    """The three fixture plans built into ``store_dir`` (fake loaders must be installed)."""
    from biopolicy.graph.build import build

    return build(documents or FIXTURES / "documents", store_dir, progress=None)


def build_two_plan_store(tmp_path: Path) -> Path:
    """A store in ``tmp_path/build`` of the Xiamen and Hubei fixtures only (fake loaders must be installed).

    Why: adding the third fixture plan then shows in every family's answers.
    """
    documents = Path(tmp_path) / "documents"
    documents.mkdir()
    for name in ("xiamen-2020-biomedicine-action-plan.txt", "hubei-2024-biomedicine-implementation-opinions.md"):
        shutil.copy(FIXTURES / "documents" / name, documents / name)
    store_dir = Path(tmp_path) / "build"
    build_fixture_store(store_dir, documents)
    return store_dir


def snapshot(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory``, by relative path: to prove a store unchanged."""
    import hashlib

    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(directory).rglob("*"))
        if path.is_file()
    }


def write_document(directory: Path, name: str, *lines: str) -> Path:
    path = Path(directory) / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
