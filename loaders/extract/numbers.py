"""Read quantities in the working text of a plan: numerals, units, comparators, and the clauses around them.

Shared by the targets and incentives families. The working text is simplified and half-width for
ASCII, digits, brackets, colon, comma and semicolon; Chinese 、。《》〔〕“” are kept.

Numerals (``parse_numeral``), Arabic, Chinese and mixed, with no outside package:

    1200 / 1.5万 → 15000 / 2千 → 2000 / 十 → 10 / 百 → 100 / 两千亿 → 200000000000
    一百零五 → 105 / 三亿五千万 → 350000000 / 二〇二五 → 2025 (digit by digit)

Quantities (``find_quantities``): a numeral (or a range ``3-5``, ``1-2``, ``50-500万元``, ``三至五家``)
followed by a unit of ``gazetteers/units.tsv``, with the comparator words of
``gazetteers/comparators.tsv`` around it:

    产业规模达1200亿        → 1200 亿 (money: 亿 is money because the clause speaks of 规模), "="
    超过1000亿元            → 1000 亿元, ">"          近万个     → 10000 个, "approx"
    超百个                  → 100 个, ">"             10户以上   → 10 户, "≥" (以上 includes the number)
    1-2个                   → 1, max 2, 个            50-500万元 → 50, max 500, 万元
    千亿级                  → 1000 亿, "≥"            营业收入实现倍增 → 2 倍 (倍增, 翻番, 翻一番, 翻两番)
    百分之十五以上          → 15 %, "≥"               不低于百分之五 → 5 %, "≥" (a percentage in words)

A magnitude at the end of a numeral goes to the unit when a money unit follows (1200亿元 → 1200 亿元,
千亿级 → 1000 亿), and stays in the number otherwise (近万个 → 10000 个, 1.5万家 → 15000 家).

Not quantities: labels and names (十大楚药, 八大工程, 双十, 世界500强, 前300高校, 第一支, 二十大),
the indefinite 一 (一个, 一家: "a"), idioms (千家万户), numbers without a unit (1+2+3+N, 十四五, dates),
and anything inside brackets, quotation marks or book-title marks (“十大楚药”, (1000亿元产值+1000户企业),
《…(2020-2022)》): ``mask_groups`` hides group interiors, and the extractors search the masked copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.numerals import NUMERAL_CHARACTERS, parse_numeral, plain  # noqa: F401 - re-exported
from biopolicy.loaders.text import find_all

Span = tuple[int, int]

MASK = "\x00"
# A bracket opening with one of these holds a statement of its own sentence, not a note: (其中,…达到2400亿元).
STATEMENT_BRACKETS = ("其中",)
GROUPS = {"(": ")", "（": "）", "[": "]", "〔": "〕", "【": "】", "“": "”", "‘": "’", "《": "》", "「": "」"}
SENTENCE_ENDS = "。!?;！？；\n"
# An ellipsis closes a clause: 研发投入最高补助1500万元,…最高奖励3000万元……5月23日,临安召开发布活动.
CLAUSE_BREAKS = ",:;，：；…"
# A quotation holding a sentence end is reported speech (“未来,太和将培育…企业3家。”), not a label: its
# text is read like the sentences around it.
SPEECH_QUOTES = {"“": "”", "「": "」"}
# Reported speech is looked for this far after its opening mark (a label is short; no scan to the end).
LONGEST_SPEECH = 400
BLANKS = " \t\u3000\r"

_CHINESE_NUMERALS = NUMERAL_CHARACTERS
# A Latin O typed for a zero inside an Arabic number (建设1O个…基地): after a digit, not before a letter.
_DIGITS = r"\d(?:\d|[Oo](?![A-Za-z]))*"
_RUN = re.compile(
    rf"(?:\d{{1,3}}(?:[,，]\d{{3}})+(?!\d)|(?<![A-Za-z]){_DIGITS}(?:\.\d+)?|\d+(?:\.\d+)?|[{_CHINESE_NUMERALS}])"
    rf"(?:\d+(?:\.\d+)?|[{_CHINESE_NUMERALS}])*"
)
# No plan title runs longer than this many characters; a longer "title" is a paragraph.
LONGEST_TITLE = 100
# Bare numbers listed before a quantity, sharing its unit: 1000、500、 in 分别给予1000、500、200万元.
_SHARED_UNIT_LIST = re.compile(r"(?<![\d.])(?:\d+(?:\.\d+)?、)+$")
# A comma between digits that groups thousands (1,000万元, 1,000,000元) breaks no clause.
_THOUSANDS_COMMA = re.compile(r"(?<=\d)[,，]\d{3}(?!\d)")
_RANGE_SEPARATOR = re.compile(r" ?(?:-|~|—|–|至|到) ?")
_MONEY_MAGNITUDES = ("万亿", "亿", "万")

# Multiples written as words: the value is implied.
MULTIPLE_WORDS = {"翻一番": 2, "翻两番": 4, "翻三番": 8, "倍增": 2, "翻番": 2}
# A percentage written in words: 百分之十五, 百分之2.5.
_PERCENT_WORDS = re.compile(r"百分之((?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点])+)")
# A numeral right after these is an ordinal, a rank or a label, not an amount: 第一支, 前300高校, 双十.
_LABEL_BEFORE = "第前双"
# ... and right before these: 十大楚药, 世界500强, 十佳.
_LABEL_AFTER = "大强佳"
# Idioms, programmes and place names holding a numeral and a unit character: 千家万户, 九台(区), 七台河.
_IDIOMS = (
    "千家万户", "一家一户", "一户一策", "一企一策", "千方百计", "千军万马", "万人计划", "千人计划", "百人计划",
    "九台", "七台河", "五台山", "五台县", "三台县",
)  # fmt: skip
# A bare magnitude (近万个, 上亿元) is a number only after one of these.
_BARE_MAGNITUDE_PREFIXES = ("近", "超", "逾", "上", "破", "约", "达", "突破", "超过", "接近")
# No plan of the genre states a quantity of 10^16 or more in its base unit (yuan, 家, 平方米 …): ten
# thousand trillion yuan is some eighty times China's yearly output. Such a number is a typo, test data
# or an attack (issue #12: 10000000000000000000000亿元 stopped a build); it is refused, not read.
PLAUSIBLE_BELOW = Decimal(10) ** 16
# Signs that make the number after them negative (a hyphen after a number or a unit is a range: 3-5个).
MINUS_SIGNS = "-−"
# The tail of a number in exponent notation (1e308亿元): its last digits are not an amount of their own.
_EXPONENT_TAIL = re.compile(r"\d(?:\.\d+)?[eE][+-]?$")


@dataclass(frozen=True)
class Unit:
    written: str
    kind: str  # money | foreign-money | count | percent | multiple | area | measure
    factor: Decimal | None
    money_context: bool
    indicator: str | None
    not_before: str


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written in the text, and the comparator its words give."""

    value: Decimal
    value_max: Decimal | None
    unit: str  # as written: 亿元, 亿, 家, %, 倍
    kind: str  # money | foreign-money | count | percent | multiple | area | measure
    factor: Decimal | None  # yuan per unit for money
    comparator: str  # = | ≥ | > | ≤ | < | approx
    span: Span  # the number as written through its unit: 1200亿, 3-5个, 超百个 → 百个
    outer: Span  # with the comparator words before and after: 超百个, 10户以上
    before: str = ""  # the comparator word before the number, if any
    after: str = ""  # the comparator word after the unit, if any
    indicator: str | None = None  # the default indicator type of the unit
    implausible: str = ""  # why it cannot be a plan's amount (``implausibility``); "" when it can

    @property
    def value_in_yuan(self) -> Decimal | None:
        return plain(self.value * self.factor) if self.kind == "money" and self.factor is not None else None

    @property
    def max_in_yuan(self) -> Decimal | None:
        top = self.value_max if self.value_max is not None else self.value
        return plain(top * self.factor) if self.kind == "money" and self.factor is not None else None


# ---------------------------------------------------------------------------------------------- numerals


# ---------------------------------------------------------------------------------------------- data


@cache
def units() -> tuple[Unit, ...]:
    """The units of ``units.tsv``, longest first."""
    rows = []
    for row in read_tsv("units.tsv"):
        factor = Decimal(row["factor"]) if row["factor"] else None
        rows.append(
            Unit(
                row["unit"],
                row["kind"],
                factor,
                row["context"] == "money",
                row["indicator"] or None,
                row["not_before"],
            )
        )
    return tuple(sorted(rows, key=lambda unit: len(unit.written), reverse=True))


@cache
def comparator_words(position: str) -> tuple[tuple[str, str], ...]:
    """``(word, comparator)`` pairs of ``comparators.tsv`` at one position, longest first."""
    rows = [
        (row["word"], row["comparator"]) for row in read_tsv("comparators.tsv") if row["position"] == position
    ]
    return tuple(sorted(rows, key=lambda pair: len(pair[0]), reverse=True))


@cache
def money_cues() -> tuple[str, ...]:
    """Words that make a bare 亿 or 万 money: the money cues of indicators.tsv and the grant words."""
    cues = {row["cue"] for row in read_tsv("indicators.tsv") if "money" in row["kinds"].split(",")}
    cues |= {row["cue"] for row in read_tsv("incentive_kinds.tsv")}
    cues |= {"给予", "最高", "资金", "金额", "经费", "总额", "市值"}
    return tuple(sorted(cues, key=len, reverse=True))


# ---------------------------------------------------------------------------------------------- text units


@lru_cache(maxsize=4)
def mask_groups(text: str) -> str:
    """``text`` with the interior of every bracket, quotation and book-title group replaced by MASK.

    Same length as ``text``; the delimiters stay. Cached: the targets, incentives and instruments of
    one document mask the same working text. A group left open ends at the end of its sentence.
    A top-level bracket that opens with a statement word (``(其中,医药工业营业收入达到2400亿元)``,
    STATEMENT_BRACKETS) is part of the sentence and stays visible.
    """
    out = list(text)
    closing: list[str] = []
    visible = 0  # 1 while a statement bracket is open: its own text stays, groups inside it are masked
    for index, character in enumerate(text):
        if not closing and character in SPEECH_QUOTES and _is_speech(text, index):
            continue
        if character in "。\n":
            closing.clear()
            visible = 0
        elif closing and character == closing[-1]:
            closing.pop()
            visible = min(visible, len(closing))
        elif character in GROUPS:
            if len(closing) > visible:
                out[index] = MASK
            if not closing and character in "(（" and text.startswith(STATEMENT_BRACKETS, index + 1):
                visible = 1
            closing.append(GROUPS[character])
        elif len(closing) > visible:
            out[index] = MASK
    return "".join(out)


def _is_speech(text: str, opener: int) -> bool:
    """Whether the quotation opening at ``text[opener]`` holds a sentence end before its closing mark
    on the same line (SPEECH_QUOTES, looked for within LONGEST_SPEECH characters)."""
    limit = min(len(text), opener + LONGEST_SPEECH)
    close = text.find(SPEECH_QUOTES[text[opener]], opener + 1, limit)
    line_end = text.find("\n", opener + 1, limit)
    if close < 0 or 0 <= line_end < close:
        return False
    return any(end in text[opener + 1 : close] for end in "。!?！？")


def trim(text: str, start: int, end: int, blanks: str = BLANKS) -> Span:
    while start < end and text[start] in blanks:
        start += 1
    while end > start and text[end - 1] in blanks:
        end -= 1
    return start, end


def _split(text: str, start: int, end: int, breaks: str, double: tuple[str, ...] = ()) -> list[Span]:
    """The trimmed, non-empty pieces of ``text[start:end]`` between break characters (a comma between
    digits, 1,500, is no break) and the two-character ``double`` breaks (——)."""
    spans = []
    cursor = start
    for match in _break_pattern(breaks, double).finditer(text, start, end):
        index = match.start()
        if match.end() - index == 1 and _THOUSANDS_COMMA.match(text, index):
            continue
        spans.append(trim(text, cursor, index))
        cursor = match.end()
    spans.append(trim(text, cursor, end))
    return [span for span in spans if span[1] > span[0]]


@cache
def _break_pattern(breaks: str, double: tuple[str, ...]) -> re.Pattern:
    """One pattern for a split's breaks: a break character wins over a double break starting there."""
    alternatives = [f"[{re.escape(breaks)}]"] + [re.escape(word) for word in sorted(double, key=len, reverse=True)]
    return re.compile("|".join(alternatives))


def title_lines(text: str, spans) -> list[Span]:
    """The lines that hold the given title spans, or only the spans when their line is much longer
    (a news lead that quotes the plan's 《title》 is a sentence, not a title line). A span longer than
    LONGEST_TITLE is a paragraph taken for a title (a summary that opens with its goals): no title."""
    found = []
    for span in spans:
        if not span or span[1] <= span[0] or span[1] - span[0] > LONGEST_TITLE:
            continue
        start = text.rfind("\n", 0, span[0]) + 1
        end = text.find("\n", span[0])
        end = len(text) if end < 0 else end
        found.append((start, end) if (end - start) - (span[1] - span[0]) <= 30 else tuple(span))
    return found


def paragraph_spans(text: str) -> list[Span]:
    """Non-blank lines."""
    return _split(text, 0, len(text), "\n")


def sentence_spans(masked: str, start: int, end: int) -> list[Span]:
    """Sentences of ``masked[start:end]``: split at 。!?; and line ends outside groups."""
    return _split(masked, start, end, SENTENCE_ENDS)


def clause_spans(masked: str, start: int, end: int) -> list[Span]:
    """Clauses: split at , : ; and —— outside groups."""
    return _split(masked, start, end, CLAUSE_BREAKS, ("——",))


def list_item_spans(masked: str, start: int, end: int) -> list[Span]:
    """Items of an enumeration: split at 、 outside groups."""
    return _split(masked, start, end, "、")


# ---------------------------------------------------------------------------------------------- quantities


def find_quantities(
    text: str, start: int = 0, end: int | None = None, *, mask: bool = True
) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in order. Pass ``mask=False`` for a text already masked."""
    if mask:
        text = mask_groups(text)
    end = len(text) if end is None else end
    found: list[Quantity] = []
    taken: list[Span] = []
    for word, value in sorted(MULTIPLE_WORDS.items(), key=lambda item: len(item[0]), reverse=True):
        for span in find_all(text, word, start, end):
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            before = _word_before(text, span[0])
            comparator = dict(comparator_words("before")).get(before, "=")
            found.append(
                Quantity(Decimal(value), None, "倍", "multiple", Decimal(1), comparator, span,
                         (span[0] - len(before), span[1]), before, "", "growth")
            )  # fmt: skip
    for match in _PERCENT_WORDS.finditer(text, start, end):
        quantity = _percent_in_words(text, match)
        if quantity is not None and not any(a < match.end() and match.start() < b for a, b in taken):
            taken.append(quantity.span)
            found.append(quantity)
    cursor = start
    while True:
        match = _RUN.search(text, cursor, end)
        if not match:
            break
        if any(a <= match.start() < b for a, b in taken):
            cursor = match.end()
            continue
        quantity = _read_quantity(text, match, end)
        if quantity:
            found.append(quantity)
            cursor = quantity.span[1]
        else:
            cursor = match.end()
    found = _merge_ranges(text, sorted(found, key=lambda quantity: quantity.span[0]))
    return sorted(found + _shared_unit_items(text, start, found), key=lambda quantity: quantity.span[0])


def _shared_unit_items(text: str, start: int, found: list[Quantity]) -> list[Quantity]:
    """分别给予1000、500、200万元: the bare numbers listed before a quantity share its unit."""
    items = []
    for quantity in found:
        if quantity.before or not text[quantity.span[0]].isdigit():
            continue
        listed = _SHARED_UNIT_LIST.search(text, max(start, quantity.span[0] - 40), quantity.span[0])
        if not listed or (listed.start() > 0 and text[listed.start() - 1] in _LABEL_BEFORE):
            continue
        for number in re.finditer(r"\d+(?:\.\d+)?", listed.group()):
            span = (listed.start() + number.start(), listed.start() + number.end())
            value = Decimal(number.group())
            items.append(replace(
                quantity, value=value, value_max=None, span=span, outer=span, before="", after="",
                comparator="=", implausible=implausible_size(value, quantity.factor),
            ))  # fmt: skip
    return items


def _percent_in_words(text: str, match: re.Match) -> Quantity | None:
    """百分之十五以上 → 15 %, "≥"; 百分之二点五 → 2.5 %."""
    integer, _, fraction = match.group(1).partition("点")
    try:
        value = parse_numeral(integer)
        if fraction:
            value = plain(Decimal(f"{value}.{''.join(str(parse_numeral(digit)) for digit in fraction)}"))
    except (ValueError, InvalidOperation):
        return None
    before = _word_before(text, match.start())
    after = _word_at(text, match.end(), "after")
    comparator = dict(comparator_words("after")).get(after) or dict(comparator_words("before")).get(before, "=")
    return Quantity(
        value, None, "%", "percent", Decimal(1), comparator, match.span(),
        (match.start() - len(before), match.end() + len(after)), before, after, "share",
    )  # fmt: skip


def _merge_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """10%-15%, 10亿元至20亿元: two quantities of one unit joined by a range separator are one range."""
    merged: list[Quantity] = []
    for quantity in found:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.value_max is None
            and quantity.value_max is None
            and previous.unit == quantity.unit
            and not previous.after
            and not quantity.before
            and previous.value < quantity.value
            and _RANGE_SEPARATOR.fullmatch(text, previous.span[1], quantity.span[0])
        ):
            merged[-1] = replace(
                previous,
                value_max=quantity.value,
                span=(previous.span[0], quantity.span[1]),
                outer=(previous.outer[0], quantity.outer[1]),
                after=quantity.after,
                comparator=quantity.comparator if quantity.after else previous.comparator,
            )
        else:
            merged.append(quantity)
    return merged


@cache
def _noun_uses() -> dict[str, tuple[str, ...]]:
    """Comparator word → the words before it that make it a noun (the not_after column of comparators.tsv)."""
    return {
        row["word"]: tuple(row["not_after"].split(","))
        for row in read_tsv("comparators.tsv")
        if row.get("not_after")
    }


def _word_before(text: str, position: int) -> str:
    """The longest comparator word that ends right before ``position`` (not the tail of 以上 and the like,
    nor a noun: 技术突破5—8项)."""
    if any(text.endswith(word, 0, position) for word, _ in comparator_words("after")):
        return ""
    word = next((word for word, _ in comparator_words("before") if text.endswith(word, 0, position)), "")
    if word and text.endswith(_noun_uses().get(word, ()), 0, position - len(word)):
        return ""
    return word


def _word_at(text: str, position: int, position_kind: str) -> str:
    return next((word for word, _ in comparator_words(position_kind) if text.startswith(word, position)), "")


def _is_label(text: str, start: int, end: int, run: str) -> bool:
    if start > 0 and text[start - 1] in _LABEL_BEFORE:
        return True
    if end < len(text) and text[end] in _LABEL_AFTER:
        return True
    if run == "一":  # 一个, 一家: the indefinite article
        return True
    window_start = max(0, start - 4)
    window = text[window_start : end + 4]
    for idiom in _IDIOMS:
        found = window.find(idiom)
        if found >= 0 and window_start + found < end and start < window_start + found + len(idiom):
            return True
    return False


def _money_context(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` speaks of money (产值, 规模, 收入 …, a grant, or 千亿级)."""
    if text.startswith("级", end) or text.startswith("规模", end):
        return True
    left = start
    while left > 0 and text[left - 1] not in SENTENCE_ENDS + CLAUSE_BREAKS:
        left -= 1
    right = end
    while right < len(text) and text[right] not in SENTENCE_ENDS + CLAUSE_BREAKS:
        right += 1
    clause = text[left:right]
    return any(cue in clause for cue in money_cues())


def _unit_at(text: str, position: int, money_only: bool = False) -> Unit | None:
    for unit in units():
        if money_only and unit.kind not in ("money", "foreign-money"):
            continue
        if text.startswith(unit.written, position):
            after = position + len(unit.written)
            if after < len(text) and text[after] in unit.not_before:
                continue
            return unit
    return None


def _read_quantity(text: str, match: re.Match, end: int) -> Quantity | None:
    run = match.group()
    if _is_label(text, match.start(), match.end(), run):
        return None
    runs = [match]
    separator = _RANGE_SEPARATOR.match(text, match.end())
    if separator:
        second = _RUN.match(text, separator.end(), end)
        if second and not _is_label(text, second.start(), second.end(), second.group()):
            ranged = _with_unit(text, [match, second], end)
            if ranged:
                return ranged
    return _with_unit(text, runs, end)


def _with_unit(text: str, runs: list[re.Match], end: int) -> Quantity | None:
    first, last = runs[0], runs[-1]
    start = first.start()
    before = _word_before(text, start)
    # A magnitude that ends the numeral belongs to a money unit that follows it: 1200亿元, 千亿级, 50-500万元.
    for magnitude in _MONEY_MAGNITUDES:
        if not last.group().endswith(magnitude):
            continue
        unit = _unit_at(text, last.end() - len(magnitude), money_only=True)
        if not unit or not unit.written.startswith(magnitude):
            continue
        unit_end = last.end() - len(magnitude) + len(unit.written)
        if unit.money_context:
            if not _money_context(text, start, unit_end) or _unit_at(text, unit_end):
                continue  # 近万个: the 万 is part of the number
        head = last.group()[: -len(magnitude)]
        if not head and before not in _BARE_MAGNITUDE_PREFIXES:
            continue  # 数亿元: no number
        values = _values([run.group() for run in runs[:-1]] + [head or "一"])
        if values is None:
            return None
        return _quantity(text, values, unit, start, unit_end, before)
    number_end = last.end()
    infix = _word_at(text, number_end, "infix")
    unit = _unit_at(text, number_end + len(infix))
    if not unit or (unit.money_context and not _money_context(text, start, number_end + len(infix) + 1)):
        return None
    if last.group() in "万亿" and before not in _BARE_MAGNITUDE_PREFIXES:
        return None  # 万人: a bare 万 counts only as 近万 / 超万 / 上万
    values = _values([run.group() for run in runs])
    if values is None:
        return None
    quantity = _quantity(text, values, unit, start, number_end + len(infix) + len(unit.written), before)
    if infix and not quantity.after:
        return replace(quantity, comparator=dict(comparator_words("infix"))[infix])
    return quantity


def _values(written: list[str]) -> tuple[Decimal, Decimal | None] | None:
    try:
        numbers = [parse_numeral(item) for item in written]
    except ValueError:
        return None
    if len(numbers) == 1:
        return numbers[0], None
    low, high = numbers
    trailing = re.search(r"[十百千万亿]+$", written[1])
    if trailing and not re.search(r"[十百千万亿]", written[0]) and re.search(r"\d", written[1]):
        low = plain(low * parse_numeral(trailing.group()))  # 3-5万家: 3万 to 5万
    if high <= low:
        return None
    return low, high


def implausible_size(value: Decimal, factor: Decimal | None) -> str:
    """Why a value in a unit of ``factor`` base units cannot be a plan's amount, or "" when it can.

    >>> implausible_size(Decimal(1200), Decimal(10) ** 8), implausible_size(Decimal(10) ** 22, Decimal(10) ** 8)
    ('', '10^16 or more in its base unit (numbers.PLAUSIBLE_BELOW)')
    """
    if value * (factor or 1) >= PLAUSIBLE_BELOW:
        return "10^16 or more in its base unit (numbers.PLAUSIBLE_BELOW)"
    return ""


def implausibility(text: str, start: int, value: Decimal, factor: Decimal | None) -> str:
    """Why the number written at ``text[start]`` cannot be a plan's amount, or "" when it can: a size of
    10^16 or more, a negative sign (amounts are written without one; a decrease is said in words), or
    the tail of exponent notation (1e308)."""
    if _EXPONENT_TAIL.search(text, max(0, start - 12), start):
        return "a number in exponent notation (numbers._EXPONENT_TAIL)"
    if _negative(text, start):
        return "a negative number (numbers.MINUS_SIGNS)"
    return implausible_size(value, factor)


def _negative(text: str, start: int) -> bool:
    """A minus sign right before the number that does not join it to a number before (3-5个, 10%-15%)."""
    if start == 0 or text[start - 1] not in MINUS_SIGNS:
        return False
    before = text[max(0, start - 6) : start - 1]
    if before[-1:].isdigit() or before[-1:] in _CHINESE_NUMERALS:
        return False
    return not any(before.endswith(unit.written) for unit in units())


def _quantity(text: str, values, unit: Unit, start: int, unit_end: int, before: str) -> Quantity:
    value, value_max = values
    after = _word_at(text, unit_end, "after")
    comparator = "="
    if before:
        comparator = dict(comparator_words("before"))[before]
    if after:
        comparator = dict(comparator_words("after"))[after]
    implausible = implausibility(text, start, value_max if value_max is not None else value, unit.factor)
    if implausible:
        sign = re.search(r"[-−]?\d+(?:\.\d+)?[eE][+-]?$|[-−]$", text[max(0, start - 12) : start])
        start -= len(sign.group()) if sign else 0
    return Quantity(
        value=value,
        value_max=value_max,
        unit=unit.written,
        kind=unit.kind,
        factor=unit.factor,
        comparator=comparator,
        span=(start, unit_end),
        outer=(start - len(before), unit_end + len(after)),
        before=before,
        after=after,
        indicator=unit.indicator,
        implausible=implausible,
    )
