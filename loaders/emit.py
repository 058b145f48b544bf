"""Emit one plan's extraction as RDF in its own named graph, every fact linked to its evidence.

The shape of the output is the contract in ``docs/data-model.md``. Evidence is a Web Annotation
(``bp:Evidence`` ⊑ ``oa:Annotation``) whose target selects the exact source text by position
(``oa:TextPositionSelector``) and by quote (``oa:TextQuoteSelector``); ``oa:hasBody`` names the
facts it supports. Literals the loaders read (titles, names, phrases) are the simplified working
copy tagged ``@zh``; quotes are the original source text, so traditional-script plans keep
their script in the evidence.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Literal, Namespace, URIRef

from biopolicy.loaders import __version__ as SOFTWARE_VERSION
from biopolicy.loaders import english, jurisdictions, resources
from biopolicy.loaders import namespaces as ns
from biopolicy.loaders.iris import (
    BP,
    CJK,
    DCTERMS,
    FOAF,
    OA,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    concept,
    data_iri,
    graph_iri,
    initials,
    jurisdiction_iri,
    slug,
)
from biopolicy.loaders.model import Extraction, Jurisdiction, Span
from biopolicy.loaders.sources import SourceRecord
from biopolicy.loaders.text import require_text

ONTOLOGY_DIR = resources.ontology_dir()
FORMATS = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}


def plan_key(extraction: Extraction) -> str:
    """``<adminCode>-<year>-<pinyin initials of the title>``, stable across rebuilds.

    A part the document does not state is left out rather than filled with zeros (no ``0000`` year,
    no ``000000`` code): ``340000-ahsswyygyfzgh`` for a plan with no issue date or stated period.
    """
    meta = extraction.metadata
    year = (meta.issued.year if meta.issued else None) or meta.period_start or meta.period_end
    parts = [meta.jurisdiction.code if meta.jurisdiction and meta.jurisdiction.code else ""]
    parts += [f"{year:04d}" if year else "", initials(meta.title) or slug(extraction.document_id)]
    return "-".join(part for part in parts if part)


def bind_prefixes(graph: Graph) -> Graph:
    known = {**ns.PREFIXES, "id": ns.ID}
    for prefix in ("bp", "oa", "skos", "dcterms", "prov", "foaf", "eli", "org", "id", "v"):
        graph.bind(prefix, Namespace(known[prefix]))
    return graph


def zh(text: str) -> Literal:
    """A Chinese literal (TextError for a string no UTF-8 dump could hold)."""
    return Literal(require_text(text, "a literal"), lang="zh")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def generated_label(add, node: URIRef, text: str | None) -> None:
    """An English name composed by rule (agencies, zones, parks): ``bp:generatedLabel``, never ``rdfs:label``,
    so that no one takes it for an official name (decision 0017). ``add(s, p, o)`` states a triple."""
    if text:
        add(node, BP.generatedLabel, en(text))


def division_labels(add, node: URIRef, division: Jurisdiction) -> None:
    """Chinese, pinyin and English labels of a division; a zone's English name is a generated label.
    ``add(s, p, o)`` states a triple (a plan emitter's, or a graph's)."""
    add(node, RDFS.label, zh(division.name))
    add(node, RDFS.label, Literal(slug(division.name), lang="zh-Latn-pinyin"))
    if division.is_zone:
        generated_label(add, node, english.zone_name_en(division.name))
        return
    name_en = english.division_name_en(division)
    add(node, RDFS.label, en(name_en))
    full = english.division_full_name_en(division)
    if full != name_en:
        add(node, SKOS.altLabel, en(full))


def decimal(value: Decimal) -> Literal:
    return Literal(value, datatype=XSD.decimal)


@lru_cache(maxsize=1 << 17)
def count(value: int, datatype: URIRef = XSD.nonNegativeInteger) -> Literal:
    """An offset, line or order number as a typed literal, built once per process: rdflib spends
    about 8 µs on each typed literal, and a plan writes thousands of them whose values (offsets
    below a document's length) recur across plans and within one (oa:start and bp:sourceStart)."""
    return Literal(value, datatype=datatype)


def year(value: int) -> Literal:
    """A year as an ``xsd:integer``: in the OWL 2 datatype map, unlike ``xsd:gYear`` (decision 0016)."""
    return Literal(str(value), datatype=XSD.integer)


class PlanEmitter:
    """Builds one plan's graph; small methods per family keep the mapping readable."""

    def __init__(self, extraction: Extraction):
        self.extraction = extraction
        self.text = extraction.text
        self.key = plan_key(extraction)
        # Triples in the order emitted, without repeats: a dict, not an rdflib Graph, because
        # indexing every triple in rdflib's memory store cost 30 µs a triple, two thirds of the
        # extraction of a plan (issue #11); the build writes N-Triples from these directly.
        self.triples: dict[tuple, None] = {}
        self.plan = data_iri("plan", self.key)
        self.document = data_iri("document", self.key)
        self.load = data_iri("load", self.key)
        self.jurisdiction = extraction.metadata.jurisdiction
        self.task_iris: dict[str, URIRef] = {}
        self.used_keys: set[str] = set()
        self.next_suffix: dict[tuple[str, str], int] = {}
        self.fact_nodes: dict[tuple[str, Span], URIRef] = {}  # (kind, working span) → node: later families link to it

    def add(self, subject, predicate, obj) -> None:
        self.triples[(subject, predicate, obj)] = None

    def unique(self, kind: str, key: str) -> URIRef:
        """``id/<kind>/<key>``, or ``<key>-2``, ``-3`` … when taken; each key resumes where it stopped,
        so that thousands of equal keys (a flood of ``1.`` headings) cost linear time, not quadratic."""
        n = self.next_suffix.get((kind, key), 1)
        candidate = key if n == 1 else f"{key}-{n}"
        while f"{kind}/{candidate}" in self.used_keys:
            n += 1
            candidate = f"{key}-{n}"
        self.next_suffix[(kind, key)] = n
        self.used_keys.add(f"{kind}/{candidate}")
        return data_iri(kind, candidate)

    def evidence(self, span: Span, body: URIRef) -> URIRef:
        """The evidence node for a working-text span (shared by every fact citing it)."""
        start, end = self.text.source_span(*span)
        node = data_iri("evidence", f"{self.key}/{start}-{end}")
        if (node, RDF.type, BP.Evidence) not in self.triples:
            target, position, quote = (URIRef(f"{node}#{part}") for part in ("target", "position", "quote"))
            self.add(node, RDF.type, BP.Evidence)
            self.add(node, OA.hasTarget, target)
            self.add(node, BP.line, count(self.text.line_of(start), XSD.positiveInteger))
            self.add(node, PROV.wasGeneratedBy, self.load)
            self.add(target, RDF.type, OA.SpecificResource)
            self.add(target, OA.hasSource, self.document)
            self.add(target, OA.hasSelector, position)
            self.add(target, OA.hasSelector, quote)
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, count(start))
            self.add(position, OA.end, count(end))
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(self.text.source[start:end]))
        self.add(node, OA.hasBody, body)
        return node

    def cite(self, fact: URIRef, span: Span | None) -> None:
        """Link ``fact`` to its evidence, and write the shortcut ``bp:sourceStart`` (the evidence's
        start offset, one lookup for listings ordered by position; docs/data-model.md)."""
        if span and span[1] > span[0]:
            self.add(fact, BP.evidence, self.evidence(span, fact))
            self.add(fact, BP.sourceStart, count(self.text.source_span(*span)[0]))

    def unit(self, path: str | None) -> URIRef:
        return self.task_iris.get(path, self.plan) if path else self.plan

    def emit(self) -> list[tuple]:
        """The source document, then every registered family's records, in registry order."""
        from biopolicy.loaders import families

        self.emit_document()
        for family in families.ALL_FAMILIES:
            family.emit(self, self.extraction.facts.get(family.name, []))
        return list(self.triples)

    def emit_document(self) -> None:
        path = Path(self.extraction.source_path)
        self.add(self.document, RDF.type, BP.SourceDocument)
        self.add(self.document, BP.fileName, Literal(path.name))
        record = getattr(self.extraction, "source_record", None)
        if record is not None:
            self.emit_provenance(record)
        self.add(self.document, DCTERMS.format, Literal(FORMATS.get(path.suffix.lower(), "text/plain")))
        self.add(self.document, BP.characterCount, Literal(len(self.text.source), datatype=XSD.nonNegativeInteger))
        digest = hashlib.sha256(self.text.source.encode("utf-8")).hexdigest()
        self.add(self.document, BP.sha256, Literal(digest))
        for start, end, reason in self.text.dropped:
            node = data_iri("noise", f"{self.key}/{start}-{end}")
            self.add(self.document, BP.droppedNoise, node)
            self.add(node, RDF.type, BP.DroppedNoise)
            self.add(node, OA.start, count(start))
            self.add(node, OA.end, count(end))
            self.add(node, RDFS.comment, Literal(reason, lang="en"))

    def emit_provenance(self, record: SourceRecord) -> None:
        """Where the file came from online, from its row of ``sources.csv``: only the values the row gives."""
        if record.url:
            self.add(self.document, DCTERMS.source, URIRef(record.url))
        if record.published_date:
            self.add(self.document, DCTERMS.issued, Literal(record.published_date.isoformat(), datatype=XSD.date))
        if record.publisher or record.publisher_site:
            self.add(self.document, DCTERMS.publisher, self.publisher_node(record))
        if record.url or record.retrieved:
            retrieval = data_iri("retrieval", self.key)
            self.add(self.document, PROV.wasGeneratedBy, retrieval)
            self.add(retrieval, RDF.type, BP.Retrieval)
            if record.url:
                self.add(retrieval, PROV.used, URIRef(record.url))
            if record.retrieved_time:
                self.add(retrieval, PROV.endedAtTime, Literal(record.retrieved, datatype=XSD.dateTime))
            elif record.retrieved_date:
                self.add(retrieval, DCTERMS.date, Literal(record.retrieved, datatype=XSD.date))

    def publisher_node(self, record: SourceRecord) -> URIRef:
        """``id/publisher/<host of its site>`` (else ``<pinyin of its name>``): the organisation that published the page."""
        host = urlsplit(record.publisher_site).hostname if record.publisher_site else None
        key = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") if host else slug(record.publisher)
        node = data_iri("publisher", key or "unnamed")
        self.add(node, RDF.type, FOAF.Organization)
        if record.publisher:
            name = require_text(record.publisher, "a publisher name")
            self.add(node, FOAF.name, Literal(name, lang="zh" if CJK.search(name) else "und"))
        if record.publisher_site:
            self.add(node, FOAF.homepage, URIRef(record.publisher_site))
        return node

    def jurisdiction_node(self, division: Jurisdiction) -> URIRef:
        """A division of the gazetteer graph; a development zone is described here, under its city."""
        node = jurisdiction_iri(division.code, division.name)
        if division.is_zone:
            self.add(node, RDF.type, BP.Jurisdiction)
            division_labels(self.add, node, division)
            self.add(node, BP.adminLevel, concept("admin-level", division.admin_level))
            parent = jurisdictions.by_code(division.parent) if division.parent else None
            if parent:
                self.add(node, BP.withinJurisdiction, jurisdiction_iri(parent.code, parent.name))
        return node

    def agency_node(self, written: str) -> URIRef:
        """The node of the agency the plan writes ``written`` (resolved by the agencies family)."""
        agency = self.extraction.agency(written)
        scope = agency.jurisdiction
        return data_iri("agency", f"{scope.code if scope else '000000'}-{slug(agency.name)}")

    def fact(self, kind: str, span: Span, unit: str | None, link: URIRef, cls: URIRef) -> URIRef:
        """A new fact node of ``kind``, linked from its task (or the plan) and cited."""
        node = self.unique(kind, f"{self.key}/{self.text.source_span(*span)[0]}")
        self.add(self.unit(unit), link, node)
        self.add(node, RDF.type, cls)
        self.add(node, BP.plan, self.plan)
        self.cite(node, span)
        self.fact_nodes.setdefault((kind, span), node)
        return node

    def entity(self, kind: str, name: str) -> URIRef:
        """A named entity of the plan's jurisdiction (park, platform, person): one node per name."""
        code = self.jurisdiction.code if self.jurisdiction else "000000"
        return data_iri(kind, f"{code}-{slug(name)}")


def plan_triples(extraction: Extraction) -> tuple[URIRef, list[tuple]]:
    """The named-graph IRI and the triples (rdflib terms, in emitting order) of one plan."""
    emitter = PlanEmitter(extraction)
    return graph_iri(f"plan/{emitter.key}"), emitter.emit()


def plan_graph(extraction: Extraction) -> tuple[URIRef, Graph]:
    """The named-graph IRI and the rdflib graph of one plan (for SHACL and for reading it in Python)."""
    iri, triples = plan_triples(extraction)
    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    return iri, graph


def load_activity(extraction: Extraction, plan_graph_iri: URIRef) -> Graph:
    """PROV description of one load (with its time): kept in graph/meta so plan graphs stay deterministic."""
    key = plan_key(extraction)
    graph = bind_prefixes(Graph())
    activity = data_iri("load", key)
    software = data_iri("software", f"biopolicy-kg-{SOFTWARE_VERSION}")
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.used, data_iri("document", key)))
    graph.add((activity, PROV.generated, plan_graph_iri))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((activity, PROV.startedAtTime, Literal(datetime.now(UTC))))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, RDFS.label, Literal(f"biopolicy-kg {SOFTWARE_VERSION}", lang="en")))
    graph.add((software, BP.softwareVersion, Literal(SOFTWARE_VERSION)))
    return graph


@cache
def jurisdictions_graph() -> Graph:
    """Every division of the gazetteer, with code, level, parent and its names in Chinese, pinyin and English."""
    graph = bind_prefixes(Graph())
    for division in jurisdictions.all_divisions().values():
        node = jurisdiction_iri(division.code, division.name)
        graph.add((node, RDF.type, BP.Jurisdiction))
        division_labels(lambda s, p, o: graph.add((s, p, o)), node, division)
        graph.add((node, BP.adminCode, Literal(division.code)))
        graph.add((node, BP.adminLevel, concept("admin-level", division.admin_level or division.level)))
        parent = jurisdictions.by_code(division.parent) if division.parent else None
        if parent:
            graph.add((node, BP.withinJurisdiction, jurisdiction_iri(parent.code, parent.name)))
    return graph


def reference_graphs() -> dict[URIRef, Graph]:
    """The ontology, each vocabulary and the jurisdictions, each as its own named graph."""
    graphs = {graph_iri("ontology"): Graph().parse(ONTOLOGY_DIR / "biopolicy.ttl")}
    for path in sorted((ONTOLOGY_DIR / "vocab").glob("*.ttl")):
        graphs[graph_iri(f"vocab/{path.stem}")] = Graph().parse(path)
    graphs[graph_iri("jurisdictions")] = jurisdictions_graph()
    return graphs

