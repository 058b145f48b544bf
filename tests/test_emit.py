"""Emit: deterministic IRIs, one named graph per plan, and evidence whose quotes equal the source."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, Literal, Namespace, URIRef
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


# ---------------------------------------------------------------------------------------------
# Provenance of the document (its row of sources.csv)

DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
URL = "https://www.ningbo.gov.cn/art/2023/1/2/art_1229.html"


def with_record(**values) -> Extraction:
    from biopolicy.loaders.sources import SourceRecord

    result = extraction()
    result.source_record = SourceRecord("ningbo-test.txt", **values)
    return result


def document_of(graph):
    return next(graph.subjects(RDF.type, BP.SourceDocument))


def test_without_a_manifest_row_the_document_has_its_file_name_and_no_url():
    _, graph = plan_graph(extraction())
    document = document_of(graph)
    assert graph.value(document, BP.fileName) == Literal("ningbo-test.txt")
    assert graph.value(document, DCTERMS.source) is None
    assert graph.value(document, PROV.wasGeneratedBy) is None and graph.value(document, DCTERMS.publisher) is None


def test_the_manifest_row_gives_the_url_as_an_iri_the_publisher_and_the_retrieval():
    _, graph = plan_graph(with_record(url=URL, publisher="宁波市人民政府", publisher_site="https://www.ningbo.gov.cn/",
                                      published="2023-01-05", retrieved="2024-05-02T08:00:00Z"))
    document = document_of(graph)
    assert graph.value(document, DCTERMS.source) == URIRef(URL)
    assert graph.value(document, DCTERMS.issued) == Literal("2023-01-05", datatype=XSD.date)
    publisher = graph.value(document, DCTERMS.publisher)
    assert str(publisher).endswith("/id/publisher/www-ningbo-gov-cn")
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert graph.value(publisher, FOAF.name) == Literal("宁波市人民政府", lang="zh")
    assert graph.value(publisher, FOAF.homepage) == URIRef("https://www.ningbo.gov.cn/")
    retrieval = graph.value(document, PROV.wasGeneratedBy)
    assert str(retrieval).endswith("/id/retrieval/330200-2023-nbsswyyxdjh")
    assert (retrieval, RDF.type, BP.Retrieval) in graph
    assert graph.value(retrieval, PROV.used) == URIRef(URL)
    assert graph.value(retrieval, PROV.endedAtTime) == Literal("2024-05-02T08:00:00Z", datatype=XSD.dateTime)
    assert graph.value(document, BP.fileName) == Literal("ningbo-test.txt")


def test_a_retrieval_day_without_a_time_is_a_date_not_an_invented_midnight():
    _, graph = plan_graph(with_record(retrieved="2024-05-02"))
    retrieval = graph.value(document_of(graph), PROV.wasGeneratedBy)
    assert graph.value(retrieval, DCTERMS.date) == Literal("2024-05-02", datatype=XSD.date)
    assert graph.value(retrieval, PROV.endedAtTime) is None and graph.value(retrieval, PROV.used) is None


def test_a_publisher_named_without_a_site_is_keyed_by_its_name():
    _, graph = plan_graph(with_record(publisher="中商情报网", published="2020-03-09"))
    publisher = graph.value(document_of(graph), DCTERMS.publisher)
    assert str(publisher).endswith("/id/publisher/zhongshangqingbaowang")
    assert graph.value(publisher, FOAF.homepage) is None
    assert graph.value(document_of(graph), PROV.wasGeneratedBy) is None  # no URL, no retrieval date: no retrieval


def test_a_document_is_read_with_the_row_of_the_manifest_beside_it(tmp_path):
    """End to end through the pipeline: the seed's copy and a sources.csv in a fresh folder."""
    import shutil

    from biopolicy.loaders.pipeline import extract_document
    from biopolicy.loaders.sources import COLUMNS

    name = "xiamen-2020-biomedicine-action-plan.txt"
    shutil.copy(Path(__file__).resolve().parents[1] / "documents" / name, tmp_path / name)
    values = {"file": name, "url": "http://www.example.org/xiamen.html", "published": "2020-07-10"}
    (tmp_path / "sources.csv").write_text(
        ",".join(COLUMNS) + "\n" + ",".join(values.get(c, "") for c in COLUMNS) + "\n", encoding="utf-8")
    _, graph = plan_graph(extract_document(tmp_path / name))
    document = document_of(graph)
    assert graph.value(document, DCTERMS.source) == URIRef("http://www.example.org/xiamen.html")
    assert graph.value(document, DCTERMS.issued) == Literal("2020-07-10", datatype=XSD.date)
