"""``biopolicy serve``: the store as a read-only SPARQL 1.1 endpoint, a query page and resource pages.

What it answers (the README shows clients; ``docs/decisions/0006-endpoint.md`` why so)::

    GET  /                      the query page (graph/web/, no CDN): editor, canned queries, table, CSV
    GET  /api/queries           the canned queries of queries/*.rq with their header titles (JSON)
    GET  /sparql?query=…        SPARQL 1.1 Protocol query; POST as a form or application/sparql-query
    GET  /sparql                the SPARQL service description (Turtle)
    GET  /id/…, /vocab/…        a resource's description: HTML for browsers, Turtle, N-Triples,
                                JSON-LD or RDF/XML by Accept (or ?format=ttl|nt|jsonld|rdfxml|html)

The default graph of a query is the union of all named graphs, as for ``biopolicy query``;
``FROM``/``FROM NAMED`` and the protocol's ``default-graph-uri``/``named-graph-uri`` may name the
dataset's own graphs instead. SELECT and ASK answer JSON, XML, CSV or TSV; CONSTRUCT and
DESCRIBE answer Turtle, N-Triples, JSON-LD or RDF/XML, chosen by ``Accept`` or a ``format``/
``output`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``, ``jsonld``).

Guards, in the order a request meets them:

* every request is handed to a worker process (:class:`WorkerPool`, one read-only store handle
  each) that is killed when it passes the time limit (``--timeout``, default 10 s) → 503; the pool
  starts a fresh worker and the other workers go on answering. pyoxigraph has no query timeout
  of its own and a Rust query loop ignores Python signals, so only a process can be stopped. The
  HTTP process itself parses nothing: a pathological query costs a worker, never the server;
* in the worker, :mod:`graph.sparql_guard` reads the query's parse tree: updates → 403,
  ``SERVICE``, ``LOAD`` and ``FROM`` naming anything but this dataset's graphs → 400, each with a
  message saying why (:func:`answer_query` skips the parse for a text with neither keyword);
* a worker holds at most ``--max-rows`` solutions or triples (default 50,000) → 400 beyond it,
  never a silently truncated answer; its address space is capped (``--max-memory``);
* a worker's system calls are filtered (:func:`sandbox_network`, Linux seccomp): it cannot open
  an internet socket, so even a query the guard missed cannot fetch anything.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import ctypes
import functools
import html
import io
import json
import os
import platform
import queue
import re
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox
from biopolicy.graph import store as st
from biopolicy.loaders import resources

DEFAULT_STORE = Path("graph/build")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 50_000
DEFAULT_WORKERS = 2
DEFAULT_MAX_MEMORY_MB = 2048
MAX_REQUEST_BYTES = 1_000_000
DISCARDED_REQUEST_BYTES = 16_000_000
MAX_DESCRIBED_TRIPLES = 5_000
MAX_INCOMING = 500
WEB_DIR = resources.web_dir()
PAGE_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
# IRIs the server can dereference: the data and the vocabulary concepts, as paths on this server.
DEREFERENCEABLE = {"/id/": st.ID, "/vocab/": st.VOCAB}
TEXT = "text/plain; charset=utf-8"
XSD_STRING = st.XSD + "string"
LABEL_PREDICATES = (st.SKOS + "prefLabel", st.RDFS + "label", st.DCTERMS + "title", "http://xmlns.com/foaf/0.1/name")
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


# ---------------------------------------------------------------------------------------------
# Formats and content negotiation


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    aliases: tuple[str, ...] = ()  # other media types a client may ask for
    keywords: tuple[str, ...] = ()  # values of the format= / output= parameter
    rdf: ox.RdfFormat | None = None

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json", "text/json"), ("json", "srj")),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("xml", "srx")),
    Format("csv", "text/csv", (), ("csv",)),
    Format("tsv", "text/tab-separated-values", (), ("tsv",)),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
           ("turtle", "ttl", "n3"), ox.RdfFormat.TURTLE),
    Format("ntriples", "application/n-triples", ("text/plain",), ("nt", "ntriples", "n-triples"),
           ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"),
           ("jsonld", "json-ld", "json"), ox.RdfFormat.JSON_LD),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdfxml", "rdf+xml", "rdf", "xml"),
           ox.RdfFormat.RDF_XML),
)
HTML_FORMAT = Format("html", "text/html", ("application/xhtml+xml",), ("html",))
FORMAT_PARAMETERS = ("format", "output", "results")


def accept_ranges(header: str) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` of each entry of an ``Accept`` header."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [item.strip() for item in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def negotiate(accept: str | None, offers: tuple[Format, ...], keyword: str | None = None) -> Format | None:
    """The offer a client asked for by keyword or ``Accept``; ``None`` when it accepts none of them.

    Among offers of equal quality the one the client named most specifically wins (``text/csv``
    over ``*/*``), then the one it named first, then the server's order (the first is the default).
    """
    if keyword:
        wanted = keyword.strip().lower()
        for offer in offers:
            if wanted in offer.keywords or wanted == offer.media_type or wanted in offer.aliases:
                return offer
        return None
    if not accept or not accept.strip():
        return offers[0]
    ranges = accept_ranges(accept)
    best, best_key = None, None
    for index, offer in enumerate(offers):
        types = (offer.media_type, *offer.aliases)
        match = None
        for media, q, position in ranges:
            if media in types:
                specificity = 3
            elif media.endswith("/*") and any(t.startswith(media[:-1]) for t in types):
                specificity = 2
            elif media == "*/*":
                specificity = 1
            else:
                continue
            if match is None or specificity > match[1] or (specificity == match[1] and position < -match[2]):
                match = (q, specificity, -position)
        if match is None or match[0] <= 0:
            continue
        key = (*match, -index)
        if best_key is None or key > best_key:
            best, best_key = offer, key
    return best


def describe_formats(offers: tuple[Format, ...]) -> str:
    return ", ".join(f"{offer.media_type} ({offer.keywords[0]})" for offer in offers if offer.keywords)


# ---------------------------------------------------------------------------------------------
# SPARQL results serialisations (https://www.w3.org/TR/sparql11-results-json/, -xml-res/, -csv-tsv/)
#
# The worker serialises itself, not with ``QuerySolutions.serialize``, because it counts rows
# first: an answer over the row limit is refused whole instead of cut short.


def json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        item = {"type": "literal", "value": term.value}
        if term.language:
            item["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value != XSD_STRING:
            item["datatype"] = term.datatype.value
        return item
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": json_term(term.subject),
                "predicate": json_term(term.predicate),
                "object": json_term(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


def results_json(variables: list[str], rows: list[tuple]) -> bytes:
    bindings = [
        {name: json_term(term) for name, term in zip(variables, row, strict=True) if term is not None} for row in rows
    ]
    data = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(data, ensure_ascii=False).encode()


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{xml_escape(term.value)}</literal>"
        if term.datatype is not None and term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{xml_escape(term.value)}</literal>"
        return f"<literal>{xml_escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    return f"<literal>{xml_escape(str(term))}</literal>"


XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def results_xml(variables: list[str], rows: list[tuple]) -> bytes:
    out = [XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row, strict=True)
            if term is not None
        ]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "\n".join(out).encode()


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def results_csv(variables: list[str], rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_plain(term) for term in row] for row in rows)
    return buffer.getvalue().encode()


def results_tsv(variables: list[str], rows: list[tuple]) -> bytes:
    # TSV writes RDF terms in Turtle/N-Triples syntax, which escapes tabs and line breaks.
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def boolean_result(value: bool, fmt: Format) -> bytes:
    text = "true" if value else "false"
    if fmt.key == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt.key == "xml":
        return f"{XML_HEAD}<head/><boolean>{text}</boolean></sparql>\n".encode()
    return f"{text}\n".encode()


SELECT_WRITERS = {"json": results_json, "xml": results_xml, "csv": results_csv, "tsv": results_tsv}


# ---------------------------------------------------------------------------------------------
# The worker process: a read-only store handle, no internet sockets


_SECCOMP = {"x86_64": (0xC000003E, 41, 317), "aarch64": (0xC00000B7, 198, 277)}  # audit arch, socket, seccomp
_IO_URING_SETUP = 425  # the same number on both


def sandbox_network() -> bool:
    """Forbid this process every socket but a Unix-domain one (Linux seccomp); ``False`` if unsupported.

    The filter answers ``socket(AF_INET…)``, ``socket(AF_INET6…)`` and every other non-Unix family,
    ``io_uring_setup`` and any system call of a foreign ABI (x32, i386) with EACCES; everything
    else is allowed. It applies to every thread of the process (``SECCOMP_FILTER_FLAG_TSYNC``)
    and to its children, and cannot be lifted.
    """
    numbers = _SECCOMP.get(platform.machine())
    if numbers is None or not sys.platform.startswith("linux"):
        return False
    audit_arch, nr_socket, nr_seccomp = numbers
    load, jump_eq, jump_ge, ret = 0x20, 0x15, 0x35, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    program = [
        (load, 0, 0, 4),  # seccomp_data.arch
        (jump_eq, 1, 0, audit_arch),
        (ret, 0, 0, deny),
        (load, 0, 0, 0),  # seccomp_data.nr
        (jump_ge, 3, 0, 0x40000000),  # x32 system calls
        (jump_eq, 2, 0, _IO_URING_SETUP),
        (jump_eq, 2, 0, nr_socket),
        (ret, 0, 0, allow),
        (ret, 0, 0, deny),
        (load, 0, 0, 16),  # seccomp_data.args[0]: the address family
        (jump_eq, 1, 0, socket.AF_UNIX),
        (ret, 0, 0, deny),
        (ret, 0, 0, allow),
    ]
    instructions = ctypes.create_string_buffer(b"".join(struct.pack("=HBBI", *op) for op in program))
    fprog = ctypes.create_string_buffer(struct.pack("=HxxxxxxQ", len(program), ctypes.addressof(instructions)))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    libc.syscall.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_void_p]
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &fprog)
    return libc.syscall(nr_seccomp, 1, 1, ctypes.addressof(fprog)) == 0


@dataclass
class QueryJob:
    """A query as the client sent it: the worker guards it, negotiates the format and runs it."""

    text: str
    accept: str | None = None
    keyword: str | None = None  # the format= / output= parameter
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri / named-graph-uri
    named_graphs: tuple[str, ...] = ()
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass
class UpdateJob:
    text: str


@dataclass
class DescribeJob:
    iri: str
    format_key: str  # a graph format key, or "html"
    max_triples: int = MAX_DESCRIBED_TRIPLES


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    rows: int = 0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ResourceView:
    """What a resource page shows; terms are pyoxigraph terms."""

    iri: str
    triples: list[tuple]  # (subject, predicate, object): the resource, its #fragments and blank nodes
    incoming: list[tuple]  # (subject, predicate) pointing at the resource
    graphs: list[str]
    labels: dict[str, str]
    truncated: bool = False


def message(status: int, text: str, **headers: str) -> Answer:
    return Answer(status, TEXT, (text.rstrip("\n") + "\n").encode(), headers=dict(headers))


class _OpenStore:
    """The store of one worker, reopened when a writer has swapped in a new one."""

    def __init__(self, store_dir: Path):
        self.store_dir = store_dir
        self.store = st.open_store(store_dir)
        self.inode = self._inode()

    def _inode(self) -> int | None:
        try:
            return os.stat(st.database_path(self.store_dir)).st_ino
        except OSError:
            return None

    def current(self) -> ox.Store:
        inode = self._inode()
        if inode is not None and inode != self.inode:
            with contextlib.suppress(st.StoreError):
                self.store = st.open_store(self.store_dir)
                self.inode = inode
        return self.store


def worker_entry() -> None:
    """A query worker's main: ``python -c 'import graph.serve as s; s.worker_entry()' JOBS ANSWERS STORE MB``.

    JOBS and ANSWERS are the file descriptors of two pipes from :class:`WorkerPool`; the worker
    denies itself network sockets, caps its address space, opens the store read-only, says it is
    ready and then answers one job at a time until the pool closes the job pipe.
    """
    jobs_fd, answers_fd, store_dir, max_memory_mb = sys.argv[1:5]
    jobs = Connection(int(jobs_fd), writable=False)
    answers = Connection(int(answers_fd), readable=False)
    sandboxed = sandbox_network()
    if int(max_memory_mb):
        limit = int(max_memory_mb) * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        opened = _OpenStore(Path(store_dir))
    except st.StoreError as error:
        answers.send(("error", str(error)))
        return
    import graph.sparql_guard  # noqa: F401 - builds rdflib's SPARQL grammar before the first query
    answers.send(("ready", sandboxed))
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
            answer = message(503, "the query needed more memory than this endpoint allows; narrow it")
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
    offers = GRAPH_FORMATS if graph_answer else RESULT_FORMATS
    fmt = negotiate(job.accept, offers, job.keyword)
    if fmt is None:
        form = "CONSTRUCT and DESCRIBE" if graph_answer else "SELECT and ASK"
        asked = f"format={job.keyword}" if job.keyword else f"Accept: {job.accept}"
        return message(406, f"{form} answers can be {describe_formats(offers)}; not {asked}")
    return serialise_result(result, fmt, job.max_rows)


def serialise_result(result, fmt: Format, max_rows: int) -> Answer:
    """A query's answer in ``fmt``, or a refusal when it has more than ``max_rows`` rows or triples."""
    too_many = (
        f"the answer has more than {max_rows:,} {{what}}, this endpoint's limit: page through it with "
        "LIMIT and OFFSET, or query your own copy of the data (graph/build/dumps/biopolicy.nq)"
    )
    try:
        if isinstance(result, ox.QueryBoolean):
            return Answer(200, fmt.content_type, boolean_result(bool(result), fmt), 1)
        if isinstance(result, ox.QuerySolutions):
            variables = [variable.value for variable in result.variables]
            rows = []
            for solution in result:
                if len(rows) >= max_rows:
                    return message(400, too_many.format(what="rows"))
                rows.append(tuple(solution[index] for index in range(len(variables))))
            return Answer(200, fmt.content_type, SELECT_WRITERS[fmt.key](variables, rows), len(rows))
        triples = []
        for triple in result:
            if len(triples) >= max_rows:
                return message(400, too_many.format(what="triples"))
            triples.append(triple)
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return message(400, f"the query failed: {error}")
    return Answer(200, fmt.content_type, serialise_triples(triples, fmt), len(triples))


def refuse_update(job: UpdateJob) -> Answer:
    from biopolicy.graph import sparql_guard as guard

    verdict = guard.check_update(job.text)
    return message(verdict.status, verdict.message)


def _format(offers: tuple[Format, ...], key: str) -> Format:
    return next(offer for offer in offers if offer.key == key)


# Namespaces whose local names need no escaping in Turtle (``v:`` and ``id:`` ones hold slashes).
TURTLE_PREFIXES = {name: iri for name, iri in st.PREFIXES.items() if name != "v"}


def serialise_triples(triples: list, fmt: Format) -> bytes:
    prefixes = TURTLE_PREFIXES if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.JSON_LD) else None
    return ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)


def describe_resource(store: ox.Store, job: DescribeJob) -> Answer | ResourceView:
    """The resource's own triples, those of its ``#fragment`` resources and of the blank nodes they reach."""
    start = ox.NamedNode(job.iri)
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
    if job.format_key != "html":
        fmt = _format(GRAPH_FORMATS, job.format_key)
        return Answer(200, fmt.content_type, serialise_triples([ox.Triple(*t) for t in triples], fmt), len(triples))
    named = {term for triple in triples for term in triple if isinstance(term, ox.NamedNode)}
    named |= {term for pair in incoming for term in pair if isinstance(term, ox.NamedNode)}
    labels = {node.value: label for node in named if (label := preferred_label(store, node))}
    return ResourceView(job.iri, list(triples), list(incoming), sorted(graphs), labels, truncated)


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


# ---------------------------------------------------------------------------------------------
# The worker pool: one query per worker; a worker past the time limit is killed and replaced


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    jobs: Connection
    answers: Connection


class WorkerPool:
    """Worker processes that each answer one job at a time, killed and replaced on timeout.

    A worker is a fresh interpreter (``subprocess``, not ``multiprocessing``: that would re-import
    the caller's main module and needs the ``if __name__ == "__main__"`` idiom everywhere).
    """

    def __init__(
        self,
        store_dir: Path,
        *,
        size: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
        log: TextIO | None = None,
    ) -> None:
        self.store_dir = Path(store_dir).resolve()
        self.size = size
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.log = log
        self.sandboxed = True
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]
        try:
            for worker in started:
                self._await_ready(worker)
        except BaseException:
            for worker in started:
                self._kill(worker)
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        env = dict(os.environ)
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", "import biopolicy.graph.serve as s; s.worker_entry()",
                 str(jobs_read), str(answers_write), str(self.store_dir), str(self.max_memory_mb)],
                pass_fds=(jobs_read, answers_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
            )
        finally:
            os.close(jobs_read)
            os.close(answers_write)
        worker = _Worker(process, Connection(jobs_write, readable=False), Connection(answers_read, writable=False))
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker, wait: float = 60.0) -> None:
        try:
            if not worker.answers.poll(wait):
                raise st.StoreError(f"a query worker did not start within {wait:g} s")
            kind, detail = worker.answers.recv()
        except (EOFError, OSError) as error:
            worker.process.wait(5)
            raise st.StoreError(
                f"a query worker stopped while starting (exit code {worker.process.returncode}); "
                f"if --max-memory ({self.max_memory_mb} MB) is small, raise it: the store alone reserves ~600 MB"
            ) from error
        if kind == "error":
            raise st.StoreError(detail)
        if not detail:
            self.sandboxed = False

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(5)
        worker.jobs.close()
        worker.answers.close()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)

        def restart() -> None:
            pause = 0.5
            while not self._closed:
                replacement = self._start()
                try:
                    self._await_ready(replacement)
                except st.StoreError as error:
                    self._kill(replacement)
                    self._say(f"could not restart a query worker: {error}; retrying in {pause:g} s")
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                if self._closed:
                    self._kill(replacement)
                else:
                    self._idle.put(replacement)
                return

        threading.Thread(target=restart, name="biopolicy-worker-restart", daemon=True).start()

    def _say(self, text: str) -> None:
        if self.log is not None:
            print(text, file=self.log, flush=True)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return sorted(worker.process.pid for worker in self._all)

    def run(self, job: QueryJob | DescribeJob) -> Answer | ResourceView:
        if self._closed:
            return message(503, "the endpoint is shutting down")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return message(
                503, f"all {self.size} query workers are busy; try again in a moment", **{"Retry-After": "2"}
            )
        healthy = False
        try:
            worker.jobs.send(job)
            if not worker.answers.poll(self.timeout):
                return message(
                    503,
                    f"the query was stopped after {self.timeout:g} s, this endpoint's time limit: narrow it "
                    "(more specific patterns, LIMIT) or query your own copy of the data "
                    "(graph/build/dumps/biopolicy.nq)",
                )
            answer = worker.answers.recv()
            healthy = True
            return answer
        except (EOFError, OSError):
            return message(
                500, f"the query worker stopped (exit code {worker.process.poll()}); the query may need more "
                f"memory than this endpoint allows ({self.max_memory_mb} MB)"
            )
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._kill(worker)


# ---------------------------------------------------------------------------------------------
# HTTP


@dataclass
class ServeConfig:
    store_dir: Path = DEFAULT_STORE
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int = DEFAULT_WORKERS
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    log: TextIO | None = None


class Endpoint:
    """The HTTP server and its worker pool. ``with Endpoint(config) as endpoint: endpoint.url``."""

    def __init__(self, config: ServeConfig):
        self.config = config
        if not st.database_path(config.store_dir).is_dir():
            st.open_store(config.store_dir)  # recovers an interrupted swap, or says there is no store
        self.pool = WorkerPool(
            config.store_dir,
            size=config.workers,
            timeout=config.timeout,
            max_memory_mb=config.max_memory_mb,
            log=config.log,
        )
        try:
            self.server = ThreadingHTTPServer((config.host, config.port), _handler_class(self))
        except OSError as error:
            self.pool.close()
            raise st.StoreError(f"cannot listen on {config.host}:{config.port}: {error}") from error
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> Endpoint:
        self._thread = threading.Thread(target=self.serve_forever, name="biopolicy-serve", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(5)
        self.server.server_close()
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def catalogue(self) -> bytes:
        from biopolicy.graph import query as q

        queries = [
            {
                "name": canned.name,
                "title": canned.title or canned.name,
                "title_zh": canned.title_zh,
                "question": canned.question,
                "columns": canned.columns,
                "params": canned.params,
                "text": canned.text,
            }
            for canned in q.catalogue()
        ]
        limits = {"timeout_s": self.config.timeout, "max_rows": self.config.max_rows}
        prefixes = {"id": st.ID, **st.PREFIXES}
        return json.dumps({"limits": limits, "prefixes": prefixes, "queries": queries}, ensure_ascii=False).encode()


def _handler_class(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    return type("BiopolicyHandler", (_Handler,), {"endpoint": endpoint})


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "biopolicy-kg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request

    # -- plumbing ---------------------------------------------------------------------------

    def log_message(self, format: str, *args) -> None:
        log = self.endpoint.config.log
        if log is not None:
            print(f"{self.address_string()} {format % args}", file=log, flush=True)

    def _send(self, answer: Answer, *, head: bool = False, extra: dict[str, str] | None = None) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in {**answer.headers, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(answer.body)

    def _split(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        return parts.path, parse_qs(parts.query, keep_blank_values=True)

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked" or length is None:
            self._send(message(411, "send the request body with a Content-Length header"), extra={"Connection": "close"})
            self.close_connection = True
            return None
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0 or size > MAX_REQUEST_BYTES:
            if 0 < size <= DISCARDED_REQUEST_BYTES:
                # read what the client sends so that it sees the answer instead of a broken pipe
                remaining = size
                while remaining > 0 and (chunk := self.rfile.read(min(remaining, 1 << 16))):
                    remaining -= len(chunk)
            self._send(
                message(413, f"the request body is limited to {MAX_REQUEST_BYTES:,} bytes"), extra={"Connection": "close"}
            )
            self.close_connection = True
            return None
        return self.rfile.read(size)

    def _cors(self) -> dict[str, str]:
        return {"Access-Control-Allow-Origin": "*", "Vary": "Accept"}

    # -- methods ----------------------------------------------------------------------------

    def _safely(self, action) -> None:
        try:
            action()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 - answer 500 rather than drop the connection
            self.log_message("internal error on %s: %s", self.path, traceback.format_exc())
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send(message(500, f"internal error: {type(error).__name__}: {error}"))

    def do_GET(self) -> None:
        self._safely(lambda: self._get(head=False))

    def do_HEAD(self) -> None:
        self._safely(lambda: self._get(head=True))

    def do_POST(self) -> None:
        self._safely(self._post)

    def _post(self) -> None:
        path, params = self._split()
        if path != "/sparql":
            body = self._read_body()
            if body is not None:
                self._send(message(405, "POST is accepted at /sparql only"), extra={"Allow": "GET, HEAD"})
            return
        body = self._read_body()
        if body is None:
            return
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(message(400, "the request body is not UTF-8"), extra=self._cors())
            return
        if content_type == "application/x-www-form-urlencoded":
            for name, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
            self._sparql(params, method="POST")
        elif content_type == "application/sparql-query":
            self._sparql(params, method="POST", direct=text)
        elif content_type == "application/sparql-update":
            self._sparql(params, method="POST", update=text)
        else:
            self._send(
                message(
                    415,
                    "send a query as application/x-www-form-urlencoded (query=…) or application/sparql-query",
                ),
                extra=self._cors(),
            )

    def do_OPTIONS(self) -> None:
        headers = {
            **self._cors(),
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "86400",
            "Allow": "GET, HEAD, POST, OPTIONS",
        }
        self._send(Answer(204, TEXT, b""), extra=headers)

    def _refuse_write(self) -> None:
        def refuse() -> None:
            if self.headers.get("Content-Length") is None:
                self.close_connection = True  # a body we do not know the length of is left unread
            elif self._read_body() is None:
                return
            self._send(
                message(405, "this endpoint is read-only: it has no Graph Store Protocol and takes no updates"),
                extra={"Allow": "GET, HEAD, POST, OPTIONS"},
            )

        self._safely(refuse)

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    # -- routes -----------------------------------------------------------------------------

    def _get(self, *, head: bool) -> None:
        path, params = self._split()
        if path in ("/", "/index.html"):
            self._page("index.html", "text/html; charset=utf-8", head)
        elif path.startswith("/web/") and path[len("/web/") :] in PAGE_FILES:
            name = path[len("/web/") :]
            self._page(name, PAGE_FILES[name], head)
        elif path == "/favicon.ico":
            self._page("favicon.svg", PAGE_FILES["favicon.svg"], head)
        elif path == "/api/queries":
            body = self.endpoint.catalogue()
            self._send(Answer(200, "application/json; charset=utf-8", body), head=head, extra={"Cache-Control": "no-cache"})
        elif path == "/sparql":
            self._sparql(params, method="GET", head=head)
        elif any(path.startswith(prefix) and len(path) > len(prefix) for prefix in DEREFERENCEABLE):
            self._resource(path, params, head)
        else:
            self._send(message(404, f"no page at {path}: try / (the query page) or /sparql"), head=head)

    def _page(self, name: str, content_type: str, head: bool) -> None:
        try:
            body = (WEB_DIR / name).read_bytes()
        except OSError:
            self._send(message(404, f"the page file {name} is missing from {WEB_DIR}"), head=head)
            return
        headers = {"Cache-Control": "no-cache"}
        if name == "index.html":
            headers |= {"Content-Security-Policy": PAGE_POLICY, "Referrer-Policy": "no-referrer"}
        self._send(Answer(200, content_type, body), head=head, extra=headers)

    def _sparql(
        self,
        params: dict[str, list[str]],
        *,
        method: str,
        head: bool = False,
        direct: str | None = None,
        update: str | None = None,
    ) -> None:
        cors = self._cors()
        if update is not None or "update" in params:
            text = update if update is not None else params["update"][0]
            self._send(self.endpoint.pool.run(UpdateJob(text)), head=head, extra=cors)
            return
        queries = [direct] if direct is not None else params.get("query", [])
        if not queries:
            if method == "GET":
                self._service_description(head)
            else:
                self._send(message(400, "no query: send query=… or a body of type application/sparql-query"), extra=cors)
            return
        if len(queries) > 1:
            self._send(message(400, "send exactly one query parameter"), head=head, extra=cors)
            return
        keyword = next((params[name][0] for name in FORMAT_PARAMETERS if params.get(name)), None)
        accept = self.headers.get("Accept")
        every_format = (*RESULT_FORMATS, *GRAPH_FORMATS, HTML_FORMAT)
        if method == "GET" and not keyword and negotiate(accept, every_format) is HTML_FORMAT:
            # a browser following a link to a query: show it on the query page
            location = "./?" + urlencode({"query": queries[0], "run": "1"})
            self._send(message(303, f"see {location}"), head=head, extra={"Location": location, **cors})
            return
        job = QueryJob(
            text=queries[0],
            accept=accept,
            keyword=keyword,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
            max_rows=self.endpoint.config.max_rows,
        )
        self._send(self.endpoint.pool.run(job), head=head, extra=cors)

    def _service_description(self, head: bool) -> None:
        host = self.headers.get("Host") or f"{self.endpoint.config.host}:{self.endpoint.config.port}"
        url = f"http://{host}/sparql"
        formats = " , ".join(
            f"<http://www.w3.org/ns/formats/{name}>"
            for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                         "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
        )
        turtle = f"""@prefix sd: <{st.SD}> .
@prefix void: <{st.VOID}> .
@prefix dcterms: <{st.DCTERMS}> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ; dcterms:source <{st.DATASET}> ;
        dcterms:description "The default graph is the union of every named graph of the dataset."@en ] ;
    dcterms:description "Read-only: no updates, no SERVICE, no LOAD, no FROM of other servers' graphs; each query is stopped after {self.endpoint.config.timeout:g} s and may answer at most {self.endpoint.config.max_rows} rows."@en .
"""
        fmt = negotiate(self.headers.get("Accept"), GRAPH_FORMATS) or GRAPH_FORMATS[0]
        body = turtle.encode()
        if fmt.key != "turtle":
            body = ox.serialize(ox.parse(body, ox.RdfFormat.TURTLE), format=fmt.rdf)
        self._send(Answer(200, fmt.content_type, body), head=head, extra=self._cors())

    def _resource(self, path: str, params: dict[str, list[str]], head: bool) -> None:
        prefix = next(prefix for prefix in DEREFERENCEABLE if path.startswith(prefix))
        iri = DEREFERENCEABLE[prefix] + unquote(path[len(prefix) :])
        keyword = (params.get("format") or [None])[0]
        # Turtle for */* (curl, RDF clients); browsers name text/html and get the page.
        fmt = negotiate(self.headers.get("Accept"), (*GRAPH_FORMATS, HTML_FORMAT), keyword)
        headers = {"Vary": "Accept", "Access-Control-Allow-Origin": "*"}
        if fmt is None:
            self._send(
                message(406, f"a resource can be had as {describe_formats((HTML_FORMAT, *GRAPH_FORMATS))}"),
                head=head,
                extra=headers,
            )
            return
        answer = self.endpoint.pool.run(DescribeJob(iri, fmt.key))
        if isinstance(answer, ResourceView):
            depth = path.count("/") - 1
            body = render_resource(answer, root="../" * depth).encode()
            headers |= {"Content-Security-Policy": PAGE_POLICY, "Referrer-Policy": "no-referrer"}
            answer = Answer(200, "text/html; charset=utf-8", body)
        self._send(answer, head=head, extra=headers)


# ---------------------------------------------------------------------------------------------
# Resource pages


def local_href(iri: str, root: str) -> str | None:
    """The path on this server that describes ``iri``, relative to the page (``None``: not ours)."""
    for prefix, namespace in DEREFERENCEABLE.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            rest = iri[len(namespace) :].split("#", 1)[0]
            return root + prefix.strip("/") + "/" + quote(rest, safe="/-_.~")
    return None


def _compact(iri: str) -> str:
    from biopolicy.graph.query import Term, compact

    return compact(Term("uri", iri))


def _term_html(term, view: ResourceView, root: str) -> str:
    if isinstance(term, ox.NamedNode):
        label = view.labels.get(term.value)
        text = html.escape(_compact(term.value))
        shown = f"{html.escape(label)} <span class=iri>{text}</span>" if label else text
        href = local_href(term.value, root)
        if href is not None and term.value.split("#", 1)[0] != view.iri:
            return f'<a href="{html.escape(href)}">{shown}</a>'
        if href is None and term.value.startswith(("http://", "https://")):
            return f'<a href="{html.escape(term.value)}" rel="noopener noreferrer">{shown}</a>'
        return shown
    if isinstance(term, ox.BlankNode):
        return f"<span class=bnode>_:{html.escape(term.value)}</span>"
    if isinstance(term, ox.Literal):
        note = ""
        if term.language:
            note = f' <span class=lang>@{html.escape(term.language)}</span>'
        elif term.datatype is not None and term.datatype.value != XSD_STRING:
            note = f' <span class=datatype>{html.escape(_compact(term.datatype.value))}</span>'
        return f"<span class=literal>{html.escape(term.value)}</span>{note}"
    return html.escape(str(term))


def render_resource(view: ResourceView, root: str) -> str:
    """The HTML page of one resource: its properties, its #fragment resources, who points at it."""
    title = view.labels.get(view.iri) or _compact(view.iri)
    by_subject: dict = {}
    for subject, predicate, obj in view.triples:
        by_subject.setdefault(subject, []).append((predicate, obj))
    sections = []
    for subject, pairs in by_subject.items():
        rows = "".join(
            f"<tr><th>{_term_html(predicate, view, root)}</th><td>{_term_html(obj, view, root)}</td></tr>"
            for predicate, obj in sorted(pairs, key=lambda pair: (pair[0].value, str(pair[1])))
        )
        heading = "" if subject == ox.NamedNode(view.iri) else f"<h2>{_term_html(subject, view, root)}</h2>"
        sections.append(f'{heading}<table class="properties">{rows}</table>')
    incoming = "".join(
        f"<tr><td>{_term_html(subject, view, root)}</td><th>{_term_html(predicate, view, root)}</th></tr>"
        for subject, predicate in sorted(view.incoming, key=lambda pair: (pair[1].value, str(pair[0])))
    )
    graphs = "".join(f"<li><code>{html.escape(_compact(g))}</code></li>" for g in view.graphs)
    formats = " · ".join(
        f'<a href="?format={key}">{name}</a>'
        for key, name in (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"))
    )
    note = "<p class=note>Only part of this resource is shown (the page is limited).</p>" if view.truncated else ""
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · biopolicy-kg</title>
<link rel="stylesheet" href="{root}web/style.css">
<link rel="icon" href="{root}web/favicon.svg" type="image/svg+xml">
</head>
<body class="resource">
<header><a href="{root}">biopolicy-kg SPARQL</a></header>
<main>
<h1>{html.escape(title)}</h1>
<p class="subject"><code>{html.escape(view.iri)}</code><br>as {formats}</p>
{note}{"".join(sections)}
{f'<h2>Referenced by</h2><table class="properties incoming">{incoming}</table>' if incoming else ""}
{f'<h2>In named graphs</h2><ul class="graphs">{graphs}</ul>' if graphs else ""}
</main>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# Command line


def cmd_serve(args) -> int:
    config = ServeConfig(
        store_dir=args.store,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
        max_memory_mb=args.max_memory,
        log=None if args.quiet else sys.stderr,
    )
    endpoint = Endpoint(config)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    if not endpoint.pool.sandboxed:
        say("warning: query workers could not be denied network sockets on this system; the SPARQL guard still applies")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        say(f"note: listening on {args.host}: reachable from other machines; put it behind a proxy with rate limits")
    say(
        f"serving {args.store} at {endpoint.url} (SPARQL endpoint {endpoint.url}sparql; {args.workers} workers, "
        f"{args.timeout:g} s and {args.max_rows:,} rows per query); Ctrl-C stops"
    )
    def stop(_signal, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        endpoint.close()
    return 0


def _positive(kind: type):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, not {text}")
        return value

    return parse


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``biopolicy serve`` to the command line's subparsers."""
    summary = "Serve the store as a read-only SPARQL endpoint with a query page and resource pages."
    examples = """biopolicy serve                                   # http://127.0.0.1:8000/
biopolicy serve --port 3030 --timeout 30 --max-rows 100000
curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:8000/sparql
curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/jurisdiction/350200-xiamenshi"""
    parser = subparsers.add_parser(
        "serve",
        help=summary,
        description=summary + " Updates, SERVICE, LOAD and FROM of remote graphs are refused; each query runs "
        "in a worker process that is stopped at the time limit.",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                        help=f"store directory (default {DEFAULT_STORE})")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                        help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"seconds a query may run before it is stopped (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-rows", type=_positive(int), default=DEFAULT_MAX_ROWS, metavar="N",
                        help=f"most rows (or triples) one answer may have (default {DEFAULT_MAX_ROWS:,})")
    parser.add_argument("--workers", type=_positive(int), default=DEFAULT_WORKERS, metavar="N",
                        help=f"queries answered at once, one process each (default {DEFAULT_WORKERS})")
    parser.add_argument("--max-memory", type=_positive(int), default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                        help=f"address-space limit of each query process (default {DEFAULT_MAX_MEMORY_MB})")
    parser.add_argument("--quiet", action="store_true", help="do not log each request to stderr")
    parser.set_defaults(handler=cmd_serve)
    return parser
