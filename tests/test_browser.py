"""The query page in headless Chromium: it loads, runs a canned query, shows rows, logs no errors.

Chromium is driven over its debugging pipe (:mod:`tests.chromium`). Every request the page makes is
recorded: all must go to the loopback server (the page works with no internet).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest

from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.chromium import CHROMIUM, evaluate, open_page, problems, running_browser, wait_for
from tests.graph_fixtures import fake_loaders

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium (/usr/bin/chromium) is not installed")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        store_dir = tmp_path_factory.mktemp("browser") / "build"
        fake_loaders.build_fixture_store(store_dir)
    with Endpoint(ServeConfig(store_dir=store_dir, port=0, workers=1)) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with running_browser(tmp_path_factory.mktemp("chromium-profile")) as devtools:
        yield devtools


def test_the_query_page_runs_a_canned_query_and_shows_its_rows(endpoint, browser):
    session = open_page(browser, endpoint.url + "?canned=plans&run=1")
    state = wait_for(browser, session, "['done', 'failed'].includes(document.body.dataset.state) && document.body.dataset.state")
    assert state == "done", evaluate(browser, session, "document.getElementById('error').textContent")
    headers = evaluate(browser, session, "[...document.querySelectorAll('#results thead th')].map(th => th.textContent)")
    assert headers[:3] == ["plan", "title", "jurisdiction"]
    titles = evaluate(browser, session, "[...document.querySelectorAll('#results tbody tr')].map(tr => tr.cells[1].textContent)")
    assert sorted(titles) == sorted(
        ["厦门市做强做大生物医药产业三年行动计划", "深圳市促进生物医药产业集群发展实施方案", "湖北省关于加快生物医药产业高质量发展的实施意见"]
    )
    options = evaluate(browser, session, "document.querySelectorAll('#canned option').length")
    assert options > 10
    link = evaluate(browser, session, "document.querySelector('#results tbody a').getAttribute('href')")
    assert link.startswith("id/plan/")
    download = evaluate(browser, session, "[document.getElementById('download').hidden, document.getElementById('download').download, document.getElementById('download').href]")
    assert download[0] is False and download[1] == "plans.csv" and download[2].startswith("blob:")
    assert problems(browser, session) == []


def test_the_csv_download_holds_the_rows(endpoint, browser, tmp_path):
    session = open_page(browser, endpoint.url + "?canned=plans&run=1")
    wait_for(browser, session, "document.body.dataset.state === 'done'")
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    evaluate(browser, session, "document.getElementById('download').click()")
    deadline = time.monotonic() + 10
    while not (tmp_path / "plans.csv").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = (tmp_path / "plans.csv").read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].startswith("plan,title,jurisdiction") and len([line for line in lines if line]) == 4
    assert problems(browser, session) == []


def test_an_error_is_shown_on_the_page_not_thrown(endpoint, browser):
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    session = open_page(browser, endpoint.url + "?" + urlencode({"query": query, "run": "1"}))
    wait_for(browser, session, "document.body.dataset.state === 'failed'")
    text = evaluate(browser, session, "document.getElementById('error').textContent")
    assert text.startswith("400 Bad Request: SERVICE is not allowed")
    kinds = [problem for problem in problems(browser, session) if "status of 400" not in problem]
    assert kinds == []


def test_a_resource_page_renders_without_errors(endpoint, browser):
    session = open_page(browser, endpoint.url + "id/jurisdiction/350200-xiamenshi")
    heading = wait_for(browser, session, "document.querySelector('h1') && document.querySelector('h1').textContent")
    assert heading == "厦门市"
    wait_for(browser, session, "document.readyState === 'complete'")
    assert problems(browser, session) == []


def test_the_error_detector_sees_console_errors(endpoint, browser):
    session = open_page(browser, endpoint.url + "id/jurisdiction/350200-xiamenshi")
    wait_for(browser, session, "document.readyState === 'complete'")
    evaluate(browser, session, "console.error('probe')")
    evaluate(browser, session, "setTimeout(() => { throw new Error('thrown probe') }, 0)")
    time.sleep(0.3)
    found = problems(browser, session)
    assert any("probe" in problem for problem in found if problem.startswith("console.error"))
    assert any(problem.startswith("exception:") for problem in found)


# ---------------------------------------------------------------------------------------------
# The editor, the parameter form, the permalink, numbers and the chart (issue #14)

EDITOR = "document.querySelector('.CodeMirror').CodeMirror"
TWO_COLUMNS = (
    "PREFIX bp: <https://w3id.org/biopolicy/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "SELECT ?title (STRLEN(?title) AS ?length) WHERE { ?plan a bp:Plan ; dcterms:title ?title }"
)


def run_and_wait(browser, session) -> str:
    return wait_for(browser, session, "['done', 'failed'].includes(document.body.dataset.state) && document.body.dataset.state")


def test_the_editor_highlights_sparql(endpoint, browser):
    session = open_page(browser, endpoint.url + "?canned=plans")
    wait_for(browser, session, "document.body.dataset.state === 'ready'")
    keywords = evaluate(browser, session, "[...document.querySelectorAll('.CodeMirror .cm-keyword')].map(e => e.textContent.toUpperCase())")
    assert "SELECT" in keywords and "WHERE" in keywords
    assert evaluate(browser, session, "document.querySelectorAll('.CodeMirror .cm-variable-2').length") > 3  # ?plan, ?title…
    assert evaluate(browser, session, f"{EDITOR}.getValue()").startswith("# title: Plans")
    assert problems(browser, session) == []


def test_a_param_comes_from_the_url_into_the_form_the_query_and_back_into_the_url(endpoint, browser):
    session = open_page(browser, endpoint.url + "?canned=targets_for_year&param.year=2030&run=1")
    assert run_and_wait(browser, session) == "done"
    assert evaluate(browser, session, "document.getElementById('param-year').value") == "2030"
    assert 'VALUES ?year { "2030" }' in evaluate(browser, session, f"{EDITOR}.getValue()")
    search = evaluate(browser, session, "window.location.search")
    assert search == "?canned=targets_for_year&param.year=2030&run=1"
    evaluate(browser, session, "(() => { const input = document.getElementById('param-year'); input.value = '2027';"
                               "input.dispatchEvent(new Event('input')); })()")
    assert 'VALUES ?year { "2027" }' in evaluate(browser, session, f"{EDITOR}.getValue()")
    assert "param.year=2027" in evaluate(browser, session, "window.location.search")
    assert evaluate(browser, session, "document.getElementById('permalink').getAttribute('href')").endswith(
        evaluate(browser, session, "window.location.search"))
    assert problems(browser, session) == []


def test_a_param_of_the_wrong_kind_is_refused_on_the_page(endpoint, browser):
    session = open_page(browser, endpoint.url + "?canned=targets_for_year")
    wait_for(browser, session, "document.body.dataset.state === 'ready'")
    evaluate(browser, session, "(() => { const input = document.getElementById('param-year'); input.value = 'abc';"
                               "input.dispatchEvent(new Event('input')); })()")
    evaluate(browser, session, "document.getElementById('run').click()")
    assert run_and_wait(browser, session) == "failed"
    assert "is not a year of four digits" in evaluate(browser, session, "document.getElementById('error').textContent")
    assert evaluate(browser, session, "document.getElementById('param-year').getAttribute('aria-invalid')") == "true"
    assert problems(browser, session) == []


def test_the_url_follows_the_canned_choice_and_hand_edits(endpoint, browser):
    session = open_page(browser, endpoint.url)
    wait_for(browser, session, "document.body.dataset.state === 'ready'")
    evaluate(browser, session, "(() => { const s = document.getElementById('canned'); s.value = 'agencies';"
                               "s.dispatchEvent(new Event('change')); })()")
    assert evaluate(browser, session, "window.location.search") == "?canned=agencies"
    evaluate(browser, session, f"{EDITOR}.setValue('ASK {{ ?s ?p ?o }}')")
    wait_for(browser, session, "window.location.search.startsWith('?query=')")
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(evaluate(browser, session, "window.location.href")).query)["query"] == ["ASK { ?s ?p ?o }"]


def test_large_numbers_get_thousands_separators_and_years_do_not(endpoint, browser):
    query = "SELECT ?yuan ?year WHERE { VALUES (?yuan ?year) { (100000000000 2025) } }"
    session = open_page(browser, endpoint.url + "?" + urlencode({"query": query, "run": "1"}))
    assert run_and_wait(browser, session) == "done"
    cells = evaluate(browser, session, "[...document.querySelectorAll('#results tbody td')].map(td => [td.textContent, td.title])")
    assert cells[0][0] == "100,000,000,000" and cells[0][1].startswith("100000000000 ")
    assert cells[1][0] == "2025"


def test_a_two_column_result_draws_a_bar_chart(endpoint, browser):
    from biopolicy.graph import report
    from tests.chromium import box_of, mark_pixels, screenshot

    session = open_page(browser, endpoint.url + "?" + urlencode({"query": TWO_COLUMNS, "run": "1"}))
    assert run_and_wait(browser, session) == "done"
    assert evaluate(browser, session, "document.getElementById('chart-button').hidden") is False
    evaluate(browser, session, "document.getElementById('chart-button').click()")
    wait_for(browser, session, "!document.getElementById('chart').hidden")
    assert evaluate(browser, session, "document.querySelectorAll('#chart rect.bar').length") == 3
    image = screenshot(browser, session, box_of(browser, session, "document.querySelector('#chart svg')"))
    assert mark_pixels(image, (report.PALETTE[0],)) > 500
    assert problems(browser, session) == []

    many = open_page(browser, endpoint.url + "?canned=plans&run=1")
    assert run_and_wait(browser, many) == "done"
    assert evaluate(browser, many, "document.getElementById('chart-button').hidden") is True


def test_chinese_on_the_query_page_is_drawn_as_glyphs_not_boxes(endpoint, browser):
    from tests.chromium import glyph_difference, ink, isolated_characters

    session = open_page(browser, endpoint.url)
    wait_for(browser, session, "document.body.dataset.state === 'ready'")
    heading = "document.querySelector('header h1 span[lang=zh]')"
    assert evaluate(browser, session, f"({heading}).textContent").startswith("地方政府")
    glyphs = isolated_characters(browser, session, heading, 3)
    assert all(ink(glyph) > 20 for glyph in glyphs)
    assert min(glyph_difference(glyphs[0], glyphs[1]), glyph_difference(glyphs[1], glyphs[2])) > 0.12
    evaluate(browser, session, "document.querySelector('header').insertAdjacentHTML('beforeend', "
                               "'<p id=unassigned>\\u{10FFFD}\\u{10FFFC}\\u{10FFFB}</p>')")
    boxes = isolated_characters(browser, session, "document.getElementById('unassigned')", 3)
    assert glyph_difference(boxes[0], boxes[1]) < 0.12  # the control: boxes look alike


def test_a_task_page_shows_each_fact_with_its_words_value_and_quote_inline(endpoint, browser):
    session = open_page(browser, endpoint.url + "id/task/350200-2020-xmszqzdswyycysnxdjh/3-1")
    wait_for(browser, session, "document.readyState === 'complete' && !!document.querySelector('h1')")
    row = evaluate(browser, session, "[...document.querySelectorAll('table.properties tr')]"
                                     ".find(tr => tr.querySelector('a[href*=\"target/\"]')).querySelector('td').innerText")
    assert "新药获批" in row and "≥ 10 个" in row and "到2025年获批新药10个以上" in row and "line 39" in row
    incentive = evaluate(browser, session, "[...document.querySelectorAll('table.properties tr')]"
                                           ".find(tr => tr.querySelector('a[href*=\"incentive/\"]')).innerText")
    assert "500 万元" in incentive and "国家级科技创新平台" in incentive
    assert problems(browser, session) == []


def test_a_target_page_shows_its_own_quote(endpoint, browser):
    session = open_page(browser, endpoint.url + "id/target/350200-2020-xmszqzdswyycysnxdjh/1200")
    wait_for(browser, session, "document.readyState === 'complete' && !!document.querySelector('.own-fact')")
    assert "到2025年获批新药10个以上" in evaluate(browser, session, "document.querySelector('.own-fact q.quote').textContent")
