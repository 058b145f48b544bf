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
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS

from biopolicy.loaders import __version__ as SOFTWARE_VERSION
from biopolicy.loaders import jurisdictions, resources
from biopolicy.loaders.extract.agencies import canonical_agency
from biopolicy.loaders.iris import (
    BP,
    concept,
    data_iri,
    graph_iri,
    initials,
    jurisdiction_iri,
    path_slug,
    slug,
)
from biopolicy.loaders.model import Extraction, Jurisdiction, Span

OA = Namespace("http://www.w3.org/ns/oa#")
ONTOLOGY_DIR = resources.ontology_dir()
FORMATS = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}


def plan_key(extraction: Extraction) -> str:
    """``<adminCode>-<year>-<pinyin initials of the title>``, stable across rebuilds."""
    meta = extraction.metadata
    code = meta.jurisdiction.code if meta.jurisdiction else "000000"
    year = (meta.issued.year if meta.issued else None) or meta.period_start or meta.period_end or 0
    name = initials(meta.title) or slug(extraction.document_id)
    return f"{code}-{year:04d}-{name}"


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in {
        "bp": BP,
        "oa": OA,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "prov": PROV,
        "foaf": FOAF,
        "eli": Namespace("http://data.europa.eu/eli/ontology#"),
        "org": Namespace("http://www.w3.org/ns/org#"),
        "id": Namespace("https://w3id.org/biopolicy/id/"),
        "v": Namespace("https://w3id.org/biopolicy/vocab/"),
    }.items():
        graph.bind(prefix, namespace)
    return graph


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def decimal(value: Decimal) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def year(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=XSD.gYear)


class PlanEmitter:
    """Builds one plan's graph; small methods per family keep the mapping readable."""

    def __init__(self, extraction: Extraction):
        self.extraction = extraction
        self.text = extraction.text
        self.key = plan_key(extraction)
        self.graph = bind_prefixes(Graph())
        self.plan = data_iri("plan", self.key)
        self.document = data_iri("document", self.key)
        self.load = data_iri("load", self.key)
        self.jurisdiction = extraction.metadata.jurisdiction
        self.task_iris: dict[str, URIRef] = {}
        self.used_keys: set[str] = set()

    def add(self, subject, predicate, obj) -> None:
        self.graph.add((subject, predicate, obj))

    def unique(self, kind: str, key: str) -> URIRef:
        candidate, n = key, 1
        while f"{kind}/{candidate}" in self.used_keys:
            n += 1
            candidate = f"{key}-{n}"
        self.used_keys.add(f"{kind}/{candidate}")
        return data_iri(kind, candidate)

    def evidence(self, span: Span, body: URIRef) -> URIRef:
        """The evidence node for a working-text span (shared by every fact citing it)."""
        start, end = self.text.source_span(*span)
        node = data_iri("evidence", f"{self.key}/{start}-{end}")
        if (node, RDF.type, BP.Evidence) not in self.graph:
            target, position, quote = (URIRef(f"{node}#{part}") for part in ("target", "position", "quote"))
            self.add(node, RDF.type, BP.Evidence)
            self.add(node, OA.hasTarget, target)
            self.add(node, BP.line, Literal(self.text.line_of(start)))
            self.add(node, PROV.wasGeneratedBy, self.load)
            self.add(target, RDF.type, OA.SpecificResource)
            self.add(target, OA.hasSource, self.document)
            self.add(target, OA.hasSelector, position)
            self.add(target, OA.hasSelector, quote)
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
            self.add(position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(self.text.source[start:end]))
        self.add(node, OA.hasBody, body)
        return node

    def cite(self, fact: URIRef, span: Span | None) -> None:
        if span and span[1] > span[0]:
            self.add(fact, BP.evidence, self.evidence(span, fact))

    def unit(self, path: str | None) -> URIRef:
        return self.task_iris.get(path, self.plan) if path else self.plan

    def emit(self) -> Graph:
        self.emit_document()
        self.emit_plan()
        self.emit_tasks()
        self.emit_responsibilities()
        self.emit_targets()
        self.emit_incentives()
        self.emit_places_and_platforms()
        self.emit_persons()
        self.emit_sectors()
        return self.graph

    def emit_document(self) -> None:
        path = Path(self.extraction.source_path)
        self.add(self.document, RDF.type, BP.SourceDocument)
        self.add(self.document, DCTERMS.source, Literal(path.name))
        self.add(self.document, DCTERMS.format, Literal(FORMATS.get(path.suffix.lower(), "text/plain")))
        self.add(self.document, BP.characterCount, Literal(len(self.text.source)))
        digest = hashlib.sha256(self.text.source.encode("utf-8")).hexdigest()
        self.add(self.document, BP.sha256, Literal(digest))
        for start, end, reason in self.text.dropped:
            node = data_iri("noise", f"{self.key}/{start}-{end}")
            self.add(self.document, BP.droppedNoise, node)
            self.add(node, RDF.type, BP.DroppedNoise)
            self.add(node, OA.start, Literal(start, datatype=XSD.nonNegativeInteger))
            self.add(node, OA.end, Literal(end, datatype=XSD.nonNegativeInteger))
            self.add(node, RDFS.comment, Literal(reason, lang="en"))

    def emit_plan(self) -> None:
        meta = self.extraction.metadata
        plan = self.plan
        self.add(plan, RDF.type, BP.Plan)
        self.add(plan, BP.sourceDocument, self.document)
        if meta.title:
            self.add(plan, DCTERMS.title, zh(meta.title))
        self.cite(plan, meta.title_span)
        if meta.kind:
            self.add(plan, BP.documentKind, concept("document-kind", meta.kind))
            self.cite(plan, meta.kind_span)
        if self.jurisdiction:
            self.add(plan, BP.jurisdiction, self.jurisdiction_node(self.jurisdiction))
            self.cite(plan, meta.jurisdiction_span)
        if meta.issuer:
            issuer = self.agency_node(meta.issuer)
            self.add(plan, BP.issuer, issuer)
            self.add(plan, BP.issuerAsWritten, zh(meta.issuer))
            self.cite(plan, meta.issuer_span)
        if meta.doc_number:
            self.add(plan, BP.docNumber, Literal(meta.doc_number))
            self.cite(plan, meta.doc_number_span)
        if meta.issued:
            self.add(plan, DCTERMS.issued, Literal(meta.issued))
            self.cite(plan, meta.issued_span)
        if meta.period_start:
            self.add(plan, BP.periodStart, year(meta.period_start))
        if meta.period_end:
            self.add(plan, BP.periodEnd, year(meta.period_end))
        if meta.period_start or meta.period_end:
            self.cite(plan, meta.period_span)

    def jurisdiction_node(self, division: Jurisdiction) -> URIRef:
        return jurisdiction_iri(division.code, division.name)

    def agency_node(self, written: str) -> URIRef:
        canonical = canonical_agency(written, self.jurisdiction)
        scope = canonical.jurisdiction
        node = data_iri("agency", f"{scope.code if scope else '000000'}-{slug(canonical.name)}")
        self.add(node, RDF.type, BP.Agency)
        self.add(node, SKOS.prefLabel, zh(canonical.name))
        if written != canonical.name:
            self.add(node, SKOS.altLabel, zh(written))
        self.add(node, BP.agencyType, concept("agency-type", canonical.type))
        if scope:
            self.add(node, BP.jurisdiction, self.jurisdiction_node(scope))
        return node

    def emit_tasks(self) -> None:
        for task in self.extraction.tasks:
            self.task_iris[task.path] = self.unique("task", f"{self.key}/{path_slug(task.path)}")
        for task in self.extraction.tasks:
            node = self.task_iris[task.path]
            self.add(node, RDF.type, BP.Task)
            self.add(node, BP.plan, self.plan)
            self.add(node, BP.partOf, self.unit(task.parent))
            self.add(node, BP.path, Literal(task.path))
            if task.title:
                self.add(node, DCTERMS.title, zh(task.title))
            self.add(node, BP.taskKind, concept("task-kind", task.kind))
            self.add(node, BP.order, Literal(task.order))
            self.cite(node, task.span)

    def fact(self, kind: str, span: Span, unit: str | None, link: URIRef, cls: URIRef) -> URIRef:
        node = self.unique(kind, f"{self.key}/{self.text.source_span(*span)[0]}")
        self.add(self.unit(unit), link, node)
        self.add(node, RDF.type, cls)
        self.add(node, BP.plan, self.plan)
        self.cite(node, span)
        return node

    def emit_responsibilities(self) -> None:
        for item in self.extraction.responsibilities:
            node = self.fact("responsibility", item.span, item.unit, BP.hasResponsibility, BP.Responsibility)
            self.add(node, BP.agency, self.agency_node(item.agency))
            self.add(node, BP.role, concept("role", item.role))
            self.add(node, BP.agencyAsWritten, zh(item.agency))

    def emit_targets(self) -> None:
        for target in self.extraction.targets:
            node = self.fact("target", target.span, target.unit, BP.hasTarget, BP.Target)
            self.add(node, BP.indicatorPhrase, zh(target.indicator))
            if target.indicator_type:
                self.add(node, BP.indicator, concept("indicator-type", target.indicator_type))
            self.add(node, BP.value, decimal(target.value))
            if target.value_max is not None:
                self.add(node, BP.valueMax, decimal(target.value_max))
            self.add(node, BP.unit, Literal(target.unit_written))
            self.add(node, BP.comparator, Literal(target.comparator))
            if target.year:
                self.add(node, BP.targetYear, year(target.year))
            if target.value_in_yuan is not None:
                self.add(node, BP.valueInYuan, decimal(target.value_in_yuan))

    def emit_incentives(self) -> None:
        for incentive in self.extraction.incentives:
            node = self.fact("incentive", incentive.span, incentive.unit, BP.hasIncentive, BP.Incentive)
            self.add(node, BP.maxAmount, decimal(incentive.max_amount))
            if incentive.min_amount is not None:
                self.add(node, BP.minAmount, decimal(incentive.min_amount))
            self.add(node, BP.unit, Literal(incentive.unit_written))
            self.add(node, BP.valueInYuan, decimal(incentive.value_in_yuan))
            if incentive.recipient:
                self.add(node, BP.recipient, zh(incentive.recipient))
            if incentive.condition:
                self.add(node, BP.condition, zh(incentive.condition))
            if incentive.kind:
                self.add(node, BP.instrument, concept("policy-instrument", incentive.kind))

    def entity(self, kind: str, name: str) -> URIRef:
        code = self.jurisdiction.code if self.jurisdiction else "000000"
        return data_iri(kind, f"{code}-{slug(name)}")

    def emit_places_and_platforms(self) -> None:
        families = (
            (self.extraction.parks, "park", BP.Park, BP.parkType, "park-type"),
            (self.extraction.platforms, "platform", BP.Platform, BP.platformType, "platform-type"),
        )
        for records, kind, cls, type_property, scheme in families:
            for record in records:
                node = self.entity(kind, record.name)
                self.add(node, RDF.type, cls)
                self.add(node, RDFS.label, zh(record.name))
                if record.type:
                    self.add(node, type_property, concept(scheme, record.type))
                if self.jurisdiction:
                    self.add(node, BP.locatedIn, self.jurisdiction_node(self.jurisdiction))
                if record.note:
                    self.add(node, BP.specialisation, zh(record.note))
                self.add(self.unit(record.unit), BP.mentions, node)
                self.cite(node, record.span)

    def emit_persons(self) -> None:
        for person in self.extraction.persons:
            node = self.entity("person", person.name)
            self.add(node, RDF.type, BP.Person)
            self.add(node, FOAF.name, zh(person.name))
            if person.unit:
                self.add(node, BP.leads, self.unit(person.unit))
            self.add(self.unit(person.unit), BP.mentions, node)
            self.cite(node, person.span)

    def emit_sectors(self) -> None:
        for mention in self.extraction.sectors:
            sector = concept("sector", mention.name)
            unit = self.unit(mention.unit)
            self.add(unit, BP.mentionsSector, sector)
            evidence = self.evidence(mention.span, sector)
            self.add(evidence, BP.context, unit)


def plan_graph(extraction: Extraction) -> tuple[URIRef, Graph]:
    """The named-graph IRI and triples of one plan."""
    emitter = PlanEmitter(extraction)
    return graph_iri(f"plan/{emitter.key}"), emitter.emit()


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
    """Every division of the gazetteer, with code, level and parent."""
    graph = bind_prefixes(Graph())
    for division in jurisdictions.all_divisions().values():
        node = jurisdiction_iri(division.code, division.name)
        graph.add((node, RDF.type, BP.Jurisdiction))
        graph.add((node, RDFS.label, zh(division.name)))
        graph.add((node, RDFS.label, Literal(slug(division.name), lang="zh-Latn-pinyin")))
        graph.add((node, BP.adminCode, Literal(division.code)))
        graph.add((node, BP.adminLevel, concept("admin-level", division.level)))
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

