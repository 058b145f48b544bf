"""Headless Chromium for the browser tests: a DevTools client, page helpers, screenshots and pixel checks.

Chromium (the Debian ``chromium`` package) is driven over the Chrome DevTools Protocol through
``--remote-debugging-pipe``: commands go in on file descriptor 3 and answers come out on 4, as
NUL-terminated JSON, so no websocket client and no browser download is needed.

Two pixel checks can fail, and each test that uses one also shows it failing on a control:

* :func:`mark_pixels` counts the pixels of a screenshot region painted in one of the chart colours
  (a chart with no marks has none);
* :func:`glyph_difference` compares the screenshots of two characters: different Chinese characters
  drawn with a real font differ, while a font with no Chinese glyphs draws the same empty box for each.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio",
    "--remote-debugging-pipe", "--allow-file-access-from-files",
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


@contextlib.contextmanager
def running_browser(profile: Path) -> Iterator[DevTools]:
    """Headless Chromium with its own profile folder, closed and the folder removed afterwards."""
    devtools = DevTools(profile)
    try:
        yield devtools
    finally:
        devtools.close()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(devtools: DevTools, url: str, width: int = 1200, height: int = 900) -> str:
    target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        devtools.send(f"{domain}.enable", session=session)
    devtools.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": False}, session=session)
    devtools.send("Page.navigate", {"url": url}, session=session)
    return session


def evaluate(devtools: DevTools, session: str, expression: str):
    result = devtools.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                           session=session)
    if "exceptionDetails" in result:
        raise RuntimeError(f"{expression[:80]}…: {result['exceptionDetails'].get('exception', {}).get('description')}")
    return result["result"].get("value")


def wait_for(devtools: DevTools, session: str, expression: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = evaluate(devtools, session, expression)
        except RuntimeError:  # the page is not there yet (document.body is null while it loads)
            value = None
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
            if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith(("data:", "blob:", "file:")):
                found.append(f"request off this server: {url}")
    return found


# ---------------------------------------------------------------------------------------------
# Screenshots


def screenshot(devtools: DevTools, session: str, box: dict):
    """The region ``box`` ({x, y, width, height} in page CSS pixels) as a Pillow RGB image."""
    from PIL import Image

    clip = {key: float(box[key]) for key in ("x", "y", "width", "height")}
    data = devtools.send("Page.captureScreenshot",
                         {"format": "png", "clip": {**clip, "scale": 1}, "captureBeyondViewport": True},
                         session=session)
    return Image.open(io.BytesIO(base64.b64decode(data["data"]))).convert("RGB")


# The page box of an element (document coordinates); used as `box_of(selector expression)`.
BOX_JS = """(element => { const r = element.getBoundingClientRect();
  return {x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height}; })"""


def box_of(devtools: DevTools, session: str, element_expression: str, margin: float = 0) -> dict:
    """The element's page box, grown by ``margin`` CSS pixels on every side."""
    box = evaluate(devtools, session, f"{BOX_JS}({element_expression})")
    return {"x": box["x"] - margin, "y": box["y"] - margin,
            "width": box["width"] + 2 * margin, "height": box["height"] + 2 * margin}


def isolated_parts(devtools: DevTools, session: str, element_expression: str, parts: str, count: int) -> list:
    """Screenshots of the element's box, one for each of its first ``count`` parts, the others hidden.

    ``parts`` is a CSS selector of the parts inside the element (``use`` for the glyphs of an SVG
    label). Hiding the neighbours keeps their strokes out of each picture, whatever box the browser
    reports for one glyph.
    """
    box = box_of(devtools, session, element_expression, margin=4)
    shots = []
    for i in range(count):
        evaluate(devtools, session, f"({element_expression}).querySelectorAll('{parts}').forEach((part, j) => "
                                    f"part.style.visibility = j === {i} ? 'visible' : 'hidden')")
        shots.append(screenshot(devtools, session, box))
    evaluate(devtools, session, f"({element_expression}).querySelectorAll('{parts}').forEach(part => part.style.visibility = '')")
    return shots


def isolated_characters(devtools: DevTools, session: str, element_expression: str, count: int) -> list:
    """Screenshots of the first ``count`` characters of an element's text, one at a time.

    The element's text is split into one ``span`` per character (same font, same place), then
    :func:`isolated_parts` takes each.
    """
    evaluate(devtools, session, f"""(() => {{ const element = {element_expression};
      element.replaceChildren(...[...element.textContent].map(character => {{
        const span = document.createElement('span'); span.className = 'character'; span.textContent = character;
        return span; }})); }})()""")
    return isolated_parts(devtools, session, element_expression, "span.character", count)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def mark_pixels(image, colours: tuple[str, ...], tolerance: int = 10) -> int:
    """How many pixels of ``image`` are within ``tolerance`` (per channel) of one of ``colours``."""
    import numpy as np

    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    painted = np.zeros(pixels.shape[:2], dtype=bool)
    for colour in colours:
        painted |= (np.abs(pixels - np.array(hex_rgb(colour), dtype=np.int16)) <= tolerance).all(axis=2)
    return int(painted.sum())


INK = 160  # a pixel darker than this grey is ink (backgrounds here are white or a pale wash)


def ink(image) -> int:
    """The number of pixels darker than a light grey: how much was drawn."""
    import numpy as np

    return int((np.asarray(image.convert("L")) < INK).sum())


def _normalised(image, size: int = 32):
    grey = image.convert("L")
    bbox = grey.point(lambda value: 255 if value < INK else 0).getbbox()
    if bbox is None:
        return grey.resize((size, size))
    return grey.crop(bbox).resize((size, size))


def glyph_difference(first, second) -> float:
    """Mean absolute difference (0: the same shape, 1: opposite) of two glyph images, each cropped to its ink.

    Cropping to the ink makes the measure blind to where a glyph sits in its box, so the same
    missing-glyph box drawn at two positions compares as (nearly) 0.
    """
    import numpy as np

    a, b = (np.asarray(_normalised(image), dtype=np.float64) for image in (first, second))
    return float(np.abs(a - b).mean() / 255)
