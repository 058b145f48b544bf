"""Issue #12, defect 6: 10,000 nested braces or 40,000 nested parentheses overflowed a query
worker's stack (SIGSEGV in Oxigraph's recursive parser), and the answer was a 500 that said the
query "may need more memory". Chains of 10,000 `!`, `+`, `||`, UNION or BIND crashed it the same way.

Now the guard measures how deep brackets nest (outside strings, IRIs and comments) and refuses
more than 64 levels with 400 before any parser runs, and a worker runs its jobs on a thread with
a 512 MB stack, so the chains that nesting does not count are answered (or stopped at the time
limit) instead of crashing it.
"""

from __future__ import annotations

import json

import pytest

from biopolicy.graph import sparql_guard as guard
from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.graph_fixtures import fake_loaders
from tests.graph_fixtures.endpoint_client import post_sparql

TOO_DEEP = "SPARQL syntax error: brackets nested {depth} deep; this endpoint parses at most 64 levels of { }, ( ) and [ ]\n"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        store_dir = tmp_path_factory.mktemp("nesting") / "build"
        fake_loaders.build_fixture_store(store_dir)
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, timeout=10.0, workers=2)) as running:
        yield running


def ask(endpoint: Endpoint, text: str) -> tuple[int, str]:
    status, body, _seconds = post_sparql(endpoint.server.server_address[1], text)
    return status, body


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("SELECT * WHERE " + "{" * 10_000 + "?s ?p ?o" + "}" * 10_000, "10,000"),
        ("SELECT * WHERE { FILTER(" + "(" * 40_000 + "1" + ")" * 40_000 + ") }", "40,002"),
        ("SELECT * WHERE { ?s ?p " + "[ ?p " * 3_000 + "?o" + " ]" * 3_000 + " }", "3,001"),
        # the same, with FROM: refused before rdflib's parser (the guard's) runs too
        ("SELECT * FROM <https://w3id.org/biopolicy/graph/meta> WHERE " + "{" * 10_000 + "}" * 10_000, "10,000"),
    ],
    ids=["braces", "parentheses", "blank-node-brackets", "braces-with-from"],
)
def test_deep_nesting_is_refused_with_400_and_the_worker_lives(endpoint, text, depth):
    before = endpoint.pool.worker_pids()
    assert ask(endpoint, text) == (400, TOO_DEEP.replace("{depth}", depth))
    assert endpoint.pool.worker_pids() == before


def braces(depth: int) -> str:
    return "SELECT (COUNT(*) AS ?n) WHERE " + "{" * depth + "?s ?p ?o" + "}" * depth


def test_nesting_up_to_the_bound_is_answered_by_both_parsers(endpoint):
    status, body = ask(endpoint, braces(64))
    flat_status, flat_body = ask(endpoint, braces(1))
    assert status == flat_status == 200
    count = json.loads(body)["results"]["bindings"][0]["n"]["value"]
    assert int(count) > 0 and count == json.loads(flat_body)["results"]["bindings"][0]["n"]["value"]
    assert ask(endpoint, braces(65)) == (400, TOO_DEEP.replace("{depth}", "65"))
    # FROM makes the worker run the guard's rdflib parse too: 64 levels of parentheses must pass it
    guarded = "ASK FROM <https://w3id.org/biopolicy/graph/meta> WHERE { FILTER(" + "(" * 62 + "1" + ")" * 62 + ") }"
    assert guard.nesting_depth(guarded) == 64
    assert ask(endpoint, guarded)[0] == 200


def test_a_chain_the_nesting_bound_does_not_count_crashes_no_worker(endpoint):
    before = endpoint.pool.worker_pids()
    status, body = ask(endpoint, "SELECT * WHERE { FILTER(" + "!" * 40_000 + "true) }")
    assert status == 200 and json.loads(body)["results"]["bindings"] == [{}]
    assert endpoint.pool.worker_pids() == before


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('SELECT * WHERE { ?s ?p "((((((" }', 1),
        ("SELECT * WHERE { ?s ?p '''\n{{{{\n''' }", 1),
        ("SELECT * WHERE { ?s <http://example.org/a_(b)> ?o } # {{{{{{", 1),
        ("SELECT * WHERE { { ?s ?p [ ?q ?o ] } FILTER(regex(?o, \"(a\")) }", 3),
        ('SELECT * WHERE { ?s ?p "unclosed ((((((', 1),
    ],
    ids=["string", "long-string", "iri-and-comment", "mixed", "unclosed-string"],
)
def test_brackets_in_strings_iris_and_comments_do_not_nest(text, depth):
    assert guard.nesting_depth(text) == depth


def test_the_nesting_scan_is_linear_on_hostile_text():
    import time

    for text in ('"\\' * 50_000, '"""' + '\\"' * 40_000, "<a" * 50_000, "{(" * 50_000):
        started = time.perf_counter()
        guard.nesting_depth(text)
        assert time.perf_counter() - started < 1.0, text[:10]
