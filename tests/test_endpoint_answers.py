"""The endpoint answers a canned query from the store's materialised answer, byte for byte the live one.

A canned query is recognised by its text (comments and spacing aside) or sent by name at
``/query/NAME``; the answer says ``X-Biopolicy-Answer: materialised`` or ``live``. Live answers
are had by moving ``answers/`` away, which is what a store without current answers looks like.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from biopolicy.graph import answers, formats
from biopolicy.graph import query as q
from biopolicy.graph import store as st
from biopolicy.graph.endpoint import canned, handler
from tests.graph_fixtures import fake_loaders
from tests.graph_fixtures.endpoint_client import send, send_query

HEADER = canned.ANSWER_HEADER
MEDIA_TYPES = [fmt.media_type for fmt in formats.ENDPOINT_RESULT_FORMATS]
DOC_NUMBER_PATTERN = "    OPTIONAL { ?plan bp:docNumber ?docNumber }\n"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        monkeypatch.setenv("BIOPOLICY_CACHE", str(tmp_path_factory.mktemp("cache")))
        path = tmp_path_factory.mktemp("endpoint-answers") / "build"
        fake_loaders.build_fixture_store(path)
    return path


def start(store_dir: Path, **settings) -> handler.Endpoint:
    return handler.Endpoint(handler.ServeConfig(store_dir=store_dir, port=0, workers=2, **settings)).start()


@pytest.fixture(scope="module")
def port(store_dir):
    endpoint = start(store_dir)
    yield endpoint.server.server_address[1]
    endpoint.close()


@contextlib.contextmanager
def answers_moved_away(store_dir: Path):
    """The store without its materialised answers: every query runs live."""
    directory, away = store_dir / answers.ANSWERS, store_dir / "answers-away"
    os.rename(directory, away)
    try:
        yield
    finally:
        os.rename(away, directory)


def answer_each_format(port: int, texts: dict[str, str]) -> dict[tuple[str, str], tuple[int, str, str, bytes]]:
    """``(name, media type) → (status, answered by, content type, body)`` of every text in every result format."""
    found = {}
    for name, text in texts.items():
        for media_type in MEDIA_TYPES:
            status, headers, body = send_query(port, text, media_type)
            found[name, media_type] = (status, headers.get(HEADER), headers["Content-Type"], body)
    return found


def canned_texts() -> dict[str, str]:
    return {query.name: query.text for query in q.catalogue()}


# ---------------------------------------------------------------------------------------------
# Every canned query, every format


def test_every_canned_query_in_every_format_is_the_materialised_answer_byte_for_byte_the_live_one(store_dir, port):
    texts = canned_texts()
    materialised = answer_each_format(port, texts)
    with answers_moved_away(store_dir):
        live = answer_each_format(port, texts)
    for key, (status, source, content_type, body) in materialised.items():
        assert (status, source) == (200, "materialised"), key
        assert live[key][:3] == (200, "live", content_type), key
        assert body == live[key][3], f"{key}: the materialised answer differs from the live one"
    assert json.loads(materialised["plans", MEDIA_TYPES[0]][3])["results"]["bindings"], "the fixture store has plans"


def test_a_canned_text_with_other_comments_and_spacing_by_get_or_head_is_materialised(port):
    text = q.load_query("parks").text
    body_only = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    respaced = "  # my copy\n" + body_only.replace("\n", "\n    ") + "\n"
    status, headers, got = send_query(port, respaced, "text/csv", method="GET")
    assert (status, headers[HEADER]) == (200, "materialised")
    assert got == send_query(port, text, "text/csv")[2]
    status, headers, got = send_query(port, text, "text/csv", method="HEAD")
    assert (status, headers[HEADER], got) == (200, "materialised", b"")
    assert HEADER in headers["Access-Control-Expose-Headers"]


def test_a_query_one_triple_pattern_away_from_a_canned_one_is_answered_live(store_dir, port):
    text = q.load_query("plans").text
    assert DOC_NUMBER_PATTERN in text
    changed = text.replace(DOC_NUMBER_PATTERN, "")
    status, headers, body = send_query(port, changed, "text/tab-separated-values")
    assert (status, headers[HEADER]) == (200, "live")
    expected = q.render(q.run_on_store(st.open_store(store_dir), changed), "tsv")
    assert body == expected
    assert body != send_query(port, text, "text/tab-separated-values")[2]  # the docNumber column is empty


def test_a_canned_name_sent_as_query_text_is_a_syntax_error_not_the_canned_answer(port):
    status, headers, body = send_query(port, "plans")
    assert (status, headers[HEADER]) == (400, "live")
    assert b"syntax error" in body


def test_a_query_with_its_own_dataset_is_answered_live(store_dir, port):
    graph = st.PLAN_GRAPH + fake_loaders.PLAN_KEYS["xiamen"]
    status, headers, _body = send_query(port, q.load_query("plans").text, **{"default-graph-uri": graph})
    assert (status, headers[HEADER]) == (200, "live")


# ---------------------------------------------------------------------------------------------
# Parameters and the by-name route


def test_a_parameterised_query_is_materialised_only_with_its_default_parameters(store_dir, port):
    for query in (query for query in q.catalogue() if query.params):
        (parameter, default), = query.params.items()
        status, headers, default_body = send(port, "GET", f"/query/{query.name}?format=csv")
        assert (status, headers[HEADER]) == (200, "materialised"), query.name
        assert default_body == send_query(port, query.text, "text/csv")[2]
        status, headers, _ = send(port, "GET", f"/query/{query.name}?{urlencode({parameter: default, 'format': 'csv'})}")
        assert (status, headers[HEADER]) == (200, "materialised"), query.name
        other = str(int(default) + 7) if default.isdigit() else default + "x"
        other_text = q.apply_params(query, {parameter: other})
        expected = q.render(q.run_on_store(st.open_store(store_dir), other_text), "csv")
        for target, sent in ((f"/query/{query.name}?{urlencode({parameter: other, 'format': 'csv'})}", None),
                             (None, other_text)):
            status, headers, body = (send(port, "GET", target) if target else send_query(port, sent, "text/csv"))
            assert (status, headers[HEADER]) == (200, "live"), query.name
            assert body == expected, query.name


def test_the_by_name_route_refuses_unknown_queries_and_parameters_and_sends_browsers_to_the_page(port):
    assert send(port, "GET", "/query/no_such_query")[0] == 404
    assert send(port, "GET", "/query/..%2Fqueries%2Fplans")[0] == 404
    status, _, body = send(port, "GET", "/query/plans?year=2030")
    assert status == 400 and b"no parameter year" in body
    status, headers, _ = send(port, "GET", "/query/plans", headers={"Accept": "text/html"})
    assert status == 303
    assert headers["Location"] == "../?" + urlencode({"query": q.load_query("plans").text, "run": "1"})


# ---------------------------------------------------------------------------------------------
# Limits


def test_the_row_limit_refuses_a_materialised_answer_as_it_refuses_the_live_one(store_dir):
    rows = answers.current_answer(store_dir, "plans").rows
    assert rows > 1
    endpoint = start(store_dir, max_rows=rows - 1)
    try:
        port = endpoint.server.server_address[1]
        text = q.load_query("plans").text
        materialised = send_query(port, text)
        with answers_moved_away(store_dir):
            live = send_query(port, text)
    finally:
        endpoint.close()
    assert (materialised[0], materialised[1][HEADER]) == (400, "materialised")
    assert (live[0], live[1][HEADER]) == (400, "live")
    assert materialised[2] == live[2]


def test_a_format_the_answers_lack_is_negotiated_by_the_worker(port):
    status, headers, body = send_query(port, q.load_query("plans").text, "image/png")
    assert (status, headers[HEADER]) == (406, "live")
    assert b"text/csv" in body


# ---------------------------------------------------------------------------------------------
# Never stale


@pytest.fixture
def two_plans(monkeypatch, tmp_path) -> Path:
    fake_loaders.install(monkeypatch)
    monkeypatch.setenv("BIOPOLICY_CACHE", str(tmp_path / "cache"))
    return fake_loaders.build_two_plan_store(tmp_path)


def plans_listed(port: int) -> tuple[str, list[str]]:
    status, headers, body = send_query(port, q.load_query("plans").text, "text/csv")
    assert status == 200
    return headers[HEADER], sorted(line.split(",")[0] for line in body.decode().splitlines()[1:])


def test_after_an_add_or_a_write_by_other_means_the_endpoint_never_serves_the_old_answer(two_plans):
    endpoint = start(two_plans)
    try:
        port = endpoint.server.server_address[1]
        source, before = plans_listed(port)
        assert source == "materialised" and len(before) == 2
        extraction = fake_loaders.FakeExtraction("shenzhen", "shenzhen.txt", "shenzhen")
        graph_iri, graph = fake_loaders.plan_graph(extraction)
        activity = fake_loaders.load_activity(extraction, graph_iri)
        st.replace_plan(two_plans, st.PlanData(str(graph_iri), st.rdflib_ntriples(graph), st.rdflib_ntriples(activity)))
        source, after = plans_listed(port)
        assert source == "materialised" and len(after) == 3 and set(before) < set(after)
        with answers_moved_away(two_plans):
            assert plans_listed(port) == ("live", after)

        # a write the answers know nothing of (what the workers' open handles see of it is not the point):
        # the manifest's database files no longer match
        store = ox.Store(str(st.database_path(two_plans)))
        plan = ox.NamedNode(f"{st.ID}plan/written-by-hand")
        store.add(ox.Quad(plan, ox.NamedNode(st.RDF + "type"), ox.NamedNode(st.BP + "Plan"),
                          ox.NamedNode(st.PLAN_GRAPH + "written-by-hand")))
        store.flush()
        del store
        source, _rows = plans_listed(port)
    finally:
        endpoint.close()
    assert source == "live"
