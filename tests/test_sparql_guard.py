"""The SPARQL guard: what the public endpoint refuses, with the message a user reads, and what it lets through.

Each refused case names the trick it stands for; the allowed cases are the look-alikes that must
not be refused (a SERVICE in a comment or a string, this dataset's own graphs in FROM).
"""

from __future__ import annotations

import pytest

from biopolicy.graph import sparql_guard as guard

G = guard.GRAPH_NAMESPACE
SERVICE_REFUSED = "SERVICE is not allowed: this endpoint never fetches data from other servers"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE <http://example.org/sparql>"),
        ("SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE <http://example.org/sparql>"),
        ("PREFIX wd: <http://www.wikidata.org/entity/> SELECT * WHERE { sErViCe wd:x { ?s ?p ?o } }", "SERVICE wd:x"),
        ("SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?q ?r } } }", "SERVICE ?endpoint"),
        ("SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://x.example/> { ?s ?p ?o } } }", "SERVICE <http://x.example/>"),
        ("SELECT * WHERE { FILTER EXISTS { SERVICE <http://x.example/> { ?s ?p ?o } } }", "SERVICE <http://x.example/>"),
        ("SELECT * WHERE { { SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } } } }", "SERVICE <http://x.example/>"),
        ("ASK { { ?s ?p ?o } UNION { SERVICE <http://x.example/> { ?s ?p ?o } } }", "SERVICE <http://x.example/>"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }", "SERVICE <http://x.example/>"),
        # a codepoint escape spells the keyword: expanded before the check
        ("SELECT * WHERE { \\u0053ERVICE <http://x.example/> { ?s ?p ?o } }", "SERVICE <http://x.example/>"),
        ("SELECT * WHERE { \\U00000053ERVICE <http://x.example/> { ?s ?p ?o } }", "SERVICE <http://x.example/>"),
        # a lone carriage return ends a comment for Oxigraph: the SERVICE after it is real
        ("SELECT * WHERE { ?s ?p ?o # note\rSERVICE <http://x.example/> { ?s ?p ?o } }", "SERVICE <http://x.example/>"),
    ],
    ids=["iri", "silent", "prefixed-mixed-case", "variable-in-optional", "minus", "exists", "subquery", "union",
         "construct", "u-escape", "U-escape", "carriage-return-comment"],
)
def test_service_anywhere_is_refused_with_400_naming_it(text, shown):
    verdict = guard.check_query(text)
    assert (verdict.allowed, verdict.status) == (False, 400)
    assert verdict.message == (
        f"{SERVICE_REFUSED} ({shown}). Run federated queries from your own SPARQL client or endpoint."
    )


def test_an_escape_that_closes_a_string_cannot_hide_a_service_in_a_comment():
    # rdflib reads `"a\u0022 . } #"` as a string then a comment; Oxigraph (escapes only inside strings)
    # would read the SERVICE: the guard runs, and hands the endpoint, the expanded text
    text = 'SELECT * WHERE { ?s ?p "a\\u0022 . } #" . SERVICE <http://x.example/> { ?s ?p ?o } }'
    verdict = guard.check_query(text)
    assert verdict.allowed
    assert verdict.query == 'SELECT * WHERE { ?s ?p "a" . } #" . SERVICE <http://x.example/> { ?s ?p ?o } }'
    assert "\\u" not in verdict.query


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x.example/> { }",
        'SELECT * WHERE { ?s ?p "SERVICE <http://x.example/> { ?s ?p ?o }" }',
        "PREFIX service: <http://example.org/service#> SELECT * WHERE { ?s service:from ?o }",
    ],
    ids=["comment", "string", "prefix-named-service"],
)
def test_service_in_a_comment_string_or_name_is_harmless(text):
    assert guard.check_query(text).allowed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("INSERT DATA { <http://a.example/> <http://b.example/> 1 }",
         "SPARQL Update is not allowed (INSERT DATA): this endpoint is read-only"),
        ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update is not allowed (DELETE WHERE): this endpoint is read-only"),
        ("DROP ALL", "SPARQL Update is not allowed (DROP): this endpoint is read-only"),
        ("CLEAR DEFAULT ; LOAD <http://x.example/data.ttl>",
         "SPARQL Update is not allowed (CLEAR, LOAD): this endpoint is read-only and never fetches remote data"),
        ("LOAD SILENT <http://x.example/data.ttl> INTO GRAPH <http://g.example/>",
         "SPARQL Update is not allowed (LOAD): this endpoint is read-only and never fetches remote data"),
        ("WITH <http://g.example/> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
         "SPARQL Update is not allowed (DELETE/INSERT): this endpoint is read-only"),
    ],
    ids=["insert-data", "delete-where", "drop", "clear-and-load", "load", "modify"],
)
def test_an_update_sent_as_a_query_is_refused_with_403_naming_its_operations(text, message):
    verdict = guard.check_query(text)
    assert (verdict.allowed, verdict.status, verdict.message) == (False, 403, message)
    assert guard.check_update(text).message == message


def test_an_unparseable_update_is_still_403():
    assert guard.check_update("not sparql at all") == guard.refuse(
        403, "SPARQL Update is not allowed: this endpoint is read-only"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * FROM <http://x.example/data.ttl> WHERE { ?s ?p ?o }",
         "FROM <http://x.example/data.ttl> is not allowed: only this dataset's own graphs"),
        ("SELECT * FROM NAMED <http://x.example/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
         "FROM NAMED <http://x.example/data.ttl> is not allowed: only this dataset's own graphs"),
        ("BASE <http://x.example/> SELECT * FROM <plan/a> WHERE { ?s ?p ?o }",
         "FROM <http://x.example/plan/a> is not allowed"),
        ("PREFIX x: <http://x.example/> SELECT * FROM x:data WHERE { ?s ?p ?o }",
         "FROM <http://x.example/data> is not allowed"),
        (f"SELECT * FROM <{G}plan/../../../other> WHERE {{ ?s ?p ?o }}", f"FROM <{G}plan/../../../other> is not allowed"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM <file:///etc/passwd> is not allowed"),
        ("SELECT * FROM nope:x WHERE { ?s ?p ?o }", "unknown prefix nope: in a FROM clause"),
    ],
    ids=["from-remote", "from-named-remote", "base-resolved", "prefixed", "dot-segments", "file", "unknown-prefix"],
)
def test_from_naming_anything_but_this_datasets_graphs_is_refused(text, message):
    verdict = guard.check_query(text)
    assert (verdict.allowed, verdict.status) == (False, 400)
    assert verdict.message.startswith(message)


def test_from_and_from_named_keep_their_kind():
    """Regression: ``CompValue.get`` answers a missing key with its name, so every FROM looked NAMED."""
    verdict = guard.check_query(
        f"PREFIX g: <{G}> PREFIX : <{G}plan/> SELECT * FROM g:meta FROM <{G}plan/a> FROM NAMED :b WHERE {{ ?s ?p ?o }}"
    )
    assert verdict.allowed and verdict.has_dataset
    assert verdict.default_graphs == (f"{G}meta", f"{G}plan/a")
    assert verdict.named_graphs == (f"{G}plan/b",)


def test_an_empty_prefix_and_an_empty_local_name_resolve():
    verdict = guard.check_query(f"PREFIX : <{G}meta> SELECT * FROM : WHERE {{ ?s ?p ?o }}")
    assert verdict.allowed and verdict.default_graphs == (f"{G}meta",)


def test_a_plain_query_is_allowed_with_its_form_and_no_dataset():
    for text, form in (("SELECT * WHERE { ?s ?p ?o }", "SELECT"), ("ASK { ?s ?p ?o }", "ASK"),
                       ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"), ("DESCRIBE <https://w3id.org/x>", "DESCRIBE")):
        verdict = guard.check_query(text)
        assert (verdict.allowed, verdict.form, verdict.has_dataset) == (True, form, False)


@pytest.mark.parametrize(
    ("text", "status", "start"),
    [
        ("", 400, "empty query"),
        ("SELECT * WHERE { ?s ?p }", 400, "SPARQL syntax error"),
        ("x" * (guard.MAX_QUERY_CHARS + 1), 413, "query too long"),
        ("SELECT * WHERE { " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000 + " }", 400, "SPARQL syntax error"),
        ("SELECT ?x WHERE { BIND('\\u005Cu005Cu005Cu005Cu0041' AS ?x) }", 400, "SPARQL syntax error: codepoint escapes"),
    ],
    ids=["empty", "syntax", "too-long", "deep-nesting", "nested-escapes"],
)
def test_malformed_queries_are_refused_with_a_reason(text, status, start):
    verdict = guard.check_query(text)
    assert (verdict.allowed, verdict.status) == (False, status)
    assert verdict.message.startswith(start)


@pytest.mark.parametrize(
    ("iri", "allowed"),
    [(f"{G}plan/350200-2020-x", True), (f"{G}meta", True), ("http://x.example/g", False), ("relative", False),
     (f"{G}plan/../x", False), (f"{G}", False)],
)
def test_graph_iri_problem(iri, allowed):
    assert (guard.graph_iri_problem(iri) == "") is allowed
