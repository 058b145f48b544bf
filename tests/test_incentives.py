"""Incentives (loaders/extract/incentives.py) on policy clauses composed for the tests and on seed sentences."""

from __future__ import annotations

from decimal import Decimal

from biopolicy.loaders.extract.incentives import extract_incentives
from biopolicy.loaders.extract.numbers import find_quantities
from biopolicy.loaders.model import PlanMetadata
from tests.test_targets import make_context, make_task

D = Decimal


def grants(text: str, **kwargs):
    context = make_context(text, **kwargs)
    return context, extract_incentives(context)


def summary(incentives):
    return [(i.max_amount, i.min_amount, i.unit_written, i.kind) for i in incentives]


def assert_spans_hold_their_amounts(context, incentives):
    work = context.text.work
    starts = set()
    for incentive in incentives:
        quote = work[incentive.span[0] : incentive.span[1]]
        assert any(
            (q.value_max if q.value_max is not None else q.value) == incentive.max_amount
            and q.unit == incentive.unit_written
            for q in find_quantities(quote)
        ), (incentive, quote)
        assert incentive.span[0] not in starts, f"two incentives share the start of {quote}"
        starts.add(incentive.span[0])


# ---------------------------------------------------------------------------------- composed policy clauses

POLICIES = """四、政策措施
(一)对新认定的国家级企业技术中心,给予一次性奖励200万元。
(二)对年主营业务收入首次突破10亿元的企业,给予最高300万元奖励;对首次突破50亿元的,给予最高500万元奖励。
(三)对企业购置研发设备的,按设备投资额的20%给予补贴,单个企业最高不超过2000万元。
(四)对获得银行贷款的生物医药企业,按贷款利息的50%给予贴息,每家企业每年最高100万元。
(五)对入选的创新药项目,以股权投资方式给予最高2000万元支持。
(六)对引进的高层次人才团队,按规定给予安家补助和项目资助。设立总规模100亿元的生物医药产业基金。
(七)对新取得三类医疗器械注册证的企业,每个产品分别给予一等奖50万元、二等奖30万元、三等奖10万元。
"""


def test_composed_policy_clauses():
    context, incentives = grants(POLICIES)
    assert summary(incentives) == [
        (D(200), None, "万元", "reward"),
        (D(300), None, "万元", "reward"),
        (D(500), None, "万元", "reward"),
        (D(2000), None, "万元", "subsidy"),
        (D(100), None, "万元", "loan-interest"),
        (D(2000), None, "万元", "fund"),
        (D(50), None, "万元", "reward"),
        (D(30), None, "万元", "reward"),
        (D(10), None, "万元", "reward"),
    ]
    assert [i.value_in_yuan for i in incentives[:2]] == [D(2000000), D(3000000)]
    assert_spans_hold_their_amounts(context, incentives)


def test_recipients_and_conditions():
    context, incentives = grants(POLICIES)
    assert incentives[0].recipient == "新认定的国家级企业技术中心" and incentives[0].condition is None
    # A recipient holding a threshold is split at its last 的: the threshold becomes a condition.
    assert incentives[1].recipient == "企业"
    assert incentives[1].condition == "年主营业务收入首次突破10亿元"
    # The rate before the grant verb is a condition of the capped amount.
    assert incentives[3].recipient == "企业购置研发设备"
    assert incentives[3].condition == "按设备投资额的20%"
    assert incentives[4].recipient == "获得银行贷款的生物医药企业"
    assert incentives[4].condition == "按贷款利息的50%"
    assert incentives[6].recipient == incentives[8].recipient == "新取得三类医疗器械注册证的企业"


def test_thresholds_rates_and_funds_without_a_grant_are_not_incentives():
    _, incentives = grants(POLICIES)
    amounts = [i.max_amount for i in incentives]
    assert D(10) not in amounts[:6]  # 首次突破10亿元: a threshold
    assert D(20) not in amounts and D(100) == amounts[4]  # 20%: a rate; 100亿元 fund: no grant to anyone


def test_goal_sentences_are_not_incentives():
    text = "到2025年,全市生物医药产业规模突破2000亿元,新增上市企业10家。支持建设千亿级产业集群。"
    assert grants(text)[1] == []


def test_title_line_is_skipped():
    text = "最高奖补1000万元!《某市生物医药产业若干措施》\n对新认定的企业给予最高50万元奖励。"
    context = make_context(text)
    context.facts["plans"] = [PlanMetadata(title="某市生物医药产业若干措施", title_span=(11, 23))]
    assert summary(extract_incentives(context)) == [(D(50), None, "万元", "reward")]


def test_incentive_is_attributed_to_its_task():
    text = "政策保障:\n1、支持平台建设。对新认定的平台,给予最高100万元补助。\n2、支持人才。对引进人才给予20万元奖励。"
    tasks = [
        make_task(text, "政策保障.1", "支持平台建设", "1、支持平台建设。对新认定的平台,给予最高100万元补助。"),
        make_task(text, "政策保障.2", "支持人才", "2、支持人才。对引进人才给予20万元奖励。"),
    ]
    context, incentives = grants(text, tasks=tasks)
    assert [(i.unit, i.max_amount, i.recipient) for i in incentives] == [
        ("政策保障.1", D(100), "新认定的平台"),
        ("政策保障.2", D(20), "引进人才"),
    ]


def test_bare_wan_is_money_in_a_grant():
    context, incentives = grants("对首次认定的高新技术企业,给予最高30万资助。")
    assert summary(incentives) == [(D(30), None, "万", "subsidy")]
    assert incentives[0].value_in_yuan == D(300000)


# ---------------------------------------------------------------------------------- seed sentences (Shenyang)


def test_seed_per_enterprise_cap_is_an_incentive_of_its_own():
    text = (
        "组织实施重大科技攻关,对自主研发、联合攻关项目,给予最高700万元资金支持。对揭榜挂帅项目,对发榜方给予最高300万元"
        "资金支持。同一企业可以自主研发、联合攻关、揭榜挂帅等形式承担多个项目,每家企业支持金额最高1000万元。"
    )
    context, incentives = grants(text)
    assert [(i.max_amount, i.recipient, i.condition, i.kind) for i in incentives] == [
        (D(700), "自主研发、联合攻关项目", None, "subsidy"),
        (D(300), "发榜方", "揭榜挂帅项目", "subsidy"),
        (D(1000), "每家企业", "同一企业可以自主研发、联合攻关、揭榜挂帅等形式承担多个项目", "subsidy"),
    ]
    assert_spans_hold_their_amounts(context, incentives)


def test_seed_two_grants_in_one_sentence():
    text = "对新获批国家临床医学研究中心,给予最高500万元资助,对各级临床医学研究中心,按照绩效评价结果给予最高100万元奖励。"
    context, incentives = grants(text)
    assert [(i.max_amount, i.recipient, i.condition, i.kind) for i in incentives] == [
        (D(500), "新获批国家临床医学研究中心", None, "subsidy"),
        (D(100), "各级临床医学研究中心", "按照绩效评价结果", "reward"),
    ]
    assert context.text.work[slice(*incentives[1].span)] == "对各级临床医学研究中心,按照绩效评价结果给予最高100万元奖励"


def test_seed_ranges_and_tiers():
    text = (
        "对2023年工业总产值首次突破1亿元,且2024年产值增长20%以上的规上工业企业,分档给予最高50万元一次性奖励。"
        "对2024年全年工业总产值增量超过5亿元的规上工业企业,分档给予50-500万元一次性奖励。"
        "对按照目录引进企业实际需求的人才,择优分三年给予总计3-30万元奖励。"
    )
    context, incentives = grants(text)
    assert summary(incentives) == [
        (D(50), None, "万元", "reward"),
        (D(500), D(50), "万元", "reward"),
        (D(30), D(3), "万元", "reward"),
    ]
    assert incentives[0].recipient == incentives[1].recipient == "规上工业企业"
    assert incentives[0].condition == "2023年工业总产值首次突破1亿元,且2024年产值增长20%以上;分档"
    assert incentives[1].condition == "2024年全年工业总产值增量超过5亿元;分档"
    assert incentives[2].recipient == "按照目录引进企业实际需求的人才" and incentives[2].condition == "择优分三年"
    assert_spans_hold_their_amounts(context, incentives)


def test_seed_respectively_gives_one_incentive_per_recipient():
    text = "对当年认定的国家级专精特新“小巨人”企业、辽宁省专精特新中小企业分别给予50万元、30万元奖励。"
    context, incentives = grants(text)
    assert [(i.max_amount, i.recipient) for i in incentives] == [
        (D(50), "当年认定的国家级专精特新“小巨人”企业"),
        (D(30), "辽宁省专精特新中小企业"),
    ]
    assert_spans_hold_their_amounts(context, incentives)


def test_seed_cap_after_a_rate():
    text = (
        "对投资新建的医药合同外包生产机构(CMO)、医药合同定制研发生产机构(CDMO)等产业公共服务平台的企业(机构),"
        "择优按照不超过项目申报当期实际完成固定资产投资额的10%给予补助,最高不超过1000万元。"
    )
    [incentive] = grants(text)[1]
    assert (incentive.max_amount, incentive.kind) == (D(1000), "subsidy")
    assert incentive.condition == "择优按照不超过项目申报当期实际完成固定资产投资额的10%"
    assert incentive.recipient.startswith("投资新建的医药合同外包生产机构(CMO)")
    assert incentive.recipient.endswith("产业公共服务平台的企业")


def test_seed_thresholds_in_conditions_are_not_incentives():
    text = (
        "实现当年开工、竣工并投入生产且年内形成有效投资在5000万元及以上(不含土地购置费)的产业项目(不含房地产项目),"
        "每个项目给予100万元奖励。根据人才做出的实际贡献,对在我市工作年薪30万元以上的高层次人才,"
        "依据贡献程度分类分档给予奖励。"
    )
    context, incentives = grants(text)
    assert [(i.max_amount, i.recipient) for i in incentives] == [(D(100), "产业项目")]
    assert incentives[0].condition == "实现当年开工、竣工并投入生产且年内形成有效投资在5000万元及以上"


def test_seed_fixed_amounts_per_person_and_after_the_fact():
    text = (
        "签订一年以上劳动合同并缴满1年以上社会保险的,按每人5000元标准给予企业一次性培养奖励。"
        "对整体引进的国家高新技术企业,给予20万元后补助。"
    )
    context, incentives = grants(text)
    assert [(i.max_amount, i.unit_written, i.recipient, i.kind) for i in incentives] == [
        (D(5000), "元", "企业", "reward"),
        (D(20), "万元", "整体引进的国家高新技术企业", "subsidy"),
    ]
    assert incentives[0].value_in_yuan == D(5000)
    assert incentives[0].condition == "签订一年以上劳动合同并缴满1年以上社会保险;按每人5000元标准"


# ---------------------------------------------------------------------------------- regressions


def test_regression_condition_drops_the_grant_word_support_amount():
    [incentive] = grants("同一企业承担多个项目的,每家企业支持金额最高1000万元。")[1]
    assert incentive.recipient == "每家企业"
    assert "金额" not in (incentive.condition or "")


def test_regression_per_item_is_not_a_recipient():
    [incentive] = grants("支持临床研究队列构建,每项给予最高50万元补助。")[1]
    assert incentive.recipient is None


def test_regression_condition_is_not_cut_at_a_cap_word_inside_it():
    [incentive] = grants("对新建平台,按照不超过投资额的10%给予补助,最高不超过500万元。")[1]
    assert incentive.condition == "按照不超过投资额的10%"


def test_regression_per_project_words_stay_out_of_the_condition():
    [incentive] = grants("年内完成投资的产业项目,每个项目给予100万元奖励。")[1]
    assert (incentive.recipient, incentive.condition) == ("产业项目", "年内完成投资")


def test_regression_supporting_a_scale_goal_is_not_a_grant():
    assert grants("支持建设武汉千亿级国家生物医药战略性新兴产业集群。")[1] == []


def test_regression_empty_object_of_dui_is_no_recipient():
    [incentive] = grants("对,给予最高5万元奖励。")[1]
    assert incentive.recipient is None


# ------------------------------------------------------------------ real-text patterns (issue #10 §2)


def test_caps_phrased_buchaoguo_keda_and_one_off_rewards():
    text = (
        "对新认定的省级工程研究中心,给予补助最高不超过200万元。对首次通过一致性评价的品种,给予50万元的一次性奖励。"
        "对符合条件的高层次人才,给予最高可达200万元购房补贴。"
    )
    _, incentives = grants(text)
    assert [(i.max_amount, i.unit_written, i.recipient) for i in incentives] == [
        (D(200), "万元", "新认定的省级工程研究中心"),
        (D(50), "万元", "首次通过一致性评价的品种"),
        (D(200), "万元", "符合条件的高层次人才"),
    ]


def test_an_amount_after_a_measure_of_support_is_granted_also_after_a_floor():
    text = "支持实施省重大科技专项,单个项目支持额度一般不低于1000万元。创新药项目按临床试验阶段立项支持,最高资金支持力度达到700万元/项。"
    _, incentives = grants(text)
    assert [(i.max_amount, i.unit_written) for i in incentives] == [(D(1000), "万元"), (D(700), "万元")]


def test_a_per_unit_rate_with_a_cap_gives_the_cap_only():
    context, incentives = grants("对连片种植50亩以上道地药材的,经验收合格后按每亩500元、不超过30万元进行奖励。")
    assert [(i.max_amount, i.unit_written) for i in incentives] == [(D(30), "万元")]
    assert any("per-unit rate" in r.reason for r in context.rejections)


def test_an_amount_in_the_news_lead_that_names_the_title_is_read():
    text = "近日,某区发布《某区关于鼓励健康服务业发展的七条措施》,对新注册药品批发企业给予一次性奖励50万元;对新开办药品零售门店给予一次性奖励3万元。"
    title = text.index("某区关于"), text.index("》")
    context = make_context(text)
    context.facts["plans"][0] = PlanMetadata(title=text[slice(*title)], title_span=title)
    assert [i.max_amount for i in extract_incentives(context)] == [D(50), D(3)]


def test_a_headline_repeating_a_body_amount_adds_nothing():
    text = "研发投入最高补助1500万元!\n对企业研发投入给予最高1500万元补助。"
    context = make_context(text)
    context.facts["plans"][0] = PlanMetadata(title="研发投入最高补助1500万元!", title_span=(0, 15))
    assert [i.max_amount for i in extract_incentives(context)] == [D(1500)]
    assert any("headline" in r.reason for r in context.rejections)


def test_a_list_of_amounts_sharing_one_unit_gives_one_incentive_each():
    text = "对获得一类、二类、三类医疗器械注册证的企业,分别给予1000、500、200万元奖励。"
    context, incentives = grants(text)
    assert [(i.max_amount, i.unit_written, i.value_in_yuan) for i in incentives] == [
        (D(1000), "万元", D(10000000)),
        (D(500), "万元", D(5000000)),
        (D(200), "万元", D(2000000)),
    ]
    assert len({i.span for i in incentives}) == 3


def test_an_ellipsis_ends_the_clause_of_an_amount():
    text = "近日,某区发布《某区生物医药政策》。研发投入最高补助1000万元,产业化最高奖励2000万元……6月1日,某区召开发布活动。"
    context, incentives = grants(text)
    work = context.text.work
    assert [work[slice(*i.span)] for i in incentives] == ["研发投入最高补助1000万元", "产业化最高奖励2000万元"]
