"""The OWL ontology, SHACL shapes and SKOS vocabularies, shipped as package data of ``biopolicy.ontology``."""
