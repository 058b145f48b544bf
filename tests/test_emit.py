"""Emit: deterministic IRIs, one named graph per plan, and evidence whose quotes equal the source."""

from datetime import date
from decimal import Decimal

from rdflib import RDF, Literal, Namespace
from rdflib.compare import isomorphic

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.emit import PlanEmitter, plan_graph, plan_key
from biopolicy.loaders.extract.agencies import resolve_agency
from biopolicy.loaders.iris import BP, path_slug
from biopolicy.loaders.model import (
    DocumentTree,
    Extraction,
    Incentive,
    NamedEntity,
    PlanMetadata,
    Responsibility,
    Target,
    Task,
)
from biopolicy.loaders.text import MappedText

OA = Namespace("http://www.w3.org/ns/oa#")
SOURCE = "《寧波市生物醫藥行動計劃》\n(一)疫苗工程。到2025年產值達到100億元。(責任單位:市科技局)\n"


def extraction() -> Extraction:
    text = MappedText.from_source(SOURCE).with_characters(
        lambda s: s.replace("寧", "宁").replace("醫", "医").replace("藥", "药").replace("動", "动")
        .replace("劃", "划").replace("產", "产").replace("達", "达").replace("億", "亿").replace("責", "责")
        .replace("單", "单").replace("計", "计")
    )
    work = text.work
    span = lambda s: (work.index(s), work.index(s) + len(s))  # noqa: E731
    ningbo = jurisdictions.by_name("宁波市")
    meta = PlanMetadata(
        title="宁波市生物医药行动计划", title_span=span("宁波市生物医药行动计划"), jurisdiction=ningbo,
        jurisdiction_span=span("宁波市"), issued=date(2023, 1, 2), issued_span=span("2025年"), kind="action-plan",
        kind_span=span("行动计划"),
    )
    task = Task("(一)", "疫苗工程", span("(一)疫苗工程。到2025年产值达到100亿元。(责任单位:市科技局)"), span("疫苗工程"), None, "project", 1)
    return Extraction(
        document_id="ningbo-test", source_path="documents/ningbo-test.txt", text=text, metadata=meta,
        tree=DocumentTree(None, (0, 0), []), tasks=[task],
        responsibilities=[Responsibility("(一)", "市科技局", "responsible", span("市科技局"))],
        targets=[Target("(一)", "产值", "output-value", Decimal(100), None, "亿元", "=", 2025, span("产值达到100亿元"), Decimal("1E10"))],
        incentives=[Incentive("(一)", Decimal(500), None, "万元", Decimal(5000000), "企业", None, "reward", span("市科技局"))],
        platforms=[NamedEntity("(一)", "疫苗工程", span("疫苗工程"), "rd")],
        sectors=[NamedEntity("(一)", "vaccine", span("疫苗"), "vaccine")],
        agencies=[resolve_agency("市科技局", ningbo)],
    )


def test_every_quote_equals_the_source_text_at_its_offsets():
    _, graph = plan_graph(extraction())
    selectors = list(graph.subjects(RDF.type, OA.TextPositionSelector))
    assert len(selectors) >= 5
    for target in graph.subjects(RDF.type, OA.SpecificResource):
        position = next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextPositionSelector) in graph)
        quote = next(s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, OA.TextQuoteSelector) in graph)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        assert str(graph.value(quote, OA.exact)) == SOURCE[start:end]


def test_quotes_keep_the_original_script_while_labels_are_simplified():
    _, graph = plan_graph(extraction())
    quotes = {str(q) for q in graph.objects(None, OA.exact)}
    assert "寧波市生物醫藥行動計劃" in quotes
    assert Literal("宁波市生物医药行动计划", lang="zh") in set(graph.objects(None, None))


def test_the_same_document_gives_the_same_triples():
    first_iri, first = plan_graph(extraction())
    second_iri, second = plan_graph(extraction())
    assert first_iri == second_iri
    assert isomorphic(first, second)
    assert len(first) == len(second)


def test_keys_are_readable_and_deterministic():
    assert plan_key(extraction()) == "330200-2023-nbsswyyxdjh"
    assert path_slug("三.(一).重要举措.1") == "3-1-zyjc-1"
    assert path_slug("重点任务.—2") == "zdrw-d2"
    assert path_slug("二.(二十二)") == "2-22"


def test_every_fact_has_evidence():
    _, graph = plan_graph(extraction())
    for cls in (BP.Plan, BP.Task, BP.Responsibility, BP.Target, BP.Incentive, BP.Platform):
        nodes = list(graph.subjects(RDF.type, cls))
        assert nodes, cls
        for node in nodes:
            assert graph.value(node, BP.evidence) is not None, node


def test_money_is_normalised_and_agencies_canonical():
    _, graph = plan_graph(extraction())
    target = next(graph.subjects(RDF.type, BP.Target))
    assert graph.value(target, BP.valueInYuan).toPython() == Decimal("1E10")
    agency = next(graph.subjects(RDF.type, BP.Agency))
    assert str(graph.value(agency, Namespace("http://www.w3.org/2004/02/skos/core#").prefLabel)) == "宁波市科学技术局"


def test_duplicate_keys_get_a_suffix_instead_of_merging():
    emitter = PlanEmitter(extraction())
    first = emitter.unique("target", "k/1")
    second = emitter.unique("target", "k/1")
    assert first != second and str(second).endswith("k/1-2")


def test_the_build_writes_exactly_the_triples_of_the_plan_graph():
    """The build writes N-Triples from the emitter's triples, not through an rdflib Graph (issue #11):
    parsed back, they are the plan graph, literal forms, languages and datatypes included."""
    from rdflib import Graph

    from biopolicy.graph.formats import triples_ntriples
    from biopolicy.loaders.emit import plan_triples

    _, graph = plan_graph(extraction())
    _, triples = plan_triples(extraction())
    written = triples_ntriples(triples)
    parsed = Graph().parse(data=written.decode("utf-8"), format="nt")

    def forms(g):
        return {(s, p, o, getattr(o, "language", None), getattr(o, "datatype", None)) for s, p, o in g}

    assert len(triples) == len(graph) == written.count(b"\n")
    assert forms(parsed) == forms(graph)
    assert "寧波市" in written.decode("utf-8")  # the quote is the source text, UTF-8, unescaped


def test_a_term_named_like_a_str_method_is_a_term():
    """dcterms:title and dcterms:format are also names of str methods: a plain rdflib Namespace
    gives the method, so a graph got a bound method where a predicate should be."""
    from rdflib import URIRef

    from biopolicy.loaders.iris import DCTERMS

    assert DCTERMS.title == URIRef("http://purl.org/dc/terms/title")
    assert DCTERMS.format == URIRef("http://purl.org/dc/terms/format")
    assert BP.Plan is BP.Plan  # a term is made once, then found
