"""Canned answers materialised when the store is written, and kept with it in ``<store>/answers/``.

Every canned query (``queries/*.rq``, its default parameters) is run on the new store before it
is swapped in, and its answer written in every format ``biopolicy query`` writes
(``<name>.srj``, ``.srx``, ``.csv``, ``.tsv`` and the table, ``.txt``), byte for byte what the
live query would give, with ``manifest.json`` recording for each query its text, variables, row
count and the triple patterns it reads. Reading a 17.8 k-row answer takes 28 ms where running
the listing takes seconds at 500 plans (BENCHMARKS.md), so ``biopolicy query NAME`` answers from
here (:func:`lookup`), and the endpoint can too (:func:`recognise` finds a canned query by name
or by its text with comments and spacing normalised).

An answer is served only if it is the store's own: the files are written in the new store's
directory and swapped in with it; the manifest records the names and sizes of the database
files (any later write changes them) and a fingerprint of the code that writes the formats;
and the query's text must be today's. Otherwise :func:`lookup` answers ``None``: run it live.

After ``add``, ``remove``, ``link`` or an incremental build, only the answers that can have
changed are recomputed; the others are hard links to the previous store's files. An answer can
have changed only if a quad added or removed matches one of the query's triple patterns (a
constant subject, predicate, object or graph must be equal; a variable matches anything), or
the set of named graphs changed and the query ranges over ``GRAPH ?g``. The patterns come from
rdflib's SPARQL algebra: every basic graph pattern, each step of a property path, the patterns
inside ``FILTER EXISTS`` and sub-queries. A variable predicate, a negated path, a zero-length
path between two variables, ``SERVICE`` or a function whose value changes by itself (``NOW``,
``RAND``, ``UUID``, ``BNODE``…) make a query depend on everything.

>>> normalise('SELECT ?x  # the plans\\nWHERE { ?x a <https://w3id.org/biopolicy/ontology#Plan> }')
'SELECT ?x WHERE { ?x a <https://w3id.org/biopolicy/ontology#Plan> }'
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from biopolicy.graph import formats
from biopolicy.graph import query as q

ANSWERS = "answers"
NAME = re.compile(r"[A-Za-z0-9_-]+")
MANIFEST = "manifest.json"
VERSION = 1
ANALYSIS_VERSION = 2  # of query_dependencies(): part of its cache key
# Excel's CSV is the CSV after a byte-order mark: read from the CSV file, not stored twice.
FORMATS = tuple(name for name in formats.CLI_FORMATS if name != "excel")
# Below this many plans the answers are computed in the writing process (a pool costs more).
POOL_FROM_PLANS = 20


# ---------------------------------------------------------------------------------------------
# Query text


TOKEN = re.compile(
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)|(?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\')'
    r'|(?P<string>"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')|(?P<comment>#[^\n]*)|(?P<space>\s+)'
    # a run of characters that start no other token: the same output as one character at a time, 2.6× faster
    r'|(?P<other>[^\s<"\'#]+|.)',
    re.DOTALL,
)


def normalise(text: str) -> str:
    """A query's text without comments and with each run of white space one space (IRIs and strings kept)."""
    out: list[str] = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("comment", "space"):
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(match.group())
    return "".join(out).strip()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# What a query reads


@dataclass
class Dependencies:
    """The triple patterns a query reads: ``(graph, subject, predicate, object)``, ``None`` a wildcard."""

    patterns: list[tuple[str | None, str | None, str | None, str | None]] = field(default_factory=list)
    graphs: bool = False  # ranges over GRAPH ?g: depends on which named graphs exist
    everything: bool = False

    def to_json(self) -> dict:
        return {"analysis": ANALYSIS_VERSION, "patterns": [list(p) for p in self.patterns], "graphs": self.graphs,
                "everything": self.everything}

    @classmethod
    def from_json(cls, data: dict | None) -> Dependencies | None:
        """The dependencies recorded, if this version of the analysis recorded them."""
        if not data or data.get("analysis") != ANALYSIS_VERSION:
            return None
        return cls([tuple(p) for p in data["patterns"]], data["graphs"], data["everything"])

    def affected_by(self, quads: Iterable, graphs_changed: bool) -> bool:
        if self.everything or (self.graphs and graphs_changed):
            return True
        by_predicate: dict[str | None, list] = {}
        for pattern in self.patterns:
            by_predicate.setdefault(pattern[2], []).append(pattern)
        anything = by_predicate.get(None, [])
        for quad in quads:
            graph = getattr(quad.graph_name, "value", None)
            subject, obj = getattr(quad.subject, "value", None), getattr(quad.object, "value", None)
            for g, s, _p, o in by_predicate.get(quad.predicate.value, []) + anything:
                if (g is None or g == graph) and (s is None or s == subject) and (o is None or o == obj):
                    return True
        return False


VOLATILE = re.compile(r"Builtin_(NOW|RAND|UUID|STRUUID|BNODE)$")
PARSED = ("GroupGraphPatternSub", "TriplesBlock", "GroupOrUnionGraphPattern", "GraphGraphPattern")


def query_dependencies(text: str) -> Dependencies:
    """The patterns of a query's algebra (rdflib's parser: ≈ 0.1 s a query; see :func:`cached_dependencies`)."""
    from rdflib import URIRef, Variable
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.algebra import translateGroupGraphPattern
    from rdflib.plugins.sparql.parserutils import CompValue

    dependencies = Dependencies()

    def iri(node) -> str | None:
        return str(node) if isinstance(node, URIRef) else None

    def path_steps(path, graph, s, o) -> None:
        if isinstance(path, URIRef):
            dependencies.patterns.append((graph, None, str(path), None))
        elif isinstance(path, (SequencePath, AlternativePath)):
            for part in path.args:
                path_steps(part, graph, None, None)
        elif isinstance(path, InvPath):
            path_steps(path.arg, graph, None, None)
        elif isinstance(path, MulPath):
            if path.zero and s is None and o is None:
                dependencies.everything = True  # a zero-length path matches every node of the graph
            path_steps(path.path, graph, None, None)
        else:  # a negated property set, or a kind of path this does not know: any predicate
            dependencies.everything = True

    def walk(node, graph: str | None) -> None:
        if isinstance(node, CompValue):
            name = node.name
            if VOLATILE.match(name) or name == "ServiceGraphPattern":
                dependencies.everything = True
            if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS") and getattr(node.get("graph"), "name", "") in PARSED:
                # rdflib leaves a FILTER's (NOT) EXISTS pattern untranslated until it evaluates it
                walk(translateGroupGraphPattern(node["graph"]), graph)
                return
            if name in PARSED or name == "pname":
                dependencies.everything = True  # a form this walk does not read: assume the worst
            if name == "Graph":
                term = node.get("term")
                if isinstance(term, URIRef):
                    walk(node.get("p"), str(term))
                else:
                    dependencies.graphs = True
                    walk(node.get("p"), None)
                return
            if name == "BGP":
                for s, p, o in node.get("triples", []):
                    if isinstance(p, Variable):
                        dependencies.everything = True
                    elif isinstance(p, URIRef):
                        dependencies.patterns.append((graph, iri(s), str(p), iri(o)))
                    else:
                        path_steps(p, graph, iri(s), iri(o))
            for key, value in node.items():
                if not key.startswith("_"):
                    walk(value, graph)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item, graph)

    walk(prepareQuery(text).algebra, None)
    dependencies.patterns = sorted(set(dependencies.patterns), key=lambda p: tuple(x or "" for x in p))
    return dependencies


def cached_dependencies(text: str) -> Dependencies:
    """:func:`query_dependencies`, remembered in the extraction cache's folder (they depend on the text alone)."""
    from biopolicy.graph.extraction_cache import default_directory

    key = text_digest(f"{ANALYSIS_VERSION}\n{text}")
    path = default_directory() / "query-patterns" / f"{key}.json"
    try:
        recorded = Dependencies.from_json(json.loads(path.read_text(encoding="utf-8")))
        if recorded is not None:
            return recorded
    except (OSError, ValueError, KeyError, TypeError):
        pass
    dependencies = query_dependencies(text)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(dependencies.to_json()), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
    return dependencies


# ---------------------------------------------------------------------------------------------
# Guards: the store's own answers, written by today's code


@cache
def engine_fingerprint() -> str:
    """The code that turns a store's solutions into answer bytes: pyoxigraph, graph/query.py, graph/formats.py.

    Once per process: it is the code this process runs that must be the code that wrote the answers.
    """
    from importlib.metadata import version

    digest = hashlib.sha256(f"pyoxigraph {version('pyoxigraph')}\n".encode())
    for module in (formats, q):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def database_files(store_dir: Path) -> dict[str, int]:
    """Names and sizes of the database files: any write to the store changes them."""
    from biopolicy.graph import store as st

    directory = st.database_path(store_dir)
    return {entry.name: entry.stat().st_size for entry in os.scandir(directory) if entry.is_file()}


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class Answer:
    """A materialised answer: :meth:`read` gives the bytes of one format."""

    directory: Path
    name: str
    variables: list[str]
    rows: int
    seconds: float  # how long the live query took when it was materialised
    files: dict[str, str]

    def path(self, fmt: str) -> Path:
        return self.directory / self.files[fmt]

    def read(self, fmt: str) -> bytes:
        if fmt == "excel":
            return formats.UTF8_BOM + self.path("csv").read_bytes()
        return self.path(fmt).read_bytes()


def read_manifest(store_dir: Path) -> dict | None:
    try:
        manifest = json.loads((Path(store_dir) / ANSWERS / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("version") == VERSION else None


def recognise(text_or_name: str, queries_dir: Path | None = None) -> str | None:
    """The canned query called ``text_or_name``, or whose text (normalised) it is; else ``None``.

    A request that sends a canned query's text (with or without its comment header) is that
    query with its default parameters.
    """
    directory = Path(queries_dir or q.QUERIES_DIR)
    if NAME.fullmatch(text_or_name):
        return text_or_name if (directory / f"{text_or_name}.rq").is_file() else None
    return recognise_text(text_or_name, queries_dir)


def recognise_text(text: str, queries_dir: Path | None = None) -> str | None:
    """The canned query whose text, normalised, is ``text`` normalised; else ``None``.

    Never by name: for the endpoint, where the text ``plans`` is a query (a syntax error), not
    the query called ``plans``. The normalised catalogue is kept while no ``.rq`` file changes.
    """
    directory = Path(queries_dir or q.QUERIES_DIR)
    return _normalised_catalogue(directory, _catalogue_stamp(directory)).get(normalise(text))


def _catalogue_stamp(directory: Path) -> tuple:
    try:
        return tuple(sorted((entry.name, entry.stat().st_mtime_ns, entry.stat().st_size)
                            for entry in os.scandir(directory) if entry.name.endswith(".rq")))
    except OSError:
        return ()


@lru_cache(maxsize=4)
def _normalised_catalogue(directory: Path, _stamp: tuple) -> dict[str, str]:
    """``{normalised text: name}`` of the canned queries in ``directory`` as ``_stamp`` found them."""
    return {normalise(canned.text): canned.name for canned in q.catalogue(directory)}


def lookup(store_dir: Path, text_or_name: str, queries_dir: Path | None = None) -> Answer | None:
    """The materialised answer of a canned query (by name or text) in ``store_dir``, if it is current.

    ``None`` (run it live) when the query is not canned, was edited since the build, the store
    was written by other means since, or the answer formats' code changed.
    """
    name = recognise(text_or_name, queries_dir)
    return None if name is None else current_answer(store_dir, name, queries_dir)


def current_answer(store_dir: Path, name: str, queries_dir: Path | None = None) -> Answer | None:
    """The materialised answer of the canned query ``name`` in ``store_dir``; ``None`` unless it is current."""
    manifest = read_manifest(store_dir)
    if manifest is None or manifest.get("engine") != engine_fingerprint():
        return None
    entry = manifest["queries"].get(name)
    canned = q.load_query(name, queries_dir)
    if entry is None or entry["text_sha256"] != text_digest(canned.text):
        return None
    try:
        if manifest["database"] != database_files(store_dir):
            return None
    except OSError:
        return None
    return Answer(Path(store_dir) / ANSWERS, name, entry["variables"], entry["rows"], entry["seconds"], entry["files"])


# ---------------------------------------------------------------------------------------------
# Writing


_STORES: dict[str, object] = {}


def compute_answer(database: str, directory: str, name: str, text: str) -> dict:
    """Run one canned query on the store at ``database`` and write its answer files (in a worker)."""
    import pyoxigraph as ox

    store = _STORES.get(database)
    if store is None:
        store = _STORES[database] = ox.Store.read_only(database)
    results = q.run_on_store(store, text)
    files = {}
    for fmt in FORMATS:
        chosen = formats.result_format(fmt)
        data = q.render(results, fmt)
        filename = f"{name}.{chosen.extension}"
        temporary = Path(directory) / f".{filename}.{os.getpid()}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, Path(directory) / filename)  # replaces a hard link, never writes through it
        files[fmt] = filename
    return {"variables": results.variables, "rows": len(results.rows), "seconds": results.seconds, "files": files}


@dataclass
class Changes:
    """What a write changed: every quad added or removed, and whether named graphs appeared or went."""

    quads: set = field(default_factory=set)
    graphs_changed: bool = False


@dataclass
class MaterialiseReport:
    computed: list[str]
    kept: list[str]
    seconds: float


def materialise(
    new_dir: Path, *, plans: int, previous_dir: Path | None = None, changes: Changes | None = None,
    workers: int | None = None, queries_dir: Path | None = None,
) -> MaterialiseReport:
    """Write the answers of every canned query into ``new_dir/answers`` (the store there is closed).

    With ``previous_dir`` and ``changes``, answers of the previous store that ``changes`` cannot
    affect are kept (their files are already in ``new_dir``, hard-linked by the copy).
    """
    from biopolicy.graph import store as st

    started = time.perf_counter()
    directory = Path(new_dir) / ANSWERS
    directory.mkdir(exist_ok=True)
    engine = engine_fingerprint()
    previous = read_manifest(previous_dir) if previous_dir is not None else None
    if previous is not None and previous.get("engine") != engine:
        previous = None
    catalogue = q.catalogue(queries_dir)
    entries: dict[str, dict] = {}
    to_compute = []
    for canned in catalogue:
        digest = text_digest(canned.text)
        old = (previous or {}).get("queries", {}).get(canned.name)
        if old is not None and old["text_sha256"] == digest and changes is not None:
            dependencies = Dependencies.from_json(old.get("depends")) or cached_dependencies(canned.text)
            if not dependencies.affected_by(changes.quads, changes.graphs_changed) and all(
                (directory / filename).is_file() for filename in old["files"].values()
            ):
                entries[canned.name] = {**old, "depends": dependencies.to_json()}
                continue
        to_compute.append(canned)
    kept = sorted(entries)
    database = str(st.database_path(new_dir))
    previous_seconds = {name: entry.get("seconds", 0.0) for name, entry in (previous or {}).get("queries", {}).items()}
    # Slowest first: a pool finishes sooner when the long queries do not come last.
    to_compute.sort(key=lambda canned: -previous_seconds.get(canned.name, 0.0))
    jobs = [(database, str(directory), canned.name, canned.text) for canned in to_compute]
    if workers is None:
        workers = (os.cpu_count() or 1) if plans >= POOL_FROM_PLANS else 1
    if workers > 1 and len(jobs) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(compute_answer, *zip(*jobs, strict=True)))
    else:
        results = [compute_answer(*job) for job in jobs]
        _STORES.pop(database, None)
    for canned, result in zip(to_compute, results, strict=True):
        entries[canned.name] = {**result, "text_sha256": text_digest(canned.text), "depends": None}
    wanted = {f for entry in entries.values() for f in entry["files"].values()} | {MANIFEST}
    for path in directory.iterdir():
        if path.name not in wanted:
            path.unlink()
    manifest = {"version": VERSION, "engine": engine, "database": database_files(new_dir),
                "queries": dict(sorted(entries.items()))}
    temporary = directory / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, directory / MANIFEST)
    return MaterialiseReport(sorted(entries.keys() - set(kept)), kept, time.perf_counter() - started)
