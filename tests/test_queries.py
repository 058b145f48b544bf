"""The canned queries answer the right thing on the seed graph: the five plans of documents/, built
by the real loaders.

Every expected answer comes from the documents, either read by hand (the sentence is quoted
beside the assertion) or computed from the hand-made gold standard in ``tests/gold`` (which was
annotated from the documents, independently of the extraction code), never from a run of the
query itself. A wrong join, a double count, a lost plan-level fact or a mis-scaled amount fails.

The parks, platforms, persons and sectors extractors are still being written; the tests of the
queries that read those families skip, naming the extractor, while it finds nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from biopolicy.graph import query as q
from biopolicy.graph import store as st
from biopolicy.graph.build import build
from tests.quality.score import gold_documents, load_gold

REPOSITORY = Path(__file__).resolve().parents[1]
DOCUMENTS = REPOSITORY / "documents"
DOCS = gold_documents()
JURISDICTION = {doc: load_gold(doc, "plans")[0]["jurisdiction"] for doc in DOCS}
YUAN_PER_UNIT = {"元": 1, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}
LISTINGS = ("plans", "tasks", "responsibilities", "targets", "agencies", "parks", "platforms", "incentives", "instruments")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "build"
    build(DOCUMENTS, path, progress=None, dumps=False)
    return st.open_store(path)


def answer(store, name: str, **params: str) -> list[dict[str, str]]:
    canned = q.load_query(name)
    results = q.run(canned, store=store, params=params)
    assert results.variables == canned.columns, f"{name}: the columns differ from its header"
    return [dict(zip(results.variables, row, strict=True)) for row in results.plain_rows()]


def gold(family: str) -> dict[str, list[dict]]:
    return {doc: load_gold(doc, family) for doc in DOCS}


def agency_types() -> dict[tuple[str, str], str]:
    """(jurisdiction, canonical agency) → agency type, from the gold agencies."""
    return {(JURISDICTION[doc], row["canonical"]): row["type"] for doc, rows in gold("agencies").items() for row in rows}


def document_text(doc: str) -> str:
    return (DOCUMENTS / f"{doc}.txt").read_text(encoding="utf-8-sig")


def yuan(amount: str, unit: str) -> Decimal:
    return Decimal(amount) * YUAN_PER_UNIT[unit]


def skip_unless_extracted(store, family_class: str, extractor: str) -> None:
    query = f"ASK {{ ?x a <{st.BP}{family_class}> }}"
    if family_class == "Sector":
        query = f"ASK {{ ?x <{st.BP}mentionsSector> ?s }}"
    if not bool(store.query(query, use_default_graph_as_union=True)):
        pytest.skip(f"loaders/extract/{extractor}.py finds nothing yet")


# ---------------------------------------------------------------------------------------------
# The catalogue


def test_the_catalogue_has_at_least_twenty_analytical_queries_each_tested_here():
    analytical = {canned.name for canned in q.catalogue() if canned.name not in LISTINGS}
    assert len(analytical) >= 20
    tested = {name[len("test_"):] for name in globals() if name.startswith("test_")}
    assert analytical <= tested, f"no test here for {sorted(analytical - tested)}"


# ---------------------------------------------------------------------------------------------
# Agencies and responsibilities (gold: responsibilities.csv, agencies.csv)


def test_agencies_in_one_plan_only(store):
    # The five seed plans come from five jurisdictions, and agencies are canonical per
    # jurisdiction: every agency a plan makes responsible is named by that plan only.
    types = agency_types()
    expected = {
        (row["canonical"], types[(JURISDICTION[doc], row["canonical"])], JURISDICTION[doc])
        for doc, rows in gold("responsibilities").items()
        for row in rows
    }
    rows = answer(store, "agencies_in_one_plan_only")
    assert len(rows) == len(expected) == 47
    assert {(r["agency"], r["agencyType"], r["jurisdiction"]) for r in rows} == expected
    plans_per_jurisdiction = defaultdict(set)
    for row in rows:
        plans_per_jurisdiction[row["jurisdiction"]].add(row["plan"])
    assert all(len(plans) == 1 for plans in plans_per_jurisdiction.values())


def _types_per_task() -> dict[tuple[str, str], set[str]]:
    types = agency_types()
    per_task: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc, rows in gold("responsibilities").items():
        for row in rows:
            per_task[(doc, row["taskTitle"])].add(types[(JURISDICTION[doc], row["canonical"])])
    return per_task


def test_agency_type_coresponsibility_network(store):
    expected: Counter = Counter()
    for task_types in _types_per_task().values():
        for first in task_types:
            for second in task_types:
                if first < second:
                    expected[(first, second)] += 1
    rows = answer(store, "agency_type_coresponsibility_network")
    assert {(r["typeA"], r["typeB"]): int(r["tasks"]) for r in rows} == dict(expected)
    # science-technology and development-reform share the most tasks (40) across the five plans.
    assert (rows[0]["typeA"], rows[0]["typeB"], rows[0]["tasks"]) == ("development-reform", "science-technology", "40")
    assert [int(r["tasks"]) for r in rows] == sorted((int(r["tasks"]) for r in rows), reverse=True)


def test_agency_type_roles_matrix(store):
    types = agency_types()
    counts: Counter = Counter()
    for doc, rows in gold("responsibilities").items():
        for row in rows:
            counts[(types[(JURISDICTION[doc], row["canonical"])], row["role"])] += 1
    expected = {
        agency_type: tuple(counts[(agency_type, role)] for role in ("lead", "supporting", "responsible"))
        for agency_type in {agency_type for agency_type, _role in counts}
    }
    rows = answer(store, "agency_type_roles_matrix")
    assert {r["agencyType"]: (int(r["lead"]), int(r["supporting"]), int(r["responsible"])) for r in rows} == expected
    assert all(int(r["total"]) == int(r["lead"]) + int(r["supporting"]) + int(r["responsible"]) for r in rows)
    assert sum(int(r["total"]) for r in rows) == 313  # every responsibility of the gold, once
    assert rows[0]["agencyType"] == "science-technology"  # 71: the most often named type


def test_lead_agency_types_by_jurisdiction(store):
    # Only Shenyang (牵头单位/配合单位) and one Shenzhen clause (由市发展改革委牵头) name leads.
    types = agency_types()
    expected = Counter(
        (JURISDICTION[doc], types[(JURISDICTION[doc], row["canonical"])])
        for doc, rows in gold("responsibilities").items()
        for row in rows
        if row["role"] == "lead"
    )
    rows = answer(store, "lead_agency_types_by_jurisdiction")
    assert {(r["jurisdiction"], r["agencyType"]): int(r["leads"]) for r in rows} == dict(expected)
    assert {r["jurisdiction"] for r in rows} == {"沈阳市", "深圳市"}
    assert (rows[0]["jurisdiction"], rows[0]["agencyType"], rows[0]["leads"]) == ("沈阳市", "science-technology", "23")


def test_agency_workload(store):
    tasks: dict[tuple[str, str], set[str]] = defaultdict(set)
    leads: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc, rows in gold("responsibilities").items():
        for row in rows:
            key = (JURISDICTION[doc], row["canonical"])
            tasks[key].add(row["taskTitle"])
            if row["role"] == "lead":
                leads[key].add(row["taskTitle"])
    types = agency_types()
    expected = {key: (types[key], len(titles), len(leads[key])) for key, titles in tasks.items()}
    rows = answer(store, "agency_workload")
    assert {(r["jurisdiction"], r["agency"]): (r["agencyType"], int(r["tasks"]), int(r["leads"])) for r in rows} == expected
    # 市科技局 leads 23 of the 32 Shenyang tasks it is named for: the busiest agency of any plan.
    assert ("沈阳市", "沈阳市科学技术局", "32", "23") in {(r["jurisdiction"], r["agency"], r["tasks"], r["leads"]) for r in rows}


def _gold_task_paths(doc: str) -> dict[str, tuple[str, ...]]:
    return {row["title"]: tuple(row["path"].split(".")) for row in load_gold(doc, "tasks")}


def test_tasks_without_responsible_agency(store):
    # A task is covered when it, one of its sub-tasks or an enclosing task names an agency.
    expected = set()
    for doc in DOCS:
        paths = _gold_task_paths(doc)
        named = {paths[row["taskTitle"]] for row in load_gold(doc, "responsibilities") if row["taskTitle"]}
        for title, path in paths.items():
            related = any(path[: len(other)] == other or other[: len(path)] == path for other in named)
            if not related:
                expected.add((JURISDICTION[doc], title))
    rows = answer(store, "tasks_without_responsible_agency")
    assert {(r["jurisdiction"], r["title"]) for r in rows} == expected
    # Hubei's two goal units and its closing 强化组织保障 name nobody; Changchun names no agency at all.
    assert {r["title"] for r in rows if r["jurisdiction"] == "湖北省"} == {"加快壮大产业规模", "突破发展细分领域", "强化组织保障"}
    assert len([r for r in rows if r["jurisdiction"] == "长春市"]) == 21


# ---------------------------------------------------------------------------------------------
# Incentives (all 23 in the Shenyang measures)


def _shenyang_incentives() -> list[dict]:
    return load_gold("shenyang-2024-biomedicine-medical-equipment-work-measures", "incentives")


def _instrument(quote: str) -> str:
    # The measures' own wording: 奖励 is a reward; 资金支持, 支持金额, 资助, 补助, 后补助 are subsidies.
    return "reward" if "奖励" in quote else "subsidy"


def test_highest_incentive_cap_by_instrument(store):
    by_kind: dict[str, list[Decimal]] = defaultdict(list)
    for row in _shenyang_incentives():
        by_kind[_instrument(row["quote"])].append(yuan(row["maxAmount"], row["unit"]))
    assert {kind: len(caps) for kind, caps in by_kind.items()} == {"subsidy": 11, "reward": 12}
    expected = Counter()
    for kind, caps in by_kind.items():
        expected[(kind, max(caps), len(caps), "沈阳市")] += caps.count(max(caps))
    rows = answer(store, "highest_incentive_cap_by_instrument")
    got = Counter((r["instrument"], Decimal(r["maxInYuan"]), int(r["incentives"]), r["jurisdiction"]) for r in rows)
    # 1000万元 twice as subsidies (每家企业…最高1000万元; CMO/CDMO 最高不超过1000万元),
    # 500万元 twice as rewards (国家级科技创新平台; 规上工业企业 50-500万元).
    assert got == expected == Counter({("subsidy", Decimal(10_000_000), 11, "沈阳市"): 2,
                                       ("reward", Decimal(5_000_000), 12, "沈阳市"): 2})
    assert [r["instrument"] for r in rows] == ["subsidy", "subsidy", "reward", "reward"]


def test_highest_incentive_cap_by_jurisdiction(store):
    rows = answer(store, "highest_incentive_cap_by_jurisdiction")
    top = max(yuan(row["maxAmount"], row["unit"]) for row in _shenyang_incentives())
    assert top == Decimal(10_000_000)
    assert len(rows) == 2  # two incentives share Shenyang's highest cap; no other plan grants any
    for row in rows:
        assert (row["jurisdiction"], Decimal(row["maxInYuan"]), row["maxAmount"], row["unit"], row["instrument"]) == (
            "沈阳市", top, "1000", "万元", "subsidy"
        )
        assert "1000万元" in row["quote"]


def test_incentives_normalised_in_yuan(store):
    expected = Counter((row["taskTitle"], yuan(row["maxAmount"], row["unit"])) for row in _shenyang_incentives())
    rows = answer(store, "incentives_normalised_in_yuan")
    assert Counter((r["taskTitle"], Decimal(r["maxInYuan"])) for r in rows) == expected
    assert [Decimal(r["maxInYuan"]) for r in rows] == sorted((Decimal(r["maxInYuan"]) for r in rows), reverse=True)
    # Two ranges: 分档给予50-500万元一次性奖励; 择优分三年给予总计3-30万元奖励.
    ranges = {(r["taskTitle"], Decimal(r["minInYuan"]), Decimal(r["maxInYuan"])) for r in rows if r["minInYuan"]}
    assert ranges == {
        ("鼓励工业企业升级壮大", Decimal(500_000), Decimal(5_000_000)),
        ("编制产业急需紧缺人才目录", Decimal(30_000), Decimal(300_000)),
    }
    # 按每人5000元标准给予企业一次性培养奖励: yuan, not 万元.
    assert ("助力企业培育专业人才", Decimal(5000)) in {(r["taskTitle"], Decimal(r["maxInYuan"])) for r in rows}


def test_policy_instrument_sides_by_jurisdiction(store):
    # Every incentive of the seeds is money (subsidy or reward), which the Rothwell–Zegveld
    # scheme puts under funding, a supply-side instrument.
    rows = answer(store, "policy_instrument_sides_by_jurisdiction")
    assert [(r["jurisdiction"], r["side"], int(r["incentives"])) for r in rows] == [
        ("沈阳市", "supply-side", len(_shenyang_incentives()))
    ]


# ---------------------------------------------------------------------------------------------
# Targets (gold: targets.csv)


def test_industry_scale_targets_by_jurisdiction(store):
    rows = answer(store, "industry_scale_targets_by_jurisdiction")
    got = Counter((r["jurisdiction"], r["indicatorType"], r["year"], Decimal(r["valueInYuan"])) for r in rows)
    assert got == Counter({
        ("厦门市", "industry-scale", "", Decimal(10**11)),      # 千亿元以上支柱产业链群
        ("厦门市", "industry-scale", "2022", Decimal(12 * 10**10)),  # 生物医药产业规模达1200亿
        ("厦门市", "revenue", "2022", Decimal(10**10)),         # 创新药物实现销售收入达100亿元
        ("沈阳市", "industry-scale", "2025", Decimal(10**11)),  # 产业规模突破1000亿元
        ("深圳市", "output-value", "2025", Decimal(2 * 10**11)),  # 总产值实现突破2000亿元
        ("湖北省", "revenue", "2027", Decimal(25 * 10**10)),    # 营业收入实现倍增,达到2500亿元
        ("湖北省", "industry-scale", "", Decimal(10**11)),      # 武汉千亿级…产业集群
        ("湖北省", "industry-scale", "", Decimal(10**10)),      # 蕲艾百亿级特色产业集群
        ("长春市", "industry-scale", "", Decimal(10**11)),      # 千亿级战略性新兴产业集群
        ("长春市", "output-value", "2025", Decimal(10**11)),    # 双千: 1000亿元产值
    })
    xiamen = next(r for r in rows if r["jurisdiction"] == "厦门市" and r["year"] == "2022" and r["indicatorType"] == "industry-scale")
    assert (xiamen["periodStart"], xiamen["periodEnd"], xiamen["value"], xiamen["unit"]) == ("2020", "2022", "1200", "亿")


def _money_targets() -> list[tuple[str, str, Decimal]]:
    return [
        (JURISDICTION[doc], row["year"], yuan(row["value"], row["unit"]))
        for doc, rows in gold("targets").items()
        for row in rows
        if row["unit"] in YUAN_PER_UNIT and row["year"]
    ]


def test_money_targets_by_year(store):
    expected = {}
    for year in sorted({year for _j, year, _v in _money_targets()}):
        chosen = [(j, v) for j, y, v in _money_targets() if y == year]
        expected[year] = (len(chosen), sum(v for _j, v in chosen))
    rows = answer(store, "money_targets_by_year")
    per_year = {}
    for r in rows:
        count, total = per_year.get(r["year"], (0, Decimal(0)))
        per_year[r["year"]] = (count + int(r["targets"]), total + Decimal(r["totalInYuan"]))
    assert per_year == expected  # every money target of the gold counted once, under its indicator
    # 2025: Shenyang's 产业规模 1000亿 is not added to Shenzhen's and Changchun's 产值 (2000亿, 1000亿).
    by_indicator = {(r["year"], r["indicatorType"]): (int(r["targets"]), Decimal(r["totalInYuan"]), r["jurisdictions"])
                    for r in rows}
    assert by_indicator[("2025", "industry-scale")] == (1, Decimal(10**11), "沈阳市")
    assert by_indicator[("2025", "output-value")] == (2, Decimal(3 * 10**11), "深圳市、长春市")
    assert len(by_indicator) == len(rows)


def test_the_industry_size_measures_are_found_through_their_broader_concept(store):
    narrower = {
        row["c"].value.rsplit("/", 1)[-1]
        for row in store.query(
            "SELECT ?c WHERE { GRAPH <https://w3id.org/biopolicy/graph/inferred> { ?c "
            "<http://www.w3.org/2004/02/skos/core#broaderTransitive> "
            "<https://w3id.org/biopolicy/vocab/indicator-type/industry-size> } }"
        )
    }
    assert narrower == {"industry-scale", "output-value", "revenue"}
    found = {r["indicatorType"] for r in answer(store, "industry_scale_targets_by_jurisdiction")}
    assert found == narrower


@pytest.mark.parametrize("year", ["2025", "2022", "2027"])
def test_targets_for_year(store, year):
    due = [(JURISDICTION[doc], row) for doc, rows in gold("targets").items() for row in rows if row["year"] == year]
    rows = answer(store, "targets_for_year", year=year)
    assert sum(int(r["targets"]) for r in rows) == len(due) > 0
    jurisdictions = {j for r in rows for j in r["jurisdictions"].split("、")}
    assert jurisdictions == {j for j, _row in due}
    assert all(int(r["plans"]) == len(r["jurisdictions"].split("、")) for r in rows)


def test_targets_by_indicator_type(store):
    rows = answer(store, "targets_by_indicator_type")
    assert sum(int(r["targets"]) for r in rows) == sum(len(rows) for rows in gold("targets").values()) == 61
    by_type = {r["indicatorType"]: (r["targets"], r["plans"], r["jurisdictions"]) for r in rows}
    # 生物医药产业上市企业达12家 (Xiamen), 上市企业均达到10户以上 (Changchun).
    assert by_type["listed-enterprises"] == ("2", "2", "厦门市、长春市")
    # 国家级高新技术企业达400家 (Xiamen), 国家高新技术企业达到300家 (Shenyang).
    assert by_type["high-tech-enterprises"] == ("2", "2", "厦门市、沈阳市")


def test_targets_stated_as_ranges(store):
    expected = {
        (JURISDICTION[doc], row["taskTitle"], Decimal(row["value"]), Decimal(row["valueMax"]), row["unit"], row["year"])
        for doc, rows in gold("targets").items()
        for row in rows
        if row["valueMax"]
    }
    rows = answer(store, "targets_stated_as_ranges")
    got = {(r["jurisdiction"], r["taskTitle"], Decimal(r["value"]), Decimal(r["valueMax"]), r["unit"], r["year"]) for r in rows}
    assert got == expected and len(rows) == 9
    assert all(r["value"] in r["quote"] and r["valueMax"] in r["quote"] for r in rows)


def test_target_density_per_plan(store):
    rows = answer(store, "target_density_per_plan")
    got = {r["jurisdiction"]: (int(r["tasks"]), int(r["targets"]), Decimal(r["targetsPerTask"])) for r in rows}
    for doc in DOCS:
        tasks, targets = len(load_gold(doc, "tasks")), len(load_gold(doc, "targets"))
        assert got[JURISDICTION[doc]][:2] == (tasks, targets)
        assert abs(got[JURISDICTION[doc]][2] - Decimal(targets) / tasks) < Decimal("0.006")
    assert [r["jurisdiction"] for r in rows][0] == "厦门市"  # 23 targets on 13 tasks


def test_target_density_per_task(store):
    expected = Counter(
        (JURISDICTION[doc], row["taskTitle"]) for doc, rows in gold("targets").items() for row in rows if row["taskTitle"]
    )
    rows = answer(store, "target_density_per_task")
    assert {(r["jurisdiction"], r["title"]): int(r["targets"]) for r in rows} == dict(expected)
    # 企业倍增发展工程 (Xiamen) and 加快壮大产业规模 (Hubei) carry seven targets each.
    assert {(r["jurisdiction"], r["title"]) for r in rows[:2]} == {("厦门市", "企业倍增发展工程"), ("湖北省", "加快壮大产业规模")}


# ---------------------------------------------------------------------------------------------
# Plans (gold: plans.csv) and whole-graph overviews


def test_plans_by_document_kind(store):
    # 行动计划 (Xiamen), 实施意见 (Hubei), 实施方案 (Shenzhen), 工作措施 (Shenyang), and a 解读 of
    # Changchun's 行动计划: the plan is an action plan; only its source is an interpretation.
    rows = answer(store, "plans_by_document_kind")
    assert [(r["documentKind"], r["plans"], r["readFromInterpretations"], r["jurisdictions"]) for r in rows] == [
        ("action-plan", "2", "1", "厦门市、长春市"),
        ("implementation-opinions", "1", "0", "湖北省"),
        ("implementation-plan", "1", "0", "深圳市"),
        ("work-measures", "1", "0", "沈阳市"),
    ]


@pytest.mark.parametrize("year", ["2019", "2022", "2024", "2025"])
def test_plans_covering_year(store, year):
    expected = set()
    for doc in DOCS:
        plan = load_gold(doc, "plans")[0]
        start = plan["periodStart"] or plan["issued"][:4]
        if start and plan["periodEnd"] and int(start) <= int(year) <= int(plan["periodEnd"]):
            expected.add((plan["jurisdiction"], plan["title"], start, plan["periodEnd"]))
    rows = answer(store, "plans_covering_year", year=year)
    assert {(r["jurisdiction"], r["title"], r["periodStart"], r["periodEnd"]) for r in rows} == expected
    if year == "2022":
        assert {r["jurisdiction"] for r in rows} == {"厦门市", "深圳市"}  # 2020-2022 and 2020—2025年


def test_plans_expiring_before_target_year(store):
    # No seed plan sets a target beyond its own period (checked on the gold, not assumed).
    dated = 0
    expected = set()
    for doc in DOCS:
        end = load_gold(doc, "plans")[0]["periodEnd"]
        years = [int(row["year"]) for row in load_gold(doc, "targets") if row["year"]]
        dated += len(years)
        if end and any(year > int(end) for year in years):
            expected.add(JURISDICTION[doc])
    assert dated > 40 and expected == set()
    assert answer(store, "plans_expiring_before_target_year") == []


def test_plans_missing_metadata(store):
    fields = ("title", "issuer", "docNumber", "issued", "periodStart", "periodEnd")
    expected = {}
    for doc in DOCS:
        plan = load_gold(doc, "plans")[0]
        missing = [name for name in fields if not plan[name]]
        if missing:
            expected[plan["jurisdiction"]] = (len(missing), ", ".join(missing))
    rows = answer(store, "plans_missing_metadata")
    assert {r["jurisdiction"]: (int(r["missingCount"]), r["missing"]) for r in rows} == expected
    # Hubei states no title (制订本实施意见), no issuer, number, date or period (到2027年 is a target year).
    assert rows[0]["jurisdiction"] == "湖北省" and rows[0]["missing"] == "title, issuer, docNumber, issued, periodStart, periodEnd"


def test_jurisdiction_overview(store):
    rows = answer(store, "jurisdiction_overview")
    got = {r["jurisdiction"]: r for r in rows}
    assert set(got) == set(JURISDICTION.values())
    for doc in DOCS:
        row = got[JURISDICTION[doc]]
        agencies = {r["canonical"] for r in load_gold(doc, "responsibilities")}
        assert (row["level"], int(row["plans"]), int(row["tasks"]), int(row["targets"]), int(row["incentives"]),
                int(row["agencies"])) == (
            load_gold(doc, "plans")[0]["level"], 1, len(load_gold(doc, "tasks")), len(load_gold(doc, "targets")),
            len(load_gold(doc, "incentives")), len(agencies),
        )


def test_plan_family_counts(store):
    rows = {r["jurisdiction"]: r for r in answer(store, "plan_family_counts")}
    for doc in DOCS:
        row = rows[JURISDICTION[doc]]
        for family in ("tasks", "responsibilities", "targets", "incentives"):
            assert int(row[family]) == len(load_gold(doc, family)), (doc, family)
        # every canonical agency, the issuer included, is one bp:Agency in the plan's graph
        assert int(row["agencies"]) == len({r["canonical"] for r in load_gold(doc, "agencies")}), doc


def test_facts_with_quotes_for_plan(store):
    # Every fact's quote is the source text at its offsets (code points), on the line it names.
    for key, doc in (("350200-2020", "xiamen-2020-biomedicine-action-plan"),
                     ("440300", "shenzhen-2020-biomedicine-cluster-implementation-plan")):
        rows = answer(store, "facts_with_quotes_for_plan", plan=key)
        text = document_text(doc)
        assert rows and all(r["planKey"].startswith(key) for r in rows)
        for row in rows:
            start = int(row["start"])
            assert text[start : start + len(row["quote"])] == row["quote"], row
            assert int(row["line"]) == text.count("\n", 0, start) + 1, row
        facts = {kind: {r["fact"] for r in rows if r["kind"] == kind} for kind in ("Task", "Responsibility", "Target")}
        assert {kind: len(nodes) for kind, nodes in facts.items()} == {
            "Task": len(load_gold(doc, "tasks")),
            "Responsibility": len(load_gold(doc, "responsibilities")),
            "Target": len(load_gold(doc, "targets")),
        }
    default = answer(store, "facts_with_quotes_for_plan")
    assert default and {r["planKey"] for r in default} == {r["planKey"] for r in answer(store, "facts_with_quotes_for_plan", plan="350200-2020")}


# ---------------------------------------------------------------------------------------------
# Parks, platforms, persons, sectors (extractors in progress)


def _gold_names(family: str, column: str) -> dict[str, set[str]]:
    return {JURISDICTION[doc]: {alias for row in rows for alias in row[column].split("|")} for doc, rows in gold(family).items()}


def test_parks_with_specialisation(store):
    skip_unless_extracted(store, "Park", "parks")
    parks = _gold_names("parks", "park")
    texts = {JURISDICTION[doc]: document_text(doc) for doc in DOCS}
    for row in answer(store, "parks_with_specialisation"):
        assert row["park"] in parks[row["jurisdiction"]], row
        assert row["specialisation"] and row["specialisation"] in texts[row["jurisdiction"]], row


def test_platforms_by_type_and_jurisdiction(store):
    skip_unless_extracted(store, "Platform", "platforms")
    rows = answer(store, "platforms_by_type_and_jurisdiction")
    # As many platforms as the gold names, give or take the extraction floor (0.9) and the
    # entities the documents name two ways (a gold cell "A|B" may come out as two platforms).
    found = sum(int(r["platforms"]) for r in rows)
    entities = sum(len(rows) for rows in gold("platforms").values())
    spellings = sum(len(row["platform"].split("|")) for rows in gold("platforms").values() for row in rows)
    assert 0.9 * entities <= found <= spellings / 0.9, (found, entities, spellings)
    assert {r["jurisdiction"] for r in rows} == set(JURISDICTION.values())
    # 分子疫苗学和分子诊断学国家重点实验室, 细胞应激生物学国家重点实验室, 福建省生物医药实验室
    laboratories = {(r["jurisdiction"], r["platformType"]): int(r["platforms"]) for r in rows}
    assert laboratories.get(("厦门市", "laboratory"), 0) >= 3


def test_persons_leading_tasks(store):
    skip_unless_extracted(store, "Person", "persons")
    # Shenyang: 牵头领导:李志勇 under five 工程, 牵头领导:马恩林 under 完善企业生态梯队系统工程.
    rows = answer(store, "persons_leading_tasks")
    assert {(r["jurisdiction"], r["person"], r["taskTitle"]) for r in rows} == {
        ("沈阳市", "李志勇", "加速科研成果产业转化工程"),
        ("沈阳市", "李志勇", "提升临床研究服务能力工程"),
        ("沈阳市", "李志勇", "健全公共技术服务体系工程"),
        ("沈阳市", "马恩林", "完善企业生态梯队系统工程"),
        ("沈阳市", "李志勇", "培育先进制造产业集群工程"),
        ("沈阳市", "李志勇", "打造高端产业人才高地工程"),
    }


# Each of the five documents names 医疗器械, 中药 and 化学药 as fields to develop.
EVERY_PLAN_SECTORS = {"medical-device", "tcm", "chemical-drug"}


def test_sectors_shared_by_plans(store):
    skip_unless_extracted(store, "Sector", "sectors")
    rows = answer(store, "sectors_shared_by_plans")
    assert all(int(r["plans"]) >= 2 for r in rows)
    shared = {r["sector"]: r for r in rows}
    for sector in EVERY_PLAN_SECTORS:
        assert (shared[sector]["plans"], shared[sector]["jurisdictions"]) == ("5", "厦门市、沈阳市、深圳市、湖北省、长春市")


def test_sectors_unique_to_one_plan(store):
    skip_unless_extracted(store, "Sector", "sectors")
    unique = {r["sector"] for r in answer(store, "sectors_unique_to_one_plan")}
    shared = {r["sector"] for r in answer(store, "sectors_shared_by_plans")}
    every = {r["sector"] for r in answer(store, "sector_coverage_by_jurisdiction_level")}
    assert unique.isdisjoint(shared) and unique | shared == every
    assert unique.isdisjoint(EVERY_PLAN_SECTORS)


def test_sector_coverage_by_jurisdiction_level(store):
    skip_unless_extracted(store, "Sector", "sectors")
    rows = {(r["level"], r["sector"]): int(r["plans"]) for r in answer(store, "sector_coverage_by_jurisdiction_level")}
    for sector in EVERY_PLAN_SECTORS:
        assert rows[("province", sector)] == 1  # Hubei
        assert rows[("city", sector)] == 4


# ---------------------------------------------------------------------------------------------
# Policy instruments (issue #15). The expected answers are computed in Python from the instruments
# family's records (the extraction of each seed), never from a query: these tests check the queries'
# joins, shares and counts. How right the codes are is tests/test_instruments.py, against the hand gold.


@pytest.fixture(scope="module")
def extractions():
    from biopolicy.loaders.pipeline import extract_document

    return {path.stem: extract_document(path) for path in sorted(DOCUMENTS.glob("*.txt"))}


def _jurisdiction(extraction) -> str:
    return extraction.metadata.jurisdiction.name


def _coded(extraction):
    """(measure key, primary concept, the record) of every classified measure of one extraction."""
    return [((item.measure, item.unit if item.measure == "task" else item.incentive_span), item.coding.primary.concept, item)
            for item in extraction.instruments if item.coding.primary]


def _side(concept: str) -> str:
    from biopolicy.loaders.extract.instruments import side_of

    return side_of(concept)


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(1000 * part) / whole).quantize(Decimal(1)) / 1000


def test_instruments(store, extractions):
    rows = answer(store, "instruments")
    expected = Counter((_jurisdiction(e), e.metadata.title, e.task_title(item.unit), concept, _side(concept), item.coding.primary.cue)
                       for e in extractions.values() for _, concept, item in _coded(e))
    assert Counter((r["jurisdiction"], r["plan"], r["taskTitle"], r["instrument"], r["side"], r["cue"]) for r in rows) == expected
    assert all(r["quote"] for r in rows)


def test_instrument_mix_by_jurisdiction(store, extractions):
    expected = {}
    for e in extractions.values():
        coded = _coded(e)
        sides = Counter(_side(concept) for _, concept, _ in coded)
        unclassified = sum(1 for item in e.instruments if item.coding.primary is None)
        for side, count in sides.items():
            expected[(_jurisdiction(e), side)] = (count, len(coded), _share(count, len(coded)), unclassified or "")
    rows = answer(store, "instrument_mix_by_jurisdiction")
    got = {(r["jurisdiction"], r["side"]): (int(r["measures"]), int(r["classified"]), Decimal(r["share"]),
                                            int(r["unclassified"]) if r["unclassified"] else "") for r in rows}
    assert got == expected
    assert len({r["jurisdiction"] for r in rows}) == 5


def test_instruments_by_agency_type(store, extractions):
    measures = defaultdict(set)
    for doc, e in extractions.items():
        by_unit = defaultdict(list)
        for key, concept, item in _coded(e):
            by_unit[item.unit].append((key, concept))
        for responsibility in e.responsibilities:
            if responsibility.unit is None:
                continue
            for key, concept in by_unit[responsibility.unit]:
                if key[0] == "incentive" or key[1] == responsibility.unit:
                    measures[(e.agency(responsibility.agency).type, concept)].add((doc, key))
    rows = answer(store, "instruments_by_agency_type")
    got = {(r["agencyType"], r["instrument"]): int(r["measures"]) for r in rows}
    assert got == {key: len(found) for key, found in measures.items()}
    assert all(r["side"] == _side(r["instrument"]) for r in rows)


def test_instruments_in_one_plan_only(store, extractions):
    plans, counts = defaultdict(set), Counter()
    for doc, e in extractions.items():
        for _, concept, _ in _coded(e):
            plans[concept].add(doc)
            counts[(concept, doc)] += 1
    expected = {(concept, _jurisdiction(extractions[doc]), extractions[doc].metadata.title or "", counts[(concept, doc)])
                for concept, docs in plans.items() if len(docs) == 1 for doc in docs}
    rows = answer(store, "instruments_in_one_plan_only")
    assert {(r["instrument"], r["jurisdiction"], r["plan"], int(r["measures"])) for r in rows} == expected
    assert expected  # the seeds use some instruments once (procurement in Hubei, demonstration in Xiamen …)


def test_incentive_caps_by_instrument(store, extractions):
    caps = defaultdict(list)
    for e in extractions.values():
        for item in e.instruments:
            if item.measure == "incentive" and item.coding.primary:
                incentive = next(i for i in e.incentives if i.span == item.incentive_span)
                caps[item.coding.primary.concept].append(incentive.value_in_yuan)
    rows = answer(store, "incentive_caps_by_instrument")
    got = {r["instrument"]: (int(r["incentives"]), Decimal(r["highestCapInYuan"]), Decimal(r["lowestCapInYuan"]),
                             Decimal(r["averageCapInYuan"])) for r in rows}
    expected = {concept: (len(found), max(found), min(found), (sum(found) / len(found)).quantize(Decimal(1)))
                for concept, found in caps.items()}
    assert got == expected
    assert "talent" in got  # 按每人5000元标准给予企业一次性培养奖励 (Shenyang): money that pays for talent


SECOND_XIAMEN_PLAN = """厦门市人民政府办公厅关于印发厦门市促进生物医药产业高质量发展若干措施的通知
厦府办〔2023〕12号
厦门市促进生物医药产业高质量发展若干措施
一、支持人才引进。对引进的高层次人才团队,给予最高100万元安家补贴。
二、实施首台套示范应用。对首台(套)医疗器械产品,给予最高200万元奖励。
三、优化审评审批服务。建立创新产品审评审批绿色通道。
四、设立产业基金。设立规模10亿元的生物医药产业基金。
厦门市人民政府办公厅
2023年5月10日
"""


@pytest.fixture(scope="module")
def two_xiamen_plans(tmp_path_factory):
    """The Xiamen seed (2020) and a later Xiamen plan (2023, written for this test): one jurisdiction, two plans."""
    from biopolicy.loaders.pipeline import extract_document

    documents = tmp_path_factory.mktemp("xiamen") / "documents"
    documents.mkdir()
    seed = DOCUMENTS / "xiamen-2020-biomedicine-action-plan.txt"
    (documents / seed.name).write_bytes(seed.read_bytes())
    (documents / "xiamen-2023-biomedicine-several-measures.txt").write_text(SECOND_XIAMEN_PLAN, encoding="utf-8")
    path = documents.parent / "build"
    build(documents, path, progress=None, dumps=False)
    extracted = [extract_document(document) for document in sorted(documents.glob("*.txt"))]
    return st.open_store(path), extracted


def test_instrument_mix_change_between_plans(store, two_xiamen_plans):
    assert answer(store, "instrument_mix_change_between_plans") == []  # five jurisdictions, one plan each
    two_plans, (earlier, later) = two_xiamen_plans
    assert (earlier.metadata.issued.year, later.metadata.issued.year) == (2020, 2023)

    def shares(extraction):
        coded = _coded(extraction)
        sides = Counter(_side(concept) for _, concept, _ in coded)
        return {side: _share(sides[side], len(coded)) for side in ("demand-side", "environment-side", "supply-side")}

    before, after = shares(earlier), shares(later)
    rows = answer(two_plans, "instrument_mix_change_between_plans")
    assert [(r["jurisdiction"], r["side"], r["earlierYear"], r["laterYear"], Decimal(r["earlierShare"]),
             Decimal(r["laterShare"]), Decimal(r["change"])) for r in rows] == [
        ("厦门市", side, "2020", "2023", before[side], after[side], after[side] - before[side]) for side in sorted(before)
    ]
    assert after["demand-side"] > before["demand-side"]  # 首台套示范应用 in 2023
