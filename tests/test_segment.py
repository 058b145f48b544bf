"""The segmenter finds the numbered and labelled units of plans numbered in different ways."""

from biopolicy.loaders.segment import segment

NUMBERED = """成都市促进生物医药产业高质量发展若干措施
一、总体目标
到2025年,全市生物医药产业规模达到2000亿元。
二、重点任务
(一)建设创新平台
支持建设国家级创新平台。
1.建设临床研究中心。加快建设。
2、建设检验检测平台。
(1)开展试点。
(二)培育企业
工作目标:到2025年,新增高新技术企业50家。
重要举措:
1、招引龙头企业。加大招商力度。
2、培育专精特新企业。
政策保障:
1、支持企业上市。给予最高300万元奖励。
责任单位:市经信局、市科技局。
三、保障措施
(一)加强组织领导。建立联席会议制度。
"""


def paths(tree):
    return [(unit.kind, unit.path, unit.title) for unit in tree.walk()]


def test_chapters_sections_items_and_labels_nest():
    found = paths(segment(NUMBERED))
    assert ("chapter", "二", "重点任务") in found
    assert ("section", "二.(一)", "建设创新平台") in found
    assert ("item", "二.(一).1", "建设临床研究中心") in found
    assert ("item", "二.(一).2", "建设检验检测平台") in found
    assert ("subitem", "二.(一).2.(1)", "开展试点") in found
    assert ("label", "二.(二).工作目标", "工作目标") in found
    assert ("item", "二.(二).重要举措.1", "招引龙头企业") in found
    assert ("item", "二.(二).政策保障.1", "支持企业上市") in found
    assert ("label", "二.(二).责任单位", "责任单位") in found
    assert ("section", "三.(一)", "加强组织领导") in found


def test_a_unit_spans_until_the_next_unit_of_its_level():
    tree = segment(NUMBERED)
    section = next(unit for unit in tree.walk() if unit.path == "二.(一)")
    body = NUMBERED[section.span[0] : section.span[1]]
    assert body.startswith("(一)建设创新平台") and body.endswith("(1)开展试点。")
    title = NUMBERED[section.title_span[0] : section.title_span[1]]
    assert title == "建设创新平台"


def test_the_preamble_ends_at_the_first_unit():
    tree = segment(NUMBERED)
    assert NUMBERED[: tree.preamble[1]].strip() == "成都市促进生物医药产业高质量发展若干措施"


def test_unnumbered_headings_and_dash_items():
    text = "发展目标\n到2025年产值达到500亿元。\n重点任务\n——实施疫苗提升工程。发展新型疫苗。\n——实施器械壮大工程。\n保障措施\n——构建人才体系。\n"
    found = paths(segment(text))
    assert ("heading", "发展目标", "发展目标") in found
    assert ("dash", "重点任务.—1", "实施疫苗提升工程") in found
    assert ("dash", "重点任务.—2", "实施器械壮大工程") in found
    assert ("dash", "保障措施.—1", "构建人才体系") in found


def test_articles_and_chapters_of_regulation_style_documents():
    text = "第一章 总则\n第一条 为促进产业发展,制定本办法。\n第二条 本办法适用于全省。\n"
    found = paths(segment(text))
    assert ("chapter", "一", "总则") in found
    assert ("article", "一.第一条", "为促进产业发展,制定本办法") in found


def test_a_document_without_numbering_is_all_preamble():
    tree = segment("本市将大力发展生物医药产业。\n到2025年产值达到100亿元。\n")
    assert tree.sections == []
    assert tree.preamble[1] > 0


def test_years_and_decimals_at_a_line_start_are_not_items():
    found = paths(segment("2022年,产业规模达1200亿元。\n1.5万人就业。\n"))
    assert found == []


UNNUMBERED = """烟台市推进生物医药产业高质量发展工作措施
来源:市工业和信息化局
总体目标
到2027年,全市生物医药产业营业收入达到1500亿元。
重点任务
创新药物攻坚:支持龙头企业开展创新药研发。(牵头部门:市科技局)
招商引资:围绕产业链关键环节精准招商。
保障措施
组织领导:建立市级领导联系重点企业制度。
附件:重点项目清单。
"""


def test_labelled_paragraphs_are_units_in_a_plan_that_numbers_nothing():
    # Regression: a plan with no numbering at all had no units below its chapter headings.
    units = [(unit.kind, unit.path, unit.title) for unit in segment(UNNUMBERED).walk()]
    paragraphs = [(path, title) for kind, path, title in units if kind == "paragraph"]
    assert paragraphs == [("重点任务.1", "创新药物攻坚"), ("重点任务.2", "招商引资"), ("保障措施.1", "组织领导")]


def test_labelled_paragraphs_stay_body_text_where_the_plan_numbers_its_units():
    numbered = UNNUMBERED.replace("创新药物攻坚:", "(一)创新药物攻坚。")
    assert not any(unit.kind == "paragraph" for unit in segment(numbered).walk())


def test_a_responsibility_line_after_an_item_stays_in_that_item():
    # Regression: 责任单位:… on its own line after 1.做强创新药。 closed the item and then held the next
    # items (二.责任单位.2), so every clause of the chapter went to plan level.
    text = "二、重点任务\n1.做强创新药。支持研发。\n责任单位:省科技厅\n2.做优医疗器械。推动升级。\n责任单位:省药监局\n"
    units = [(unit.kind, unit.path) for unit in segment(text).walk()]
    assert units == [
        ("chapter", "二"),
        ("item", "二.1"),
        ("label", "二.1.责任单位"),
        ("item", "二.2"),
        ("label", "二.2.责任单位"),
    ]


TASK_TABLE = """二、重点任务
围绕以下重点任务(见下表)。
序号\t任务\t责任单位\t完成时限
1\t加快创新药研发。每年实施10个以上项目。\t市科技局、市工信局\t2026年底
2\t建设高水平创新平台\t市科技局\t2025年底
三、保障措施
(一)加强组织领导。建立工作专班。
"""


def test_numbered_rows_of_a_task_table_are_units():
    # Regression (held-out Taizhou plan): the rows of an HTML 序号/任务/责任单位 table were no units.
    assert paths(segment(TASK_TABLE)) == [
        ("chapter", "二", "重点任务"),
        ("row", "二.1", "加快创新药研发"),
        ("row", "二.2", "建设高水平创新平台"),
        ("chapter", "三", "保障措施"),
        ("section", "三.(一)", "加强组织领导"),
    ]


def test_rows_of_an_annex_table_that_restate_body_units_are_not_units_again():
    text = "一、重点任务\n(一)加快创新药研发。加快研发。\n附件\n序号\t重点任务\t责任单位\n1\t加快创新药研发\t市科技局\n"
    assert [path for _, path, _ in paths(segment(text))] == ["一", "一.(一)"]
