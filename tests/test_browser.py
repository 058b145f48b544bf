"""The query page in headless Chromium: it loads, runs a canned query, shows rows, logs no errors.

Chromium is driven over its debugging pipe (:mod:`tests.chromium`). Every request the page makes is
recorded: all must go to the loopback server (the page works with no internet).
"""

from __future__ import annotations

import shutil
import time
from urllib.parse import urlencode

import pytest

from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.chromium import CHROMIUM, DevTools, evaluate, open_page, problems, wait_for
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
    profile = tmp_path_factory.mktemp("chromium-profile")
    devtools = DevTools(profile)
    yield devtools
    devtools.close()
    shutil.rmtree(profile, ignore_errors=True)


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
