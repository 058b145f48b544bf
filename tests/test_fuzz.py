"""Fuzzing the loaders with Hypothesis: mutated real and composed plans (issue #12).

Every input, however damaged, either extracts (and emits) or raises the documented user error
(:class:`BiopolicyError`), finishes within a bound linear in its size, and, when refused, leaves a
store exactly as it was. ``make test`` runs a bounded budget (profile ``ci``: a fixed sequence, so a
failure is reproducible); ``make fuzz`` runs the ``long`` profile and writes its figures (inputs
tried, refusals, failures, the slowest input per KB) to ``build/fuzz.json``.

The mutations follow what real pages and unlucky users do: byte flips, truncation in the middle of
a multi-byte sequence, re-encoding (GBK, GB18030, Big5, UTF-16), invisible, bidi and combining
characters, NULs, HTML with unclosed tags and huge attributes, absurd numbers and years, one huge
line, and floods of numbered headings.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biopolicy.graph.cli import main as biopolicy
from biopolicy.loaders.emit import plan_graph
from biopolicy.loaders.errors import BiopolicyError
from biopolicy.loaders.pipeline import extract_document, to_json
from tests.graph_fixtures.fake_loaders import snapshot

REPOSITORY = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPOSITORY / "documents").glob("*.txt")) + sorted(
    path for path in (REPOSITORY / "tests" / "composed").glob("*/document.*")
)
SECONDS_FIXED, SECONDS_PER_KB = 5.0, 0.05  # measured: ≈ 0.015 s per KB on one long line (BENCHMARKS.md)
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u0301\u0308\u3000"

settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
settings.register_profile("long", max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.fuzz
FIGURES = {"tried": 0, "extracted": 0, "refused": 0, "failures": 0, "slowest_s_per_kb": 0.0, "slowest": ""}


# ------------------------------------------------------------------------------------------ mutations


def _positions(draw, length: int, most: int = 8) -> list[int]:
    return draw(st.lists(st.integers(0, max(0, length)), min_size=1, max_size=most))


@st.composite
def flip_bytes(draw, data: bytes) -> tuple[bytes, str]:
    damaged = bytearray(data)
    if not damaged:
        return data, ".txt"
    for position in _positions(draw, len(data) - 1):
        damaged[position] = draw(st.integers(0, 255))
    return bytes(damaged), ".txt"


@st.composite
def truncate(draw, data: bytes) -> tuple[bytes, str]:
    return data[: draw(st.integers(0, len(data)))], ".txt"  # often in the middle of a character


@st.composite
def re_encode(draw, data: bytes) -> tuple[bytes, str]:
    encoding = draw(st.sampled_from(["gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-8-sig"]))
    return data.decode("utf-8").encode(encoding, errors="replace"), ".txt"


@st.composite
def insert_characters(draw, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8")
    alphabet = st.sampled_from(list(INVISIBLE) + ["\x00", "\x01", "\x1b", "\ufffd", "😀", "𠀀"])
    for position in sorted(_positions(draw, len(text), most=30), reverse=True):
        text = text[:position] + draw(st.text(alphabet, min_size=1, max_size=6)) + text[position:]
    return text.encode("utf-8"), ".txt"


@st.composite
def broken_html(draw, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8")
    attribute = "x" * draw(st.integers(0, 200_000))
    opener = draw(st.sampled_from(["<div", "<script", "<style", "<p", "<table><tr><td", "<!--", "<![CDATA["]))
    cut = draw(st.integers(0, len(text)))
    page = f"<html><body {opener} class='{attribute}'>{text[:cut]}<span title=\"{text[cut:]}"
    return page.encode("utf-8"), ".html"


@st.composite
def absurd_numbers(draw, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8")
    absurd = draw(st.sampled_from(["9" * 400, "1e308", "-500", "0", "99999", "1,0,0,0", "１２３４５６７８９０", "二〇九九九九"]))
    for unit in ("亿元", "万元", "年", "家", "%"):
        text = text.replace("1" + unit, absurd + unit, draw(st.integers(0, 5)))
    return text.encode("utf-8"), ".txt"


@st.composite
def huge_line(draw, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8")
    repeats = draw(st.integers(1, 12))
    return (text.replace("\n", "") * repeats).encode("utf-8"), ".txt"


@st.composite
def heading_flood(draw, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8")
    heading = draw(st.sampled_from(["1.\n", "(一)\n", "一、\n", "第一章\n", "1.1.1.1.1.1.1.1.\n", "（1）推进\n"]))
    cut = draw(st.integers(0, len(text)))
    return (text[:cut] + heading * draw(st.integers(1, 3000)) + text[cut:]).encode("utf-8"), ".txt"


MUTATIONS = [flip_bytes, truncate, re_encode, insert_characters, broken_html, absurd_numbers, huge_line, heading_flood]


@st.composite
def mutated_documents(draw) -> tuple[bytes, str, str]:
    source = draw(st.sampled_from(SOURCES))
    data, suffix, applied = source.read_bytes(), source.suffix, []
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=2)):
        try:
            data, suffix = draw(mutation(data))
        except UnicodeDecodeError:  # a text-level mutation after a byte-level one: skip it
            continue
        applied.append(mutation.__name__)
    return data, suffix, f"{source.name} + {', '.join(applied) or 'nothing'}"


# ------------------------------------------------------------------------------------------ properties


def _extract_or_refuse(path: Path) -> bool:
    """True when the input extracted and emitted; False when refused with the documented error."""
    try:
        extraction = extract_document(path)
    except BiopolicyError as error:
        assert str(path) in str(error), f"the error does not name the file: {error}"
        return False
    plan_graph(extraction)
    to_json(extraction)
    return True


@given(mutated_documents())
def test_every_mutated_document_extracts_or_is_refused_in_linear_time(tmp_path_factory, document):
    data, suffix, description = document
    path = tmp_path_factory.mktemp("fuzz") / f"mutated{suffix}"
    path.write_bytes(data)
    started = time.perf_counter()
    try:
        extracted = _extract_or_refuse(path)
    except Exception:
        FIGURES["failures"] += 1
        raise
    finally:
        FIGURES["tried"] += 1
    seconds = time.perf_counter() - started
    kilobytes = max(1.0, len(data) / 1024)
    FIGURES["extracted" if extracted else "refused"] += 1
    if seconds / kilobytes > FIGURES["slowest_s_per_kb"]:
        FIGURES.update(slowest_s_per_kb=seconds / kilobytes, slowest=f"{description}: {len(data):,} bytes, {seconds:.2f} s")
    bound = SECONDS_FIXED + SECONDS_PER_KB * kilobytes
    assert seconds <= bound, f"{description}: {seconds:.1f} s for {kilobytes:.0f} KB (bound {bound:.1f} s)"


@pytest.fixture(scope="module")
def pristine_store(tmp_path_factory) -> Path:
    """A store of the five seeds, built once; each example works on a fresh copy of it."""
    store = tmp_path_factory.mktemp("pristine") / "build"
    assert biopolicy(["build", "--documents", str(REPOSITORY / "documents"), "--store", str(store)]) == 0
    return store


@settings(max_examples=10 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 150)
@given(mutated_documents())
def test_a_refused_document_leaves_the_store_unchanged(pristine_store, tmp_path_factory, document):
    data, suffix, _ = document
    work = tmp_path_factory.mktemp("store")
    store = work / "build"
    shutil.copytree(pristine_store, store)
    path = work / f"mutated{suffix}"
    path.write_bytes(data)
    before = snapshot(store)
    status = biopolicy(["add", str(path), "--store", str(store)])
    if status != 0:
        assert snapshot(store) == before
        assert not [entry.name for entry in work.iterdir() if entry.name.startswith("build.tmp")]


@pytest.fixture(scope="module", autouse=True)
def figures():
    """Print (and with BIOPOLICY_FUZZ_STATS, write) what the fuzzer tried, for BENCHMARKS.md."""
    yield
    print(f"\nfuzz: {json.dumps(FIGURES, ensure_ascii=False)}")
    if os.environ.get("BIOPOLICY_FUZZ_STATS"):
        Path(os.environ["BIOPOLICY_FUZZ_STATS"]).write_text(json.dumps(FIGURES, ensure_ascii=False, indent=2), encoding="utf-8")
