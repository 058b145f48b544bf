"""graph/formats.py: one definition of each result format, the same bytes from the CLI and the endpoint."""

from __future__ import annotations

import doctest
import importlib
import json
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hyp

from biopolicy.graph import formats
from biopolicy.graph import query as q
from biopolicy.graph.cli import build_parser, main
from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.graph_fixtures import fake_loaders

WIRE_FORMATS = ("tsv", "csv", "json", "xml")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        path = tmp_path_factory.mktemp("formats") / "build"
        fake_loaders.build_fixture_store(path)
    return path


@pytest.fixture(scope="module")
def endpoint(store_dir):
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, workers=1)) as running:
        yield running


def from_endpoint(endpoint, text: str, fmt: str) -> bytes:
    request = Request(
        endpoint.url + "sparql",
        data=urlencode({"query": text, "format": fmt}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == formats.result_format(fmt).content_type
        return response.read()


def from_cli(capsysbinary, store_dir: Path, query: str, fmt: str) -> bytes:
    assert main(["query", query, "--store", str(store_dir), "--format", fmt]) == 0
    return capsysbinary.readouterr().out


def test_the_cli_and_the_endpoint_write_the_same_bytes_for_every_canned_query(endpoint, store_dir, capsysbinary):
    for canned in q.catalogue():
        for fmt in WIRE_FORMATS:
            cli = from_cli(capsysbinary, store_dir, canned.name, fmt)
            assert cli == from_endpoint(endpoint, canned.text, fmt), f"{canned.name} as {fmt}"


def test_the_cli_and_the_endpoint_write_the_same_ask_answer(endpoint, store_dir, tmp_path, capsysbinary):
    path = tmp_path / "any-plan.rq"
    path.write_text("ASK { ?plan a <https://w3id.org/biopolicy/ontology#Plan> }", encoding="utf-8")
    for fmt in WIRE_FORMATS:
        assert from_cli(capsysbinary, store_dir, str(path), fmt) == from_endpoint(endpoint, path.read_text(), fmt)


def test_the_cli_format_choices_come_from_the_format_module():
    query = build_parser(extensions=False)._subparsers._group_actions[0].choices["query"]
    (option,) = [action for action in query._actions if "--format" in action.option_strings]
    assert tuple(option.choices) == formats.CLI_FORMATS == ("table", "json", "xml", "csv", "tsv", "excel")
    assert {fmt.name for fmt in formats.ENDPOINT_RESULT_FORMATS} == set(WIRE_FORMATS)


@pytest.mark.parametrize(
    "node",
    [
        ox.NamedNode("https://w3id.org/biopolicy/id/plan/x"),
        ox.BlankNode("b0"),
        ox.Literal("plain"),
        ox.Literal("厦门", language="zh"),
        ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal('tab\there, line\nbreak, cr\r, "quotes", back\\slash, bell\x07, del\x7f, \u2028'),
    ],
    ids=["iri", "blank", "string", "language", "typed", "escapes"],
)
def test_the_tsv_term_syntax_is_oxigraphs_ntriples(node):
    assert formats.ntriples(formats.term(node)) == str(node)


def test_a_csv_value_is_plain_and_quoted_only_when_it_must_be():
    rows = [(formats.term(ox.Literal('a, "b"')), formats.term(ox.BlankNode("b1")), None)]
    assert formats.write_csv(["x", "y", "z"], rows) == b'x,y,z\r\n"a, ""b""",_:b1,\r\n'


@pytest.mark.parametrize(
    "module",
    ["biopolicy.graph.formats", "biopolicy.graph.endpoint.negotiation", "biopolicy.graph.endpoint.jobs",
     "biopolicy.graph.endpoint.pages"],
)
def test_the_docstring_examples_run(module):
    failed, attempted = doctest.testmod(importlib.import_module(module))
    assert attempted and not failed


def test_select_star_columns_came_out_alphabetical(endpoint, store_dir, tmp_path, capsysbinary):
    path = tmp_path / "star.rq"
    path.write_text(
        "# ?aaa in a comment does not count\n"
        "SELECT * WHERE { ?plan a <https://w3id.org/biopolicy/ontology#Plan> ; ?property ?value . "
        'BIND("?b" AS ?label) } LIMIT 3',
        encoding="utf-8",
    )
    expected = ["plan", "property", "value", "label"]
    assert from_cli(capsysbinary, store_dir, str(path), "csv").split(b"\r\n")[0] == b",".join(
        name.encode() for name in expected
    )
    from_the_endpoint = json.loads(from_endpoint(endpoint, path.read_text(encoding="utf-8"), "json"))
    assert from_the_endpoint["head"]["vars"] == expected
    assert set(from_the_endpoint["results"]["bindings"][0]) == set(expected)


def test_excel_read_the_csv_as_gbk_without_a_byte_order_mark(store_dir, capsysbinary):
    excel = from_cli(capsysbinary, store_dir, "parks", "excel")
    plain = from_cli(capsysbinary, store_dir, "parks", "csv")
    assert excel.startswith("\ufeff".encode()) and excel[3:] == plain
    assert "厦门生物医药港" in excel.decode("utf-8-sig")
    assert main(["query", "parks", "--store", str(store_dir), "--format", "excel", "--live"]) == 0
    assert capsysbinary.readouterr().out == excel


def test_the_endpoint_refuses_a_year_that_is_not_a_year(endpoint):
    from urllib.error import HTTPError

    with pytest.raises(HTTPError) as refused:
        urlopen(endpoint.url + "query/targets_for_year?year=abc", timeout=30)
    assert refused.value.code == 400
    assert "is not a year of four digits" in refused.value.read().decode()


# ---------------------------------------------------------------------------------------------
# Native writers: the endpoint writes with Oxigraph what ``write`` writes term by term


AWKWARD_LITERALS = (
    ox.Literal("厦门市"), ox.Literal("厦门市", language="zh"), ox.Literal("Xiamen", language="en-Latn"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal('quote " backslash \\ tab \t newline \n return \r bell \x07 slash / del \x7f'),
    ox.Literal("line\u2028separator and emoji 🧬"), ox.Literal(""),
)


def awkward_store() -> ox.Store:
    store = ox.Store()
    subject, blank = ox.NamedNode("https://w3id.org/biopolicy/id/plan/x"), ox.BlankNode("b1")
    for n, literal in enumerate(AWKWARD_LITERALS):
        store.add(ox.Quad(subject, ox.NamedNode(f"http://example.org/p{n}"), literal))
    store.add(ox.Quad(blank, ox.NamedNode("http://example.org/q"), subject))
    return store


@pytest.mark.parametrize("name", [fmt.name for fmt in formats.RESULT_FORMATS if fmt.native is not None])
def test_a_native_answer_is_the_same_bytes_as_the_term_by_term_one(name):
    fmt = formats.result_format(name)
    text = "SELECT ?s ?p ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s ?p"
    solutions = awkward_store().query(text)
    variables = [variable.value for variable in solutions.variables]
    rows = [tuple(formats.term(solution[v]) for v in variables) for solution in solutions]
    assert len(rows) == len(AWKWARD_LITERALS) + 1
    expected = fmt.write(variables, rows)
    native = ox.QuerySolutions.serialize(awkward_store().query(text), format=fmt.native) + fmt.native_tail
    assert native == expected
    assert fmt.count_rows(native) == len(rows)


def test_a_native_answer_over_the_row_limit_is_refused_whole():
    from biopolicy.graph.endpoint import worker

    fmt = formats.result_format("json")
    answer = worker.native_answer(awkward_store().query("SELECT * WHERE { ?s ?p ?o }"), fmt, max_rows=3)
    assert answer.status == 400 and b"more than 3 rows" in answer.body


def test_a_native_answer_larger_than_its_buffer_gives_way_to_the_row_by_row_writer(monkeypatch):
    from biopolicy.graph.endpoint import worker

    monkeypatch.setattr(worker, "NATIVE_BYTES_PER_ROW", 8)
    fmt = formats.result_format("json")
    assert worker.native_answer(awkward_store().query("SELECT * WHERE { ?s ?p ?o }"), fmt, max_rows=50) is None


@given(
    hyp.lists(
        hyp.lists(hyp.one_of(hyp.none(), hyp.text(alphabet='{}[],:"\\ a生\n', max_size=8)), min_size=2, max_size=2),
        max_size=12,
    )
)
@settings(max_examples=300, deadline=None)
def test_the_json_row_count_is_the_number_of_rows_whatever_the_literals_hold(rows):
    """json_row_count counts row objects by their opening bytes: no literal may fake or hide one
    (Hypothesis found a literal ending in ``[{`` to fake one, against the first version), and an
    answer with empty rows ({}) is counted by the parser."""
    store = ox.Store()
    for n, (first, second) in enumerate(rows):
        subject = ox.NamedNode(f"http://example.org/row{n}")
        store.add(ox.Quad(subject, ox.NamedNode("http://example.org/row"), ox.Literal(str(n))))
        for predicate, value, language in (("a", first, None), ("b", second, "zh")):
            if value is not None:  # plain and language-tagged: the keys after "value" differ
                literal = ox.Literal(value, language=language) if language else ox.Literal(value)
                store.add(ox.Quad(subject, ox.NamedNode(f"http://example.org/{predicate}"), literal))
    text = ("SELECT ?a ?b WHERE { ?s <http://example.org/row> ?n OPTIONAL { ?s <http://example.org/a> ?a } "
            "OPTIONAL { ?s <http://example.org/b> ?b } }")
    native = ox.QuerySolutions.serialize(store.query(text), format=ox.QueryResultsFormat.JSON)
    assert formats.json_row_count(native) == len(rows) == len(json.loads(native)["results"]["bindings"])
