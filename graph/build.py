"""Build the store from a directory of plan documents: read → extract → emit → store, all or nothing.

Every ``*.txt``, ``*.md``, ``*.html`` and ``*.htm`` file in the directory (not its sub-directories)
is extracted, streamed into a new store and swapped in only if *every* document was read: one
unreadable document fails the build, names the file and the reason, and leaves the previous
store as it was (a half-built graph missing a plan would silently change every query answer).
Progress goes to stderr as one line per document, in name order (rewritten in place on a
terminal).

Extraction runs in a pool of worker processes, one per core (forked, so they see the loaders the
parent has), while the parent feeds the bulk loader; results are taken in name order. A plan
extracted before from the same bytes by the same loaders comes from the extraction cache
(:mod:`graph.extraction_cache`) instead.

The accepted external links (``graph/links``) are not derived from documents; a rebuild carries
them over from the previous store.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from biopolicy.graph import extraction_cache as ec
from biopolicy.graph import store as st

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")

@dataclass
class DocumentFailure:
    path: Path
    reason: str


class BuildFailed(st.StoreError):
    def __init__(self, failures: list[DocumentFailure], total: int, store_dir: Path):
        self.failures = failures
        super().__init__(
            f"build failed: {len(failures)} of {total} documents could not be loaded; "
            f"{store_dir} was not changed"
        )


def find_documents(documents_dir: Path) -> list[Path]:
    documents_dir = Path(documents_dir)
    if not documents_dir.is_dir():
        raise st.StoreError(f"no documents directory at {documents_dir}")
    documents = sorted(
        path for path in documents_dir.iterdir() if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES
    )
    if not documents:
        raise st.StoreError(f"no documents ({', '.join('*' + s for s in DOCUMENT_SUFFIXES)}) in {documents_dir}")
    return documents


def reference_ntriples() -> dict[str, bytes]:
    """The ontology, vocabulary and jurisdiction graphs the loaders define, as N-Triples."""
    from biopolicy.loaders.emit import reference_graphs

    return {str(iri): st.rdflib_ntriples(graph) for iri, graph in reference_graphs().items()}


def extract_plan(path: Path, manifest=None) -> tuple[str, object, object]:
    """``(graph IRI, rdflib plan graph, extraction)`` of one document; raises DocumentError.

    ``manifest``: the ``loaders.sources.Manifest`` its provenance row comes from (default: the
    ``sources.csv`` beside it).
    """
    from biopolicy.loaders.emit import plan_graph
    from biopolicy.loaders.pipeline import extract_document

    extraction = extract_document(path, manifest=manifest)
    graph_iri, graph = plan_graph(extraction)
    return str(graph_iri), graph, extraction


def document_error_types() -> tuple[type[BaseException], ...]:
    from biopolicy.loaders.errors import ManifestError
    from biopolicy.loaders.read import DocumentError

    return (DocumentError, ManifestError, OSError, UnicodeDecodeError)


class Progress:
    """``[3/5] shenyang-2024-biomedicine… 0.4 s`` on one line of stderr."""

    def __init__(self, total: int, stream: TextIO | None):
        self.total = total
        self.stream = stream
        self.interactive = bool(stream is not None and stream.isatty())
        self.width = 0

    def step(self, index: int, name: str, seconds: float, note: str = "") -> None:
        if self.stream is None:
            return
        label = name if len(name) <= 40 else name[:39] + "…"
        line = f"[{index}/{self.total}] {label} {seconds:.1f} s" + (f" ({note})" if note else "")
        if self.interactive:
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        if self.stream is None:
            return
        if self.interactive and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.width = 0
        self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.stream is not None and self.interactive and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def previous_links(store_dir: Path) -> bytes:
    if not st.database_path(store_dir).is_dir():
        return b""
    store = st.open_store(store_dir)
    if not store.contains_named_graph(st.ox.NamedNode(st.LINKS_GRAPH)):
        return b""
    return st.read_graph_ntriples(store, st.LINKS_GRAPH)


@dataclass
class Document:
    """A document to build from: where it is, its SHA-256, its manifest row's digest and its cache key (``None`` if unreadable here)."""

    index: int
    path: Path
    digest: str | None
    key: str | None
    kept_graph: str | None = None  # an incremental build keeps this graph of the previous store
    source_row: str = ""  # digest of its row of sources.csv ("" for none): a changed row is a changed document


@dataclass
class Extracted:
    """What extracting one document gave: a plan (``graph_iri`` …) or a failure (``reason``)."""

    seconds: float
    graph_iri: str = ""
    ntriples: bytes = b""
    activity: bytes = b""
    reason: str | None = None
    cached: bool = False
    kept: bool = False


def extract_for_build(
    path: Path, cache_dir: str | None = None, key: str | None = None, stage: str = "", manifest=None
) -> Extracted:
    """Extract one document as a build does (in a worker process): N-Triples, or the reason it failed."""
    from biopolicy.graph.formats import triples_ntriples
    from biopolicy.loaders.emit import load_activity, plan_triples
    from biopolicy.loaders.pipeline import extract_document

    started = time.perf_counter()
    try:
        extraction = extract_document(path, manifest=manifest)
        graph_iri, triples = plan_triples(extraction)
        activity = load_activity(extraction, graph_iri)
        result = Extracted(0.0, str(graph_iri), triples_ntriples(triples), st.rdflib_ntriples(activity))
    except document_error_types() as error:
        return Extracted(time.perf_counter() - started, reason=document_reason(error, path))
    except Exception as error:  # noqa: BLE001 - a bug in one extractor must not hide the others
        return Extracted(time.perf_counter() - started, reason=f"extraction failed ({type(error).__name__}: {error})")
    if cache_dir is not None and key is not None:
        plan = ec.CachedPlan(result.graph_iri, result.ntriples, result.activity)
        ec.ExtractionCache(Path(cache_dir)).put(key, plan, stage=stage)
    result.seconds = time.perf_counter() - started
    return result


def _worker_start(parent: int) -> None:
    # Ctrl-C is the parent's to handle; a worker must not outlive a parent killed by SIGKILL.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


class Extractor:
    """Extracts documents in name order: from the cache, in a pool of worker processes, or here."""

    def __init__(self, workers: int, cache: ec.ExtractionCache | None, manifest=None) -> None:
        self.workers = max(1, workers)
        self.cache = cache
        self.manifest = manifest  # the documents' sources.csv, read once for the whole build
        self.pool: ProcessPoolExecutor | None = None
        self.stage = f"{os.getpid()}-{time.time_ns()}"
        self.written: list[str] = []  # keys of the entries this build extracted

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=error is None, cancel_futures=True)
        if self.cache is not None and self.written:
            # Published even when the build fails: each entry is one document's complete plan.
            self.cache.publish(self.written, self.stage, keep=ec.changed_since_start() is None)

    def start(self, documents: list[Document]) -> None:
        """Look the documents up in the cache and start the pool for the others.

        Called before the store opens: the workers are forked before the database's and the dump
        writer's threads exist.
        """
        self.documents = documents
        self.cached: dict[int, Extracted] = {
            document.index: Extracted(0.0, document.kept_graph, kept=True) for document in documents if document.kept_graph
        }
        if self.cache is not None:
            for document in documents:
                if document.index in self.cached:
                    continue
                plan = self.cache.get(document.key) if document.key is not None else None
                if plan is not None:
                    self.cached[document.index] = Extracted(0.0, plan.graph_iri, plan.ntriples, plan.activity, cached=True)
        to_extract = [document for document in documents if document.index not in self.cached]
        self.cache_dir = str(self.cache.directory) if self.cache is not None else None
        if len(to_extract) > 1 and self.workers > 1:
            import multiprocessing

            self.pool = ProcessPoolExecutor(
                min(self.workers, len(to_extract)), mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start, initargs=(os.getpid(),),
            )
        self.pending: deque[tuple[Document, Future]] = deque()
        self.waiting = iter(to_extract)
        for _ in range(4 * self.workers):  # a window, so that finished plans never pile up in memory
            self._submit_next()

    def _submit_next(self) -> None:
        if self.pool is None:
            return
        document = next(self.waiting, None)
        if document is not None:
            future = self.pool.submit(
                extract_for_build, document.path, self.cache_dir, document.key, self.stage, self.manifest)
            self.pending.append((document, future))

    def results(self) -> Iterator[tuple[Document, Extracted]]:
        """``(document, what extracting it gave)`` in name order."""
        for document in self.documents:
            if document.index in self.cached:
                yield document, self.cached[document.index]
            else:
                if self.pool is None:
                    result = extract_for_build(document.path, self.cache_dir, document.key, self.stage, self.manifest)
                else:
                    submitted, future = self.pending.popleft()
                    assert submitted is document
                    try:
                        result = future.result()
                    except BrokenProcessPool as error:
                        raise st.StoreError(
                            f"extracting {document.path} stopped: a worker process died ({error})") from error
                    self._submit_next()
                if result.reason is None and document.key is not None and self.cache_dir is not None:
                    self.written.append(document.key)
                yield document, result


def read_documents(paths: list[Path], fingerprint: str | None, manifest=None) -> list[Document]:
    """The documents with their digests and cache keys; ``manifest`` (``loaders.sources.Manifest``) gives their rows."""
    documents = []
    for index, path in enumerate(paths, 1):
        try:
            digest = ec.document_digest(path.read_bytes())
        except OSError:
            digest = None  # the extraction reports why
        row = manifest.digest(path.name) if manifest is not None else ""
        key = ec.entry_key(fingerprint, str(path), digest, row) if fingerprint and digest else None
        documents.append(Document(index, path, digest, key, source_row=row))
    return documents


# Above this share of documents changed, a build from scratch is faster than changing a copy.
INCREMENTAL_MAX_SHARE = 0.25


BLANK_NODE_LABEL = re.compile(rb"_:[A-Za-z0-9_.-]+")


def references_digest(references: dict[str, bytes]) -> str:
    """A digest of the reference graphs blind to blank-node labels (rdflib draws new ones each time).

    Blind to how blank nodes connect, too; the loader fingerprint, compared as well, covers the
    files these graphs are made from.
    """
    digest = hashlib.sha256()
    for iri, data in sorted(references.items()):
        lines = sorted(BLANK_NODE_LABEL.sub(b"_:", line.strip()) for line in data.splitlines() if line.strip())
        digest.update(iri.encode() + b"\0" + hashlib.sha256(b"\n".join(lines)).digest())
    return digest.hexdigest()


def plan_incremental(
    documents: list[Document], store_dir: Path, fingerprint: str | None, references: str
) -> list[str] | None:
    """The graphs to remove if the previous store can be changed instead of rebuilt (marking kept documents).

    It can when it was built by loaders with the same fingerprint from the same reference graphs
    and at most :data:`INCREMENTAL_MAX_SHARE` of the documents (or one) changed, appeared or went; a
    document is kept when its path, SHA-256 and row of ``sources.csv`` are those recorded and its graph is still there
    (``add`` and ``remove`` forget the documents of the graphs they change). Every other plan
    graph of the store is removed: after the build, the store holds the plans of the documents
    and nothing else, as a build from scratch would.
    """
    previous = st.read_sources(store_dir)
    if (
        fingerprint is None or previous is None or previous.get("fingerprint") != fingerprint
        or previous.get("references") != references or not st.database_path(store_dir).is_dir()
    ):
        return None
    store = st.open_store(store_dir)
    present = set(st.list_plan_graphs(store))
    del store
    recorded = previous.get("documents", {})
    keep: dict[int, str] = {}
    for document in documents:
        entry = recorded.get(str(document.path))
        if (
            entry and document.digest and entry.get("sha256") == document.digest
            and entry.get("source_row", "") == document.source_row and entry.get("graph") in present
        ):
            keep[document.index] = entry["graph"]
    kept_graphs = set(keep.values())
    if len(kept_graphs) != len(keep):
        return None  # two documents recorded with one graph: start afresh
    removed = sorted(present - kept_graphs)
    to_extract = len(documents) - len(keep)
    changes = to_extract + max(0, len(removed) - to_extract)  # a changed document both removes and adds
    if changes > max(1.0, INCREMENTAL_MAX_SHARE * max(len(documents), len(present))):
        return None
    for document in documents:
        document.kept_graph = keep.get(document.index)
    return removed


def build(
    documents_dir: Path, store_dir: Path, *, progress: TextIO | None = None, dumps: bool = True,
    cache: bool | Path = True, workers: int | None = None, incremental: bool = True,
) -> st.WriteReport:
    """Extract every document of ``documents_dir`` into a new store at ``store_dir``; progress to ``progress``.

    ``cache``: use the extraction cache (``True``: its default folder; a path: that folder).
    ``workers``: extraction processes (default: one per core). ``incremental``: change a copy of
    the previous store when few documents changed (:func:`plan_incremental`); the store is the
    same as one built from scratch.
    """
    from biopolicy.loaders.sources import read_manifest

    store_dir = Path(store_dir)
    paths = find_documents(documents_dir)
    manifest = read_manifest(documents_dir)  # a malformed sources.csv stops the build here, before any write
    references = reference_ntriples()
    bar = Progress(len(paths), progress)
    files = ec.fingerprint_files()
    changed = ec.changed_since_start(files)
    # The loaders this process runs are the files on disk only if none changed since it started.
    fingerprint = ec.loader_fingerprint(files) if changed is None else None
    extraction_cache = None
    if cache and fingerprint is not None:
        extraction_cache = ec.ExtractionCache(ec.default_directory() if cache is True else Path(cache))
    elif changed is not None and (cache or incremental):
        bar.message(f"note: no extraction cache and no incremental build: {changed} changed after this process started")
    documents = read_documents(paths, fingerprint if extraction_cache else None, manifest)
    reference_digest = references_digest(references)
    removed = plan_incremental(documents, store_dir, fingerprint, reference_digest) if incremental else None
    failures: list[DocumentFailure] = []
    owners: dict[str, Path] = {}
    sources: dict = {"fingerprint": fingerprint, "references": reference_digest, "documents": {}}

    def fail(path: Path, reason: str) -> None:
        failures.append(DocumentFailure(path, reason))
        bar.message(f"error: {path}: {reason}")

    with Extractor(workers or os.cpu_count() or 1, extraction_cache, manifest) as extractor:
        extractor.start(documents)

        def plans() -> Iterator[st.PlanData]:
            for document, result in extractor.results():
                path = document.path
                if result.reason is not None:
                    fail(path, result.reason)
                    continue
                if result.graph_iri in owners:
                    fail(path, f"same plan key as {owners[result.graph_iri]} ({st.plan_key(result.graph_iri)})")
                    continue
                owners[result.graph_iri] = path
                if document.digest is not None:
                    sources["documents"][str(path)] = {
                        "sha256": document.digest, "source_row": document.source_row, "graph": result.graph_iri}
                if result.kept:
                    continue
                bar.step(document.index, path.name, result.seconds, "cached" if result.cached else "")
                yield st.PlanData(result.graph_iri, result.ntriples, result.activity)

        def refuse_if_failed() -> None:
            kept = sum(1 for document in documents if document.kept_graph)
            if kept:
                bar.message(f"kept {kept} unchanged plans of the previous build")
            bar.done()
            if failures:
                raise BuildFailed(failures, len(documents), store_dir)

        if removed is not None:
            return st.update_store(
                store_dir, plans(), remove=removed, dumps=dumps, before_swap=refuse_if_failed, sources=sources
            )
        links = previous_links(store_dir)
        return st.build_store(
            store_dir, references, plans(), links=links, dumps=dumps, before_swap=refuse_if_failed, sources=sources
        )


def document_reason(error: BaseException, path: Path) -> str:
    """The reason a document failed, without the path the loaders put in front of it."""
    text = str(error) or type(error).__name__
    prefix = f"{path}: "
    return text[len(prefix) :] if text.startswith(prefix) else text
