"""Unit tests of the gold-standard scorer, and integrity checks of the gold CSVs themselves."""

import csv
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.quality.score import (  # noqa: E402
    FAMILIES,
    GOLD_DIR,
    HEADERS,
    attribute_accuracy,
    document_text,
    format_report,
    gold_documents,
    load_gold,
    norm_title,
    quotes_overlap,
    score,
    score_all,
)

SEED_DOCUMENTS = [
    "changchun-2024-biomedicine-action-plan-interpretation",
    "hubei-2024-biomedicine-implementation-opinions",
    "shenyang-2024-biomedicine-medical-equipment-work-measures",
    "shenzhen-2020-biomedicine-cluster-implementation-plan",
    "xiamen-2020-biomedicine-action-plan",
]


def target(value, unit="亿元", comparator="=", year="2022", quote="产业规模达1200亿元", **kw):
    return {"taskTitle": "", "indicator": "产业规模", "value": value, "valueMax": "", "unit": unit,
            "comparator": comparator, "year": year, "quote": quote, **kw}


# ----------------------------------------------------------------------------- scorer: targets


def test_targets_exact_match():
    gold = [target("1200"), target("12", unit="家", quote="上市企业达12家")]
    s = score("targets", [target("12", unit="家", quote="上市企业达12家"), target("1200")], gold)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert s.precision == s.recall == s.f1 == 1.0
    assert s.unmatched_predicted == [] and s.unmatched_gold == []


def test_targets_wrong_comparator_is_a_miss_and_a_false_positive():
    s = score("targets", [target("1200", comparator=">")], [target("1200")])
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    assert s.precision == 0.0 and s.recall == 0.0 and s.f1 == 0.0
    assert s.unmatched_predicted[0]["comparator"] == ">"
    assert s.unmatched_gold[0]["comparator"] == "="


def test_targets_ascii_comparators_are_accepted():
    s = score("targets", [target("5", comparator=">=")], [target("5", comparator="≥")])
    assert s.tp == 1


def test_targets_wrong_year_or_unit_does_not_match():
    assert score("targets", [target("1200", year="2025")], [target("1200")]).tp == 0
    assert score("targets", [target("1200", year="")], [target("1200")]).tp == 0
    assert score("targets", [target("1200", unit="亿")], [target("1200")]).tp == 0


def test_decimal_equality_of_values():
    gold = [target("1200"), target("2.5", unit="倍", quote="增长2.5倍")]
    pred = [target(1200.0), target("2.50", unit="倍", quote="增长2.5倍")]
    s = score("targets", pred, gold)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)
    assert score("incentives", [{"maxAmount": 500.0, "unit": "万元", "quote": "最高500万元"}],
                 [{"maxAmount": "500", "unit": "万元", "quote": "给予最高500万元奖励"}]).tp == 1
    assert Decimal("1200") == Decimal("1200.0")


def test_year_given_as_integer_matches():
    assert score("targets", [target("1200", year=2022)], [target("1200")]).tp == 1


def test_quote_overlap_either_direction():
    gold = [target("1200", quote="产业规模达1200亿元")]
    assert score("targets", [target("1200", quote="1200亿元")], gold).tp == 1  # gold contains predicted
    assert score("targets", [target("1200", quote="2022年,生物医药产业规模达1200亿元,成为")], gold).tp == 1
    assert score("targets", [target("1200", quote="销售收入达1200亿元")], gold).tp == 0  # no containment
    assert score("targets", [target("1200", quote="")], gold).tp == 0
    assert quotes_overlap("规模 达1200亿", "规模达1200亿")  # whitespace is ignored
    assert not quotes_overlap("", "x")


def test_duplicate_predictions_are_false_positives():
    gold = [target("1200")]
    s = score("targets", [target("1200"), target("1200")], gold)
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_duplicate_gold_rows_each_need_their_own_prediction():
    q = "链主企业和上市企业均达到10户以上"
    gold = [target("10", unit="户", comparator=">", year="2025", quote=q)] * 2
    s1 = score("targets", [target("10", unit="户", comparator=">", year="2025", quote=q)], gold)
    assert (s1.tp, s1.fp, s1.fn) == (1, 0, 1)
    s2 = score("targets", [target("10", unit="户", comparator=">", year="2025", quote="10户以上")] * 2, gold)
    assert (s2.tp, s2.fp, s2.fn) == (2, 0, 0)


def test_matching_is_optimal_not_greedy():
    # the first prediction overlaps both gold quotes; a greedy matcher that gives it to the first gold row
    # would leave the second prediction unmatched.
    gold = [target("1", unit="家", quote="1家市值达500亿"), target("1", unit="家", quote="培育1家百亿规模企业")]
    pred = [target("1", unit="家", quote="培育1家百亿规模企业,5家五十亿规模企业,10家十亿规模企业,1家市值达500亿"),
            target("1", unit="家", quote="1家市值达500亿")]
    s = score("targets", pred, gold)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)


# ----------------------------------------------------------------------------- scorer: other families


def test_incentives_key_and_quote():
    gold = [{"taskTitle": "专精特新企业奖励", "maxAmount": "50", "unit": "万元", "recipient": "小巨人",
             "quote": "分别给予50万元、30万元奖励"},
            {"taskTitle": "专精特新企业奖励", "maxAmount": "30", "unit": "万元", "recipient": "中小企业",
             "quote": "分别给予50万元、30万元奖励"}]
    pred = [{"maxAmount": "30", "unit": "万元", "quote": "30万元奖励"},
            {"maxAmount": "50", "unit": "元", "quote": "给予50万元"}]
    s = score("incentives", pred, gold)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.unmatched_gold[0]["maxAmount"] == "50"


def test_tasks_title_normalisation():
    gold = [{"path": "三.(一)", "title": "创新药物发展工程"}, {"path": "四.(一)", "title": "顶层设计"},
            {"path": "重点任务.1", "title": "实施生物药提质升级工程"}]
    pred = [{"path": "3.1", "title": "(一)创新药物发展工程 "}, {"path": "4.1", "title": "顶层设计。"},
            {"path": "x.1", "title": "——实施生物药提质升级工程。"}]
    s = score("tasks", pred, gold)
    assert (s.tp, s.fp, s.fn) == (3, 0, 0)
    assert norm_title("1、开展核心技术攻关。") == "开展核心技术攻关"
    assert norm_title("(一)指导思想:") == "指导思想"
    assert norm_title("培育高成长“瞪羚企业”。") == "培育高成长“瞪羚企业”"


def test_tasks_wrong_title_does_not_match():
    s = score("tasks", [{"path": "三.(一)", "title": "创新药物发展"}], [{"path": "三.(一)", "title": "创新药物发展工程"}])
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def test_tasks_parent_context_decides_between_equal_titles():
    gold = [{"path": "二.(一)", "title": "甲工程"}, {"path": "二.(一).政策保障.1", "title": "资金支持"},
            {"path": "二.(二)", "title": "乙工程"}, {"path": "二.(二).政策保障.1", "title": "资金支持"}]
    pred = [{"path": "2.2", "title": "乙工程"}, {"path": "2.2.p.1", "title": "资金支持"},
            {"path": "2.1", "title": "甲工程"}, {"path": "2.1.p.1", "title": "资金支持"}]
    s = score("tasks", pred, gold)
    assert (s.tp, s.fp, s.fn) == (4, 0, 0)
    # one 资金支持 predicted under 乙工程: the gold row left unmatched is the one under 甲工程
    s = score("tasks", pred[:2], gold)
    assert (s.tp, s.fp, s.fn) == (2, 0, 2)
    assert sorted(r["path"] for r in s.unmatched_gold) == ["二.(一)", "二.(一).政策保障.1"]
    # an explicit parentTitle is used as given; a title-only fallback still counts the match
    s = score("tasks", [{"title": "资金支持", "parentTitle": "丙工程"}], gold)
    assert (s.tp, s.fp, s.fn) == (1, 0, 3)


def test_responsibilities_role_and_task_are_part_of_the_key():
    gold = [{"taskTitle": "开展核心技术攻关", "agency": "市科技局", "canonical": "沈阳市科学技术局", "role": "lead"},
            {"taskTitle": "开展核心技术攻关", "agency": "市工信局", "canonical": "沈阳市工业和信息化局",
             "role": "supporting"},
            {"taskTitle": "", "agency": "市发改委", "canonical": "x", "role": "responsible"}]
    pred = [{"taskTitle": "开展核心技术攻关。", "agency": "市科技局", "canonical": "沈阳市科学技术局", "role": "lead"},
            {"taskTitle": "开展核心技术攻关", "agency": "市工信局", "canonical": "沈阳市工业和信息化局", "role": "lead"},
            {"taskTitle": "", "agency": "市发改委", "canonical": "y", "role": "responsible"}]
    s = score("responsibilities", pred, gold)
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    acc = attribute_accuracy("responsibilities", pred, gold)
    assert acc == {"canonical": (1, 2)}


def test_agencies_key_and_canonical_accuracy():
    gold = [{"agency": "市科技局", "canonical": "厦门市科学技术局", "type": "science-technology"},
            {"agency": "市发改委", "canonical": "厦门市发展和改革委员会", "type": "development-reform"},
            {"agency": "各有关区政府", "canonical": "各有关区政府", "type": "collective-local-governments"}]
    pred = [{"agency": "市科技局", "canonical": "厦门市科学技术局", "type": "science-technology"},
            {"agency": "市发改委", "canonical": "厦门市发展改革委", "type": "development-reform"}]
    s = score("agencies", pred, gold)
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    acc = attribute_accuracy("agencies", pred, gold)
    assert acc == {"canonical": (1, 2), "type": (2, 2)}


def test_parks_and_platforms_by_name_with_aliases():
    gold = [{"park": "坪山国家生物产业基地"}, {"park": "甲产业园|甲国际产业园"}]
    s = score("parks", [{"park": "坪山国家生物产业基地"}, {"park": "甲国际产业园"}, {"park": "甲产业园"}], gold)
    assert (s.tp, s.fp, s.fn) == (2, 0, 0)  # the second spelling of a matched entity is neither TP nor FP
    s = score("parks", [{"park": "坪山国家生物产业基地"}, {"park": "坪山国家生物产业基地"}], gold)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)  # an exact duplicate is a false positive
    s = score("platforms", [{"platform": "“健康翔安”全民健康管理创新平台"}, {"name": "江夏实验室"}],
              [{"platform": "健康翔安全民健康管理创新平台"}, {"platform": "时珍实验室"}])
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)


def test_plans_are_scored_field_by_field():
    gold = [{"title": "厦门市做强做大生物医药产业三年行动计划(2020-2022)", "jurisdiction": "厦门市", "level": "city",
             "issuer": "厦门市人民政府办公厅", "docNumber": "厦府办〔2020〕57号", "issued": "2020-06-03",
             "periodStart": "2020", "periodEnd": "2022"}]
    pred = [{"title": "《厦门市做强做大生物医药产业三年行动计划(2020-2022)》", "jurisdiction": "厦门市",
             "level": "city", "issuer": "", "docNumber": "厦府办〔2020〕57号", "issued": "2020-07-10",
             "periodStart": 2020, "periodEnd": "2022"}]
    s = score("plans", pred, gold)
    assert (s.tp, s.fp, s.fn) == (6, 1, 2)
    assert {r["field"] for r in s.unmatched_gold} == {"issuer", "issued"}
    # a field the gold leaves empty (not stated in the document) is a false positive when predicted
    s = score("plans", [{"jurisdiction": "湖北省", "title": "关于加快生物医药产业发展的实施意见"}],
              [{"title": "", "jurisdiction": "湖北省", "level": "province", "periodEnd": "2027"}])
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)


def test_empty_inputs():
    s = score("targets", [], [])
    assert (s.tp, s.fp, s.fn, s.precision, s.recall) == (0, 0, 0, 1.0, 1.0)
    s = score("targets", [], [target("1")])
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        score("nonsense", [], [])


def test_score_all_micro_average_and_report():
    docs = gold_documents()
    perfect = {}
    for doc in docs:
        perfect[doc] = {}
        for fam in FAMILIES:
            rows = load_gold(doc, fam)
            col = {"parks": "park", "platforms": "platform"}.get(fam)
            if col:  # a prediction names one spelling of an entity
                rows = [{col: r[col].split("|")[0]} for r in rows]
            perfect[doc][fam] = rows
    result = score_all(perfect)
    for fam, s in result["micro"].items():
        assert s.fp == 0 and s.fn == 0, (fam, s.unmatched_predicted, s.unmatched_gold)
    assert result["micro"]["tasks"].tp == sum(len(load_gold(d, "tasks")) for d in docs)
    empty = score_all({"not-a-gold-document": {}})
    assert empty["micro"]["targets"].tp == 0
    assert empty["micro"]["targets"].fn == sum(len(load_gold(d, "targets")) for d in docs)
    assert empty["extra_documents"] == ["not-a-gold-document"]
    report = format_report(result)
    for fam in FAMILIES:
        assert fam in report
    assert "agencies.canonical" in report
    # micro-averaging: the sums of the per-document counts
    one = dict(perfect)
    one[docs[0]] = {}
    r = score_all(one)
    assert r["micro"]["tasks"].fn == len(load_gold(docs[0], "tasks"))
    assert r["documents"][docs[0]]["tasks"].recall == 0.0


# ----------------------------------------------------------------------------- the gold files


def test_gold_covers_the_seed_documents():
    assert gold_documents() == SEED_DOCUMENTS
    for doc in SEED_DOCUMENTS:
        assert (ROOT / "documents" / f"{doc}.txt").exists()


@pytest.mark.parametrize("doc", SEED_DOCUMENTS)
@pytest.mark.parametrize("family", FAMILIES)
def test_gold_csv_parses_with_the_right_header(doc, family):
    path = GOLD_DIR / doc / f"{family}.csv"
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    text = raw.decode("utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == HEADERS[family]
    for row in rows[1:]:
        assert len(row) == len(HEADERS[family]), row
        for cell in row:
            assert cell == cell.strip(), f"stray whitespace in {cell!r}"
    assert load_gold(doc, family) == [dict(zip(HEADERS[family], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize("doc", SEED_DOCUMENTS)
def test_gold_quotes_are_exact_substrings_of_the_document(doc):
    text = document_text(doc)
    for family in ("targets", "incentives"):
        for row in load_gold(doc, family):
            assert row["quote"], row
            assert row["quote"] in text, (family, row["quote"])


@pytest.mark.parametrize("doc", SEED_DOCUMENTS)
def test_gold_values_are_written_as_in_the_document(doc):
    text = document_text(doc)
    for row in load_gold(doc, "tasks"):
        assert row["title"] in text, row
    for row in load_gold(doc, "responsibilities"):
        assert row["agency"] in text, row
        assert row["taskTitle"] == "" or row["taskTitle"] in text, row
    for row in load_gold(doc, "agencies"):
        assert row["agency"] in text, row
    for family, col in (("parks", "park"), ("platforms", "platform")):
        for row in load_gold(doc, family):
            for alias in row[col].split("|"):
                assert alias and alias in text, (family, alias)
    for family in ("targets", "incentives"):
        for row in load_gold(doc, family):
            assert row["taskTitle"] == "" or row["taskTitle"] in text, row


TYPES = {
    "science-technology", "development-reform", "industry-it", "health", "market-regulation", "drug-regulation",
    "finance", "human-resources", "education", "commerce", "medical-insurance", "natural-resources",
    "financial-regulation", "state-assets", "taxation", "ecology-environment", "housing-construction",
    "transport", "agriculture", "statistics", "intellectual-property", "government", "government-office",
    "district-government", "collective-local-governments", "park-management", "enterprise", "other",
}


@pytest.mark.parametrize("doc", SEED_DOCUMENTS)
def test_gold_rows_are_well_formed(doc):
    plans = load_gold(doc, "plans")
    assert len(plans) == 1
    plan = plans[0]
    assert plan["jurisdiction"] and plan["level"] in ("city", "province", "county")
    assert plan["issued"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", plan["issued"])
    for f in ("periodStart", "periodEnd"):
        assert plan[f] == "" or re.fullmatch(r"\d{4}", plan[f])
    if plan["title"]:
        assert plan["title"] in document_text(doc)

    tasks = load_gold(doc, "tasks")
    paths = [t["path"] for t in tasks]
    assert len(paths) == len(set(paths)), "task paths are unique"
    titles = {t["title"] for t in tasks}
    for family in ("responsibilities", "targets", "incentives"):
        for row in load_gold(doc, family):
            assert row["taskTitle"] == "" or row["taskTitle"] in titles, (family, row)

    for row in load_gold(doc, "targets"):
        Decimal(row["value"])
        if row["valueMax"]:
            assert Decimal(row["valueMax"]) > Decimal(row["value"])
        assert row["comparator"] in ("=", ">", "≥", "<", "≤", "approx"), row
        assert row["unit"] and row["indicator"], row
        assert row["year"] == "" or re.fullmatch(r"\d{4}", row["year"]), row
        assert re.search(r"[0-9一二两三四五六七八九十百千万倍]", row["quote"]), row
    for row in load_gold(doc, "incentives"):
        assert Decimal(row["maxAmount"]) > 0 and row["unit"] in ("元", "万元", "亿元"), row

    agencies = {a["agency"]: a for a in load_gold(doc, "agencies")}
    assert len(agencies) == len(load_gold(doc, "agencies")), "one row per agency as written"
    for a in agencies.values():
        assert a["type"] in TYPES, a
        assert a["canonical"], a
    for r in load_gold(doc, "responsibilities"):
        assert r["role"] in ("lead", "supporting", "responsible"), r
        assert r["agency"] in agencies, r
        assert r["canonical"] == agencies[r["agency"]]["canonical"], r
    if plan["issuer"]:
        assert plan["issuer"] in agencies

    for family, col in (("parks", "park"), ("platforms", "platform")):
        names = [r[col] for r in load_gold(doc, family)]
        assert len(names) == len(set(names)), family
