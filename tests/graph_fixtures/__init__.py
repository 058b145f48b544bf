"""Hand-written RDF fixtures and stand-in loaders for the graph tests."""
