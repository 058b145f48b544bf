"""Build the store from a directory of plan documents: read → extract → emit → store, all or nothing.

Every ``*.txt``, ``*.md``, ``*.html`` and ``*.htm`` file in the directory (not its sub-directories)
is extracted in name order, streamed into a new store and swapped in only if *every* document
was read: one unreadable document fails the build, names the file and the reason, and leaves the
previous store as it was (a half-built graph missing a plan would silently change every query
answer). Progress goes to stderr as one line per document (rewritten in place on a terminal).

The accepted external links (``graph/links``) are not derived from documents; a rebuild carries
them over from the previous store.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

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


def extract_plan(path: Path) -> tuple[str, object, object]:
    """``(graph IRI, rdflib plan graph, extraction)`` of one document; raises DocumentError."""
    from biopolicy.loaders.emit import plan_graph
    from biopolicy.loaders.pipeline import extract_document

    extraction = extract_document(path)
    graph_iri, graph = plan_graph(extraction)
    return str(graph_iri), graph, extraction


def document_error_types() -> tuple[type[BaseException], ...]:
    from biopolicy.loaders.read import DocumentError

    return (DocumentError, OSError, UnicodeDecodeError)


class Progress:
    """``[3/5] shenyang-2024-biomedicine… 0.4 s`` on one line of stderr."""

    def __init__(self, total: int, stream: TextIO | None):
        self.total = total
        self.stream = stream
        self.interactive = bool(stream is not None and stream.isatty())
        self.width = 0

    def step(self, index: int, name: str, seconds: float) -> None:
        if self.stream is None:
            return
        label = name if len(name) <= 40 else name[:39] + "…"
        line = f"[{index}/{self.total}] {label} {seconds:.1f} s"
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


def build(
    documents_dir: Path, store_dir: Path, *, progress: TextIO | None = None, dumps: bool = True
) -> st.WriteReport:
    """Extract every document of ``documents_dir`` into a new store at ``store_dir``; progress to ``progress``."""
    from biopolicy.loaders.emit import load_activity

    documents = find_documents(documents_dir)
    errors = document_error_types()
    references = reference_ntriples()
    links = previous_links(Path(store_dir))
    failures: list[DocumentFailure] = []
    owners: dict[str, Path] = {}
    bar = Progress(len(documents), progress)

    def plans():
        for index, path in enumerate(documents, 1):
            started = time.perf_counter()
            try:
                graph_iri, graph, extraction = extract_plan(path)
                activity = load_activity(extraction, _uriref(graph_iri))
            except errors as error:
                failures.append(DocumentFailure(path, document_reason(error, path)))
                bar.message(f"error: {path}: {document_reason(error, path)}")
                continue
            except Exception as error:  # noqa: BLE001 - a bug in one extractor must not hide the others
                reason = f"extraction failed ({type(error).__name__}: {error})"
                failures.append(DocumentFailure(path, reason))
                bar.message(f"error: {path}: {reason}")
                continue
            if graph_iri in owners:
                reason = f"same plan key as {owners[graph_iri]} ({st.plan_key(graph_iri)})"
                failures.append(DocumentFailure(path, reason))
                bar.message(f"error: {path}: {reason}")
                continue
            owners[graph_iri] = path
            data = st.PlanData(graph_iri, st.rdflib_ntriples(graph), st.rdflib_ntriples(activity))
            bar.step(index, path.name, time.perf_counter() - started)
            yield data

    def refuse_if_failed() -> None:
        bar.done()
        if failures:
            raise BuildFailed(failures, len(documents), Path(store_dir))

    return st.build_store(
        Path(store_dir), references, plans(), links=links, dumps=dumps, before_swap=refuse_if_failed
    )


def _uriref(iri: str):
    from rdflib import URIRef

    return URIRef(iri)


def document_reason(error: BaseException, path: Path) -> str:
    """The reason a document failed, without the path the loaders put in front of it."""
    text = str(error) or type(error).__name__
    prefix = f"{path}: "
    return text[len(prefix) :] if text.startswith(prefix) else text
