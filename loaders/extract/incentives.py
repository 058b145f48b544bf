"""Incentives: each sum of money a plan offers (奖励, 补助, 资助, 贴息 …), with its recipient and conditions.

Patterns of the genre (amounts found by ``numbers.find_quantities``; kinds from
``gazetteers/incentive_kinds.tsv``):

    对上年度新获批的国家级科技创新平台(…),每个给予最高500万元奖励
        → max 500 万元, recipient 上年度新获批的国家级科技创新平台 (the object of 对, notes in brackets
          dropped), kind reward
    对各级临床医学研究中心,按照绩效评价结果给予最高100万元奖励      → condition 按照绩效评价结果
    对…企业(机构),择优按照不超过…投资额的10%给予补助,最高不超过1000万元
        → max 1000 万元, condition 择优按照不超过…的10%, kind subsidy (补助 before the amount)
    对2024年全年工业总产值增量超过5亿元的规上工业企业,分档给予50-500万元一次性奖励
        → min 50, max 500; recipient 规上工业企业, conditions 2024年全年工业总产值增量超过5亿元; 分档
          (a recipient phrase holding a threshold or a comma is split at its last 的)
    对A、B分别给予50万元、30万元奖励   → two incentives, A with 50 and B with 30
    …的产业项目(不含房地产项目),每个项目给予100万元奖励            → recipient 产业项目 (head after 的)
    …缴满1年以上社会保险的,按每人5000元标准给予企业一次性培养奖励  → 5000 元, recipient 企业 (给予's object)
    同一企业可以…承担多个项目,每家企业支持金额最高1000万元
        → a per-enterprise cap on the grants before it: an incentive of its own, recipient 每家企业,
          condition 同一企业可以…承担多个项目, kind subsidy

An amount is a grant when its clause grants (给予, 奖励, 补助, 资助, 支持 …) or caps (最高, 不超过) and the
amount is not a threshold of the conditions: amounts followed by 以上/及以上/以下, preceded by 超过/突破/
达到/在 …, or measured by 投资/产值/收入/年薪/增量 … (年内形成有效投资在5000万元及以上, 工业总产值首次突破1亿元,
年薪30万元以上) are conditions, not incentives. A rate without an amount (按投资额的10%给予补助) and a grant
without an amount (“一事一议”给予支持) give no incentive. The document's title line (a news headline such
as 最高奖补1000万元!) is skipped.

Each incentive's span runs from the start of its grant unit (its sentence, or the clause after the
previous grant of the same sentence) to the end of the clause that holds its amount; a second amount
of the same clause starts its span at its own recipient (分别) or right after the previous amount, so
that every incentive has a span (and so an IRI) of its own.
"""

from __future__ import annotations

import re
from functools import cache

from rdflib import Literal

from biopolicy.loaders.emit import decimal, zh
from biopolicy.loaders.extract.amounts import CAP_WORDS, GRANT_WORDS, grant_amounts
from biopolicy.loaders.extract.numbers import (
    BLANKS,
    MASK,
    Quantity,
    clause_spans,
    find_quantities,
    list_item_spans,
    mask_groups,
    paragraph_spans,
    sentence_spans,
    title_lines,
    trim,
)
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import Extraction, ExtractionContext, Family, Incentive

Span = tuple[int, int]

# Where the object of 对 ends and the grant begins.
BOUNDARY_WORDS = (
    "给予", "按照", "按类", "按每", "按", "分档", "分别", "择优", "每个", "每项", "每家", "每人", "一次性", "最高",
    "采取", "依据", "根据", "进行", "可按",
)  # fmt: skip
FILLER = ("分别", "每个", "每项", "每家", "每人", "一次性", "可", "并", "且", "均", "的")
NOT_DUI = "接标口外照话比"  # 对接, 对标, 对口 …: not the preposition 对
# An item number at the start of a clause: (一)对…, 1、对…
_NUMBERING = re.compile(r"(?:\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十\d]{1,3}[、.])\s*")
# A rate per unit right before an amount: 按每亩500元, 每人5000元.
_PER_UNIT_RATE = re.compile(r"每[\u4e00-\u9fff]{1,2}$")
_PER_UNIT = re.compile(
    r"每(?:家|个|位|名|所|项)(?:(?!支持|给予|最高)[\u4e00-\u9fff]){1,6}?(?=支持|给予|最高|补助|奖励|资助|可|享受)"
)


@cache
def kind_cues() -> tuple[tuple[str, str, bool], ...]:
    """``(cue, instrument, generic)`` rows of incentive_kinds.tsv, longest first."""
    rows = [(row["cue"], row["instrument"], row["generic"] == "yes") for row in read_tsv("incentive_kinds.tsv")]
    return tuple(sorted(rows, key=lambda row: len(row[0]), reverse=True))


def extract_incentives(context: ExtractionContext) -> list[Incentive]:
    """Every granted amount of the plan, in document order."""
    work: str = context.text.work
    masked = mask_groups(work)
    titles = title_lines(work, (context.metadata.title_span, context.tree.title_span))
    incentives: list[Incentive] = []
    for paragraph in paragraph_spans(work):
        for sentence in sentence_spans(masked, *paragraph):
            incentives.extend(_sentence_incentives(context, work, masked, sentence, titles))
    return incentives


def _sentence_incentives(
    context: ExtractionContext, work: str, masked: str, sentence: Span, titles: list[Span]
) -> list[Incentive]:
    clauses = clause_spans(masked, *sentence)
    groups: dict[int, list[Quantity]] = {}
    for quantity, clause in grant_amounts(work, masked, sentence):
        reason = _refusal(work, masked, quantity, clause, titles)
        if reason:
            context.reject("incentives", quantity.outer, reason)
        else:
            groups.setdefault(clauses.index(clause), []).append(quantity)
    incentives = []
    first = 0
    for index in sorted(groups):
        incentives.extend(_grant_unit(context, work, masked, clauses, first, index, groups[index]))
        first = index + 1
    return incentives


def _refusal(work: str, masked: str, quantity: Quantity, clause: Span, titles: list[Span]) -> str:
    """Why a granted amount gives no incentive of its own, or "": it is implausible, it sits in the
    title line (a headline repeating a body amount adds nothing), or it is a per-unit rate that a
    cap later in its clause limits (按每亩500元、不超过30万元进行奖励: the cap is the incentive)."""
    if quantity.implausible:
        return f"not a plan's amount: {quantity.implausible}"
    if any(start <= quantity.span[0] < end for start, end in titles):
        return "in the title line: a headline repeating the body's amounts adds nothing (numbers.title_lines)"
    rate = _PER_UNIT_RATE.search(work[max(clause[0], quantity.span[0] - 5) : quantity.span[0]])
    if rate and any(
        work[clause[0] : later.span[0]].endswith(CAP_WORDS)
        for later in find_quantities(masked, quantity.span[1], clause[1], mask=False)
    ):
        return "a per-unit rate (按每…) limited by a cap (amounts.CAP_WORDS) later in its clause: the cap is the incentive"
    return ""


def _dui_position(work: str, clause: Span) -> int | None:
    """Offset just after a clause-initial 对 / 对于 (after 并, 同时, 其中), or None."""
    numbering = _NUMBERING.match(work, clause[0], clause[1])
    position = numbering.end() if numbering else clause[0]
    for lead in ("同时", "其中", "另外", "并"):
        if work.startswith(lead, position):
            position += len(lead)
            break
    if work.startswith("对于", position):
        return position + 2
    if work.startswith("对", position) and work[position + 1 : position + 2] not in NOT_DUI:
        return position + 1
    return None


def _boundary(masked: str, start: int, end: int) -> int | None:
    positions = [masked.find(word, start, end) for word in BOUNDARY_WORDS]
    positions = [position for position in positions if position >= 0]
    return min(positions) if positions else None


def _strip_notes(work: str, masked: str, start: int, end: int, drop_de: bool = True) -> Span:
    """Trim blanks, punctuation, trailing bracketed notes and (unless ``drop_de`` is false) a trailing 的."""
    while True:
        before = (start, end)
        start, end = trim(work, start, end, BLANKS + ",、;:。")
        if end > start and masked[end - 1] in ")）〕]】":
            opener = max(masked.rfind(o, start, end - 1) for o in "(（〔[【")
            if opener >= start and all(c == MASK for c in masked[opener + 1 : end - 1]):
                end = opener
        if drop_de and end > start and work[end - 1] == "的":
            end -= 1
        if (start, end) == before:
            return start, end


def _split_relative(work: str, masked: str, span: Span) -> tuple[Span, Span | None]:
    """A recipient holding a comma or a threshold: split at its last 的 into (head, relative clause)."""
    start, end = span
    if "," not in masked[start:end] and not find_quantities(masked, start, end, mask=False):
        return span, None
    split = masked.rfind("的", start, end)
    if split <= start or split + 1 >= end:
        return span, None
    return (split + 1, end), _strip_notes(work, masked, start, split)


def _condition_text(work: str, masked: str, start: int, end: int) -> str:
    """Condition words between the recipient and the grant verb, fillers and grant words stripped."""
    start, end = _strip_notes(work, masked, start, end)
    words = sorted(FILLER + GRANT_WORDS + tuple(cue for cue, _, _ in kind_cues()), key=len, reverse=True)
    changed = True
    while changed and end > start:
        changed = False
        for word in words:
            if work.startswith(word, start, end):
                start += len(word)
                changed = True
            elif work.endswith(word, start, end):
                end -= len(word)
                changed = True
        start, end = trim(work, start, end, BLANKS + ",、;:")
    return work[start:end]


def _grant_unit(
    context: ExtractionContext,
    work: str,
    masked: str,
    clauses: list[Span],
    first: int,
    index: int,
    amounts: list[Quantity],
) -> list[Incentive]:
    grant_clause = clauses[index]
    unit_start = clauses[first][0]
    conditions: list[str] = []
    recipient: Span | None = None
    condition_from = grant_clause[0]
    dui = [(j, _dui_position(work, clauses[j])) for j in range(first, index + 1)]
    dui = [(j, position) for j, position in dui if position is not None]
    if dui:
        for j, position in dui[:-1]:
            conditions.append(work[slice(*_strip_notes(work, masked, position, clauses[j][1]))])
        j, start = dui[-1]
        end = None
        while end is None:
            clause = clauses[j]
            found = _boundary(masked, start + 1 if clause[0] <= start else clause[0], clause[1])
            if found is not None:
                end = found
            elif j == index:
                end = amounts[0].outer[0]
            elif j + 1 == index or _boundary(masked, *clauses[j + 1]) is not None:
                end = clause[1]
            else:
                j += 1
        recipient, relative = _split_relative(work, masked, _strip_notes(work, masked, start, end))
        if relative:
            conditions.append(work[slice(*relative)])
        condition_from = end
    else:
        recipient, condition_from = _recipient_without_dui(work, masked, clauses, first, index, conditions)
    stop = masked.find("给予", condition_from, grant_clause[1])
    if stop < 0:
        caps = [masked.find(word, grant_clause[0], amounts[0].outer[0]) for word in CAP_WORDS]
        stop = min([found for found in caps if found >= condition_from] + [amounts[0].outer[0]])
    in_clause = _condition_text(work, masked, condition_from, stop)
    if in_clause:
        conditions.append(in_clause)
    recipients = _respective_recipients(work, masked, grant_clause, recipient, amounts)
    incentives = []
    for position, quantity in enumerate(amounts):
        own_recipient = recipients[position] if recipients else recipient
        if position == 0:
            span_start = unit_start
        elif recipients:
            span_start = recipients[position][0]
        else:
            span_start = amounts[position - 1].outer[1]
            while span_start < quantity.span[0] and work[span_start] in "、和及" + BLANKS:
                span_start += 1
        span = (span_start, grant_clause[1])
        incentives.append(
            Incentive(
                unit=context.unit_at(span[0]),
                max_amount=quantity.value_max if quantity.value_max is not None else quantity.value,
                min_amount=quantity.value if quantity.value_max is not None else None,
                unit_written=quantity.unit,
                value_in_yuan=quantity.max_in_yuan,
                recipient=work[slice(*own_recipient)] if own_recipient and own_recipient[1] > own_recipient[0] else None,
                condition=";".join(conditions) or None,
                kind=_kind(work, (unit_start, grant_clause[1]), quantity),
                span=span,
            )
        )
    return incentives


def _recipient_without_dui(
    work: str, masked: str, clauses: list[Span], first: int, index: int, conditions: list[str]
) -> tuple[Span | None, int]:
    """The recipient when no 对 names it: …的产业项目,每个项目给予 / 每家企业支持金额 / 给予企业."""
    grant_clause = clauses[index]
    if index - 1 >= first:
        previous = _strip_notes(work, masked, *clauses[index - 1], drop_de=False)
        if previous[1] > previous[0] and work[previous[1] - 1] == "的":
            conditions.append(work[previous[0] : previous[1] - 1])
        else:
            split = masked.rfind("的", previous[0], previous[1])
            head = (split + 1, previous[1])
            if split >= previous[0] and 0 < head[1] - head[0] <= 12 and not re.search(r"\d", work[slice(*head)]):
                conditions.append(work[slice(*_strip_notes(work, masked, previous[0], split))])
                per_unit = _PER_UNIT.match(work, grant_clause[0], grant_clause[1])
                return head, per_unit.end() if per_unit else grant_clause[0]
    per_unit = _PER_UNIT.match(work, grant_clause[0], grant_clause[1])
    if per_unit:
        if index - 1 >= first and not conditions:
            conditions.append(work[slice(*_strip_notes(work, masked, clauses[first][0], clauses[index - 1][1]))])
        return (per_unit.start(), per_unit.end()), per_unit.end()
    verb = masked.find("给予", grant_clause[0], grant_clause[1])
    if verb >= 0:
        start = verb + 2
        stop = _boundary(masked, start, grant_clause[1])
        digit = re.search(r"\d", work[start : grant_clause[1]])
        candidates = [stop if stop is not None else grant_clause[1]]
        if digit:
            candidates.append(start + digit.start())
        end = min(candidates)
        if 0 < end - start <= 10 and not work.startswith(("最高", "每", "总计", "不超过"), start):
            return (start, end), grant_clause[0]
    return None, grant_clause[0]


def _respective_recipients(
    work: str, masked: str, clause: Span, recipient: Span | None, amounts: list[Quantity]
) -> list[Span] | None:
    """对A、B分别给予50万元、30万元: one recipient per amount, in order."""
    if recipient is None or len(amounts) < 2 or "分别" not in work[clause[0] : clause[1]]:
        return None
    items = list_item_spans(masked, *recipient)
    return items if len(items) == len(amounts) else None


def _kind(work: str, unit: Span, quantity: Quantity) -> str | None:
    """The instrument of the cue nearest after the amount in its clause, else of the nearest before it;
    a generic cue (支持) only when no other cue is found."""
    after = work[quantity.outer[1] : unit[1]]
    before = work[unit[0] : quantity.outer[0]]
    for generic in (False, True):
        cues = [(cue, instrument) for cue, instrument, is_generic in kind_cues() if is_generic == generic]
        found_after = [(after.find(cue), -len(cue), instrument) for cue, instrument in cues if cue in after]
        if found_after:
            return min(found_after)[2]
        found_before = [(before.rfind(cue) + len(cue), len(cue), instrument) for cue, instrument in cues if cue in before]
        if found_before:
            return max(found_before)[2]
    return None


# ---------------------------------------------------------------------------------------------
# The incentives family


def incentive_rows(extraction: Extraction) -> list[dict]:
    quote = extraction.text.quote
    return [
        {
            "taskTitle": extraction.task_title(incentive.unit),
            "maxAmount": str(incentive.max_amount),
            "unit": incentive.unit_written,
            "recipient": incentive.recipient or "",
            "quote": quote(*incentive.span),
        }
        for incentive in extraction.incentives
    ]


def emit_incentives(emitter, incentives: list[Incentive]) -> None:
    for incentive in incentives:
        node = emitter.fact("incentive", incentive.span, incentive.unit, BP.hasIncentive, BP.Incentive)
        emitter.add(node, BP.maxAmount, decimal(incentive.max_amount))
        if incentive.min_amount is not None:
            emitter.add(node, BP.minAmount, decimal(incentive.min_amount))
        emitter.add(node, BP.unit, Literal(incentive.unit_written))
        emitter.add(node, BP.valueInYuan, decimal(incentive.value_in_yuan))
        if incentive.recipient:
            emitter.add(node, BP.recipient, zh(incentive.recipient))
        if incentive.condition:
            emitter.add(node, BP.condition, zh(incentive.condition))
        if incentive.kind:
            emitter.add(node, BP.instrument, concept("policy-instrument", incentive.kind))


FAMILY = Family(
    name="incentives",
    columns=("jurisdiction", "taskTitle", "maxAmount", "unit", "recipient", "quote"),
    extract=extract_incentives,
    rows=incentive_rows,
    emit=emit_incentives,
)
