"""A query worker's main and what it runs: guard, query, serialise; describe a resource.

The pool starts each worker as a fresh interpreter that imports this module and nothing of the
server: not the HTTP handler, not the pages, not the pool. rdflib comes in with
:mod:`graph.sparql_guard`, which the worker runs on queries that name ``SERVICE`` or ``FROM``.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from biopolicy.graph import formats
from biopolicy.graph import store as st
from biopolicy.graph.endpoint.jobs import (
    Answer,
    DescribeJob,
    FactSummary,
    QueryJob,
    ResourceView,
    UpdateJob,
    message,
    out_of_memory,
    too_many,
)
from biopolicy.graph.endpoint.negotiation import describe_formats, negotiate
from biopolicy.graph.endpoint.sandbox import cap_address_space, sandbox_network
from biopolicy.graph.sparql_text import star_projection_order
from biopolicy.loaders import namespaces as ns

MAX_INCOMING = 500
MAX_FACTS = 300  # facts summarised inline on one resource page
# A fact's words as written, when it has no label of its own (a target's indicator, an agency as named…).
FACT_LABEL_PREDICATES = tuple(st.BP + name for name in ("indicatorPhrase", "agencyAsWritten", "recipient", "nameAsWritten"))
FACT_VALUE_PREDICATES = tuple(st.BP + name for name in ("value", "maxAmount", "minAmount"))
# Oxigraph parses and evaluates recursively, on the calling thread's stack: 8 MB overflowed (SIGSEGV)
# at 10,000 nested braces or a chain of 10,000 `+`, `||`, UNION or BIND (issue #12). Jobs run on a
# thread with this stack instead (address space reserved, touched only as deep as a query goes):
# the deepest text of MAX_QUERY_CHARS needs ~210 MB. The guard refuses brackets nested deeper than
# sparql_guard.MAX_NESTING before any parse; this stack is for what nesting does not count.
QUERY_STACK_MB = 512
# rdflib's grammar recurses ~40 frames per bracket: room for MAX_NESTING on the query stack
QUERY_RECURSION_LIMIT = 20_000
LABEL_PREDICATES = (st.SKOS + "prefLabel", st.RDFS + "label", st.DCTERMS + "title", "http://xmlns.com/foaf/0.1/name")


class _OpenStore:
    """The store of one worker, reopened when a writer has swapped in a new one."""

    def __init__(self, store_dir: Path, in_memory: bool = False):
        self.store_dir = store_dir
        self.in_memory = in_memory
        self.store = self._open()
        self.inode = self._inode()

    def _open(self) -> ox.Store:
        """The store read-only on disk, or a copy of it in memory (its N-Quads dump, checked whole)."""
        disk = st.open_store(self.store_dir)
        if not self.in_memory:
            return disk
        memory = ox.Store()
        dump = self.store_dir / st.DUMPS / st.NQUADS_DUMP
        if dump.is_file():
            memory.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        if len(memory) != len(disk):  # no dump, or one that lags the database: copy the quads themselves
            memory = ox.Store()
            memory.bulk_extend(disk.quads_for_pattern(None, None, None, None))
        return memory

    def _inode(self) -> int | None:
        try:
            return os.stat(st.database_path(self.store_dir)).st_ino
        except OSError:
            return None

    def current(self) -> ox.Store:
        inode = self._inode()
        if inode is not None and inode != self.inode:
            with contextlib.suppress(st.StoreError):
                self.store = self._open()
                self.inode = inode
        return self.store


def worker_entry() -> None:
    """A query worker's main: ``python -c '…endpoint.worker as w; w.worker_entry()' JOBS ANSWERS STORE MB``.

    JOBS and ANSWERS are the file descriptors of two pipes from :class:`~.pool.WorkerPool`; the
    worker denies itself network sockets, caps its address space, opens the store read-only, says
    it is ready and then answers one job at a time until the pool closes the job pipe.
    """
    jobs_fd, answers_fd, store_dir, max_memory_mb = sys.argv[1:5]
    in_memory = sys.argv[5:6] == ["memory"]
    jobs = Connection(int(jobs_fd), writable=False)
    answers = Connection(int(answers_fd), readable=False)
    sandboxed = sandbox_network()
    cap_address_space(int(max_memory_mb))
    try:
        opened = _OpenStore(Path(store_dir), in_memory)
    except st.StoreError as error:
        answers.send(("error", str(error)))
        return
    from biopolicy.graph import sparql_guard  # noqa: F401 - builds rdflib's SPARQL grammar before the first query

    threading.stack_size(QUERY_STACK_MB << 20)
    try:
        thread = threading.Thread(target=answer_jobs, args=(opened, jobs, answers, int(max_memory_mb)), name="jobs")
        thread.start()
    except (RuntimeError, MemoryError):
        answers.send(("error", f"a query worker cannot reserve its {QUERY_STACK_MB} MB query stack within "
                               f"--max-memory {max_memory_mb} MB: raise it"))
        return
    answers.send(("ready", sandboxed))
    thread.join()


def answer_jobs(opened: _OpenStore, jobs: Connection, answers: Connection, max_memory_mb: int) -> None:
    """Answer one job at a time until the pool closes the job pipe."""
    sys.setrecursionlimit(QUERY_RECURSION_LIMIT)
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            if isinstance(job, DescribeJob):
                answer = describe_resource(opened.current(), job)
            elif isinstance(job, UpdateJob):
                answer = refuse_update(job)
            else:
                answer = answer_query(opened.current(), job)
        except MemoryError:
            answer = out_of_memory(max_memory_mb)
        except Exception as error:  # noqa: BLE001 - the worker must answer, whatever went wrong
            answer = message(500, f"internal error: {type(error).__name__}: {error}")
        answers.send(answer)


@functools.lru_cache(maxsize=256)
def _verdict(text: str):
    from biopolicy.graph import sparql_guard as guard

    return guard.check_query(text)


# Only a query whose text names one of these keywords can fetch (SERVICE) or pick its own dataset
# (FROM): any other query needs no parse tree, and rdflib's parser costs ~0.1 s a query.
_FETCHING_KEYWORDS = re.compile(r"service|from", re.IGNORECASE)


def answer_query(store: ox.Store, job: QueryJob) -> Answer:
    """Guard one query (:mod:`graph.sparql_guard`), run it, pick its answer format, serialise it.

    The guard's parse is skipped for a query whose normalised text (escapes expanded, so no
    keyword can hide) contains neither ``service`` nor ``from``; an update cannot run either way
    (``Store.query`` parses queries only), and when Oxigraph refuses a text the guard says why.
    """
    from biopolicy.graph import sparql_guard as guard

    for name, iris in (("default-graph-uri", job.default_graphs), ("named-graph-uri", job.named_graphs)):
        for iri in iris:
            problem = guard.graph_iri_problem(iri)
            if problem:
                return message(400, f"{name} <{iri}> is not allowed: {problem}")
    try:
        text = guard.normalise(job.text) if 0 < len(job.text) <= guard.MAX_QUERY_CHARS else ""
    except ValueError:
        text = ""
    too_deep = guard.nesting_problem(text)
    if too_deep:
        return message(400, too_deep)
    has_dataset = False
    if not text.strip() or _FETCHING_KEYWORDS.search(text):
        verdict = _verdict(job.text)
        if not verdict.allowed:
            return message(verdict.status, verdict.message)
        text, has_dataset = verdict.query, verdict.has_dataset
    kwargs: dict = {}
    if job.default_graphs or job.named_graphs:
        # the protocol's dataset replaces the query's FROM clauses (SPARQL 1.1 Protocol §2.1.4)
        kwargs["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    elif not has_dataset:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(text, **kwargs)
    except SyntaxError as error:
        verdict = _verdict(job.text)
        if not verdict.allowed:
            return message(verdict.status, verdict.message)
        return message(400, f"SPARQL syntax error: {error}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return message(400, f"the query failed: {error}")
    graph_answer = not isinstance(result, ox.QueryBoolean | ox.QuerySolutions)
    offers = formats.GRAPH_FORMATS if graph_answer else formats.ENDPOINT_RESULT_FORMATS
    fmt = negotiate(job.accept, offers, job.keyword)
    if fmt is None:
        form = "CONSTRUCT and DESCRIBE" if graph_answer else "SELECT and ASK"
        asked = f"format={job.keyword}" if job.keyword else f"Accept: {job.accept}"
        return message(406, f"{form} answers can be {describe_formats(offers)}; not {asked}")
    if isinstance(result, ox.QuerySolutions) and natively_writable(result, fmt, text):
        answer = native_answer(result, fmt, job.max_rows)
        if answer is not None:
            return answer
        result = store.query(text, **kwargs)  # larger than the native buffer: count it row by row below
    return serialise_result(result, fmt, job.max_rows, text)


NATIVE_BYTES_PER_ROW = 1024  # the native buffer holds max_rows rows of this size on average


class AnswerTooLarge(Exception):
    """The native writer's buffer is full."""


class BoundedBuffer(io.RawIOBase):
    """Collects what Oxigraph writes, up to ``limit`` bytes (then raises :class:`AnswerTooLarge`)."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit, self.parts, self.size = limit, [], 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise AnswerTooLarge
        self.parts.append(bytes(data))
        return len(data)


def natively_writable(result: ox.QuerySolutions, fmt: formats.Format, text: str) -> bool:
    """Oxigraph has a writer for ``fmt`` and its columns are the ones the answer must have (``SELECT *``
    lists them in the query's order, which Oxigraph's may differ from)."""
    names = [variable.value for variable in result.variables]
    return getattr(fmt, "native", None) is not None and star_projection_order(text, names) == names


def native_answer(result: ox.QuerySolutions, fmt: formats.ResultFormat, max_rows: int) -> Answer | None:
    """The rows as Oxigraph writes ``fmt``, refused whole when there are more than ``max_rows``;
    ``None`` when they did not fit the buffer (``result`` is then consumed)."""
    buffer = BoundedBuffer(max_rows * NATIVE_BYTES_PER_ROW)
    try:
        result.serialize(buffer, fmt.native)
    except AnswerTooLarge:
        return None
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return message(400, f"the query failed: {error}")
    body = b"".join(buffer.parts) + fmt.native_tail
    rows = fmt.count_rows(body)
    if rows > max_rows:
        return too_many(max_rows, "rows")
    return Answer(200, fmt.content_type, body, rows)


def serialise_result(result, fmt: formats.Format, max_rows: int, text: str = "") -> Answer:
    """A query's answer in ``fmt``, or a refusal when it has more than ``max_rows`` rows or triples.

    The rows are counted before anything is written: an answer over the limit is refused whole,
    never cut short (hence no ``QuerySolutions.serialize``). The columns of ``SELECT *`` come in
    the order of ``text`` (:func:`graph.sparql_text.star_projection_order`).
    """
    try:
        if isinstance(result, ox.QueryBoolean):
            return Answer(200, fmt.content_type, fmt.write_boolean(bool(result)), 1)
        if isinstance(result, ox.QuerySolutions):
            variables = star_projection_order(text, [variable.value for variable in result.variables])
            rows = []
            for solution in result:
                if len(rows) >= max_rows:
                    return too_many(max_rows, "rows")
                rows.append(tuple(formats.term(solution[name]) for name in variables))
            return Answer(200, fmt.content_type, fmt.write(variables, rows), len(rows))
        triples = []
        for triple in result:
            if len(triples) >= max_rows:
                return too_many(max_rows, "triples")
            triples.append(triple)
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return message(400, f"the query failed: {error}")
    return Answer(200, fmt.content_type, formats.write_triples(triples, fmt), len(triples))


def refuse_update(job: UpdateJob) -> Answer:
    from biopolicy.graph import sparql_guard as guard

    verdict = guard.check_update(job.text)
    return message(verdict.status, verdict.message)


def describe_resource(store: ox.Store, job: DescribeJob) -> Answer | ResourceView:
    """The resource's own triples, those of its ``#fragment`` resources and of the blank nodes they reach."""
    try:
        start = ox.NamedNode(job.iri)
    except ValueError as error:
        return message(400, f"<{job.iri}> is not an IRI: {error}")
    seen: set = {start}
    frontier = [start]
    triples: dict[tuple, None] = {}
    graphs: set[str] = set()
    truncated = False
    while frontier and not truncated:
        subject = frontier.pop(0)
        for quad in store.quads_for_pattern(subject, None, None, None):
            if len(triples) >= job.max_triples:
                truncated = True
                break
            triples[(quad.subject, quad.predicate, quad.object)] = None
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs.add(quad.graph_name.value)
            node = quad.object
            inner = isinstance(node, ox.BlankNode) or (
                isinstance(node, ox.NamedNode) and node.value.startswith(job.iri + "#")
            )
            if inner and node not in seen:
                seen.add(node)
                frontier.append(node)
    incoming: dict[tuple, None] = {}
    for quad in store.quads_for_pattern(None, None, start, None):
        if len(incoming) >= MAX_INCOMING:
            truncated = True
            break
        incoming[(quad.subject, quad.predicate)] = None
    if not triples and not incoming:
        return message(404, f"nothing is known about <{job.iri}> in this graph")
    if job.format_name != "html":
        fmt = formats.graph_format(job.format_name)
        body = formats.write_triples([ox.Triple(*t) for t in triples], fmt)
        return Answer(200, fmt.content_type, body, len(triples))
    named = {term for triple in triples for term in triple if isinstance(term, ox.NamedNode)}
    named |= {term for pair in incoming for term in pair if isinstance(term, ox.NamedNode)}
    labels = {node.value: label for node in named if (label := preferred_label(store, node))}
    facts = {}
    for node in sorted(named | {start}, key=lambda node: node.value):
        if len(facts) >= MAX_FACTS:
            break
        if (summary := fact_summary(store, node, labels.get(node.value, ""))) is not None:
            facts[node.value] = summary
    return ResourceView(job.iri, list(triples), list(incoming), sorted(graphs), labels, truncated, facts)


def _first_object(store: ox.Store, subject, predicate: str):
    return next((quad.object for quad in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)), None)


def fact_summary(store: ox.Store, node: ox.NamedNode, label: str) -> FactSummary | None:
    """A fact's label, value and quoted sentence (from its evidence), or None if it has no evidence."""
    evidence = _first_object(store, node, st.BP + "evidence")
    if not isinstance(evidence, ox.NamedNode):
        return None
    if any(store.quads_for_pattern(node, ox.NamedNode(st.RDF + "type"), ox.NamedNode(st.BP + "Plan"), None)):
        return None  # a plan's evidence is many spans (title, number, period): none of them is "the" sentence
    summary = FactSummary(label=label)
    if not summary.label:
        for predicate in FACT_LABEL_PREDICATES:
            if isinstance(found := _first_object(store, node, predicate), ox.Literal):
                summary.label = found.value
                break
    for predicate in FACT_VALUE_PREDICATES:
        if isinstance(found := _first_object(store, node, predicate), ox.Literal):
            comparator = _first_object(store, node, st.BP + "comparator")
            unit = _first_object(store, node, st.BP + "unit")
            number = found.value[:-2] if found.value.endswith(".0") else found.value
            parts = [comparator.value if isinstance(comparator, ox.Literal) and comparator.value != "=" else "",
                     number, unit.value if isinstance(unit, ox.Literal) else ""]
            summary.value = " ".join(part for part in parts if part)
            break
    line = _first_object(store, evidence, st.BP + "line")
    summary.line = line.value if isinstance(line, ox.Literal) else ""
    for target in store.quads_for_pattern(evidence, ox.NamedNode(ns.OA + "hasTarget"), None, None):
        for selector in store.quads_for_pattern(target.object, ox.NamedNode(ns.OA + "hasSelector"), None, None):
            if isinstance(exact := _first_object(store, selector.object, ns.OA + "exact"), ox.Literal):
                summary.quote = exact.value
                return summary
    return summary


def preferred_label(store: ox.Store, node: ox.NamedNode) -> str:
    """A Chinese label if there is one, else English, else any (never the pinyin transliteration)."""
    found: dict[str, str] = {}
    for predicate in LABEL_PREDICATES:
        for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
            literal = quad.object
            if isinstance(literal, ox.Literal):
                language = (literal.language or "").lower()
                rank = "0" if language in ("zh", "zh-cn", "zh-hans") else "1" if language.startswith("en") else "3"
                if language == "zh-latn-pinyin":
                    rank = "4"
                elif not language:
                    rank = "2"
                found.setdefault(rank, literal.value)
    return found[min(found)] if found else ""
