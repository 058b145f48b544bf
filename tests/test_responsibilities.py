"""Responsibility clauses: labels, roles, list splitting, and the unit each clause applies to."""

from biopolicy.loaders.extract.agencies import canonical_agency
from biopolicy.loaders.extract.metadata import extract_metadata
from biopolicy.loaders.extract.responsibilities import extract_responsibilities
from biopolicy.loaders.extract.tasks import extract_tasks
from biopolicy.loaders.model import ExtractionContext
from biopolicy.loaders.segment import block_labels, segment
from biopolicy.loaders.text import MappedText

PLAN = """《杭州市生物医药产业高质量发展行动方案》
二、重点任务
(一)建设创新平台工程
1、建设临床研究中心。加快建设。(牵头单位:市卫健委;配合单位:市科技局、各区、县(市)人民政府)
2、建设检测平台。(牵头单位:市市场监管局)
政策保障:
1、支持平台建设。给予最高500万元补助。(牵头单位:市财政局)
责任单位:市科技局、经信局、卫健委按照职责分工负责。
(二)招商引资工程
强化招商。(责任单位:市商务局,滨江区政府、杭州医药港管委会,华东医药集团有限公司)
三、保障措施
(一)组织保障。建立由市发展改革委牵头,市科技局、市经信局与市卫健委等参与的联席会议制度。
"""


def extracted(text):
    mapped = MappedText.from_source(text)
    tree = segment(mapped.work)
    context = ExtractionContext(
        mapped, tree, {"plans": [extract_metadata(mapped.work, tree)], "tasks": extract_tasks(tree, block_labels())}
    )
    return context, extract_responsibilities(context)


def rows(text):
    context, found = extracted(text)
    return [(context.task(r.unit).title if r.unit else "", r.agency, r.role) for r in found]


def test_lead_and_supporting_clauses_apply_to_their_item():
    found = rows(PLAN)
    assert ("建设临床研究中心", "市卫健委", "lead") in found
    assert ("建设临床研究中心", "市科技局", "supporting") in found
    assert ("建设临床研究中心", "各区、县(市)人民政府", "supporting") in found  # one collective body
    assert ("建设检测平台", "市市场监管局", "lead") in found
    assert ("支持平台建设", "市财政局", "lead") in found


def test_a_block_clause_applies_to_the_enclosing_unit_and_drops_the_duty_phrase():
    found = rows(PLAN)
    assert ("建设创新平台工程", "市科技局", "responsible") in found
    assert ("建设创新平台工程", "经信局", "responsible") in found
    assert ("建设创新平台工程", "卫健委", "responsible") in found


def test_districts_park_committees_and_enterprises_count():
    found = rows(PLAN)
    assert ("招商引资工程", "滨江区政府", "responsible") in found
    assert ("招商引资工程", "杭州医药港管委会", "responsible") in found
    assert ("招商引资工程", "华东医药集团有限公司", "responsible") in found


def test_led_by_sentences():
    found = rows(PLAN)
    assert ("组织保障", "市发展改革委", "lead") in found
    for agency in ("市科技局", "市经信局", "市卫健委"):
        assert ("组织保障", agency, "supporting") in found


def test_every_span_is_the_agency_as_written():
    context, found = extracted(PLAN)
    assert found
    for item in found:
        assert PLAN[item.span[0] : item.span[1]] == item.agency


def test_a_plan_without_responsibility_clauses_yields_none():
    assert rows("《某市生物医药行动计划》\n(一)发展疫苗。到2025年建成基地2个。\n") == []


def test_canonical_agencies_of_the_clauses():
    context, _ = extracted(PLAN)
    hangzhou = context.metadata.jurisdiction
    assert hangzhou.name == "杭州市"
    assert canonical_agency("经信局", hangzhou).name == "杭州市经济和信息化局"
    assert canonical_agency("滨江区政府", hangzhou).type == "district-government"
    assert canonical_agency("华东医药集团有限公司", hangzhou).type == "enterprise"


def test_an_unlabelled_lead_and_supporting_clause_in_brackets():
    # Regression: (市科技局牵头,市发展改革委、市卫生健康委配合) gave no responsibility.
    text = "二、重点任务\n(一)实施创新策源提升行动。建设中试平台。(市科技局牵头,市发展改革委、市卫生健康委配合)\n(二)强化组织领导。成立领导小组。(市发展改革委牵头)\n"
    assert rows(text) == [
        ("实施创新策源提升行动", "市科技局", "lead"),
        ("实施创新策源提升行动", "市发展改革委", "supporting"),
        ("实施创新策源提升行动", "市卫生健康委", "supporting"),
        ("强化组织领导", "市发展改革委", "lead"),
    ]


def test_a_bracket_that_names_actors_in_general_is_no_clause():
    text = "(一)培育企业。支持龙头企业牵头组建创新联合体。(龙头企业牵头,高校院所配合)\n"
    assert rows(text) == []


ANNEX = """二、主要任务
1.提升创新能力
(1)建设高水平研发平台。高水平建设张江实验室。
(2)加强关键核心技术攻关。每年组织实施重大攻关项目10项以上。
三、保障措施
1.强化督查考核。纳入年度绩效考核。
附件
重点任务分工表
序号 重点任务 责任单位 完成时限
1 建设高水平研发平台 区科经委、张江集团 2026年底
2 加强关键核心技术攻关 区科经委 持续推进
3 办好产业论坛 区商务委 每年
"""


def test_the_responsibility_column_of_an_annex_task_table():
    # Regression: a 附件 分工表 written as text lines gave no responsibility (its 责任单位 has no colon).
    assert rows(ANNEX) == [
        ("建设高水平研发平台", "区科经委", "responsible"),
        ("建设高水平研发平台", "张江集团", "responsible"),
        ("加强关键核心技术攻关", "区科经委", "responsible"),
        ("", "区商务委", "responsible"),  # a row that repeats no task of the body: plan level
    ]


def test_a_responsibility_line_under_each_item_applies_to_that_item():
    text = "二、重点任务\n1.做强创新药。支持研发。\n责任单位:省科技厅、省卫生健康委\n2.做优医疗器械。推动升级。\n责任单位:省药监局\n"
    assert rows(text) == [
        ("做强创新药", "省科技厅", "responsible"),
        ("做强创新药", "省卫生健康委", "responsible"),
        ("做优医疗器械", "省药监局", "responsible"),
    ]


def test_a_note_that_the_first_listed_unit_leads():
    # Regression (held-out Guangxi plan): the note became an agency and every unit stayed responsible.
    text = "二、重点任务\n(一)做强创新药研发。加快研发。(责任单位:自治区科技厅、自治区卫生健康委、自治区药监局,排在第一位的为牵头单位)\n"
    assert rows(text) == [
        ("做强创新药研发", "自治区科技厅", "lead"),
        ("做强创新药研发", "自治区卫生健康委", "supporting"),
        ("做强创新药研发", "自治区药监局", "supporting"),
    ]


def test_led_by_and_working_with():
    # Regression (held-out Guangxi plan): 会同… after 由X牵头 gave no supporting rows.
    text = "三、保障措施\n(一)加强组织领导。由自治区工业和信息化厅牵头,会同自治区发展改革委、自治区科技厅等部门建立工作推进机制。\n"
    assert rows(text) == [
        ("加强组织领导", "自治区工业和信息化厅", "lead"),
        ("加强组织领导", "自治区发展改革委", "supporting"),
        ("加强组织领导", "自治区科技厅", "supporting"),
    ]


def test_rows_of_a_task_table_give_the_responsibilities_of_their_row():
    # Regression (held-out Taizhou plan): an HTML task table's cells went to the plan, and 市科技局(牵头)
    # stayed one agency.
    text = (
        "二、重点任务\n序号\t任务\t责任单位\t完成时限\n"
        "1\t加快创新药研发。每年实施10个以上项目。\t市科技局、市工信局\t2026年底\n"
        "2\t建设创新平台。推进研究院建设。\t市科技局(牵头),市卫健委、泰州医药高新区管委会\t2025年底\n"
    )
    assert rows(text) == [
        ("加快创新药研发", "市科技局", "responsible"),
        ("加快创新药研发", "市工信局", "responsible"),
        ("建设创新平台", "市科技局", "lead"),
        ("建设创新平台", "市卫健委", "supporting"),
        ("建设创新平台", "泰州医药高新区管委会", "supporting"),
    ]
