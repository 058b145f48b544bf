"""A working copy of a document's text that remembers where every character came from.

Why: evidence must quote the *original* text (traditional script, HTML entities and all)
at exact character offsets, while the extractors want a clean, simplified, half-width copy
to match against. Every stage that changes the working copy (tag stripping, noise removal,
script conversion) goes through this class, so any span found in the working copy maps
back to the source.

Offsets are Python string indices (Unicode code points) into ``source``: the decoded file
with any byte-order mark removed.

    >>> text = MappedText.from_source("ab<b>cd</b>")
    >>> text = text.without([(2, 5), (7, 11)])
    >>> text.work
    'abcd'
    >>> text.source_span(1, 3)
    (1, 6)
    >>> text.quote(1, 3)
    'b<b>c'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from biopolicy.loaders.errors import TextError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def require_text(text: str, what: str = "text") -> str:
    """``text`` unchanged, or TextError naming the first lone surrogate and where it is.

    >>> require_text("生物医药")
    '生物医药'
    >>> require_text("生物\\ud800医药")
    Traceback (most recent call last):
    ...
    biopolicy.loaders.errors.TextError: text is not valid Unicode: a lone surrogate U+D800 at character 2 (after '生物'); decode the bytes strictly or pass the file instead
    """
    if not isinstance(text, str):
        raise TextError(f"{what} must be a str, not {type(text).__name__}")
    found = _LONE_SURROGATE.search(text)
    if found:
        raise TextError(
            f"{what} is not valid Unicode: a lone surrogate U+{ord(found.group()):04X} at character "
            f"{found.start()} (after {text[max(0, found.start() - 10) : found.start()]!r}); "
            "decode the bytes strictly or pass the file instead"
        )
    return text


def find_all(text: str, word: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-overlapping occurrence of the literal ``word`` in ``text[start:end]``.

    What ``re.finditer(re.escape(word), ...)`` finds, without compiling a pattern per word: the
    gazetteers hold hundreds of words, more than ``re``'s cache keeps, so per-word patterns were
    compiled again on every document (issue #11).

    >>> find_all("生物医药和医药", "医药")
    [(2, 4), (5, 7)]
    """
    end = len(text) if end is None else end
    found = []
    if not word:
        return found
    index = text.find(word, start, end)
    while index >= 0:
        found.append((index, index + len(word)))
        index = text.find(word, index + len(word), end)
    return found


@dataclass(frozen=True)
class MappedText:
    """``work`` is what extractors read; ``origin[i]`` is the source index of ``work[i]``."""

    source: str
    work: str
    origin: tuple[int, ...]
    dropped: tuple[tuple[int, int, str], ...] = field(default=())

    @classmethod
    def from_source(cls, source: str) -> MappedText:
        """The working copy of a decoded text (TextError if it is not valid Unicode)."""
        require_text(source)
        return cls(source=source, work=source, origin=tuple(range(len(source))))

    def without(self, ranges: Iterable[tuple[int, int]], reason: str = "") -> MappedText:
        """Drop working-copy ranges ``[start, end)``; record them (in source offsets) if a reason is given."""
        doomed = sorted((max(0, s), min(len(self.work), e)) for s, e in ranges if e > s)
        if not doomed:
            return self
        keep_chars: list[str] = []
        keep_origin: list[int] = []
        recorded = list(self.dropped)
        cursor = 0
        for start, end in doomed:
            if start > cursor:
                keep_chars.append(self.work[cursor:start])
                keep_origin.extend(self.origin[cursor:start])
            start = max(start, cursor)
            if reason and end > start:
                recorded.append((*self.source_span(start, end), reason))
            cursor = max(cursor, end)
        keep_chars.append(self.work[cursor:])
        keep_origin.extend(self.origin[cursor:])
        return MappedText(self.source, "".join(keep_chars), tuple(keep_origin), tuple(sorted(recorded)))

    def with_characters(self, convert: Callable[[str], str]) -> MappedText:
        """Apply a length-preserving conversion (script, width) to the working copy.

        A conversion that changes the length is refused: it would break the offset map.
        """
        converted = convert(self.work)
        if len(converted) != len(self.work):
            raise ValueError("character conversion must preserve length")
        return MappedText(self.source, converted, self.origin, self.dropped)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets ``[s, e)`` covering working-copy characters ``[start, end)``."""
        if not 0 <= start < end <= len(self.work):
            raise ValueError(f"span {start}-{end} outside the working text (length {len(self.work)})")
        return self.origin[start], self.origin[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The exact source text behind working-copy characters ``[start, end)``."""
        s, e = self.source_span(start, end)
        return self.source[s:e]

    def line_of(self, source_offset: int) -> int:
        """1-based line number of a source offset, for reports a person can follow."""
        return self.source.count("\n", 0, source_offset) + 1
