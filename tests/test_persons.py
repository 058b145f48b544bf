"""Persons (loaders/extract/persons.py) on short plan texts composed for the tests."""

from __future__ import annotations

from biopolicy.loaders.extract.persons import extract_persons
from tests.test_parks import assert_spans_hold_names, make_context, make_task


def persons_of(text: str, **kwargs):
    context = make_context(text, **kwargs)
    persons = extract_persons(context)
    assert_spans_hold_names(context, persons)
    return persons


def rows(persons):
    return [(p.name, p.type, p.note) for p in persons]


def test_a_leader_line_with_a_bare_name():
    assert rows(persons_of("牵头领导:王建国\n责任单位:市科技局按照职责分工负责。")) == [
        ("王建国", "lead-leader", "牵头领导")
    ]


def test_a_bracketed_title_is_the_note_and_not_part_of_the_name():
    assert rows(persons_of("牵头领导:张三(副市长)\n")) == [("张三", "lead-leader", "副市长")]


def test_a_list_of_leaders_with_a_trailing_title():
    assert rows(persons_of("责任领导:王五副市长、赵六\n")) == [
        ("王五", "responsible-leader", "副市长"),
        ("赵六", "responsible-leader", "责任领导"),
    ]


def test_an_office_without_a_name_is_kept_as_the_role_phrase():
    assert rows(persons_of("牵头市领导:市政府分管副市长\n")) == [
        ("市政府分管副市长", "lead-leader", "市政府分管副市长")
    ]


def test_a_leader_label_inside_a_bracket_after_the_agencies():
    persons = persons_of("建设平台。(牵头单位:市科技局;牵头领导:孙七)")
    assert rows(persons) == [("孙七", "lead-leader", "牵头领导")]


def test_a_leader_leads_the_task_the_line_sits_in():
    text = "(一)创新药物工程\n支持新药研发。\n牵头领导:李明\n(二)人才工程\n引进人才。"
    task = make_task(text, "二.(一)", "创新药物工程", "(一)创新药物工程\n支持新药研发。\n牵头领导:李明")
    assert [(p.name, p.unit) for p in persons_of(text, tasks=[task])] == [("李明", "二.(一)")]


def test_the_word_without_a_label_colon_names_nobody():
    assert persons_of("牵头领导要亲自部署,各部门按照职责分工负责。") == []
