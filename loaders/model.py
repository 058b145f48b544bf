"""What the extract stage hands to the emit stage: plain records, each with the span it came from.

Every span is ``(start, end)`` in the *working* text of a :class:`loaders.text.MappedText`
(half-open, Python indices); emit maps it back to source offsets and quotes the source.
``unit`` on a record is the path of the task (``Task.path``) the fact sits in, or ``None``
for the plan itself. Values stay as written (``Decimal``) beside their normalised forms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from biopolicy.loaders.spans import Innermost

Span = tuple[int, int]


@dataclass(frozen=True)
class Jurisdiction:
    """A PRC administrative division from ``gazetteers/divisions.tsv``, or a development zone under one."""

    code: str  # GB/T 2260, six digits; a development zone carries the code of the division it lies in
    name: str  # as in the gazetteer: 厦门市, 湖北省; a zone as the document names it: 重庆高新技术产业开发区
    level: str  # GB/T 2260 tier: province | city | county (a zone: county, the tier below its city)
    parent: str | None = None
    admin_level: str = ""  # admin-level concept: province municipality city district county development-zone

    @property
    def is_zone(self) -> bool:
        return self.admin_level == "development-zone"


@dataclass
class PlanMetadata:
    title: str
    title_span: Span
    jurisdiction: Jurisdiction | None = None
    jurisdiction_span: Span | None = None
    issuer: str | None = None  # as written: 厦门市人民政府办公厅
    issuer_span: Span | None = None
    doc_number: str | None = None  # 厦府办〔2020〕57号
    doc_number_span: Span | None = None
    issued: date | None = None
    issued_span: Span | None = None
    period_start: int | None = None
    period_end: int | None = None
    period_span: Span | None = None
    kind: str | None = None  # document-kind concept key: action-plan, implementation-plan, ...
    kind_span: Span | None = None
    # the kind of the document the plan was read from, when it is not the plan's own text: an
    # interpretation (解读《…》) is about the plan; its facts are the plan's, read second-hand
    source_kind: str | None = None
    source_kind_span: Span | None = None
    drafters: tuple[str, ...] = ()  # as written: the signers of a consultation letter on the draft


@dataclass
class Section:
    """A node of the document tree found by the segment stage."""

    kind: str  # chapter | section | item | dash | label | paragraph (a labelled paragraph in a plan that numbers nothing)
    number: str  # as written, without brackets and punctuation: 三, 一, 1; "" for dash and label units
    path: str  # numbering path: 三.(一).1 ; labelled blocks and dash items get a positional path
    title: str  # heading without its numbering ("" when the unit has no heading)
    span: Span  # the whole unit, children included
    title_span: Span | None = None
    label: str | None = None  # 工作目标, 重要举措, 政策保障, 牵头领导, 责任单位 ... for labelled blocks
    children: list[Section] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class DocumentTree:
    title_span: Span | None
    preamble: Span
    sections: list[Section]

    def walk(self):
        for section in self.sections:
            yield from section.walk()


@dataclass
class Task:
    path: str
    title: str
    span: Span
    title_span: Span | None
    parent: str | None  # path of the enclosing task, None at top level
    kind: str  # task | safeguard | measure | policy | project  (concept keys of the task-kind scheme)
    order: int  # position in document order


@dataclass
class Responsibility:
    unit: str | None
    agency: str  # as written: 市发改委
    role: str  # lead | supporting | responsible
    span: Span  # the agency name as written


@dataclass
class Target:
    unit: str | None
    indicator: str  # the phrase as written: 生物医药产业规模
    indicator_type: str | None  # indicator-type concept key
    value: Decimal
    value_max: Decimal | None
    unit_written: str  # 亿元, 家, 个, %, 倍 ...
    comparator: str  # = | >= | > | <= | < | approx
    year: int | None
    span: Span  # the clause that states the target
    value_in_yuan: Decimal | None = None


@dataclass
class Incentive:
    unit: str | None
    max_amount: Decimal
    min_amount: Decimal | None
    unit_written: str  # 万元, 亿元, 元
    value_in_yuan: Decimal
    recipient: str | None
    condition: str | None
    kind: str | None  # subsidy | reward | fund | loan-interest ... (instrument concept key)
    span: Span  # the sentence that grants it


@dataclass
class NamedEntity:
    """A park, platform, person or sector mention."""

    unit: str | None
    name: str  # as written (working copy); for sectors the concept key
    span: Span
    type: str | None = None  # park-type / platform-type concept key, person role, sector key
    note: str | None = None  # a park's specialisation, a person's role text


@dataclass(frozen=True)
class Agency:
    """An agency as the plan writes it, resolved during extraction to its canonical body."""

    written: str  # 市发改委
    name: str  # 厦门市发展和改革委员会
    type: str  # agency-type concept key
    jurisdiction: Jurisdiction | None  # the division the body belongs to


@dataclass(frozen=True)
class Rejection:
    """A candidate fact an extractor looked at and did not take, with the cue that decided it.

    ``biopolicy extract FILE --explain`` lists them, so that a user who misses a fact sees which
    rule turned it down and which gazetteer holds the cue.
    """

    family: str  # targets, parks, responsibilities …
    candidate: str  # the text as written in the working copy
    span: Span
    reason: str  # why, naming the cue and where it lives: "past marker 截至 (targets.py PAST_MARKERS)"


@dataclass(frozen=True)
class Family:
    """One fact family: what it is called, what its listing query returns, and its three stages.

    Every family is one module under ``loaders/extract/`` that ends with a ``FAMILY = Family(...)``;
    ``loaders/families.py`` lists them all in ``ALL_FAMILIES``, and the pipeline, the emitter, the
    ``extract`` report and JSON and the quality scorers iterate that list (as pySHACL iterates
    ``ALL_CONSTRAINT_COMPONENTS``). See ``docs/adding-a-family.md``.
    """

    name: str  # the family and its listing query, queries/<name>.rq ("" columns: no listing query)
    columns: tuple[str, ...]  # the listing query's columns, a stable contract
    extract: Callable[[ExtractionContext], list]  # its records, from the context (earlier families' too)
    rows: Callable[[Extraction], list[dict]]  # its records as report rows (the gold columns when scored)
    emit: Callable[[object, list], None]  # writes its records with a loaders.emit.PlanEmitter
    scored: bool = True  # whether tests/gold and tests/realtext annotate it


class Extraction:
    """Everything the loaders found in one document: the text, its tree and every family's records.

    ``facts`` maps a family name to its records in document order; ``extraction.targets`` is
    ``extraction.facts["targets"]``. The plan family holds one record, ``extraction.metadata``.
    """

    def __init__(self, document_id: str, source_path: str, text: object, tree: DocumentTree,
                 metadata: PlanMetadata | None = None, facts: dict[str, list] | None = None, **records: list) -> None:
        self.document_id = document_id  # file name stem: xiamen-2020-biomedicine-action-plan
        self.source_path = source_path
        self.text = text  # loaders.text.MappedText (kept untyped here to avoid an import cycle)
        self.tree = tree
        self.rejections: list[Rejection] = []  # what the extractors turned down (--explain)
        self.source_record = None  # loaders.sources.SourceRecord: the file's row of sources.csv, if any
        self.facts: dict[str, list] = dict(facts or {})
        if metadata is not None:
            self.facts["plans"] = [metadata]
        self.facts.update(records)

    def __getattr__(self, name: str) -> list:
        facts = self.__dict__.get("facts", {})
        if name in facts:
            return facts[name]
        raise AttributeError(f"no fact family {name!r} in this extraction")

    @property
    def metadata(self) -> PlanMetadata:
        return self.facts["plans"][0]

    def task_title(self, path: str | None) -> str:
        """The title of the task at ``path`` ("" for the plan itself or an unknown path)."""
        task = next((task for task in self.facts.get("tasks", []) if task.path == path), None)
        return task.title if task else ""

    def agency(self, written: str) -> Agency:
        """The resolved agency of a name as written (the agencies family holds every one)."""
        return next(agency for agency in self.facts["agencies"] if agency.written == written)


@dataclass
class ExtractionContext:
    """What every extractor receives: the text, its tree and the records of the families before it.

    ``facts`` fills in registry order, so the tasks family can use the plan's metadata and the
    responsibilities family the tasks. Extractors attribute a fact to the innermost task whose
    span contains it (``unit_at``).
    """

    text: object  # loaders.text.MappedText
    tree: DocumentTree
    facts: dict[str, list] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def reject(self, family: str, span: Span, reason: str) -> None:
        """Record that the candidate at working-text ``span`` was not taken as a ``family`` fact, and why."""
        self.rejections.append(Rejection(family, self.text.work[span[0] : span[1]], span, reason))

    @property
    def metadata(self) -> PlanMetadata:
        return self.facts["plans"][0]

    @property
    def tasks(self) -> list[Task]:
        return self.facts.get("tasks", [])

    def once(self, key: str, compute):
        """``compute()`` the first time ``key`` is asked for, the same result afterwards.

        Why: several extractors need one expensive reading of the plan (parks and platforms
        share the judging of every name candidate), and it should run once per document.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def unit_at(self, offset: int) -> str | None:
        """Path of the innermost task containing working-text ``offset``, or None for plan level."""
        return self._task_index().at(offset)

    def _task_index(self) -> Innermost:
        """The tasks' spans indexed once (rebuilt if the task list grows): a bisection per fact."""
        tasks = self.tasks
        key = ("task-index", id(tasks), len(tasks))
        if self._memo.get("task-index-key") != key:
            self._memo["task-index-key"] = key
            self._memo["task-index"] = Innermost((task.span, task.path) for task in tasks)
            self._memo["task-by-path"] = {}
            for task in tasks:
                self._memo["task-by-path"].setdefault(task.path, task)
        return self._memo["task-index"]

    def task(self, path: str | None) -> Task | None:
        """The first task at ``path`` (None for the plan level or an unknown path)."""
        self._task_index()
        return self._memo["task-by-path"].get(path)
