"""English labels (issue #13 §1, decision 0017): jurisdictions from the gazetteer, agencies and zones by rule.

The verified English names are the project's reference table (loaders/gazetteers/wikidata_qids.csv, a copy of
the shared reference whose English names were checked by hand).
"""

from __future__ import annotations

import csv
import re

import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from biopolicy.loaders import english, jurisdictions
from biopolicy.loaders.emit import jurisdictions_graph, plan_graph
from biopolicy.loaders.extract.agencies import resolve_agency
from biopolicy.loaders.gazetteer import read_tsv
from biopolicy.loaders.iris import BP, jurisdiction_iri
from biopolicy.loaders.resources import gazetteer_dir
from tests.test_emit import extraction

REFERENCE = gazetteer_dir() / "wikidata_qids.csv"


def english_labels(graph, node: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == "en")


def reference_divisions() -> list[dict[str, str]]:
    with open(REFERENCE, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["admin_code"]]


def test_every_jurisdiction_of_the_reference_table_gets_exactly_its_english_name():
    graph = jurisdictions_graph()
    rows = reference_divisions()
    assert len(rows) >= 20
    checked = 0
    for row in rows:
        division = jurisdictions.by_code(row["admin_code"])
        if division is None:
            continue
        assert division.name == row["name_zh"]
        assert english_labels(graph, jurisdiction_iri(division.code, division.name)) == [row["name_en"]], row
        checked += 1
    assert checked == len(rows)  # the gazetteer has every division the reference names


def test_every_division_has_one_english_label_in_latin_letters():
    graph = jurisdictions_graph()
    allowed = re.compile(r"[A-ZÜ][A-Za-züÜêÊ' ,\-]*")
    for division in jurisdictions.all_divisions().values():
        labels = english_labels(graph, jurisdiction_iri(division.code, division.name))
        assert len(labels) == 1 and allowed.fullmatch(labels[0]), (division.code, division.name, labels)


@pytest.mark.parametrize(
    ("code", "label", "full"),
    [
        ("150000", "Inner Mongolia", "Inner Mongolia Autonomous Region"),
        ("540000", "Tibet", "Tibet Autonomous Region"),
        ("610000", "Shaanxi", "Shaanxi Province"),
        ("140000", "Shanxi", "Shanxi Province"),
        ("450000", "Guangxi", "Guangxi Zhuang Autonomous Region"),
        ("640000", "Ningxia", "Ningxia Hui Autonomous Region"),
        ("810000", "Hong Kong", "Hong Kong Special Administrative Region"),
        ("820000", "Macau", "Macao Special Administrative Region"),
        ("110000", "Beijing", "Beijing Municipality"),
    ],
)
def test_provinces_take_their_standard_short_label_and_full_name_as_alt_label(code, label, full):
    division = jurisdictions.by_code(code)
    node = jurisdiction_iri(division.code, division.name)
    graph = jurisdictions_graph()
    assert english_labels(graph, node) == [label]
    assert list(graph.objects(node, SKOS.altLabel)) == [Literal(full, lang="en")]


def test_every_provincial_division_has_a_recorded_english_name():
    recorded = {row["code"] for row in read_tsv("divisions_en.tsv")}
    provinces = {d.code for d in jurisdictions.all_divisions().values() if d.level == "province"}
    assert provinces <= recorded


def test_recorded_english_names_name_divisions_of_the_gazetteer():
    for row in read_tsv("divisions_en.tsv"):
        division = jurisdictions.by_code(row["code"])
        assert division is not None and division.name == row["name"], row


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("350200", "Xiamen"),
        ("210100", "Shenyang"),
        ("220100", "Changchun"),
        ("110108", "Haidian District"),
        ("310115", "Pudong New Area"),
        ("610100", "Xi'an"),  # an apostrophe before a syllable opening with a vowel
        ("510117", "Pidu District"),  # 都 read du in a place name (place_readings.tsv), not dou
        ("110105", "Chaoyang District"),  # not Zhaoyang
        ("230100", "Harbin"),  # recorded: not Haerbin
        ("532900", "Dali Bai Autonomous Prefecture"),
        ("522600", "Qiandongnan Miao and Dong Autonomous Prefecture"),
        ("410102", "Zhongyuan District"),
        ("410104", "Guancheng Hui District"),
        ("430181", "Liuyang"),  # a county-level city, like a prefecture-level one, without "City"
        ("430124", "Ningxiang County"),
    ],
)
def test_divisions_below_the_provinces_are_romanised_by_rule(code, label):
    assert english.division_name_en(jurisdictions.by_code(code)) == label


def test_every_autonomous_divisions_ethnic_groups_are_translated():
    for division in jurisdictions.all_divisions().values():
        if "自治" in division.name and division.level != "province":
            name = english.division_name_en(division)
            assert "Autonomous" in name and "zu " not in name.lower(), (division.name, name)


# ---------------------------------------------------------------------------------------------
# Agencies


@pytest.mark.parametrize(
    ("written", "plan_code", "label"),
    [
        ("市科技局", "350200", "Xiamen Municipal Bureau of Science and Technology"),
        ("省科技厅", "420000", "Hubei Provincial Department of Science and Technology"),
        ("市政府办公厅", "350200", "General Office of the Xiamen Municipal People's Government"),
        ("自治区科技厅", "450000", "Guangxi Zhuang Autonomous Region Department of Science and Technology"),
        ("福田区政府", "440300", "Shenzhen Futian District People's Government"),
        ("市发改委", "110000", "Beijing Municipal Development and Reform Commission"),
        ("市国资委", "350200",
         "State-owned Assets Supervision and Administration Commission of the Xiamen Municipal People's Government"),
        ("州卫生健康委", "532900", "Dali Bai Autonomous Prefecture Health Commission"),
        ("市科技局", "430181", "Liuyang Municipal Bureau of Science and Technology"),
    ],
)
def test_agency_english_names_are_composed_from_body_and_jurisdiction(written, plan_code, label):
    agency = resolve_agency(written, jurisdictions.by_code(plan_code))
    assert english.agency_name_en(agency.name, agency.jurisdiction) == label


@pytest.mark.parametrize(
    ("written", "plan_code"),
    [
        ("各区县(市)人民政府", "420100"),  # a collective body
        ("长江产业集团", "420000"),  # an enterprise
        ("市委人才办", "350200"),  # a body with no rule in agency_names_en.tsv
        ("中国人民银行大理中心支行", "532900"),  # a national body's branch
    ],
)
def test_an_agency_no_rule_can_name_gets_no_english_name(written, plan_code):
    agency = resolve_agency(written, jurisdictions.by_code(plan_code))
    assert english.agency_name_en(agency.name, agency.jurisdiction) is None


def test_a_body_that_does_not_open_with_its_jurisdiction_gets_no_english_name():
    xiamen = jurisdictions.by_code("350200")
    assert english.agency_name_en("福州市科学技术局", xiamen) is None
    assert english.agency_name_en("厦门市科学技术局", None) is None


def test_every_english_agency_body_is_a_canonical_body_of_the_alias_gazetteer():
    canonical = {row["canonical"] for row in read_tsv("agency_aliases.tsv")}
    for row in read_tsv("agency_names_en.tsv"):
        assert row["canonical"] in canonical, row["canonical"]
        assert "{j}" in row["en"], row


def test_agency_english_names_are_emitted_as_generated_labels_not_as_rdfs_label():
    _, graph = plan_graph(extraction())  # a Ningbo plan naming 市科技局
    agencies = list(graph.subjects(predicate=BP.agencyType))
    assert len(agencies) == 1
    agency = agencies[0]
    assert list(graph.objects(agency, BP.generatedLabel)) == [
        Literal("Ningbo Municipal Bureau of Science and Technology", lang="en")
    ]
    assert english_labels(graph, agency) == []


# ---------------------------------------------------------------------------------------------
# Zones and parks


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("重庆高新技术产业开发区", "Chongqing High-tech Industrial Development Zone"),
        ("烟台经济技术开发区", "Yantai Economic and Technological Development Zone"),
        ("苏州工业园区", "Suzhou Industrial Park"),
        ("深圳国家生物产业基地", "Shenzhen National Bio-industry Base"),
        ("坪山国家生物产业基地", None),  # a district's short name is too ambiguous to stand for it nationally
        ("西咸新区", None),  # 西咸 is no division
        ("厦门火炬高新区", None),  # a name between place and ending: no rule says it
        ("生物医药产业园", None),
    ],
)
def test_zone_and_park_names_are_translated_only_when_place_and_ending_are_the_whole_name(name, label):
    assert english.zone_name_en(name) == label


def test_a_zone_jurisdiction_gets_a_generated_label_and_no_rdfs_label_in_english():
    from biopolicy.loaders.emit import PlanEmitter

    emitter = PlanEmitter(extraction())
    chongqing = jurisdictions.by_code("500000")
    zone = jurisdictions.zone("重庆高新技术产业开发区", chongqing)
    node = emitter.jurisdiction_node(zone)
    graph = Graph()
    for triple in emitter.triples:
        graph.add(triple)
    assert english_labels(graph, node) == []
    assert list(graph.objects(node, BP.generatedLabel)) == [
        Literal("Chongqing High-tech Industrial Development Zone", lang="en")
    ]
