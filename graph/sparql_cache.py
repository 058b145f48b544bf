"""rdflib's SPARQL processor, with the parsed and translated form of each query kept for reuse.

Why: pySHACL runs the SPARQL-based shapes and targets of ``ontology/shapes.ttl`` by handing rdflib
the query *text* for every plan it validates, and rdflib parses that text (pyparsing) and
translates it to algebra each time: about a fifth of the time of validating one plan (issue #11).
The algebra does not depend on the data or on the bindings, so the same text is parsed once per
process. rdflib's own ``prepareQuery`` reuses a translated query the same way.

The processor is registered under rdflib's plugin name ``sparql`` by :func:`install`, which
``graph.validate`` calls; it changes no result, only when the parsing happens.
"""

from __future__ import annotations

from collections import OrderedDict

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor

MAX_QUERIES = 512  # shapes hold tens of queries; the bound keeps a process asking ad-hoc queries small


class CachingSPARQLProcessor(SPARQLProcessor):
    """Parses and translates each distinct query text once (per base and prefixes), then evaluates."""

    translated: OrderedDict = OrderedDict()

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 - rdflib's names
        if isinstance(strOrQuery, str):
            strOrQuery = self._translated(strOrQuery, base, initNs)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)

    @classmethod
    def _translated(cls, text: str, base, namespaces):
        key = (text, base, tuple(sorted((namespaces or {}).items())))
        found = cls.translated.get(key)
        if found is None:
            found = translateQuery(parseQuery(text), base, namespaces)
            cls.translated[key] = found
            if len(cls.translated) > MAX_QUERIES:
                cls.translated.popitem(last=False)
        else:
            cls.translated.move_to_end(key)
        return found


def install() -> None:
    """Make ``CachingSPARQLProcessor`` rdflib's ``sparql`` query processor in this process."""
    plugin.register("sparql", Processor, __name__, "CachingSPARQLProcessor")
