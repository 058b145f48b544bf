"""Document to RDF: read, clean, normalise, segment, extract, emit."""
