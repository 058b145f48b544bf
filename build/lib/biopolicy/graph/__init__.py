"""The graph: store, validate, query, serve, and the biopolicy command line."""
