"""`biopolicy serve`: the real server on a loopback port, queried with SPARQLWrapper and urllib.

One store (the three fixture plans) and one endpoint serve the module; the endpoint's limits are
small (1.5 s, 200 rows) so the timeout and the row limit can be reached on fixture data.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from biopolicy.graph import query as q
from biopolicy.graph import store as st
from biopolicy.graph.endpoint import handler, pages, serve
from tests.graph_fixtures import fake_loaders

KEYS = fake_loaders.PLAN_KEYS
ID = st.ID
XIAMEN_PLAN = f"{ID}plan/{KEYS['xiamen']}"
XIAMEN_GRAPH = st.PLAN_GRAPH + KEYS["xiamen"]
DCTERMS_TITLE = st.DCTERMS + "title"
PLANS = "PREFIX bp: <https://w3id.org/biopolicy/ontology#> SELECT ?plan WHERE { ?plan a bp:Plan } ORDER BY ?plan"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 1.5
MAX_ROWS = 200


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        path = tmp_path_factory.mktemp("serve") / "build"
        fake_loaders.build_fixture_store(path)
    return path


@pytest.fixture(scope="module")
def endpoint(store_dir):
    config = handler.ServeConfig(store_dir=store_dir, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2)
    with handler.Endpoint(config) as running:
        yield running


@pytest.fixture(scope="module")
def local(store_dir):
    return st.open_store(store_dir)


def sparql_url(endpoint) -> str:
    return endpoint.url + "sparql"


def request(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """``(status, headers, body)`` of one HTTP request, error statuses included."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def post_query(endpoint, text: str, accept: str | None = None, **params: str):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return request(sparql_url(endpoint), data=urlencode({"query": text, **params}).encode(), headers=headers)


def wrapper(endpoint, text: str, fmt=JSON, method=None) -> SPARQLWrapper:
    client = SPARQLWrapper(sparql_url(endpoint))
    client.setQuery(text)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    client.setTimeout(30)
    return client


# ---------------------------------------------------------------------------------------------
# SPARQL 1.1 Protocol and content negotiation


def test_every_canned_query_answers_through_sparqlwrapper_as_on_the_store(endpoint, local):
    for canned in q.catalogue():
        expected = q.run_on_store(local, canned.text)
        remote = q.results_from_json(wrapper(endpoint, canned.text, method=POST).query().convert())
        assert (remote.variables, remote.rows) == (expected.variables, expected.rows), canned.name


def test_a_query_by_get_is_answered(endpoint, local):
    canned = q.load_query("plans")
    remote = q.results_from_json(wrapper(endpoint, canned.text).query().convert())
    assert remote.rows == q.run_on_store(local, canned.text).rows


def test_a_query_mentioning_from_or_service_in_a_comment_or_string_is_answered(endpoint):
    text = '# rows from the plans, no SERVICE\n' + PLANS.replace("?plan a", '?plan a ?type FILTER(?type != "from") . ?plan a')
    status, _, body = post_query(endpoint, text)
    assert status == 200, body


def test_a_query_posted_as_application_sparql_query_is_answered(endpoint):
    status, headers, body = request(
        sparql_url(endpoint), data=PLANS.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    assert len(json.loads(body)["results"]["bindings"]) == 3


def test_select_answers_json_xml_csv_and_tsv_by_accept(endpoint):
    status, headers, body = post_query(endpoint, PLANS, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    uris = [node.text for node in ET.fromstring(body).findall(".//r:binding/r:uri", ns)]
    assert XIAMEN_PLAN in uris and len(uris) == 3

    status, headers, body = post_query(endpoint, PLANS, "text/csv")
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["plan"] and [XIAMEN_PLAN] in rows and body.endswith(b"\r\n")

    status, headers, body = post_query(endpoint, PLANS, "text/tab-separated-values")
    assert headers["Content-Type"] == "text/tab-separated-values; charset=utf-8"
    assert body.decode().splitlines()[0] == "?plan" and f"<{XIAMEN_PLAN}>" in body.decode().splitlines()

    status, headers, body = post_query(endpoint, PLANS, "text/html;q=0.5, text/csv;q=0.9, */*;q=0.1")
    assert headers["Content-Type"].startswith("text/csv")


def test_sparqlwrapper_return_formats_and_the_format_parameter(endpoint):
    assert wrapper(endpoint, PLANS, XML).query().response.headers["Content-Type"] == "application/sparql-results+xml"
    csv_text = wrapper(endpoint, PLANS, CSV).query().convert().decode()
    assert csv_text.splitlines()[0] == "plan"
    tsv_text = wrapper(endpoint, PLANS, TSV).query().convert().decode()
    assert tsv_text.splitlines()[0] == "?plan"
    status, headers, _ = request(sparql_url(endpoint) + "?" + urlencode({"query": PLANS, "format": "csv"}))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")


def test_ask_answers_a_boolean(endpoint):
    data = wrapper(endpoint, f"ASK {{ <{XIAMEN_PLAN}> ?p ?o }}").query().convert()
    assert data == {"head": {}, "boolean": True}
    _, _, body = post_query(endpoint, "ASK { <http://example.org/nothing> ?p ?o }", "application/sparql-results+xml")
    assert b"<boolean>false</boolean>" in body


def test_construct_answers_turtle_ntriples_and_json_ld_with_the_same_triples(endpoint, local):
    construct = f"CONSTRUCT {{ ?plan ?p ?o }} WHERE {{ GRAPH <{XIAMEN_GRAPH}> {{ ?plan a <{st.BP}Plan> ; ?p ?o }} }}"
    expected = {(t.subject, t.predicate, t.object) for t in local.query(construct)}
    assert len(expected) > 5
    parsed = {}
    for accept, rdf_format in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ):
        status, headers, body = post_query(endpoint, construct, accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == accept
        parsed[accept] = {(t.subject, t.predicate, t.object) for t in ox.parse(body, rdf_format)}
        assert parsed[accept] == expected, accept
    graph = wrapper(endpoint, construct, TURTLE).query().convert()
    assert (URIRef(XIAMEN_PLAN), URIRef(DCTERMS_TITLE), Literal("厦门市做强做大生物医药产业三年行动计划", lang="zh")) in Graph().parse(
        data=graph, format="turtle"
    )
    assert wrapper(endpoint, construct, JSONLD).query().response.headers["Content-Type"] == "application/ld+json"


def test_an_answer_format_the_query_form_cannot_have_is_406(endpoint):
    status, _, body = post_query(endpoint, PLANS, "image/png")
    assert status == 406 and b"application/sparql-results+json (json)" in body
    status, _, body = post_query(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv")
    assert status == 406 and b"CONSTRUCT and DESCRIBE answers can be text/turtle (turtle)" in body


def test_the_default_graph_is_the_union_and_from_or_default_graph_uri_narrow_it(endpoint):
    count = "SELECT (COUNT(DISTINCT ?plan) AS ?n) {from} WHERE {{ ?plan a <https://w3id.org/biopolicy/ontology#Plan> }}"
    def n(text: str, **params: str) -> int:
        status, _, body = post_query(endpoint, text, **params)
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert n(count.format(**{"from": ""})) == 3
    assert n(count.format(**{"from": f"FROM <{XIAMEN_GRAPH}>"})) == 1
    assert n(count.format(**{"from": ""}), **{"default-graph-uri": XIAMEN_GRAPH}) == 1


def test_get_sparql_without_a_query_describes_the_service(endpoint):
    status, headers, body = request(sparql_url(endpoint))
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body.decode(), format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in graph


def test_a_browser_following_a_query_link_is_sent_to_the_query_page(endpoint):
    opener = urllib.request.build_opener(NoRedirect)
    url = sparql_url(endpoint) + "?" + urlencode({"query": PLANS})
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(urllib.request.Request(url, headers={"Accept": "text/html,*/*;q=0.8"}))
    assert info.value.code == 303
    assert info.value.headers["Location"] == "./?" + urlencode({"query": PLANS, "run": "1"})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# ---------------------------------------------------------------------------------------------
# Guards: read-only, nothing fetched


def test_an_update_through_sparqlwrapper_is_refused_with_403_and_a_message(endpoint, store_dir):
    before = fake_loaders.snapshot(store_dir / st.DATABASE)
    client = wrapper(endpoint, "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", method=POST)
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403
    assert info.value.read().decode() == "SPARQL Update is not allowed (INSERT DATA): this endpoint is read-only\n"
    status, _, body = request(
        sparql_url(endpoint), data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert (status, body) == (403, b"SPARQL Update is not allowed (DROP): this endpoint is read-only\n")
    assert fake_loaders.snapshot(store_dir / st.DATABASE) == before


def test_load_is_refused_with_403_saying_nothing_is_fetched(endpoint):
    status, _, body = request(
        sparql_url(endpoint),
        data=urlencode({"update": "LOAD <http://example.org/data.ttl>"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403
    assert body == b"SPARQL Update is not allowed (LOAD): this endpoint is read-only and never fetches remote data\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
         "SERVICE is not allowed: this endpoint never fetches data from other servers (SERVICE <http://example.org/sparql>)"),
        ("PREFIX wd: <http://www.wikidata.org/entity/> SELECT * WHERE { ?s ?p ?o OPTIONAL { service silent wd:x { ?s ?q ?r } } }",
         "SERVICE is not allowed: this endpoint never fetches data from other servers (SERVICE wd:x)"),
        ("SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
         "SERVICE is not allowed: this endpoint never fetches data from other servers (SERVICE <http://example.org/sparql>)"),
        ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
         "FROM <http://example.org/data.ttl> is not allowed: only this dataset's own graphs"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
         "FROM NAMED <file:///etc/passwd> is not allowed: only this dataset's own graphs"),
    ],
    ids=["service", "service-silent-prefixed", "service-escaped", "from-remote", "from-named-file"],
)
def test_service_and_remote_datasets_are_refused_with_400_and_a_message(endpoint, text, expected):
    with pytest.raises(QueryBadFormed) as info:
        wrapper(endpoint, text).query()
    assert expected in str(info.value)


def test_a_remote_default_graph_uri_is_refused(endpoint):
    status, _, body = post_query(endpoint, PLANS, **{"default-graph-uri": "http://example.org/g"})
    assert status == 400 and body.startswith(b"default-graph-uri <http://example.org/g> is not allowed")


def test_a_syntax_error_is_400_with_the_parser_message(endpoint):
    status, _, body = post_query(endpoint, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and body.startswith(b"SPARQL syntax error")


def test_writes_by_http_method_and_oversized_bodies_are_refused(endpoint):
    status, headers, _ = request(sparql_url(endpoint), data=b"x", method="PUT")
    assert status == 405 and "POST" in headers["Allow"]
    assert request(endpoint.url + "id/plan/x", method="DELETE")[0] == 405
    status, _, body = request(
        sparql_url(endpoint), data=b"q" * (handler.MAX_REQUEST_BYTES + 1),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 413 and b"limited to" in body


# ---------------------------------------------------------------------------------------------
# Limits: time and size


def test_a_runaway_query_is_stopped_while_other_queries_are_answered(endpoint):
    before = set(endpoint.pool.worker_pids())
    outcome = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["answer"] = post_query(endpoint, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    status, _, body = post_query(endpoint, PLANS)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    assert thread.is_alive(), "the second query was answered while the runaway one still ran"
    thread.join(TIMEOUT + 10)
    status, _, body = outcome["answer"]
    assert status == 503
    assert body.decode().startswith(f"the query was stopped after {TIMEOUT:g} s, this endpoint's time limit")
    assert TIMEOUT <= outcome["seconds"] < TIMEOUT + 3
    killed = before - set(endpoint.pool.worker_pids())
    assert len(killed) == 1
    (pid,) = killed
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
    deadline = time.monotonic() + 15
    while len(endpoint.pool.worker_pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(endpoint.pool.worker_pids()) == 2, "the stopped worker was replaced"
    for _ in range(3):
        assert post_query(endpoint, PLANS)[0] == 200


def test_an_answer_over_the_row_limit_is_refused_not_truncated(endpoint):
    status, _, body = post_query(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400
    assert body.decode().startswith(f"the answer has more than {MAX_ROWS:,} rows, this endpoint's limit")
    status, _, body = post_query(endpoint, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, _, body = post_query(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 400 and b"more than 200 triples" in body


# ---------------------------------------------------------------------------------------------
# The worker sandbox: a query that got past the guard still fetches nothing


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')

    do_POST = do_GET

    def log_message(self, *args):
        pass


SANDBOXED = """
import socket, sys
import pyoxigraph as ox
from biopolicy.graph.endpoint.sandbox import sandbox_network
assert sandbox_network()
a, b = socket.socketpair()
a.send(b"ok")
assert b.recv(2) == b"ok"
for family in (socket.AF_INET, socket.AF_INET6):
    try:
        socket.socket(family)
        sys.exit(f"socket family {family} was allowed")
    except PermissionError:
        pass
try:
    list(ox.Store().query("SELECT * WHERE { SERVICE <%s> { ?s ?p ?o } }"))
    sys.exit("SERVICE answered")
except (OSError, RuntimeError) as error:
    print(error)
"""


def test_the_workers_are_sandboxed(endpoint):
    assert endpoint.pool.sandboxed


WORKER_IMPORTS = "import sys, biopolicy.graph.endpoint.worker; print(' '.join(sorted(sys.modules)))"


def test_a_worker_imports_only_what_it_runs(tmp_path):
    """No HTTP server, pages, pool or command line in a worker; rdflib only once it guards a query."""
    result = subprocess.run(
        [sys.executable, "-c", WORKER_IMPORTS], capture_output=True, text=True, cwd=tmp_path, timeout=60, check=True
    )
    loaded = set(result.stdout.split())
    assert "biopolicy.graph.endpoint.worker" in loaded
    server_side = {"handler", "pages", "pool", "serve"}
    assert not {f"biopolicy.graph.endpoint.{name}" for name in server_side} & loaded
    for name in ("http.server", "http.client", "email", "argparse", "rdflib", "pyshacl", "biopolicy.graph.query"):
        assert name not in loaded, name


def test_a_sandboxed_process_reaches_no_server_even_by_service(tmp_path):
    """What a worker can do if a query ever got past the guard: open Unix sockets, nothing else."""
    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{listener.server_address[1]}/sparql"
        result = subprocess.run(
            [sys.executable, "-c", SANDBOXED % url], capture_output=True, text=True, cwd=tmp_path, timeout=30,
        )
    finally:
        listener.shutdown()
        listener.server_close()
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Permission denied" in result.stdout
    assert _Recorder.hits == []


# ---------------------------------------------------------------------------------------------
# Resource pages


def test_a_resource_dereferences_to_html_for_browsers(endpoint):
    status, headers, body = request(
        endpoint.url + "id/plan/" + KEYS["xiamen"], headers={"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"}
    )
    page = body.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>厦门市做强做大生物医药产业三年行动计划</h1>" in page
    assert 'href="../../id/jurisdiction/350200-xiamenshi"' in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_a_resource_dereferences_to_turtle_json_ld_and_ntriples_by_accept(endpoint, local):
    iri = XIAMEN_PLAN
    expected = {(q_.subject, q_.predicate, q_.object) for q_ in local.quads_for_pattern(ox.NamedNode(iri), None, None)}
    for accept, rdf_format in (
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("*/*", ox.RdfFormat.TURTLE),
    ):
        status, headers, body = request(endpoint.url + "id/plan/" + KEYS["xiamen"], headers={"Accept": accept})
        assert status == 200 and headers["Vary"] == "Accept", accept
        assert {(t.subject, t.predicate, t.object) for t in ox.parse(body, rdf_format)} == expected, accept
    status, headers, _ = request(endpoint.url + "id/plan/" + KEYS["xiamen"] + "?format=jsonld")
    assert headers["Content-Type"] == "application/ld+json"


def test_an_evidence_resource_carries_its_fragment_resources(endpoint):
    evidence = f"{ID}evidence/{KEYS['xiamen']}/20-48"
    status, _, body = request(endpoint.url + "id/" + evidence[len(ID):], headers={"Accept": "application/n-triples"})
    subjects = {t.subject.value for t in ox.parse(body, ox.RdfFormat.N_TRIPLES)}
    assert status == 200 and {evidence, evidence + "#target"} <= subjects


def test_an_unknown_resource_is_404(endpoint):
    status, _, body = request(endpoint.url + "id/plan/" + quote("000000-1999-nothing"))
    assert status == 404 and body.startswith(b"nothing is known about <https://w3id.org/biopolicy/id/plan/")


# ---------------------------------------------------------------------------------------------
# The query page


def test_the_query_page_and_its_files_are_served_from_this_server(endpoint):
    status, headers, body = request(endpoint.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    page = body.decode()
    assert 'src="web/app.js"' in page and "http" not in page.split("<body>")[0].replace("http-equiv", "")
    for name in pages.PAGE_FILES:
        assert request(endpoint.url + "web/" + name)[0] == 200
    assert request(endpoint.url + "web/../serve.py")[0] == 404


def test_the_catalogue_lists_every_canned_query_with_its_header_titles(endpoint):
    status, _, body = request(endpoint.url + "api/queries")
    data = json.loads(body)
    assert status == 200 and data["limits"] == {"timeout_s": TIMEOUT, "max_rows": MAX_ROWS}
    by_name = {entry["name"]: entry for entry in data["queries"]}
    catalogue = q.catalogue()
    assert set(by_name) == {canned.name for canned in catalogue}
    for canned in catalogue:
        assert by_name[canned.name]["title"] == (canned.title or canned.name)
        assert by_name[canned.name]["title_zh"] == canned.title_zh
        assert by_name[canned.name]["text"] == canned.text


# ---------------------------------------------------------------------------------------------
# A store swapped in by a writer is served by the next query


def test_the_workers_follow_a_store_replaced_by_a_writer(tmp_path, monkeypatch):
    fake_loaders.install(monkeypatch)
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir)
    config = handler.ServeConfig(store_dir=store_dir, port=0, workers=1)
    with handler.Endpoint(config) as running:
        assert len(json.loads(post_query(running, PLANS)[2])["results"]["bindings"]) == 3
        st.remove_plan(store_dir, KEYS["xiamen"], dumps=False)
        assert len(json.loads(post_query(running, PLANS)[2])["results"]["bindings"]) == 2


def test_serving_a_missing_store_is_a_user_error(tmp_path):
    with pytest.raises(st.StoreError, match="no store at .*: run `biopolicy build` first"):
        handler.Endpoint(handler.ServeConfig(store_dir=tmp_path / "nothing", port=0))


def test_serve_has_help_with_examples(capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="biopolicy")
    serve.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "biopolicy serve" in out and "--max-rows" in out


def test_a_forged_host_header_does_not_enter_the_service_description(endpoint):
    for accept in ("text/turtle", "application/n-triples"):
        status, _, body = request(sparql_url(endpoint), headers={"Host": "x> . <http://evil.example/", "Accept": accept})
        assert status == 200 and b"evil" not in body
        assert f"<{sparql_url(endpoint)}>".encode() in body
