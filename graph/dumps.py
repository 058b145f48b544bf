"""The dumps of a store, written from the N-Triples a build feeds to the bulk loader.

``<store>/dumps/`` holds ``biopolicy.nq`` (every named graph), ``plans.ttl`` and
``plans.jsonld`` (the plan graphs merged into one default graph) and ``void.ttl``. Reading a
500-plan store back for them (one ``store.dump``, two CONSTRUCTs, ≈ 62 k quads/s on disk) cost
twice the load itself (BENCHMARKS.md), so nothing here reads the store: a build hands each
graph's bytes to a :class:`DumpWriter`, which writes them in a thread while ``bulk_load`` runs,
and ``add``, ``remove``, ``link`` and incremental builds copy the unchanged byte ranges of the
previous dumps (:func:`update_dumps`), guided by ``<store>/dumps.index.json``.

Each file is made of *segments*, one per source graph (a reference graph, graph/links or a
plan with its load activity), then one *shared* block and a *tail*:

* a segment's block holds its graph's quads, and the graph/inferred super-class types and the
  graph/meta activity lines of the resources that belong to it alone;
* the lines several graphs may produce (an agency named by two plans of one city: its triples
  in plans.ttl, its inferred ``org:Organization``; the software agent of every load activity)
  go to the shared block once, with the segments that produced them recorded in the index, so
  removing a segment keeps a line that another one still states;
* the tail holds what is computed after the load: the ``skos:broader`` closure and the VoID
  description (graph/meta).

A resource belongs to a plan alone when its IRI carries the plan key as a path segment
(``id/task/<planKey>/3-1``, ``id/evidence/<planKey>/…``, ``id/load/<planKey>``; decision 0001)
or it is a blank node. So every quad of the store is written exactly once, as long as no plan's
graph states triples about another plan's resources (the emitter never does).
Lines keep the bytes the loaders wrote (rdflib's lexical forms, e.g. ``"4016.20"``); the store
holds Oxigraph's canonical forms of the same values.

>>> segment = make_segment("https://w3id.org/biopolicy/graph/plan/k", b"", b"", plan_key="k")
>>> (segment.nquads, segment.turtle, segment.shared_nquads)
(b'', b'', [])
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from biopolicy.loaders import namespaces as ns
from biopolicy.loaders.files import write_atomically

INDEX = "dumps.index.json"  # store.DUMPS_INDEX
INDEX_VERSION = 2  # 2: plans.jsonld compacted with ontology/context.jsonld
NQUADS_DUMP = "biopolicy.nq"
TURTLE_DUMP = "plans.ttl"
JSONLD_DUMP = "plans.jsonld"
VOID_DUMP = "void.ttl"
FILES = (NQUADS_DUMP, TURTLE_DUMP, JSONLD_DUMP)
DATA_PREFIXES = {p: ns.PREFIXES[p] for p in ("bp", "eli", "org", "prov", "skos", "dcterms", "oa", "foaf", "rdfs", "xsd")}
VOID_PREFIXES = {p: ns.PREFIXES[p] for p in ("void", "dcat", "dcterms", "prov", "sd", "foaf", "spdx", "rdfs", "owl", "xsd", "bp")}
TURTLE_HEADER = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in DATA_PREFIXES.items()).encode()


class DumpError(Exception):
    """The dump writer failed; the store being written is abandoned."""


# ---------------------------------------------------------------------------------------------
# Segments


@dataclass
class Segment:
    """One source graph's share of the dumps (see the module docstring)."""

    key: str
    nquads: bytes
    turtle: bytes = b""
    jsonld: bytes = b""  # the node objects of plans.jsonld's @graph array, without brackets
    shared_nquads: list[bytes] = field(default_factory=list)
    shared_ntriples: list[bytes] = field(default_factory=list)


def _subject_belongs_to(line: bytes, marker: bytes | None) -> bool:
    """Whether the line's subject is a blank node or an IRI with the path segment ``marker`` (``/<planKey>``)."""
    if marker is None:
        return False
    if line.startswith(b"_:"):
        return True
    end = line.find(b">")
    subject = line[1:end]
    position = subject.find(marker)
    while position >= 0:
        after = position + len(marker)
        if after == len(subject) or subject[after : after + 1] in (b"/", b"#"):
            return True
        position = subject.find(marker, position + 1)
    return False


def _lines(data: bytes) -> list[bytes]:
    return [line + b"\n" for line in data.split(b"\n") if line.strip() and not line.lstrip().startswith(b"#")]


def turtle_block(ntriples: bytes) -> bytes:
    """Turtle of N-Triples with the dumps' prefixes, without the ``@prefix`` lines (written once per file)."""
    if not ntriples:
        return b""
    data = ox.serialize(ox.parse(ntriples, ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=DATA_PREFIXES)
    return data[len(TURTLE_HEADER) :] if data.startswith(TURTLE_HEADER) else data


def jsonld_block(ntriples: bytes) -> bytes:
    """The node objects of N-Triples compacted with the data's ``@context``, without ``@graph``'s brackets."""
    if not ntriples:
        return b""
    from biopolicy.graph import formats  # formats imports the store, which imports this module

    return formats.jsonld_node_lines(ox.parse(ntriples, ox.RdfFormat.N_TRIPLES))


def make_segment(
    graph_iri: str, graph_nquads: bytes, inferred_nquads: bytes, *, plan_key: str | None = None,
    plan_ntriples: bytes = b"", meta_nquads: bytes = b"",
) -> Segment:
    """The segment of one graph: its quads, and its inferred and meta lines split into its own and shared.

    ``plan_key`` is given for a plan graph: its triples then also go to plans.ttl and plans.jsonld.
    """
    marker = f"/{plan_key}".encode() if plan_key else None
    own: list[bytes] = []
    seen: set[bytes] = set()
    shared_nquads: list[bytes] = []
    for line in _lines(inferred_nquads) + _lines(meta_nquads):
        if line in seen:
            continue
        seen.add(line)
        (own if _subject_belongs_to(line, marker) else shared_nquads).append(line)
    turtle = jsonld = b""
    shared_ntriples: list[bytes] = []
    if plan_key is not None and plan_ntriples:
        private = []
        for line in dict.fromkeys(_lines(plan_ntriples)):
            (private if _subject_belongs_to(line, marker) else shared_ntriples).append(line)
        data = b"".join(private)
        turtle, jsonld = turtle_block(data), jsonld_block(data)
    # dict.fromkeys: a graph's bytes may state a triple twice (the store keeps it once)
    nquads = b"".join(dict.fromkeys(_lines(graph_nquads)))
    return Segment(graph_iri, nquads + b"".join(own), turtle, jsonld, shared_nquads, shared_ntriples)


# ---------------------------------------------------------------------------------------------
# The shared lines and who states them


class SharedLines:
    """Lines stated by several segments, each kept once, with the segments that state it."""

    def __init__(self) -> None:
        self.nquads: dict[str, set[bytes]] = {}
        self.ntriples: dict[str, set[bytes]] = {}

    def add(self, segment: Segment) -> None:
        if segment.shared_nquads:
            self.nquads[segment.key] = set(segment.shared_nquads)
        if segment.shared_ntriples:
            self.ntriples[segment.key] = set(segment.shared_ntriples)

    def drop(self, key: str) -> None:
        self.nquads.pop(key, None)
        self.ntriples.pop(key, None)

    @staticmethod
    def _union(owners: dict[str, set[bytes]]) -> list[bytes]:
        lines: set[bytes] = set()
        for owned in owners.values():
            lines |= owned
        return sorted(lines)

    def nquads_block(self) -> bytes:
        return b"".join(self._union(self.nquads))

    def ntriples_block(self) -> bytes:
        return b"".join(self._union(self.ntriples))

    def to_json(self) -> dict:
        table: dict[bytes, int] = {}

        def ids(lines: set[bytes]) -> list[int]:
            return sorted(table.setdefault(line, len(table)) for line in lines)

        nquads = {key: ids(lines) for key, lines in self.nquads.items()}
        ntriples = {key: ids(lines) for key, lines in self.ntriples.items()}
        return {"lines": [line.decode() for line in table], "nquads": nquads, "ntriples": ntriples}

    @classmethod
    def from_json(cls, data: dict) -> SharedLines:
        shared = cls()
        lines = [line.encode() for line in data["lines"]]
        shared.nquads = {key: {lines[i] for i in ids} for key, ids in data["nquads"].items()}
        shared.ntriples = {key: {lines[i] for i in ids} for key, ids in data["ntriples"].items()}
        return shared


# ---------------------------------------------------------------------------------------------
# The files


class _Files:
    """The three dump files being written, with the byte range of every segment."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.handles = {name: open(directory / name, "wb") for name in FILES}  # noqa: SIM115 - closed in close()
        self.handles[TURTLE_DUMP].write(TURTLE_HEADER)
        self.handles[JSONLD_DUMP].write(_jsonld_header())
        self.jsonld_empty = True
        self.parts: dict[str, dict[str, list[int]]] = {}

    def _put(self, name: str, data: bytes) -> list[int]:
        handle = self.handles[name]
        if name == JSONLD_DUMP and data:
            if not self.jsonld_empty:
                handle.write(b",\n")
            self.jsonld_empty = False
        offset = handle.tell()
        handle.write(data)
        return [offset, len(data)]

    def write(self, segment: Segment) -> None:
        self.parts[segment.key] = {
            NQUADS_DUMP: self._put(NQUADS_DUMP, segment.nquads),
            TURTLE_DUMP: self._put(TURTLE_DUMP, segment.turtle),
            JSONLD_DUMP: self._put(JSONLD_DUMP, segment.jsonld),
        }

    def copy(self, key: str, old_directory: Path, ranges: dict[str, list[int]]) -> None:
        """Copy one segment's byte ranges from the previous dumps (in the kernel where it can)."""
        parts = {}
        for name in FILES:
            offset, length = ranges[name]
            handle = self.handles[name]
            if name == JSONLD_DUMP and length:
                if not self.jsonld_empty:
                    handle.write(b",\n")
                self.jsonld_empty = False
            handle.flush()
            parts[name] = [handle.tell(), length]
            with open(old_directory / name, "rb") as source:
                _copy_range(source, handle, offset, length)
        self.parts[key] = parts

    def close(self, shared: SharedLines, tail_nquads: bytes, description: list[ox.Triple]) -> dict:
        shared_ntriples = shared.ntriples_block()
        self._put(NQUADS_DUMP, shared.nquads_block())
        self._put(TURTLE_DUMP, turtle_block(shared_ntriples))
        self._put(JSONLD_DUMP, jsonld_block(shared_ntriples))
        self._put(NQUADS_DUMP, tail_nquads)
        self.handles[JSONLD_DUMP].write(_jsonld_footer())
        for handle in self.handles.values():
            handle.close()
        write_void(self.directory, description)
        return {
            "version": INDEX_VERSION,
            "sizes": {name: (self.directory / name).stat().st_size for name in FILES},
            "order": list(self.parts),
            "parts": self.parts,
            "shared": shared.to_json(),
        }

    def abandon(self) -> None:
        for handle in self.handles.values():
            handle.close()


def _copy_range(source, target, offset: int, length: int) -> None:
    target.flush()
    remaining = length
    position = offset
    try:
        while remaining:
            copied = os.copy_file_range(source.fileno(), target.fileno(), remaining, position)
            if copied == 0:
                raise DumpError(f"{source.name} is shorter than its index says")
            position += copied
            remaining -= copied
    except (AttributeError, OSError):
        source.seek(position)
        while remaining:
            chunk = source.read(min(remaining, 1 << 24))
            if not chunk:
                raise DumpError(f"{source.name} is shorter than its index says") from None
            target.write(chunk)
            remaining -= len(chunk)
    target.seek(0, os.SEEK_END)


def _jsonld_header() -> bytes:
    from biopolicy.graph import formats

    return formats.jsonld_header()


def _jsonld_footer() -> bytes:
    from biopolicy.graph import formats

    return formats.JSONLD_FOOTER


# ---------------------------------------------------------------------------------------------
# void.ttl: the description of graph/meta, and the size and SHA-256 of each data dump
#
# graph/meta is itself in biopolicy.nq, so it cannot state that file's checksum (writing it would
# change it). The sizes and checksums are therefore added to void.ttl alone, once the data dumps
# are closed; void.ttl is described as a distribution too, without a checksum of itself
# (decision 0019).


def file_digest(path: Path) -> tuple[int, str]:
    """``(byte size, SHA-256 hex)`` of a file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def checksum_triples(description: Iterable[ox.Triple], directory: Path) -> list[ox.Triple]:
    """``dcat:byteSize`` and ``spdx:checksum`` of every described distribution whose file is a data dump.

    A distribution names its file by ``dcat:downloadURL`` ending in ``/dumps/<file>``; void.ttl is
    never given one (it would have to contain its own checksum).
    """
    download = ox.NamedNode(ns.DCAT + "downloadURL")
    triples = []
    for triple in description:
        if triple.predicate != download or not isinstance(triple.object, ox.NamedNode):
            continue
        name = triple.object.value.rsplit("/", 1)[-1]
        if name not in FILES or not (Path(directory) / name).is_file():
            continue
        size, sha256 = file_digest(Path(directory) / name)
        checksum = ox.NamedNode(triple.subject.value + "/checksum")
        triples += [
            ox.Triple(triple.subject, ox.NamedNode(ns.DCAT + "byteSize"),
                      ox.Literal(str(size), datatype=ox.NamedNode(ns.XSD + "nonNegativeInteger"))),
            ox.Triple(triple.subject, ox.NamedNode(ns.SPDX + "checksum"), checksum),
            ox.Triple(checksum, ox.NamedNode(ns.RDF + "type"), ox.NamedNode(ns.SPDX + "Checksum")),
            ox.Triple(checksum, ox.NamedNode(ns.SPDX + "algorithm"), ox.NamedNode(ns.SPDX + "checksumAlgorithm_sha256")),
            ox.Triple(checksum, ox.NamedNode(ns.SPDX + "checksumValue"),
                      ox.Literal(sha256, datatype=ox.NamedNode(ns.XSD + "hexBinary"))),
        ]
    return triples


def void_turtle(description: Iterable[ox.Triple], directory: Path | None = None) -> bytes:
    """The description as Turtle, with the checksums of the data dumps in ``directory`` when given."""
    description = list(description)
    extra = checksum_triples(description, directory) if directory is not None else []
    return ox.serialize(description + extra, format=ox.RdfFormat.TURTLE, prefixes=VOID_PREFIXES)


def write_void(directory: Path, description: Iterable[ox.Triple]) -> Path:
    """Write ``void.ttl`` after the data dumps it checksums are complete."""
    path = Path(directory) / VOID_DUMP
    path.write_bytes(void_turtle(description, directory))
    return path


def write_index(store_dir: Path, index: dict) -> None:
    write_atomically(Path(store_dir) / INDEX, json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def read_index(store_dir: Path) -> dict | None:
    """The dumps index of a store if it describes the dump files there exactly, else ``None``."""
    path = Path(store_dir) / INDEX
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("version") != INDEX_VERSION:
        return None
    dumps_dir = Path(store_dir) / "dumps"
    for name, size in index.get("sizes", {}).items():
        file = dumps_dir / name
        if not file.is_file() or file.stat().st_size != size:
            return None
    return index


# ---------------------------------------------------------------------------------------------
# Writing while the bulk loader reads


class DumpWriter:
    """Writes the dumps of a build from each graph's bytes, in a thread, as the build streams them."""

    def __init__(self, dumps_dir: Path) -> None:
        self.files = _Files(Path(dumps_dir))
        self.shared = SharedLines()
        self.queue: queue.Queue = queue.Queue(maxsize=16)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="dump-writer", daemon=True)
        self.thread.start()

    def add(self, graph_iri: str, graph_nquads: bytes, inferred_nquads: bytes, *, plan_key: str | None = None,
            plan_ntriples: bytes = b"", meta_nquads: bytes = b"") -> None:
        if self.error is not None:
            raise DumpError(f"writing the dumps failed: {self.error}") from self.error
        self.queue.put((graph_iri, graph_nquads, inferred_nquads, plan_key, plan_ntriples, meta_nquads))

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue  # keep draining, so that a producer never blocks on a full queue
            graph_iri, graph_nquads, inferred, plan_key, plan_ntriples, meta = item
            try:
                segment = make_segment(graph_iri, graph_nquads, inferred, plan_key=plan_key,
                                       plan_ntriples=plan_ntriples, meta_nquads=meta)
                self.files.write(segment)
                self.shared.add(segment)
            except BaseException as error:  # noqa: BLE001 - reported by add() or finish()
                self.error = error

    def finish(self, tail_nquads: bytes, description: list[ox.Triple]) -> dict:
        """Write the shared block, the tail and void.ttl; the index of what was written."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            self.files.abandon()
            raise DumpError(f"writing the dumps failed: {self.error}") from self.error
        return self.files.close(self.shared, tail_nquads, description)

    def abandon(self) -> None:
        if self.thread.is_alive():
            self.error = self.error or DumpError("abandoned")
            self.queue.put(None)
            self.thread.join()
        self.files.abandon()


# ---------------------------------------------------------------------------------------------
# Changing a few segments


def update_dumps(old_store_dir: Path, index: dict, dumps_dir: Path, removed: Iterable[str],
                 segments: Iterable[Segment], tail_nquads: bytes, description: list[ox.Triple]) -> dict:
    """New dumps in ``dumps_dir``: the old ones without the ``removed`` segments, plus ``segments``."""
    new = list(segments)
    dropped = set(removed) | {segment.key for segment in new}
    shared = SharedLines.from_json(index["shared"])
    files = _Files(Path(dumps_dir))
    old_dumps = Path(old_store_dir) / "dumps"
    try:
        for key in index["order"]:
            if key in dropped:
                shared.drop(key)
            else:
                files.copy(key, old_dumps, index["parts"][key])
        for segment in new:
            files.write(segment)
            shared.add(segment)
    except BaseException:
        files.abandon()
        raise
    return files.close(shared, tail_nquads, description)
