"""What the endpoint publishes besides queries: the dataset description, the dumps, the JSON-LD
context and the ontology (decision 0019).

::

    GET /.well-known/void     the VoID/DCAT description (void.ttl), its IRIs moved to this server's
                              address; Turtle, N-Triples, JSON-LD or RDF/XML by Accept
    GET /dumps/NAME           a dump file of the store (biopolicy.nq, plans.ttl, plans.jsonld, void.ttl),
                              streamed, with its media type, Content-Length and ETag (its SHA-256)
    GET /context.jsonld       ontology/context.jsonld, the @context of every JSON-LD answer and dump
    GET /ontology             the pyLODE page (``make docs``) for browsers; Turtle (ontology/biopolicy.ttl),
                              RDF/XML (ontology/biopolicy.owl), JSON-LD or N-Triples for RDF clients

A dump is named by an exact file name from a fixed list: no part of the request path ever becomes
part of a file path, so ``..``, escapes and slashes reach nothing. Nothing here reads the store's
database; the dump files are opened once per request and streamed from that handle, so a writer
swapping the store meanwhile changes nothing in an answer under way.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from biopolicy.graph import formats
from biopolicy.graph import store as st
from biopolicy.loaders import resources

VOID_ROUTE = "/.well-known/void"
DUMPS_ROUTE = "/dumps/"
CONTEXT_ROUTE = "/context.jsonld"
ONTOLOGY_ROUTE = "/ontology"
# The dump files and their media types; nothing else under the store is ever served.
DUMP_MEDIA_TYPES = {
    st.NQUADS_DUMP: "application/n-quads",
    st.TURTLE_DUMP: "text/turtle; charset=utf-8",
    st.JSONLD_DUMP: "application/ld+json",
    st.VOID_DUMP: "text/turtle; charset=utf-8",
}
DEFAULT_ONTOLOGY_DOCS = Path("docs/ontology")  # where ``make docs`` writes the pyLODE page
# The pyLODE page inlines its style sheet and images; it runs no script.
ONTOLOGY_PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
CHUNK = 1 << 20


# ---------------------------------------------------------------------------------------------
# The dumps


def dump_file(store_dir: Path, name: str) -> Path | None:
    """The dump called exactly ``name`` (one of :data:`DUMP_MEDIA_TYPES`), or ``None``.

    >>> dump_file(Path("b"), "plans.ttl"), dump_file(Path("b"), "../sources.json"), dump_file(Path("b"), "")
    (PosixPath('b/dumps/plans.ttl'), None, None)
    """
    return Path(store_dir) / st.DUMPS / name if name in DUMP_MEDIA_TYPES else None


@dataclass(frozen=True)
class OpenDump:
    """A dump opened for one answer: its handle, size and SHA-256 (the ETag)."""

    handle: object
    size: int
    sha256: str
    media_type: str


class DigestCache:
    """SHA-256 of files by identity (device, inode, mtime, size): each dump is hashed once per version."""

    def __init__(self) -> None:
        self._digests: dict[tuple, str] = {}
        self._lock = threading.Lock()

    def digest(self, handle) -> tuple[int, str]:
        stat = os.fstat(handle.fileno())
        key = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._digests.get(key)
        if known is None:
            digest = hashlib.sha256()
            position = 0
            while block := os.pread(handle.fileno(), CHUNK, position):
                digest.update(block)
                position += len(block)
            known = digest.hexdigest()
            with self._lock:
                self._digests = {k: v for k, v in self._digests.items() if k[:2] != key[:2]} | {key: known}
        return stat.st_size, known


def open_dump(store_dir: Path, name: str, digests: DigestCache) -> OpenDump | None:
    """The dump ``name`` opened for reading, or ``None`` when it is not a dump or not there."""
    path = dump_file(store_dir, name)
    if path is None:
        return None
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the handler once streamed
    except OSError:
        return None
    size, sha256 = digests.digest(handle)
    return OpenDump(handle, size, sha256, DUMP_MEDIA_TYPES[name])


def etag_matches(header: str | None, sha256: str) -> bool:
    """Whether ``If-None-Match`` names this entity tag (or ``*``).

    >>> etag_matches('"ab", "cd"', "cd"), etag_matches('W/"cd"', "cd"), etag_matches(None, "cd")
    (True, True, False)
    """
    if not header:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or f'"{sha256}"' in tags


# ---------------------------------------------------------------------------------------------
# The description, as served


def served_description(store_dir: Path, base_url: str) -> list[ox.Triple]:
    """void.ttl with the address it names for the endpoint and dumps replaced by ``base_url``.

    The store names the base it was written with (``$BIOPOLICY_BASE_URL``); a server reached at
    another address describes itself, so that every URL in the answer can be fetched from it.
    Raises ``OSError`` when the store has no void.ttl.
    """
    path = Path(store_dir) / st.DUMPS / st.VOID_DUMP
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    endpoint = ox.NamedNode(st.VOID + "sparqlEndpoint")
    written = next((t.object.value for t in triples if t.predicate == endpoint and isinstance(t.object, ox.NamedNode)),
                   None)
    if written is None or not written.endswith("sparql") or written == base_url + "sparql":
        return triples
    old = written[: -len("sparql")]

    def moved(term):
        if isinstance(term, ox.NamedNode) and term.value.startswith(old):
            return ox.NamedNode(base_url + term.value[len(old) :])
        return term

    return [ox.Triple(moved(t.subject), t.predicate, moved(t.object)) for t in triples]


# ---------------------------------------------------------------------------------------------
# The JSON-LD context and the ontology


def context_document() -> bytes:
    return (resources.ontology_dir() / formats.CONTEXT_FILE).read_bytes()


def ontology_page(docs_dir: Path | None) -> bytes | None:
    """The pyLODE page ``make docs`` wrote (``docs_dir/index.html``), or ``None`` when there is none."""
    if docs_dir is None:
        return None
    try:
        return (Path(docs_dir) / "index.html").read_bytes()
    except OSError:
        return None


def ontology_rdf(fmt: formats.GraphFormat) -> bytes:
    """The ontology in ``fmt``: the shipped Turtle and RDF/XML files as they are, the others converted."""
    directory = resources.ontology_dir()
    if fmt.rdf == ox.RdfFormat.TURTLE:
        return (directory / "biopolicy.ttl").read_bytes()
    if fmt.rdf == ox.RdfFormat.RDF_XML:
        return (directory / "biopolicy.owl").read_bytes()
    triples = list(ox.parse(path=str(directory / "biopolicy.ttl"), format=ox.RdfFormat.TURTLE))
    return formats.write_triples(triples, fmt)
