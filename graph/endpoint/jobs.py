"""What passes between the HTTP server and a query worker: jobs one way, answers the other.

They travel pickled over the pool's pipes, so this module is small and imports no server code:
both processes import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MAX_ROWS = 50_000
MAX_DESCRIBED_TRIPLES = 5_000
TEXT = "text/plain; charset=utf-8"


@dataclass
class QueryJob:
    """A query as the client sent it: the worker guards it, negotiates the format and runs it."""

    text: str
    accept: str | None = None
    keyword: str | None = None  # the format= / output= parameter
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri / named-graph-uri
    named_graphs: tuple[str, ...] = ()
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass
class UpdateJob:
    text: str


@dataclass
class DescribeJob:
    iri: str
    format_name: str  # a graph format's name (graph.formats.GRAPH_FORMATS), or "html"
    max_triples: int = MAX_DESCRIBED_TRIPLES


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    rows: int = 0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FactSummary:
    """What a page shows of a fact inline: its words as written, its value, the sentence that states it."""

    label: str = ""
    value: str = ""
    quote: str = ""
    line: str = ""


@dataclass
class ResourceView:
    """What a resource page shows; terms are pyoxigraph terms."""

    iri: str
    triples: list[tuple]  # (subject, predicate, object): the resource, its #fragments and blank nodes
    incoming: list[tuple]  # (subject, predicate) pointing at the resource
    graphs: list[str]
    labels: dict[str, str]
    truncated: bool = False
    facts: dict[str, FactSummary] = field(default_factory=dict)  # IRI → summary, for the facts on the page


def message(status: int, text: str, **headers: str) -> Answer:
    """A plain-text answer, one line or more, ending in a line break.

    >>> message(503, "busy", **{"Retry-After": "2"})
    Answer(status=503, content_type='text/plain; charset=utf-8', body=b'busy\\n', rows=0, headers={'Retry-After': '2'})
    """
    return Answer(status, TEXT, (text.rstrip("\n") + "\n").encode(), headers=dict(headers))


def out_of_memory(max_memory_mb: int) -> Answer:
    """503 for a query that needed more memory than a worker may have."""
    return message(
        503,
        f"out of memory: the query needed more than the {max_memory_mb:,} MB this endpoint allows a query; "
        "narrow it (ORDER BY, GROUP BY and DISTINCT keep every solution in memory, even with LIMIT) or query "
        "your own copy of the data (graph/build/dumps/biopolicy.nq)",
    )


def too_many(max_rows: int, what: str) -> Answer:
    """400 for an answer of more than ``max_rows`` rows or triples: refused whole, never cut short."""
    return message(
        400,
        f"the answer has more than {max_rows:,} {what}, this endpoint's limit: page through it with "
        "LIMIT and OFFSET, or query your own copy of the data (graph/build/dumps/biopolicy.nq)",
    )
