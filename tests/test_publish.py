"""`biopolicy publish` into a real Oxigraph server process: the canned queries answer there as here.

The server runs with ``--union-default-graph`` (what the canned queries expect). Publishing by the
Graph Store Protocol, then by SPARQL Update after a plan was removed locally, must leave the
remote store answering every canned query with exactly the local rows.
"""

from __future__ import annotations

import argparse
import shutil
import urllib.request
from pathlib import Path

import pytest

from biopolicy.graph import publish as pub
from biopolicy.graph import query as q
from biopolicy.graph import store as st
from tests.graph_fixtures import fake_loaders
from tests.wikidata_fixture.oxigraph_server import oxigraph_binary, oxigraph_server

KEYS = fake_loaders.PLAN_KEYS
pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server (PyPI oxigraph) is not installed")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        path = tmp_path_factory.mktemp("publish") / "build"
        fake_loaders.build_fixture_store(path)
    return path


@pytest.fixture
def store_dir(built, tmp_path) -> Path:
    """A copy of the built store that a test may change."""
    shutil.copytree(built, tmp_path / "build")
    return tmp_path / "build"


def remote_graphs(base: str) -> set[str]:
    rows = q.run_on_endpoint(base + "/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
    return set(rows.column("g"))


def assert_canned_queries_agree(store_dir: Path, base: str) -> None:
    local = st.open_store(store_dir)
    for canned in q.catalogue():
        here = q.run_on_store(local, canned.text)
        there = q.run_on_endpoint(base + "/query", canned.text)
        assert there.variables == here.variables, canned.name
        assert there.plain_rows() == here.plain_rows(), canned.name


def test_publish_then_every_canned_query_answers_the_same_remotely(store_dir, tmp_path):
    with oxigraph_server(tmp_path / "remote", union_default_graph=True) as base:
        report = pub.publish(store_dir, base + "/update", graph_store=base + "/store")
        local_graphs = set(st.list_graphs(st.open_store(store_dir)))
        assert report.graphs == len(local_graphs) and report.method == "Graph Store Protocol"
        assert remote_graphs(base) == local_graphs
        assert_canned_queries_agree(store_dir, base)

        # a plan removed here disappears there; a triple added there to a plan graph is replaced away
        stray = f"<{st.ID}plan/{KEYS['hubei']}> <{st.DCTERMS}title> \"stray\" "
        urllib.request.urlopen(urllib.request.Request(
            base + "/update", data=f"INSERT DATA {{ GRAPH <{st.PLAN_GRAPH}{KEYS['hubei']}> {{ {stray} }} }}".encode(),
            headers={"Content-Type": "application/sparql-update"},
        )).read()
        st.remove_plan(store_dir, KEYS["xiamen"], dumps=False)
        report = pub.publish(store_dir, base + "/update", query_endpoint=base + "/query")
        assert report.method == "SPARQL Update" and report.stale == [st.PLAN_GRAPH + KEYS["xiamen"]]
        assert remote_graphs(base) == set(st.list_graphs(st.open_store(store_dir)))
        assert_canned_queries_agree(store_dir, base)


def test_without_a_query_endpoint_stale_graphs_are_emptied(store_dir, tmp_path):
    with oxigraph_server(tmp_path / "remote", union_default_graph=True) as base:
        pub.publish(store_dir, base + "/update", graph_store=base + "/store")
        st.remove_plan(store_dir, KEYS["xiamen"], dumps=False)
        report = pub.publish(store_dir, base + "/update", graph_store=base + "/store")
        assert report.stale_dropped and report.stale == []
        ask = f"ASK {{ GRAPH <{st.PLAN_GRAPH}{KEYS['xiamen']}> {{ ?s ?p ?o }} }}"
        assert q.run_on_endpoint(base + "/query", ask).column("boolean") == ["false"]
        assert_canned_queries_agree(store_dir, base)


def test_keep_stale_leaves_graphs_the_local_store_no_longer_has(store_dir, tmp_path):
    with oxigraph_server(tmp_path / "remote") as base:
        pub.publish(store_dir, base + "/update", graph_store=base + "/store")
        st.remove_plan(store_dir, KEYS["xiamen"], dumps=False)
        report = pub.publish(store_dir, base + "/update", graph_store=base + "/store", keep_stale=True)
        assert not report.stale_dropped
        assert st.PLAN_GRAPH + KEYS["xiamen"] in remote_graphs(base)


def test_a_refusing_or_absent_endpoint_is_a_one_line_user_error(store_dir, tmp_path):
    with oxigraph_server(tmp_path / "remote", read_only=True) as base:
        with pytest.raises(st.StoreError, match=r"/store\?graph=.* refused graph <.*>: HTTP 403"):
            pub.publish(store_dir, base + "/update", graph_store=base + "/store")
    with pytest.raises(st.StoreError, match=r"cannot reach http://127.0.0.1:9/update"):
        pub.publish(store_dir, "http://127.0.0.1:9/update")


def test_graphs_go_reference_first_plans_next_derived_last():
    graphs = [st.META_GRAPH, st.PLAN_GRAPH + "b", st.INFERRED_GRAPH, st.ONTOLOGY_GRAPH, st.PLAN_GRAPH + "a",
              st.LINKS_GRAPH]
    assert pub.publication_order(graphs) == [
        st.LINKS_GRAPH, st.ONTOLOGY_GRAPH, st.PLAN_GRAPH + "a", st.PLAN_GRAPH + "b", st.INFERRED_GRAPH, st.META_GRAPH,
    ]


def test_publish_has_help_with_examples(capsys):
    parser = argparse.ArgumentParser(prog="biopolicy")
    pub.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["publish", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "biopolicy publish --endpoint" in out and "--graph-store" in out


def test_a_digest_login_goes_with_the_first_request_not_after_a_401_with_the_body_already_sent(store_dir):
    """Virtuoso closed the connection with its 401 while a large graph was still being sent (broken pipe)."""
    import http.server
    import threading

    seen: list[tuple[str, str | None]] = []
    challenge = 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5", opaque="x"'

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self, code: int) -> None:
            self.send_response(code)
            if code == 401:
                self.send_header("WWW-Authenticate", challenge)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_HEAD(self):  # noqa: N802
            seen.append(("HEAD", self.headers.get("Authorization")))
            self.answer(401)

        def do_PUT(self):  # noqa: N802
            seen.append(("PUT", self.headers.get("Authorization")))
            self.rfile.read(int(self.headers["Content-Length"]))
            self.answer(201 if self.headers.get("Authorization") else 401)

        do_POST = do_PUT  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        pub.publish(store_dir, base + "/update", graph_store=base + "/store", user="dba", password="dba")
    finally:
        server.shutdown()
        server.server_close()
    bodies = [auth for method, auth in seen if method != "HEAD"]
    assert bodies and all(auth and auth.startswith('Digest username="dba"') for auth in bodies)
    assert [method for method, _ in seen].count("HEAD") == 2  # one challenge per URL: /store and /update
