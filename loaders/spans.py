"""Questions about many spans of one text, answered in logarithmic time.

Extractors ask, for every candidate, "is this offset inside a heading / a title / a layout block?"
and "which task contains this offset?". Scanning every span for every candidate made a plan with
thousands of headings quadratic (issue #12, defect 3). These two indexes are built once per
document, in O(n log n), and answer each question with a bisection.

>>> SpanSet([(0, 5), (3, 8), (10, 12)]).covers(7), SpanSet([(0, 5), (10, 12)]).covers(7)
(True, False)
>>> Innermost([((0, 100), "1"), ((10, 20), "1.1"), ((30, 40), "1.2")]).at(35)
'1.2'
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Generic, TypeVar

Span = tuple[int, int]
T = TypeVar("T")


class SpanSet:
    """A union of half-open spans: ``covers(offset)`` is any(start <= offset < end)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(span for span in spans if span[0] < span[1]):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]

    def __bool__(self) -> bool:
        return bool(self._starts)


class Innermost(Generic[T]):
    """For nested spans with values, the value of the shortest span containing an offset.

    The spans are expected to nest (a document's units do); of two identical spans the later one
    wins, as a later sub-unit with the same extent as its parent would. Built by one sweep: the
    text is cut into pieces at every span boundary and each piece remembers its innermost owner.
    """

    def __init__(self, items: Iterable[tuple[Span, T]]) -> None:
        ordered = sorted(
            ((span, order, value) for order, (span, value) in enumerate(items) if span[0] < span[1]),
            key=lambda item: (item[0][0], -item[0][1], item[1]),
        )
        self._cuts: list[int] = []  # piece i covers [cuts[i], cuts[i+1])
        self._owners: list[T | None] = []
        open_spans: list[tuple[int, T]] = []  # (end, value), innermost last
        for (start, end), _, value in ordered:
            self._close_before(open_spans, start)
            open_spans.append((end, value))
            self._cut(start, value)
        self._close_before(open_spans, None)

    def _close_before(self, open_spans: list[tuple[int, T]], offset: int | None) -> None:
        """Pop every open span that ends at or before ``offset`` (all when None), cutting as it ends."""
        while open_spans and (offset is None or open_spans[-1][0] <= offset):
            end, _ = open_spans.pop()
            self._cut(end, open_spans[-1][1] if open_spans else None)

    def _cut(self, offset: int, owner: T | None) -> None:
        if self._cuts and self._cuts[-1] == offset:
            self._owners[-1] = owner
        else:
            self._cuts.append(offset)
            self._owners.append(owner)

    def at(self, offset: int) -> T | None:
        index = bisect.bisect_right(self._cuts, offset) - 1
        return self._owners[index] if index >= 0 else None
