"""Clean: drop the web page around a plan, never the plan.

Plans reach us copied from news sites and government portals, with their chrome: breadcrumbs
(首页 > 招商政策 > 正文), share and print bars (分享: / 【打印本页】【关闭窗口】), page-view counters
(点击:次), reading-time banners (本文约4627字,读完15分钟), editor and phone footers (总编辑:… 值班编辑:…,
电话:027-…), QR-code and advertising lines (长按扫码…, …已进驻), related-article lists with their dates
and ranking lists (文章排行榜, 周排名), and inline pinyin annotations (計(jì)劃（huà）; toneless ones, 加(jia)大, only where a page has many).

The patterns are data: ``gazetteers/noise_patterns.tsv`` (its header explains the scopes). They
match a folded view of the working copy (:func:`loaders.normalise.fold`: simplified, half-width),
so one pattern serves both scripts and both widths; the ranges found are dropped from the
working copy itself, each recorded in ``MappedText.dropped`` with its reason.

Decisions:

- Lines that carry a publication date or source are kept, even when they are page chrome
  (栏目:产业政策 发布时间:2020-07-10; 来源:… 日期:… 点击:次): the metadata stage may need the
  date. Only the chrome inside them goes (点击:次).
- Plan lines (一、 (一) 第一章 ——… 责任单位 工作目标 …) are never dropped by a line or tail rule.
- Tail noise: a tail line (本文地址, 友情提示, 文章排行榜, 推荐文章, 总编辑 …) is dropped, and then each
  following line that matches a noise rule or looks like a link list item (a bullet, a trailing
  date). The tail ends at the first plan line or sentence (。 ; ! ?); lines that are neither noise
  nor plan (a bare short title) are dropped only if the page ends before any plan text comes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from biopolicy.loaders import resources
from biopolicy.loaders.normalise import fold
from biopolicy.loaders.text import MappedText

NOISE_PATTERNS = resources.gazetteer_dir() / "noise_patterns.tsv"
SCOPES = ("plan", "meta", "line", "block", "inline", "inline-repeated", "tail", "tail-line")
# an inline-repeated rule drops its matches only when the page has at least this many of them:
# a lone match ("和(ai)算法") is more likely the text than a layer the site added
MIN_REPEATS = 3

_SENTENCE = re.compile(r"[。;!?]")
_MIN_SENTENCE = 20


@dataclass(frozen=True)
class NoiseRule:
    name: str
    scope: str
    pattern: re.Pattern[str]
    reason: str


@cache
def load_noise_rules(path: Path = NOISE_PATTERNS) -> tuple[NoiseRule, ...]:
    """The rules of a noise-pattern table; ``ValueError`` naming the line for a malformed row."""
    rules = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"{path.name}:{number}: expected 4 tab-separated fields, found {len(fields)}")
        name, scope, regex, reason = fields
        if scope not in SCOPES:
            raise ValueError(
                f"{path.name}:{number}: unknown scope {scope!r} (expected one of {', '.join(SCOPES)})"
            )
        flags = re.MULTILINE if scope == "block" else 0
        try:
            pattern = re.compile(regex, flags)
        except re.error as error:
            raise ValueError(f"{path.name}:{number}: bad regex for {name}: {error}") from None
        rules.append(NoiseRule(name, scope, pattern, reason))
    return tuple(rules)


def clean(text: MappedText, rules: Sequence[NoiseRule] | None = None) -> MappedText:
    """Drop web-page noise from the working copy; every dropped range is recorded with its reason."""
    noise = _NoiseFinder(fold(text.work), load_noise_rules() if rules is None else rules)
    return _drop(text, noise.reasons())


def dropped_report(text: MappedText, width: int = 60) -> list[tuple[int, int, str, str]]:
    """``(source start, source end, reason, excerpt)`` for every dropped range, in source order."""
    return [
        (start, end, reason, _excerpt(text.source[start:end], width)) for start, end, reason in text.dropped
    ]


class _NoiseFinder:
    def __init__(self, view: str, rules: Sequence[NoiseRule]) -> None:
        self.view = view
        self.rules = {scope: [rule for rule in rules if rule.scope == scope] for scope in SCOPES}
        self.rules["inline"] += [rule for rule in self.rules["inline-repeated"] if self._repeated(rule)]
        self.lines: list[tuple[int, int, int]] = []  # start, end of content, start of the next line
        start = 0
        for line in view.split("\n"):
            end = start + len(line)
            self.lines.append((start, end, min(end + 1, len(view))))
            start = end + 1
        self.stripped = [view[start:end].strip() for start, end, _ in self.lines]
        self.kinds = [self._kind(line) for line in self.stripped]
        self.inline = [self._inline_matches(index) for index in range(len(self.lines))]
        self.line_reasons: list[str | None] = [None] * len(self.lines)

    def reasons(self) -> list[str | None]:
        """A reason for every working-copy character to drop, ``None`` for the rest."""
        self._blocks()
        index = 0
        while index < len(self.lines):
            index = self._line(index)
        self._blank_lines_between_noise()
        reasons: list[str | None] = [None] * len(self.view)
        for (start, _, following), reason in zip(self.lines, self.line_reasons, strict=True):
            if reason:
                reasons[start:following] = [reason] * (following - start)
        for matches in self.inline:
            for start, end, reason in matches:
                for position in range(start, end):
                    if reasons[position] is None:
                        reasons[position] = reason
        return reasons

    def _repeated(self, rule: NoiseRule) -> bool:
        """Whether ``rule`` matches the page often enough to be a layer the site added."""
        matches = rule.pattern.finditer(self.view)
        return sum(1 for _, _ in zip(range(MIN_REPEATS), matches, strict=False)) >= MIN_REPEATS

    def _kind(self, line: str) -> str | None:
        for scope in ("plan", "meta"):
            if any(rule.pattern.search(line) for rule in self.rules[scope]):
                return scope
        return None

    def _inline_matches(self, index: int) -> list[tuple[int, int, str]]:
        start, end, _ = self.lines[index]
        content = self.view[start:end]
        matches = []
        for rule in self.rules["inline"]:
            for match in rule.pattern.finditer(content):
                if match.end() > match.start():
                    matches.append((start + match.start(), start + match.end(), rule.reason))
        return sorted(matches)

    def _blocks(self) -> None:
        starts = [start for start, _, _ in self.lines]
        for rule in self.rules["block"]:
            for match in rule.pattern.finditer(self.view):
                first = bisect_right(starts, match.start()) - 1
                last = bisect_right(starts, max(match.start(), match.end() - 1)) - 1
                covered = range(first, last + 1)
                if all(self.kinds[index] is None for index in covered):
                    for index in covered:
                        self.line_reasons[index] = self.line_reasons[index] or rule.reason

    def _line(self, index: int) -> int:
        """Decide one line outside a tail; returns the index of the next line to decide."""
        if self.line_reasons[index] or not self.stripped[index] or self.kinds[index]:
            return index + 1
        marker = self._first_match("tail", index)
        if marker:
            self.line_reasons[index] = marker.reason
            return self._tail(index + 1, marker)
        self.line_reasons[index] = self._noise_reason(index, in_tail=False)
        return index + 1

    def _tail(self, index: int, marker: NoiseRule) -> int:
        """Drop the noise after a tail line; returns the index of the line that ends the tail."""
        in_doubt = []
        while index < len(self.lines):
            line = self.stripped[index]
            if not line:
                index += 1
                continue
            if self.kinds[index] == "plan":
                return index
            next_marker = self._first_match("tail", index)
            if next_marker:
                marker = next_marker
            if next_marker or self._noise_reason(index, in_tail=True):
                self.line_reasons[index] = marker.reason
            elif self.kinds[index] != "meta":
                if len(line) >= _MIN_SENTENCE and _SENTENCE.search(line):
                    return index
                in_doubt.append((index, marker.reason))
            index += 1
        for doubtful, reason in in_doubt:
            self.line_reasons[doubtful] = reason
        return index

    def _noise_reason(self, index: int, in_tail: bool) -> str | None:
        for scope in ("line", "tail-line") if in_tail else ("line",):
            rule = self._first_match(scope, index)
            if rule:
                return rule.reason
        matches = self.inline[index]
        if matches:
            start, end, _ = self.lines[index]
            covered = set()
            for match_start, match_end, _ in matches:
                covered.update(range(match_start, match_end))
            if all(position in covered or self.view[position].isspace() for position in range(start, end)):
                return matches[0][2]
        return None

    def _first_match(self, scope: str, index: int) -> NoiseRule | None:
        line = self.stripped[index]
        return next((rule for rule in self.rules[scope] if rule.pattern.search(line)), None)

    def _blank_lines_between_noise(self) -> None:
        index = 0
        while index < len(self.lines):
            if self.stripped[index] or self.line_reasons[index]:
                index += 1
                continue
            first = index
            while index < len(self.lines) and not self.stripped[index] and not self.line_reasons[index]:
                index += 1
            before = self.line_reasons[first - 1] if first > 0 else None
            after = self.line_reasons[index] if index < len(self.lines) else before
            if before and after:
                for blank in range(first, index):
                    self.line_reasons[blank] = before


def _drop(text: MappedText, reasons: list[str | None]) -> MappedText:
    """Drop the marked characters, one ``without`` call per reason (so each range keeps its reason)."""
    ranges_by_reason: dict[str, list[tuple[int, int]]] = {}
    run_start = 0
    for position, reason in enumerate([*reasons, None]):
        if position and reason != reasons[position - 1]:
            previous = reasons[position - 1]
            if previous is not None:
                ranges_by_reason.setdefault(previous, []).append((run_start, position))
            run_start = position
    removed = [0] * len(reasons)
    for reason, ranges in ranges_by_reason.items():
        # working offsets shift left by what earlier calls have already dropped
        shift = list(accumulate(removed, initial=0))
        text = text.without(
            [(start - shift[start], end - shift[end]) for start, end in ranges], reason=reason
        )
        for start, end in ranges:
            removed[start:end] = [1] * (end - start)
    return text


def _excerpt(source: str, width: int) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
