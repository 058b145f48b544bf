"""Every canned query answers the hand-computed rows on the three fixture plans (tests/graph_fixtures/plans).

The expected rows below were worked out from the fixture Turtle, not copied from a run: a query
that joins wrongly, double-counts a triple that two plan graphs share, or orders differently fails.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from biopolicy.graph import formats
from biopolicy.graph import query as q
from biopolicy.graph import store as st
from tests.graph_fixtures import fake_loaders

ID = "https://w3id.org/biopolicy/id/"
XM, HB, SZ = (fake_loaders.PLAN_KEYS[name] for name in ("xiamen", "hubei", "shenzhen"))
XM_PLAN, HB_PLAN, SZ_PLAN = (f"{ID}plan/{key}" for key in (XM, HB, SZ))


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fake_loaders.install(monkeypatch)
        path = tmp_path_factory.mktemp("query") / "build"
        fake_loaders.build_fixture_store(path)
    return path


@pytest.fixture(scope="module")
def store(store_dir):
    return st.open_store(store_dir)


def rows(store, name: str, **params: str) -> list[tuple[str, ...]]:
    results = q.run(q.load_query(name), store=store, params=params)
    assert results.variables == q.load_query(name).columns, f"{name}: columns differ from its header"
    return results.plain_rows()


EXPECTED = {
    "plans": [
        (XM_PLAN, "厦门市做强做大生物医药产业三年行动计划", "厦门市", "city", "厦门市人民政府办公厅", "厦府办〔2020〕57号",
         "2020-06-03", "2020", "2022", "xiamen-2020-biomedicine-action-plan.txt"),
        (SZ_PLAN, "深圳市促进生物医药产业集群发展实施方案", "深圳市", "city", "深圳市人民政府办公厅", "深府办函〔2020〕98号",
         "2020-10-20", "2020", "2025", "shenzhen-2020-biomedicine-cluster-implementation-plan.txt"),
        (HB_PLAN, "湖北省关于加快生物医药产业高质量发展的实施意见", "湖北省", "province", "湖北省人民政府", "",
         "2024-03-15", "2024", "2027", "hubei-2024-biomedicine-implementation-opinions.txt"),
    ],
    "tasks": [
        ("厦门市", f"{ID}task/{XM}/3-1", "三.(一)", "创新药物发展工程"),
        ("厦门市", f"{ID}task/{XM}/3-2", "三.(二)", "医疗器械提升工程"),
        ("厦门市", f"{ID}task/{XM}/4-1", "四.(一)", "加强组织领导"),
        ("深圳市", f"{ID}task/{SZ}/1", "一", "建设生物医药园区"),
        ("深圳市", f"{ID}task/{SZ}/2", "二", "强化人才支撑"),
        ("湖北省", f"{ID}task/{HB}/1", "一", "培育创新主体"),
        ("湖北省", f"{ID}task/{HB}/2", "二", "建设创新平台"),
        ("湖北省", f"{ID}task/{HB}/2-1", "二.(一)", "建设湖北实验室"),
    ],
    "responsibilities": [
        ("厦门市", "创新药物发展工程", "市科技局", "厦门市科学技术局", "lead"),
        ("厦门市", "创新药物发展工程", "市发改委", "厦门市发展和改革委员会", "supporting"),
        ("厦门市", "医疗器械提升工程", "市工信局", "厦门市工业和信息化局", "responsible"),
        ("厦门市", "医疗器械提升工程", "市科技局", "厦门市科学技术局", "responsible"),
        ("深圳市", "建设生物医药园区", "市发展改革委", "深圳市发展和改革委员会", "lead"),
        ("深圳市", "建设生物医药园区", "市科技创新委", "深圳市科技创新委员会", "supporting"),
        ("深圳市", "建设生物医药园区", "国家药监局", "国家药品监督管理局", "supporting"),
        ("深圳市", "强化人才支撑", "市人力资源保障局", "深圳市人力资源和社会保障局", "lead"),
        ("湖北省", "培育创新主体", "省科技厅", "湖北省科学技术厅", "lead"),
        ("湖北省", "培育创新主体", "省经信厅", "湖北省经济和信息化厅", "supporting"),
        ("湖北省", "建设湖北实验室", "省发改委", "湖北省发展和改革委员会", "responsible"),
        ("湖北省", "建设湖北实验室", "国家药监局", "国家药品监督管理局", "supporting"),
    ],
    "targets": [
        # A plan-level target has no task title.
        ("厦门市", "", "生物医药产业规模", "1200", "", "亿", "≥", "2022", "生物医药产业规模达1200亿"),
        ("厦门市", "", "上市企业", "12", "", "家", "=", "2022", "生物医药产业上市企业达12家"),
        ("厦门市", "创新药物发展工程", "新药获批", "10", "", "个", "≥", "2025", "到2025年获批新药10个以上"),
        ("深圳市", "建设生物医药园区", "生物医药产业规模", "2000", "", "亿元", "≥", "2025", "到2025年生物医药产业规模达到2000亿元以上"),
        ("深圳市", "建设生物医药园区", "专业园区", "3", "", "个", "approx", "2025", "建成约3个专业园区"),
        ("湖北省", "", "生物医药产业营业收入", "10000", "", "亿元", ">", "2027",
         "到2027年,全省生物医药产业营业收入突破10000亿元"),
        ("湖北省", "建设创新平台", "创新平台", "50", "60", "个", "=", "2025", "到2025年新建创新平台50-60个"),
    ],
    "agencies": [  # issuers as well as responsible agencies
        ("厦门市", "厦门市人民政府办公厅", "厦门市人民政府办公厅", "government-office"),
        ("厦门市", "市发改委", "厦门市发展和改革委员会", "development-reform"),
        ("厦门市", "市工信局", "厦门市工业和信息化局", "industry-it"),
        ("厦门市", "市科技局", "厦门市科学技术局", "science-technology"),
        ("深圳市", "国家药监局", "国家药品监督管理局", "drug-regulation"),
        ("深圳市", "市人力资源保障局", "深圳市人力资源和社会保障局", "human-resources"),
        ("深圳市", "深圳市人民政府办公厅", "深圳市人民政府办公厅", "government-office"),
        ("深圳市", "市发展改革委", "深圳市发展和改革委员会", "development-reform"),
        ("深圳市", "市科技创新委", "深圳市科技创新委员会", "science-technology"),
        ("湖北省", "国家药监局", "国家药品监督管理局", "drug-regulation"),
        ("湖北省", "湖北省人民政府", "湖北省人民政府", "government"),
        ("湖北省", "省发改委", "湖北省发展和改革委员会", "development-reform"),
        ("湖北省", "省科技厅", "湖北省科学技术厅", "science-technology"),
        ("湖北省", "省经信厅", "湖北省经济和信息化厅", "industry-it"),
    ],
    "parks": [("厦门市", "厦门生物医药港"), ("深圳市", "坪山国家生物产业基地"), ("湖北省", "武汉国家生物产业基地")],
    "platforms": [
        ("厦门市", "医疗器械注册检验平台"), ("深圳市", "深圳湾实验室"), ("湖北省", "湖北实验室"), ("湖北省", "湖北省临床医学研究中心"),
    ],
    "incentives": [
        ("厦门市", "创新药物发展工程", "500", "万元", "国家级科技创新平台", "对国家级科技创新平台给予50-500万元奖励"),
        ("深圳市", "强化人才支撑", "300", "万元", "高层次人才团队", "对高层次人才团队给予最高300万元奖励"),
        ("湖北省", "培育创新主体", "1000", "万元", "创新药企业", "对创新药企业给予最高1000万元补贴"),
        ("湖北省", "建设湖北实验室", "2", "亿元", "重大创新平台", "设立2亿元重大创新平台建设基金"),
    ],
    # Analytical queries ------------------------------------------------------------------------
    "industry_scale_targets_by_jurisdiction": [  # revenue counts as a measure of industry size
        ("厦门市", XM_PLAN, "2020", "2022", "2022", "industry-scale", "生物医药产业规模", "1200", "亿", "120000000000"),
        ("深圳市", SZ_PLAN, "2020", "2025", "2025", "industry-scale", "生物医药产业规模", "2000", "亿元", "200000000000"),
        ("湖北省", HB_PLAN, "2024", "2027", "2027", "revenue", "生物医药产业营业收入", "10000", "亿元", "1000000000000"),
    ],
    "agency_workload": [  # 国家药监局 counts once in each plan that names it
        ("厦门市", "厦门市科学技术局", "science-technology", "2", "1"),
        ("厦门市", "厦门市发展和改革委员会", "development-reform", "1", "0"),
        ("厦门市", "厦门市工业和信息化局", "industry-it", "1", "0"),
        ("深圳市", "深圳市人力资源和社会保障局", "human-resources", "1", "1"),
        ("深圳市", "深圳市发展和改革委员会", "development-reform", "1", "1"),
        ("深圳市", "国家药品监督管理局", "drug-regulation", "1", "0"),
        ("深圳市", "深圳市科技创新委员会", "science-technology", "1", "0"),
        ("湖北省", "湖北省科学技术厅", "science-technology", "1", "1"),
        ("湖北省", "国家药品监督管理局", "drug-regulation", "1", "0"),
        ("湖北省", "湖北省发展和改革委员会", "development-reform", "1", "0"),
        ("湖北省", "湖北省经济和信息化厅", "industry-it", "1", "0"),
    ],
    "targets_stated_as_ranges": [
        ("湖北省", "建设创新平台", "创新平台", "50", "60", "个", "2025", "到2025年新建创新平台50-60个"),
    ],
    "plans_missing_metadata": [(HB_PLAN, "湖北省", "1", "docNumber")],
    "targets_for_year": [
        ("drug-approvals", "1", "1", "厦门市"), ("industry-scale", "1", "1", "深圳市"),
        ("parks", "1", "1", "深圳市"), ("platforms", "1", "1", "湖北省"),
    ],
    "lead_agency_types_by_jurisdiction": [
        ("厦门市", "science-technology", "1"), ("深圳市", "development-reform", "1"),
        ("深圳市", "human-resources", "1"), ("湖北省", "science-technology", "1"),
    ],
    "agencies_in_one_plan_only": [  # the national drug regulator serves two plans: left out
        ("厦门市发展和改革委员会", "development-reform", "厦门市", XM_PLAN),
        ("厦门市工业和信息化局", "industry-it", "厦门市", XM_PLAN),
        ("厦门市科学技术局", "science-technology", "厦门市", XM_PLAN),
        ("深圳市发展和改革委员会", "development-reform", "深圳市", SZ_PLAN),
        ("深圳市人力资源和社会保障局", "human-resources", "深圳市", SZ_PLAN),
        ("深圳市科技创新委员会", "science-technology", "深圳市", SZ_PLAN),
        ("湖北省发展和改革委员会", "development-reform", "湖北省", HB_PLAN),
        ("湖北省经济和信息化厅", "industry-it", "湖北省", HB_PLAN),
        ("湖北省科学技术厅", "science-technology", "湖北省", HB_PLAN),
    ],
    "sectors_shared_by_plans": [
        ("antibody", "抗体药物", "2", "厦门市、深圳市"),
        ("car-t", "CAR-T细胞治疗", "2", "深圳市、湖北省"),
        ("vaccine", "疫苗", "2", "厦门市、湖北省"),
    ],
    "sectors_unique_to_one_plan": [("medical-device", "医疗器械", "厦门市", XM_PLAN)],
    "platforms_by_type_and_jurisdiction": [
        ("厦门市", "testing", "1"), ("深圳市", "laboratory", "1"),
        ("湖北省", "clinical-research", "1"), ("湖北省", "laboratory", "1"),
    ],
    "parks_with_specialisation": [
        ("厦门市", "厦门生物医药港", "industrial-park", "生物医药和医疗器械"),
        ("深圳市", "坪山国家生物产业基地", "industrial-base", "创新药、医疗器械"),
        ("湖北省", "武汉国家生物产业基地", "industrial-base", "生物医药、生物农业"),
    ],
    "highest_incentive_cap_by_jurisdiction": [
        ("湖北省", "200000000", "2", "亿元", "fund", "重大创新平台", "设立2亿元重大创新平台建设基金"),
        ("厦门市", "5000000", "500", "万元", "reward", "国家级科技创新平台", "对国家级科技创新平台给予50-500万元奖励"),
        ("深圳市", "3000000", "300", "万元", "reward", "高层次人才团队", "对高层次人才团队给予最高300万元奖励"),
    ],
    "highest_incentive_cap_by_instrument": [
        ("fund", "200000000", "1", "湖北省", "重大创新平台"),
        ("subsidy", "10000000", "1", "湖北省", "创新药企业"),
        ("reward", "5000000", "2", "厦门市", "国家级科技创新平台"),
    ],
    "plans_covering_year": [
        (XM_PLAN, "厦门市做强做大生物医药产业三年行动计划", "厦门市", "2020", "2022"),
        (SZ_PLAN, "深圳市促进生物医药产业集群发展实施方案", "深圳市", "2020", "2025"),
    ],
    "plans_expiring_before_target_year": [(XM_PLAN, "厦门市", "2022", "2025", "1")],
    "tasks_without_responsible_agency": [("厦门市", f"{ID}task/{XM}/4-1", "四.(一)", "加强组织领导")],
    "agency_type_coresponsibility_network": [
        ("development-reform", "drug-regulation", "2"),
        ("development-reform", "science-technology", "2"),
        ("industry-it", "science-technology", "2"),
        ("drug-regulation", "science-technology", "1"),
    ],
    "target_density_per_plan": [
        ("厦门市", XM_PLAN, "3", "3", "1"), ("深圳市", SZ_PLAN, "2", "2", "1"), ("湖北省", HB_PLAN, "3", "2", "0.67"),
    ],
    "target_density_per_task": [
        ("深圳市", f"{ID}task/{SZ}/1", "建设生物医药园区", "2"),
        ("厦门市", f"{ID}task/{XM}/3-1", "创新药物发展工程", "1"),
        ("湖北省", f"{ID}task/{HB}/2", "建设创新平台", "1"),
    ],
    "incentives_normalised_in_yuan": [
        ("湖北省", "建设湖北实验室", "fund", "", "200000000", "2", "亿元", "重大创新平台"),
        ("湖北省", "培育创新主体", "subsidy", "", "10000000", "1000", "万元", "创新药企业"),
        ("厦门市", "创新药物发展工程", "reward", "500000", "5000000", "500", "万元", "国家级科技创新平台"),
        ("深圳市", "强化人才支撑", "reward", "", "3000000", "300", "万元", "高层次人才团队"),
    ],
    "agency_type_roles_matrix": [
        ("science-technology", "2", "1", "1", "4"),
        ("development-reform", "1", "1", "1", "3"),
        ("drug-regulation", "0", "2", "0", "2"),
        ("industry-it", "0", "1", "1", "2"),
        ("human-resources", "1", "0", "0", "1"),
    ],
    "persons_leading_tasks": [
        ("深圳市", "李志勇", f"{ID}task/{SZ}/1", "建设生物医药园区"),
        ("湖北省", "张三", f"{ID}task/{HB}/1", "培育创新主体"),
    ],
    "money_targets_by_year": [  # by year and indicator: revenue is never added to industry scale
        ("2022", "industry-scale", "1", "120000000000", "厦门市"),
        ("2025", "industry-scale", "1", "200000000000", "深圳市"),
        ("2027", "revenue", "1", "1000000000000", "湖北省"),
    ],
    "sector_coverage_by_jurisdiction_level": [
        ("city", "antibody", "2"), ("city", "car-t", "1"), ("city", "medical-device", "1"), ("city", "vaccine", "1"),
        ("province", "car-t", "1"), ("province", "vaccine", "1"),
    ],
    "targets_by_indicator_type": [
        ("industry-scale", "2", "2", "厦门市、深圳市"), ("drug-approvals", "1", "1", "厦门市"),
        ("listed-enterprises", "1", "1", "厦门市"), ("parks", "1", "1", "深圳市"),
        ("platforms", "1", "1", "湖北省"), ("revenue", "1", "1", "湖北省"),
    ],
    "jurisdiction_overview": [
        ("厦门市", "city", "1", "3", "3", "1", "3"),
        ("深圳市", "city", "1", "2", "2", "1", "4"),
        ("湖北省", "province", "1", "3", "2", "2", "4"),
    ],
    "policy_instrument_sides_by_jurisdiction": [  # reward, subsidy, fund ⊑ funding ⊑ supply-side
        ("厦门市", "supply-side", "1"), ("深圳市", "supply-side", "1"), ("湖北省", "supply-side", "2"),
    ],
    "plans_by_document_kind": [
        # Hubei's plan was read from an interpretation (bp:sourceKind on its document): still 实施意见
        ("action-plan", "1", "0", "厦门市"), ("implementation-opinions", "1", "1", "湖北省"),
        ("implementation-plan", "1", "0", "深圳市"),
    ],
    # The fixture graphs carry no instrument codes (they are older than the instruments family): these
    # queries answer nothing here; tests/test_queries.py checks their answers on the seeds.
    **{name: [] for name in ("instruments", "instrument_mix_by_jurisdiction", "instruments_by_agency_type",
                             "instruments_in_one_plan_only", "incentive_caps_by_instrument",
                             "instrument_mix_change_between_plans")},
    "plan_family_counts": [
        ("厦门市", XM_PLAN, "3", "4", "3", "1", "4", "1", "1", "0", "3"),
        ("深圳市", SZ_PLAN, "2", "4", "2", "1", "5", "1", "1", "1", "2"),
        ("湖北省", HB_PLAN, "3", "4", "2", "2", "5", "1", "2", "1", "2"),
    ],
}
LISTINGS = ("plans", "tasks", "responsibilities", "targets", "agencies", "parks", "platforms", "incentives", "instruments")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_canned_query_answers_the_fixture(store, name):
    assert rows(store, name) == EXPECTED[name]


def test_every_canned_query_is_tested_and_has_a_full_header():
    catalogue = q.catalogue()
    assert {query.name for query in catalogue} == set(EXPECTED) | {"facts_with_quotes_for_plan"}
    assert len([query for query in catalogue if query.name not in LISTINGS]) >= 20
    for query in catalogue:
        assert query.title and query.title_zh and query.question and query.columns, query.name


def test_listing_queries_have_the_contracted_columns():
    contract = {
        "plans": "plan title jurisdiction level issuer docNumber issued periodStart periodEnd source",
        "tasks": "jurisdiction task path title",
        "responsibilities": "jurisdiction taskTitle agency canonical role",
        "targets": "jurisdiction taskTitle indicator value valueMax unit comparator year quote",
        "agencies": "jurisdiction agency canonical type",
        "parks": "jurisdiction park",
        "platforms": "jurisdiction platform",
        "incentives": "jurisdiction taskTitle maxAmount unit recipient quote",
        "instruments": "jurisdiction plan taskTitle instrument side cue quote",
    }
    for name, columns in contract.items():
        assert q.load_query(name).columns == columns.split(), name


def test_facts_with_quotes_for_plan_lists_every_evidenced_fact_in_source_order(store):
    facts = rows(store, "facts_with_quotes_for_plan")
    assert len(facts) == 14
    assert facts[0] == (XM, "Plan", XM_PLAN, "5", "20", "做强做大生物医药产业三年行动计划(2020-2022)")
    assert [int(row[4]) for row in facts] == sorted(int(row[4]) for row in facts)
    assert {row[1] for row in facts} == {"Plan", "Target", "Task", "Incentive", "Responsibility", "Park", "Platform"}
    hubei = rows(store, "facts_with_quotes_for_plan", plan=HB_PLAN)
    assert {row[0] for row in hubei} == {HB} and len(hubei) == 16
    assert rows(store, "facts_with_quotes_for_plan", plan=HB) == hubei
    assert rows(store, "facts_with_quotes_for_plan", plan="999999") == []


def test_parameters_replace_the_values_line(store):
    assert rows(store, "targets_for_year", year="2027") == [("revenue", "1", "1", "湖北省")]
    assert [row[2] for row in rows(store, "plans_covering_year", year="2026")] == ["湖北省"]
    with pytest.raises(q.QueryError, match="has no parameter month"):
        rows(store, "targets_for_year", month="5")
    assert q.parse_params(["year=2030", "plan=a=b"]) == {"year": "2030", "plan": "a=b"}
    with pytest.raises(q.QueryError, match="KEY=VALUE"):
        q.parse_params(["year"])


def test_a_parameter_value_cannot_break_out_of_its_string(store):
    assert rows(store, "facts_with_quotes_for_plan", plan='350200" } ?x ?y ?z . VALUES ?w { "') == []


def test_a_year_that_is_not_a_year_is_an_error_not_zero_rows(store):
    for value in ("abc", "25", "2025 ", '2025" } ?x ?y ?z . VALUES ?w { "'):
        with pytest.raises(q.QueryError, match=r"--param year=.* is not a year of four digits"):
            rows(store, "targets_for_year", year=value)


def test_every_declared_parameter_default_is_of_its_kind():
    for canned in q.catalogue():
        for name, default in canned.params.items():
            assert canned.param_kinds[name] in q.PARAM_KINDS, canned.name
            q.check_param(canned, name, default)


def test_csv_tsv_json_and_table_render_the_same_rows(store):
    results = q.run(q.load_query("parks"), store=store)
    assert q.render(results, "csv").decode() == (
        "jurisdiction,park\r\n厦门市,厦门生物医药港\r\n深圳市,坪山国家生物产业基地\r\n湖北省,武汉国家生物产业基地\r\n"
    )
    assert q.render(results, "tsv").decode().splitlines()[1] == '"厦门市"@zh\t"厦门生物医药港"@zh'
    data = json.loads(q.render(results, "json"))
    assert data["head"]["vars"] == ["jurisdiction", "park"]
    assert data["results"]["bindings"][0]["park"] == {"type": "literal", "value": "厦门生物医药港", "xml:lang": "zh"}
    assert q.results_from_json(data).plain_rows() == results.plain_rows()
    table = q.render(results, "table").decode().splitlines()
    assert table[0] == "jurisdiction  park"
    assert table[2] == "厦门市        厦门生物医药港"  # 厦门市 is 6 columns wide, padded to 12
    plans = json.loads(q.render(q.run(q.load_query("plans"), store=store), "json"))
    assert plans["results"]["bindings"][0]["plan"] == {"type": "uri", "value": XM_PLAN}
    assert "docNumber" not in plans["results"]["bindings"][2]  # unbound stays unbound


def test_display_width_counts_wide_characters_twice():
    assert formats.display_width("厦门市 ab") == 9
    assert formats.display_width("（一）") == 6


def test_run_all_writes_one_csv_per_query(store_dir, tmp_path):
    logged = []
    counts = q.run_all(store_dir, tmp_path / "results", log=logged.append)
    assert counts["plans"] == 3 and len(counts) == len(EXPECTED) + 1
    assert (tmp_path / "results" / "plans.csv").read_text(encoding="utf-8").startswith("plan,title,jurisdiction,")
    assert any(line.startswith("tasks: 8 rows in ") for line in logged)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(store_dir, tmp_path_factory):
    binary = shutil.which("oxigraph", path=str(Path(__file__).resolve().parents[1] / ".venv" / "bin"))
    if binary is None:
        pytest.skip("no oxigraph server binary in .venv/bin")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "serve-read-only", "--location", str(st.database_path(store_dir)),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the oxigraph server did not start")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("name", ["plans", "targets", "agency_type_roles_matrix", "facts_with_quotes_for_plan"])
def test_an_endpoint_returns_the_same_rows_as_the_store(store, endpoint, name):
    remote = q.run(q.load_query(name), endpoint=endpoint)
    assert remote.variables == q.load_query(name).columns
    assert remote.plain_rows() == rows(store, name)


def test_an_unreachable_endpoint_is_a_user_error():
    with pytest.raises(q.QueryError, match="cannot reach the endpoint"):
        q.run(q.load_query("plans"), endpoint=f"http://127.0.0.1:{_free_port()}/query")
