"""Sectors: mentions of the branches of the biomedicine industry a plan promotes.

Surface forms are the Chinese ``skos:prefLabel`` and ``skos:altLabel`` of ``ontology/vocab/sector.ttl``
(read once with rdflib). Every occurrence in the working text is a mention; where labels overlap the
longest wins and the shorter is not counted:

    重点发展疫苗、重组蛋白及多肽药物、抗体药物等生物药  → vaccine, recombinant-protein
                                                      (重组蛋白及多肽药物, not 重组蛋白 + 多肽药物), antibody, biologics
    推动中药现代化发展 / 地方特色中药饮片              → tcm, tcm (中药饮片 is one label)

A record's ``name`` and ``type`` are the concept key (``vaccine``); its span is the label as written;
its unit is the task it sits in. Latin labels (CRO, ADC) count only as whole words (not CRO in MICRO).
"""

from __future__ import annotations

import re

from biopolicy.loaders.extract.names import concept_labels, distinct_names
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import ExtractionContext, Family, NamedEntity
from biopolicy.loaders.text import find_all

Span = tuple[int, int]

_LATIN = re.compile(r"[A-Za-z0-9]")


def extract_sectors(context: ExtractionContext) -> list[NamedEntity]:
    """Every sector mention of the plan, in document order."""
    work = context.text.work
    return [
        NamedEntity(unit=context.unit_at(start), name=key, span=(start, end), type=key)
        for start, end, key in sector_mentions(work)
    ]


def sector_mentions(work: str) -> list[tuple[int, int, str]]:
    """``(start, end, concept key)`` of every label occurrence, longest first, without overlaps."""
    occurrences = []
    for label, key in concept_labels("sector"):
        for start, end in find_all(work, label):
            if _whole_word(work, start, end, label):
                occurrences.append((start, end, key))
    taken = [False] * len(work)
    chosen = []
    for start, end, key in sorted(occurrences, key=lambda item: (item[0] - item[1], item[0])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            chosen.append((start, end, key))
    return sorted(chosen)


def _whole_word(work: str, start: int, end: int, label: str) -> bool:
    """A label that begins or ends with a Latin letter or digit must not run on into more of them."""
    if _LATIN.match(label[0]) and start > 0 and _LATIN.match(work[start - 1]):
        return False
    return not (_LATIN.match(label[-1]) and end < len(work) and _LATIN.match(work[end]))


def emit_sectors(emitter, mentions: list[NamedEntity]) -> None:
    """A task (or the plan) mentions a sector concept; the evidence names the unit as its context."""
    for mention in mentions:
        sector = concept("sector", mention.name)
        unit = emitter.unit(mention.unit)
        emitter.add(unit, BP.mentionsSector, sector)
        emitter.add(emitter.evidence(mention.span, sector), BP.context, unit)


FAMILY = Family(
    name="sectors",
    columns=(),
    extract=extract_sectors,
    rows=lambda extraction: [{"sector": sector.name} for sector in distinct_names(extraction.sectors)],
    emit=emit_sectors,
    scored=False,
)
