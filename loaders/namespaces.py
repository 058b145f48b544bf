"""Every namespace IRI the package writes or reads, written out once.

Plain strings, so that modules which must start fast or stay small (the store, the query workers)
can use them without importing rdflib; modules that build rdflib graphs wrap them in
``rdflib.Namespace``. ``PREFIXES`` is the one prefix table for Turtle output, SPARQL headers and
the query page.

>>> BP + "Plan"
'https://w3id.org/biopolicy/ontology#Plan'
>>> PREFIXES["oa"] == OA
True
"""

from __future__ import annotations

BASE = "https://w3id.org/biopolicy/"
BP = BASE + "ontology#"
ID = BASE + "id/"
VOCAB = BASE + "vocab/"
GRAPH = BASE + "graph/"
DATASET = BASE + "dataset"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
QUDT = "http://qudt.org/schema/qudt/"
UNIT = "http://qudt.org/vocab/unit/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"  # checksums of the dumps, as DCAT-AP writes them
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"

PREFIXES = {
    "bp": BP,
    "v": VOCAB,
    "eli": ELI,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "oa": OA,
    "foaf": FOAF,
    "qudt": QUDT,
    "unit": UNIT,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "void": VOID,
    "dcat": DCAT,
    "sd": SD,
    "vcard": VCARD,
    "spdx": SPDX,
}
