"""``biopolicy report``: the HTML report of cross-city comparisons, offline, in headless Chromium.

The store is built from the real plans of ``documents/``. The browser checks are screenshots: each
chart must have painted pixels in its mark colours, and a Chinese label must come out as distinct
glyphs; the same label drawn with a font that has no Chinese glyphs (the control) must come out as
identical boxes, which shows that the check can fail.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from biopolicy.graph import query as q
from biopolicy.graph import report
from biopolicy.graph import store as st
from biopolicy.graph.build import build
from biopolicy.graph.cli import main
from tests.chromium import (
    CHROMIUM,
    box_of,
    evaluate,
    glyph_difference,
    ink,
    isolated_characters,
    isolated_parts,
    mark_pixels,
    open_page,
    problems,
    running_browser,
    screenshot,
    wait_for,
)

DOCUMENTS = Path(__file__).resolve().parent.parent / "documents"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium (/usr/bin/chromium) is not installed")
# Two different Chinese characters drawn from a real font differ by more than this; one box drawn twice, by less.
GLYPHS_DIFFER = 0.12


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    store = tmp_path_factory.mktemp("report") / "build"
    build(DOCUMENTS, store, cache=False, workers=1)
    return store


@pytest.fixture(scope="module")
def written(store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("report-out")
    return report.write_report(store_dir, out)


@pytest.fixture(scope="module")
def without_chinese_font(store_dir, tmp_path_factory):
    """The same report drawn with DejaVu Sans alone: every Chinese character is a missing-glyph box."""
    out = tmp_path_factory.mktemp("report-tofu")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # matplotlib's "Glyph … missing from font(s)": the point
        return report.write_report(store_dir, out, families=(report.LATIN_FONT,))


def test_the_report_has_a_figure_and_a_data_table_per_chart(written):
    page = written.read_text(encoding="utf-8")
    assert page.count('<figure class="chart"') == len(report.CHARTS)
    for chart in report.CHARTS:
        assert f'data-chart="{chart.key}"' in page
        assert (written.parent / "charts" / f"{chart.key}.svg").read_text(encoding="utf-8").count("<path") > 10
        for name in chart.queries:
            assert f"biopolicy query {name}</code>" in page


def test_the_report_loads_nothing_from_elsewhere(written):
    page = written.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script" not in page


def test_the_data_tables_hold_the_rows_of_their_queries(written, store_dir):
    page = written.read_text(encoding="utf-8")
    for name in ("industry_scale_targets_by_jurisdiction", "target_density_per_plan", "plans"):
        rows = q.run(q.load_query(name), store_dir=store_dir).rows
        table = re.search(rf'<table data-query="{name}">(.*?)</table>', page, re.S).group(1)
        assert table.count("<tr>") == len(rows) + 1


def test_every_chinese_label_is_named_in_the_svg(written):
    svg = (written.parent / "charts" / "targets_tasks.svg").read_text(encoding="utf-8")
    labels = re.findall(r'class="label" aria-label="([^"]+)"', svg)
    assert any(label.startswith("厦门市") for label in labels)
    assert "任务 tasks" in labels


def test_the_svg_ids_of_two_charts_never_collide(written):
    page = written.read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_no_cjk_font_is_an_error_that_names_the_fix():
    with pytest.raises(report.ReportError, match="fonts-wqy-zenhei"):
        report.cjk_font_family(("No Such Font Family 12345",))


def test_the_command_writes_the_report_and_says_where(store_dir, tmp_path, capsys):
    assert main(["report", "--store", str(store_dir), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "index.html").is_file()
    assert "index.html" in capsys.readouterr().err


def test_the_command_without_a_store_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["report", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "biopolicy build" in err
    assert not (tmp_path / "out").exists()


def test_amounts_in_yi():
    assert report.yi(2.5e11) == "2,500"
    assert report.yi(5e7) == "0.5"
    assert st.ID  # the report strips the data namespace from IRIs in its tables


# ---------------------------------------------------------------------------------------------
# In the browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with running_browser(tmp_path_factory.mktemp("chromium-report-profile")) as devtools:
        yield devtools


def open_report(browser, page: Path) -> str:
    session = open_page(browser, page.as_uri())
    wait_for(browser, session, "document.readyState === 'complete' && document.querySelectorAll('figure.chart svg').length")
    return session


def label_glyphs(browser, session, chart: str, prefix: str) -> list:
    """Screenshots of the first three glyphs of the chart's label that starts with ``prefix``, one at a time."""
    element = (f"[...document.querySelectorAll('figure[data-chart={chart}] g.label')]"
               f".find(g => g.getAttribute('aria-label').startsWith('{prefix}'))")
    assert evaluate(browser, session, f"({element}).querySelectorAll('use').length") >= 3
    return isolated_parts(browser, session, element, "use", 3)


@needs_chromium
def test_each_chart_draws_its_marks(browser, written):
    session = open_report(browser, written)
    for chart in report.CHARTS:
        image = screenshot(browser, session, box_of(browser, session, f"document.querySelector('figure[data-chart={chart.key}] svg')"))
        assert mark_pixels(image, report.MARK_COLOURS) > 500, chart.key
    heading = screenshot(browser, session, box_of(browser, session, "document.querySelector('h1')"))
    assert mark_pixels(heading, report.MARK_COLOURS) == 0  # the counter sees no marks where there are none
    assert problems(browser, session) == []


@needs_chromium
def test_a_chinese_chart_label_is_drawn_as_glyphs_not_boxes(browser, written, without_chinese_font):
    session = open_report(browser, written)
    glyphs = label_glyphs(browser, session, "targets_tasks", "厦门市")  # 厦, 门, 市
    assert all(ink(glyph) > 20 for glyph in glyphs)
    assert min(glyph_difference(a, b) for a, b in ((glyphs[0], glyphs[1]), (glyphs[1], glyphs[2]), (glyphs[0], glyphs[2]))) > GLYPHS_DIFFER

    control = open_report(browser, without_chinese_font)
    boxes = label_glyphs(browser, control, "targets_tasks", "厦门市")
    assert max(glyph_difference(a, b) for a, b in ((boxes[0], boxes[1]), (boxes[1], boxes[2]))) < GLYPHS_DIFFER
    assert glyph_difference(glyphs[0], boxes[0]) > GLYPHS_DIFFER


@needs_chromium
def test_the_chinese_text_of_the_page_is_drawn_as_glyphs_not_boxes(browser, written):
    session = open_report(browser, written)
    heading = "document.querySelector('h1 span[lang=zh]')"
    assert evaluate(browser, session, f"({heading}).textContent").startswith("生物医")
    glyphs = isolated_characters(browser, session, heading, 3)
    assert all(ink(glyph) > 20 for glyph in glyphs)
    assert min(glyph_difference(glyphs[0], glyphs[1]), glyph_difference(glyphs[1], glyphs[2])) > GLYPHS_DIFFER
    # The control: code points no font has are drawn as one and the same box.
    evaluate(browser, session, "document.querySelector('h1').insertAdjacentHTML('afterend', "
                               "'<p id=unassigned style=\"font-size:2rem\">\\u{10FFFD}\\u{10FFFC}\\u{10FFFB}</p>')")
    boxes = isolated_characters(browser, session, "document.getElementById('unassigned')", 3)
    assert glyph_difference(boxes[0], boxes[1]) < GLYPHS_DIFFER


def test_the_instrument_mix_stacks_each_jurisdictions_shares_to_one(store_dir):
    """Issue #15's chart: one bar a jurisdiction, its supply/demand/environment shares filling it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from biopolicy.graph import store as st

    tables = {"instrument_mix_by_jurisdiction": report.run_table("instrument_mix_by_jurisdiction", st.open_store(store_dir))}
    labels = {"policy-instrument": report.vocabulary_labels("policy-instrument")}
    figure = Figure()
    notes = report.draw_instrument_mix(figure, tables, labels)
    bars = figure.axes[0].patches
    widths: dict[float, float] = {}
    for bar in bars:
        widths[bar.get_y()] = widths.get(bar.get_y(), 0.0) + bar.get_width()
    places = {row["jurisdiction"] for row in tables["instrument_mix_by_jurisdiction"].rows}
    assert len(widths) == len(places) == 5
    assert all(abs(total - 1) < 0.01 for total in widths.values())
    assert notes[0].startswith("5 jurisdictions")
