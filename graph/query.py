"""Run the canned SPARQL queries of ``queries/*.rq`` on the store or on a remote endpoint.

Each query file starts with a comment header that the catalogue reads::

    # title: Plans                      (English)
    # 标题: 规划文件                     (Chinese)
    # question: Which plans are in the graph, by whom, for which years?
    # columns: plan, title, jurisdiction, ...
    # param: year 2025 year             (optional; name, default and kind of value)

Parameters: a query that takes ``year`` declares ``# param: year 2025`` and contains exactly one
line ``VALUES ?year { "2025" }``, so it runs unchanged in any SPARQL client. ``--param year=2030``
rewrites that line's value (always a string literal; queries cast it where they need a number).
The optional third word names the kind of value (:data:`PARAM_KINDS`): ``--param year=abc`` is then
an error that says what is expected, not a query that silently answers 0 rows.

Queries run on the union of all named graphs (pyoxigraph ``use_default_graph_as_union``); a
remote endpoint must be configured the same way (``oxigraph serve --union-default-graph``).

How the canned queries are written, and why (measured on a 500-plan synthetic store, see
BENCHMARKS.md):

* Facts are matched inside ``GRAPH ?g { … }``, the plan's own graph, never in the union:
  Oxigraph's union default graph does not remove duplicates, so an agency described by 13
  plans of one city matched 13 times per responsibility (a co-responsibility count took 200 s).
* The jurisdiction's name comes from ``graph/jurisdictions`` through the plan, joined on
  variables that are certainly bound (``?g``, ``?plan``): a join on a variable an OPTIONAL may
  leave unbound makes Oxigraph compare every row with every label.
* Chains under OPTIONAL (``OPTIONAL { ?x bp:evidence/oa:hasTarget/… }``) are evaluated over the
  whole store before the join; the evidence of a fact, which emit always writes and the shapes
  require, is therefore matched as a required pattern.
* After an aggregate sub-query, OPTIONAL details go in a ``GRAPH ?g { OPTIONAL … }`` group of
  their own, placed after the FILTER that keeps the wanted rows.
Results are rows of RDF terms (:class:`graph.formats.Term`), written by :mod:`graph.formats`
exactly as the endpoint writes them: an aligned table (wide CJK characters count as two
columns), the W3C CSV (plain values) or TSV (RDF terms: ``<iri>``, ``"literal"@zh``), SPARQL 1.1
Query Results JSON or XML.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from biopolicy.graph import formats, sparql_text
from biopolicy.graph import store as st
from biopolicy.graph.formats import Term, term
from biopolicy.loaders import resources
from biopolicy.loaders.errors import EndpointUnreachable, QueryError  # noqa: F401 - re-exported

QUERIES_DIR = resources.queries_dir()
HEADER = re.compile(r"^#\s*(title|标题|question|问题|columns|param)\s*[:：]\s*(.*?)\s*$")


# The kinds of value a ``# param:`` line may declare: a pattern the whole value must match, and
# what to tell a user whose value does not.
PARAM_KINDS = {
    "year": (re.compile(r"[12][0-9]{3}"), "a year of four digits, such as 2025"),
    "text": (re.compile(r".+", re.DOTALL), "any non-empty text"),
}


@dataclass
class CannedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    title_zh: str = ""
    question: str = ""
    columns: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    param_kinds: dict[str, str] = field(default_factory=dict)


def parse_header(name: str, path: Path, text: str) -> CannedQuery:
    query = CannedQuery(name=name, path=path, text=text)
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "title":
            query.title = value
        elif key == "标题":
            query.title_zh = value
        elif key in ("question", "问题"):
            query.question = value
        elif key == "columns":
            query.columns = [column.strip() for column in value.split(",") if column.strip()]
        elif key == "param":
            param_name, default, kind = ([*value.split(), "", ""])[:3]
            query.params[param_name] = default
            query.param_kinds[param_name] = kind or "text"
    return query


def catalogue(queries_dir: Path | None = None) -> list[CannedQuery]:
    directory = Path(queries_dir or QUERIES_DIR)
    return [
        parse_header(path.stem, path, path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.rq"))
    ]


def load_query(name_or_path: str, queries_dir: Path | None = None) -> CannedQuery:
    """A canned query by name (``plans``) or any ``.rq`` file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq" or "/" in name_or_path:
        if not candidate.is_file():
            raise QueryError(f"no query file {name_or_path}")
        return parse_header(candidate.stem, candidate, candidate.read_text(encoding="utf-8"))
    path = Path(queries_dir or QUERIES_DIR) / f"{name_or_path}.rq"
    if not path.is_file():
        names = [q.name for q in catalogue(queries_dir)]
        close = [n for n in names if name_or_path in n][:5]
        hint = f"; did you mean {', '.join(close)}?" if close else "; `biopolicy queries` lists them"
        raise QueryError(f"no canned query {name_or_path!r}{hint}")
    return parse_header(path.stem, path, path.read_text(encoding="utf-8"))


def sparql_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def apply_params(query: CannedQuery, params: dict[str, str]) -> str:
    """The query text with each ``VALUES ?name { … }`` line set to the given (or default) value."""
    unknown = sorted(set(params) - set(query.params))
    if unknown:
        takes = ", ".join(query.params) or "no parameters"
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)} (it takes {takes})")
    text = query.text
    for name in query.params:
        if name not in params:
            continue
        check_param(query, name, params[name])
        pattern = re.compile(rf"^(\s*VALUES\s+\?{re.escape(name)}\s*\{{)[^}}]*(\}})", re.MULTILINE)
        value = sparql_string(params[name])
        text, count = pattern.subn(lambda m, value=value: f"{m.group(1)} {value} {m.group(2)}", text)
        if count != 1:
            raise QueryError(f"query {query.name} declares param {name} but has no line `VALUES ?{name} {{ … }}`")
    return text


def check_param(query: CannedQuery, name: str, value: str) -> None:
    """QueryError unless ``value`` is of the kind the ``# param:`` line declares."""
    kind = query.param_kinds.get(name, "text")
    if kind not in PARAM_KINDS:
        raise QueryError(f"query {query.name} declares param {name} of unknown kind {kind!r} "
                         f"(kinds: {', '.join(PARAM_KINDS)})")
    pattern, expected = PARAM_KINDS[kind]
    if not pattern.fullmatch(value):
        raise QueryError(f"query {query.name}: --param {name}={value!r} is not {expected}")


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes KEY=VALUE, not {pair!r}")
        params[key.strip()] = value
    return params


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class Results:
    """The rows of a SELECT; an ASK answers one row ``boolean`` and keeps the value in ``boolean``."""

    variables: list[str]
    rows: list[dict[str, Term]]
    seconds: float = 0.0
    boolean: bool | None = None

    def column(self, name: str) -> list[str]:
        return [row[name].plain() if name in row else "" for row in self.rows]

    def plain_rows(self) -> list[tuple[str, ...]]:
        return [tuple(row[v].plain() if v in row else "" for v in self.variables) for row in self.rows]

    def term_rows(self) -> list[tuple[Term | None, ...]]:
        """The rows in variable order, ``None`` where a variable is unbound (what the writers take)."""
        return [tuple(row.get(v) for v in self.variables) for row in self.rows]


def _boolean(value: bool, seconds: float = 0.0) -> Results:
    row = {"boolean": Term("literal", "true" if value else "false", None, st.XSD + "boolean")}
    return Results(["boolean"], [row], seconds, boolean=value)


def run_on_store(store, text: str) -> Results:
    import pyoxigraph as ox

    started = time.perf_counter()
    try:
        solutions = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from error
    if isinstance(solutions, ox.QueryBoolean):
        return _boolean(bool(solutions), time.perf_counter() - started)
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries can be printed as rows; this is a CONSTRUCT or DESCRIBE")
    variables = sparql_text.star_projection_order(text, [v.value for v in solutions.variables])
    rows = []
    for solution in solutions:
        row = {}
        for name in variables:
            node = solution[name]
            if node is not None:
                row[name] = term(node)
        rows.append(row)
    return Results(variables, rows, time.perf_counter() - started)


def select_json(url: str, text: str, timeout: int = 120, agent: str | None = None) -> dict:
    """The SPARQL JSON results of ``text`` POSTed to ``url`` (SPARQLWrapper); QueryError if refused or unreachable."""
    from urllib.error import HTTPError

    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(url, agent=agent) if agent else SPARQLWrapper(url)
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    try:
        data = client.query().convert()
    except (SPARQLWrapperException, HTTPError) as error:
        raise QueryError(f"the endpoint {url} refused the query: {error}") from error
    except OSError as error:
        raise EndpointUnreachable(f"cannot reach the endpoint {url}: {error}") from error
    if not isinstance(data, dict):
        raise QueryError(f"the endpoint {url} did not answer with SPARQL JSON results")
    return data


def run_on_endpoint(url: str, text: str) -> Results:
    """The same rows from a remote SPARQL endpoint (SPARQL 1.1 protocol, JSON results)."""
    started = time.perf_counter()
    data = select_json(url, text)
    return results_from_json(data, time.perf_counter() - started)


def results_from_json(data: dict, seconds: float = 0.0) -> Results:
    if "boolean" in data:
        return _boolean(bool(data["boolean"]), seconds)
    variables = list(data.get("head", {}).get("vars", []))
    rows = []
    for binding in data.get("results", {}).get("bindings", []):
        row = {}
        for name, item in binding.items():
            kind = {"uri": "uri", "bnode": "bnode"}.get(item["type"], "literal")
            datatype = item.get("datatype")
            if datatype in (st.XSD + "string", st.RDF + "langString"):
                datatype = None
            row[name] = Term(kind, item["value"], item.get("xml:lang"), datatype)
        rows.append(row)
    return Results(variables, rows, seconds)


def run(
    query: CannedQuery,
    *,
    store_dir: Path | None = None,
    endpoint: str | None = None,
    params: dict[str, str] | None = None,
    store=None,
) -> Results:
    text = apply_params(query, params or {})
    if endpoint:
        return run_on_endpoint(endpoint, text)
    return run_on_store(store if store is not None else st.open_store(Path(store_dir or "graph/build")), text)


# ---------------------------------------------------------------------------------------------
# Output


def render(results: Results, fmt: str) -> bytes:
    """The results in the result format called ``fmt`` (:data:`graph.formats.RESULT_FORMATS`)."""
    try:
        chosen = formats.result_format(fmt)
    except KeyError as error:
        raise QueryError(error.args[0]) from error
    if results.boolean is not None and chosen.write_boolean is not None:
        return chosen.write_boolean(results.boolean)
    return chosen.write(results.variables, results.term_rows())


# ---------------------------------------------------------------------------------------------
# Batch: every canned query to CSV


def run_all(store_dir: Path, out_dir: Path, queries_dir: Path | None = None, log=None) -> dict[str, int]:
    """Write ``<name>.csv`` (W3C CSV) of every canned query with its default parameters.

    From the answers materialised with the store where they are current, else run on the store.
    """
    from biopolicy.graph import answers

    store = st.open_store(Path(store_dir))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    csv_format = formats.result_format("csv")
    for query in catalogue(queries_dir):
        target = out_dir / f"{query.name}.{csv_format.extension}"
        started = time.perf_counter()
        answer = answers.lookup(Path(store_dir), query.name, queries_dir)
        if answer is not None:
            target.write_bytes(answer.read(csv_format.name))
            counts[query.name] = answer.rows
            if log is not None:
                log(f"{query.name}: {answer.rows} rows in {(time.perf_counter() - started) * 1000:.0f} ms "
                    "(materialised with the store)")
            continue
        results = run_on_store(store, query.text)
        target.write_bytes(render(results, csv_format.name))
        counts[query.name] = len(results.rows)
        if log is not None:
            log(f"{query.name}: {len(results.rows)} rows in {results.seconds * 1000:.0f} ms")
    return counts
