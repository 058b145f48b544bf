"""Targets: every quantitative goal of a plan, plan-level or task-level.

A target is a quantity (``numbers.find_quantities``) stated as a goal, with the indicator phrase it
measures, a comparator, and the year it is due. Patterns of the genre, with examples:

    post-nominal count   生物医药产业上市企业达12家 / 新增药械公共技术服务平台3-5个 / 形成标志性产品150个
                         → the phrase before the number is the indicator: 生物医药产业上市企业, 12 家, "="
    pre-nominal count    建立1个细胞治疗研究中心 / 打造十个重大公共服务平台 / 新增1-2个国家临床医学研究中心、…
                         → the phrase after the unit is the indicator: 细胞治疗研究中心, 1 个
    money, %, multiple   产业规模力争超过1000亿元 (>) / 本地服务量达到40% / 营业收入实现倍增 (2 倍)
    scale goal           武汉千亿级国家生物医药战略性新兴产业集群 / 千亿元以上支柱产业链群
                         → 1000 亿元, "≥" (级, 以上), the phrase itself is the indicator
    lists                培育1家百亿规模企业、5家五十亿规模企业 / 达到35户、国家高新技术企业超300户
                         → one target per 、 item that begins or ends with its own quantity
    均 / 各 / 分别        新引进“链主”企业和上市企业均达到10户以上 → two targets (one per coordinated noun)
    shared subject       营业收入实现倍增,达到2500亿元 → the second clause inherits 全省生物医药产业营业收入
    recurring goal       每年新增国家级专精特新“小巨人”企业五家以上 → 5 家 "≥", no year
    indicator table      | 产业营业收入(亿元) | 1650 | 2500 |  under  | 指标 | 2024年 | 2027年 |
                         → 2500 亿元 "=", 2027 (the latest year column; the others are the base)

Thresholds inside an indicator phrase are not targets of their own: a quantity that is followed by
more of its noun phrase (营业收入超500亿元企业1家 → 500亿元 is part of the indicator of the count
1 家; 培育10亿元以上大品种15个; 1家市值达500亿 → everything after a pre-nominal count belongs to its
indicator) stays inside the indicator text. Only a quantity that ends its clause (or list item), a
pre-nominal count, or a scale goal (千亿级…产业集群) becomes a target.

A clause is a goal when it sits in a goal block (a section whose label or title names a 目标:
发展目标, 工作目标, 主要目标 …), when a future year governs it (到/至2025年, 2025年前, “十四五”末, in
the clause, earlier in its sentence, earlier in its paragraph, or earlier in its goal block or
task), or when its sentence has a goal verb (培育, 新增, 建成, 引进, 打造 …) and no sign of history
(已, 现有, 之一, 首批 …). Sentences that grant money (给予…万元 奖励/补助: ``incentives.py``),
headings (a task's or section's title, the document title line), history sections (发展基础,
发展现状) and quantities in brackets or quotes (labels: “双十”, “1+2+3+N”) give no target.

Real-text cues (issue #10): a bare year the plan is said to set (《方案》明确2022年…突破270亿元), a
lead-in naming goals (…提出的目标还包括: …), and a task's body clause ending with its value (…处置及时率
100%) are goals; a past marker in the sentence (截至9月底…) beats a year inherited from the paragraph,
and a year inside a 《title》 is no goal year. Not targets, each recorded for --explain: counts of the
plan's own parts, items or makers (四个方面, 《方案》…8项具体工程, 21个部门制定了《…》), a count after
在/于 (where a goal is pursued), the base of a rate (每千人口), a project's capacity (年产200万支…项目),
a grant's condition (支持对象: …) or rate (在以上奖励标准的基础上增加50%), a headline's copy of a body
target, and a restatement (the same indicator and measure, whatever its comparator).

The year is the one written in the clause, else earlier in its sentence, else a future year earlier
in its paragraph, goal block or task; a goal block with no year of its own takes the plan's end
year (``metadata.period_end``). A bare year (2022年, no 到/至) outside a goal block marks history
unless it is not before the plan's period or issue year.

Decisions: a range (1-2个) has comparator "=" with value and value_max; 倍增/翻番 → 2 倍; scale goals
written with a bare magnitude (千亿级) get the unit 亿元 (they name a money scale); a target stated
twice at the same level (a news lead repeating the plan) is kept once, the task-level copy winning
over a plan-level one. Budgets and funds (产业基金规模达到50亿元, 安排专项资金不少于十亿元) are the
plan's instruments, not its goals: no target.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from rdflib import Literal

from biopolicy.loaders.emit import decimal, year, zh
from biopolicy.loaders.extract.amounts import GRANT_WORDS, grant_amounts
from biopolicy.loaders.extract.numbers import (
    BLANKS,
    MASK,
    STATEMENT_BRACKETS,
    Quantity,
    clause_spans,
    comparator_words,
    find_quantities,
    implausible_size,
    list_item_spans,
    mask_groups,
    paragraph_spans,
    parse_numeral,
    plain,
    sentence_spans,
    title_lines,
    trim,
    units,
)
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, concept
from biopolicy.loaders.model import Extraction, ExtractionContext, Family, Target
from biopolicy.loaders.spans import SpanSet
from biopolicy.loaders.text import find_all

Span = tuple[int, int]

GOAL_VERBS = (
    "培育", "新增", "新建", "建成", "建设", "建立", "引进", "招引", "吸引", "形成", "打造", "取得", "实现",
    "达到", "力争", "争取", "确保", "组建", "创建", "获批", "布局", "突破", "超过", "增至", "提高到",
    "提高至", "提升至", "提升到", "壮大", "发展到", "安排", "提供", "举办", "组织实施", "设立",
    "每年",  # a recurring goal: 每年新增…5家以上
    "倍增", "翻番", "翻一番", "翻两番",  # a doubling is said of a goal: 推动产业链市场主体倍增
)  # fmt: skip
PAST_MARKERS = (
    "已", "截至", "截止", "现有", "目前", "先后", "首批", "之一", "去年", "上年", "同比", "曾经", "至今",
)  # fmt: skip
HISTORY_TITLES = ("发展基础", "发展现状", "基本情况", "产业现状", "现状", "发展形势", "面临形势", "工作回顾")
# Stripped from the edges of an indicator phrase: verbs, modals and adverbs around the noun phrase.
LEADING_WORDS = (
    "力争", "争取", "确保", "全力", "努力", "加快", "积极", "大力", "着力", "重点", "推动", "支持", "鼓励",
    "引导", "组织", "实施", "开展", "培育", "新培育", "引进", "新引进", "招引", "吸引", "新增", "新建",
    "新升级", "升级", "建成", "建设", "建立", "组建", "创建", "布局", "打造", "形成", "取得", "获得", "突破",
    "达到", "实现", "完成", "获批", "累计", "总计", "共", "再", "要", "将", "使", "或", "和", "及", "并", "其中",
    "目标", "即", "预计", "认证为", "认定为",
)  # fmt: skip
TRAILING_WORDS = (
    "力争", "争取", "确保", "实现", "达到", "达", "要", "将", "均", "各", "累计", "总计", "共", "新增", "再",
    "预计", "分别", "可", "数量达", "规模达",
)  # fmt: skip
GROWTH_WORDS = ("年均增长", "年均增速", "增长", "增速")
SCALE_HEADS = ("产业集群", "集群", "链群", "产业链", "产业", "基地", "园区", "高地")
# 成为…千亿级产业集群之一: one of several clusters of that scale is still a scale goal.
SCALE_TAILS = ("之一",)
# 2018年起, 从2020年开始: the year a recurring goal starts, not the year it is due.
START_YEAR_WORDS = ("起", "开始")
# 通过3-5年努力, 用三年时间: the sentence sets its own horizon, so it inherits no year of its paragraph.
_HORIZON_DURATION = re.compile(
    r"(?:通过|用|经过|利用)\s*[0-9一二三四五六七八九十两]+(?:\s*[-—~至到]\s*[0-9一二三四五六七八九十两]+)?"
    r"\s*年(?:的|左右)?(?:时间|努力)"
)
# 产业规模方面,…: a paragraph elaborating one aspect its lead paragraph names (在产业规模、…等方面).
_ASPECT_LEAD = re.compile(r"\s*([^,,。;:\s]{2,10})方面[,,:]")
CONNECTORS = "和及与并且或"
# A money amount followed only by the name of what it measures: 达到千亿元产业规模 = 产业规模达到千亿元.
MEASURE_TAILS = ("规模", "产业规模", "的规模", "的产业规模", "经营规模", "营业收入", "产值")
# 主要指标 tables: a year header cell (2027年, 2027年目标值), a rule row (---), a value cell (≥30, 2500亿元,
# 40%以上), the unit note that ends an indicator cell (产业营业收入(亿元)), header cells that name no indicator.
TABLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?(?:底|末)?(?:目标值?|预期值?|值)?")
TABLE_RULE = re.compile(r"[-:— ]*")
TABLE_VALUE = re.compile(
    r"\s*(?P<before>≥|>|≤|<|约|超过|突破|不少于|不低于|达到)?\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<after>以上|左右|以内)?\s*"
)
TABLE_UNIT_NOTE = re.compile(r"\(([^()]{1,8})\)$")
TABLE_SYMBOLS = {"≥": "≥", ">": ">", "≤": "≤", "<": "<"}
TABLE_NON_NAMES = ("序号", "单位", "属性", "指标属性", "类型", "备注")
# Budgets and funds are policy instruments, not goals: 产业基金规模达到50亿元, 安排专项资金不少于十亿元.
INSTRUMENT_WORDS = ("基金", "专项资金", "财政资金")
CLOSERS = {")": "(", "）": "（", "〕": "〔", "]": "[", "】": "【"}
# A bare year right after these is the year a plan sets (《方案》明确2022年…突破270亿元), not history.
PLAN_STATEMENT_VERBS = ("明确", "提出", "要求", "目标是", "目标为")
# A paragraph opening with a lead-in that names goals (《方案》提出的目标还包括: …) holds goals.
GOAL_LEAD_WORD = "目标"
GOAL_LEAD_LENGTH = 40  # the colon of a lead-in comes within this many characters of the paragraph start
# A count right after a locative preposition says where the goal is pursued (在三个…产区分别建设…).
LOCATIVE_WORDS = ("在", "于")
# 全县7个乡镇卫生院均开设中医馆, 7个乡镇各打造…基地: the count names the places a goal applies to,
# each of them (均, 各 after the noun), not a number to reach.
DISTRIBUTIVE = re.compile(r"[^、,;。]{1,15}?(?<!人)[均各](?=[\u4e00-\u9fff])")  # matched right after the count
# A number right after 每 is the base of a rate (每千人口床位数, 每万人口全科医生数), not an amount.
RATE_BASE_WORDS = ("每",)
# A number right after these is a project's capacity inside its name (年产200万支…生产线建设项目).
CAPACITY_WORDS = ("年产", "年产能")
PROJECT_HEADS = ("项目", "生产线")
# Counts of the plan's own parts or makers (四个方面, 21个部门制定了《…》): never goals.
PLAN_PARTS = ("方面", "部门", "章节", "板块")
# Counts of the plan's own items, when the sentence names the plan (《方案》明确…8项具体工程).
PLAN_ITEMS = ("工程", "任务", "措施", "举措", "政策", "行动", "条款")
PLAN_REFERENCES = ("《", "方案", "规划", "措施", "政策", "意见", "计划")
# What may follow a plan part or item in its count (…方面给予支持, …部门制定了, …工程的): nothing of a name.
PLAN_PART_FOLLOWERS = ("的", "给予", "制定", "联合", "共同", "印发", "出台", "内容", "进行", "涉及", "涵盖", "着手", "入手")
# A 、-list of rates sharing one percentage (预警预报率、报告及时率、处置及时率100%): each reaches it.
RATE_HEADS = ("率", "比例", "比重", "占比")
# A sentence opening with one of these labels states who qualifies for a grant: thresholds, not goals.
ELIGIBILITY_LABELS = (
    "支持对象", "支持条件", "申报条件", "申报对象", "申报主体", "适用对象", "适用范围", "奖励对象", "补助对象",
    "认定条件", "认定标准",
)  # fmt: skip
# A line without a sentence end (a headline, a 原标题 line, a caption) restates what the body says.
LINE_SENTENCE_ENDS = "。!?;！？；"
# Two indicator phrases restate one goal when one holds the other and the shorter is this long.
RESTATED_INDICATOR_LENGTH = 4
# An increment (新增上市企业二十家) is another goal than a stock of the same size (上市企业达到20家).
INCREMENT_WORDS = ("新增", "新培育", "新引进", "新建", "新获批", "增加", "增长")

_YEAR = re.compile(
    r"(力争到|争取到|预计到|力争在|争取在|到|至)?((?:19|20)\d{2}|[一二〇零三四五六七八九]{4})年"
    r"(年底前|底前|年底|年末|底|末|前|以前)?"
)
# The end of a named five-year period is a year (“十四五”末 → 2025); the period itself (“十四五”期间,
# 时期, 规划期) is none: its goals have no year of their own.
_PLAN_PERIOD_YEAR = re.compile(r"十([三四五六])五”?(期末|末)")
STATUS_DATE_WORDS = ("截至", "截止", "截止到", "截至到")
BASELINE_WORDS = ("较", "比", "相比", "相较", "对比")  # 较2020年, 比“十三五”末: a comparison base
_DATE_AFTER_YEAR = re.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,2}月")
_LEADING_YEAR = re.compile(
    r"(?:力争到|争取到|预计到|到|至)?(?:(?:19|20)\d{2}|[一二〇零三四五六七八九]{4})年(?:年底前|底前|年底|底|末|前)?"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_BOOK_TITLE = re.compile(r"《[^《》\n]{0,200}》")
_STATEMENT_OPENERS = tuple(opener + word for opener in "(（" for word in STATEMENT_BRACKETS)


@dataclass(frozen=True)
class _YearMark:
    position: int
    year: int
    future: bool  # 到2025年, 2025年前, “十四五”末, 2021-2025年
    baseline: bool  # 较2020年, 比2020年: a comparison base, never the target year
    start: bool = False  # 2018年起: when a recurring goal starts (START_YEAR_WORDS), never the target year


@dataclass
class _Candidate:
    quantity: Quantity
    role: str  # after-noun | before-noun | scale
    piece: Span
    indicator: Span


@cache
def _cues() -> tuple[tuple[str, str, frozenset[str], bool], ...]:
    return tuple(
        (row["cue"], row["indicator"], frozenset(row["kinds"].split(",")), row["generic"] == "yes")
        for row in read_tsv("indicators.tsv")
    )


def indicator_type(phrase: str, kind: str, default: str | None = None) -> str:
    """The indicator-type key of an indicator phrase measured in a unit of ``kind`` (indicators.tsv).

    Specific cues beat generic head words; among equals the cue ending last (the head) wins, then the
    longest. Two different specific types (“链主”企业和上市企业) fall back to the generic head word.
    """
    text = re.sub("[“”‘’\"'「」]", "", phrase)
    kind = "money" if kind == "foreign-money" else kind
    occurrences = []
    for cue, key, kinds, generic in _cues():
        if kind in kinds:
            for start, end in find_all(text, cue):
                occurrences.append((start, end, generic, key))
    # A specific cue inside a longer cue (研究中心 in 临床医学研究中心) does not count on its own.
    found = [
        (end, end - start, generic, key)
        for start, end, generic, key in occurrences
        if generic or not any(s <= start and end <= e and e - s > end - start for s, e, _, _ in occurrences)
    ]
    specific = [item for item in found if not item[2]]
    generic = [item for item in found if item[2]]
    if specific and (len({item[3] for item in specific}) == 1 or not generic):
        return max(specific)[3]
    if generic:
        return max(generic)[3]
    return default or "other"


class _Document:
    """What the extractor knows about the document around a clause: blocks, headings, years."""

    def __init__(self, context: ExtractionContext):
        self.context = context
        self.work: str = context.text.work
        self.masked = mask_groups(self.work)
        sections = list(context.tree.walk())
        self.goal_blocks = [s.span for s in sections if _is_goal_title(s.label or s.title)]
        self.history_blocks = [s.span for s in sections if _is_history_title(s.title)]
        units = [s for s in sections if s.kind != "label"] + list(context.tasks)
        headings = [unit.title_span for unit in units if unit.title_span and not _whole_item(self.work, unit)]
        headings += title_lines(self.work, (context.metadata.title_span, context.tree.title_span))
        self.headings = SpanSet(headings)
        self.years = self._year_marks()
        self.paragraphs = paragraph_spans(self.work)
        meta = context.metadata
        self.floor_year = meta.period_start or (meta.issued.year if meta.issued else None)

    def _year_marks(self) -> list[_YearMark]:
        """The years written in the text, except dates (2022年3月), 年度 and years inside a 《title》
        (《…行动纲要(2019—2022年)》 is another document's period, not a year of this plan's goals)."""
        titles = [match.span() for match in _BOOK_TITLE.finditer(self.work)]
        marks = []
        for match in _YEAR.finditer(self.work):
            if _DATE_AFTER_YEAR.match(self.work, match.end()) or self.work.startswith("度", match.end()):
                continue
            if _inside(titles, match.start()):
                continue
            try:
                year = int(match.group(2)) if match.group(2).isdigit() else _chinese_year(match.group(2))
            except ValueError:
                continue
            start = match.start(2)
            ranged = re.search(r"\d{4} ?[-—~至] ?$", self.work[max(0, start - 6) : start]) is not None
            future = (bool(match.group(1) or match.group(3)) or ranged) and not self._is_status_date(match.start(2))
            start = not match.group(3) and self.work.startswith(START_YEAR_WORDS, match.end())
            marks.append(_YearMark(match.start(), year, future, self._is_baseline(match.start()), start))
        for match in _PLAN_PERIOD_YEAR.finditer(self.work):
            year = 2020 + 5 * ("三四五六".index(match.group(1)))
            marks.append(_YearMark(match.start(), year, True, self._is_baseline(match.start())))
        return sorted(marks, key=lambda mark: mark.position)

    def _is_status_date(self, start: int) -> bool:
        """截至2023年底, 截止2022年末: the date of a statistic (PAST_MARKERS), not a year to reach."""
        return self.work[max(0, start - 3) : start].endswith(STATUS_DATE_WORDS)

    def _is_baseline(self, start: int) -> bool:
        """较2020年, 比“十三五”末: the year is what the target is compared with (BASELINE_WORDS)."""
        before = self.work[max(0, start - 3) : start].rstrip("“\"")
        return before.endswith(BASELINE_WORDS)

    def in_heading(self, span: Span) -> bool:
        return self.headings.covers(span[0])

    def in_block(self, blocks: list[Span], offset: int) -> bool:
        return any(start <= offset < end for start, end in blocks)  # a plan has few goal/history blocks

    def year_for(self, clause: Span, sentence: Span, paragraph: Span) -> tuple[int | None, bool, bool]:
        """``(year, future, own)``: the year a clause's target is due, whether it was written as a future
        year, and whether it was written in the clause's own paragraph (not only earlier in its block)."""
        marks = [mark for mark in self.years if not mark.baseline and not mark.start]
        inside = [mark for mark in marks if clause[0] <= mark.position < clause[1]]
        if inside:
            mark = next((mark for mark in inside if mark.future), inside[0])
            return mark.year, mark.future, True
        earlier = [mark for mark in marks if sentence[0] <= mark.position < clause[0]]
        if earlier:
            return earlier[-1].year, earlier[-1].future, True
        if _HORIZON_DURATION.search(self.work, sentence[0], clause[1]):
            return None, False, False
        blocks = [paragraph]
        blocks += [span for span in self.goal_blocks if span[0] <= clause[0] < span[1]]
        task = self.context.task(self.context.unit_at(clause[0]))
        if task:
            blocks.append(task.span)
        for start, _ in blocks:
            prior = [mark for mark in marks if start <= mark.position < clause[0] and mark.future]
            if prior:
                return prior[-1].year, True, start == paragraph[0]
        lead_year = self._aspect_lead_year(paragraph, marks)
        if lead_year is not None:
            return lead_year, True, True
        return None, False, False

    def _aspect_lead_year(self, paragraph: Span, marks: list[_YearMark]) -> int | None:
        """产业规模方面,预计…: an aspect paragraph elaborates the goal of the lead paragraph before it (and
        before its sibling aspect paragraphs) when the lead names the aspect and states a future year
        (到2020年,…在产业规模、自主创新…等方面优化发展): it takes that year (_ASPECT_LEAD)."""
        aspect = _ASPECT_LEAD.match(self.work, paragraph[0], paragraph[1])
        if aspect is None:
            return None
        index = bisect_right(self.paragraphs, (paragraph[0], float("inf"))) - 1
        while index > 0 and _ASPECT_LEAD.match(self.work, *self.paragraphs[index - 1]):
            index -= 1
        if index <= 0:
            return None
        lead = self.paragraphs[index - 1]
        if aspect.group(1) not in self.work[lead[0] : lead[1]]:
            return None
        years = [mark for mark in marks if lead[0] <= mark.position < lead[1] and mark.future]
        return years[-1].year if years else None

    def _continues_future_years(self, clause: Span, sentence: Span, year: int) -> bool:
        """到2020年实现…,2025年达到…; 2018年起,…2020年达到…: a bare year after a future or start year
        of its sentence, and not before it, continues the plan's schedule: it is a goal year too."""
        return any(
            sentence[0] <= mark.position < clause[0] and (mark.future or mark.start) and mark.year <= year
            for mark in self.years
        )

    def goal_year(
        self, clause: Span, sentence: Span, paragraph: Span, stated_value: bool = False
    ) -> tuple[bool, int | None, str]:
        """``(is_goal, year, why_not)`` for a clause that holds quantities, decided by its cues: the
        block it sits in, the year and how it is written, past markers, the plan stating it, goal verbs.
        ``stated_value``: the clause ends with its quantity (…处置及时率100%), which in a task's body
        states what the task is to reach."""
        past = next((marker for marker in PAST_MARKERS if marker in self.work[sentence[0] : sentence[1]]), "")
        if self.in_block(self.history_blocks, clause[0]):
            marker = f", past marker {past} (targets.PAST_MARKERS)" if past else ""
            return False, None, f"in a history section (targets.HISTORY_TITLES){marker}"
        year, future, own = self.year_for(clause, sentence, paragraph)
        if self.in_block(self.goal_blocks, clause[0]):
            return True, year if year is not None else self.context.metadata.period_end, ""
        in_sentence = any(sentence[0] <= mark.position < sentence[1] for mark in self.years if mark.future)
        if future and own and (not past or in_sentence):
            return True, year, ""
        if past:
            return False, None, f"a statistic: past marker {past} in the sentence (targets.PAST_MARKERS)"
        if year is not None and not future:  # 2019年,…: history unless within the plan's own years
            if self._stated_by_plan(clause, sentence) or self._continues_future_years(clause, sentence, year):
                return True, year, ""
            if self.floor_year is not None and year >= self.floor_year:
                return True, year, ""
            return False, None, "a past year: written without 到/至 and before the plan's own years"
        if self._after_goal_lead(clause, paragraph):
            return True, year, ""
        if stated_value and self.context.unit_at(clause[0]) is not None:
            return True, year, ""
        # A year of the paragraph or block, or none: the sentence must say it is a goal (形成, 培育 …).
        if any(verb in self.work[sentence[0] : clause[1]] for verb in GOAL_VERBS):
            return True, year, ""
        return False, None, "not a goal: no goal year, goal block, task or goal verb (targets.GOAL_VERBS)"

    def _stated_by_plan(self, clause: Span, sentence: Span) -> bool:
        """A bare year the sentence says the plan sets: 《方案》…明确2022年…突破270亿元 (PLAN_STATEMENT_VERBS)."""
        return any(
            sentence[0] <= mark.position < clause[1]
            and self.work[max(sentence[0], mark.position - 3) : mark.position].endswith(PLAN_STATEMENT_VERBS)
            for mark in self.years
        )

    def _after_goal_lead(self, clause: Span, paragraph: Span) -> bool:
        """The paragraph opens with a lead-in naming goals before a colon (…提出的目标还包括: …)."""
        lead = self.work[paragraph[0] : min(clause[0], paragraph[0] + GOAL_LEAD_LENGTH)]
        colon = lead.find(":")
        return colon >= 0 and GOAL_LEAD_WORD in lead[:colon]


WHOLE_ITEM_LENGTH = 30  # a title this long, closed by 。 at the end of its line, is an item's whole text


def _whole_item(work: str, unit) -> bool:
    """Whether a unit's title is all its item says (3.全市建设…基地0.96万亩,…达到50%以上。 alone on its
    line): its quantities are the task's content, not a heading's words."""
    start, end = unit.title_span
    line_end = work.find("\n", end)
    rest = work[end + 1 : line_end if line_end >= 0 else len(work)]
    return end - start >= WHOLE_ITEM_LENGTH and work.startswith("。", end) and not rest.strip()


def _inside(spans: list[Span], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, not overlapping)."""
    index = bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _chinese_year(written: str) -> int:
    return int(parse_numeral(written))


def _is_goal_title(title: str | None) -> bool:
    title = (title or "").strip(" :,。")
    return "目标" in title and len(title) <= 10


def _is_history_title(title: str | None) -> bool:
    title = (title or "").strip(" :,。")
    return len(title) <= 12 and any(word in title for word in HISTORY_TITLES)


def extract_targets(context: ExtractionContext) -> list[Target]:
    """Every quantitative goal of the plan, in document order."""
    document = _Document(context)
    tabled, rows = indicator_table_targets(document)
    targets: list[Target] = []
    in_rows = SpanSet(rows)
    for paragraph in paragraph_spans(document.work):
        if in_rows.covers(paragraph[0]):
            continue
        subject = ""  # …达到260亿元;2025年达450亿元: a clause without a noun takes the paragraph's last one
        for sentence in sentence_spans(document.masked, *paragraph):
            found, subject = _sentence_targets(document, sentence, paragraph, subject)
            targets.extend(found)
    return _deduplicate(document, sorted(targets + tabled, key=lambda target: target.span))


def indicator_table_targets(document: _Document) -> tuple[list[Target], list[Span]]:
    """Targets of a 主要指标 table written as lines of cells (Markdown pipes, or tabs from an HTML table).

        | 指标 | 2024年 | 2027年 |
        | 产业营业收入(亿元) | 1650 | 2500 |     → 2500 亿元, "=", 2027 (the 2024 column is the base)

    The header names years; the latest is the target column (a table whose only year is before the
    plan's own years is history). The unit is the 单位 column or the bracket that ends the indicator.
    Returns the targets and the spans of the rows read, which the sentence reader then skips.
    """
    work = document.work
    lines = paragraph_spans(work)
    targets: list[Target] = []
    read: list[Span] = []
    index = 0
    while index < len(lines):
        header = _table_cells(work, *lines[index])
        index += 1
        if header is None:
            continue
        texts = [work[start:end] for start, end in header]
        years = {column: int(match.group(1)) for column, text in enumerate(texts) if (match := TABLE_YEAR.fullmatch(text))}
        if not years:
            continue
        column, year = max(years.items(), key=lambda item: item[1])
        if document.floor_year is not None and year < document.floor_year:
            continue
        unit_column = next((i for i, text in enumerate(texts) if text == "单位"), None)
        name_column = next((i for i, text in enumerate(texts) if i not in years and text not in TABLE_NON_NAMES), 0)
        while index < len(lines):
            row = _table_cells(work, *lines[index])
            if row is None or len(row) != len(header):
                break
            index += 1
            if all(TABLE_RULE.fullmatch(work[start:end]) for start, end in row):
                continue
            target = _table_target(document, row, name_column, column, unit_column, year)
            if target is not None:
                targets.append(target)
                read.append(lines[index - 1])
    return targets, read


def _table_cells(work: str, start: int, end: int) -> list[Span] | None:
    """The cells of a table line: split on | (outer pipes dropped) or on tabs; None for a line of text."""
    separator = "|" if "|" in work[start:end] else "\t" if "\t" in work[start:end] else None
    if separator is None:
        return None
    cells, cursor = [], start
    for position in range(start, end + 1):
        if position == end or work[position] == separator:
            cells.append(trim(work, cursor, position))
            cursor = position + 1
    if separator == "|":
        cells = cells[1:] if cells and cells[0][0] == cells[0][1] else cells
        cells = cells[:-1] if cells and cells[-1][0] == cells[-1][1] else cells
    return cells if len(cells) >= 2 else None


def _table_target(
    document: _Document, row: list[Span], name_column: int, column: int, unit_column: int | None, year: int
) -> Target | None:
    work = document.work
    name = work[slice(*row[name_column])]
    cell = _table_quantity(work, row[column])
    if not name or cell is None:
        return None
    number, written, comparator = cell
    note = TABLE_UNIT_NOTE.search(name)
    written = written or (work[slice(*row[unit_column])] if unit_column is not None else "")
    written = written or (note.group(1) if note else "")
    indicator = name[: note.start()] if note else name
    unit = next((unit for unit in units() if unit.written == written), None)
    implausible = implausible_size(number, unit.factor if unit else None)
    if implausible:
        document.context.reject("targets", row[column], f"not a plan's amount: {implausible}")
        return None
    kind = unit.kind if unit else "count"
    in_yuan = plain(number * unit.factor) if unit and unit.kind == "money" and unit.factor else None
    return Target(
        unit=document.context.unit_at(row[name_column][0]),
        indicator=indicator,
        indicator_type=indicator_type(indicator, kind, unit.indicator if unit else None),
        value=number,
        value_max=None,
        unit_written=written,
        comparator=comparator,
        year=year,
        span=(row[name_column][0], row[column][1]),
        value_in_yuan=in_yuan,
    )


def _table_quantity(work: str, cell: Span) -> tuple[Decimal, str, str] | None:
    """``(value, unit as written, comparator)`` of a table value cell, or None when it is no quantity.

    A bare number (``2500``, ``≥30``) takes its unit from the unit column or the indicator's note;
    a number with a unit (``300户``, ``50万平方米``, ``40%以上``) is read like any quantity in the text,
    with the units of ``gazetteers/units.tsv``.
    """
    bare = TABLE_VALUE.fullmatch(work, *cell)
    if bare:
        words = dict(comparator_words("before")) | dict(comparator_words("after")) | TABLE_SYMBOLS
        comparator = words.get(bare.group("after") or bare.group("before") or "", "=")
        return parse_numeral(bare.group("number")), "", comparator
    quantities = find_quantities(work, *cell, mask=False)
    if len(quantities) != 1:
        return None
    quantity = quantities[0]
    if quantity.implausible:
        return None
    symbol = TABLE_SYMBOLS.get(work[slice(*trim(work, *cell))][:1])
    return quantity.value, quantity.unit, symbol or quantity.comparator


def _sentence_targets(
    document: _Document, sentence: Span, paragraph: Span, subject: str = ""
) -> tuple[list[Target], str]:
    """The targets of one sentence, and the indicator phrase a following sentence may inherit."""
    masked = document.masked
    reject = document.context.reject
    quantities = []
    for quantity in find_quantities(masked, *sentence, mask=False):
        if quantity.implausible:
            reject("targets", quantity.outer, f"not a plan's amount: {quantity.implausible}")
        elif document.in_heading(quantity.span):
            reject("targets", quantity.outer, "in a heading (a title line, a section's or a task's title)")
        elif document.work.endswith(RATE_BASE_WORDS, 0, quantity.outer[0]):
            reject("targets", quantity.outer, "the base of a rate (每千人口…): not an amount (targets.RATE_BASE_WORDS)")
        else:
            quantities.append(quantity)
    if not quantities:
        return [], subject
    label = next((word for word in ELIGIBILITY_LABELS if document.work.startswith(word, sentence[0])), "")
    if label:
        for quantity in quantities:
            reject("targets", quantity.outer, f"a grant's condition under {label}: (targets.ELIGIBILITY_LABELS)")
        return [], subject
    if grant_amounts(document.work, masked, sentence):
        for quantity in quantities:
            document.context.reject("targets", quantity.outer, "the sentence grants money: an incentive, not a goal")
        return [], subject
    targets: list[Target] = []
    previous_phrase = subject
    for clause in clause_spans(masked, *sentence):
        in_clause = [q for q in quantities if clause[0] <= q.span[0] < clause[1]]
        if not in_clause:
            if not _LEADING_YEAR.fullmatch(document.work, *clause):
                previous_phrase = _text(document, _clean(document, *clause))
            continue
        grant_word = next((word for word in GRANT_WORDS if word in document.work[clause[0] : clause[1]]), "")
        for quantity in [q for q in in_clause if grant_word and q.kind in ("percent", "multiple")]:
            reject("targets", quantity.outer, f"a rate of a grant ({grant_word}, amounts.GRANT_WORDS): not a goal")
            in_clause.remove(quantity)
        if not in_clause:
            continue
        ends = trim(document.work, *clause, BLANKS + "。")[1]
        stated_value = any(quantity.outer[1] == ends for quantity in in_clause)
        is_goal, year, why_not = document.goal_year(clause, sentence, paragraph, stated_value)
        if not is_goal:
            for quantity in in_clause:
                reject("targets", quantity.outer, why_not)
            continue
        clause_targets: list[Target] = []
        for segment in _segments(document, clause, in_clause):
            for candidate in _candidates(document, segment, in_clause):
                why_not = _not_a_goal_count(document, candidate, sentence)
                if why_not:
                    reject("targets", candidate.quantity.outer, why_not)
                    continue
                # No noun of its own (达到2500亿元): the subject of the clause before, else the clause itself.
                phrase = (
                    _text(document, candidate.indicator)
                    or _subject_of(previous_phrase)
                    or _text(document, candidate.piece)
                )
                if phrase in GROWTH_WORDS and _subject_of(previous_phrase) not in ("", phrase):
                    phrase = _subject_of(previous_phrase) + phrase  # …总产值达400亿元,年均增速达到15%
                target = _target(document, candidate, phrase, year)
                if target.value_in_yuan is not None and any(word in phrase for word in INSTRUMENT_WORDS):
                    reject("targets", candidate.quantity.outer, "a budget or fund (targets.INSTRUMENT_WORDS): an instrument, not a goal")
                    continue
                clause_targets.extend(_distribute(document, target, candidate))
                previous_phrase = phrase
        targets.extend(_pair_respectively(document, clause, clause_targets))
    return targets, (targets[-1].indicator if targets else subject)


def _not_a_goal_count(document: _Document, candidate: _Candidate, sentence: Span) -> str:
    """Why a candidate counts no goal, or "": a place (在三个…产区), a project's capacity in its name
    (年产200万支…项目), or the plan's own parts, items or makers (四个方面, 8项具体工程, 21个部门)."""
    work = document.work
    quantity = candidate.quantity
    before = work[sentence[0] : quantity.outer[0]]
    noun = _text(document, candidate.indicator)
    if candidate.role == "before-noun" and before.endswith(LOCATIVE_WORDS):
        return "a count after 在/于 says where the goal is pursued (targets.LOCATIVE_WORDS)"
    if before.endswith(CAPACITY_WORDS) and any(head in noun for head in PROJECT_HEADS):
        return "a project's capacity inside its name (年产…项目: targets.CAPACITY_WORDS, PROJECT_HEADS)"
    if candidate.role != "before-noun" or quantity.kind != "count":
        return ""
    part = re.match(rf"[^、,;]{{0,2}}?({'|'.join(PLAN_PARTS + PLAN_ITEMS)})", noun)
    if not part or not (noun[part.end() :] == "" or noun[part.end() :].startswith(PLAN_PART_FOLLOWERS)):
        return ""
    if part.group(1) in PLAN_ITEMS and not any(word in work[sentence[0] : sentence[1]] for word in PLAN_REFERENCES):
        return ""
    return f"a count of the plan's own {part.group(1)} (targets.PLAN_PARTS, PLAN_ITEMS): not a goal"


def _subject_of(phrase: str) -> str:
    """An inherited indicator without the growth words of its own clause: 总产值年均增长 → 总产值."""
    for word in GROWTH_WORDS:
        if phrase.endswith(word) and len(phrase) > len(word):
            return phrase[: -len(word)]
    return phrase


def _segments(document: _Document, clause: Span, quantities: list[Quantity]) -> list[Span]:
    """The clause cut at those 、 whose item ends with a quantity or whose next item starts with one."""
    items = list_item_spans(document.masked, *clause)
    if not items:
        return []
    segments = [items[0]]
    for item in items[1:]:
        previous = segments[-1]
        ends = any(q.outer[1] == previous[1] for q in quantities)
        lead = _strip_leading(document, *item)
        starts = any(q.outer[0] == lead for q in quantities)
        if ends or starts:
            segments.append(item)
        else:
            segments[-1] = (previous[0], item[1])
    return segments


def _candidates(document: _Document, segment: Span, quantities: list[Quantity]) -> list[_Candidate]:
    masked = document.masked
    inside = [q for q in quantities if segment[0] <= q.span[0] < segment[1]]
    for quantity in [q for q in inside if q.kind == "count" and DISTRIBUTIVE.match(masked, q.outer[1], segment[1])]:
        document.context.reject("targets", quantity.outer, "a count of the places a goal applies to, each of them "
                                "(…均/各 after the noun: targets.DISTRIBUTIVE); what they each reach may be")
        inside.remove(quantity)
    counted = next((q for q in inside if q.kind == "count" and _before_noun(masked, q, segment)), None)
    picked: list[tuple[Quantity, str]] = []
    for quantity in inside:
        if counted is not None and quantity.span[0] > counted.span[0]:
            continue  # part of the counted noun phrase: a threshold
        if quantity is counted:
            picked.append((quantity, "before-noun"))
        elif _ends_item(masked, quantity, segment):
            picked.append((quantity, "after-noun"))
        elif quantity.kind == "money" and counted is None and _is_scale(document, quantity, segment, inside):
            picked.append((quantity, "scale"))

    cuts = [segment[0]]
    for quantity, _ in picked[:-1]:
        cut = quantity.outer[1]
        while cut < segment[1] and (masked[cut] in CONNECTORS or masked[cut] in BLANKS):
            cut += 1
        cuts.append(cut)
    cuts.append(segment[1])
    candidates = []
    for index, (quantity, role) in enumerate(picked):
        piece = _without_trailing_note(document, *trim(document.work, cuts[index], cuts[index + 1]))
        if role == "after-noun":
            indicator = _clean(document, piece[0], quantity.outer[0])
        elif role == "before-noun":
            indicator = _clean(document, quantity.outer[1], piece[1])

        else:
            indicator = _clean(document, *piece)
        candidates.append(_Candidate(quantity, role, piece, indicator))
    return candidates


def _without_trailing_note(document: _Document, start: int, end: int) -> Span:
    """A span without the bracketed note that ends it: …研究中心(责任单位:…) → …研究中心; nor the edges
    of a statement bracket it sits in: …5000亿元(其中 → …5000亿元, …2400亿元) → …2400亿元."""
    masked = document.masked
    opener = next((word for word in _STATEMENT_OPENERS if masked.endswith(word, start, end)), "")
    if opener:
        return trim(document.work, start, end - len(opener))
    if end > start and masked[end - 1] in ")）" and not any(c in "(（" for c in masked[start:end]):
        return trim(document.work, start, end - 1)
    if end > start and masked[end - 1] in CLOSERS:
        opener = masked.rfind(CLOSERS[masked[end - 1]], start, end - 1)
        if opener > start and all(c == MASK for c in masked[opener + 1 : end - 1]):
            return trim(document.work, start, opener)
    return start, end


def _before_noun(masked: str, quantity: Quantity, segment: Span) -> bool:
    """A count followed by the noun it counts: 1个细胞治疗研究中心, 2-3家跨国企业, 3个以上产业集群."""
    position = quantity.outer[1]
    if position >= segment[1]:
        return False
    character = masked[position]
    if character in CONNECTORS + "的等":
        return False
    return bool(_CJK.match(character)) or character == "“" or (character.isascii() and character.isalnum())


def _ends_item(masked: str, quantity: Quantity, segment: Span) -> bool:
    """Nothing but a connector, a bracketed note or the word of the measure itself (达到千亿元产业规模,
    MEASURE_TAILS) follows the quantity in its item."""
    rest = masked[quantity.outer[1] : segment[1]].strip(BLANKS)
    if not rest or rest[0] in CONNECTORS or rest.startswith(_STATEMENT_OPENERS):
        return True
    if quantity.kind == "money" and rest in MEASURE_TAILS:
        return True
    # bracketed notes, and the closer of a statement bracket the quantity ends: (其中,…2400亿元)
    return re.fullmatch(rf"(?:[(（〔\[][{MASK}]*[)）〕\]])*[)）]?", rest) is not None


def _is_scale(document: _Document, quantity: Quantity, segment: Span, inside: list[Quantity]) -> bool:
    """千亿级…产业集群: a money quantity followed by the name of an industry, cluster or park."""
    if any(q.kind == "count" for q in inside):
        return False
    end = _clean(document, quantity.outer[1], segment[1])[1]
    rest = document.work[quantity.outer[1] : end]
    for tail in SCALE_TAILS:
        rest = rest.removesuffix(tail)
    return bool(rest) and rest.endswith(SCALE_HEADS)


def _strip_leading(document: _Document, start: int, end: int) -> int:
    changed = True
    while changed:
        changed = False
        start = trim(document.work, start, end)[0]
        word = next(
            (w for w in sorted(LEADING_WORDS, key=len, reverse=True) if document.work.startswith(w, start)),
            "",
        )
        if word and start + len(word) <= end:
            start += len(word)
            changed = True
    return start


def _clean(document: _Document, start: int, end: int) -> Span:
    """The indicator phrase inside ``[start, end)``: edges stripped of years, verbs, notes and punctuation."""
    work, masked = document.work, document.masked
    edge = BLANKS + ",、;:。—-~"
    while True:
        before = (start, end)
        start, end = trim(work, start, end, edge)
        if end > start and masked[end - 1] in CLOSERS:
            opener = masked.rfind(CLOSERS[masked[end - 1]], start, end - 1)
            if opener >= start and all(c == MASK for c in masked[opener + 1 : end - 1]):
                end = opener
        year = _LEADING_YEAR.match(work, start, end)
        if year:
            start = year.end()
        start = _strip_leading(document, start, end)
        word = next(
            (w for w in sorted(TRAILING_WORDS, key=len, reverse=True) if work.endswith(w, start, end)), ""
        )
        if word:
            end -= len(word)
        if (start, end) == before or start >= end:
            return (start, max(start, end))


def _text(document: _Document, span: Span) -> str:
    return document.work[span[0] : span[1]]


def _target(document: _Document, candidate: _Candidate, phrase: str, year: int | None) -> Target:
    quantity = candidate.quantity
    unit = quantity.unit
    comparator = quantity.comparator
    if candidate.role == "scale":
        if unit in ("亿", "万亿", "万"):
            unit += "元"  # 千亿级: a money scale
        if comparator == "=":
            comparator = "≥"
    return Target(
        unit=document.context.unit_at(candidate.piece[0]),
        indicator=phrase,
        indicator_type=indicator_type(phrase, quantity.kind, quantity.indicator),
        value=quantity.value,
        value_max=quantity.value_max,
        unit_written=unit,
        comparator=comparator,
        year=year,
        span=candidate.piece,
        value_in_yuan=quantity.value_in_yuan,
    )


def _distribute(document: _Document, target: Target, candidate: _Candidate) -> list[Target]:
    """A和B均达到10户以上: one target per coordinated noun, each with a span of its own; so too a 、-list
    of rates sharing one percentage (预警预报率、报告及时率、处置及时率100%: RATE_HEADS)."""
    if candidate.role != "after-noun":
        return [target]
    between = document.work[candidate.indicator[1] : candidate.quantity.outer[0]]
    if "均" in between or "各" in between:
        items = _coordinated(document, candidate.indicator)
    elif candidate.quantity.kind == "percent":
        items = [_clean(document, *item) for item in list_item_spans(document.masked, *candidate.indicator)]
        if not all(_text(document, item).endswith(RATE_HEADS) for item in items):
            return [target]
    else:
        return [target]
    if len(items) < 2:
        return [target]
    targets = []
    for index, item in enumerate(items):
        phrase = _text(document, item)
        span = target.span if index == 0 else (item[0], target.span[1])
        targets.append(
            replace(
                target,
                indicator=phrase,
                indicator_type=indicator_type(phrase, candidate.quantity.kind, candidate.quantity.indicator),
                span=span,
                unit=document.context.unit_at(span[0]),
            )
        )
    return targets


def _coordinated(document: _Document, span: Span) -> list[Span]:
    """Noun phrases joined by 和 or 、 (outside brackets and quotes)."""
    items = []
    cursor = span[0]
    for index in range(span[0], span[1]):
        if document.masked[index] in "和、":
            items.append(_clean(document, cursor, index))
            cursor = index + 1
    items.append(_clean(document, cursor, span[1]))
    return [item for item in items if item[1] > item[0]]


def _pair_respectively(document: _Document, clause: Span, targets: list[Target]) -> list[Target]:
    """A和B分别达到20家、300家: the n-th value goes with the n-th noun."""
    if len(targets) < 2 or "分别" not in document.work[clause[0] : clause[1]]:
        return targets
    start = document.work.find(targets[0].indicator, clause[0], clause[1])
    if start < 0:
        return targets
    items = _coordinated(document, (start, start + len(targets[0].indicator)))
    if len(items) != len(targets):
        return targets
    paired = []
    for target, item in zip(targets, items, strict=True):
        phrase = _text(document, item)
        kind = "money" if target.value_in_yuan is not None else "count"
        paired.append(
            replace(
                target, indicator=phrase, indicator_type=indicator_type(phrase, kind, target.indicator_type)
            )
        )
    return paired


def _deduplicate(document: _Document, targets: list[Target]) -> list[Target]:
    """A target restated at the same level is kept once; a task-level statement beats a plan-level one.

    A restatement has the same indicator, value, unit and year, whatever its comparator (达到100万亩 and
    超过100万亩 in a 工程's summary) as long as both are increments or both stocks (INCREMENT_WORDS),
    or an indicator that holds the other's (医药工业实现营业收入 in a
    spun 发展医药工业实现营业收入). A target on a line without a sentence end (a headline, a 原标题 line)
    that a prose line states too (same value, unit and year) is the headline's copy: dropped."""
    targets = _without_headline_copies(document, targets)
    kept: dict[tuple, int] = {}
    result: list[Target | None] = []
    same_measure: dict[tuple, list[Target]] = {}  # kept targets by _measure: _restated compares within one

    def keep(target: Target, key: tuple, measure: tuple) -> None:
        kept[key] = len(result)
        result.append(target)
        same_measure.setdefault(measure, []).append(target)

    for target in targets:
        measure = _measure(document, target)
        increment = measure[-1]
        key = (target.indicator, target.value, target.value_max, target.unit_written, target.year, increment)
        contained = _restated(target, same_measure.get(measure, []))
        if key not in kept and contained is not None:
            document.context.reject("targets", target.span, f"restates the target {contained.indicator!r} (same value, unit, year)")
            continue
        if key in kept:
            index = kept[key]
            earlier = result[index]
            if earlier is not None and earlier.unit is None and target.unit is not None:
                result[index] = None
                same_measure[_measure(document, earlier)].remove(earlier)
                keep(target, key, measure)
            elif earlier is not None and earlier.unit is not None and target.unit != earlier.unit:
                result.append(target)
                same_measure.setdefault(measure, []).append(target)
            else:
                document.context.reject("targets", target.span, "restates an earlier target at the same level")
            continue
        keep(target, key, measure)
    return [target for target in result if target is not None]


def _measure(document: _Document, target: Target) -> tuple:
    """What a restatement shares with the target it restates: value, unit, comparator, year, and
    whether both are increments or both stocks (INCREMENT_WORDS)."""
    increment = any(word in _text(document, target.span) for word in INCREMENT_WORDS)
    return target.value, target.value_max, target.unit_written, target.comparator, target.year, target.unit, increment


def _restated(target: Target, same_measure: list[Target]) -> Target | None:
    """The kept target of the same measure that ``target`` restates with a longer or shorter indicator."""
    for other in same_measure:
        shorter, longer = sorted((other.indicator, target.indicator), key=len)
        if len(shorter) >= RESTATED_INDICATOR_LENGTH and shorter in longer:
            return other
    return None


def _without_headline_copies(document: _Document, targets: list[Target]) -> list[Target]:
    """``targets`` without those on a line with no sentence end that a prose line states too."""
    work = document.work

    def line(target: Target) -> str:
        start = work.rfind("\n", 0, target.span[0]) + 1
        end = work.find("\n", target.span[0])
        return work[start : len(work) if end < 0 else end]

    def measure(target: Target) -> tuple:
        return target.value, target.value_max, target.unit_written, target.year

    prose = {measure(target) for target in targets if any(c in line(target) for c in LINE_SENTENCE_ENDS)}
    kept = []
    for target in targets:
        if measure(target) in prose and not any(c in line(target) for c in LINE_SENTENCE_ENDS):
            document.context.reject("targets", target.span, "a headline's copy of a target the body states (targets.LINE_SENTENCE_ENDS)")
        else:
            kept.append(target)
    return kept


# ---------------------------------------------------------------------------------------------
# The targets family


def target_rows(extraction: Extraction) -> list[dict]:
    quote = extraction.text.quote
    return [
        {
            "taskTitle": extraction.task_title(target.unit),
            "indicator": target.indicator,
            "value": str(target.value),
            "valueMax": "" if target.value_max is None else str(target.value_max),
            "unit": target.unit_written,
            "comparator": target.comparator,
            "year": str(target.year or ""),
            "quote": quote(*target.span),
        }
        for target in extraction.targets
    ]


def emit_targets(emitter, targets: list[Target]) -> None:
    for target in targets:
        node = emitter.fact("target", target.span, target.unit, BP.hasTarget, BP.Target)
        emitter.add(node, BP.indicatorPhrase, zh(target.indicator))
        if target.indicator_type:
            emitter.add(node, BP.indicator, concept("indicator-type", target.indicator_type))
        emitter.add(node, BP.value, decimal(target.value))
        if target.value_max is not None:
            emitter.add(node, BP.valueMax, decimal(target.value_max))
        emitter.add(node, BP.unit, Literal(target.unit_written))
        emitter.add(node, BP.comparator, Literal(target.comparator))
        if target.year:
            emitter.add(node, BP.targetYear, year(target.year))
        if target.value_in_yuan is not None:
            emitter.add(node, BP.valueInYuan, decimal(target.value_in_yuan))


FAMILY = Family(
    name="targets",
    columns=("jurisdiction", "taskTitle", "indicator", "value", "valueMax", "unit", "comparator", "year", "quote"),
    extract=extract_targets,
    rows=target_rows,
    emit=emit_targets,
)
