"""One error hierarchy for the whole package, and the exit code each error gives on the command line.

Why: a user (or a script) must be able to tell "the plan has violations" from "the command could
not run", and "could not run because of your input" from "a bug". Every error the package raises
on purpose is a :class:`BiopolicyError`; the CLI prints it as one line naming the file or request
and the reason, and exits with its ``exit_code``.

Exit codes of ``biopolicy``:

====  ======================================================================
0     done; for ``validate``/``check``/``add``: the plan conforms
1     ``validate``/``check``/``add`` ran and found violations
2     could not run: a user error (unreadable document, missing store, bad query or parameter)
3     could not run: an unexpected internal error (a bug; ``BIOPOLICY_TRACEBACK=1`` shows where)
130   interrupted; a store being written is left as it was
====  ======================================================================

>>> issubclass(DocumentError, BiopolicyError) and issubclass(QueryError, StoreError)
True
>>> ManifestError("documents/sources.csv:3: bad date").exit_code
2
>>> DocumentError("plan.txt", "empty file").exit_code
2
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 3
EXIT_INTERRUPTED = 130


class BiopolicyError(Exception):
    """A problem the user can fix; its message names the file or request and the reason."""

    exit_code = EXIT_USER_ERROR


class DocumentError(BiopolicyError):
    """A document that cannot be read or holds no plan.

    ``DocumentError(path, reason)``; a later stage that already wrote the whole message may pass
    it alone: ``DocumentError(f"{path}: no plan found")``.
    """

    def __init__(self, path: Path | str, reason: str | None = None) -> None:
        self.path = Path(path) if reason is not None else None
        self.reason = reason if reason is not None else str(path)
        super().__init__(f"{path}: {reason}" if reason is not None else str(path))


class TextError(BiopolicyError, ValueError):
    """A Python string handed to the text-level API that is not valid Unicode text.

    Files are decoded strictly, so this reaches only library callers who pass in a ``str`` built
    with ``errors="surrogateescape"`` or from broken UTF-16: a lone surrogate cannot be written
    as UTF-8, so no literal, quote or dump could hold it.
    """


class ManifestError(BiopolicyError):
    """A malformed ``sources.csv`` (the provenance manifest beside the documents).

    Its message names the file and line and says what is wrong (a bad date, a bad URL, a row for a
    file that is not there), so that a build stops before it writes anything.
    """


class FetchError(BiopolicyError):
    """A page ``biopolicy fetch`` could not download: an HTTP error, robots.txt, a timeout, a body too large."""


class StoreError(BiopolicyError):
    """A store that is missing, locked or cannot be written; an unknown plan."""


class QueryError(StoreError):
    """A query that cannot be found, parsed, parameterised or run."""


class EndpointUnreachable(QueryError):
    """A remote SPARQL endpoint that cannot be reached at all (no network, refused connection), as opposed
    to one that answers with an error; ``biopolicy link`` then falls back to its committed tables."""


class ValidationSetupError(StoreError):
    """Shapes or reference graphs missing or unreadable, so nothing can be validated."""
