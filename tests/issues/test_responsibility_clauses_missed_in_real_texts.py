"""Regression (issue #10, real texts): inline responsibility clauses were missed, split or misread.

Composed texts of the genre (not seeds, not real texts): the X牵头,Y配合 clause in brackets or as a
sentence part, 按职责分工负责 / 配合推动实施 / 按职责分工落实 closing a list, the traditional label
責任部門和單位, an unlabelled bracket of bodies closing a sentence, a bracketed note inside a list, a
drafter, and clauses of inline numbered items and of a flat 一、二、 measure list.
"""

from biopolicy.loaders.pipeline import extract_document


def extracted(tmp_path, text):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(path)


def rows(tmp_path, text):
    extraction = extracted(tmp_path, text)
    return [
        (extraction.task_title(item.unit), item.agency, item.role) for item in extraction.responsibilities
    ]


HEAD = "某省促进生物医药产业高质量发展若干措施\n一、重点任务\n"


def test_a_bracketed_lead_and_supporting_clause(tmp_path):
    text = HEAD + "(一)建设创新平台。支持建设重点实验室。(省科技厅牵头,省发展改革委、省工业和信息化厅配合)\n"
    assert rows(tmp_path, text) == [
        ("建设创新平台", "省科技厅", "lead"),
        ("建设创新平台", "省发展改革委", "supporting"),
        ("建设创新平台", "省工业和信息化厅", "supporting"),
    ]


def test_a_lead_clause_as_a_sentence_with_a_duty_phrase(tmp_path):
    text = (
        HEAD + "(一)培育龙头企业。支持企业兼并重组。省工业和信息化厅牵头,省财政厅、省商务厅按职责分工负责。\n"
    )
    assert rows(tmp_path, text) == [
        ("培育龙头企业", "省工业和信息化厅", "lead"),
        ("培育龙头企业", "省财政厅", "supporting"),
        ("培育龙头企业", "省商务厅", "supporting"),
    ]


def test_supporting_bodies_closed_by_pei_he_tui_dong_shi_shi(tmp_path):
    text = HEAD + "(一)优化审评审批。压缩审评时限。(省药监局牵头,省卫生健康委、省医保局配合推动实施)\n"
    assert rows(tmp_path, text) == [
        ("优化审评审批", "省药监局", "lead"),
        ("优化审评审批", "省卫生健康委", "supporting"),
        ("优化审评审批", "省医保局", "supporting"),
    ]


def test_the_traditional_label_of_responsible_departments_and_units(tmp_path):
    text = "某市生物醫藥產業行動方案\n一、重點任務\n(一)建設產業園區。加快園區建設。(責任部門和單位:市發展改革委、市科技局)\n"
    assert [(agency, role) for _, agency, role in rows(tmp_path, text)] == [
        ("市发展改革委", "responsible"),
        ("市科技局", "responsible"),
    ]


def test_an_unlabelled_bracket_of_bodies_closing_a_sentence(tmp_path):
    text = (
        HEAD
        + "(一)强化原始创新。支持组建创新联合体。(市科委、昌平区政府)\n(二)扩大开放。支持企业(集团)走出去。\n"
    )
    assert rows(tmp_path, text) == [
        ("强化原始创新", "市科委", "responsible"),
        ("强化原始创新", "昌平区政府", "responsible"),
    ]


def test_a_bracketed_note_is_part_of_no_name_and_splits_nothing(tmp_path):
    text = HEAD + (
        "(一)保障要素供给。保障水电供应。"
        "(责任单位:市工信局、各区人民政府〈含开发区管委会,下同〉、各旗县级〈区〉人民政府〈管委会〉按职责分工落实)\n"
    )
    assert [agency for _, agency, _ in rows(tmp_path, text)] == [
        "市工信局",
        "各区人民政府",
        "各旗县级〈区〉人民政府",
    ]


def test_a_drafter_is_responsible_for_no_task(tmp_path):
    text = (
        "某市生物医药产业发展行动计划\n"
        "本计划由市工业和信息化局牵头起草,经市政府同意印发。\n"
        "一、重点任务\n(一)招引重大项目。加大招商力度。(市投资促进局牵头,市商务局配合)\n"
    )
    extraction = extracted(tmp_path, text)
    assert [item.agency for item in extraction.responsibilities] == ["市投资促进局", "市商务局"]
    assert any(r.family == "responsibilities" and "drafter" in r.reason for r in extraction.rejections)


def test_clauses_attach_to_inline_numbered_items(tmp_path):
    text = HEAD + ("(一)支持研发。(1)支持新药研发。(责任单位:省科技厅)(2)支持器械注册。(责任单位:省药监局)\n")
    assert rows(tmp_path, text) == [
        ("支持新药研发", "省科技厅", "responsible"),
        ("支持器械注册", "省药监局", "responsible"),
    ]


def test_clauses_attach_to_the_measures_of_a_flat_list(tmp_path):
    text = (
        "某市支持生物经济发展若干政策\n"
        "一、强化资金配套。对获得省级支持的项目给予配套。(责任单位:市财政局)\n"
        "二、支持研发创新。对新药研发给予奖励。(责任单位:市科技局)\n"
    )
    assert rows(tmp_path, text) == [
        ("强化资金配套", "市财政局", "responsible"),
        ("支持研发创新", "市科技局", "responsible"),
    ]


def test_clauses_attach_to_articles(tmp_path):
    text = "某开发区生物医药产业扶持办法\n第一条 支持项目落地。对新引进项目给予奖励。(责任单位:区经发局)\n"
    assert rows(tmp_path, text) == [("支持项目落地", "区经发局", "responsible")]


def test_a_labelled_list_whose_parts_name_their_roles_kept_the_cues_in_the_names(tmp_path):
    """责任单位:X、Y牵头;Z、W等配合 gave four ``responsible`` agencies, two of them 市B局牵头, 市D委等配合."""
    text = HEAD + "(一)编制发展规划。科学编制产业规划。(责任单位:市A委、市B局牵头;市C局、市D委等配合)\n"
    assert rows(tmp_path, text) == [
        ("编制发展规划", "市A委", "lead"),
        ("编制发展规划", "市B局", "lead"),
        ("编制发展规划", "市C局", "supporting"),
        ("编制发展规划", "市D委", "supporting"),
    ]


def test_a_labelled_list_without_role_cues_stays_responsible(tmp_path):
    text = HEAD + "(一)编制发展规划。科学编制产业规划。(责任单位:市A委、市B局;各区政府)\n"
    assert [role for _, _, role in rows(tmp_path, text)] == ["responsible"] * 3
