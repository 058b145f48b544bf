"""Policy instruments: every task and incentive coded on the Rothwell–Zegveld scheme, with the cue.

A measure gets a **primary** narrow concept of ``ontology/vocab/policy-instrument.ttl`` (funding,
talent, regulation … under supply-, demand- or environment-side) and any **secondary** ones, each with
the phrase that signalled it and its span (the evidence). The cues are ``gazetteers/instrument_cues.tsv``;
the rules are those a coder follows (``tests/instruments/CONVENTIONS.md``):

    title 支持人才引进 …                               → talent (the title's instrument wins)
    title 创新药物发展工程, body 重点发展疫苗…; 支持…研发   → target-planning (the body's first sentence with a cue)
    对引进的高层次人才给予最高100万元安家补贴              → talent (money pays for a cue marked pays_for)
    对新获批的国家级平台,每个给予最高500万元奖励          → funding (平台 is only a condition of the grant)
    (incentive) 从最高1000万元提高到3000万元            → funding (an incentive's amount is a cue of its own)
    title 加快中药产业发展, no body                      → unclassified: no cue, no guess

A sentence that grants money (holds a funding cue) is coded by its first ``pays_for`` cue, else by its
first funding cue; any other sentence by its first cue. The title is read first, then the body's
sentences in order; the first sentence that yields a code gives the primary. Every other concept
cued anywhere in the measure is secondary, with its first cue. A measure with no cue is left
unclassified (``bp:noInstrumentCue``) and counted.

A task is read from its own text: its title and the body its sub-tasks do not cover (``own_spans``),
so that a chapter is not coded by its sections' words. An incentive is read from its span (the
sentence that grants it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from rdflib import Literal

from biopolicy.loaders.emit import zh
from biopolicy.loaders.extract.names import vocabulary_graph
from biopolicy.loaders.extract.numbers import mask_groups, sentence_spans
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, RDF, SKOS, XSD, concept
from biopolicy.loaders.model import Extraction, ExtractionContext, Family, Span, Task
from biopolicy.loaders.namespaces import VOCAB
from biopolicy.loaders.spans import SpanSet

SCHEME = "policy-instrument"
MONEY = "funding"  # the narrow concept of money: a sentence holding one of its cues grants
NOT_A_MEASURE = "none"  # the gazetteer's concept for a title that says its unit is no measure (指导思想)
COORDINATORS = ("和", "及", "与", "、")


@dataclass(frozen=True)
class Cue:
    """One row of ``instrument_cues.tsv``."""

    phrase: str
    concept: str
    pays_for: bool  # in a granting sentence, names what the money pays for
    grant_only: bool  # a cue only in a measure that is a grant (an amount)


@dataclass(frozen=True)
class CueHit:
    """A cue found in a measure: the phrase as the gazetteer writes it, its concept and its span."""

    cue: str
    concept: str
    span: Span  # offsets in the text that was classified (the working copy, in the pipeline)


@dataclass(frozen=True)
class Coding:
    """The primary instrument of a measure and its secondary ones; no primary: unclassified."""

    primary: CueHit | None
    secondary: tuple[CueHit, ...] = ()

    @property
    def side(self) -> str | None:
        return side_of(self.primary.concept) if self.primary else None


@dataclass
class InstrumentCoding:
    """The coding of one measure of a plan: a task (``path``) or an incentive (``incentive_span``)."""

    unit: str | None  # the task the measure is or sits in
    measure: str  # "task" | "incentive"
    coding: Coding
    incentive_span: Span | None = None  # the incentive's span (its IRI), for an incentive


@cache
def cues() -> tuple[Cue, ...]:
    """The gazetteer's cues, longest first (the order the matcher tries them at each position)."""
    rows = read_tsv("instrument_cues.tsv")
    found = [Cue(row["cue"], row["concept"], row["pays_for"] == "yes", row["scope"] == "grant") for row in rows]
    return tuple(sorted(found, key=lambda cue: (-len(cue.phrase), cue.phrase)))


@cache
def _matcher(grant: bool) -> tuple[re.Pattern[str], dict[str, Cue]]:
    chosen = [cue for cue in cues() if grant or not cue.grant_only]
    pattern = re.compile("|".join(re.escape(cue.phrase) for cue in chosen))
    return pattern, {cue.phrase: cue for cue in chosen}


@cache
def _broader() -> dict[str, str]:
    graph = vocabulary_graph(SCHEME)
    prefix = f"{VOCAB}{SCHEME}/"
    return {str(narrow)[len(prefix):]: str(wide)[len(prefix):] for narrow, wide in graph.subject_objects(SKOS.broader)}


def side_of(key: str) -> str:
    """The top concept (supply-side, demand-side, environment-side) above a concept key.

    >>> side_of("talent"), side_of("medical-insurance-access"), side_of("reward")
    ('supply-side', 'demand-side', 'supply-side')
    """
    broader = _broader()
    while key in broader:
        key = broader[key]
    return key


def cue_hits(text: str, start: int, end: int, grant: bool = False) -> list[CueHit]:
    """Every cue in ``text[start:end]``, leftmost first, the longest cue at each position."""
    pattern, by_phrase = _matcher(grant)
    return [
        CueHit(match.group(), by_phrase[match.group()].concept, match.span())
        for match in pattern.finditer(text, start, end)
    ]


def _sentence_code(hits: list[CueHit]) -> CueHit | None:
    """A granting sentence: its first pays_for cue, else its first money cue; otherwise its first cue."""
    if not hits:
        return None
    if any(hit.concept == MONEY for hit in hits):
        paid = [hit for hit in hits if _cue(hit).pays_for]
        return paid[0] if paid else next(hit for hit in hits if hit.concept == MONEY)
    return hits[0]


def _title_code(text: str, title: Span, hits: list[CueHit], grant: bool) -> CueHit | None:
    """A title is a verb and its object, whose head comes last (建设国家级科技创新平台 → 平台, not 科技创新):
    the cue that ends last (the longest of those; overlaps allowed: 临床医学研究中心 → 研究中心), unless
    the title joins two (财政金融支持和土地要素保障: the first named) or grants money."""
    if not hits or any(hit.concept == MONEY for hit in hits):
        return _sentence_code(hits)
    between = text[hits[0].span[1] : hits[-1].span[0]]
    if any(word in between for word in COORDINATORS):
        return hits[0]
    return _last_ending(text, title, grant) or hits[-1]


def _last_ending(text: str, span: Span, grant: bool) -> CueHit | None:
    """The cue occurrence of ``text[span]`` that ends last, the longest of those."""
    _, by_phrase = _matcher(grant)
    found = [(text.rfind(phrase, *span), phrase) for phrase in by_phrase]
    found = [(start + len(phrase), len(phrase), start, phrase) for start, phrase in found if start >= 0]
    if not found:
        return None
    end, _, start, phrase = max(found)
    return CueHit(phrase, by_phrase[phrase].concept, (start, end))


def _cue(hit: CueHit) -> Cue:
    return _matcher(True)[1][hit.cue]


@cache
def context_words() -> re.Pattern[str]:
    """``instrument_context_words.tsv`` as one pattern: a clause's setting (依托…, 围绕…) up to its end."""
    words = sorted((row["word"] for row in read_tsv("instrument_context_words.tsv")), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, words))})[^,;。:!?]*")


def _outside_settings(text: str, span: Span, hits: list[CueHit]) -> list[CueHit]:
    """The hits of a body sentence outside its settings (依托长春北湖产业园 …); money cues are always read."""
    settings = [match.span() for match in context_words().finditer(text, *span)]
    return [hit for hit in hits
            if hit.concept == MONEY or not any(start <= hit.span[0] < end for start, end in settings)]


def classify(text: str, body: Sequence[Span], title: Span | None = None, grant: bool = False,
             skip: Sequence[Span] | SpanSet = (), masked: str | None = None) -> Coding:
    """The coding of a measure: its ``title`` span of ``text`` (a task's heading) read first, then the
    sentences of its ``body`` spans in order; ``grant`` for an incentive (its amounts are cues);
    cues inside a ``skip`` span (the agency names of its responsibilities) are not read. ``masked``:
    ``mask_groups(text)``, when the caller classifies many measures of one text (computed once,
    not once a measure: that made a long plan quadratic).

    >>> coding = classify("支持人才引进。对引进的团队给予最高100万元补贴", [(7, 24)], title=(0, 6))
    >>> coding.primary.concept, coding.primary.cue, coding.side, [hit.concept for hit in coding.secondary]
    ('talent', '人才', 'supply-side', ['funding'])
    >>> classify("加快中药产业发展", [], title=(0, 8)).primary is None
    True
    >>> classify("指导思想:以…为指导,建设产业集群", [(5, 17)], title=(0, 4)).primary is None
    True
    """
    skipped = skip if isinstance(skip, SpanSet) else SpanSet(skip)

    def readable(hits: list[CueHit]) -> list[CueHit]:
        return [hit for hit in hits if not skipped.covers(hit.span[0])]

    masked = mask_groups(text) if masked is None else masked
    title_hits = readable(cue_hits(text, *title, grant=grant)) if title else []
    if any(hit.concept == NOT_A_MEASURE for hit in title_hits):
        return Coding(None)
    sentences = [
        _outside_settings(text, sentence, readable(cue_hits(text, *sentence, grant=grant)))
        for piece in body
        for sentence in sentence_spans(masked, *piece)
    ]
    sentences = [[hit for hit in hits if hit.concept != NOT_A_MEASURE] for hits in sentences]
    codes = [_title_code(text, title, title_hits, grant) if title else None, *map(_sentence_code, sentences)]
    primary = next((code for code in codes if code), None)
    if primary is None:
        return Coding(None)
    first_by_concept: dict[str, CueHit] = {}
    for hits in (title_hits, *sentences):
        for hit in hits:
            first_by_concept.setdefault(hit.concept, hit)
    secondary = tuple(hit for concept_key, hit in first_by_concept.items() if concept_key != primary.concept)
    return Coding(primary, secondary)


def own_spans(task: Task, tasks: Iterable[Task] | TaskSpans) -> list[Span]:
    """The parts of a task's span that no task inside it covers: its title and its own body."""
    index = tasks if isinstance(tasks, TaskSpans) else TaskSpans(tasks)
    inner = [span for span in index.within(task.span) if span != task.span]
    pieces, cursor = [], task.span[0]
    for start, end in inner:
        if start > cursor:
            pieces.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < task.span[1]:
        pieces.append((cursor, task.span[1]))
    return pieces


class TaskSpans:
    """The tasks' spans sorted by start, so that the tasks inside one span are found by bisection,
    not by scanning every task for every task (a flood of headings was quadratic)."""

    def __init__(self, tasks: Iterable[Task]) -> None:
        self.spans = sorted({task.span for task in tasks})
        self.starts = [start for start, _ in self.spans]

    def within(self, span: Span) -> list[Span]:
        """The distinct task spans inside ``span`` (``span`` itself included when it is one), by start."""
        first = bisect.bisect_left(self.starts, span[0])
        last = bisect.bisect_left(self.starts, span[1])
        return [inner for inner in self.spans[first:last] if inner[1] <= span[1]]


def own_text(work: str, task: Task, tasks: list[Task]) -> str:
    """The task's own text (``own_spans``), joined."""
    return "".join(work[start:end] for start, end in own_spans(task, tasks))


def _task_body(task: Task, tasks: Iterable[Task] | TaskSpans) -> list[Span]:
    """The task's own body without its title."""
    title = task.title_span
    body = own_spans(task, tasks)
    if not title:
        return body
    rest = []
    for start, end in body:
        if start < title[0]:
            rest.append((start, min(end, title[0])))
        if end > title[1]:
            rest.append((max(start, title[1]), end))
    return [piece for piece in rest if piece[1] > piece[0]]


def extract_instruments(context: ExtractionContext) -> list[InstrumentCoding]:
    """A coding for every task and every incentive, classified or not, in document order."""
    work: str = context.text.work
    tasks = TaskSpans(context.tasks)
    agencies = SpanSet(responsibility.span for responsibility in context.facts.get("responsibilities", []))
    masked = mask_groups(work)
    codings = [
        InstrumentCoding(task.path, "task",
                         classify(work, _task_body(task, tasks), task.title_span, skip=agencies, masked=masked))
        for task in context.tasks
    ]
    codings += [
        InstrumentCoding(incentive.unit, "incentive",
                         classify(work, [incentive.span], grant=True, skip=agencies, masked=masked), incentive.span)
        for incentive in context.facts.get("incentives", [])
    ]
    return codings


# ---------------------------------------------------------------------------------------------
# The instruments family


def instrument_rows(extraction: Extraction) -> list[dict]:
    """One row per code (primary first), and one per unclassified measure with an empty instrument."""
    quote = extraction.text.quote
    rows = []
    for item in extraction.instruments:
        title = extraction.task_title(item.unit)
        codes = [item.coding.primary, *item.coding.secondary] if item.coding.primary else [None]
        for rank, hit in enumerate(codes):
            rows.append({
                "taskTitle": title,
                "measure": item.measure,
                "rank": "" if hit is None else ("primary" if rank == 0 else "secondary"),
                "instrument": hit.concept if hit else "",
                "side": side_of(hit.concept) if hit else "",
                "cue": hit.cue if hit else "",
                "quote": quote(*hit.span) if hit else "",
            })
    return rows


def emit_instruments(emitter, codings: list[InstrumentCoding]) -> None:
    """``<measure> bp:hasInstrumentCode <code>`` per code, the code citing its cue; an unclassified
    measure says so with ``bp:noInstrumentCue true``."""
    for item in codings:
        if item.measure == "task":
            measure = emitter.task_iris.get(item.unit)
        else:
            measure = emitter.fact_nodes.get(("incentive", item.incentive_span))
        if measure is None:
            continue
        if item.coding.primary is None:
            emitter.add(measure, BP.noInstrumentCue, Literal(True, datatype=XSD.boolean))
            continue
        for rank, hit in enumerate([item.coding.primary, *item.coding.secondary]):
            node = emitter.unique("instrument-code", f"{emitter.key}/{emitter.text.source_span(*hit.span)[0]}")
            emitter.add(measure, BP.hasInstrumentCode, node)
            emitter.add(node, RDF.type, BP.InstrumentCode)
            emitter.add(node, BP.codeRank, Literal("primary" if rank == 0 else "secondary"))
            emitter.add(node, BP.instrumentConcept, concept(SCHEME, hit.concept))
            emitter.add(node, BP.cue, zh(hit.cue))
            emitter.add(node, BP.plan, emitter.plan)
            emitter.cite(node, hit.span)


FAMILY = Family(
    name="instruments",
    columns=("jurisdiction", "plan", "taskTitle", "instrument", "side", "cue", "quote"),
    extract=extract_instruments,
    rows=instrument_rows,
    emit=emit_instruments,
    scored=False,
)
