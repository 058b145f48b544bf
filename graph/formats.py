"""The result formats of SELECT and ASK, and the RDF formats of CONSTRUCT and DESCRIBE, defined once.

``biopolicy query --format``, ``biopolicy run-queries`` and the endpoint (``biopolicy serve``)
all write answers through this module, so a format name means the same bytes everywhere, as
rdflib's result plugins are one module per format registered by name. Each :class:`ResultFormat`
has a name, a media type, a file extension and its writers; :data:`RESULT_FORMATS` lists them
and :func:`result_format` finds one by name.

=========  =====================================  =============================================
name       media type                             what it writes
=========  =====================================  =============================================
``json``   application/sparql-results+json        SPARQL 1.1 Query Results JSON
``xml``    application/sparql-results+xml         SPARQL Query Results XML
``csv``    text/csv                               SPARQL 1.1 CSV: plain values, CRLF line ends
``tsv``    text/tab-separated-values              SPARQL 1.1 TSV: ``?var`` header, RDF terms in
                                                  Turtle/N-Triples syntax (``<iri>``, ``"x"@zh``)
``excel``  text/csv (the command line only)        the CSV above after a UTF-8 byte-order mark, so
                                                  Excel opens Chinese text as UTF-8, not GBK
``table``  (none: the command line only)          an aligned table for people, prefixed IRIs
=========  =====================================  =============================================

Rows are sequences of :class:`Term` (``None`` for an unbound variable); :func:`term` is the one
converter from pyoxigraph's terms.

>>> row = (Term("uri", "https://w3id.org/biopolicy/id/plan/x"), Term("literal", "Xiamen", "en"))
>>> result_format("tsv").write(["plan", "title"], [row])
b'?plan\\t?title\\n<https://w3id.org/biopolicy/id/plan/x>\\t"Xiamen"@en\\n'
>>> result_format("csv").write(["plan", "title"], [row])
b'plan,title\\r\\nhttps://w3id.org/biopolicy/id/plan/x,Xiamen\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from biopolicy.graph import store as st

XSD_STRING = st.XSD + "string"
RDF_LANG_STRING = st.RDF + "langString"


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term of a result row: ``kind`` is ``uri``, ``literal``, ``bnode`` or ``triple``.

    A literal's ``datatype`` is ``None`` for a plain string or a language-tagged one; a triple
    term keeps its three terms in ``parts``.
    """

    kind: str
    value: str
    language: str | None = None
    datatype: str | None = None
    parts: tuple[Term, Term, Term] | None = None

    def plain(self) -> str:
        """The value alone, as CSV writes it: an IRI, a lexical form or ``_:label``.

        >>> Term("bnode", "b0").plain(), Term("literal", "2020", datatype=st.XSD + "integer").plain()
        ('_:b0', '2020')
        """
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return ntriples(self)
        return self.value


Row = Sequence[Term | None]


def term(node) -> Term | None:
    """The :class:`Term` of a pyoxigraph term (``None`` stays ``None``).

    >>> term(ox.Literal("2", datatype=ox.NamedNode(st.XSD + "string")))
    Term(kind='literal', value='2', language=None, datatype=None, parts=None)
    """
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value if node.datatype is not None else None
        if node.language or datatype in (XSD_STRING, RDF_LANG_STRING):
            datatype = None
        return Term("literal", node.value, node.language or None, datatype)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if isinstance(node, ox.Triple):
        parts = (term(node.subject), term(node.predicate), term(node.object))
        return Term("triple", "", parts=parts)
    return Term("literal", str(node))


# ---------------------------------------------------------------------------------------------
# Term syntaxes: N-Triples (TSV), SPARQL JSON, SPARQL XML

_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_ESCAPES |= {chr(code): f"\\u{code:04X}" for code in (*range(0x20), 0x7F) if chr(code) not in _ESCAPES}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def ntriples(item: Term) -> str:
    """A term in N-Triples syntax, escaped as Oxigraph escapes it (tabs and line breaks included).

    >>> ntriples(Term("literal", 'a\\tb "c"', "zh"))
    '"a\\\\tb \\\\"c\\\\""@zh'
    >>> ntriples(Term("literal", "3", datatype=st.XSD + "integer"))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if item.kind == "uri":
        return f"<{item.value}>"
    if item.kind == "bnode":
        return f"_:{item.value}"
    if item.kind == "triple":
        return "<<( " + " ".join(ntriples(part) for part in item.parts) + " )>>"
    text = '"' + item.value.translate(_ESCAPE_TABLE) + '"'
    if item.language:
        return f"{text}@{item.language}"
    if item.datatype:
        return f"{text}^^<{item.datatype}>"
    return text


@cache
def _rdflib_classes() -> tuple[type, type, type]:
    # Imported here, not at the top: the endpoint's workers never need rdflib.
    from rdflib import BNode, Literal, URIRef

    return Literal, BNode, URIRef


def rdflib_term(node) -> Term:
    """The :class:`Term` of an rdflib term (an IRI, a blank node or a literal)."""
    Literal, BNode, _ = _rdflib_classes()
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return Term("literal", str(node), node.language, None if datatype == XSD_STRING else datatype)
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    return Term("uri", str(node))


def triples_ntriples(triples) -> bytes:
    """N-Triples (UTF-8) of rdflib-term triples, written as strings rather than through an rdflib
    Graph, whose memory store indexes every triple it is given (issue #11); the same triples.

    >>> from rdflib import Literal, URIRef
    >>> triples_ntriples([(URIRef("http://e/s"), URIRef("http://e/p"), Literal("厦门", lang="zh"))]).decode()
    '<http://e/s> <http://e/p> "厦门"@zh .\\n'
    """
    Literal, BNode, URIRef = _rdflib_classes()

    def text(node) -> str:
        if type(node) is URIRef:  # most terms: no isinstance, which goes through rdflib's ABCs
            return f"<{node}>"
        if isinstance(node, Literal):  # as ntriples(rdflib_term(node)) writes it, without the Term
            quoted = '"' + str(node).translate(_ESCAPE_TABLE) + '"'
            if node.language:
                return f"{quoted}@{node.language}"
            datatype = node.datatype
            return f"{quoted}^^<{datatype}>" if datatype is not None and str(datatype) != XSD_STRING else quoted
        return f"_:{node}" if isinstance(node, BNode) else f"<{node}>"

    return "".join(f"{text(s)} <{p}> {text(o)} .\n" for s, p, o in triples).encode("utf-8")


def json_term(item: Term) -> dict:
    if item.kind == "triple":
        subject, predicate, obj = item.parts
        return {
            "type": "triple",
            "value": {"subject": json_term(subject), "predicate": json_term(predicate), "object": json_term(obj)},
        }
    entry = {"type": item.kind, "value": item.value}
    if item.language:
        entry["xml:lang"] = item.language
    elif item.datatype:
        entry["datatype"] = item.datatype
    return entry


# xml.sax.saxutils would do, but it imports urllib.request, http.client and email into every worker.
def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An XML attribute value with its double quotes.

    >>> quoteattr('a "b" <c>')
    '"a &quot;b&quot; &lt;c&gt;"'
    """
    escaped = xml_escape(text).replace('"', "&quot;")
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def xml_term(item: Term) -> str:
    if item.kind == "uri":
        return f"<uri>{xml_escape(item.value)}</uri>"
    if item.kind == "bnode":
        return f"<bnode>{xml_escape(item.value)}</bnode>"
    if item.kind == "triple":
        subject, predicate, obj = (xml_term(part) for part in item.parts)
        return f"<triple><subject>{subject}</subject><predicate>{predicate}</predicate><object>{obj}</object></triple>"
    if item.language:
        return f"<literal xml:lang={quoteattr(item.language)}>{xml_escape(item.value)}</literal>"
    if item.datatype:
        return f"<literal datatype={quoteattr(item.datatype)}>{xml_escape(item.value)}</literal>"
    return f"<literal>{xml_escape(item.value)}</literal>"


# ---------------------------------------------------------------------------------------------
# Writers (https://www.w3.org/TR/sparql11-results-json/, rdf-sparql-XMLres/, sparql11-results-csv-tsv/)


def write_json(variables: list[str], rows: Sequence[Row]) -> bytes:
    bindings = [
        {name: json_term(item) for name, item in zip(variables, row, strict=True) if item is not None} for row in rows
    ]
    data = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    # compact, as Oxigraph writes it, so that a native answer and this one are the same bytes
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def write_xml(variables: list[str], rows: Sequence[Row]) -> bytes:
    out = [XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(name)}>{xml_term(item)}</binding>"
            for name, item in zip(variables, row, strict=True)
            if item is not None
        ]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "\n".join(out).encode()


def write_csv(variables: list[str], rows: Sequence[Row]) -> bytes:
    """SPARQL 1.1 CSV: the header, then each value as a plain string (RFC 4180 quoting, CRLF)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows(["" if item is None else item.plain() for item in row] for row in rows)
    return buffer.getvalue().encode()


UTF8_BOM = "\ufeff".encode()


def write_excel_csv(variables: list[str], rows: Sequence[Row]) -> bytes:
    """The W3C CSV after a UTF-8 byte-order mark: Excel reads a CSV without one in the locale's code page."""
    return UTF8_BOM + write_csv(variables, rows)


def write_tsv(variables: list[str], rows: Sequence[Row]) -> bytes:
    """SPARQL 1.1 TSV: ``?name`` headers, RDF terms in N-Triples syntax, empty for unbound."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if item is None else ntriples(item) for item in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


_ROW_OPENING = re.compile(rb'[\[,]\{"[^"\\]*":\{"type":')


def json_row_count(body: bytes) -> int:
    """The rows of a compact SPARQL JSON answer (``write_json``'s bytes, or Oxigraph's), without
    parsing it. A row opens with ``[{"`` or ``,{"``, and no JSON string holds a raw quote; but a
    string may end in ``[{`` or ``,{`` (Hypothesis found it), and then its closing quote makes the
    same bytes, followed by ``}`` or ``,"``. Where that happens the row openings are matched whole
    (``{"<variable>":{"type":``); an empty row (``{}``, which a string may also hold) goes to the
    parser."""
    if b"{}" in body:
        return len(json.loads(body)["results"]["bindings"])
    if b'{"}' in body or b'{","' in body:
        return len(_ROW_OPENING.findall(body))
    return body.count(b'[{"') + body.count(b',{"')


def json_boolean(value: bool) -> bytes:
    return (json.dumps({"head": {}, "boolean": value}) + "\n").encode()


def xml_boolean(value: bool) -> bytes:
    return f"{XML_HEAD}<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n".encode()


def text_boolean(value: bool) -> bytes:
    # CSV and TSV define no boolean answer; this is what Jena and Oxigraph write.
    return b"true\n" if value else b"false\n"


# ---------------------------------------------------------------------------------------------
# The table for people (``biopolicy query`` by default)


def display_width(text: str) -> int:
    """Terminal columns: wide CJK characters count two, combining marks none.

    >>> display_width("厦门市 ab")
    9
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = display_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def compact(item: Term) -> str:
    """A term as a person reads it in a table: prefixed IRIs, one-line literals.

    >>> compact(Term("uri", st.ID + "plan/x")), compact(Term("literal", "two\\nlines"))
    ('id:plan/x', 'two lines')
    """
    if item.kind == "uri":
        for prefix, namespace in (("id", st.ID), *st.PREFIXES.items()):
            if item.value.startswith(namespace):
                return f"{prefix}:{item.value[len(namespace):]}"
        return item.value
    return " ".join(item.plain().split())


def write_table(variables: list[str], rows: Sequence[Row], max_width: int = 48) -> str:
    cells = [["" if item is None else _clip(compact(item), max_width) for item in row] for row in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in cells]) for i, h in enumerate(variables)]

    def line(values: list[str]) -> str:
        return "  ".join(value + " " * (widths[i] - display_width(value)) for i, value in enumerate(values)).rstrip()

    out = [line(variables), "  ".join("─" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True, kw_only=True)
class Format:
    """What content negotiation needs of any format: its name, media types and keywords."""

    name: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()  # other media types a client may ask for
    keywords: tuple[str, ...] = ()  # values of the endpoint's format= / output= parameter

    @property
    def content_type(self) -> str:
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


@dataclass(frozen=True, kw_only=True)
class ResultFormat(Format):
    """A format of SELECT rows and ASK booleans; ``endpoint`` says whether ``serve`` offers it."""

    write: Callable[[list[str], Sequence[Row]], bytes]
    write_boolean: Callable[[bool], bytes] | None = None  # None: the boolean is shown as a one-row table
    endpoint: bool = True
    # Oxigraph's own writer of the same bytes (``write`` ends with ``native_tail`` after them) and how
    # to count the rows of what it wrote: the endpoint writes answers natively, 2-3x faster than term
    # by term (BENCHMARKS.md); tests/test_formats.py holds the two writers to the same bytes.
    native: ox.QueryResultsFormat | None = None
    native_tail: bytes = b""
    count_rows: Callable[[bytes], int] | None = None


@dataclass(frozen=True, kw_only=True)
class GraphFormat(Format):
    """A format of CONSTRUCT and DESCRIBE answers, written by pyoxigraph."""

    rdf: ox.RdfFormat


RESULT_FORMATS = (
    ResultFormat(name="json", media_type="application/sparql-results+json", extension="srj",
                 aliases=("application/json", "text/json"), keywords=("json", "srj"),
                 write=write_json, write_boolean=json_boolean,
                 native=ox.QueryResultsFormat.JSON, native_tail=b"\n", count_rows=json_row_count),
    ResultFormat(name="xml", media_type="application/sparql-results+xml", extension="srx",
                 aliases=("application/xml", "text/xml"), keywords=("xml", "srx"),
                 write=write_xml, write_boolean=xml_boolean),
    ResultFormat(name="csv", media_type="text/csv", extension="csv", keywords=("csv",),
                 write=write_csv, write_boolean=text_boolean),
    ResultFormat(name="tsv", media_type="text/tab-separated-values", extension="tsv", keywords=("tsv",),
                 write=write_tsv, write_boolean=text_boolean),
    ResultFormat(name="excel", media_type="text/csv", extension="csv", endpoint=False,
                 write=write_excel_csv, write_boolean=lambda value: UTF8_BOM + text_boolean(value)),
    ResultFormat(name="table", media_type="text/plain", extension="txt", endpoint=False,
                 write=lambda variables, rows: write_table(variables, rows).encode()),
)
ENDPOINT_RESULT_FORMATS = tuple(fmt for fmt in RESULT_FORMATS if fmt.endpoint)
# ``biopolicy query --format``: the table first, as the default, then the endpoint's, then Excel's CSV
CLI_FORMATS = ("table", *(fmt.name for fmt in ENDPOINT_RESULT_FORMATS), "excel")

GRAPH_FORMATS = (
    GraphFormat(name="turtle", media_type="text/turtle", extension="ttl",
                aliases=("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
                keywords=("turtle", "ttl", "n3"), rdf=ox.RdfFormat.TURTLE),
    GraphFormat(name="ntriples", media_type="application/n-triples", extension="nt", aliases=("text/plain",),
                keywords=("nt", "ntriples", "n-triples"), rdf=ox.RdfFormat.N_TRIPLES),
    GraphFormat(name="jsonld", media_type="application/ld+json", extension="jsonld",
                aliases=("application/json", "application/x-json+ld"), keywords=("jsonld", "json-ld", "json"),
                rdf=ox.RdfFormat.JSON_LD),
    GraphFormat(name="rdfxml", media_type="application/rdf+xml", extension="rdf",
                aliases=("application/xml", "text/xml"), keywords=("rdfxml", "rdf+xml", "rdf", "xml"),
                rdf=ox.RdfFormat.RDF_XML),
)


def result_format(name: str) -> ResultFormat:
    """The result format called ``name``; ``KeyError`` names the choices.

    >>> result_format("tsv").media_type
    'text/tab-separated-values'
    """
    for fmt in RESULT_FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(f"unknown result format {name!r} (choose from {', '.join(CLI_FORMATS)})")


def graph_format(name: str) -> GraphFormat:
    return next(fmt for fmt in GRAPH_FORMATS if fmt.name == name)


# Namespaces whose local names need no escaping in Turtle (``v:`` and ``id:`` ones hold slashes).
TURTLE_PREFIXES = {name: iri for name, iri in st.PREFIXES.items() if name != "v"}


def write_triples(triples: list, fmt: GraphFormat) -> bytes:
    """Triples in ``fmt``; JSON-LD is compacted with the data's ``@context`` (:func:`jsonld_document`)."""
    if fmt.rdf == ox.RdfFormat.JSON_LD:
        return jsonld_document(triples)
    prefixes = TURTLE_PREFIXES if fmt.rdf == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)


# ---------------------------------------------------------------------------------------------
# JSON-LD with the data's @context (ontology/context.jsonld)
#
# pyoxigraph writes expanded JSON-LD (every key a full IRI) and ignores prefixes. The dump, the
# resource pages and CONSTRUCT answers are written here instead, compacted against the one context
# file: keys and IRIs as ``bp:Plan``, ``id:plan/…``, ``rdf:type`` as ``@type``, literals keeping their
# lexical form and tag (``{"@value": "3", "@type": "xsd:integer"}``), so the triples round-trip.

CONTEXT_FILE = "context.jsonld"
_CONTEXT: dict | None = None


def jsonld_context() -> dict:
    """The ``@context`` object of ``ontology/context.jsonld`` (term → namespace IRI), read once.

    >>> jsonld_context()["bp"]
    'https://w3id.org/biopolicy/ontology#'
    """
    global _CONTEXT
    if _CONTEXT is None:
        from biopolicy.loaders import resources

        data = json.loads((resources.ontology_dir() / CONTEXT_FILE).read_text(encoding="utf-8"))
        _CONTEXT = data["@context"]
    return _CONTEXT


def _jsonld_prefixes() -> list[tuple[str, str]]:
    # the longest namespace first, so that an IRI takes its most specific prefix
    return sorted(((term, iri) for term, iri in jsonld_context().items() if isinstance(iri, str)),
                  key=lambda pair: -len(pair[1]))


def compact_iri(iri: str, prefixes: list[tuple[str, str]] | None = None) -> str:
    """``iri`` as ``prefix:local`` when a context term is its namespace, else whole.

    >>> compact_iri(st.ID + "plan/x"), compact_iri("http://example.org/a")
    ('id:plan/x', 'http://example.org/a')
    """
    for term, namespace in prefixes if prefixes is not None else _jsonld_prefixes():
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace):].startswith("//"):
            return f"{term}:{iri[len(namespace):]}"
    return iri


class _Compactor(dict):
    """IRI → compact IRI, each IRI compacted once (predicates, classes and subjects repeat)."""

    def __init__(self) -> None:
        super().__init__()
        self.prefixes = _jsonld_prefixes()

    def __missing__(self, iri: str) -> str:
        self[iri] = compact = compact_iri(iri, self.prefixes)
        return compact

    def node_id(self, node) -> str:
        return f"_:{node.value}" if isinstance(node, ox.BlankNode) else self[node.value]

    def value(self, node):
        if isinstance(node, ox.Literal):
            if node.language:
                return {"@value": node.value, "@language": node.language}
            datatype = node.datatype.value if node.datatype is not None else XSD_STRING
            if datatype == XSD_STRING:
                return node.value
            return {"@value": node.value, "@type": self[datatype]}
        if isinstance(node, ox.NamedNode | ox.BlankNode):
            return {"@id": self.node_id(node)}
        raise ValueError(f"JSON-LD 1.0 cannot write the term {node}")


def jsonld_nodes(triples) -> list[dict]:
    """The node objects of ``triples`` compacted with the context, subjects and keys in first-seen order.

    >>> t = ox.Triple(ox.NamedNode(st.ID + "plan/x"), ox.NamedNode(st.RDF + "type"), ox.NamedNode(st.BP + "Plan"))
    >>> jsonld_nodes([t])
    [{'@id': 'id:plan/x', '@type': 'bp:Plan'}]
    """
    compact = _Compactor()
    nodes: dict = {}
    written: dict = {}  # subject → its (key, value) pairs so far: merged graphs repeat shared triples
    rdf_type = st.RDF + "type"
    for triple in triples:
        subject = triple.subject
        node = nodes.get(subject)
        if node is None:
            node = nodes[subject] = {"@id": compact.node_id(subject)}
            written[subject] = set()
        predicate, obj = triple.predicate.value, triple.object
        if predicate == rdf_type and isinstance(obj, ox.NamedNode):
            key, value = "@type", compact[obj.value]
        else:
            key, value = compact[predicate], compact.value(obj)
        pair = (key, value if isinstance(value, str) else tuple(value.items()))
        if pair not in written[subject]:  # a set, not a scan of the values: a node may have thousands
            written[subject].add(pair)
            node.setdefault(key, []).append(value)
    return [{key: values[0] if key != "@id" and len(values) == 1 else values for key, values in node.items()}
            for node in nodes.values()]


def jsonld_node_lines(triples) -> bytes:
    """The node objects as JSON, one per line joined by ``,``: the inside of a ``@graph`` array."""
    return b",\n".join(json.dumps(node, ensure_ascii=False, separators=(",", ":")).encode() for node in jsonld_nodes(triples))


def jsonld_header() -> bytes:
    """What a JSON-LD document of this data starts with: the context, then the opening of ``@graph``."""
    return b'{"@context":' + json.dumps(jsonld_context(), ensure_ascii=False).encode() + b',\n"@graph":[\n'


JSONLD_FOOTER = b"\n]}\n"


def jsonld_document(triples) -> bytes:
    """A whole JSON-LD document: the data's ``@context`` inline and the node objects in ``@graph``."""
    return jsonld_header() + jsonld_node_lines(triples) + JSONLD_FOOTER
