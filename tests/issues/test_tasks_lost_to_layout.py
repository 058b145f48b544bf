"""Regression (issue #10, real texts): tasks were lost or invented when the layout was not one unit a line.

Composed texts of the genre, not seeds and not real texts: a plan whose chapter, section and items run
on one line, inline (1)…(2)… items, articles holding items, a flat 若干政策 list of 一、 measures, an
excerpt cut inside a heading, and a news page's own numbered notices.
"""

from biopolicy.loaders.pipeline import extract_document


def extracted(tmp_path, text):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path)


def tasks(tmp_path, text):
    return [(task.path, task.title) for task in extracted(tmp_path, text).tasks]


ONE_LINE = (
    "某市中药材产业发展实施方案(2022—2025年)\n"
    "一、总体要求 以新发展理念为引领,推动中药材产业高质量发展。\n"
    "三、主要任务 (一)加强中药材资源保护。 1.建设种质资源圃。开展种质收集和保存。"
    "2.推进良种繁育。建设良种繁育基地2个。(二)推进规范化种植。推广生态种植。\n"
)


def test_a_chapter_its_section_and_items_on_one_line_are_three_units(tmp_path):
    assert tasks(tmp_path, ONE_LINE) == [
        ("三.(一)", "加强中药材资源保护"),
        ("三.(一).1", "建设种质资源圃"),
        ("三.(一).2", "推进良种繁育"),
        ("三.(二)", "推进规范化种植"),
    ]


def test_a_heading_followed_by_its_body_after_a_blank_ends_at_the_blank(tmp_path):
    chapters = [unit.title for unit in extracted(tmp_path, ONE_LINE).tree.sections]
    assert chapters == ["总体要求", "主要任务"]


def test_inline_numbered_items_inside_one_paragraph_are_tasks(tmp_path):
    text = (
        "某县促进生物医药产业发展若干措施\n"
        "一、重点任务\n"
        "(一)支持创新研发。主要包括:(1)支持新药临床试验,给予最高500万元补助;(2)支持医疗器械注册,"
        "给予最高100万元奖励。\n"
    )
    assert tasks(tmp_path, text) == [
        ("一.(一)", "支持创新研发"),
        ("一.(一).(1)", "支持新药临床试验,给予最高500万元补助"),
        ("一.(一).(2)", "支持医疗器械注册,给予最高100万元奖励"),
    ]


def test_a_number_in_prose_that_does_not_continue_a_list_is_no_item(tmp_path):
    text = "某区生物医药行动计划\n一、重点任务\n(一)培育企业。全区已有企业 3.培育目标见附表。\n"
    assert tasks(tmp_path, text) == [("一.(一)", "培育企业")]


def test_articles_hold_their_items_and_an_untitled_article_is_titled_by_its_first_sentence(tmp_path):
    text = (
        "某开发区支持生物医药产业发展若干措施\n"
        "第一条 为加快园区生物医药产业集聚发展,制定本措施。\n"
        "第二条 支持项目落地 1.重大项目招引。对新引进项目给予奖励。2.企业增资扩产。给予补助。\n"
    )
    assert tasks(tmp_path, text) == [
        ("第一条", "为加快园区生物医药产业集聚发展,制定本措施"),
        ("第二条", "支持项目落地"),
        ("第二条.1", "重大项目招引"),
        ("第二条.2", "企业增资扩产"),
    ]


def test_a_flat_list_of_measures_without_chapters_gives_one_task_each(tmp_path):
    text = (
        "某市支持生物经济加快发展若干政策\n"
        "为加快发展生物经济,制定本政策。\n"
        "一、强化政策资金配套。对获得省级资金支持的项目,市级按1:1给予配套。\n"
        "二、支持企业研发创新。对新取得临床批件的企业给予最高300万元奖励。\n"
    )
    extraction = extracted(tmp_path, text)
    assert [(task.path, task.title, task.kind) for task in extraction.tasks] == [
        ("一", "强化政策资金配套", "measure"),
        ("二", "支持企业研发创新", "measure"),
    ]


def test_chapters_that_only_name_parts_of_a_plan_are_no_tasks(tmp_path):
    text = (
        "某市大健康产业三年行动计划\n"
        "一、总体原则 政府引导,市场主导。强化政府在标准建设方面的作用。\n"
        "二、发展目标 到2025年,大健康产业总产值达到500亿元。\n"
    )
    assert tasks(tmp_path, text) == []


def test_a_heading_cut_off_by_the_end_of_the_excerpt_is_no_task(tmp_path):
    text = (
        "某市促进医药健康产业高质量发展的若干政策措施\n"
        "一、提升研发能力\n"
        "(一)药品。\n"
        "1.创新药:完成Ⅰ期临床试验的给予100万元奖励。\n"
        "2.对企业新取得注册证书的仿制药、生物类似药、"
    )
    extraction = extracted(tmp_path, text)
    assert [task.path for task in extraction.tasks] == ["一.(一)", "一.(一).1"]
    assert any(r.family == "tasks" and "cut off" in r.reason for r in extraction.rejections)


def test_a_news_pages_numbered_notices_are_no_tasks(tmp_path):
    text = (
        "某县着力培育医药产业 到2025年产值将不低于500亿元\n"
        "某县相关负责人表示,到2025年,全县医药产业产值将不低于500亿元。\n"
        "1、本网部分资讯为网上搜集转载,为网友学习交流之用。\n"
        "2、凡本网注明来源的所有作品,版权均属本网所有。\n"
    )
    extraction = extracted(tmp_path, text)
    assert extraction.tasks == []
    assert sum(r.family == "tasks" and "page-chrome" in r.reason for r in extraction.rejections) == 2


def test_yi_shi_er_shi_clauses_are_not_tasks(tmp_path):
    text = (
        "某市生物医药产业行动方案\n"
        "一、重点任务\n"
        "(一)壮大产业集群。一是培育龙头企业,二是引进重大项目,三是建设特色园区。\n"
    )
    assert tasks(tmp_path, text) == [("一.(一)", "壮大产业集群")]
