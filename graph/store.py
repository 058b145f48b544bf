"""The on-disk Oxigraph store: one named graph per plan, every write atomic.

Layout of a store directory (default ``graph/build/``)::

    oxigraph/   the RocksDB database; read it with :func:`open_store` (read-only), or serve it with
                ``oxigraph serve-read-only --location graph/build/oxigraph``
    dumps/      biopolicy.nq (every named graph), plans.ttl and plans.jsonld (the plan graphs merged
                into one default graph), void.ttl (the VoID/DCAT description, also in graph/meta),
                written from the bytes the build loads (graph/dumps.py), never read back
    dumps.index.json   where each graph's bytes are in the dumps, so a change copies the rest
    sources.json       the documents the build read (path, SHA-256, graph) and the fingerprint of
                       the loaders that read them: what an incremental build compares
    answers/    every canned query's answer in every result format, computed when the store was
                written, with manifest.json (graph/answers.py): what ``biopolicy query NAME`` reads
    results/    CSV files written by ``biopolicy run-queries`` (derived; not copied by add/remove)

Writes never touch the live store. A build fills a fresh sibling directory ``build.tmp-<pid>``;
``add`` and ``remove`` first copy the store there (the immutable RocksDB ``*.sst`` files are
hard-linked, everything else copied) and change the copy. Only when the new store is complete,
flushed and dumped is it swapped in by two ``os.rename`` calls (``build → build.old-<pid>``,
``build.tmp-<pid> → build``) with SIGINT and SIGTERM blocked, and the old one deleted. So:

* an interrupt (Ctrl-C, SIGTERM, SIGKILL) before the swap leaves the previous store as it was;
* a SIGKILL between the two renames leaves it in ``build.old-<pid>``: the next writer, or the next
  reader that finds no store, renames it back;
* stale ``build.tmp-*`` directories are deleted by the next writer;
* writers are serialised by an advisory lock on ``build.lock`` (a second writer waits).

Readers open RocksDB read-only, which writes nothing: a refused ``add`` leaves every file of the
store byte-for-byte as it was.

What ``graph/inferred`` holds, and why only that: the canned queries need the ``rdf:type``
super-classes of the data (a ``bp:Agency`` is an ``org:Organization``) and the ``skos:broader``
closure of the vocabularies (``reward`` → ``funding`` → ``supply-side``). So the graph holds

* ``?x rdf:type ?super`` for every ``?x rdf:type ?c`` asserted in another graph and every named
  strict super-class ``?super`` of ``?c`` under the transitive closure of ``rdfs:subClassOf`` in
  ``graph/ontology``;
* ``?x ?super ?y`` for every ``?x ?p ?y`` asserted in another graph and every named strict
  super-property ``?super`` of ``?p`` under ``rdfs:subPropertyOf`` (``bp:issuer`` →
  ``eli:passed_by``, ``bp:jurisdiction`` → ``dcterms:spatial``): a query in the terms of ELI,
  PROV, DCTERMS or ORG finds the data without a reasoner;
* ``?c skos:broaderTransitive ?b`` for the transitive, non-reflexive closure of ``skos:broader``
  in the vocabulary graphs.

A general RDFS or OWL RL reasoner (owlrl) was not used: it would add many triples no query reads
(``rdfs:Resource`` types, property domains) and takes minutes on thousands of plans. A build
derives the super-class types while it streams the N-Triples into the bulk loader (a byte scan
of the ``rdf:type`` lines, no parsing), and the ``skos:broader`` closure from the vocabularies;
``add`` and ``remove`` recompute the types and super-properties of only the resources their plan's
graph typed.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import re
import shutil
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from biopolicy.loaders import namespaces as ns
from biopolicy.loaders.errors import StoreError  # noqa: F401 - re-exported
from biopolicy.loaders.files import write_atomically

BP, ID, VOCAB, GRAPH, DATASET = ns.BP, ns.ID, ns.VOCAB, ns.GRAPH, ns.DATASET
PLAN_GRAPH = GRAPH + "plan/"
VOCAB_GRAPH = GRAPH + "vocab/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
JURISDICTIONS_GRAPH = GRAPH + "jurisdictions"
INFERRED_GRAPH = GRAPH + "inferred"
META_GRAPH = GRAPH + "meta"
LINKS_GRAPH = GRAPH + "links"
RDF, RDFS, XSD, SKOS, DCTERMS = ns.RDF, ns.RDFS, ns.XSD, ns.SKOS, ns.DCTERMS
VOID, DCAT, PROV, OWL, SD = ns.VOID, ns.DCAT, ns.PROV, ns.OWL, ns.SD
PREFIXES = ns.PREFIXES
# The vocabularies whose super-properties graph/inferred states (bp:issuer → eli:passed_by): the
# standards the ontology aligns to. Not RDFS or SKOS: bp:generatedLabel ⊑ rdfs:label would give
# generated English names as plain labels, which the data model keeps apart.
MATERIALISED_SUPER_PROPERTIES = (ns.ELI, ns.PROV, ns.DCTERMS, ns.ORG)

# The data and the ontology are under CC BY 4.0, the code under MIT (LICENSE-DATA.md, decision 0015);
# the ontology's dcterms:license is this same IRI (tests/test_store.py).
DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
# The fixed part of the VoID/DCAT description; its relative IRIs resolve against the public base URL.
DATASET_DESCRIPTION = "dataset.ttl"
BASE_URL_VARIABLE = "BIOPOLICY_BASE_URL"
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"  # where ``biopolicy serve`` listens by default

DATABASE = "oxigraph"
DUMPS = "dumps"
RESULTS = "results"
NQUADS_DUMP = "biopolicy.nq"
TURTLE_DUMP = "plans.ttl"
JSONLD_DUMP = "plans.jsonld"
VOID_DUMP = "void.ttl"
DUMPS_INDEX = "dumps.index.json"
ANSWERS = "answers"  # the materialised canned answers (graph/answers.py)  # where each graph's bytes are in the dumps (graph/dumps.py)


# ---------------------------------------------------------------------------------------------
# Naming


def plan_graph_iri(plan: str) -> str:
    """The named graph of a plan given as graph IRI, plan IRI (``id/plan/<key>``) or plan key."""
    plan = plan.strip().strip("<>")
    if plan.startswith(PLAN_GRAPH):
        return plan
    if plan.startswith(ID + "plan/"):
        return PLAN_GRAPH + plan[len(ID + "plan/") :]
    if "/" in plan or ":" in plan or not plan:
        raise StoreError(f"not a plan key, plan IRI or plan graph IRI: {plan!r}")
    return PLAN_GRAPH + plan


def plan_key(graph_iri: str) -> str:
    return graph_iri[len(PLAN_GRAPH) :] if graph_iri.startswith(PLAN_GRAPH) else graph_iri


def public_base_url() -> str:
    """The URL the endpoint is reached at, as the dataset description names it (``/`` at the end).

    ``$BIOPOLICY_BASE_URL`` when set, else where ``biopolicy serve`` listens by default. The served
    description (``/.well-known/void``) is rewritten to the address it is served from.

    >>> public_base_url() if os.environ.get(BASE_URL_VARIABLE) is None else DEFAULT_BASE_URL
    'http://127.0.0.1:8000/'
    """
    value = os.environ.get(BASE_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
    if not re.fullmatch(r"https?://[^\s/?#<>\"{}|\\^`]+(/[^\s?#<>\"{}|\\^`]*)?", value):
        raise StoreError(f"${BASE_URL_VARIABLE} must be an http(s) URL without query or fragment, not {value!r}")
    return value if value.endswith("/") else value + "/"


def software_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("biopolicy-kg")
    except PackageNotFoundError:
        return "0+unknown"


# ---------------------------------------------------------------------------------------------
# Opening, locking and swapping


def database_path(store_dir: Path) -> Path:
    return Path(store_dir) / DATABASE


def open_store(store_dir: Path) -> ox.Store:
    """The store at ``store_dir``, read-only (RocksDB writes nothing in this mode)."""
    store_dir = Path(store_dir)
    if not database_path(store_dir).is_dir():
        _recover_interrupted_swap(store_dir)
    if not database_path(store_dir).is_dir():
        raise StoreError(f"no store at {store_dir}: run `biopolicy build` first")
    try:
        return ox.Store.read_only(str(database_path(store_dir)))
    except OSError as error:
        raise StoreError(f"cannot open the store at {store_dir}: {error}") from error


def _siblings(store_dir: Path, kind: str) -> list[Path]:
    return sorted(store_dir.parent.glob(f"{glob_escape(store_dir.name)}.{kind}-*"))


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


@contextlib.contextmanager
def _writer_lock(store_dir: Path) -> Iterator[None]:
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = store_dir.parent / f"{store_dir.name}.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _recover_interrupted_swap(store_dir: Path) -> None:
    if not store_dir.exists() and _siblings(store_dir, "old"):
        with _writer_lock(store_dir):
            _put_back_old_store(store_dir)


def _put_back_old_store(store_dir: Path) -> None:
    """Rename back a store left in ``<name>.old-<pid>`` by a writer killed between its two renames."""
    olds = _siblings(store_dir, "old")
    if not store_dir.exists() and olds:
        os.rename(max(olds, key=lambda path: path.stat().st_mtime), store_dir)


def _clean_stale(store_dir: Path) -> None:
    _put_back_old_store(store_dir)
    for stale in _siblings(store_dir, "tmp") + _siblings(store_dir, "old"):
        shutil.rmtree(stale, ignore_errors=True)


def _swap(new_dir: Path, store_dir: Path) -> None:
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    old_dir = store_dir.parent / f"{store_dir.name}.old-{os.getpid()}"
    try:
        if store_dir.exists():
            os.rename(store_dir, old_dir)
        os.rename(new_dir, store_dir)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
    shutil.rmtree(old_dir, ignore_errors=True)


@contextlib.contextmanager
def _replacement(store_dir: Path, *, copy_existing: bool) -> Iterator[Path]:
    """A temporary store directory that replaces ``store_dir`` if the block completes."""
    store_dir = Path(store_dir)
    with _writer_lock(store_dir):
        _clean_stale(store_dir)
        if copy_existing and not database_path(store_dir).is_dir():
            raise StoreError(f"no store at {store_dir}: run `biopolicy build` first")
        new_dir = store_dir.parent / f"{store_dir.name}.tmp-{os.getpid()}"
        try:
            if copy_existing:
                _copy_store(store_dir, new_dir)
            else:
                new_dir.mkdir()
            yield new_dir
            _swap(new_dir, store_dir)
        finally:
            shutil.rmtree(new_dir, ignore_errors=True)


def _copy_store(source: Path, target: Path) -> None:
    answers = str(source / ANSWERS) + os.sep

    def link_or_copy(src: str, dst: str) -> None:
        # Never written in place (a change writes new files and renames them): safe to share.
        if src.endswith(".sst") or src.startswith(answers):
            try:
                os.link(src, dst)
                return
            except OSError:
                pass
        shutil.copy2(src, dst)

    shutil.copytree(
        source,
        target,
        copy_function=link_or_copy,
        ignore=lambda directory, names: [RESULTS, DUMPS, DUMPS_INDEX] if Path(directory) == source else [],
    )


# ---------------------------------------------------------------------------------------------
# Feeding N-Quads to the bulk loader


@dataclass
class PlanData:
    """One plan's graph as N-Triples (what ``rdflib.Graph.serialize(format='nt')`` gives)."""

    graph_iri: str
    ntriples: bytes
    activity: bytes = b""  # N-Triples of its PROV load activity, for graph/meta


def ntriples_to_nquads(ntriples: bytes, graph_iri: str) -> bytes:
    # N-Triples escapes line breaks inside literals, so b" .\n" only ends statements.
    if not ntriples.strip():
        return b""
    data = ntriples if ntriples.endswith(b"\n") else ntriples + b"\n"
    return data.replace(b" .\n", f" <{graph_iri}> .\n".encode())


class _ChunkReader(io.RawIOBase):
    """A binary file object reading from an iterator of byte chunks (for ``Store.bulk_load``)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._chunk = b""
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._position >= len(self._chunk):
            try:
                self._chunk = next(self._chunks)
            except StopIteration:
                return 0
            self._position = 0
        size = min(len(buffer), len(self._chunk) - self._position)
        buffer[:size] = self._chunk[self._position : self._position + size]
        self._position += size
        return size


def rdflib_ntriples(graph) -> bytes:
    """N-Triples bytes of an rdflib graph."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode()


# ---------------------------------------------------------------------------------------------
# Building and changing a store


@dataclass
class WriteReport:
    store_dir: Path
    plans: int
    triples: int
    seconds: float
    graph_triples: dict[str, int] = field(default_factory=dict)
    answers_seconds: float = 0.0  # of ``seconds``: materialising the canned answers
    answers_computed: list[str] = field(default_factory=list)  # the others were kept


def build_store(
    store_dir: Path,
    reference_graphs: dict[str, bytes],
    plans: Iterable[PlanData],
    *,
    links: bytes = b"",
    dumps: bool = True,
    before_swap: Callable[[], None] | None = None,
    sources: dict | None = None,
    answers: bool = True,
) -> WriteReport:
    """Build a new store from reference graphs and plans (all N-Triples) and swap it in.

    ``plans`` is consumed once, streaming, so a 5000-plan build never holds all plans in memory;
    the dumps are written from the same bytes by a thread while the bulk loader reads them.
    ``before_swap`` may raise to abandon the new store (the build of documents does, when one
    failed to read); the previous store is then untouched. ``sources`` (what an incremental build
    needs to know of the documents) is kept in ``sources.json``. ``answers``: materialise the
    canned answers (:mod:`graph.answers`).
    """
    from biopolicy.graph import dumps as dump_files

    started = time.perf_counter()
    store_dir = Path(store_dir)
    graph_triples: dict[str, int] = {}
    seen_plans: set[str] = set()

    supers = _super_classes_ntriples(reference_graphs.get(ONTOLOGY_GRAPH, b""))
    super_properties = _super_classes_ntriples(reference_graphs.get(ONTOLOGY_GRAPH, b""), "subPropertyOf")
    writer: dump_files.DumpWriter | None = None

    def graph_chunks(iri: str, data: bytes, activity: bytes = b"") -> Iterator[bytes]:
        quads = ntriples_to_nquads(data, iri)
        inferred = inferred_nquads(data, supers, super_properties) + inferred_nquads(activity, supers, super_properties)
        meta = ntriples_to_nquads(activity, META_GRAPH)
        if writer is not None:
            key = plan_key(iri) if iri.startswith(PLAN_GRAPH) else None
            writer.add(iri, quads, inferred, plan_key=key, plan_ntriples=data if key else b"", meta_nquads=meta)
        yield quads
        yield inferred
        yield meta

    def chunks() -> Iterator[bytes]:
        for iri, data in sorted(reference_graphs.items()):
            graph_triples[iri] = graph_triples.get(iri, 0) + _count_lines(data)
            yield from graph_chunks(iri, data)
        if links.strip():
            graph_triples[LINKS_GRAPH] = _count_lines(links)
            yield from graph_chunks(LINKS_GRAPH, links)
        for plan in plans:
            if plan.graph_iri in seen_plans:
                raise StoreError(f"two plans share the graph {plan.graph_iri}")
            seen_plans.add(plan.graph_iri)
            graph_triples[plan.graph_iri] = _count_lines(plan.ntriples)
            yield from graph_chunks(plan.graph_iri, plan.ntriples, plan.activity)

    with _replacement(store_dir, copy_existing=False) as new_dir:
        if dumps:
            writer = dump_files.DumpWriter(new_dir / DUMPS)
        try:
            store = ox.Store(str(database_path(new_dir)))
            store.bulk_load(_ChunkReader(chunks()), ox.RdfFormat.N_QUADS)
            if before_swap is not None:
                before_swap()
            broader = _materialise_broader(store)
            graph_triples[INFERRED_GRAPH] = _count_graph(store, INFERRED_GRAPH)
            description = _refresh_description(store, graph_triples)
            store.flush()
            store.optimize()
            if writer is not None:
                index = writer.finish(_tail_nquads(broader, description), description)
                dump_files.write_index(new_dir, index)
                writer = None
            total = sum(graph_triples.values()) + _count_graph(store, META_GRAPH)
            del store
        finally:
            if writer is not None:
                writer.abandon()
        materialised = _materialise(new_dir, len(seen_plans)) if answers else None
        if sources is not None:
            write_sources(new_dir, sources)
    return _report(store_dir, len(seen_plans), total, started, graph_triples, materialised)


def _materialise(new_dir: Path, plans: int, **previous):
    from biopolicy.graph import answers

    return answers.materialise(new_dir, plans=plans, **previous)


def _report(store_dir: Path, plans: int, total: int, started: float, counts: dict, materialised) -> WriteReport:
    report = WriteReport(store_dir, plans, total, time.perf_counter() - started, counts)
    if materialised is not None:
        report.answers_seconds, report.answers_computed = materialised.seconds, materialised.computed
    return report


def _tail_nquads(broader: list[ox.Quad], description: list[ox.Triple]) -> bytes:
    meta = ox.NamedNode(META_GRAPH)
    quads = broader + [ox.Quad(t.subject, t.predicate, t.object, meta) for t in description]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) if quads else b""


def replace_plan(store_dir: Path, plan: PlanData, *, dumps: bool = True, answers: bool = True) -> WriteReport:
    """Put one plan's graph in the store, replacing its previous version (copy-on-write)."""
    return update_store(store_dir, [plan], dumps=dumps, answers=answers)


def remove_plan(store_dir: Path, plan: str, *, dumps: bool = True, answers: bool = True) -> WriteReport:
    """Delete one plan's graph (``plan``: graph IRI, plan IRI or plan key) (copy-on-write)."""
    graph_iri = plan_graph_iri(plan)
    with _writer_lock(Path(store_dir)):
        _clean_stale(Path(store_dir))  # a writer killed after its swap left build.old-…: even a refusal removes it
    store = open_store(store_dir)
    known = store.contains_named_graph(ox.NamedNode(graph_iri))
    plans = sorted(plan_key(g) for g in list_plan_graphs(store))
    del store
    if not known:
        hint = f"; plans in the store: {', '.join(plans)}" if plans else "; the store has no plans"
        raise StoreError(f"no plan {plan_key(graph_iri)} in {store_dir}{hint}")
    return update_store(store_dir, [], remove=[graph_iri], dumps=dumps, answers=answers)


class _ClassCounts:
    """VoID class partitions kept up to date by recounting only the subjects a change touches.

    ``void:entities`` of a class counts the distinct subjects typed with it in any graph but
    graph/meta; a subject's contribution is taken before the first change that touches it and
    again at the end.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.entities = _described_entities(store)
        self.before: dict = {}

    def classes(self, subject) -> set[str]:
        meta = ox.NamedNode(META_GRAPH)
        return {
            quad.object.value
            for quad in self.store.quads_for_pattern(subject, ox.NamedNode(RDF + "type"), None, None)
            if quad.graph_name != meta and isinstance(quad.object, ox.NamedNode)
        }

    def touch(self, subjects: Iterable) -> None:
        for subject in subjects:
            if subject not in self.before:
                self.before[subject] = self.classes(subject)

    def touch_new(self, subjects: Iterable) -> None:
        """Subjects just loaded: those not touched before (blank nodes) had no type before."""
        for subject in subjects:
            self.before.setdefault(subject, set())

    def result(self) -> list[tuple[str, int]]:
        counts = dict(self.entities)
        for subject, before in self.before.items():
            after = self.classes(subject)
            for class_iri in after - before:
                counts[class_iri] = counts.get(class_iri, 0) + 1
            for class_iri in before - after:
                counts[class_iri] = counts.get(class_iri, 0) - 1
        return sorted((class_iri, n) for class_iri, n in counts.items() if n > 0)


class _Changes:
    """The quads a change adds or removes, net: each graph and graph/meta resource is read before
    the first change that touches it and again at the end (for the answers to recompute)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.graphs_before = set(list_graphs(store))
        self.graph_before: dict[str, set] = {}
        self.meta_before: dict = {}
        self.quads: set = set()

    def touch_graph(self, graph_iri: str) -> None:
        if graph_iri not in self.graph_before:
            self.graph_before[graph_iri] = set(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def touch_meta(self, resources: Iterable) -> None:
        meta = ox.NamedNode(META_GRAPH)
        for resource in resources:
            if resource not in self.meta_before:
                self.meta_before[resource] = set(self.store.quads_for_pattern(resource, None, None, meta))

    def result(self):
        from biopolicy.graph.answers import Changes

        quads = set(self.quads)
        for graph_iri, before in self.graph_before.items():
            quads |= before ^ set(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))
        meta = ox.NamedNode(META_GRAPH)
        for resource, before in self.meta_before.items():
            quads |= before ^ set(self.store.quads_for_pattern(resource, None, None, meta))
        return Changes(quads, set(list_graphs(self.store)) != self.graphs_before)


def _description_quads(store: ox.Store) -> set:
    return {
        quad for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(META_GRAPH))
        if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(DATASET)
    }


def update_store(
    store_dir: Path,
    plans: Iterable[PlanData],
    *,
    remove: Iterable[str] = (),
    dumps: bool = True,
    before_swap: Callable[[], None] | None = None,
    sources: dict | None = None,
    answers: bool = True,
) -> WriteReport:
    """Remove the graphs ``remove``, put each of ``plans`` in (replacing its graph), on a copy of the store.

    The copy hard-links the database's immutable files; the inferred types, graph counts and VoID
    class partitions are recomputed for the touched resources only, and the dumps are the
    previous ones with the changed segments replaced (:mod:`graph.dumps`). ``plans`` is
    consumed once, after the copy exists. ``sources`` replaces ``sources.json``; without it the
    entries of every changed graph are dropped from it (the next build re-reads those documents).
    The canned answers the change can affect are recomputed, the others kept (:mod:`graph.answers`).
    """
    from biopolicy.graph import dumps as dump_files

    started = time.perf_counter()
    store_dir = Path(store_dir)
    remove = list(dict.fromkeys(remove))
    with _replacement(store_dir, copy_existing=True) as new_dir:
        index = dump_files.read_index(store_dir) if dumps else None
        store = ox.Store(str(database_path(new_dir)))
        counts = _described_counts(store)
        classes = _ClassCounts(store)
        supers = _store_super_classes(store)
        super_properties = _store_super_classes(store, "subPropertyOf")
        supers_bytes, super_properties_bytes = (
            {
                f"<{child.value}>".encode(): [f"<{parent.value}>".encode() for parent in parents]
                for child, parents in table.items()
            }
            for table in (supers, super_properties)
        )
        typed: set = set()
        changed: list[str] = []
        segments = []
        delta = _Changes(store)

        def drop(store: ox.Store, graph_iris: list[str]) -> None:
            present = [iri for iri in graph_iris if store.contains_named_graph(ox.NamedNode(iri))]
            for iri in present:
                subjects = _typed_subjects(store, iri)
                classes.touch(subjects)
                typed.update(subjects)
                delta.touch_graph(iri)
                store.remove_graph(ox.NamedNode(iri))
            activity = _activity_resources(store, graph_iris)
            delta.touch_meta(activity)
            _remove_resources(store, activity, META_GRAPH)
            # graph/meta is not counted in the class partitions: touching after removal is exact
            classes.touch(activity)
            typed.update(activity)
            for iri in graph_iris:
                counts.pop(iri, None)

        drop(store, remove)
        changed.extend(remove)
        cleared = set(remove)  # dropped and not loaded again: no need to look for them once more
        for plan in plans:
            if plan.graph_iri in cleared:
                cleared.discard(plan.graph_iri)
            else:
                drop(store, [plan.graph_iri])
            classes.touch(_new_typed_subjects(plan.ntriples))
            delta.touch_graph(plan.graph_iri)
            delta.touch_meta(_new_subjects(plan.activity))
            store.load(ntriples_to_nquads(plan.ntriples, plan.graph_iri), ox.RdfFormat.N_QUADS)
            if plan.activity:
                store.load(ntriples_to_nquads(plan.activity, META_GRAPH), ox.RdfFormat.N_QUADS)
            counts[plan.graph_iri] = _count_graph(store, plan.graph_iri)
            new_subjects = _typed_subjects(store, plan.graph_iri) | _new_typed_subjects(plan.activity)
            classes.touch_new(new_subjects)
            typed.update(new_subjects)
            changed.append(plan.graph_iri)
            if index is not None:
                key = plan_key(plan.graph_iri) if plan.graph_iri.startswith(PLAN_GRAPH) else None
                segments.append(dump_files.make_segment(
                    plan.graph_iri, ntriples_to_nquads(plan.ntriples, plan.graph_iri),
                    inferred_nquads(plan.ntriples, supers_bytes, super_properties_bytes)
                    + inferred_nquads(plan.activity, supers_bytes, super_properties_bytes),
                    plan_key=key, plan_ntriples=plan.ntriples if key else b"",
                    meta_nquads=ntriples_to_nquads(plan.activity, META_GRAPH),
                ))
        if before_swap is not None:
            before_swap()
        removed, added, retyped = _retype(store, typed, supers)
        gone, new, reasserted = _reassert_super_properties(store, typed, super_properties)
        removed, added = removed + gone, added + new
        delta.quads |= retyped | reasserted
        if INFERRED_GRAPH in counts:
            counts[INFERRED_GRAPH] += added - removed
        else:
            counts[INFERRED_GRAPH] = _count_graph(store, INFERRED_GRAPH)
        for iri in list_graphs(store):
            if iri not in counts and iri != META_GRAPH:
                counts[iri] = _count_graph(store, iri)
        described = _description_quads(store)
        description = _refresh_description(store, counts, classes.result())
        meta = ox.NamedNode(META_GRAPH)
        delta.quads |= described ^ {ox.Quad(t.subject, t.predicate, t.object, meta) for t in description}
        changes = delta.result()
        # No optimize(): compacting would rewrite every file of a large store for one plan.
        store.flush()
        if dumps:
            if index is not None:
                broader = list(store.quads_for_pattern(None, ox.NamedNode(SKOS + "broaderTransitive"), None,
                                                       ox.NamedNode(INFERRED_GRAPH)))
                new_index = dump_files.update_dumps(
                    store_dir, index, new_dir / DUMPS, changed, segments,
                    _tail_nquads(broader, description), description,
                )
                dump_files.write_index(new_dir, new_index)
            else:
                write_dumps(store, new_dir / DUMPS)
        plans_count = len(list_plan_graphs(store))
        total = sum(counts.values()) + _count_graph(store, META_GRAPH)
        delta.store = classes.store = None  # every reference goes: the database must be closed before it is read
        del store
        materialised = None
        if answers:
            materialised = _materialise(new_dir, plans_count, previous_dir=store_dir, changes=changes)
        if sources is None:
            sources = read_sources(new_dir)
            if sources is not None:
                gone = set(changed)
                sources["documents"] = {
                    path: entry for path, entry in sources.get("documents", {}).items() if entry.get("graph") not in gone
                }
        if sources is not None:
            write_sources(new_dir, sources)
    return _report(store_dir, plans_count, total, started, counts, materialised)


SOURCES = "sources.json"


def read_sources(store_dir: Path) -> dict | None:
    """What the last build recorded of its documents (``sources.json``), or ``None``."""
    import json

    try:
        data = json.loads((Path(store_dir) / SOURCES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_sources(store_dir: Path, sources: dict) -> None:
    import json

    write_atomically(Path(store_dir) / SOURCES,
                     json.dumps(sources, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def _new_subjects(ntriples: bytes) -> set:
    """The IRI subjects of N-Triples."""
    return {ox.NamedNode(line[1 : line.index(b">")].decode()) for line in ntriples.split(b"\n") if line.startswith(b"<")}


def _new_typed_subjects(ntriples: bytes) -> set:
    """The IRI subjects of the ``rdf:type`` lines of N-Triples (blank nodes are new to the store)."""
    subjects = set()
    for line in ntriples.split(b"\n"):
        position = line.find(RDF_TYPE_BYTES)
        if position > 0 and line.startswith(b"<"):
            subjects.add(ox.NamedNode(line[1 : position - 1].decode()))
    return subjects


def _count_lines(ntriples: bytes) -> int:
    """Distinct statements of N-Triples (the store keeps a repeated one once)."""
    return len({line.strip() for line in ntriples.splitlines() if line.strip() and not line.lstrip().startswith(b"#")})


def _count_graph(store: ox.Store, graph_iri: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    return int(next(iter(store.query(query)))["n"].value)


def list_graphs(store: ox.Store) -> list[str]:
    return sorted(node.value for node in store.named_graphs() if isinstance(node, ox.NamedNode))


def list_plan_graphs(store: ox.Store) -> list[str]:
    return [iri for iri in list_graphs(store) if iri.startswith(PLAN_GRAPH)]


def read_graph_ntriples(store: ox.Store, graph_iri: str) -> bytes:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))


# ---------------------------------------------------------------------------------------------
# graph/inferred


def class_closure(subclass_pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Every class's strict super-classes under the transitive closure of the given pairs."""
    parents: dict[str, set[str]] = {}
    for child, parent in subclass_pairs:
        if child != parent:
            parents.setdefault(child, set()).add(parent)
    closure: dict[str, set[str]] = {}
    for start in parents:
        seen: set[str] = set()
        frontier = list(parents[start])
        while frontier:
            current = frontier.pop()
            if current not in seen:
                seen.add(current)
                frontier.extend(parents.get(current, ()))
        seen.discard(start)
        if seen:
            closure[start] = seen
    return closure


RDF_TYPE_BYTES = f" <{RDF}type> ".encode()
INFERRED_SUFFIX = f" <{INFERRED_GRAPH}> .\n".encode()


def _super_classes_ntriples(ontology: bytes, link: str = "subClassOf") -> dict[bytes, list[bytes]]:
    """``<class>`` → its strict named super-classes ``<super>``, from the ontology's N-Triples
    (``link="subPropertyOf"``: each property's super-properties)."""
    if not ontology.strip():
        return {}
    subclass = ox.NamedNode(RDFS + link)
    pairs = [
        (triple.subject.value, triple.object.value)
        for triple in ox.parse(ontology, ox.RdfFormat.N_TRIPLES)
        if triple.predicate == subclass and isinstance(triple.subject, ox.NamedNode)
        and isinstance(triple.object, ox.NamedNode)
    ]
    return {f"<{child}>".encode(): [f"<{parent}>".encode() for parent in parents]
            for child, parents in _named_supers(pairs, link).items()}


def _named_supers(pairs: Iterable[tuple[str, str]], link: str) -> dict[str, list[str]]:
    """Each term's strict supers under ``rdfs:<link>``, sorted: for properties only those of
    MATERIALISED_SUPER_PROPERTIES; terms left with none are left out."""
    keep = (lambda iri: iri.startswith(MATERIALISED_SUPER_PROPERTIES)) if link == "subPropertyOf" else (lambda iri: True)
    closure = {child: sorted(p for p in parents if keep(p)) for child, parents in class_closure(pairs).items()}
    return {child: parents for child, parents in closure.items() if parents}


def inferred_super_properties_nquads(ntriples: bytes, super_properties: dict[bytes, list[bytes]]) -> bytes:
    """N-Quads in graph/inferred of ``?s ?super ?o`` for every ``?s ?p ?o`` line whose predicate has
    named super-properties (``bp:issuer`` → ``eli:passed_by``), so that a query written with ELI,
    PROV, DCTERMS or ORG terms finds the data. A byte scan like :func:`inferred_types_nquads`."""
    if not super_properties:
        return b""
    out = []
    for line in ntriples.split(b"\n"):
        subject_end = line.find(b" ")
        if subject_end <= 0:
            continue
        predicate_end = line.find(b"> ", subject_end + 1)
        if predicate_end < 0:
            continue
        parents = super_properties.get(line[subject_end + 1 : predicate_end + 1])
        if not parents:
            continue
        obj = line[predicate_end + 2 :].rstrip()
        if obj.endswith(b"."):
            obj = obj[:-1].rstrip()
        subject = line[:subject_end]
        out.extend(subject + b" " + parent + b" " + obj + INFERRED_SUFFIX for parent in parents)
    return b"".join(out)


def inferred_nquads(ntriples: bytes, supers: dict[bytes, list[bytes]], super_properties: dict[bytes, list[bytes]]) -> bytes:
    """Everything graph/inferred holds for these N-Triples: super-class types and super-properties."""
    return inferred_types_nquads(ntriples, supers) + inferred_super_properties_nquads(ntriples, super_properties)


def inferred_types_nquads(ntriples: bytes, supers: dict[bytes, list[bytes]]) -> bytes:
    """N-Quads in graph/inferred of the super-class types of every ``?s rdf:type ?c`` line.

    A byte scan of N-Triples as rdflib and Oxigraph write them (one statement a line, IRIs in
    ``<…>``); blank-node subjects keep their label, which the bulk loader reads as the same node
    within one load.
    """
    if not supers or RDF_TYPE_BYTES not in ntriples:
        return b""
    out = []
    for line in ntriples.split(b"\n"):
        position = line.find(RDF_TYPE_BYTES)
        if position <= 0:
            continue
        subject = line[:position]
        obj = line[position + len(RDF_TYPE_BYTES) :].rstrip()
        if obj.endswith(b"."):
            obj = obj[:-1].rstrip()
        for parent in supers.get(obj, ()):
            out.append(subject + RDF_TYPE_BYTES + parent + INFERRED_SUFFIX)
    return b"".join(out)


def _store_super_classes(store: ox.Store, link: str = "subClassOf") -> dict[ox.NamedNode, list[ox.NamedNode]]:
    subclass = ox.NamedNode(RDFS + link)
    pairs = [
        (quad.subject.value, quad.object.value)
        for quad in store.quads_for_pattern(None, subclass, None, ox.NamedNode(ONTOLOGY_GRAPH))
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode)
    ]
    return {ox.NamedNode(child): [ox.NamedNode(parent) for parent in parents]
            for child, parents in _named_supers(pairs, link).items()}


def _typed_subjects(store: ox.Store, graph_iri: str) -> set:
    rdf_type = ox.NamedNode(RDF + "type")
    return {quad.subject for quad in store.quads_for_pattern(None, rdf_type, None, ox.NamedNode(graph_iri))}


def _retype(store: ox.Store, subjects: set, supers: dict | None = None) -> tuple[int, int, set]:
    """Recompute the inferred super-class types of ``subjects`` from the types the other graphs give them.

    Returns how many inferred quads were removed and added, and the quads that changed.
    """
    rdf_type = ox.NamedNode(RDF + "type")
    inferred = ox.NamedNode(INFERRED_GRAPH)
    supers = _store_super_classes(store) if supers is None else supers
    removed = added = 0
    changed: set = set()
    for subject in subjects:
        old = set(store.quads_for_pattern(subject, rdf_type, None, inferred))
        for quad in old:
            store.remove(quad)
        removed += len(old)
        classes = {
            quad.object for quad in store.quads_for_pattern(subject, rdf_type, None, None) if quad.graph_name != inferred
        }
        new = {ox.Quad(subject, rdf_type, parent, inferred) for c in classes for parent in supers.get(c, ())}
        store.extend(new)
        added += len(new)
        changed |= old ^ new
    return removed, added, changed


def _reassert_super_properties(store: ox.Store, subjects: set, super_properties: dict) -> tuple[int, int, set]:
    """Recompute the inferred super-property statements of ``subjects`` from the statements the other
    graphs make about them (as :func:`_retype` does for types). Returns removed, added, changed quads."""
    inferred = ox.NamedNode(INFERRED_GRAPH)
    supers_of = set().union(*super_properties.values()) if super_properties else set()
    removed = added = 0
    changed: set = set()
    for subject in subjects:
        old = {quad for quad in store.quads_for_pattern(subject, None, None, inferred) if quad.predicate in supers_of}
        for quad in old:
            store.remove(quad)
        removed += len(old)
        new = {
            ox.Quad(subject, parent, quad.object, inferred)
            for quad in store.quads_for_pattern(subject, None, None, None)
            if quad.graph_name != inferred
            for parent in super_properties.get(quad.predicate, ())
        }
        store.extend(new)
        added += len(new)
        changed |= old ^ new
    return removed, added, changed


def _materialise_broader(store: ox.Store) -> list[ox.Quad]:
    """``skos:broaderTransitive`` in graph/inferred: the closure of ``skos:broader`` (vocabularies); the quads added."""
    inferred = ox.NamedNode(INFERRED_GRAPH)
    edges = [
        (quad.subject.value, quad.object.value)
        for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS + "broader"), None, None)
        if quad.graph_name != inferred
        and isinstance(quad.subject, ox.NamedNode)
        and isinstance(quad.object, ox.NamedNode)
    ]
    transitive = ox.NamedNode(SKOS + "broaderTransitive")
    quads = [
        ox.Quad(ox.NamedNode(child), transitive, ox.NamedNode(ancestor), inferred)
        for child, ancestors in sorted(class_closure(edges).items())
        for ancestor in sorted(ancestors)
    ]
    store.extend(quads)
    return quads


# ---------------------------------------------------------------------------------------------
# graph/meta: the VoID/DCAT description and the PROV load activities


def _activity_resources(store: ox.Store, graph_iris: list[str]) -> list:
    """The resources of the PROV load activities of some plans in graph/meta.

    A plan's activity resources are those named ``id/load/<planKey>`` (and fragments of it),
    those pointing at the plan's graph, and the blank nodes they lead to.
    """
    if not graph_iris:
        return []
    meta = ox.NamedNode(META_GRAPH)
    loads = {f"{ID}load/{plan_key(iri)}" for iri in graph_iris}
    targets = {ox.NamedNode(iri) for iri in graph_iris} | {ox.NamedNode(f"{ID}plan/{plan_key(iri)}") for iri in graph_iris}

    prefix = f"{ID}load/"

    def named_for_a_load(iri: str) -> bool:
        return iri.startswith(prefix) and prefix + re.split(r"[#/]", iri[len(prefix) :], maxsplit=1)[0] in loads

    doomed: list[ox.NamedNode | ox.BlankNode] = []
    seen: set = set()
    for quad in store.quads_for_pattern(None, None, None, meta):
        subject = quad.subject
        if subject in seen or not isinstance(subject, ox.NamedNode) or subject.value.startswith(DATASET):
            continue
        if named_for_a_load(subject.value) or quad.object in targets:
            seen.add(subject)
            doomed.append(subject)
    index = 0
    while index < len(doomed):
        for quad in store.quads_for_pattern(doomed[index], None, None, meta):
            if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                doomed.append(quad.object)
        index += 1
    return doomed


def _remove_resources(store: ox.Store, resources: list, graph_iri: str) -> None:
    graph = ox.NamedNode(graph_iri)
    for resource in resources:
        for quad in list(store.quads_for_pattern(resource, None, None, graph)):
            store.remove(quad)


def _described_counts(store: ox.Store) -> dict[str, int]:
    """Triple counts per named graph as recorded in graph/meta (so a change recounts only its graph)."""
    query = f"""
        PREFIX void: <{VOID}> PREFIX sd: <{SD}>
        SELECT ?graph ?n WHERE {{ GRAPH <{META_GRAPH}> {{
            <{DATASET}> void:subset ?subset . ?subset sd:name ?graph ; void:triples ?n }} }}"""
    return {row["graph"].value: int(row["n"].value) for row in store.query(query)}


def _dataset_iri(graph_iri: str) -> str:
    return DATASET + "/" + graph_iri[len(GRAPH) :] if graph_iri.startswith(GRAPH) else DATASET + "/graph"


def fixed_description(base_url: str | None = None) -> list[ox.Triple]:
    """``ontology/dataset.ttl`` with its relative IRIs (endpoint, dumps) resolved against ``base_url``."""
    from biopolicy.loaders import resources

    path = resources.ontology_dir() / DATASET_DESCRIPTION
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base_url or public_base_url()))


def describe(
    store: ox.Store, graph_triples: dict[str, int], built: datetime | None = None,
    entities: list[tuple[str, int]] | None = None, created: datetime | None = None,
) -> list[ox.Triple]:
    """The VoID/DCAT description of the store (its subjects all start with the dataset IRI).

    ``ontology/dataset.ttl`` gives what does not change (titles, description, publisher, endpoint,
    distributions); this adds what the store is: counts, sources, dates, version and licence.
    ``built`` is when this version was written (``dcterms:modified``, and the ``dcat:version``
    that names it); ``created`` when the store was first built and published (``dcterms:created``
    and ``dcterms:issued``, kept by every change; ``built`` by default). A date that changed with
    every change would also make each change recompute the canned answers that read
    ``dcterms:issued`` (graph/answers.py matches changed triples in any graph). ``entities``
    (class, distinct subjects) saves counting them in the whole store.
    """
    built = built or datetime.now(UTC).replace(microsecond=0)
    created = created or built

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def integer(value: int) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(XSD + "integer"))

    def date_time(value: datetime) -> ox.Literal:
        # Oxigraph's canonical form ("…Z"), so that a kept date compares equal to the stored one
        return ox.Literal(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=n(XSD + "dateTime"))

    dataset = n(DATASET)
    a = n(RDF + "type")
    fixed = fixed_description()
    dataset_version = built.strftime("%Y%m%dT%H%M%SZ")
    triples = [
        *fixed,
        ox.Triple(dataset, n(DCTERMS + "license"), n(DATA_LICENCE)),
        ox.Triple(dataset, n(DCTERMS + "created"), date_time(created)),
        ox.Triple(dataset, n(DCTERMS + "issued"), date_time(created)),
        ox.Triple(dataset, n(DCTERMS + "modified"), date_time(built)),
        ox.Triple(dataset, n(DCAT + "version"), ox.Literal(dataset_version)),
        ox.Triple(dataset, n(OWL + "versionInfo"), ox.Literal(dataset_version)),
        ox.Triple(dataset, n(VOID + "uriSpace"), ox.Literal(ID)),
        ox.Triple(dataset, n(VOID + "vocabulary"), n(BP)),
        ox.Triple(dataset, n(VOID + "triples"), integer(sum(graph_triples.values()))),
    ]
    for resource in sorted({t.subject for t in fixed if t.predicate == a and t.object in (
            n(DCAT + "Distribution"), n(DCAT + "DataService"))}, key=str):
        triples += [
            ox.Triple(resource, n(DCTERMS + "license"), n(DATA_LICENCE)),
            ox.Triple(resource, n(DCTERMS + "issued"), date_time(created)),
            ox.Triple(resource, n(DCTERMS + "modified"), date_time(built)),
        ]
    build = n(DATASET + "/build")
    software = n(DATASET + "/software")
    version = software_version()
    triples += [
        ox.Triple(dataset, n(PROV + "wasGeneratedBy"), build),
        ox.Triple(build, a, n(PROV + "Activity")),
        ox.Triple(build, n(PROV + "endedAtTime"), ox.Literal(built.isoformat(), datatype=n(XSD + "dateTime"))),
        ox.Triple(build, n(PROV + "wasAssociatedWith"), software),
        ox.Triple(software, a, n(PROV + "SoftwareAgent")),
        ox.Triple(software, n(RDFS + "label"), ox.Literal(f"biopolicy-kg {version}")),
        ox.Triple(software, n(OWL + "versionInfo"), ox.Literal(version)),
    ]
    sources = _document_sources(store)
    for graph_iri, count in sorted(graph_triples.items()):
        subset = n(_dataset_iri(graph_iri))
        triples += [
            ox.Triple(dataset, n(VOID + "subset"), subset),
            ox.Triple(subset, a, n(VOID + "Dataset")),
            ox.Triple(subset, n(SD + "name"), n(graph_iri)),
            ox.Triple(subset, n(VOID + "triples"), integer(count)),
        ]
        for source in sources.get(graph_iri, ()):
            triples.append(ox.Triple(subset, n(DCTERMS + "source"), n(source)))
            triples.append(ox.Triple(dataset, n(DCTERMS + "source"), n(source)))
    for class_iri, count in entities if entities is not None else _class_entities(store):
        partition = n(DATASET + "/class/" + _class_slug(class_iri))
        triples += [
            ox.Triple(dataset, n(VOID + "classPartition"), partition),
            ox.Triple(partition, n(VOID + "class"), n(class_iri)),
            ox.Triple(partition, n(VOID + "entities"), integer(count)),
        ]
    if graph_triples.get(LINKS_GRAPH):
        linkset = n(_dataset_iri(LINKS_GRAPH))
        objects_target = n(DATASET + "/wikidata")
        triples += [
            ox.Triple(linkset, a, n(VOID + "Linkset")),
            ox.Triple(linkset, n(VOID + "subjectsTarget"), dataset),
            ox.Triple(linkset, n(VOID + "objectsTarget"), objects_target),
            ox.Triple(objects_target, a, n(VOID + "Dataset")),
            ox.Triple(objects_target, n(VOID + "uriSpace"), ox.Literal("http://www.wikidata.org/entity/")),
        ]
        predicates = store.query(f"SELECT DISTINCT ?p WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?p")
        triples += [ox.Triple(linkset, n(VOID + "linkPredicate"), row["p"]) for row in predicates]
    return triples


def _class_slug(class_iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if class_iri.startswith(namespace) and class_iri != namespace:
            return f"{prefix}-{class_iri[len(namespace):]}"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", class_iri).strip("-")


def _document_sources(store: ox.Store) -> dict[str, list[str]]:
    """The IRI of each plan graph's source: its online address when the plan records one as an IRI,
    else the source document's own IRI (``id/document/<planKey>``), never a bare file name."""
    query = f"""
        PREFIX bp: <{BP}> PREFIX dcterms: <{DCTERMS}>
        SELECT ?g ?document ?source WHERE {{ GRAPH ?g {{ ?document a bp:SourceDocument
                                            OPTIONAL {{ ?document dcterms:source ?source FILTER(isIRI(?source)) }} }}
                                 FILTER(STRSTARTS(STR(?g), "{PLAN_GRAPH}") && isIRI(?document)) }}"""
    sources: dict[str, list[str]] = {}
    for row in store.query(query):
        source = row["source"] if row["source"] is not None else row["document"]
        sources.setdefault(row["g"].value, []).append(source.value)
    return {graph: sorted(set(values)) for graph, values in sources.items()}


def _class_entities(store: ox.Store) -> list[tuple[str, int]]:
    query = f"""
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
            GRAPH ?g {{ ?s a ?class }} FILTER(?g != <{META_GRAPH}> && isIRI(?class)) }}
        GROUP BY ?class ORDER BY ?class"""
    return [(row["class"].value, int(row["n"].value)) for row in store.query(query)]


def _described_entities(store: ox.Store) -> dict[str, int]:
    """``void:entities`` per class as recorded in graph/meta."""
    query = f"""
        PREFIX void: <{VOID}>
        SELECT ?class ?n WHERE {{ GRAPH <{META_GRAPH}> {{
            <{DATASET}> void:classPartition ?partition . ?partition void:class ?class ; void:entities ?n }} }}"""
    return {row["class"].value: int(row["n"].value) for row in store.query(query)}


def _described_created(store: ox.Store) -> datetime | None:
    """When the store was first built, as graph/meta records it (``None`` for a new store)."""
    quads = store.quads_for_pattern(ox.NamedNode(DATASET), ox.NamedNode(DCTERMS + "created"), None,
                                    ox.NamedNode(META_GRAPH))
    for quad in quads:
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(quad.object.value)
    return None


def _refresh_description(
    store: ox.Store, graph_triples: dict[str, int], entities: list[tuple[str, int]] | None = None
) -> list[ox.Triple]:
    """Replace the VoID description in graph/meta (keeping its ``dcterms:created``); the triples written."""
    meta = ox.NamedNode(META_GRAPH)
    created = _described_created(store)
    store.update(
        f"DELETE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }} "
        f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{DATASET}")) }}'
    )
    counts = {iri: count for iri, count in graph_triples.items() if iri != META_GRAPH}
    description = describe(store, counts, entities=entities, created=created)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, meta) for t in description)
    return description


# ---------------------------------------------------------------------------------------------
# Dumps


def write_dumps(store: ox.Store, dumps_dir: Path) -> list[Path]:
    """N-Quads of every graph; Turtle and JSON-LD of the plan graphs merged; VoID as Turtle.

    Read back from the store: only for a store without a dumps index (built before there was one);
    builds and changes write the dumps from their own bytes (:mod:`graph.dumps`).
    """
    dumps_dir.mkdir(parents=True, exist_ok=True)
    everything = dumps_dir / NQUADS_DUMP
    store.dump(str(everything), ox.RdfFormat.N_QUADS)
    # Oxigraph's CONSTRUCT drops duplicate triples and keeps each graph's subject order.
    merged = f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{PLAN_GRAPH}")) }}"""
    turtle = dumps_dir / TURTLE_DUMP
    jsonld = dumps_dir / JSONLD_DUMP
    data_prefixes = {p: PREFIXES[p] for p in ("bp", "eli", "org", "prov", "skos", "dcterms", "oa", "foaf", "rdfs", "xsd")}
    ox.serialize(store.query(merged), str(turtle), ox.RdfFormat.TURTLE, prefixes=data_prefixes)
    from biopolicy.graph import dumps as dump_files
    from biopolicy.graph import formats

    jsonld.write_bytes(formats.jsonld_document(store.query(merged)))
    description = f"""
        CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{META_GRAPH}> {{ ?s ?p ?o }}
            FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{DATASET}")) }}"""
    void = dump_files.write_void(dumps_dir, list(store.query(description)))
    return [everything, turtle, jsonld, void]


def directory_size(path: Path) -> int:
    return sum(file.stat().st_size for file in Path(path).rglob("*") if file.is_file())
