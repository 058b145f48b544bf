"""Targets (loaders/extract/targets.py) on plans composed for the tests and on sentences of the seed plans."""

from __future__ import annotations

from decimal import Decimal

from biopolicy.loaders.extract.numbers import find_quantities
from biopolicy.loaders.extract.targets import extract_targets, indicator_type
from biopolicy.loaders.model import DocumentTree, ExtractionContext, PlanMetadata, Section, Task
from biopolicy.loaders.text import MappedText


def span_of(text: str, part: str, start: int = 0) -> tuple[int, int]:
    begin = text.index(part, start)
    return begin, begin + len(part)


def make_task(text: str, path: str, title: str, body: str, parent: str | None = None) -> Task:
    """A task whose span is ``body`` (its first occurrence) and whose title is the first ``title`` in it."""
    span = span_of(text, body)
    title_span = span_of(text, title, span[0])
    return Task(path=path, title=title, span=span, title_span=title_span, parent=parent, kind="task", order=0)


def make_context(
    text: str,
    tasks: list[Task] | None = None,
    sections: list[Section] | None = None,
    period: tuple[int | None, int | None] = (None, None),
) -> ExtractionContext:
    metadata = PlanMetadata(title="", title_span=(0, 0), period_start=period[0], period_end=period[1])
    tree = DocumentTree(title_span=None, preamble=(0, len(text)), sections=list(sections or []))
    return ExtractionContext(
        text=MappedText.from_source(text), tree=tree, facts={"plans": [metadata], "tasks": list(tasks or [])}
    )


def block(text: str, label: str, body: str, kind: str = "label") -> Section:
    """A labelled block (工作目标:…) or a chapter whose title is ``label``."""
    span = span_of(text, body)
    return Section(kind=kind, number="", path=label, title=label, span=span,
                   title_span=span_of(text, label, span[0]), label=label if kind == "label" else None)  # fmt: skip


def rows(targets):
    return [(t.value, t.value_max, t.unit_written, t.comparator, t.year) for t in targets]


def by_quote(context, targets):
    work = context.text.work
    return {work[t.span[0] : t.span[1]]: t for t in targets}


def assert_spans_hold_their_numbers(context, targets):
    """Every target's span holds the number as written (a quantity with the target's value and unit)."""
    work = context.text.work
    spans = set()
    for target in targets:
        quote = work[target.span[0] : target.span[1]]
        units = {target.unit_written, target.unit_written.removesuffix("元")}
        assert any(q.value == target.value and q.unit in units for q in find_quantities(quote)), (target, quote)
        assert target.span[0] not in spans, f"two targets share the start of {quote}"
        spans.add(target.span[0])


D = Decimal

# ---------------------------------------------------------------------------------- a composed city plan

CHENGDU = """成都市促进生物医药产业高质量发展实施方案(2023—2027年)
为加快建设国家生物医药产业高地,制定本方案。
一、发展基础
成都是国家首批生物产业基地之一,现有生物医药企业6000余家。2022年,全市生物医药产业实现营业收入1800亿元,已培育上市企业30家。
二、主要目标
到2027年,全市生物医药产业营业收入突破3000亿元,年均增长15%左右;培育营业收入超百亿元企业5家以上,新增上市企业不少于8家;建成国家级临床医学研究中心2个,引进高层次人才团队50个。
三、重点任务
(一)做强创新药产业。支持企业开展创新药研发,实施“十百千”工程。到2025年,获批一类新药10个以上,新增药品注册证书约200件。(责任单位:市科技局、市经信局)
(二)壮大医疗器械产业。力争到2027年,三类医疗器械注册证达到300张,打造2个百亿级医疗器械产业园区。
(三)做优产业生态。聚焦“研发、转化、制造”三个环节,培育一批专业服务机构。
四、政策措施
(一)对新认定的国家级企业技术中心,给予一次性奖励200万元。
(二)对年主营业务收入首次突破10亿元的企业,给予最高300万元奖励。
"""


def chengdu():
    tasks = [
        make_task(CHENGDU, "三.(一)", "做强创新药产业", "(一)做强创新药产业。" + CHENGDU.split("(一)做强创新药产业。")[1].split("\n")[0]),
        make_task(CHENGDU, "三.(二)", "壮大医疗器械产业", "(二)壮大医疗器械产业。" + CHENGDU.split("(二)壮大医疗器械产业。")[1].split("\n")[0]),
        make_task(CHENGDU, "三.(三)", "做优产业生态", "(三)做优产业生态。聚焦“研发、转化、制造”三个环节,培育一批专业服务机构。"),
    ]
    sections = [
        block(CHENGDU, "发展基础", CHENGDU[CHENGDU.index("一、发展基础") : CHENGDU.index("二、主要目标")], "chapter"),
        block(CHENGDU, "主要目标", CHENGDU[CHENGDU.index("二、主要目标") : CHENGDU.index("三、重点任务")], "chapter"),
    ]
    return make_context(CHENGDU, tasks, sections, period=(2023, 2027))


def test_composed_plan_goal_block():
    context = chengdu()
    targets = extract_targets(context)
    found = by_quote(context, targets)
    revenue = found["全市生物医药产业营业收入突破3000亿元"]
    assert (revenue.value, revenue.unit_written, revenue.comparator, revenue.year) == (D(3000), "亿元", ">", 2027)
    assert revenue.indicator == "全市生物医药产业营业收入" and revenue.indicator_type == "revenue"
    assert revenue.value_in_yuan == D("300000000000") and revenue.unit is None
    growth = found["年均增长15%左右"]
    assert (growth.value, growth.unit_written, growth.comparator, growth.indicator_type) == (D(15), "%", "approx", "growth")
    big = found["培育营业收入超百亿元企业5家以上"]
    assert (big.value, big.unit_written, big.comparator) == (D(5), "家", "≥")
    assert big.indicator == "营业收入超百亿元企业" and big.indicator_type == "enterprises"
    listed = found["新增上市企业不少于8家"]
    assert (listed.comparator, listed.indicator, listed.indicator_type) == ("≥", "上市企业", "listed-enterprises")
    clinical = found["建成国家级临床医学研究中心2个"]
    assert clinical.indicator_type == "clinical-research-centres" and clinical.year == 2027
    assert found["引进高层次人才团队50个"].indicator_type == "talent-teams"
    assert_spans_hold_their_numbers(context, targets)


def test_composed_plan_task_level_targets_take_their_own_year():
    context = chengdu()
    found = by_quote(context, extract_targets(context))
    drugs = found["获批一类新药10个以上"]
    assert (drugs.value, drugs.comparator, drugs.year, drugs.unit) == (D(10), "≥", 2025, "三.(一)")
    assert drugs.indicator == "一类新药" and drugs.indicator_type == "drug-approvals"
    certificates = found["新增药品注册证书约200件"]
    assert (certificates.value, certificates.unit_written, certificates.comparator) == (D(200), "件", "approx")
    devices = found["三类医疗器械注册证达到300张"]
    assert (devices.year, devices.indicator_type, devices.unit) == (2027, "device-registrations", "三.(二)")
    parks = found["打造2个百亿级医疗器械产业园区"]
    assert (parks.value, parks.unit_written, parks.indicator) == (D(2), "个", "百亿级医疗器械产业园区")
    assert parks.indicator_type == "parks"


def test_composed_plan_history_labels_and_incentives_give_no_target():
    context = chengdu()
    targets = extract_targets(context)
    values = rows(targets)
    assert (D(1800), None, "亿元", "=", 2022) not in values  # history (发展基础, a bare past year)
    assert all(t.value not in (D(6000), D(30), D(200), D(300)) or t.unit_written in ("件", "张") for t in targets)
    assert not any("三个环节" in context.text.work[t.span[0] : t.span[1]] for t in targets)
    assert not any("给予" in context.text.work[t.span[0] : t.span[1]] for t in targets)
    assert [t.value for t in targets] == [D(v) for v in (3000, 15, 5, 8, 2, 50, 10, 200, 300, 2)]


# ---------------------------------------------------------------------------------- Chinese numerals, news page

GUANGZHOU = """广州市生物医药产业发展行动计划解读
来源:广州日报 2023-05-10
广州是国家首批生物产业基地之一,2022年全市生物医药企业达6000余家。
主要目标
到二〇二五年,全市生物医药与健康产业规模达到一万亿元;培育十家以上百亿级龙头企业;新增上市企业二十家左右;建设三至五个国际一流的创新平台。
上市企业和高新技术企业分别达到20家、300家。
相关阅读:全国十大生物医药园区排名出炉 第一名竟是它
"""


def test_chinese_numerals_and_news_noise():
    goals = block(GUANGZHOU, "主要目标", GUANGZHOU[GUANGZHOU.index("主要目标") : GUANGZHOU.index("相关阅读")], "heading")
    context = make_context(GUANGZHOU, sections=[goals], period=(None, 2025))
    targets = extract_targets(context)
    found = by_quote(context, targets)
    scale = found["全市生物医药与健康产业规模达到一万亿元"]
    assert (scale.value, scale.unit_written, scale.value_in_yuan, scale.year) == (
        D(1), "万亿元", D("1000000000000"), 2025,
    )  # fmt: skip
    leaders = found["培育十家以上百亿级龙头企业"]
    assert (leaders.value, leaders.comparator, leaders.indicator_type) == (D(10), "≥", "leading-enterprises")
    assert found["新增上市企业二十家左右"].comparator == "approx"
    platforms = found["建设三至五个国际一流的创新平台"]
    assert (platforms.value, platforms.value_max, platforms.indicator) == (D(3), D(5), "国际一流的创新平台")
    assert len(targets) == 6
    assert_spans_hold_their_numbers(context, targets)


def test_respectively_pairs_values_with_nouns():
    goals = block(GUANGZHOU, "主要目标", GUANGZHOU[GUANGZHOU.index("主要目标") : GUANGZHOU.index("相关阅读")], "heading")
    context = make_context(GUANGZHOU, sections=[goals], period=(None, 2025))
    targets = [t for t in extract_targets(context) if t.unit_written == "家" and t.comparator == "="]
    assert [(t.indicator, t.value, t.indicator_type) for t in targets] == [
        ("上市企业", D(20), "listed-enterprises"),
        ("高新技术企业", D(300), "high-tech-enterprises"),
    ]
    assert targets[0].year == 2025  # the goal block's year (written earlier in the block)
    assert_spans_hold_their_numbers(context, targets)


def test_goal_block_without_a_year_takes_the_plan_end_year():
    text = "工作目标:新增孵化器3个,建成中试基地1个。\n实施路径:支持企业新建研发中心2个。"
    goals = block(text, "工作目标", "工作目标:新增孵化器3个,建成中试基地1个。")
    context = make_context(text, sections=[goals], period=(2024, 2026))
    assert rows(extract_targets(context)) == [
        (D(3), None, "个", "=", 2026),
        (D(1), None, "个", "=", 2026),
        (D(2), None, "个", "=", None),
    ]


def test_year_written_earlier_in_the_paragraph_covers_later_sentences():
    text = "到2030年,全省医疗器械产业营业收入实现翻一番,达到800亿元。形成创新产品60个。"
    targets = extract_targets(make_context(text))
    assert rows(targets) == [
        (D(2), None, "倍", "=", 2030),
        (D(800), None, "亿元", "=", 2030),
        (D(60), None, "个", "=", 2030),
    ]
    assert [t.indicator for t in targets] == ["全省医疗器械产业营业收入"] * 2 + ["创新产品"]
    assert [t.indicator_type for t in targets] == ["growth", "revenue", "products"]


def test_inherited_subject_drops_the_growth_words_of_its_clause():
    text = "力争到2025年,全市医药工业总产值年均增长10%以上,达到800亿元。目标到2030年全省医药产业主营业务收入达到5000亿元。"
    targets = extract_targets(make_context(text))
    assert [(t.indicator, t.indicator_type, t.year) for t in targets] == [
        ("全市医药工业总产值年均增长", "growth", 2025),
        ("全市医药工业总产值", "output-value", 2025),
        ("全省医药产业主营业务收入", "revenue", 2030),
    ]


def test_plan_period_year_and_year_before():
    text = "“十四五”末,全市新增规上企业50家。2026年前,建成产业园区3个。\n到2030年,产值较2020年翻一番。"
    targets = extract_targets(make_context(text))
    assert [(t.value, t.year) for t in targets] == [(D(50), 2025), (D(3), 2026), (D(2), 2030)]


def test_history_sentences_give_no_target():
    text = (
        "2021年,全市生物医药产业实现营业收入900亿元。截至目前,已建成产业园区5个。"
        "目前全市拥有上市企业15家。长春是国家首批认定的三个生物产业基地之一。"
    )
    assert extract_targets(make_context(text, period=(2023, 2025))) == []


def test_headings_give_no_target():
    text = "三、建设十个重大产业支撑平台\n(一)突破四个重点领域。到2025年,建成平台10个。"
    chapter = Section(kind="chapter", number="三", path="三", title="建设十个重大产业支撑平台",
                      span=(0, len(text)), title_span=span_of(text, "建设十个重大产业支撑平台"))  # fmt: skip
    task = make_task(text, "三.(一)", "突破四个重点领域", "(一)突破四个重点领域。到2025年,建成平台10个。")
    targets = extract_targets(make_context(text, tasks=[task], sections=[chapter]))
    assert [(t.value, t.unit) for t in targets] == [(D(10), "三.(一)")]


def test_scale_goals():
    text = "加快建设海西千亿级生物医药产业集群,打造两个百亿级特色产业基地,培育一批千亿元以上支柱产业。"
    targets = extract_targets(make_context(text))
    assert [(t.value, t.unit_written, t.comparator, t.indicator_type) for t in targets] == [
        (D(1000), "亿元", "≥", "industry-scale"),
        (D(2), "个", "=", "parks"),
        (D(1000), "亿元", "≥", "industry-scale"),
    ]
    assert targets[0].indicator == "海西千亿级生物医药产业集群"
    assert targets[0].value_in_yuan == D("100000000000")


def test_statement_restated_at_plan_level_is_kept_once():
    text = "方案提出:到2025年,全市产值突破500亿元。\n一、总体要求\n到2025年,全市产值突破500亿元。"
    context = make_context(text)
    targets = extract_targets(context)
    assert len(targets) == 1


def test_a_news_lead_quoting_the_title_still_states_targets():
    text = "近日,某市印发《某市生物医药产业实施方案》,方案提出:到2025年,全市产值突破500亿元。"
    context = make_context(text)
    context.facts["plans"] = [PlanMetadata(title="某市生物医药产业实施方案", title_span=span_of(text, "某市生物医药产业实施方案"))]
    assert rows(extract_targets(context)) == [(D(500), None, "亿元", ">", 2025)]


def test_title_line_gives_no_target():
    text = "到2025年产值突破500亿元!某市生物医药产业实施方案\n到2025年,新增企业10家。"
    context = make_context(text)
    context.facts["plans"] = [PlanMetadata(title="某市生物医药产业实施方案", title_span=span_of(text, "某市生物医药产业实施方案"))]
    assert rows(extract_targets(context)) == [(D(10), None, "家", "=", 2025)]


def test_same_target_in_two_tasks_is_kept_twice():
    text = "(一)甲工程。到2025年,新增平台2个。\n(二)乙工程。到2025年,新增平台2个。"
    tasks = [
        make_task(text, "(一)", "甲工程", "(一)甲工程。到2025年,新增平台2个。"),
        make_task(text, "(二)", "乙工程", "(二)乙工程。到2025年,新增平台2个。"),
    ]
    targets = extract_targets(make_context(text, tasks=tasks))
    assert [t.unit for t in targets] == ["(一)", "(二)"]


def test_thresholds_inside_indicator_phrases_are_not_targets():
    text = "到2026年,培育年营业收入超50亿元的领军企业3家,打造1-2个百亿元规模的特色园区,引进年薪百万元以上人才20名。"
    targets = extract_targets(make_context(text))
    assert rows(targets) == [
        (D(3), None, "家", "=", 2026),
        (D(1), D(2), "个", "=", 2026),
        (D(20), None, "名", "=", 2026),
    ]
    assert targets[0].indicator == "年营业收入超50亿元的领军企业"
    assert targets[0].indicator_type == "leading-enterprises"


def test_incentive_sentences_give_no_target():
    text = "到2025年,对新增规上企业给予最高50万元奖励。到2025年,新增规上企业50家。"
    targets = extract_targets(make_context(text))
    assert [(t.value, t.indicator) for t in targets] == [(D(50), "规上企业")]


def test_indicator_type_prefers_specific_cues_and_the_head():
    assert indicator_type("科技小巨人企业", "count") == "specialised-sme"
    assert indicator_type("销售收入上亿元企业", "count") == "enterprises"
    assert indicator_type("销售收入", "money") == "revenue"
    assert indicator_type("“链主”企业和上市企业", "count") == "enterprises"
    assert indicator_type("园区", "money") == "other"
    assert indicator_type("东西", "count", "enterprises") == "enterprises"


# ---------------------------------------------------------------------------------- seed-plan sentences

XIAMEN_GOALS = (
    "二、发展目标\n"
    "2022年,生物医药产业上市企业达12家,销售收入上亿元企业达120家,科技小巨人企业达200家,"
    "国家级高新技术企业达400家,生物医药产业规模达1200亿,成为国家战略性新兴产业示范集群。"
)


def test_seed_xiamen_goal_block():
    chapter = block(XIAMEN_GOALS, "发展目标", XIAMEN_GOALS, "chapter")
    context = make_context(XIAMEN_GOALS, sections=[chapter], period=(2020, 2022))
    targets = extract_targets(context)
    assert [(t.indicator, t.indicator_type, t.value, t.unit_written, t.comparator, t.year) for t in targets] == [
        ("生物医药产业上市企业", "listed-enterprises", D(12), "家", "=", 2022),
        ("销售收入上亿元企业", "enterprises", D(120), "家", "=", 2022),
        ("科技小巨人企业", "specialised-sme", D(200), "家", "=", 2022),
        ("国家级高新技术企业", "high-tech-enterprises", D(400), "家", "=", 2022),
        ("生物医药产业规模", "industry-scale", D(1200), "亿", "=", 2022),
    ]
    assert targets[-1].value_in_yuan == D("120000000000")
    assert_spans_hold_their_numbers(context, targets)


def test_seed_xiamen_tasks():
    text = (
        "至2022年,建立1个细胞治疗研究中心,取得5个新药批件,创新药物实现销售收入达100亿元。\n"
        "至2022年,引导组织实施重大项目100项,培育1家百亿规模企业、5家五十亿规模企业、10家十亿规模企业,"
        "1家市值达500亿、1家市值达300亿、4家市值达200亿。\n"
        "至2022年,在肿瘤、心血管等领域布局建设4个市级临床医学研究中心(责任单位:市卫健委、市科技局)\n"
        "至2022年,新型研发机构达30个;产业招商落地项目达100个,投资总额争取达200亿元。"
    )
    context = make_context(text)
    targets = extract_targets(context)
    found = by_quote(context, targets)
    assert found["建立1个细胞治疗研究中心"].indicator_type == "research-institutions"
    assert found["取得5个新药批件"].indicator == "新药批件"
    assert found["创新药物实现销售收入达100亿元"].indicator_type == "revenue"
    assert [(t.value, t.indicator) for t in targets if t.unit_written == "家"] == [
        (D(1), "百亿规模企业"), (D(5), "五十亿规模企业"), (D(10), "十亿规模企业"),
        (D(1), "市值达500亿"), (D(1), "市值达300亿"), (D(4), "市值达200亿"),
    ]  # fmt: skip
    centres = found["在肿瘤、心血管等领域布局建设4个市级临床医学研究中心"]
    assert centres.indicator_type == "clinical-research-centres"
    assert found["产业招商落地项目达100个"].year == 2022
    assert found["投资总额争取达200亿元"].indicator_type == "investment"
    assert len(targets) == 14
    assert all(t.year == 2022 for t in targets)
    assert_spans_hold_their_numbers(context, targets)


def test_seed_shenzhen_overall_goal():
    text = (
        "到2025年,全市生物医药产业总产值实现突破2000亿元,建成“一核多中心”错位发展格局,打造十个重大公共服务平台,"
        "争取药品临床批件超百个,实现二类、三类医疗器械注册上市产品近万个,基因检测数据产出能力全球第一。"
    )
    context = make_context(text)
    targets = extract_targets(context)
    assert [(t.indicator, t.value, t.unit_written, t.comparator, t.year) for t in targets] == [
        ("全市生物医药产业总产值", D(2000), "亿元", ">", 2025),
        ("重大公共服务平台", D(10), "个", "=", 2025),
        ("药品临床批件", D(100), "个", ">", 2025),
        ("二类、三类医疗器械注册上市产品", D(10000), "个", "approx", 2025),
    ]
    assert [t.indicator_type for t in targets] == ["output-value", "platforms", "drug-approvals", "device-registrations"]
    assert_spans_hold_their_numbers(context, targets)


def test_seed_hubei_doubling_and_thresholds():
    text = (
        "到2027年,全省生物医药产业营业收入实现倍增,达到2500亿元。形成标志性产品150个。"
        "建成多环节、综合性“一站式”、营业收入超20亿元的医药合同外包服务(CXO)平台2-3家。"
        "培育营业收入超500亿元企业1家,超100亿元企业3-5家,超50亿元企业8家。"
    )
    context = make_context(text)
    targets = extract_targets(context)
    assert rows(targets) == [
        (D(2), None, "倍", "=", 2027),
        (D(2500), None, "亿元", "=", 2027),
        (D(150), None, "个", "=", 2027),
        (D(2), D(3), "家", "=", 2027),
        (D(1), None, "家", "=", 2027),
        (D(3), D(5), "家", "=", 2027),
        (D(8), None, "家", "=", 2027),
    ]
    assert targets[1].indicator == "全省生物医药产业营业收入"
    assert targets[4].indicator == "营业收入超500亿元企业"
    assert targets[3].indicator_type == "platforms"
    assert_spans_hold_their_numbers(context, targets)


def test_seed_hubei_names_and_scale_goals_without_year():
    text = (
        "传承创新发展“十大楚药”和“五大特色药材”,培育5亿元以上大品种10个。"
        "支持建设武汉千亿级国家生物医药战略性新兴产业集群;加快建设蕲艾百亿级特色产业集群。"
        "吸引2-3家跨国企业来鄂发展。招引中国医药百强企业来鄂建立第二总部。"
    )
    targets = extract_targets(make_context(text, period=(None, 2027)))
    assert rows(targets) == [
        (D(10), None, "个", "=", None),
        (D(1000), None, "亿元", "≥", None),
        (D(100), None, "亿元", "≥", None),
        (D(2), D(3), "家", "=", None),
    ]


def test_seed_shenyang_goal_labels():
    text = (
        "工作目标:到2025年,通过“卡脖子”关键核心技术攻关,突破产业链断点堵点技术问题10项以上,"
        "新建或新升级国家级科技创新平台1-2个,新建大学科技园2个。\n"
        "工作目标:到2025年,新增药械公共技术服务平台3-5个,平台本地服务量达到40%。\n"
        "工作目标:到2025年,全市生物医药及医疗装备领域省级以上“专精特新”企业达到35户、国家高新技术企业超300户。"
    )
    context = make_context(text)
    targets = extract_targets(context)
    assert [(t.indicator_type, t.value, t.value_max, t.unit_written, t.comparator) for t in targets] == [
        ("technologies", D(10), None, "项", "≥"),
        ("platforms", D(1), D(2), "个", "="),
        ("parks", D(2), None, "个", "="),
        ("platforms", D(3), D(5), "个", "="),
        ("share", D(40), None, "%", "="),
        ("specialised-sme", D(35), None, "户", "="),
        ("high-tech-enterprises", D(300), None, "户", ">"),
    ]
    assert targets[1].indicator == "国家级科技创新平台"
    assert_spans_hold_their_numbers(context, targets)


def test_seed_changchun_both_and_double_thousand():
    text = (
        "“双十”:新引进“链主”企业和上市企业均达到10户以上。\n"
        "“双千”:产值达到1000亿元以上,企业数量达到1000户以上。\n"
        "“双千”联动(1000亿元产值+1000户企业)。"
    )
    full = "发展目标\n到2025年\n实现“双十双百双千”奋斗目标\n" + text
    goals = Section(kind="heading", number="", path="发展目标", title="发展目标", span=(0, len(full)),
                    title_span=(0, 4))  # fmt: skip
    context = make_context(full, sections=[goals])
    targets = extract_targets(context)
    assert [(t.indicator, t.indicator_type, t.value, t.unit_written, t.comparator, t.year) for t in targets] == [
        ("“链主”企业", "leading-enterprises", D(10), "户", "≥", 2025),
        ("上市企业", "listed-enterprises", D(10), "户", "≥", 2025),
        ("产值", "output-value", D(1000), "亿元", "≥", 2025),
        ("企业数量", "enterprises", D(1000), "户", "≥", 2025),
    ]
    assert_spans_hold_their_numbers(context, targets)


# ---------------------------------------------------------------------------------- regressions


def test_regression_place_name_jiutai_is_not_nine_machines():
    text = "加快建设吉林省医疗器械产业园、九台中古医药产业园等多个特色医药园区。"
    assert extract_targets(make_context(text)) == []


def test_regression_count_in_a_task_without_goal_verb_is_not_a_target():
    # The task's 工作目标 has a year; 实施路径 "聚焦…三个维度" counts aspects, it states no goal.
    text = "(五)工程\n工作目标:到2025年,新增创新产品5-10个。\n实施路径:聚焦“产品、项目、园区”三个维度,培育产业集群。"
    task = make_task(text, "(五)", "工程", text)
    targets = extract_targets(make_context(text, tasks=[task]))
    assert [(t.value, t.value_max) for t in targets] == [(D(5), D(10))]


def test_regression_count_before_a_digit_is_a_count_before_its_noun():
    text = "工作目标:到2025年,打造1-2个100亿元规模的综合园区。"
    [target] = extract_targets(make_context(text))
    assert (target.value, target.value_max, target.unit_written, target.indicator) == (
        D(1), D(2), "个", "100亿元规模的综合园区",
    )  # fmt: skip


def test_regression_year_of_the_paragraph_crosses_a_semicolon():
    text = "至2022年,新型研发机构达30个;产业招商落地项目达100个,投资总额争取达200亿元。"
    assert [t.year for t in extract_targets(make_context(text))] == [2022, 2022, 2022]


def test_regression_supporting_a_scale_cluster_is_a_target_not_a_grant():
    text = "支持建设武汉千亿级国家生物医药战略性新兴产业集群,集中发展生物药。"
    assert rows(extract_targets(make_context(text))) == [(D(1000), None, "亿元", "≥", None)]


def test_regression_clinical_centre_inside_a_longer_cue():
    assert indicator_type("国家临床医学研究中心、国家区域医疗中心、省级区域医疗中心", "count") == (
        "clinical-research-centres"
    )
    assert indicator_type("市级临床医学研究中心", "count") == "clinical-research-centres"


def test_regression_note_in_brackets_is_not_part_of_the_span():
    text = "至2022年,布局建设4个市级临床医学研究中心(责任单位:市卫健委、市科技局)"
    context = make_context(text)
    [target] = extract_targets(context)
    assert context.text.work[target.span[0] : target.span[1]] == "布局建设4个市级临床医学研究中心"


def test_regression_target_without_any_noun_keeps_its_clause_as_indicator():
    [target] = extract_targets(make_context("到2025年,新增10家。"))
    assert target.indicator == "新增10家"


def test_budgets_and_fund_sizes_are_instruments_not_targets():
    # Once 安排 became a goal verb, a plan's own budget must still give no target: it is an input, not a goal.
    text = (
        "市级财政每年安排不少于5亿元专项资金支持生物医药产业发展。推动设立总规模100亿元的生物医药产业发展基金。"
        "三年内安排专项资金不少于十亿元支持产业发展。到2025年,产业基金规模达到50亿元,产业规模达到500亿元。"
    )
    assert rows(extract_targets(make_context(text))) == [(Decimal(500), None, "亿元", "=", 2025)]


def test_recurring_goals_without_a_year():
    # Regression: 每年组织实施…10项以上 and 每年推动…不少于20个 were not read as goals (no year, no goal verb).
    text = "每年组织实施重大攻关项目10项以上。每年推动进入临床试验的创新药不少于20个。为企业人才提供人才公寓3000套。"
    assert rows(extract_targets(make_context(text))) == [
        (Decimal(10), None, "项", "≥", None),
        (Decimal(20), None, "个", "≥", None),
        (Decimal(3000), None, "套", "=", None),
    ]


def test_an_indicator_table_gives_the_targets_of_its_latest_year():
    # Regression: a 主要指标 table (Markdown pipes or the tabs of an HTML table) gave no target.
    text = (
        "到2027年,主要指标如下:\n| 指标 | 2024年 | 2027年 |\n| --- | --- | --- |\n"
        "| 产业营业收入(亿元) | 1650 | 2500 |\n| 上市企业(家) | 22 | ≥30 |\n"
        "指标\t单位\t2022年\t2025年\n研发投入强度\t%\t2.1\t3以上\n"
    )
    context = make_context(text, period=(2024, 2027))
    targets = extract_targets(context)
    assert [(t.indicator, *row) for t, row in zip(targets, rows(targets), strict=True)] == [
        ("产业营业收入", Decimal(2500), None, "亿元", "=", 2027),
        ("上市企业", Decimal(30), None, "家", "≥", 2027),
        ("研发投入强度", Decimal(3), None, "%", "≥", 2025),
    ]
    assert targets[0].value_in_yuan == Decimal(250000000000)


def test_a_table_of_past_years_is_history():
    text = "| 指标 | 2019年 | 2020年 |\n| 产业营业收入(亿元) | 900 | 1000 |\n"
    assert extract_targets(make_context(text, period=(2024, 2027))) == []


# ------------------------------------------------------------------ real-text patterns (issue #10 §2)


def quoted_rows(context, targets):
    work = context.text.work
    return [(work[t.span[0] : t.span[1]], t.value, t.unit_written, t.comparator, t.year) for t in targets]


def test_target_years_without_dao_each_clause_of_a_chain_has_its_own():
    text = "到2020年,全省生物医药产业主营业务收入达到260亿元;2025年达450亿元;2035年达到1200亿元。"
    context = make_context(text, period=(2018, 2035))
    targets = extract_targets(context)
    assert [(t.value, t.year) for t in targets] == [(D(260), 2020), (D(450), 2025), (D(1200), 2035)]
    # the clauses without a noun inherit the subject of the chain
    assert {t.indicator for t in targets} == {"全省生物医药产业主营业务收入"}


def test_past_statistics_are_background_not_targets():
    text = (
        "2022年全市生物医药产业实现营收600亿元。截至2023年底,全市共有生物医药企业120家,目前已达300家。"
        "到2025年,营收达到1000亿元。"
    )
    context = make_context(text, period=(2023, 2025))
    assert quoted_rows(context, extract_targets(context)) == [("营收达到1000亿元", D(1000), "亿元", "=", 2025)]
    assert any(r.candidate == "120家" for r in context.rejections)


def test_a_named_period_is_no_year_and_its_end_compared_with_is_a_base():
    text = "“十四五”期间,新增上市企业10家。到2025年,产业规模达到3000亿元,比“十三五”末翻一番。"
    targets = extract_targets(make_context(text))
    assert rows(targets) == [(D(10), None, "家", "=", None), (D(3000), None, "亿元", "=", 2025), (D(2), None, "倍", "=", 2025)]


def test_a_target_in_a_qizhong_bracket_is_a_target():
    text = "力争到2025年,全市医药产业营业收入达到5000亿元(其中,医药工业营业收入达到2400亿元)。"
    context = make_context(text)
    assert quoted_rows(context, extract_targets(context)) == [
        ("全市医药产业营业收入达到5000亿元", D(5000), "亿元", "=", 2025),
        ("医药工业营业收入达到2400亿元", D(2400), "亿元", "=", 2025),
    ]


def test_a_technology_breakthrough_is_a_noun_not_a_comparator():
    text = "到2027年,关键核心技术突破5—8项,产业规模突破1000亿元,产值1000亿元左右。"
    targets = extract_targets(make_context(text))
    assert rows(targets) == [
        (D(5), D(8), "项", "=", 2027),
        (D(1000), None, "亿元", ">", 2027),
        (D(1000), None, "亿元", "approx", 2027),
    ]


def test_an_amount_followed_by_the_name_of_its_measure():
    text = "到2025年,力争全省中医药及相关产业全产业链达到千亿元产业规模。"
    assert rows(extract_targets(make_context(text))) == [(D(1000), None, "亿元", "=", 2025)]


def test_a_summary_paragraph_taken_for_the_title_still_gives_its_targets():
    text = "《实施意见》提出了主要目标,到2025年,全省医药健康产业实现总经营规模3000亿元。" + "产业规模更大," * 20
    context = make_context(text)
    context.tree = DocumentTree(title_span=(0, len(text)), preamble=(0, len(text)), sections=[])
    assert rows(extract_targets(context)) == [(D(3000), None, "亿元", "=", 2025)]


# ------------------------------------------------------------- real-text patterns (issue #10), composed texts


def found_targets(text: str, **kwargs):
    context = make_context(text, **kwargs)
    return context, extract_targets(context)


def reasons(context) -> list[str]:
    return [rejection.reason for rejection in context.rejections if rejection.family == "targets"]


def test_size_bands_in_reported_speech_qualify_the_counts():
    text = (
        "近年来,全县医药产业快速发展。 “未来,我县将着力培育年产值50亿元以上企业2家、5亿元至50亿元企业6家、"
        "年交易额100亿元以 上大市场1个。”县相关负责人表示。"
    )
    context, targets = found_targets(text)
    assert rows(targets) == [(D(2), None, "家", "=", None), (D(6), None, "家", "=", None), (D(1), None, "个", "=", None)]
    assert by_quote(context, targets)["5亿元至50亿元企业6家"].indicator == "5亿元至50亿元企业"


def test_counts_of_the_plan_own_parts_items_and_makers_are_no_targets():
    text = (
        "市科技局、市财政局等12个部门制定了《某市促进生物医药产业发展实施方案(2021—2023年)》。"
        "《方案》明确突破性发展生物医药产业的6项具体工程。政策将从人才引进、资金保障、用地供给三个方面给予支持。"
    )
    context, targets = found_targets(text)
    assert targets == []  # the 2023 of the 《title》 is another document's period: no goal year for 12个部门
    assert [r.candidate for r in context.rejections if "plan's own" in r.reason] == ["6项", "三个"]


def test_one_percentage_shared_by_a_list_of_rates_gives_one_target_per_rate():
    text = "二、重点任务\n1.健全监测体系。完善监测网络,突发公共卫生事件报告率、处置率、信息公开率100%。\n"
    task = make_task(text, "二.1", "健全监测体系", text[text.index("1.") :])
    context, targets = found_targets(text, tasks=[task])
    assert [(t.indicator, t.value, t.unit_written) for t in targets] == [
        ("突发公共卫生事件报告率", D(100), "%"), ("处置率", D(100), "%"), ("信息公开率", D(100), "%"),
    ]  # fmt: skip
    assert {t.unit for t in targets} == {"二.1"}


def test_a_latin_o_inside_a_number_is_a_zero():
    _, targets = found_targets("到2025年,建设2O个中药材生态种植示范基地。")
    assert rows(targets) == [(D(20), None, "个", "=", 2025)]


def test_the_base_of_a_per_capita_rate_is_no_count():
    context, targets = found_targets("到2025年,每千人口中医医院床位数达到0.8张。")
    assert [(t.indicator, t.value, t.unit_written) for t in targets] == [("每千人口中医医院床位数", D("0.8"), "张")]
    assert any("base of a rate" in reason for reason in reasons(context))


def test_tonnes_under_a_goal_lead_in_are_a_target():
    text = "某省印发《某方案》。\n《方案》提出的目标还包括:上游原料保障有力,原料药年产能增加500吨;推动产业链市场主体倍增。"
    _, targets = found_targets(text)
    assert rows(targets) == [(D(500), None, "吨", "=", None), (D(2), None, "倍", "=", None)]


def test_a_bare_year_the_plan_sets_is_a_goal_but_a_statistic_is_not():
    text = (
        "省商务厅印发《某方案》,明确2023年全省医药产业规模突破300亿元;到2025年,医药产值达到500亿元。"
        "2022年全省医药产业规模达到250亿元。\n"
        "到2025年,中药材种植面积达到50万亩。截至9月底,全市主营业务收入达300亿元。"
    )
    context, targets = found_targets(text)
    assert rows(targets) == [
        (D(300), None, "亿元", ">", 2023), (D(500), None, "亿元", "=", 2025), (D(500000), None, "亩", "=", 2025),
    ]  # fmt: skip
    assert any("past marker 截至" in reason for reason in reasons(context))


def test_a_goal_restated_in_an_engineering_summary_is_kept_once():
    text = (
        "近日,《某市中药材三年行动计划(2018-2020年)》出台,到2020年,全市中药材种植面积达到80万亩。\n"
        "全力实施“百千”工程,即到2020年全市中药材种植面积超过80万亩,销售额过10亿元的药材企业达5家。\n"
    )
    context, targets = found_targets(text)
    assert rows(targets) == [(D(800000), None, "亩", "=", 2020), (D(5), None, "家", "=", 2020)]
    assert any("restates" in reason for reason in reasons(context))


def test_a_headline_and_a_spun_copy_restate_the_body_target():
    text = (
        "2025年 某区医药工业产值将达到60亿元\n来源:某报\n"
        "近日,某区印发《规划》。2025年,全区医药工业产值将达到60亿元。\n"
        "近日,某区印发《规划》,力争到2027年,医药工业实现营业收入80亿元。\n"
        "近日,全球某区印发《规划》,力争到2027年,发展医药工业实现营业收入80亿元。\n"
    )
    context, targets = found_targets(text, period=(2017, 2027))
    assert [by_quote(context, [t]).popitem()[0] for t in targets] == ["全区医药工业产值将达到60亿元", "医药工业实现营业收入80亿元"]
    assert any("headline" in reason for reason in reasons(context))


def test_a_project_capacity_a_place_a_grant_condition_and_a_grant_rate_are_no_targets():
    text = (
        "重点项目包括某公司年产300万支疫苗生产线建设项目、某某产业化项目等。\n"
        "到2025年,在两个中药材产区分别建设良种繁育基地。\n"
        "支持对象:年研发投入超过500万元(含)的企业。\n"
        "对引进落户示范区的项目,在以上奖励标准的基础上增加30%。\n"
    )
    context, targets = found_targets(text)
    assert targets == []
    joined = " ".join(reasons(context))
    for cue in ("年产", "在/于", "支持对象", "a rate of a grant"):
        assert cue in joined, cue


def test_aspect_paragraphs_take_the_future_year_of_the_lead_paragraph_that_names_them():
    text = (
        "《规划》提出,到2030年,某市要建成特色中药产业体系,在产业规模、企业培育等方面取得突破。\n"
        "产业规模方面,预计中药工业产值达200亿元,年均增速达到12%左右。\n"
        "企业培育方面,省级技术中心达到5至6家,争取其中2家认证为国家级企业技术中心。\n"
        "人才方面,力争引进高层次人才30名。\n"
    )
    context, targets = found_targets(text)
    assert rows(targets) == [
        (D(200), None, "亿元", "=", 2030),
        (D(12), None, "%", "approx", 2030),
        (D(5), D(6), "家", "=", 2030),
        (D(2), None, "家", "=", 2030),
        (D(30), None, "名", "=", None),  # 人才 is no aspect the lead names: no year of its own
    ]
    assert [t.indicator for t in targets][1:4] == ["中药工业产值年均增速", "省级技术中心", "国家级企业技术中心"]


def test_a_bare_year_after_a_future_or_start_year_of_its_sentence_continues_the_schedule():
    text = (
        "近日,某市出台规划,力争到2022年实现300亿元产业规模,2026年达到600亿元。\n"
        "2019年起,每年新增中药材种植面积5万亩以上,2022年达到60万亩。\n"
        "2016年,全市产业规模达到100亿元,2018年达到150亿元。\n"
    )
    context, targets = found_targets(text)
    assert rows(targets) == [
        (D(300), None, "亿元", "=", 2022),
        (D(600), None, "亿元", "=", 2026),
        (D(50000), None, "亩", "≥", None),  # 2019年起 starts the recurring goal; it is no target year
        (D(600000), None, "亩", "=", 2022),
    ]
    assert sum("a past year" in reason for reason in reasons(context)) == 2


def test_a_horizon_duration_keeps_a_sentence_from_inheriting_the_paragraph_year():
    text = "到2025年,建成省级重点实验室2个。加快某医院建设,通过3-5年努力,建设4-6个重点专科。\n"
    context, targets = found_targets(text)
    assert rows(targets) == [(D(2), None, "个", "=", 2025), (D(4), D(6), "个", "=", None)]


def test_one_of_several_scale_clusters_is_a_scale_goal_and_so_far_marks_a_statistic():
    text = "到2027年,医药产业将成为全市千亿级产业集群之一。\n全市至今没有一家医药企业营业收入超过百亿元。\n"
    context, targets = found_targets(text)
    assert rows(targets) == [(D(1000), None, "亿元", "≥", 2027)]
    assert any("至今" in reason for reason in reasons(context))
