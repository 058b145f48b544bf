"""``biopolicy report``: an offline HTML page of cross-city comparisons, charted from the canned queries.

Why: researchers look before they read. Every chart here is drawn from the rows of a canned query
(``queries/*.rq``, run through :mod:`graph.query`), so a figure and the table ``biopolicy query
NAME`` prints never disagree, and the page names the query under each chart.

How (decision 0021): matplotlib draws each chart as SVG with its text turned into outlines, and the
SVG is written inline into one HTML file. The page needs no network, no script and no font on the
reader's machine for the charts; Chinese labels are drawn with a CJK font found on this machine
(:data:`CJK_FONTS`; ``make setup`` installs Debian's ``fonts-wqy-zenhei``). Each chart's data follow
it as an HTML table. Labels with Chinese text carry ``aria-label`` so that they can be read and found.

>>> yi(120000000000)
'1,200'
>>> province_code("https://w3id.org/biopolicy/id/plan/350200-2020-xmszqzdswyycysnxdjh")
'350000'
"""

from __future__ import annotations

import argparse
import html
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from biopolicy.graph import query as q
from biopolicy.graph import store as st
from biopolicy.loaders import gazetteer, resources
from biopolicy.loaders.errors import StoreError
from biopolicy.loaders.files import write_atomically

# Okabe and Ito's colour-blind-safe palette, without its black and yellow (too faint on white).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
# The grid's tiles: no plan, then 1, 2-3, 4-7 and 8 or more plans.
TILE_EMPTY = "#EEEEEE"
TILE_COLOURS = ("#9ECAE1", "#4292C6", "#2171B5", "#08306B")
TILE_BOUNDS = (1, 2, 4, 8)
# Every colour a chart's marks are filled with (the browser test counts their pixels).
MARK_COLOURS = PALETTE + TILE_COLOURS
# Font families with Chinese glyphs, in order of preference (Debian: fonts-wqy-zenhei, fonts-noto-cjk).
CJK_FONTS = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
LATIN_FONT = "DejaVu Sans"
YI = 100_000_000  # 亿: the unit Chinese plans state industry sizes in
HAN = re.compile(r"[\u4e00-\u9fff]")
NO_YEAR = "未注明年份\nno year"


class ReportError(StoreError):
    """The report cannot be drawn (no CJK font, no matplotlib) or written."""


def yi(yuan: float) -> str:
    """An amount of yuan in 亿 (10⁸), with thousands separators."""
    value = float(yuan) / YI
    return f"{value:,.0f}" if value >= 10 else f"{value:,.2g}"


def province_code(plan_iri: str) -> str | None:
    """The GB/T 2260 code of the province whose jurisdiction issued a plan (from the plan key)."""
    key = plan_iri.rsplit("/", 1)[-1]
    match = re.match(r"([1-8][0-9])[0-9]{4}\b", key)
    return match.group(1) + "0000" if match else None


# ---------------------------------------------------------------------------------------------
# Fonts


def cjk_font_family(candidates: tuple[str, ...] = CJK_FONTS) -> str:
    """The first installed font family of ``candidates``; ReportError naming the fix if none is."""
    import logging

    try:
        from matplotlib import font_manager
    except ImportError as error:
        raise ReportError(f"the report needs matplotlib ({error}): run `make setup`") from error
    # WenQuanYi Zen Hei declares weight 500 only: matplotlib would warn on every label that it took it for 400.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

    def installed() -> str | None:
        names = {entry.name for entry in font_manager.fontManager.ttflist}
        return next((family for family in candidates if family in names), None)

    found = installed()
    if found is None:
        # matplotlib's font list is cached: a font installed after the cache was written is added here.
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = installed()
    if found is None:
        raise ReportError(
            f"no font with Chinese glyphs is installed (looked for {', '.join(candidates)}): "
            "`make setup` installs Debian's fonts-wqy-zenhei"
        )
    return found


def style(families: tuple[str, ...]) -> dict:
    """matplotlib settings of the report: fonts, outlined text, reproducible SVG ids, quiet axes."""
    return {
        "font.family": list(families),
        "svg.fonttype": "path",
        "svg.hashsalt": "biopolicy-report",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "font.size": 10,
        "axes.unicode_minus": False,
    }


# ---------------------------------------------------------------------------------------------
# Rows


@dataclass
class Table:
    """One canned query's answer as plain strings, with the header that describes it."""

    query: q.CannedQuery
    columns: list[str]
    rows: list[dict[str, str]]


def run_table(name: str, store) -> Table:
    canned = q.load_query(name)
    results = q.run(canned, store=store)
    rows = [dict(zip(results.variables, values, strict=True)) for values in results.plain_rows()]
    return Table(canned, results.variables, rows)


def vocabulary_labels(scheme: str) -> dict[str, str]:
    """key → Chinese preferred label of the concepts of ``ontology/vocab/<scheme>.ttl``."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph().parse(resources.vocabulary_dir() / f"{scheme}.ttl", format="turtle")
    labels = {}
    for concept, label in graph.subject_objects(SKOS.prefLabel):
        if getattr(label, "language", None) == "zh":
            labels[str(concept).rsplit("/", 1)[-1]] = str(label)
    return labels


def number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def plan_labels(plans: Table) -> dict[str, str]:
    """plan IRI → its jurisdiction and year (the period's start, else the year of issue), unique."""
    labels = {}
    for row in plans.rows:
        year = row.get("periodStart") or row.get("issued", "")[:4] or row.get("periodEnd", "")
        labels[row["plan"]] = f"{row['jurisdiction']} {year}".strip()
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {iri: (f"{label} ({iri.rsplit('/', 1)[-1][:24]})" if counts[label] > 1 else label)
            for iri, label in labels.items()}


def colour_of(names: list[str]) -> dict[str, str]:
    """A palette colour for each name, in sorted order (the same jurisdiction, the same colour)."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(names)))}


def caption(drawn: str, left_out: int, why_left_out: str) -> list[str]:
    """A chart's notes: what it draws, and how many rows it could not draw and why (when any)."""
    return [drawn] + ([f"{left_out} {why_left_out}"] if left_out else [])


# ---------------------------------------------------------------------------------------------
# Charts: each takes a matplotlib Figure and the tables it asked for, and returns notes for its caption.


def draw_industry_size(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    rows = tables["industry_scale_targets_by_jurisdiction"].rows
    kinds = labels["indicator-type"]
    plotted = [row for row in rows if number(row["valueInYuan"]) is not None]
    years = sorted({row["year"] for row in plotted if row["year"]})
    categories = years + ([NO_YEAR] if any(not row["year"] for row in plotted) else [])
    colours = colour_of([row["jurisdiction"] for row in plotted])
    markers = dict(zip(sorted({row["indicatorType"] for row in plotted}), "osD^vP*X", strict=False))
    ax = figure.subplots()
    places = {name: i for i, name in enumerate(sorted(colours))}
    spread = 0.8 / max(len(places), 1)
    rightmost: dict[tuple[str, str], tuple[float, float]] = {}
    for row in plotted:
        category = row["year"] or NO_YEAR
        x = categories.index(category) + (places[row["jurisdiction"]] - (len(places) - 1) / 2) * spread
        y = float(row["valueInYuan"]) / YI
        ax.scatter([x], [y], s=70, color=colours[row["jurisdiction"]], marker=markers[row["indicatorType"]],
                   zorder=3, edgecolors="white", linewidths=0.6)
        key = (category, row["valueInYuan"])
        rightmost[key] = max(rightmost.get(key, (x, y)), (x, y))
    # One amount per year and value: equal targets side by side would print their amounts over each other.
    for (_category, yuan), (x, y) in rightmost.items():
        ax.annotate(yi(float(yuan)), (x, y), xytext=(6, 0), textcoords="offset points", fontsize=8, va="center",
                    color="#444444")
    ax.set_xticks(range(len(categories)), categories)
    ax.set_xlim(-0.6, len(categories) - 0.4)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("目标 target, 亿元 (10⁸ yuan)")
    ax.set_xlabel("目标年份 target year")
    ax.grid(axis="y", color="#DDDDDD", zorder=0)
    handles = [ax.scatter([], [], color=colour, marker="o", s=50) for colour in colours.values()]
    first = ax.legend(handles, list(colours), title="地区 jurisdiction", loc="upper left", fontsize=8,
                      title_fontsize=8, frameon=False)
    ax.add_artist(first)
    shapes = [ax.scatter([], [], color="#777777", marker=marker, s=50) for marker in markers.values()]
    ax.legend(shapes, [f"{kinds.get(kind, kind)} {kind}" for kind in markers], title="指标 indicator",
              loc="upper right", fontsize=8, title_fontsize=8, frameon=False)
    return caption(f"{len(plotted)} targets of {len(colours)} jurisdictions.", len(rows) - len(plotted),
                   "targets with no amount in yuan are in the table only.")


def draw_money_by_year(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    rows = [row for row in tables["money_targets_by_year"].rows if number(row["totalInYuan"]) is not None]
    kinds = labels["indicator-type"]
    years = sorted({row["year"] for row in rows})
    types = sorted({row["indicatorType"] for row in rows})
    colours = colour_of(types)
    ax = figure.subplots()
    width = 0.8 / max(len(types), 1)
    for row in rows:
        x = years.index(row["year"]) + (types.index(row["indicatorType"]) - (len(types) - 1) / 2) * width
        height = float(row["totalInYuan"]) / YI
        ax.bar([x], [height], width=width * 0.95, color=colours[row["indicatorType"]], zorder=3)
        ax.annotate(row["jurisdictions"], (x, height), xytext=(0, 3), textcoords="offset points",
                    ha="center", fontsize=7, rotation=90, va="bottom", color="#444444")
    ax.set_xticks(range(len(years)), years)
    ax.set_ylabel("合计 sum, 亿元 (10⁸ yuan)")
    ax.set_xlabel("目标年份 target year")
    ax.grid(axis="y", color="#DDDDDD", zorder=0)
    ax.margins(y=0.35)
    handles = [ax.bar([0], [0], color=colours[kind], width=0) for kind in types]
    ax.legend(handles, [f"{kinds.get(kind, kind)} {kind}" for kind in types], fontsize=8, frameon=False,
              loc="upper left")
    return [f"{sum(int(row['targets']) for row in rows)} money targets; amounts of different indicators are never added."]


def draw_incentive_caps(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    rows = tables["incentives_normalised_in_yuan"].rows
    from matplotlib.ticker import FuncFormatter

    names = labels["policy-instrument"]
    plotted = [row for row in rows if (number(row["maxInYuan"]) or 0) > 0 and row["instrument"]]
    kinds = sorted({row["instrument"] for row in plotted})
    colours = colour_of([row["jurisdiction"] for row in plotted])
    ax = figure.subplots()
    for i, row in enumerate(plotted):
        jitter = ((i * 7919) % 11 - 5) / 20
        ax.scatter([float(row["maxInYuan"]) / 10_000], [kinds.index(row["instrument"]) + jitter], s=36,
                   color=colours[row["jurisdiction"]], zorder=3, edgecolors="white", linewidths=0.5)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:,g}"))
    ax.set_yticks(range(len(kinds)), [f"{names.get(kind, kind)}\n{kind}" for kind in kinds])
    ax.set_ylim(-0.7, len(kinds) - 0.3)
    ax.set_xlabel("单项上限 cap of one incentive, 万元 (10⁴ yuan, log scale)")
    ax.grid(axis="x", color="#DDDDDD", zorder=0)
    handles = [ax.scatter([], [], color=colour, s=36) for colour in colours.values()]
    ax.legend(handles, list(colours), fontsize=8, frameon=False, loc="lower right")
    return caption(f"{len(plotted)} incentives with a cap in yuan, of {len(colours)} jurisdictions.", len(rows) - len(plotted),
                   "incentives state no cap in yuan or no kind; they are in the table only.")


def draw_coresponsibility(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    rows = [row for row in tables["agency_type_coresponsibility_network"].rows if number(row["tasks"])]
    names = labels["agency-type"]
    degree: dict[str, int] = {}
    for row in rows:
        for side in ("typeA", "typeB"):
            degree[row[side]] = degree.get(row[side], 0) + int(row["tasks"])
    nodes = sorted(degree, key=lambda node: (-degree[node], node))
    angle = {node: math.pi / 2 - 2 * math.pi * i / max(len(nodes), 1) for i, node in enumerate(nodes)}
    place = {node: (math.cos(a), math.sin(a)) for node, a in angle.items()}
    heaviest = max((int(row["tasks"]) for row in rows), default=1)
    ax = figure.subplots()
    for row in sorted(rows, key=lambda row: int(row["tasks"])):
        (x1, y1), (x2, y2) = place[row["typeA"]], place[row["typeB"]]
        share = int(row["tasks"]) / heaviest
        ax.plot([x1, x2], [y1, y2], color=PALETTE[5] if share < 0.5 else PALETTE[0], linewidth=0.5 + 5 * share,
                solid_capstyle="round", zorder=1)
    biggest = max(degree.values(), default=1)
    for node in nodes:
        x, y = place[node]
        ax.scatter([x], [y], s=60 + 540 * degree[node] / biggest, color=PALETTE[1], zorder=3,
                   edgecolors="white", linewidths=1)
        ax.annotate(f"{names.get(node, node)}\n{node}", (x, y), xytext=(x * 1.18, y * 1.18), textcoords="data",
                    ha="left" if x > 0.05 else ("right" if x < -0.05 else "center"), va="center", fontsize=8)
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return [f"{len(nodes)} agency types, {len(rows)} pairs; a line's width grows with the tasks two types share, "
            "a node's size with all the tasks it shares."]


def draw_targets_and_tasks(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    rows = tables["target_density_per_plan"].rows
    names = plan_labels(tables["plans"])
    rows = sorted(rows, key=lambda row: (int(row["tasks"] or 0) + int(row["targets"] or 0), names.get(row["plan"], "")))
    ax = figure.subplots()
    ys = range(len(rows))
    ax.barh([y + 0.2 for y in ys], [int(row["tasks"] or 0) for row in rows], height=0.4, color=PALETTE[0],
            label="任务 tasks", zorder=3)
    ax.barh([y - 0.2 for y in ys], [int(row["targets"] or 0) for row in rows], height=0.4, color=PALETTE[1],
            label="目标 targets", zorder=3)
    ax.set_yticks(list(ys), [names.get(row["plan"], row["jurisdiction"]) for row in rows])
    ax.set_xlabel("数量 count")
    ax.grid(axis="x", color="#DDDDDD", zorder=0)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    return [f"{len(rows)} plans."]


SIDES = ("supply-side", "demand-side", "environment-side")


def draw_instrument_mix(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    """Stacked bars: each jurisdiction's classified measures split by side (issue #15)."""
    rows = [row for row in tables["instrument_mix_by_jurisdiction"].rows if row["side"] in SIDES]
    names = labels["policy-instrument"]
    places = sorted({row["jurisdiction"] for row in rows})
    share = {(row["jurisdiction"], row["side"]): number(row["share"]) or 0.0 for row in rows}
    unclassified = {row["jurisdiction"]: int(number(row["unclassified"]) or 0) for row in rows}
    ax = figure.subplots()
    left = [0.0] * len(places)
    for colour, side in zip(PALETTE[: len(SIDES)], SIDES, strict=True):
        widths = [share.get((place, side), 0.0) for place in places]
        ax.barh(range(len(places)), widths, left=left, color=colour, label=f"{names.get(side, side)} {side}", zorder=3)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(range(len(places)), places)
    ax.set_xlim(0, 1)
    ax.set_xlabel("占已分类政策措施的比例 share of the classified measures (primary code)")
    ax.grid(axis="x", color="#DDDDDD", zorder=0)
    ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3)
    return caption(f"{len(places)} jurisdictions; each measure (task or incentive) counted once, by its primary code.",
                   sum(unclassified.values()), "measures had no cue and are not classified (never guessed); they are in the table only.")


def tile_colour(plans: int) -> str:
    if plans <= 0:
        return TILE_EMPTY
    return TILE_COLOURS[max(i for i, bound in enumerate(TILE_BOUNDS) if plans >= bound)]


def draw_jurisdiction_grid(figure, tables: dict[str, Table], labels: dict) -> list[str]:
    tiles = gazetteer.read_tsv("province_tiles.tsv")
    counts: dict[str, int] = {}
    places: dict[str, set[str]] = {}
    unplaced = 0
    for row in tables["plans"].rows:
        code = province_code(row["plan"])
        if code is None or not any(tile["code"] == code for tile in tiles):
            unplaced += 1
            continue
        counts[code] = counts.get(code, 0) + 1
        places.setdefault(code, set()).add(row["jurisdiction"])
    ax = figure.subplots()
    from matplotlib.patches import Rectangle

    for tile in tiles:
        row, column = int(tile["row"]), int(tile["column"])
        plans = counts.get(tile["code"], 0)
        ax.add_patch(Rectangle((column, -row), 0.94, 0.94, color=tile_colour(plans), zorder=2))
        ink = "white" if plans >= TILE_BOUNDS[1] else "#222222"
        ax.text(column + 0.47, -row + 0.6, tile["short_name"], ha="center", va="center", fontsize=8, color=ink, zorder=3)
        if plans:
            ax.text(column + 0.47, -row + 0.27, str(plans), ha="center", va="center", fontsize=9, color=ink,
                    fontweight="bold", zorder=3)
    rows = [int(tile["row"]) for tile in tiles]
    columns = [int(tile["column"]) for tile in tiles]
    ax.set_xlim(min(columns) - 0.1, max(columns) + 1.04)
    ax.set_ylim(-max(rows) - 0.1, -min(rows) + 1.04)
    ax.set_aspect("equal")
    ax.set_axis_off()
    legend = [Rectangle((0, 0), 1, 1, color=colour) for colour in (TILE_EMPTY, *TILE_COLOURS)]
    ax.legend(legend, ["0", "1", "2–3", "4–7", "8+"], title="规划数 plans", fontsize=8, title_fontsize=8,
              frameon=False, loc="lower left")
    notes = [f"{sum(counts.values())} plans in {len(counts)} provinces: "
             + "; ".join(f"{next(t['short_name'] for t in tiles if t['code'] == code)}: {'、'.join(sorted(places[code]))}"
                         for code in sorted(counts)) + "."]
    if unplaced:
        notes.append(f"{unplaced} plans have no province code in their key and are not drawn.")
    return notes


@dataclass(frozen=True)
class Chart:
    """One figure of the report: the canned queries it reads, how it is drawn, its size in inches."""

    key: str
    title: str
    title_zh: str
    queries: tuple[str, ...]
    draw: Callable[..., list[str]]
    size: tuple[float, float] = (8.0, 4.5)


CHARTS = (
    Chart("industry_size", "Industry-size targets by jurisdiction and year", "各地产业规模目标(亿元)",
          ("industry_scale_targets_by_jurisdiction",), draw_industry_size),
    Chart("money_by_year", "Money targets by year and indicator", "各年份各类指标的金额目标",
          ("money_targets_by_year",), draw_money_by_year),
    Chart("incentive_caps", "Incentive caps by kind of instrument", "各类资金激励的单项上限",
          ("incentives_normalised_in_yuan",), draw_incentive_caps),
    Chart("coresponsibility", "Which agency types share tasks", "机构类型协同网络",
          ("agency_type_coresponsibility_network",), draw_coresponsibility, (8.0, 6.0)),
    Chart("targets_tasks", "Targets and tasks per plan", "各规划的目标与任务数量",
          ("target_density_per_plan", "plans"), draw_targets_and_tasks),
    Chart("jurisdiction_grid", "Plans by province", "各省(区、市)规划数量",
          ("plans",), draw_jurisdiction_grid, (7.0, 6.5)),
    Chart("instrument_mix", "Instrument mix by jurisdiction", "各地政策工具结构(供给型/需求型/环境型)",
          ("instrument_mix_by_jurisdiction",), draw_instrument_mix),
)
SCHEMES = ("indicator-type", "policy-instrument", "agency-type")


# ---------------------------------------------------------------------------------------------
# SVG


def figure_svg(figure, chart_key: str) -> str:
    """The figure as SVG for inlining: its ids prefixed by the chart (several SVGs share one page)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'(\bid="|href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}{chart_key}-{m.group(2)}", svg)
    return svg


def label_texts(figure) -> dict[str, str]:
    """gid → text of every Chinese label of a figure (set before saving, so the SVG groups carry them)."""
    from matplotlib.text import Text

    found = {}
    for i, artist in enumerate(figure.findobj(Text)):
        text = artist.get_text()
        if HAN.search(text) and artist.get_visible():
            gid = f"label-{i}"
            artist.set_gid(gid)
            found[gid] = text
    return found


def with_aria_labels(svg: str, chart_key: str, texts: dict[str, str]) -> str:
    for gid, text in texts.items():
        svg = svg.replace(f'<g id="{chart_key}-{gid}">',
                          f'<g id="{chart_key}-{gid}" class="label" aria-label="{html.escape(text.replace(chr(10), " "))}">', 1)
    return svg


def draw_chart(chart: Chart, tables: dict[str, Table], labels: dict, families: tuple[str, ...]) -> tuple[str, list[str]]:
    """The chart's SVG and the notes for its caption."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(style(families)):
        figure = Figure(figsize=chart.size, layout="constrained")
        notes = chart.draw(figure, tables, labels)
        figure.suptitle(f"{chart.title_zh} · {chart.title}", fontsize=12)
        texts = label_texts(figure)
        svg = with_aria_labels(figure_svg(figure, chart.key), chart.key, texts)
    return svg, notes


# ---------------------------------------------------------------------------------------------
# HTML


PAGE_STYLE = """
body { font-family: system-ui, "WenQuanYi Zen Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #1d2733; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; border-top: 1px solid #d5dde5; padding-top: 1rem; }
figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
figcaption, .meta { color: #5b6b7b; font-size: 0.9rem; }
table { border-collapse: collapse; font-size: 0.8rem; margin: 0.5rem 0; }
th, td { border: 1px solid #d5dde5; padding: 0.15rem 0.4rem; text-align: left; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
code { background: #f4f7fa; padding: 0 0.2rem; }
"""


def cell_html(text: str) -> str:
    value = number(text)
    if value is not None and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        shown = f"{value:,.0f}" if value.is_integer() else text
        return f'<td class="number">{shown}</td>'
    if text.startswith(st.ID):
        text = text[len(st.ID):]
    return f"<td>{html.escape(text)}</td>"


def table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in table.columns)
    body = "".join("<tr>" + "".join(cell_html(row.get(c, "")) for c in table.columns) + "</tr>" for row in table.rows)
    return (f'<details><summary>Data: <code>biopolicy query {table.query.name}</code> ({len(table.rows)} rows)</summary>'
            f'<table data-query="{table.query.name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>')


def section_html(chart: Chart, svg: str, notes: list[str], tables: dict[str, Table]) -> str:
    questions = " ".join(html.escape(tables[name].query.question) for name in chart.queries[:1])
    data = "".join(table_html(tables[name]) for name in chart.queries)
    return (f'<section id="{chart.key}"><h2>{html.escape(chart.title)} <span lang="zh">{html.escape(chart.title_zh)}</span></h2>'
            f'<figure class="chart" data-chart="{chart.key}">{svg}<figcaption>{questions} '
            f'{html.escape(" ".join(notes))}</figcaption></figure>{data}</section>')


def page_html(sections: list[str], plans: int, version: str) -> str:
    contents = "".join(f'<li><a href="#{chart.key}">{html.escape(chart.title)} · {html.escape(chart.title_zh)}</a></li>'
                       for chart in CHARTS)
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>biopolicy-kg: cross-city comparisons · 跨城市比较</title>
<style>{PAGE_STYLE}</style>
</head>
<body>
<h1>Cross-city comparisons <span lang="zh">生物医药产业规划跨城市比较</span></h1>
<p class="meta">{plans} plans, drawn by <code>biopolicy report</code> (biopolicy-kg {html.escape(version)}) from the
canned queries named under each chart; every chart's rows follow it as a table. Amounts are in yuan as the
plans state them (亿元 = 10⁸ yuan, 万元 = 10⁴ yuan).</p>
<ul>{contents}</ul>
{"".join(sections)}
</body>
</html>
"""


def build_report(store, families: tuple[str, ...] | None = None) -> tuple[str, dict[str, str]]:
    """The report's HTML and each chart's SVG by key, from the store's canned-query answers."""
    if families is None:
        families = (LATIN_FONT, cjk_font_family())
    names = sorted({name for chart in CHARTS for name in chart.queries})
    tables = {name: run_table(name, store) for name in names}
    labels = {scheme: vocabulary_labels(scheme) for scheme in SCHEMES}
    sections, svgs = [], {}
    for chart in CHARTS:
        svg, notes = draw_chart(chart, tables, labels, families)
        svgs[chart.key] = svg
        sections.append(section_html(chart, svg, notes, tables))
    return page_html(sections, len(tables["plans"].rows), st.software_version()), svgs


def write_report(store_dir: Path, out_dir: Path, families: tuple[str, ...] | None = None) -> Path:
    """Write ``OUT/index.html`` and ``OUT/charts/<key>.svg``; returns the page's path."""
    page, svgs = build_report(st.open_store(Path(store_dir)), families)
    out_dir = Path(out_dir)
    for key, svg in svgs.items():
        write_atomically(out_dir / "charts" / f"{key}.svg", ('<?xml version="1.0" encoding="utf-8"?>\n' + svg).encode("utf-8"))
    write_atomically(out_dir / "index.html", page.encode("utf-8"))
    return out_dir / "index.html"


# ---------------------------------------------------------------------------------------------
# Command


def cmd_report(args) -> int:
    import sys

    out = args.out or Path(args.store) / "report"
    try:
        page = write_report(args.store, out)
    except OSError as error:
        raise ReportError(f"cannot write the report to {out}: {error}") from error
    print(f"wrote {page} ({len(CHARTS)} charts; also as SVG in {Path(out) / 'charts'})", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    summary = "Write an offline HTML report of cross-city comparisons, with charts, from the canned queries."
    parser = subparsers.add_parser(
        "report", help=summary, description=summary,
        epilog="examples:\n  biopolicy report\n  biopolicy report --store graph/build --out /tmp/report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", type=Path, default=Path("graph/build"), metavar="DIR",
                        help="store directory (default graph/build)")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="where index.html and charts/*.svg go (default STORE/report)")
    parser.set_defaults(handler=cmd_report)
