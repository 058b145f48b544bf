"""Granted amounts: the shared reading of money a clause gives, used by the incentives family (what is
offered) and the targets family (a sentence that grants money states no goal).

Why a module of its own: one family must not import another; both need to know whether an amount
is granted (给予最高500万元) or is a threshold of the grant's conditions (投资5000万元及以上).
"""

from __future__ import annotations

import re

from biopolicy.loaders.extract.numbers import Quantity, clause_spans, find_quantities

Span = tuple[int, int]

# Words that make a clause grant money (支持 alone does not: 支持建设千亿级产业集群).
GRANT_WORDS = ("给予", "奖励", "补助", "资助", "补贴", "奖补", "贴息", "资金支持", "支持金额", "一次性")
CAP_WORDS = ("最高不超过", "最高可达到", "最高不超", "最高可达", "最高达到", "最高支持", "最高达", "最高可", "最高", "最多", "不超过",
             "不超", "上限")  # 不超 is 不超过 shortened (给予最高不超2000万元奖励): a cap, not the threshold 超;
# 最高支持 (单个品种最高支持6500万元): a cap with its grant verb, where 支持 alone grants nothing
# What a grant gives, measured: an amount after one of these (and comparator words) is granted, also
# after a threshold word (单个项目支持额度一般不低于1000万元, 最高资金支持力度达到700万元/项).
GRANT_MEASURES = ("支持额度", "资助额度", "补助额度", "奖励额度", "补贴额度", "支持力度", "支持金额", "资助金额", "补助金额")
_GRANT_MEASURE_TAIL = re.compile(r"(?:一般|原则上|每项|每个|可|最高|最多)*(?:不低于|不少于|不超过|不超|达到|达|为|可达)?$")
THRESHOLD_BEFORE = ("超过", "突破", "超", "达到", "达", "逾", "不低于", "不少于", "大于", "高于", "上")
MEASURE_WORDS = (
    "投资", "产值", "收入", "年薪", "增量", "营业额", "销售额", "规模", "融资", "营收", "税收", "利润", "出资",
    "注册资本", "市值",
)  # fmt: skip

def is_grant(work: str, clause: Span, quantity: Quantity) -> bool:
    """Whether a money amount in ``clause`` is granted (not a threshold of the grant's conditions)."""
    if quantity.kind != "money" or quantity.after in ("以上", "及以上", "以下", "左右", "级"):
        return False
    before = work[clause[0] : quantity.span[0]]
    if before.endswith(CAP_WORDS) or _after_grant_measure(before):
        return True
    if quantity.before in THRESHOLD_BEFORE or work[clause[0] : quantity.outer[0]].endswith("在"):
        return False
    last_grant = max((before.rfind(word) for word in GRANT_WORDS), default=-1)
    if any(before.rfind(word) > last_grant for word in MEASURE_WORDS):
        return False
    return any(word in work[clause[0] : clause[1]] for word in GRANT_WORDS)


def _after_grant_measure(before: str) -> bool:
    """The amount follows a measure of the grant (GRANT_MEASURES) and nothing but modal or comparator words."""
    for measure in GRANT_MEASURES:
        position = before.rfind(measure)
        if position >= 0 and _GRANT_MEASURE_TAIL.fullmatch(before, position + len(measure)):
            return True
    return False


def grant_amounts(work: str, masked: str, sentence: Span) -> list[tuple[Quantity, Span]]:
    """The granted amounts of a sentence with the clause of each, in order."""
    found = []
    for clause in clause_spans(masked, *sentence):
        for quantity in find_quantities(masked, *clause, mask=False):
            if is_grant(work, clause, quantity):
                found.append((quantity, clause))
    return found
