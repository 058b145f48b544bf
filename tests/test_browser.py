"""The query page in headless Chromium: it loads, runs a canned query, shows rows, logs no errors.

Chromium (the Debian ``chromium`` package) is driven over the Chrome DevTools Protocol through
``--remote-debugging-pipe``: commands go in on file descriptor 3 and answers come out on 4, as
NUL-terminated JSON, so no websocket client and no browser download is needed. Every request the
page makes is recorded: all must go to the loopback server (the page works with no internet).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from biopolicy.graph.endpoint.handler import Endpoint, ServeConfig
from tests.graph_fixtures import fake_loaders

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium (/usr/bin/chromium) is not installed")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
    "--remote-debugging-pipe",
)


class DevTools:
    """A minimal Chrome DevTools Protocol client over Chromium's debugging pipe."""

    def __init__(self, user_data_dir: Path):
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire_pipes() -> None:
            os.dup2(to_browser_read, 3)
            os.dup2(from_browser_write, 4)

        self.process = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={user_data_dir}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire_pipes,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self.events: list[dict] = []
        self._condition = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        while chunk := os.read(self._from_browser, 1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._condition:
                for raw in messages:
                    item = json.loads(raw)
                    if "id" in item:
                        self._answers[item["id"]] = item
                    else:
                        self.events.append(item)
                self._condition.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 20) -> dict:
        with self._condition:
            self._next_id += 1
            ident = self._next_id
        command = {"id": ident, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self._to_browser, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + timeout
        with self._condition:
            while ident not in self._answers:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"Chromium did not answer {method}")
                self._condition.wait(left)
            answer = self._answers.pop(ident)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        os.close(self._to_browser)
        self._reader.join(5)
        os.close(self._from_browser)


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


def open_page(devtools: DevTools, url: str) -> str:
    target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        devtools.send(f"{domain}.enable", session=session)
    devtools.send("Page.navigate", {"url": url}, session=session)
    return session


def evaluate(devtools: DevTools, session: str, expression: str):
    result = devtools.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    return result["result"].get("value")


def wait_for(devtools: DevTools, session: str, expression: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = evaluate(devtools, session, expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expression}")


def problems(devtools: DevTools, session: str) -> list[str]:
    """Console errors, uncaught exceptions and failed or non-loopback requests of one page."""
    found = []
    for event in devtools.events:
        if event.get("sessionId") != session:
            continue
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert", "warning"):
            found.append(f"console.{params['type']}: {params['args']}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append(f"log: {params['entry']['text']} {params['entry'].get('url', '')}")
        elif method == "Network.loadingFailed":
            found.append(f"request failed: {params.get('errorText')}")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith(("data:", "blob:")):
                found.append(f"request off this server: {url}")
    return found


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
