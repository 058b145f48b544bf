"""Decide whether a SPARQL request may run on the public endpoint: read-only, no remote fetches.

The endpoint answers queries over this dataset only. It refuses

* every SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``,
  ``MOVE``, ``COPY``): HTTP 403, the store is read-only;
* ``SERVICE`` in any position (``OPTIONAL``, ``UNION``, ``MINUS``, sub-queries, ``EXISTS``),
  ``SILENT`` or not, with an IRI, a prefixed name or a variable: HTTP 400, Oxigraph would
  fetch from that URL (it does: ``Store.query`` federates);
* ``FROM`` / ``FROM NAMED`` (and the protocol's ``default-graph-uri`` / ``named-graph-uri``)
  naming anything but this dataset's own graphs ``https://w3id.org/biopolicy/graph/…``: HTTP 400.

The check reads the parse tree of rdflib's SPARQL 1.1 grammar, never the raw text, so a
``# SERVICE`` comment or a ``"SERVICE"`` string is harmless and ``service``, ``SeRvIcE`` or
``SERVICE wd:x`` are still found. Two parsers read a query (rdflib here, Oxigraph when it runs)
and they disagree on two things that would let a ``SERVICE`` hide from the check:

* SPARQL 1.1 §19.2 codepoint escapes (``\\u0022``): rdflib expands them in the whole text before
  parsing, Oxigraph only inside strings and IRIs, so ``"a\\u0022 . } #" . SERVICE <…>`` is a
  comment to rdflib and a call to Oxigraph;
* a lone carriage return ends a comment for Oxigraph (SPARQL: ``#`` to 0x0D or 0x0A) but not for
  rdflib's ``rest_of_line``.

So :func:`check_query` first rewrites the text into a form both parsers read alike (escapes
expanded until none is left, line ends made ``\\n``) and returns that text as
:attr:`GuardResult.query`; the endpoint must run exactly that text. The endpoint's worker
processes are also denied network sockets (``graph.endpoint.sandbox.sandbox_network``), so a difference
not listed here still cannot reach another server.

Brackets (``{``, ``(``, ``[``) nested deeper than :data:`MAX_NESTING` are refused with 400 before
either parser sees the text (:func:`nesting_problem`): both parse recursively, and 10,000 nested
braces or 40,000 nested parentheses overflowed a worker's stack (issue #12).

rdflib's parser takes ~0.1 s a query (pyparsing), so the endpoint runs it inside its time-limited
worker processes, and skips it for a normalised text that contains neither ``service`` nor
``from`` (only those keywords can fetch or choose a dataset; ``Store.query`` runs no update).
Regression tests: ``tests/test_sparql_guard.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from biopolicy.graph.sparql_text import NOT_NESTING
from biopolicy.loaders import namespaces as ns

GRAPH_NAMESPACE = ns.GRAPH
MAX_QUERY_CHARS = 100_000
MAX_ESCAPE_ROUNDS = 4
# Real queries nest a dozen deep; Oxigraph parses 64 nested blank-node brackets in 0.5 s and 200 in 34 s.
MAX_NESTING = 64

_OWN_GRAPH = re.compile(r"https://w3id\.org/biopolicy/graph/[A-Za-z0-9._~%-]+(?:/[A-Za-z0-9._~%-]+)*")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ESCAPE = re.compile(r"\\u[0-9a-f]{4}", re.IGNORECASE)
_BRACKETS = re.compile(NOT_NESTING + r"|([{(\[])|([})\]])")

QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
UPDATE_OPERATIONS = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


@dataclass(frozen=True)
class GuardResult:
    """The verdict on one request; when ``allowed``, run ``query`` (the normalised text)."""

    allowed: bool
    status: int
    message: str
    query: str = ""
    form: str = ""  # SELECT, ASK, CONSTRUCT or DESCRIBE
    default_graphs: tuple[str, ...] = field(default=())  # FROM, resolved
    named_graphs: tuple[str, ...] = field(default=())  # FROM NAMED, resolved

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (then the union default graph does not apply)."""
        return bool(self.default_graphs or self.named_graphs)


def refuse(status: int, message: str) -> GuardResult:
    return GuardResult(False, status, message)


def normalise(text: str) -> str:
    """The query text both rdflib and Oxigraph read alike (see the module docstring).

    Raises ``ValueError`` for an escape naming no code point or escapes nested too deeply.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for _ in range(MAX_ESCAPE_ROUNDS):
        if not _ESCAPE.search(text):
            return text
        text = expandUnicodeEscapes(text).replace("\r\n", "\n").replace("\r", "\n")
    if _ESCAPE.search(text):
        raise ValueError(f"codepoint escapes (\\uXXXX) nested more than {MAX_ESCAPE_ROUNDS} deep")
    return text


def nesting_depth(text: str) -> int:
    """How deep brackets nest in ``text`` (a normalised query), outside strings, IRIs and comments.

    >>> nesting_depth('SELECT * WHERE { ?s ?p ?o FILTER(regex(?o, "((((")) } # {{{{')
    3
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group(1):
            depth += 1
            deepest = max(deepest, depth)
        elif match.group(2):
            depth = max(0, depth - 1)
    return deepest


def nesting_problem(text: str) -> str:
    """Why ``text`` is nested too deeply to be parsed (empty when it is not).

    >>> nesting_problem("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000)
    'SPARQL syntax error: brackets nested 10,000 deep; this endpoint parses at most 64 levels of { }, ( ) and [ ]'
    """
    if text.count("{") + text.count("(") + text.count("[") <= MAX_NESTING:
        return ""
    depth = nesting_depth(text)
    if depth <= MAX_NESTING:
        return ""
    return (
        f"SPARQL syntax error: brackets nested {depth:,} deep; this endpoint parses at most {MAX_NESTING} levels "
        "of { }, ( ) and [ ]"
    )


def check_query(text: str) -> GuardResult:
    """Whether ``text`` is a read-only query over this dataset's graphs that fetches nothing."""
    if len(text) > MAX_QUERY_CHARS:
        return refuse(413, f"query too long: {len(text)} characters (at most {MAX_QUERY_CHARS})")
    if not text.strip():
        return refuse(400, "empty query")
    try:
        query = normalise(text)
    except ValueError as error:
        return refuse(400, f"SPARQL syntax error: {error}")
    too_deep = nesting_problem(query)
    if too_deep:
        return refuse(400, too_deep)
    try:
        tree = parseQuery(query)
    except ParseBaseException as error:
        update = _as_update(query)
        if update is not None:
            return update
        return refuse(400, f"SPARQL syntax error: {error}")
    except (RecursionError, ValueError) as error:
        return refuse(400, f"SPARQL syntax error: {type(error).__name__}: {error}")
    prologue, body = tree[0], tree[1]
    form = QUERY_FORMS.get(body.name, "")
    if not form:
        return refuse(400, f"unsupported query form {body.name}")
    services = [node for node in _nodes(body) if node.name == "ServiceGraphPattern"]
    if services:
        shown = ", ".join(f"SERVICE {_show_term(_field(node, 'term'))}" for node in services)
        return refuse(
            400,
            f"SERVICE is not allowed: this endpoint never fetches data from other servers ({shown}). "
            "Run federated queries from your own SPARQL client or endpoint.",
        )
    try:
        base, prefixes = _prologue(prologue)
        default_graphs, named_graphs = [], []
        for clause in _field(body, "datasetClause") or []:
            named = _field(clause, "named") is not None
            iri = _resolve(_field(clause, "named") if named else _field(clause, "default"), base, prefixes)
            problem = graph_iri_problem(iri)
            if problem:
                keyword = "FROM NAMED" if named else "FROM"
                return refuse(400, f"{keyword} <{iri}> is not allowed: {problem}")
            (named_graphs if named else default_graphs).append(iri)
    except _UnresolvableIri as error:
        return refuse(400, str(error))
    return GuardResult(True, 200, "ok", query, form, tuple(default_graphs), tuple(named_graphs))


def check_update(text: str) -> GuardResult:
    """Every update is refused; the message names its operations."""
    try:
        refused = _as_update(normalise(text))
    except ValueError:
        refused = None
    return refused or refuse(403, "SPARQL Update is not allowed: this endpoint is read-only")


def graph_iri_problem(iri: str) -> str:
    """Why ``iri`` may not name a graph of the query dataset (empty when it may)."""
    if not _ABSOLUTE_IRI.match(iri):
        return "a dataset graph must be an absolute IRI"
    if not _OWN_GRAPH.fullmatch(iri) or any(part in (".", "..") for part in iri.split("/")):
        return f"only this dataset's own graphs ({GRAPH_NAMESPACE}…) can be named; nothing is fetched"
    return ""


class _UnresolvableIri(Exception):
    pass


def _as_update(query: str) -> GuardResult | None:
    try:
        update = parseUpdate(query)
    except (ParseBaseException, RecursionError, ValueError):
        return None
    operations = []
    for request in _field(update, "request") or []:
        name = UPDATE_OPERATIONS.get(getattr(request, "name", ""), getattr(request, "name", "update"))
        if name not in operations:
            operations.append(name)
    detail = f" ({', '.join(operations)})" if operations else ""
    fetch = " and never fetches remote data" if "LOAD" in operations else ""
    return refuse(403, f"SPARQL Update is not allowed{detail}: this endpoint is read-only{fetch}")


def _field(node: object, key: str):
    """A field of a parse-tree node, ``None`` when absent.

    ``CompValue.get`` is no ``dict.get``: for a missing key it returns the key's name, so
    ``clause.get("named")`` is the truthy string ``"named"`` on a plain ``FROM`` clause.
    """
    return dict.get(node, key) if isinstance(node, dict) else None


def _nodes(tree: object):
    """Every ``CompValue`` in a parse tree (iterative: deep nesting must not overflow the stack)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)


def _show_term(term: object) -> str:
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{_field(term, 'prefix') or ''}:{_field(term, 'localname') or ''}"
    if term is None:
        return "?"
    text = term.n3() if hasattr(term, "n3") else str(term)
    return text if len(text) <= 200 else text[:200] + "…"


def _prologue(prologue: ParseResults) -> tuple[str | None, dict[str, str]]:
    """BASE and PREFIX declarations in order (each IRI resolved against the BASE before it)."""
    base: str | None = None
    prefixes: dict[str, str] = {}
    for declaration in prologue:
        if not isinstance(declaration, CompValue):
            continue
        if declaration.name == "Base":
            base = _absolute(str(declaration["iri"]), base)
        elif declaration.name == "PrefixDecl":
            prefixes[_field(declaration, "prefix") or ""] = _absolute(str(declaration["iri"]), base)
    return base, prefixes


def _absolute(iri: str, base: str | None) -> str:
    if _ABSOLUTE_IRI.match(iri) or base is None or not _ABSOLUTE_IRI.match(base):
        return iri
    return urljoin(base, iri)


def _resolve(term: object, base: str | None, prefixes: dict[str, str]) -> str:
    if isinstance(term, CompValue) and term.name == "pname":
        prefix = _field(term, "prefix") or ""
        if prefix not in prefixes:
            raise _UnresolvableIri(f"unknown prefix {prefix}: in a FROM clause (declare it with PREFIX)")
        return prefixes[prefix] + (_field(term, "localname") or "")
    return _absolute(str(term), base)
