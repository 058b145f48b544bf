"""A small Wikidata-shaped graph (wikidata.ttl) and an Oxigraph server process for the link and publish tests."""
