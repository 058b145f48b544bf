"""The caching SPARQL processor (graph/sparql_cache.py): pySHACL's SPARQL-based shapes are parsed
once per process, not once per plan (issue #11), with the same answers."""

from rdflib import Graph, Literal, URIRef

from biopolicy.graph import sparql_cache


def test_the_same_query_text_is_parsed_once_and_answers_as_before(monkeypatch):
    sparql_cache.install()
    parsed = []
    real = sparql_cache.parseQuery
    monkeypatch.setattr(sparql_cache, "parseQuery", lambda text: parsed.append(text) or real(text))
    monkeypatch.setattr(sparql_cache.CachingSPARQLProcessor, "translated", type(sparql_cache.CachingSPARQLProcessor.translated)())
    first, second = Graph(), Graph()
    first.add((URIRef("http://e/a"), URIRef("http://e/p"), Literal(1)))
    second.add((URIRef("http://e/b"), URIRef("http://e/p"), Literal(2)))
    text = "SELECT ?s ?o WHERE { ?s <http://e/p> ?o }"
    assert [(str(r.s), int(r.o)) for r in first.query(text)] == [("http://e/a", 1)]
    assert [(str(r.s), int(r.o)) for r in second.query(text)] == [("http://e/b", 2)]  # other data, same algebra
    assert [str(r.s) for r in second.query(text, initBindings={"o": Literal(1)})] == []  # bindings still apply
    assert parsed == [text]


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(sparql_cache, "MAX_QUERIES", 3)
    monkeypatch.setattr(sparql_cache.CachingSPARQLProcessor, "translated", type(sparql_cache.CachingSPARQLProcessor.translated)())
    sparql_cache.install()
    graph = Graph()
    for n in range(10):
        graph.query(f"ASK {{ ?s ?p {n} }}")
    assert len(sparql_cache.CachingSPARQLProcessor.translated) == 3
