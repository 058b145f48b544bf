"""Document to RDF: read, clean, normalise, segment, extract, emit."""

__version__ = "0.1.0"
