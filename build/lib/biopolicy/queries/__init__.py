"""The canned SPARQL queries (``*.rq``), shipped as package data of ``biopolicy.queries``."""
