"""The whole loader pipeline on documents it has never seen: composed plans of the genre and transformed seeds.

The seeds prove little on their own (the gold standard was written from them), so these tests
check that what the loaders find does not depend on the accidents of one file: its encoding,
its script, web-page wrapping, the order of its chapters, or the presence of 责任单位 lines.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import opencc
import pytest

from biopolicy.loaders.pipeline import DocumentError, extract_document, families, summarise, to_json

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "documents").glob("*.txt"))
COMPOSED = ROOT / "tests" / "documents"
HANGZHOU = COMPOSED / "hangzhou-2024-biomedicine-action-plan.txt"
FAMILIES_COMPARED = ("plans", "tasks", "responsibilities", "agencies", "targets", "incentives", "parks", "platforms", "sectors")


def rows(path: Path) -> dict[str, list[dict]]:
    return families(extract_document(path))


def comparable(result: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {family: result[family] for family in FAMILIES_COMPARED}


def as_multiset(records: list[dict], *keys: str) -> Counter:
    return Counter(tuple(record[key] for key in keys) for record in records)


@pytest.fixture(scope="module")
def hangzhou() -> dict[str, list[dict]]:
    return rows(HANGZHOU)


# ---------------------------------------------------------------------------------------------
# A composed plan from a city the seeds do not cover


def test_composed_plan_metadata(hangzhou):
    plan = hangzhou["plans"][0]
    assert plan["title"] == "杭州市加快生物医药产业高质量发展三年行动计划(2024—2026年)"
    assert plan["jurisdiction"] == "杭州市"
    assert plan["docNumber"] == "杭政办函〔2024〕12号"
    assert plan["issued"] == "2024-03-15"
    assert (plan["periodStart"], plan["periodEnd"]) == ("2024", "2026")


def test_composed_plan_targets_read_full_width_digits(hangzhou):
    found = {(Decimal(t["value"]), t["unit"], t["year"]) for t in hangzhou["targets"]}
    assert (Decimal(2000), "亿元", "2026") in found
    assert (Decimal(12), "%", "2026") in found
    assert (Decimal(100), "家", "2026") in found
    assert len(hangzhou["targets"]) == 5


def test_composed_plan_responsibilities_follow_their_task(hangzhou):
    by_task = as_multiset(hangzhou["responsibilities"], "taskTitle", "agency")
    assert by_task[("实施医疗器械提升行动", "市经信局")] == 1
    assert by_task[("实施医疗器械提升行动", "市市场监管局")] == 1
    assert by_task[("建设专业化产业园区", "钱塘区政府")] == 1
    assert not any(task == "加强组织领导" for task, _ in by_task)


def test_composed_plan_incentive_cap(hangzhou):
    assert [(i["maxAmount"], i["unit"]) for i in hangzhou["incentives"]] == [("1000", "万元")]


@pytest.mark.parametrize("variant", ["gbk", "gb18030", "utf8-bom", "utf16le", "utf16be", "crlf"])
def test_encodings_and_line_ends_change_nothing(hangzhou, variant):
    path = COMPOSED / f"hangzhou-2024-biomedicine-action-plan-{variant}.txt"
    assert comparable(rows(path)) == comparable(hangzhou)


def without_quotes(result: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {family: [{k: v for k, v in record.items() if k != "quote"} for record in records] for family, records in comparable(result).items()}


def test_big5_traditional_copy_gives_the_same_facts_quoted_in_its_own_script(hangzhou):
    result = rows(COMPOSED / "hangzhou-2024-biomedicine-action-plan-big5.txt")
    assert without_quotes(result) == without_quotes(hangzhou)
    assert "規模" in result["targets"][0]["quote"]


def test_traditional_script_with_pinyin_and_page_noise():
    result = rows(COMPOSED / "guangzhou-2023-biomedicine-plan-traditional-pinyin.txt")
    plan = result["plans"][0]
    assert plan["jurisdiction"] == "广州市"
    assert (plan["periodStart"], plan["periodEnd"]) == ("2023", "2025")
    assert {t["title"] for t in result["tasks"]} >= {"加强组织领导", "强化资金保障"}
    # quotes come from the original (traditional) text, values from the normalised copy
    assert [(i["maxAmount"], i["unit"]) for i in result["incentives"]] == [("500", "万元")]
    assert "給予最高５００萬元" in result["incentives"][0]["quote"]
    assert {r["agency"] for r in result["responsibilities"]} == {"市工业和信息化局", "市市场监管局", "黄埔区政府", "南沙区政府"}


def test_html_page_keeps_plan_and_drops_scripts_and_navigation():
    result = rows(COMPOSED / "chengdu-2024-biomedicine-news-page.html")
    titles = [t["title"] for t in result["tasks"]]
    assert result["plans"][0]["title"] == "成都市促进生物医药产业高质量发展若干措施"
    assert not any("脚本" in r["agency"] for r in result["responsibilities"])
    assert not any("这段注释" in title for title in titles)


def test_news_page_related_articles_are_not_tasks():
    result = rows(COMPOSED / "nanjing-2024-biomedicine-policy-news-page.txt")
    titles = " ".join(t["title"] for t in result["tasks"])
    assert "新质生产力" not in titles and "数字经济" not in titles
    assert {i["maxAmount"] for i in result["incentives"]} == {"3000", "500"}


def test_markdown_plan():
    result = rows(COMPOSED / "suzhou-2024-biomedicine-action-plan.md")
    assert result["plans"][0]["jurisdiction"] == "苏州市"
    assert {(Decimal(t["value"]), t["unit"]) for t in result["targets"]} == {(Decimal(3000), "亿元"), (Decimal(50), "个")}
    assert not any("*" in t["title"] or "#" in t["title"] for t in result["tasks"])


PLAN_WITHOUT_RESPONSIBILITIES = """\
太原市推动生物医药产业高质量发展行动方案（2025—2027年）

一、主要目标
到2027年，全市生物医药产业营业收入达到500亿元，培育规模以上企业50家。
二、重点任务
（一）壮大创新药产业。支持企业开展创新药研发，对取得新药证书的给予最高300万元奖励。
（二）发展医疗器械。推动高端医疗器械产业化。
"""


def test_plan_with_no_responsibility_lines(tmp_path):
    path = tmp_path / "taiyuan-2025-plan.txt"
    path.write_text(PLAN_WITHOUT_RESPONSIBILITIES, encoding="utf-8")
    result = rows(path)
    assert result["responsibilities"] == []
    assert [t["title"] for t in result["tasks"]] == ["壮大创新药产业", "发展医疗器械"]
    assert result["plans"][0]["jurisdiction"] == "太原市"
    assert {Decimal(t["value"]) for t in result["targets"]} == {Decimal(500), Decimal(50)}


# ---------------------------------------------------------------------------------------------
# Transformed seeds: the same plan, dressed differently, yields the same facts


@pytest.fixture(scope="module", params=SEEDS, ids=lambda path: path.stem.split("-")[0])
def seed(request) -> tuple[Path, dict[str, list[dict]]]:
    return request.param, rows(request.param)


def test_seed_reencoded_as_gb18030(seed, tmp_path):
    path, original = seed
    copy = tmp_path / path.name
    copy.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert comparable(rows(copy)) == comparable(original)


def test_seed_wrapped_in_a_web_page(seed, tmp_path):
    path, original = seed
    paragraphs = "\n".join(f"<p>{line}</p>" for line in path.read_text(encoding="utf-8").splitlines())
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>政策文件</title>"
        "<script>var a = '一、不是正文';</script></head><body>"
        "<nav><a href='/'>首页</a> &gt; <a href='/zcwj/'>政策文件</a></nav>"
        "<div class='share'>分享到：微信 微博</div>"
        f"<div class='content'>{paragraphs}</div>"
        "<div class='footer'>本文地址：https://example.gov.cn/1.html<br>扫一扫在手机打开当前页</div>"
        "</body></html>"
    )
    copy = tmp_path / (path.stem + ".html")
    copy.write_text(page, encoding="utf-8")
    result = rows(copy)
    for family in ("plans", "tasks", "responsibilities", "targets", "incentives"):
        assert result[family] == original[family], family


def test_seed_in_traditional_script(seed, tmp_path):
    path, original = seed
    to_traditional = opencc.OpenCC("s2t")
    copy = tmp_path / path.name
    copy.write_text(to_traditional.convert(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = rows(copy)
    assert result["plans"][0]["jurisdiction"] == original["plans"][0]["jurisdiction"]
    assert result["plans"][0]["docNumber"] == original["plans"][0]["docNumber"]
    for family, keys in {
        "tasks": ("path",),
        "targets": ("value", "valueMax", "comparator", "year"),
        "incentives": ("maxAmount",),
        "responsibilities": ("role", "canonical"),
    }.items():
        assert as_multiset(result[family], *keys) == as_multiset(original[family], *keys), family


CHAPTER = re.compile(r"^\s*[一二三四五六七八九十]+、", re.M)


def test_seed_with_chapters_reordered(seed, tmp_path):
    path, original = seed
    text = path.read_text(encoding="utf-8")
    starts = [match.start() for match in CHAPTER.finditer(text)]
    if len(starts) < 3:
        pytest.skip("fewer than three chapters to reorder")
    preamble, chapters = text[: starts[0]], [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
    chapters = [chapter if chapter.endswith("\n") else chapter + "\n" for chapter in chapters]
    copy = tmp_path / path.name
    copy.write_text(preamble + "".join(reversed(chapters)), encoding="utf-8")
    result = rows(copy)
    assert result["plans"] == original["plans"]
    for family, keys in {
        "tasks": ("path", "title"),
        "responsibilities": ("taskTitle", "agency", "role"),
        "targets": ("taskTitle", "value", "unit", "year"),
        "incentives": ("taskTitle", "maxAmount", "unit"),
    }.items():
        assert as_multiset(result[family], *keys) == as_multiset(original[family], *keys), family


# ---------------------------------------------------------------------------------------------
# What `biopolicy extract` prints


def test_summary_and_json_of_a_page_report_dropped_noise():
    extraction = extract_document(COMPOSED / "nanjing-2024-biomedicine-policy-news-page.txt")
    summary = summarise(extraction)
    assert "## dropped as noise" in summary and "友情提示" in summary
    assert '"dropped"' in to_json(extraction)


def test_unreadable_document_raises_a_document_error_naming_the_file():
    with pytest.raises(DocumentError, match="bad-empty.txt"):
        extract_document(COMPOSED / "bad-empty.txt")


def test_explain_names_each_rejected_candidate_with_its_line_and_cue(tmp_path):
    from biopolicy.loaders.pipeline import explain

    path = tmp_path / "ningbo-2024-biomedicine-action-plan.txt"
    path.write_text(
        "宁波市生物医药产业发展行动计划\n一、发展基础\n截至2023年，全市生物医药产业营收达到600亿元。\n"
        "二、发展目标\n到2027年，全市生物医药产业营收达到1000亿元。\n",
        encoding="utf-8",
    )
    extraction = extract_document(path)
    assert [t.value for t in extraction.targets] == [1000]
    report = explain(extraction)
    assert "targets" in report and "line 3" in report and "600亿元" in report and "PAST_MARKERS" in report
