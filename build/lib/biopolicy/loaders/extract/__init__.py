"""One module per extraction family; each takes an ExtractionContext and returns records."""
