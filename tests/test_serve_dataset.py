"""What `biopolicy serve` publishes besides queries: /.well-known/void, /dumps/NAME, /context.jsonld, /ontology.

One fixture store (the three fixture plans) and one endpoint serve the module, with an ontology page
in a temporary folder; the description is checked with the DCAT-AP shapes of ontology/dcat-shapes.ttl.
"""

from __future__ import annotations

import hashlib
import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from biopolicy.graph import store as st
from biopolicy.graph import validate as v
from biopolicy.graph.endpoint import handler, published
from biopolicy.loaders import namespaces as ns
from tests.graph_fixtures import fake_loaders
from tests.test_serve import request

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
PAGE = b"<!doctype html><title>biopolicy ontology</title><p>the pyLODE page stands here"
DATASET = URIRef(st.DATASET)
DCAT = ns.DCAT
SPDX = ns.SPDX
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
XIAMEN = "/id/jurisdiction/350200-xiamenshi"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        path = tmp_path_factory.mktemp("published") / "build"
        fake_loaders.build_fixture_store(path)
    return path


@pytest.fixture(scope="module")
def endpoint(store_dir, tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "index.html").write_bytes(PAGE)
    config = handler.ServeConfig(store_dir=store_dir, port=0, workers=1, ontology_docs=docs)
    with handler.Endpoint(config) as running:
        yield running


def get(endpoint, path: str, accept: str | None = None, **headers: str):
    return request(endpoint.url.rstrip("/") + path, headers={**({"Accept": accept} if accept else {}), **headers})


def raw_get(endpoint, path: str, method: str = "GET") -> tuple[int, bytes]:
    """A request whose path is sent byte for byte as written (no client normalises ``..`` or escapes)."""
    connection = http.client.HTTPConnection(urlsplit(endpoint.url).netloc, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def served_description(endpoint, accept: str = "text/turtle") -> Graph:
    status, headers, body = get(endpoint, published.VOID_ROUTE, accept)
    assert status == 200, body
    return Graph().parse(data=body, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                            "application/ld+json": "json-ld"}[accept])


# ---------------------------------------------------------------------------------------------
# /.well-known/void


def test_the_description_is_served_as_turtle_ntriples_and_json_ld_with_the_same_triples(endpoint):
    turtle = served_description(endpoint)
    assert len(turtle) > 100
    for accept in ("application/n-triples", "application/ld+json"):
        assert isomorphic(served_description(endpoint, accept), turtle), accept
    status, _, body = get(endpoint, published.VOID_ROUTE, "image/png")
    assert status == 406 and b"text/turtle" in body


def test_the_served_description_names_this_server_as_endpoint_and_dump_host(endpoint):
    void = served_description(endpoint)
    assert set(void.objects(DATASET, URIRef(st.VOID + "sparqlEndpoint"))) == {URIRef(endpoint.url + "sparql")}
    dumps = set(void.objects(DATASET, URIRef(st.VOID + "dataDump")))
    assert dumps == {URIRef(f"{endpoint.url}dumps/{name}") for name in (st.NQUADS_DUMP, st.TURTLE_DUMP, st.JSONLD_DUMP)}
    for url in dumps:
        status, _, _ = request(str(url), method="HEAD")
        assert status == 200, url


def test_the_description_moves_to_a_configured_public_address(store_dir):
    triples = published.served_description(store_dir, "https://kg.example.org/biopolicy/")
    endpoints = [t.object.value for t in triples if t.predicate.value == st.VOID + "sparqlEndpoint"]
    assert endpoints == ["https://kg.example.org/biopolicy/sparql"]
    assert not any("127.0.0.1" in str(term) for t in triples for term in (t.subject, t.object))


def test_the_description_has_publisher_dates_version_licence_and_descriptions(endpoint):
    void = served_description(endpoint)
    publisher = void.value(DATASET, URIRef(st.DCTERMS + "publisher"))
    assert void.value(publisher, URIRef(ns.FOAF + "name")) is not None
    assert {lit.language for lit in void.objects(DATASET, URIRef(st.DCTERMS + "description"))} == {"en", "zh"}
    assert list(void.objects(DATASET, URIRef(st.DCTERMS + "license"))) == [URIRef(st.DATA_LICENCE)]
    for prop in ("created", "issued", "modified"):
        assert void.value(DATASET, URIRef(st.DCTERMS + prop)).datatype == URIRef(st.XSD + "dateTime"), prop
    assert void.value(DATASET, URIRef(DCAT + "version")) == void.value(DATASET, URIRef(st.OWL + "versionInfo"))
    sources = set(void.objects(DATASET, URIRef(st.DCTERMS + "source")))
    assert len(sources) == 3 and all(isinstance(source, URIRef) for source in sources)


# ---------------------------------------------------------------------------------------------
# The DCAT-AP shapes


def test_the_served_description_conforms_to_the_dcat_ap_shapes(endpoint):
    validation = v.validate_description(served_description(endpoint), "served")
    assert validation.conforms, v.text_report(validation)
    assert not validation.results


def _without(graph: Graph, predicate: str, subject=None) -> Graph:
    changed = Graph()
    for triple in graph:
        if not (triple[1] == URIRef(predicate) and (subject is None or triple[0] == subject)):
            changed.add(triple)
    return changed


def _messages(graph: Graph) -> list[str]:
    validation = v.validate_description(graph, "fixture")
    assert not validation.conforms
    return [result.message for result in validation.violations]


def test_a_description_without_a_publisher_fails_the_shapes(endpoint):
    messages = _messages(_without(served_description(endpoint), st.DCTERMS + "publisher"))
    assert any("exactly one dcterms:publisher" in message for message in messages), messages


def test_a_description_without_an_english_description_fails_the_shapes(endpoint):
    void = served_description(endpoint)
    for literal in list(void.objects(DATASET, URIRef(st.DCTERMS + "description"))):
        if literal.language == "en":
            void.remove((DATASET, URIRef(st.DCTERMS + "description"), literal))
    assert any("description in English" in message for message in _messages(void))


def test_a_distribution_without_a_media_type_or_with_a_made_up_one_fails_the_shapes(endpoint):
    void = served_description(endpoint)
    nquads = URIRef(st.DATASET + "/distribution/nquads")
    assert any("IANA media-type" in m for m in _messages(_without(void, DCAT + "mediaType", nquads)))
    void.set((nquads, URIRef(DCAT + "mediaType"), URIRef("http://example.org/n-quads")))
    assert any("IANA media-type" in m for m in _messages(void))


def test_a_data_dump_without_its_checksum_or_with_a_short_one_fails_the_shapes(endpoint):
    void = served_description(endpoint)
    turtle = URIRef(st.DATASET + "/distribution/turtle")
    assert any("byteSize and spdx:checksum" in m for m in _messages(_without(void, SPDX + "checksum", turtle)))
    checksum = void.value(turtle, URIRef(SPDX + "checksum"))
    void.set((checksum, URIRef(SPDX + "checksumValue"), Literal("abc", datatype=URIRef(st.XSD + "hexBinary"))))
    assert any("64 lower-case hex digits" in m for m in _messages(void))


def test_a_distribution_without_an_access_url_fails_the_shapes(endpoint):
    messages = _messages(_without(served_description(endpoint), DCAT + "accessURL"))
    assert any("dcat:accessURL" in message for message in messages)


@pytest.mark.parametrize(("predicate", "expected"), [
    (ns.FOAF + "name", "an agent needs a foaf:name"),
    (DCAT + "endpointURL", "a data service needs a dcat:endpointURL"),
    (DCAT + "version", "one dcat:version"),
    (st.DCTERMS + "created", "one dcterms:created"),
    (st.VOID + "sparqlEndpoint", "one void:sparqlEndpoint"),
    (SPDX + "algorithm", "one spdx:algorithm"),
])
def test_each_promised_property_missing_fails_the_shapes(endpoint, predicate, expected):
    messages = _messages(_without(served_description(endpoint), predicate))
    assert any(expected in message for message in messages), messages


def test_check_validates_the_stored_description(store_dir):
    validation = v.validate_store_description(store_dir)
    assert validation.conforms, v.text_report(validation)


# ---------------------------------------------------------------------------------------------
# /dumps/NAME


@pytest.mark.parametrize("name", list(published.DUMP_MEDIA_TYPES))
def test_each_dump_downloads_with_its_media_type_length_and_sha256_etag(endpoint, store_dir, name):
    data = (store_dir / st.DUMPS / name).read_bytes()
    status, headers, body = get(endpoint, published.DUMPS_ROUTE + name)
    assert status == 200 and body == data
    assert headers["Content-Type"] == published.DUMP_MEDIA_TYPES[name]
    assert int(headers["Content-Length"]) == len(data)
    assert headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    status, headers, body = request(endpoint.url + "dumps/" + name, method="HEAD")
    assert (status, body, int(headers["Content-Length"])) == (200, b"", len(data))
    status, _, body = get(endpoint, published.DUMPS_ROUTE + name, **{"If-None-Match": f'"{hashlib.sha256(data).hexdigest()}"'})
    assert (status, body) == (304, b"")


def test_the_etag_of_a_dump_is_the_checksum_the_description_states(endpoint):
    void = served_description(endpoint)
    for distribution, url in void.subject_objects(URIRef(DCAT + "downloadURL")):
        checksum = void.value(distribution, URIRef(SPDX + "checksum"))
        if checksum is None:
            continue
        _, headers, _ = request(str(url), method="HEAD")
        assert headers["ETag"] == f'"{void.value(checksum, URIRef(SPDX + "checksumValue"))}"', url


def test_the_json_ld_dump_parses_to_the_turtle_dump(store_dir):
    dumps = store_dir / st.DUMPS
    assert isomorphic(Graph().parse(dumps / st.JSONLD_DUMP, format="json-ld"), Graph().parse(dumps / st.TURTLE_DUMP))


@pytest.mark.parametrize("path", [
    "/dumps/",
    "/dumps/../sources.json",
    "/dumps/%2e%2e/sources.json",
    "/dumps/..%2fsources.json",
    "/dumps/..%2Fdumps.index.json",
    "/dumps/../oxigraph/CURRENT",
    "/dumps//etc/passwd",
    "/dumps/%2Fetc%2Fpasswd",
    "/dumps/./plans.ttl",
    "/dumps/plans.ttl/",
    "/dumps/plans.ttl%00",
    "/dumps/PLANS.TTL",
    "/dumps/plans.ttl.tmp",
    "/dumps/..\\sources.json",
])
def test_a_hostile_dump_path_reaches_no_file(endpoint, path):
    status, body = raw_get(endpoint, path)
    assert status in (400, 404), (path, status)
    assert b"sha256" not in body and b"@prefix" not in body and b"<https://" not in body


# ---------------------------------------------------------------------------------------------
# /context.jsonld and the JSON-LD of resources


def test_the_context_is_served_and_agrees_with_the_namespace_module(endpoint):
    status, headers, body = get(endpoint, published.CONTEXT_ROUTE)
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert body == (ONTOLOGY / "context.jsonld").read_bytes()
    assert json.loads(body)["@context"] == {"id": ns.ID, **ns.PREFIXES}


def test_a_resource_as_json_ld_carries_the_context_and_the_turtle_triples(endpoint):
    _, _, body = get(endpoint, XIAMEN, "application/ld+json")
    document = json.loads(body)
    assert document["@context"] == json.loads((ONTOLOGY / "context.jsonld").read_bytes())["@context"]
    assert any(node["@id"] == "id:jurisdiction/350200-xiamenshi" for node in document["@graph"])
    _, _, turtle = get(endpoint, XIAMEN, "text/turtle")
    assert isomorphic(Graph().parse(data=body, format="json-ld"), Graph().parse(data=turtle, format="turtle"))


# ---------------------------------------------------------------------------------------------
# /ontology


def test_the_ontology_is_html_for_browsers_and_rdf_for_clients_varying_by_accept(endpoint):
    status, headers, body = get(endpoint, published.ONTOLOGY_ROUTE, BROWSER)
    assert (status, body) == (200, PAGE)
    assert headers["Content-Type"] == "text/html; charset=utf-8" and "Accept" in headers["Vary"]
    assert "'unsafe-inline'" in headers["Content-Security-Policy"] and "script-src" not in headers["Content-Security-Policy"]
    expected = {
        "text/turtle": (ONTOLOGY / "biopolicy.ttl").read_bytes(),
        "application/rdf+xml": (ONTOLOGY / "biopolicy.owl").read_bytes(),
    }
    for accept, data in expected.items():
        status, headers, body = get(endpoint, published.ONTOLOGY_ROUTE, accept)
        assert (status, body) == (200, data), accept
        assert headers["Content-Type"].split(";")[0] == accept and "Accept" in headers["Vary"]
    reference = Graph().parse(ONTOLOGY / "biopolicy.ttl")
    for accept, syntax in (("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        status, headers, body = get(endpoint, published.ONTOLOGY_ROUTE, accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == accept and "Accept" in headers["Vary"]
        assert isomorphic(Graph().parse(data=body, format=syntax), reference), accept
    status, _, body = get(endpoint, published.ONTOLOGY_ROUTE + "?format=rdfxml")
    assert body == expected["application/rdf+xml"]
    assert get(endpoint, published.ONTOLOGY_ROUTE)[2] == expected["text/turtle"], "*/* and no Accept get Turtle"
    assert get(endpoint, published.ONTOLOGY_ROUTE, "image/png")[0] == 406


def test_without_the_ontology_page_a_browser_gets_rdf_not_an_error(store_dir, tmp_path):
    config = handler.ServeConfig(store_dir=store_dir, port=0, workers=1, ontology_docs=tmp_path / "none")
    with handler.Endpoint(config) as running:
        status, headers, body = get(running, published.ONTOLOGY_ROUTE, BROWSER)
        assert status == 200 and not headers["Content-Type"].startswith("text/html")
        assert get(running, published.ONTOLOGY_ROUTE, "text/html")[0] == 406


def test_the_real_pylode_page_is_served_to_browsers(store_dir, tmp_path):
    pytest.importorskip("pylode")
    from biopolicy.graph import docs

    docs.write_ontology_docs(tmp_path / "docs")
    config = handler.ServeConfig(store_dir=store_dir, port=0, workers=1, ontology_docs=tmp_path / "docs")
    with handler.Endpoint(config) as running:
        status, headers, body = get(running, published.ONTOLOGY_ROUTE, BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body == (tmp_path / "docs" / "index.html").read_bytes() and b"biopolicy" in body.lower()


def test_the_description_parses_in_pyoxigraph_too(endpoint):
    _, _, body = get(endpoint, published.VOID_ROUTE, "application/ld+json")
    assert len(list(ox.parse(body, ox.RdfFormat.JSON_LD))) == len(served_description(endpoint))
