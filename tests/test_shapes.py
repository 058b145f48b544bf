"""The SHACL shapes of ontology/shapes.ttl: each shape's conforming and violating fixture, and the seeds.

The conforming fixture is ``tests/shapes/conforming-plan.ttl``: a small plan graph in which every
shape has a focus node and nothing is wrong. Each violating fixture is that graph broken one way
(a SPARQL update); the test asserts every result the validator then reports: the shape, the focus
node, the severity and the exact message a user reads. Validation goes through
``graph.validate.validate_graph``, the path ``biopolicy validate``, ``check`` and ``add`` take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from biopolicy.graph import validate as v

REPOSITORY = Path(__file__).resolve().parents[1]
SHAPES = REPOSITORY / "ontology" / "shapes.ttl"
FIXTURE = Path(__file__).parent / "shapes" / "conforming-plan.ttl"
SEEDS = sorted((REPOSITORY / "documents").glob("*.txt"))

BPS = Namespace("https://w3id.org/biopolicy/shapes#")
ID = "https://w3id.org/biopolicy/id/"
KEY = "990100-2020-csswyyxdjh"
PLAN = f"{ID}plan/{KEY}"
DOCUMENT = f"{ID}document/{KEY}"
NOISE = f"{ID}noise/{KEY}/380-400"
TASK = f"{ID}task/{KEY}/1"
SUBTASK = f"{ID}task/{KEY}/1-1"
RESPONSIBILITY = f"{ID}responsibility/{KEY}/120"
AGENCY = f"{ID}agency/990100-ceshishikexuejishuju"
TARGET = f"{ID}target/{KEY}/60"
INCENTIVE = f"{ID}incentive/{KEY}/200"
CODE = f"{ID}instrument-code/{KEY}/227"
PARK = f"{ID}park/990100-ceshishengwuchanyeyuan"
PLATFORM = f"{ID}platform/990100-ceshiyaopinjiancezhongxin"
PERSON = f"{ID}person/990100-zhangsan"
CITY = f"{ID}jurisdiction/990100-ceshishi"
PROVINCE = f"{ID}jurisdiction/990000-ceshisheng"
LOAD = f"{ID}load/{KEY}"
RETRIEVAL = f"{ID}retrieval/{KEY}"
PUBLISHER = f"{ID}publisher/www-example-org"
SOFTWARE = f"{ID}software/biopolicy-kg-0.1.0"
PLAN_EVIDENCE = f"{ID}evidence/{KEY}/0-15"
JURISDICTION_EVIDENCE = f"{ID}evidence/{KEY}/0-3"
TASK_EVIDENCE = f"{ID}evidence/{KEY}/20-28"
SECTOR_EVIDENCE = f"{ID}evidence/{KEY}/270-272"
VOCAB = "https://w3id.org/biopolicy/vocab/"
NEW_CONCEPT = f"{VOCAB}task-kind/test-concept"

PREFIXES = """
PREFIX bp:      <https://w3id.org/biopolicy/ontology#>
PREFIX v:       <https://w3id.org/biopolicy/vocab/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf:    <http://xmlns.com/foaf/0.1/>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd:     <http://www.w3.org/2001/XMLSchema#>
"""

# A new, valid concept: the concept cases break it rather than a vocabulary's own.
NEW_CONCEPT_TRIPLES = f"""<{NEW_CONCEPT}> a skos:Concept ; skos:inScheme v:task-kind ;
    skos:prefLabel "测试"@zh , "Test"@en"""


def replace(subject: str, predicate: str, new: str) -> str:
    """A SPARQL update that replaces every value of ``predicate`` on ``subject`` with ``new``."""
    return f"DELETE {{ <{subject}> {predicate} ?old }} INSERT {{ <{subject}> {predicate} {new} }} WHERE {{ <{subject}> {predicate} ?old }}"


def delete(subject: str, predicate: str) -> str:
    return f"DELETE WHERE {{ <{subject}> {predicate} ?old }}"


def insert(triples: str) -> str:
    return f"INSERT DATA {{ {triples} }}"


@dataclass(frozen=True)
class Expected:
    shape: str  # local name in the shapes namespace
    focus: str
    severity: str  # Violation | Warning | Info
    message: str


@dataclass(frozen=True)
class Case:
    name: str
    update: str
    expected: tuple[Expected, ...]


def case(name: str, update: str, *expected: Expected) -> Case:
    return Case(name, update, expected)


def violation(shape: str, focus: str, message: str) -> Expected:
    return Expected(shape, focus, "Violation", message)


def warning(shape: str, focus: str, message: str) -> Expected:
    return Expected(shape, focus, "Warning", message)


def info(shape: str, focus: str, message: str) -> Expected:
    return Expected(shape, focus, "Info", message)


SOURCE_URL = (
    "A source document has at most one dcterms:source: the http(s) URL its text was published at, as an IRI "
    "(from sources.csv; none when the URL is not known)."
)
FACT_WITHOUT_EVIDENCE = (
    "Nothing supports this fact: every plan, task, responsibility, target, incentive, park, platform and "
    "person points with bp:evidence to a bp:Evidence node quoting the source text it was read from."
)
INSTRUMENT_CONCEPT = (
    "An instrument code names exactly one bp:instrumentConcept, a narrow concept of vocab/policy-instrument (under "
    "supply-side, demand-side or environment-side): fix the concept column of loaders/gazetteers/instrument_cues.tsv."
)
ONE_PRIMARY = 'A coded task or incentive has exactly one primary instrument code (bp:codeRank "primary"); the others are secondary.'
PART_OF_NO_PLAN = "A task, responsibility, target or incentive belongs to exactly one bp:plan, the bp:Plan that states it."
AGENCY_NAME = "An agency has exactly one skos:prefLabel: its canonical Chinese name, tagged @zh."
CONCEPT_LABELS = "A concept has exactly two skos:prefLabel values: one in Chinese (@zh) and one in English (@en)."
NOT_MENTIONED = "A park, platform or person is named by the plan or a task: link it from that unit with bp:mentions."

PERIOD_FROM_NOWHERE = "The plan's period end {year} is not stated in the title or a term clause (no evidence of the plan quotes it): a period is read only from a stated period (2023—2025年, “十四五”, 有效期至…), never from target years; fix the period in loaders/extract/metadata.py or the title."
JURISDICTION_IN_THE_BODY = "The plan's jurisdiction 测试市 is named only in the body (line {line}), not in the title, the issuer line or the document number: check the title or issuer line; it may be another place the page is about (a city it compares, a document it cites). Name the plan's own place there, or fix the inference in loaders/extract/metadata.py."
UNTITLED = "The plan has no title (dcterms:title): put the plan's title on its own line at the top of the document so the loader can read it."


def jurisdiction_read_at(start: int, end: int, line: int, *, title: str | None = '"关于加快生物医药产业发展的若干措施"@zh',
                         issuer: str = '"市人民政府办公厅"@zh') -> str:
    """The plan's jurisdiction read from ``start``-``end`` on ``line``, its title and issuer naming no place
    (``title=None``: no title at all)."""
    position = f"{JURISDICTION_EVIDENCE}#position"
    updates = [
        replace(position, "oa:start", f'"{start}"^^xsd:nonNegativeInteger'),
        replace(position, "oa:end", f'"{end}"^^xsd:nonNegativeInteger'),
        replace(JURISDICTION_EVIDENCE, "bp:line", f'"{line}"^^xsd:positiveInteger'),
        replace(PLAN, "bp:issuerAsWritten", issuer),
        replace(PLAN, "dcterms:title", title) if title else delete(PLAN, "dcterms:title"),
    ]
    return " ; ".join(updates)


CASES = [
    # Plan
    case("plan without a title", delete(PLAN, "dcterms:title"), warning(
        "Plan-title-present", PLAN,
        "The plan has no title (dcterms:title): put the plan's title on its own line at the top of the document so the loader can read it.")),
    case("plan with neither tasks nor targets",
         f"DELETE WHERE {{ ?task bp:partOf <{PLAN}> }} ; DELETE WHERE {{ <{PLAN}> bp:hasTarget ?target }}", warning(
        "PlanContentShape", PLAN,
        "The plan has neither tasks (bp:partOf) nor targets (bp:hasTarget): check that the document is a plan and that its numbered items (一、 (一) 1.) and goal sentences (到2025年…达到…) are in the text, not cut off."),
        violation("Task-partOf", TASK, "A task has exactly one parent (bp:partOf): the enclosing bp:Task, or the bp:Plan for a top-level task."),
        violation("Target-holder", TARGET, "A target belongs to exactly one task or plan: link it from that unit with bp:hasTarget.")),
    case("plan titled by a news headline", replace(PLAN, "dcterms:title", '"研发投入最高补助1500万元!临安公布重磅政策来了"@zh'), warning(
        "PlanTitleKindShape", PLAN,
        "The title does not end with a document kind (…计划, …方案, …措施, …意见): it may be a news headline or a cited document's title; fix the title line, or add its ending to loaders/gazetteers/document_kinds.tsv.")),
    case("plan period taken from nowhere", replace(PLAN, "bp:periodEnd", '"2030"^^xsd:integer'), warning(
        "PlanPeriodStatedShape", PLAN,
        PERIOD_FROM_NOWHERE.format(year=2030))),
    case("plan with two Chinese titles", insert(f'<{PLAN}> dcterms:title "另一个行动计划"@zh'), violation(
        "Plan-title", PLAN,
        "A plan title is a language-tagged string, at most one in Chinese (@zh) and one in English (@en): fix the dcterms:title literals.")),
    case("plan of unknown kind", delete(PLAN, "bp:documentKind"), warning(
        "Plan-documentKind-present", PLAN,
        "The plan's document kind was not recognised (no bp:documentKind): add the ending of its title (行动计划, 实施方案 …) to loaders/gazetteers/document_kinds.tsv.")),
    case("plan kind from another scheme", replace(PLAN, "bp:documentKind", f"<{VOCAB}task-kind/task>"), violation(
        "Plan-documentKind", PLAN,
        "A plan has at most one bp:documentKind, a concept of vocab/document-kind: use a key of ontology/vocab/document-kind.ttl.")),
    case("plan without a jurisdiction", delete(PLAN, "bp:jurisdiction"), warning(
        "Plan-jurisdiction-present", PLAN,
        "The plan has no jurisdiction (bp:jurisdiction): name the issuing province, city or county in the title or the issuer line so the loader can place the plan.")),
    case("plan jurisdiction that is an agency", replace(PLAN, "bp:jurisdiction", f"<{AGENCY}>"), violation(
        "Plan-jurisdiction", PLAN,
        "A plan applies to one bp:jurisdiction, a bp:Jurisdiction of loaders/gazetteers/divisions.tsv: check the division's code and name.")),
    case("plan issuer that is a park", replace(PLAN, "bp:issuer", f"<{PARK}>"), violation(
        "Plan-issuer", PLAN, "The issuer (bp:issuer) must be a bp:Agency: emit the agency node with its canonical name and type.")),
    case("issuer as written in English", replace(PLAN, "bp:issuerAsWritten", '"Ceshi government office"@en'), violation(
        "Plan-issuerAsWritten", PLAN,
        "The issuer as written (bp:issuerAsWritten) is the Chinese name copied from the document, tagged @zh.")),
    case("issuer without its name as written", delete(PLAN, "bp:issuerAsWritten"), violation(
        "Plan-issuer-as-written", PLAN,
        "A plan with a bp:issuer also keeps the issuer's name as written (bp:issuerAsWritten): emit both together.")),
    case("document number tagged as a label", replace(PLAN, "bp:docNumber", '"测府办〔2020〕1号"@zh'), violation(
        "Plan-docNumber", PLAN,
        "The document number (bp:docNumber) is a plain, non-empty string as written, e.g. 厦府办〔2020〕57号.")),
    case("plan without an issue date", delete(PLAN, "dcterms:issued"), info(
        "Plan-issued-present", PLAN,
        "The plan's issue date was not found (no dcterms:issued): if the document carries a date line (2020年6月3日), keep it under the title or the signature.")),
    case("issue date as a string", replace(PLAN, "dcterms:issued", '"2020-06-03"'), violation(
        "Plan-issued", PLAN, 'The issue date (dcterms:issued) is one xsd:date, e.g. "2020-06-03"^^xsd:date.')),
    case("period start before 1949", replace(PLAN, "bp:periodStart", '"1900"^^xsd:integer'), violation(
        "Plan-periodStart", PLAN,
        "The period start (bp:periodStart) is one xsd:integer year between 1949 and 2100: check the years in the title, e.g. (2020-2022).")),
    case("period end after 2100", replace(PLAN, "bp:periodEnd", '"2200"^^xsd:integer'), violation(
        "Plan-periodEnd", PLAN,
        "The period end (bp:periodEnd) is one xsd:integer year between 1949 and 2100: check the years in the title, e.g. (2020-2022)."),
        warning("PlanPeriodStatedShape", PLAN, PERIOD_FROM_NOWHERE.format(year=2200))),
    case("plan without its source document", delete(PLAN, "bp:sourceDocument"), violation(
        "Plan-sourceDocument", PLAN, "A plan has exactly one bp:sourceDocument, the bp:SourceDocument it was read from.")),
    case("plan without evidence", delete(PLAN, "bp:evidence"), violation("Fact-evidence", PLAN, FACT_WITHOUT_EVIDENCE),
         warning("PlanPeriodStatedShape", PLAN, PERIOD_FROM_NOWHERE.format(year=2022))),
    case("plan jurisdiction named only in the body of a titled plan", jurisdiction_read_at(300, 303, 9), warning(
        "PlanJurisdictionNamedShape", PLAN, JURISDICTION_IN_THE_BODY.format(line=9))),
    case("plan jurisdiction named only in the head of a titled plan's body", jurisdiction_read_at(20, 23, 2), warning(
        "PlanJurisdictionNamedShape", PLAN, JURISDICTION_IN_THE_BODY.format(line=2))),
    case("untitled plan whose jurisdiction is named after the head", jurisdiction_read_at(300, 303, 9, title=None),
         warning("Plan-title-present", PLAN, UNTITLED),
         warning("PlanJurisdictionNamedShape", PLAN, JURISDICTION_IN_THE_BODY.format(line=9))),
    case("untitled plan whose jurisdiction is named in the head", jurisdiction_read_at(20, 23, 3, title=None),
         warning("Plan-title-present", PLAN, UNTITLED)),
    case("plan period that starts after it ends", replace(PLAN, "bp:periodStart", '"2023"^^xsd:integer'), violation(
        "PlanPeriodShape", PLAN,
        "The plan period starts after it ends: swap bp:periodStart and bp:periodEnd, or re-read the years in the title.")),
    # Source document and dropped noise
    case("document without its file name", delete(DOCUMENT, "bp:fileName"), violation(
        "SourceDocument-fileName", DOCUMENT,
        "A source document has exactly one bp:fileName, the name of the file it was read from (no directory).")),
    case("document file name with its directory", replace(DOCUMENT, "bp:fileName", '"documents/ceshi.txt"'), violation(
        "SourceDocument-fileName", DOCUMENT,
        "A source document has exactly one bp:fileName, the name of the file it was read from (no directory).")),
    case("document source URL as a string (the old file-name literal)", replace(DOCUMENT, "dcterms:source", '"ceshi.txt"'),
         violation("SourceDocument-source", DOCUMENT, SOURCE_URL)),
    case("document source that is not a web page", replace(DOCUMENT, "dcterms:source", "<file:///tmp/ceshi.txt>"),
         violation("SourceDocument-source", DOCUMENT, SOURCE_URL)),
    case("document publisher that is a name, not an organisation", replace(DOCUMENT, "dcterms:publisher", '"测试网"@zh'),
         violation("SourceDocument-publisher", DOCUMENT,
                   "A source document has at most one dcterms:publisher, a foaf:Organization (the organisation that published the page, from sources.csv).")),
    case("document publication date as a string", replace(DOCUMENT, "dcterms:issued", '"2020-06-10"'), violation(
        "SourceDocument-published", DOCUMENT,
        "A source document has at most one dcterms:issued, an xsd:date: the day the page gives for its publication.")),
    case("document generated by the load instead of a retrieval", insert(f"<{DOCUMENT}> prov:wasGeneratedBy <{LOAD}>"), violation(
        "SourceDocument-retrieval", DOCUMENT, "A source document was prov:wasGeneratedBy at most one bp:Retrieval, its download.")),
    case("retrieval of two pages", insert(f"<{RETRIEVAL}> prov:used <https://www.example.org/other.html>"), violation(
        "Retrieval-used", RETRIEVAL, "A retrieval used at most one URL: prov:used <http(s)://…>, the page it downloaded.")),
    case("retrieval time as a date", replace(RETRIEVAL, "prov:endedAtTime", '"2024-05-01"^^xsd:date'), violation(
        "Retrieval-ended", RETRIEVAL, "A retrieval has at most one prov:endedAtTime, an xsd:dateTime: when the download finished.")),
    case("retrieval day as a time", insert(f'<{RETRIEVAL}> dcterms:date "2024-05-01T08:30:00Z"^^xsd:dateTime'), violation(
        "Retrieval-day", RETRIEVAL,
        "A retrieval has at most one dcterms:date, an xsd:date: the day of the download when its time is not known.")),
    case("retrieval no document came from", delete(DOCUMENT, "prov:wasGeneratedBy"), violation(
        "Retrieval-document", RETRIEVAL,
        "A retrieval generated a source document: link the bp:SourceDocument to it with prov:wasGeneratedBy.")),
    case("publisher name without a language", replace(PUBLISHER, "foaf:name", '"测试市人民政府网"'), violation(
        "Publisher-name", PUBLISHER, "A publisher has at most one foaf:name, a language-tagged string: its name as the page gives it.")),
    case("publisher homepage as a string", replace(PUBLISHER, "foaf:homepage", '"www.example.org"'), violation(
        "Publisher-homepage", PUBLISHER, "A publisher has at most one foaf:homepage, the http(s) URL of its website as an IRI.")),
    case("document in an unknown format", replace(DOCUMENT, "dcterms:format", '"application/pdf"'), violation(
        "SourceDocument-format", DOCUMENT,
        'A source document has one dcterms:format: "text/plain", "text/markdown" or "text/html" (the loaders read .txt, .md, .html and .htm files).')),
    case("digest in upper case", replace(DOCUMENT, "bp:sha256", '"0F343B0931126A20F133D67C2B018A3B5B0E1F4B3C4E7D2D0CB8A5D8E7F61A22"'), violation(
        "SourceDocument-sha256", DOCUMENT,
        "A source document has exactly one bp:sha256: the 64 lower-case hexadecimal digits of its text's SHA-256.")),
    case("negative character count", replace(DOCUMENT, "bp:characterCount", "-1"), violation(
        "SourceDocument-characterCount", DOCUMENT,
        "A source document has exactly one bp:characterCount, an xsd:nonNegativeInteger: the number of code points in its decoded text.")),
    case("source kind from another scheme", insert(f"<{DOCUMENT}> bp:sourceKind <{VOCAB}task-kind/task>"), violation(
        "SourceDocument-sourceKind", DOCUMENT,
        "A source document has at most one bp:sourceKind, a concept of vocab/document-kind (policy-interpretation for a 解读 of the plan).")),
    case("dropped noise that is a task", insert(f"<{DOCUMENT}> bp:droppedNoise <{TASK}>"), violation(
        "SourceDocument-droppedNoise", DOCUMENT,
        "Each bp:droppedNoise is a bp:DroppedNoise node with oa:start, oa:end and the reason in rdfs:comment.")),
    case("dropped range of no document", delete(DOCUMENT, "bp:droppedNoise"), violation(
        "DroppedNoise-document", NOISE,
        "A dropped range belongs to the source document it was cut from: link it with bp:droppedNoise.")),
    case("dropped range without a reason", delete(NOISE, "rdfs:comment"), warning(
        "DroppedNoise-reason", NOISE,
        'A dropped range should say why it was dropped: add rdfs:comment "…"@en with the note of the noise pattern (loaders/gazetteers/noise_patterns.tsv).')),
    # What plans and tasks link to
    case("responsibility link to an untyped node", insert(f"<{TASK}> bp:hasResponsibility <{ID}responsibility/{KEY}/999>"), violation(
        "Unit-hasResponsibility", TASK,
        "bp:hasResponsibility must point to a bp:Responsibility node (agency, role, agency as written).")),
    case("target link to an untyped node", insert(f"<{PLAN}> bp:hasTarget <{ID}target/{KEY}/999>"), violation(
        "Unit-hasTarget", PLAN, "bp:hasTarget must point to a bp:Target node.")),
    case("incentive link to an untyped node", insert(f"<{PLAN}> bp:hasIncentive <{ID}incentive/{KEY}/999>"), violation(
        "Unit-hasIncentive", PLAN, "bp:hasIncentive must point to a bp:Incentive node.")),
    case("task mentioning a jurisdiction", insert(f"<{TASK}> bp:mentions <{CITY}>"), violation(
        "Unit-mentions", TASK,
        "bp:mentions must point to a bp:Park, bp:Platform or bp:Person; sectors are linked with bp:mentionsSector.")),
    # Task
    case("task of no plan", delete(SUBTASK, "bp:plan"), violation("PlanPart-plan", SUBTASK, PART_OF_NO_PLAN)),
    case("task with two parents", insert(f"<{SUBTASK}> bp:partOf <{PLAN}>"), violation(
        "Task-partOf", SUBTASK,
        "A task has exactly one parent (bp:partOf): the enclosing bp:Task, or the bp:Plan for a top-level task.")),
    case("task with an empty path", replace(SUBTASK, "bp:path", '""'), violation(
        "Task-path", SUBTASK, "A task has exactly one numbering path (bp:path), a non-empty string such as 三.(一).")),
    case("task title in English", replace(TASK, "dcterms:title", '"Innovative drugs"@en'), violation(
        "Task-title", TASK, "A task title (dcterms:title) is at most one Chinese string tagged @zh.")),
    case("task kind from another scheme", replace(TASK, "bp:taskKind", f"<{VOCAB}document-kind/action-plan>"), violation(
        "Task-taskKind", TASK,
        "A task has exactly one bp:taskKind, a concept of vocab/task-kind: use a key of ontology/vocab/task-kind.ttl.")),
    case("negative task order", replace(TASK, "bp:order", "-1"), violation(
        "Task-order", TASK, "A task has exactly one bp:order, an xsd:nonNegativeInteger: its position in document order.")),
    case("task nobody is responsible for", insert(
        f"""<{ID}task/{KEY}/2> a bp:Task ; bp:plan <{PLAN}> ; bp:partOf <{PLAN}> ; bp:path "二" ;
            bp:taskKind <{VOCAB}task-kind/task> ; bp:order "3"^^xsd:nonNegativeInteger ; bp:evidence <{PLAN_EVIDENCE}>"""), warning(
        "TaskResponsibilityShape", f"{ID}task/{KEY}/2",
        "No agency is responsible for this task, its sub-tasks or the tasks enclosing it: check the 牵头单位/责任单位 lines of the task, or add the agency's abbreviation to loaders/gazetteers/agency_aliases.tsv.")),
    # Responsibility
    case("responsibility held by two units", insert(f"<{TASK}> bp:hasResponsibility <{RESPONSIBILITY}>"), violation(
        "Responsibility-holder", RESPONSIBILITY,
        "A responsibility belongs to exactly one task or plan: link it from that unit with bp:hasResponsibility.")),
    case("responsibility of a jurisdiction", replace(RESPONSIBILITY, "bp:agency", f"<{CITY}>"), violation(
        "Responsibility-agency", RESPONSIBILITY, "A responsibility names exactly one bp:agency, a bp:Agency.")),
    case("unknown role", replace(RESPONSIBILITY, "bp:role", f"<{VOCAB}role/chair>"), violation(
        "Responsibility-role", RESPONSIBILITY,
        "A responsibility has exactly one bp:role: role:lead (牵头), role:supporting (配合) or role:responsible (责任单位).")),
    case("responsibility without the name as written", delete(RESPONSIBILITY, "bp:agencyAsWritten"), violation(
        "Responsibility-agencyAsWritten", RESPONSIBILITY,
        "A responsibility keeps the agency's name as the line writes it (bp:agencyAsWritten): exactly one Chinese string tagged @zh.")),
    case("responsibility without evidence", delete(RESPONSIBILITY, "bp:evidence"), violation(
        "Fact-evidence", RESPONSIBILITY, FACT_WITHOUT_EVIDENCE)),
    # Agency
    case("agency with two Chinese names", insert(f'<{AGENCY}> skos:prefLabel "测试市科技局"@zh'), violation(
        "Agency-prefLabel", AGENCY, AGENCY_NAME)),
    case("agency named in English only", replace(AGENCY, "skos:prefLabel", '"Ceshi Science and Technology Bureau"@en'), violation(
        "Agency-prefLabel", AGENCY, AGENCY_NAME)),
    case("agency alternative name in English", insert(f'<{AGENCY}> skos:altLabel "Science Bureau"@en'), violation(
        "Agency-altLabel", AGENCY, "An agency's skos:altLabel values are the Chinese forms written in the plans, tagged @zh.")),
    case("agency type from another scheme", replace(AGENCY, "bp:agencyType", f"<{VOCAB}role/lead>"), violation(
        "Agency-agencyType", AGENCY,
        "An agency has exactly one bp:agencyType, a concept of vocab/agency-type: give its alias a type in loaders/gazetteers/agency_aliases.tsv.")),
    case("agency of two jurisdictions", insert(f"<{AGENCY}> bp:jurisdiction <{PROVINCE}>"), violation(
        "Agency-jurisdiction", AGENCY, "An agency belongs to at most one bp:jurisdiction, a bp:Jurisdiction.")),
    case("agency of no jurisdiction", delete(AGENCY, "bp:jurisdiction"), info(
        "Agency-jurisdiction-present", AGENCY,
        "The agency is not scoped to a jurisdiction (no bp:jurisdiction), so agencies of the same name in different places are merged: check the plan's jurisdiction.")),
    # Jurisdiction
    case("jurisdiction with two Chinese names", insert(f'<{CITY}> rdfs:label "测试"@zh'), violation(
        "Jurisdiction-label", CITY,
        "A jurisdiction has at most one rdfs:label per language (@zh, @en, @zh-Latn-pinyin), each a language-tagged string.")),
    case("jurisdiction without a Chinese name", f'DELETE DATA {{ <{CITY}> rdfs:label "测试市"@zh }}', violation(
        "Jurisdiction-label-zh", CITY,
        'A jurisdiction needs its Chinese name as rdfs:label "…"@zh, as in loaders/gazetteers/divisions.tsv.')),
    case("five-digit administrative code", replace(CITY, "bp:adminCode", '"99010"'), violation(
        "Jurisdiction-adminCode", CITY,
        'A jurisdiction has at most one bp:adminCode: its six-digit GB/T 2260 code as a string, e.g. "350200".')),
    case("unknown administrative level", replace(CITY, "bp:adminLevel", f"<{VOCAB}admin-level/township>"), violation(
        "Jurisdiction-adminLevel", CITY,
        "A jurisdiction has exactly one bp:adminLevel: admin-level:province, municipality, city, district, county or development-zone.")),
    case("division without its code", delete(CITY, "bp:adminCode"), violation(
        "JurisdictionCodeShape", CITY,
        "A division of GB/T 2260 needs its bp:adminCode (only a development zone has none): check loaders/gazetteers/divisions.tsv.")),
    case("jurisdiction within a document", insert(f"<{CITY}> bp:withinJurisdiction <{DOCUMENT}>"), violation(
        "Jurisdiction-within", CITY, "A jurisdiction lies directly within at most one bp:Jurisdiction (bp:withinJurisdiction).")),
    case("city without its province", delete(CITY, "bp:withinJurisdiction"), warning(
        "JurisdictionParentShape", CITY,
        "A city or county should name the division it lies in (bp:withinJurisdiction): check its parent code in loaders/gazetteers/divisions.tsv.")),
    # Target
    case("target of no unit", delete(PLAN, "bp:hasTarget"), violation(
        "Target-holder", TARGET, "A target belongs to exactly one task or plan: link it from that unit with bp:hasTarget.")),
    case("indicator phrase in English", replace(TARGET, "bp:indicatorPhrase", '"industry scale"@en'), violation(
        "Target-indicatorPhrase", TARGET,
        "A target keeps its indicator as written (bp:indicatorPhrase): exactly one Chinese string tagged @zh.")),
    case("indicator from another scheme", replace(TARGET, "bp:indicator", f"<{VOCAB}sector/vaccine>"), violation(
        "Target-indicator", TARGET,
        "A target has at most one bp:indicator, a concept of vocab/indicator-type: use a key of ontology/vocab/indicator-type.ttl.")),
    case("unclassified indicator", delete(TARGET, "bp:indicator"), info(
        "Target-indicator-present", TARGET,
        "The target's indicator phrase is not classified (no bp:indicator): add a cue word of the phrase to loaders/gazetteers/indicators.tsv.")),
    case("target without a value", delete(TARGET, "bp:value"), violation(
        "Target-value", TARGET, "A target has exactly one bp:value, an xsd:decimal: the number as written.")),
    case("negative target value", replace(TARGET, "bp:value", "\"-5.0\"^^xsd:decimal"), violation(
        "Target-value-nonNegative", TARGET,
        "A target value (bp:value) is never negative: plans write the amount, and a decrease belongs in the indicator phrase; check the number the loader read.")),
    case("upper bound as an integer", replace(TARGET, "bp:valueMax", "1200"), violation(
        "Target-valueMax", TARGET,
        "A target has at most one bp:valueMax, a non-negative xsd:decimal: the upper bound of a range such as 1-2个.")),
    case("range upside down", replace(TARGET, "bp:valueMax", "900.0"), violation(
        "Target-range", TARGET,
        "The target's range is upside down (bp:value above bp:valueMax): the lower bound goes in bp:value, the upper in bp:valueMax.")),
    case("target without a unit", delete(TARGET, "bp:unit"), violation(
        "Target-unit", TARGET, "A target has exactly one bp:unit, a non-empty string: the unit as written (亿元, 家, 个, %).")),
    case("ASCII comparator", replace(TARGET, "bp:comparator", '">="'), violation(
        "Target-comparator", TARGET,
        'A target has exactly one bp:comparator, one of "=", "≥", ">", "≤", "<", "approx": map the word in loaders/gazetteers/comparators.tsv to one of them.')),
    case("target year as a string", replace(TARGET, "bp:targetYear", '"2022"'), violation(
        "Target-targetYear", TARGET,
        "A target has at most one bp:targetYear, an xsd:integer year between 1949 and 2100: check the year the loader read (到2025年).")),
    case("target year before 1949", replace(TARGET, "bp:targetYear", '"1948"^^xsd:integer'),
        violation("Target-targetYear", TARGET,
                  "A target has at most one bp:targetYear, an xsd:integer year between 1949 and 2100: check the year the loader read (到2025年)."),
        warning("Target-year-in-period", TARGET,
                "The target year lies more than five years outside the plan's period: check the year the loader read, or the plan's bp:periodStart and bp:periodEnd.")),
    case("negative amount in yuan", replace(TARGET, "bp:valueInYuan", "\"-1.0\"^^xsd:decimal"), violation(
        "Target-valueInYuan", TARGET, "A target has at most one bp:valueInYuan, a non-negative xsd:decimal amount in yuan.")),
    case("money target not normalised", delete(TARGET, "bp:valueInYuan"), warning(
        "TargetMoneyShape", TARGET,
        "The target is an amount of money (its unit contains 元) but has no bp:valueInYuan: give the unit its factor in loaders/gazetteers/units.tsv.")),
    case("target year far beyond the period", replace(TARGET, "bp:targetYear", '"2035"^^xsd:integer'), warning(
        "Target-year-in-period", TARGET,
        "The target year lies more than five years outside the plan's period: check the year the loader read, or the plan's bp:periodStart and bp:periodEnd.")),
    # Incentive
    case("incentive of no unit", delete(TASK, "bp:hasIncentive"), violation(
        "Incentive-holder", INCENTIVE, "An incentive belongs to exactly one task or plan: link it from that unit with bp:hasIncentive.")),
    case("incentive of no plan", delete(INCENTIVE, "bp:plan"), violation("PlanPart-plan", INCENTIVE, PART_OF_NO_PLAN)),
    case("incentive without an amount", delete(INCENTIVE, "bp:maxAmount"), violation(
        "Incentive-maxAmount", INCENTIVE,
        "An incentive has exactly one bp:maxAmount, a non-negative xsd:decimal in the unit as written (500 in 最高500万元).")),
    case("incentive with two lower bounds", insert(f"<{INCENTIVE}> bp:minAmount 40.0"), violation(
        "Incentive-minAmount", INCENTIVE,
        "An incentive has at most one bp:minAmount, a non-negative xsd:decimal: the lower bound of a range such as 50-500万元.")),
    case("incentive range upside down", replace(INCENTIVE, "bp:minAmount", "600.0"), violation(
        "Incentive-range", INCENTIVE,
        "The incentive's range is upside down (bp:minAmount above bp:maxAmount): the lower bound goes in bp:minAmount, the upper in bp:maxAmount.")),
    case("incentive with an empty unit", replace(INCENTIVE, "bp:unit", '""'), violation(
        "Incentive-unit", INCENTIVE, "An incentive has exactly one bp:unit, a non-empty string: the unit as written (万元, 亿元, 元).")),
    case("incentive not normalised", delete(INCENTIVE, "bp:valueInYuan"), violation(
        "Incentive-valueInYuan", INCENTIVE,
        "An incentive has exactly one bp:valueInYuan, its maximum amount as a non-negative xsd:decimal in yuan: give the unit its factor in loaders/gazetteers/units.tsv.")),
    case("recipient in English", replace(INCENTIVE, "bp:recipient", '"new national platforms"@en'), violation(
        "Incentive-recipient", INCENTIVE, "The recipient (bp:recipient) is the Chinese phrase as written, tagged @zh.")),
    case("condition without a language tag", replace(INCENTIVE, "bp:condition", '"上年度新获批"'), violation(
        "Incentive-condition", INCENTIVE, "The condition (bp:condition) is the Chinese phrase as written, tagged @zh.")),
    case("instrument from another scheme", replace(INCENTIVE, "bp:instrument", f"<{VOCAB}sector/vaccine>"), violation(
        "Incentive-instrument", INCENTIVE,
        "An incentive has at most one bp:instrument, a concept of vocab/policy-instrument: use a key of ontology/vocab/policy-instrument.ttl.")),
    case("incentive of unknown kind", delete(INCENTIVE, "bp:instrument"), info(
        "Incentive-instrument-present", INCENTIVE,
        "The kind of incentive was not recognised (no bp:instrument): add the grant's cue word (补助, 奖励 …) to loaders/gazetteers/incentive_kinds.tsv.")),
    # Park, platform, person
    case("park named in English only", replace(PARK, "rdfs:label", '"Ceshi Bio Park"@en'), violation(
        "Place-label", PARK, 'A park or platform needs its Chinese name as written, rdfs:label "…"@zh.')),
    case("park type from another scheme", replace(PARK, "bp:parkType", f"<{VOCAB}platform-type/testing>"), violation(
        "Park-parkType", PARK,
        "A park has at most one bp:parkType, a concept of vocab/park-type: use a key of ontology/vocab/park-type.ttl.")),
    case("park of unknown type", delete(PARK, "bp:parkType"), info(
        "Park-parkType-present", PARK,
        "The kind of park was not recognised (no bp:parkType): add the ending of its name (产业园, 高新区, 药谷 …) as a skos:altLabel to ontology/vocab/park-type.ttl.")),
    case("park specialisation in English", replace(PARK, "bp:specialisation", '"vaccines"@en'), violation(
        "Park-specialisation", PARK, "A park's bp:specialisation is the Chinese phrase as written, tagged @zh.")),
    case("park nobody mentions", f"DELETE DATA {{ <{TASK}> bp:mentions <{PARK}> }}", violation(
        "Mentioned-by-unit", PARK, NOT_MENTIONED)),
    case("platform type from another scheme", replace(PLATFORM, "bp:platformType", f"<{VOCAB}park-type/industrial-park>"), violation(
        "Platform-platformType", PLATFORM,
        "A platform has at most one bp:platformType, a concept of vocab/platform-type: use a key of ontology/vocab/platform-type.ttl.")),
    case("platform of unknown type", delete(PLATFORM, "bp:platformType"), info(
        "Platform-platformType-present", PLATFORM,
        "The kind of platform was not recognised (no bp:platformType): add the ending of its name (实验室, 检测中心 …) as a skos:altLabel to ontology/vocab/platform-type.ttl.")),
    case("platform located in a park", replace(PLATFORM, "bp:locatedIn", f"<{PARK}>"), violation(
        "Place-locatedIn", PLATFORM, "bp:locatedIn names the bp:Jurisdiction a park or platform lies in.")),
    case("person without a name", delete(PERSON, "foaf:name"), violation(
        "Person-name", PERSON, "A person has exactly one foaf:name, the Chinese name as written, tagged @zh.")),
    case("name read with a title", replace(PERSON, "foaf:name", '"张三副市长同志"@zh'), warning(
        "Person-name-form", PERSON,
        "The foaf:name does not look like a Chinese personal name (two to four characters): check that no title or office (同志, 副市长) was read as part of it.")),
    case("person leading a plan", replace(PERSON, "bp:leads", f"<{PLAN}>"), violation(
        "Person-leads", PERSON, "bp:leads names a bp:Task the person is made to lead (牵头领导).")),
    case("person nobody mentions", f"DELETE DATA {{ <{TASK}> bp:mentions <{PERSON}> }}", violation(
        "Mentioned-by-unit", PERSON, NOT_MENTIONED)),
    case("person without evidence", delete(PERSON, "bp:evidence"), violation("Fact-evidence", PERSON, FACT_WITHOUT_EVIDENCE)),
    # Sectors
    case("sector outside the sector scheme", insert(f"""<{VOCAB}task-kind/test-sector> a skos:Concept , bp:Sector ;
            skos:inScheme v:task-kind ; skos:prefLabel "测试"@zh , "Test"@en"""), violation(
        "Sector-scheme", f"{VOCAB}task-kind/test-sector", "A bp:Sector is a concept of the sector scheme: add skos:inScheme v:sector.")),
    case("mention of a concept that is no sector",
        f"""DELETE {{ <{TASK}> bp:mentionsSector ?s . <{SECTOR_EVIDENCE}> oa:hasBody ?s }}
            INSERT {{ <{TASK}> bp:mentionsSector <{VOCAB}indicator-type/platforms> . <{SECTOR_EVIDENCE}> oa:hasBody <{VOCAB}indicator-type/platforms> }}
            WHERE {{ <{TASK}> bp:mentionsSector ?s }}""",
        violation("SectorMention-sector", TASK,
                  "bp:mentionsSector names a bp:Sector concept of vocab/sector: use a key of ontology/vocab/sector.ttl."),
        violation("EvidenceContext-sector", SECTOR_EVIDENCE,
                  "Only a sector mention's evidence carries bp:context: one of its oa:hasBody values must be a bp:Sector concept.")),
    case("sector mention without evidence", delete(SECTOR_EVIDENCE, "bp:context"), violation(
        "SectorMentionEvidenceShape", TASK,
        "The sector mention cites no evidence: emit a bp:Evidence node with the sector as oa:hasBody and this task or plan as bp:context.")),
    # Evidence and selectors
    case("evidence without a target", delete(PLAN_EVIDENCE, "oa:hasTarget"), violation(
        "Evidence-target", PLAN_EVIDENCE,
        "Evidence has exactly one oa:hasTarget, an oa:SpecificResource that selects the source text.")),
    case("evidence of nothing", delete(PLAN_EVIDENCE, "oa:hasBody"), violation(
        "Evidence-body", PLAN_EVIDENCE, "Evidence supports at least one fact: name each fact or entity (an IRI) with oa:hasBody.")),
    case("evidence on line 0", replace(PLAN_EVIDENCE, "bp:line", "0"), violation(
        "Evidence-line", PLAN_EVIDENCE,
        "Evidence has exactly one bp:line, the 1-based xsd:positiveInteger line of the source where the span starts.")),
    case("evidence of an unknown load", replace(PLAN_EVIDENCE, "prov:wasGeneratedBy", "<https://example.org/load/1>"), violation(
        "Evidence-generatedBy", PLAN_EVIDENCE,
        "Evidence names the load that produced it: exactly one prov:wasGeneratedBy <https://w3id.org/biopolicy/id/load/PLANKEY>.")),
    case("sector evidence in two units", insert(f"<{SECTOR_EVIDENCE}> bp:context <{PLAN}>"), violation(
        "Evidence-context", SECTOR_EVIDENCE,
        "bp:context names one bp:Task or bp:Plan: the unit whose text mentions the sector.")),
    case("context on the evidence of a plan", insert(f"<{PLAN_EVIDENCE}> bp:context <{PLAN}>"), violation(
        "EvidenceContext-sector", PLAN_EVIDENCE,
        "Only a sector mention's evidence carries bp:context: one of its oa:hasBody values must be a bp:Sector concept.")),
    case("evidence target without its source", delete(f"{PLAN_EVIDENCE}#target", "oa:hasSource"), violation(
        "SpecificResource-source", f"{PLAN_EVIDENCE}#target",
        "An evidence target has exactly one oa:hasSource, the plan's bp:SourceDocument.")),
    case("evidence target without a position", f"DELETE DATA {{ <{PLAN_EVIDENCE}#target> oa:hasSelector <{PLAN_EVIDENCE}#position> }}", violation(
        "SpecificResource-position", f"{PLAN_EVIDENCE}#target",
        "An evidence target has exactly one oa:TextPositionSelector among its oa:hasSelector values (the code-point offsets of the span).")),
    case("evidence target without a quote", f"DELETE DATA {{ <{PLAN_EVIDENCE}#target> oa:hasSelector <{PLAN_EVIDENCE}#quote> }}", violation(
        "SpecificResource-quote", f"{PLAN_EVIDENCE}#target",
        "An evidence target has exactly one oa:TextQuoteSelector among its oa:hasSelector values (the exact source text of the span).")),
    case("start offset as an integer", replace(f"{PLAN_EVIDENCE}#position", "oa:start", "0"), violation(
        "TextPosition-start", f"{PLAN_EVIDENCE}#position",
        "A text position has exactly one oa:start, an xsd:nonNegativeInteger code-point offset into the source.")),
    case("position without an end", delete(f"{PLAN_EVIDENCE}#position", "oa:end"), violation(
        "TextPosition-end", f"{PLAN_EVIDENCE}#position",
        "A text position has exactly one oa:end, an xsd:nonNegativeInteger code-point offset (exclusive) into the source.")),
    case("position that ends where it starts", replace(f"{PLAN_EVIDENCE}#position", "oa:end", '"0"^^xsd:nonNegativeInteger'), violation(
        "TextPosition-order", f"{PLAN_EVIDENCE}#position",
        "A text position starts before it ends (oa:start < oa:end): check the span's offsets.")),
    case("dropped range that ends before it starts", replace(NOISE, "oa:end", '"10"^^xsd:nonNegativeInteger'), violation(
        "TextPosition-order", NOISE, "A text position starts before it ends (oa:start < oa:end): check the span's offsets.")),
    case("empty quote", replace(f"{PLAN_EVIDENCE}#quote", "oa:exact", '""'), violation(
        "TextQuote-exact", f"{PLAN_EVIDENCE}#quote",
        "A text quote has exactly one oa:exact, the non-empty source text of the span, verbatim.")),
    # Load activity and software agent
    case("load that used no document", delete(LOAD, "prov:used"), violation(
        "LoadActivity-used", LOAD,
        "A load activity used exactly one source document: prov:used <https://w3id.org/biopolicy/id/document/PLANKEY>.")),
    case("load that generated a literal", replace(LOAD, "prov:generated", '"plan graph"'), violation(
        "LoadActivity-generated", LOAD,
        "A load activity generated exactly one plan graph: prov:generated <https://w3id.org/biopolicy/graph/plan/PLANKEY>.")),
    case("load run by a document", replace(LOAD, "prov:wasAssociatedWith", f"<{DOCUMENT}>"), violation(
        "LoadActivity-software", LOAD,
        "A load activity names the software that ran it: exactly one prov:wasAssociatedWith, a prov:SoftwareAgent.")),
    case("load time as a string", replace(LOAD, "prov:startedAtTime", '"yesterday"'), violation(
        "LoadActivity-started", LOAD, "A load activity has exactly one prov:startedAtTime, an xsd:dateTime.")),
    case("software version that is no version", replace(SOFTWARE, "bp:softwareVersion", '"dev"'), violation(
        "SoftwareAgent-version", SOFTWARE,
        'The software agent has exactly one bp:softwareVersion, the package version as a string such as "0.1.0".')),
    # Instrument codes
    case("instrument code held by no measure", delete(INCENTIVE, "bp:hasInstrumentCode"), violation(
        "InstrumentCode-holder", CODE,
        "An instrument code belongs to exactly one task or incentive: link it from that measure with bp:hasInstrumentCode.")),
    case("instrument code of no plan", delete(CODE, "bp:plan"), violation(
        "InstrumentCode-plan", CODE, "An instrument code belongs to exactly one bp:plan, the bp:Plan of the measure it codes.")),
    case("instrument code naming a side", replace(CODE, "bp:instrumentConcept", f"<{VOCAB}policy-instrument/supply-side>"),
         violation("InstrumentCode-concept", CODE, INSTRUMENT_CONCEPT)),
    case("instrument code naming a sector", replace(CODE, "bp:instrumentConcept", f"<{VOCAB}sector/vaccine>"),
         violation("InstrumentCode-concept", CODE, INSTRUMENT_CONCEPT)),
    case("instrument code ranked main", replace(CODE, "bp:codeRank", '"main"'), violation(
        "InstrumentCode-rank", CODE, 'An instrument code has exactly one bp:codeRank, "primary" or "secondary".'),
        violation("Measure-one-primary", INCENTIVE, ONE_PRIMARY)),
    case("instrument code without its cue", delete(CODE, "bp:cue"), violation(
        "InstrumentCode-cue", CODE,
        "An instrument code has exactly one bp:cue, the phrase of loaders/gazetteers/instrument_cues.tsv that signalled it, tagged @zh.")),
    case("instrument code citing nothing", delete(CODE, "bp:evidence"), violation(
        "InstrumentCode-evidence", CODE,
        "An instrument code cites its cue: exactly one bp:evidence, a bp:Evidence whose selectors give the cue's span and quote.")),
    case("measure with two primary codes", insert(
        f"""<{INCENTIVE}> bp:hasInstrumentCode <{CODE}-2> . <{CODE}-2> a bp:InstrumentCode ; bp:plan <{PLAN}> ;
            bp:codeRank "primary" ; bp:instrumentConcept <{VOCAB}policy-instrument/talent> ; bp:cue "人才"@zh ;
            bp:evidence <{ID}evidence/{KEY}/227-229>"""),
        violation("Measure-one-primary", INCENTIVE, ONE_PRIMARY)),
    case("plan none of whose measures could be classified",
         delete(INCENTIVE, "bp:hasInstrumentCode") + " ; " + f"DELETE WHERE {{ <{CODE}> ?p ?o }} ; "
         + insert(f"<{INCENTIVE}> bp:noInstrumentCue true . <{TASK}> bp:noInstrumentCue true"), warning(
        "PlanInstrumentsClassifiedShape", PLAN,
        "None of the plan's tasks and incentives could be classified as a policy instrument (each carries bp:noInstrumentCue): check that their text was read, or add the plan's phrasing of its instruments to loaders/gazetteers/instrument_cues.tsv.")),
    # Concepts
    case("concept without a Chinese label", insert(f'<{NEW_CONCEPT}> a skos:Concept ; skos:inScheme v:task-kind ; skos:prefLabel "Test"@en'),
        violation("Concept-prefLabel", NEW_CONCEPT, CONCEPT_LABELS)),
    case("concept without an English label", insert(f'<{NEW_CONCEPT}> a skos:Concept ; skos:inScheme v:task-kind ; skos:prefLabel "测试"@zh'),
        violation("Concept-prefLabel", NEW_CONCEPT, CONCEPT_LABELS)),
    case("concept with two English labels", insert(f'{NEW_CONCEPT_TRIPLES} , "Trial"@en'),
        violation("Concept-prefLabel", NEW_CONCEPT, CONCEPT_LABELS)),
    case("alternative label without a language", insert(f'{NEW_CONCEPT_TRIPLES} ; skos:altLabel "测验"'), violation(
        "Concept-altLabel", NEW_CONCEPT,
        "skos:altLabel values are language-tagged strings: the Chinese surface forms the loaders match, tagged @zh.")),
    case("concept in no scheme", insert(f'<{NEW_CONCEPT}> a skos:Concept ; skos:prefLabel "测试"@zh , "Test"@en'), violation(
        "Concept-inScheme", NEW_CONCEPT, "A concept belongs to a concept scheme: add skos:inScheme v:<scheme>, a skos:ConceptScheme.")),
    case("broader concept that is a plan", insert(f"{NEW_CONCEPT_TRIPLES} ; skos:broader <{PLAN}>"), violation(
        "Concept-broader", NEW_CONCEPT, "skos:broader names another skos:Concept of the vocabularies.")),
]

# Changes that must leave the fixture conforming, each next to a case above that it bounds.
CONFORMING_CHANGES = {
    "an English title beside the Chinese one": insert(f'<{PLAN}> dcterms:title "Three-year action plan"@en'),
    "a plan read from an interpretation of it": insert(f"<{DOCUMENT}> bp:sourceKind <{VOCAB}document-kind/policy-interpretation>"),
    "a sub-task covered by the responsibility of the task enclosing it": insert(
        f"""<{ID}task/{KEY}/1-1-1> a bp:Task ; bp:plan <{PLAN}> ; bp:partOf <{SUBTASK}> ; bp:path "一.(一).1" ;
            bp:taskKind <{VOCAB}task-kind/measure> ; bp:order "3"^^xsd:nonNegativeInteger ; bp:evidence <{TASK_EVIDENCE}>"""),
    "a plan some of whose measures carry no instrument cue": insert(f"<{TASK}> bp:noInstrumentCue true"),
    "a secondary code beside the primary one": insert(
        f"""<{INCENTIVE}> bp:hasInstrumentCode <{CODE}-2> . <{CODE}-2> a bp:InstrumentCode ; bp:plan <{PLAN}> ;
            bp:codeRank "secondary" ; bp:instrumentConcept <{VOCAB}policy-instrument/infrastructure> ; bp:cue "平台"@zh ;
            bp:evidence <{ID}evidence/{KEY}/227-229>"""),
    "a target year five years after the period": replace(TARGET, "bp:targetYear", '"2027"^^xsd:integer'),
    "a target year five years before the period": replace(TARGET, "bp:targetYear", '"2015"^^xsd:integer'),
    "a plan period given by its end only": delete(PLAN, "bp:periodStart"),
    "a count target without an amount in yuan": replace(TARGET, "bp:unit", '"家"') + " ; " + delete(TARGET, "bp:valueInYuan"),
    "a plan period of one year": replace(PLAN, "bp:periodStart", '"2022"^^xsd:integer'),
    "a plan period named as a five-year period": replace(PLAN, "bp:periodEnd", '"2025"^^xsd:integer') + " ; "
    + replace(PLAN, "dcterms:title", '"测试市“十四五”生物医药产业发展规划"@zh'),
    "a title ending with a period in brackets": replace(PLAN, "dcterms:title", '"测试市生物医药产业行动方案(2020—2022年)"@zh'),
    "a province without a parent": delete(CITY, "bp:withinJurisdiction") + " ; "
    + replace(CITY, "bp:adminLevel", f"<{VOCAB}admin-level/province>"),
    "a person named with four characters": replace(PERSON, "foaf:name", '"欧阳明月"@zh'),
    "a jurisdiction read from the body that the issuer line names": jurisdiction_read_at(300, 303, 9, issuer='"测试市人民政府办公厅"@zh'),
    "a jurisdiction read from the body that the title names": jurisdiction_read_at(300, 303, 9, title='"测试市生物医药产业若干措施"@zh'),
    "a province read from a one-character abbreviation in the body (来测发展)": jurisdiction_read_at(300, 301, 9),
    "a jurisdiction read from inside the document number": jurisdiction_read_at(40, 42, 5) + " ; " + insert(
        f"""<{PLAN}> bp:evidence <{ID}evidence/{KEY}/38-50> . <{ID}evidence/{KEY}/38-50> a bp:Evidence ; oa:hasBody <{PLAN}> ;
            bp:line "5"^^xsd:positiveInteger ; prov:wasGeneratedBy <{LOAD}> ; oa:hasTarget <{ID}evidence/{KEY}/38-50#target> .
            <{ID}evidence/{KEY}/38-50#target> a oa:SpecificResource ; oa:hasSource <{DOCUMENT}> ;
                oa:hasSelector <{ID}evidence/{KEY}/38-50#position> , <{ID}evidence/{KEY}/38-50#quote> .
            <{ID}evidence/{KEY}/38-50#position> a oa:TextPositionSelector ; oa:start "38"^^xsd:nonNegativeInteger ; oa:end "50"^^xsd:nonNegativeInteger .
            <{ID}evidence/{KEY}/38-50#quote> a oa:TextQuoteSelector ; oa:exact "测试府办〔2020〕1号" ."""),
}


@pytest.fixture(scope="module", autouse=True)
def sparql_parsed_once():
    """Parse each SPARQL query of the shapes once for this module, not on every validation.

    pySHACL hands rdflib the text of a SPARQL target or constraint on every call, and rdflib's
    parser takes 15-80 ms a query; a prepared query evaluates the same. Only the test's speed changes.
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    prepared = {}
    original = SPARQLProcessor.query

    def query(self, query_text, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(query_text, str):
            key = (query_text, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(query_text), base, initNs)
            query_text = prepared[key]
        return original(self, query_text, initBindings, initNs, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SPARQLProcessor, "query", query)
        yield


@pytest.fixture(scope="module")
def context() -> v.Context:
    return v.context()


@pytest.fixture(scope="module")
def base() -> Graph:
    return Graph().parse(FIXTURE)


def results(graph: Graph, context: v.Context) -> set[Expected]:
    """The distinct results of validating ``graph``: shape, focus node, severity and message.

    pySHACL reports one result per failing constraint component, so one bad value can give the
    same message twice (an English name fails both sh:languageIn and sh:pattern); it counts once.
    """
    reports = {engine: v.validate_graph(graph, source="fixture", ctx=context, engine=engine).report
               for engine in v.ENGINES}
    # both validation paths report the same (decision 0024; tests/test_shacl_engines.py for the seeds)
    assert parity_key(reports["hybrid"]) == parity_key(reports["pyshacl"])
    report = reports["hybrid"]
    found = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = str(report.value(node, SH.sourceShape))
        messages = [str(m) for m in report.objects(node, SH.resultMessage)]
        assert len(messages) == 1, messages
        found.add(Expected(
            shape.removeprefix(str(BPS)),
            str(report.value(node, SH.focusNode)),
            str(report.value(node, SH.resultSeverity)).removeprefix(str(SH)),
            messages[0],
        ))
    return found


def parity_key(report: Graph) -> set[tuple]:
    """Each result as shape, focus node, severity, messages and path: what both engines must agree on."""
    found = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape, path = report.value(node, SH.sourceShape), report.value(node, SH.resultPath)
        found.add((
            str(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
            str(report.value(node, SH.focusNode)),
            str(report.value(node, SH.resultSeverity)),
            tuple(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
            str(path) if path is not None and not isinstance(path, BNode) else None,
        ))
    return found


def changed(base: Graph, update: str) -> Graph:
    graph = Graph()
    for triple in base:
        graph.add(triple)
    graph.update(PREFIXES + update)
    return graph


def test_the_conforming_fixture_has_no_result_at_all(base, context):
    assert results(base, context) == set()


@pytest.mark.parametrize("update", CONFORMING_CHANGES.values(), ids=CONFORMING_CHANGES.keys())
def test_a_change_within_the_rules_conforms(base, context, update):
    assert results(changed(base, update), context) == set()


@pytest.mark.parametrize("broken", CASES, ids=[c.name for c in CASES])
def test_each_violating_fixture_reports_exactly_its_results(base, context, broken):
    assert results(changed(base, broken.update), context) == set(broken.expected)


def named_shapes(shapes: Graph) -> tuple[set[str], set[str]]:
    """(shapes that report results, node shapes with core targets) by local name."""
    core_targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
    reporting, targeted = set(), set()
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(shape, URIRef):
            continue
        name = str(shape).removeprefix(str(BPS))
        if any(shapes.value(shape, t) is not None for t in core_targets):
            targeted.add(name)
        if shapes.value(shape, SH.target) is not None or name in targeted:
            if any(shapes.value(shape, p) is not None for p in (SH["or"], SH.sparql)):
                reporting.add(name)
        elif (shape, RDF.type, SH.PropertyShape) in shapes:
            reporting.add(name)
    return reporting, targeted


def test_every_shape_has_a_violating_fixture():
    reporting, _ = named_shapes(Graph().parse(SHAPES))
    covered = {expected.shape for c in CASES for expected in c.expected}
    assert reporting - covered == set()
    assert covered - reporting == set()


def test_every_shape_with_a_class_or_property_target_checks_something_in_the_conforming_fixture(base, context):
    """Shapes with a SPARQL target select only offenders; they have violating fixtures above."""
    shapes = Graph().parse(SHAPES)
    _, targeted = named_shapes(shapes)
    merged = base + v.ontology_context(base, context)
    empty = []
    for name in sorted(targeted):
        shape = BPS[name]
        focus = set()
        for cls in shapes.objects(shape, SH.targetClass):
            classes = set(merged.transitive_subjects(RDFS.subClassOf, cls))
            focus |= {s for c in classes for s in merged.subjects(RDF.type, c)}
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            focus |= set(merged.subjects(prop, None))
        if not focus:
            empty.append(name)
    assert len(targeted) >= 25
    assert empty == [], "shapes with nothing to check in tests/shapes/conforming-plan.ttl"


def test_every_message_is_an_english_sentence_naming_the_term_or_file_to_fix():
    shapes = Graph().parse(SHAPES)
    messages = list(shapes.objects(None, SH.message))
    assert len(messages) >= 100
    names = re.compile(r"\b(bp|oa|skos|dcterms|rdfs|foaf|prov|role|admin-level|v):[A-Za-z<]|loaders/|ontology/")
    for message in messages:
        assert isinstance(message, Literal) and message.language == "en", message
        assert (message[0].isupper() or names.match(message)) and message.endswith("."), message
        assert names.search(message), message


# ---------------------------------------------------------------------------------------------
# The real plans


@dataclass
class Seed:
    graph: Graph
    validation: v.PlanValidation


@pytest.fixture(scope="module")
def seeds(context) -> dict[str, Seed]:
    from biopolicy.graph.build import extract_plan

    found = {}
    for path in SEEDS:
        graph_iri, graph, _extraction = extract_plan(path)
        found[path.stem] = Seed(graph, v.validate_graph(graph, source=path.name, plan=graph_iri, ctx=context))
    return found


def test_there_are_five_seed_plans():
    assert len(SEEDS) == 5


def test_every_seed_plan_conforms(seeds):
    violations = {name: [(r.shape, r.focus, r.message) for r in seed.validation.violations] for name, seed in seeds.items()}
    assert violations == {name: [] for name in seeds}


def test_the_untitled_seed_is_warned_about_not_refused(seeds):
    untitled = {
        name: [(r.severity, r.message) for r in seed.validation.results if r.shape == str(BPS["Plan-title-present"])]
        for name, seed in seeds.items()
    }
    assert {name: found for name, found in untitled.items() if found} == {
        "hubei-2024-biomedicine-implementation-opinions": [(
            "Warning",
            "The plan has no title (dcterms:title): put the plan's title on its own line at the top of the document so the loader can read it.",
        )]
    }


def test_no_seed_is_warned_about_what_extraction_gets_wrong_on_real_pages(seeds):
    """The warnings that catch a loader's mistakes (issue #10) stay silent on the five seed plans."""
    faults = {BPS[name] for name in ("PlanContentShape", "PlanTitleKindShape", "PlanPeriodStatedShape", "PlanJurisdictionNamedShape")}
    warned = {name: [r.message for r in seed.validation.results if URIRef(r.shape or "") in faults] for name, seed in seeds.items()}
    assert warned == {name: [] for name in seeds}


def test_seed_warnings_about_tasks_are_the_tasks_the_canned_query_lists(seeds):
    from rdflib import Dataset, URIRef

    query = (REPOSITORY / "queries" / "tasks_without_responsible_agency.rq").read_text(encoding="utf-8")
    for name, seed in seeds.items():
        dataset = Dataset()  # the canned query reads each plan in its own named graph, as in the store
        plan_graph = dataset.graph(URIRef(f"https://w3id.org/biopolicy/graph/plan/{name}"))
        for triple in seed.graph:
            plan_graph.add(triple)
        listed = {str(row.task) for row in dataset.query(query)}
        report = seed.validation.report
        warned = {
            str(report.value(node, SH.focusNode))
            for node in report.subjects(SH.sourceShape, BPS.TaskResponsibilityShape)
        }
        assert warned == listed, name


# ---------------------------------------------------------------------------------------------
# Parks, platforms, persons and sectors as emit writes them


def test_emitted_parks_platforms_persons_and_sectors_conform(context):
    from biopolicy.loaders import jurisdictions
    from biopolicy.loaders.emit import load_activity, plan_graph
    from biopolicy.loaders.extract.agencies import resolve_agency
    from biopolicy.loaders.model import (
        DocumentTree,
        Extraction,
        NamedEntity,
        PlanMetadata,
        Responsibility,
        Target,
        Task,
    )
    from biopolicy.loaders.text import MappedText

    source = "宁波市生物医药行动计划\n2023年1月2日\n(一)疫苗工程。建设宁波生物产业园和宁波疫苗检测中心,到2025年产值达到100亿元。牵头领导:李志勇;责任单位:市科技局\n"
    text = MappedText.from_source(source)
    span = lambda s: (text.work.index(s), text.work.index(s) + len(s))  # noqa: E731
    unit = "(一)"
    extraction = Extraction(
        document_id="ningbo-test", source_path="documents/ningbo-test.txt", text=text,
        metadata=PlanMetadata(
            title="宁波市生物医药行动计划", title_span=span("宁波市生物医药行动计划"),
            jurisdiction=jurisdictions.by_name("宁波市"), jurisdiction_span=span("宁波市"),
            issued=date(2023, 1, 2), issued_span=span("2023年1月2日"), period_start=2023, period_end=2025, period_span=span("2025年"), kind="action-plan", kind_span=span("行动计划"),
        ),
        tree=DocumentTree(None, (0, 0), []),
        tasks=[Task(unit, "疫苗工程", span("(一)疫苗工程。"), span("疫苗工程"), None, "project", 1)],
        responsibilities=[Responsibility(unit, "市科技局", "responsible", span("市科技局"))],
        targets=[Target(unit, "产值", "output-value", Decimal(100), None, "亿元", "=", 2025, span("产值达到100亿元"), Decimal("1E10"))],
        parks=[NamedEntity(unit, "宁波生物产业园", span("宁波生物产业园"), "industrial-park", "疫苗")],
        platforms=[NamedEntity(unit, "宁波疫苗检测中心", span("宁波疫苗检测中心"), "testing")],
        persons=[NamedEntity(unit, "李志勇", span("李志勇"))],
        sectors=[NamedEntity(unit, "vaccine", span("疫苗"), "vaccine")],
        agencies=[resolve_agency("市科技局", jurisdictions.by_name("宁波市"))],
    )
    graph_iri, graph = plan_graph(extraction)
    validation = v.validate_graph(graph + load_activity(extraction, graph_iri), source="ningbo", ctx=context)
    assert [(r.severity, r.shape, r.message) for r in validation.results] == []
    kinds = {str(o).rsplit("#", 1)[1] for o in graph.objects(None, RDF.type) if "ontology#" in str(o)}
    assert {"Park", "Platform", "Person", "Evidence", "Task", "Target", "Responsibility"} <= kinds
    assert (None, Namespace("https://w3id.org/biopolicy/ontology#").mentionsSector, None) in graph


def test_every_comparator_the_loaders_write_is_one_the_shapes_accept():
    import csv

    shapes = Graph().parse(SHAPES)
    accepted = {str(value) for value in shapes.items(shapes.value(BPS["Target-comparator"], SH["in"]))}
    with open(REPOSITORY / "loaders" / "gazetteers" / "comparators.tsv", encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        written = {row["comparator"] for row in rows} | {"="}
    assert accepted == {"=", "≥", ">", "≤", "<", "approx"}
    assert written <= accepted
