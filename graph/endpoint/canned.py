"""Canned queries at the endpoint: answered from the store's materialised answers while they are current.

A query sent by the SPARQL protocol whose text, comments and spacing aside, is a canned query's
(``queries/*.rq`` with its default parameters) is answered from ``<store>/answers/`` in the
negotiated format: the bytes the live query would give (:mod:`graph.answers` wrote them with
:mod:`graph.formats` when the store was written), without a worker. ``GET /query/NAME`` sends a
canned query by name; ``?year=2030`` sets a parameter, and a text that is then no longer the
canned one runs live. Every answer to a query says which it was in :data:`ANSWER_HEADER`.

The materialised answer is used only when :func:`graph.answers.current_answer` finds it current
(the database files, the query text and the format code are those it was computed with), when
the request names no dataset of its own (the answers were computed on the union default graph)
and when the client accepts one of the formats it was written in; anything else goes to a
worker. A store swapped in while an answer is read cannot make it stale: the two renames of a
swap only move forward, so a file read after one is the newer store's own answer, and a file
missing between them makes the query run live.
"""

from __future__ import annotations

from pathlib import Path

from biopolicy.graph import answers, formats
from biopolicy.graph import query as q
from biopolicy.graph.endpoint.jobs import Answer, QueryJob, too_many
from biopolicy.graph.endpoint.negotiation import negotiate

ANSWER_HEADER = "X-Biopolicy-Answer"
MATERIALISED, LIVE = "materialised", "live"
ROUTE = "/query/"
# Longer texts are not compared with the catalogue (normalising costs ≈ 60 ns a character);
# the longest canned query is ≈ 4,000 characters.
MAX_RECOGNISED_CHARS = 100_000


def materialised_answer(store_dir: Path, job: QueryJob) -> Answer | None:
    """The materialised answer to ``job`` if it is a canned query with a current answer; else ``None``: run it."""
    if job.default_graphs or job.named_graphs or len(job.text) > MAX_RECOGNISED_CHARS:
        return None
    name = answers.recognise_text(job.text)
    found = answers.current_answer(store_dir, name) if name is not None else None
    if found is None:
        return None
    fmt = negotiate(job.accept, formats.ENDPOINT_RESULT_FORMATS, job.keyword)
    if fmt is None or fmt.name not in found.files:
        return None  # the worker's 406 names the formats on offer
    if found.rows > job.max_rows:
        return too_many(job.max_rows, "rows")
    try:
        body = found.read(fmt.name)
    except OSError:
        return None
    return Answer(200, fmt.content_type, body, found.rows)


def is_canned(name: str) -> bool:
    """Whether ``name`` is a canned query's name (``queries/NAME.rq``), never a path.

    >>> is_canned("plans"), is_canned("../queries/plans"), is_canned("no_such_query")
    (True, False, False)
    """
    return answers.NAME.fullmatch(name) is not None and answers.recognise(name) is not None


def canned_text(name: str, params: dict[str, list[str]]) -> str:
    """The text of the canned query ``name`` with the parameters given (``QueryError`` if it has no such one).

    >>> canned_text("plans_covering_year", {"year": ["2030"]}).count('VALUES ?year { "2030" }')
    1
    """
    repeated = sorted(key for key, values in params.items() if len(values) > 1)
    if repeated:
        raise q.QueryError(f"send each parameter once, not {', '.join(repeated)}")
    return q.apply_params(q.load_query(name), {key: values[0] for key, values in params.items()})
