"""Deterministic, readable IRIs: ``id/<kind>/<adminCode>-<pinyin slug>`` and friends.

The same document always yields the same IRIs, so rebuilding the graph changes nothing and
re-adding a plan replaces exactly its named graph. Keys use pinyin (pypinyin, offline) so that
a researcher can read them: 厦门市 → ``350200-xiamenshi``.
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin
from rdflib import Namespace, URIRef

from biopolicy.loaders import namespaces as ns
from biopolicy.loaders.numerals import NUMERAL_CHARACTERS, parse_numeral


class TermNamespace(Namespace):
    """An ``rdflib.Namespace`` that makes each term once: ``BP.plan`` is built on first use and then
    found in the instance, because rdflib builds a new URIRef on every attribute access, and the
    emitters ask for terms tens of thousands of times a plan (issue #11)."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term

    # Terms that are also names of str methods (dcterms:title, dcterms:format): a plain Namespace
    # would give the method, so these are terms here too.
    title = property(lambda self: self.term("title"))
    format = property(lambda self: self.term("format"))
    count = property(lambda self: self.term("count"))
    index = property(lambda self: self.term("index"))


# The namespaces the loaders write, as TermNamespaces (rdflib's own RDF, XSD, DCTERMS… rebuild terms).
BP = TermNamespace(ns.BP)
OA = TermNamespace(ns.OA)
RDF = TermNamespace(ns.RDF)
RDFS = TermNamespace(ns.RDFS)
XSD = TermNamespace(ns.XSD)
SKOS = TermNamespace(ns.SKOS)
DCTERMS = TermNamespace(ns.DCTERMS)
PROV = TermNamespace(ns.PROV)
FOAF = TermNamespace(ns.FOAF)
ID, VOCAB, GRAPH = ns.ID, ns.VOCAB, ns.GRAPH
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_INITIALS = 24


@cache
def slug(text: str) -> str:
    """Lower-case ASCII pinyin of ``text``; other letters and digits kept, the rest dropped."""
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text)).lower())


def initials(text: str) -> str:
    """First pinyin letter of each Chinese character (厦门市做强 → xmszq).

    The whole string goes to pypinyin at once, so that polyphones are read in their word
    (厦门 → xia men, not sha); characters are taken one by one, they would not be.
    """
    chinese = "".join(c for c in text if CJK.match(c))
    return "".join(syllable[0] for syllable in lazy_pinyin(chinese) if syllable).lower()[:MAX_INITIALS]


def chinese_number(text: str) -> str:
    """A Chinese numeral as Arabic digits (一 → 1, 十二 → 12, 二〇二四 → 2024); anything else unchanged."""
    if not text or not all(character in NUMERAL_CHARACTERS for character in text):
        return text
    try:
        return str(parse_numeral(text))
    except ValueError:
        return text


def path_slug(path: str) -> str:
    """三.(一).重要举措.1 → 3-1-zyjc-1 ; 重点任务.—2 → zdrw-d2."""
    parts = []
    for part in path.split("."):
        bare = part.strip("()")
        if bare.startswith("—"):
            parts.append("d" + bare[1:])
        elif CJK.search(bare) and chinese_number(bare) == bare:
            parts.append(initials(bare) or slug(bare))
        else:
            parts.append(chinese_number(bare))
    return "-".join(parts)


def data_iri(kind: str, key: str) -> URIRef:
    return URIRef(f"{ID}{kind}/{key}")


def concept(scheme: str, key: str) -> URIRef:
    return URIRef(f"{VOCAB}{scheme}/{key}")


def graph_iri(name: str) -> URIRef:
    return URIRef(f"{GRAPH}{name}")


def jurisdiction_iri(code: str, name: str) -> URIRef:
    """``id/jurisdiction/<code>-<slug>``; a development zone carries its city's code (no code: the slug alone)."""
    return data_iri("jurisdiction", f"{code}-{slug(name)}" if code else slug(name))
