"""The policy-instrument family (issue #15): the classifier against the hand-coded gold, its rules, and
what every seed plan's graph says about each task and incentive."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from biopolicy.graph import cli
from biopolicy.loaders.emit import plan_graph
from biopolicy.loaders.extract.instruments import classify, cues, side_of
from biopolicy.loaders.iris import BP
from biopolicy.loaders.pipeline import extract_document
from tests.quality import instruments as quality
from tools.instrument_gold import SAMPLE, split_of

REPOSITORY = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPOSITORY / "documents").glob("*.txt"))
OA_EXACT = URIRef("http://www.w3.org/ns/oa#exact")
NARROW = {key for key in ("funding", "talent", "infrastructure", "technology-support", "public-services", "information",
                          "procurement", "demonstration", "outsourcing", "trade", "medical-insurance-access",
                          "target-planning", "finance", "tax", "regulation", "ip-protection", "strategy", "coordination")}
SIDE_FLOOR, INSTRUMENT_FLOOR = 0.85, 0.75


# ---------------------------------------------------------------------------------------------
# The gold


def test_the_gold_codes_at_least_300_measures_with_a_third_held_out_by_id():
    items = quality.gold_items()
    assert len(items) >= 300 and len({item["id"] for item in items}) == len(items)
    assert all(item["split"] == split_of(item["id"]) for item in items)
    held_out = sum(item["split"] == "heldout" for item in items) / len(items)
    assert 0.28 < held_out < 0.38
    assert {item["source"] for item in items} == {"seed", "realtext", "heldout"}


def test_every_gold_code_is_a_narrow_concept_on_its_side():
    for item in quality.gold_items():
        if item["instrument"]:
            assert item["instrument"] in NARROW and item["side"] == side_of(item["instrument"]), item["id"]
        else:
            assert item["side"] == "none", item["id"]
        assert set(filter(None, item["secondary"].split(";"))) <= NARROW, item["id"]


def test_the_second_coder_sample_is_sixty_gold_items_without_their_codes():
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        sample = list(csv.DictReader(handle))
    assert len(sample) == 60 and set(sample[0]) == {"id", "kind", "title", "text"}
    assert {row["id"] for row in sample} <= {item["id"] for item in quality.gold_items()}


def test_the_second_coding_covers_the_sample_and_agrees_as_reported():
    """tests/instruments/coder2.csv: the independent coding of the sample (README: κ 0.97 side, 0.98 concept)."""
    second = SAMPLE.parent / "coder2.csv"
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        sample = [row["id"] for row in csv.DictReader(handle)]
    with second.open(encoding="utf-8", newline="") as handle:
        coded = list(csv.DictReader(handle))
    assert [row["id"] for row in coded] == sample
    figures = quality.agreement(second)
    assert figures["items"] == 60
    assert figures["side_kappa"] >= 0.95 and figures["instrument_kappa"] >= 0.95


# ---------------------------------------------------------------------------------------------
# The floor


@pytest.mark.parametrize("split", ["all", "heldout"])
def test_the_classifier_reaches_the_accuracy_floor_on_the_gold(split):
    figures = quality.scores(quality.gold_items(split))
    assert figures["side_accuracy"] >= SIDE_FLOOR, figures["side_accuracy"]
    assert figures["instrument_accuracy"] >= INSTRUMENT_FLOOR, figures["instrument_accuracy"]


def test_cohen_kappa_of_a_textbook_table():
    # 50 items, two coders: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → po 0.7, pe 0.5, κ 0.4.
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert round(quality.cohen_kappa(first, second), 6) == 0.4


def test_a_second_coder_who_agrees_everywhere_has_kappa_one(tmp_path):
    items = quality.gold_items()[:60]
    second = tmp_path / "second.csv"
    with second.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "side", "instrument"])
        writer.writeheader()
        writer.writerows({"id": i["id"], "side": i["side"], "instrument": i["instrument"]} for i in items)
    figures = quality.agreement(second)
    assert (figures["items"], figures["side_kappa"], figures["instrument_kappa"]) == (60, 1.0, 1.0)


# ---------------------------------------------------------------------------------------------
# The rules (regression tests named after what broke on the development split)


def test_money_is_funding_unless_it_pays_for_another_instrument():
    talent = "对引进的高层次人才团队,给予最高100万元安家补贴"
    condition = "对上年度新获批的国家级科技创新平台,每个给予最高500万元奖励"
    assert classify(talent, [(0, len(talent))], grant=True).primary.concept == "talent"
    assert classify(condition, [(0, len(condition))], grant=True).primary.concept == "funding"


def test_an_incentive_without_a_cue_word_is_coded_by_its_amount():
    text = "从最高1000万元提高到3000万元"
    coding = classify(text, [(0, len(text))], grant=True)
    assert (coding.primary.concept, coding.primary.cue) == ("funding", "万元")
    assert classify(text, [(0, len(text))]).primary is None  # not a grant: an amount alone says nothing


def test_a_title_is_read_by_its_head_not_its_first_cue():
    title = "建设国家级科技创新平台"
    assert classify(title, [], title=(0, len(title))).primary.concept == "infrastructure"
    title = "临床医学研究中心"
    assert classify(title, [], title=(0, len(title))).primary.cue == "研究中心"


def test_a_setting_after_yituo_is_not_the_instrument():
    text = "依托北湖精细化工产业园,支持企业开展新药研发"
    coding = classify(text, [(0, len(text))])
    assert (coding.primary.concept, coding.secondary) == ("technology-support", ())


def test_a_guiding_ideology_is_no_measure():
    text = "指导思想:以…为指导,加快建设产业集群"
    assert classify(text, [(5, len(text))], title=(0, 4)).primary is None


def test_an_industry_heading_without_an_instrument_is_left_unclassified():
    for title in ("加快中药产业发展", "发展高端医疗器械", "药品"):
        assert classify(title, [], title=(0, len(title))).primary is None, title


def test_every_cue_is_one_row_and_names_a_concept_of_the_scheme():
    phrases = [cue.phrase for cue in cues()]
    assert len(phrases) == len(set(phrases)) >= 250
    assert {cue.concept for cue in cues()} - {"none"} <= NARROW


# ---------------------------------------------------------------------------------------------
# The seeds' graphs


@pytest.fixture(scope="module")
def seed_graphs():
    extractions = {path.stem: extract_document(path) for path in SEEDS}
    return {name: (extraction, plan_graph(extraction)[1]) for name, extraction in extractions.items()}


def test_every_task_and_incentive_of_the_seeds_is_classified_or_explicitly_unclassified(seed_graphs):
    for name, (extraction, graph) in seed_graphs.items():
        measures = set(graph.subjects(RDF.type, BP.Task)) | set(graph.subjects(RDF.type, BP.Incentive))
        assert len(measures) == len(extraction.tasks) + len(extraction.incentives), name
        for measure in measures:
            codes = list(graph.objects(measure, BP.hasInstrumentCode))
            unclassified = (measure, BP.noInstrumentCue, Literal(True)) in graph
            assert bool(codes) != unclassified, (name, measure)
            if codes:
                ranks = sorted(str(graph.value(code, BP.codeRank)) for code in codes)
                assert ranks.count("primary") == 1, (name, measure)


def test_every_code_cites_its_cue_as_the_source_writes_it(seed_graphs):
    for name, (_extraction, graph) in seed_graphs.items():
        for code in graph.subjects(RDF.type, BP.InstrumentCode):
            evidence = graph.value(code, BP.evidence)
            quote = graph.value(URIRef(f"{evidence}#quote"), OA_EXACT)
            assert str(quote) == str(graph.value(code, BP.cue)), (name, code)


def test_the_seeds_use_instruments_of_all_three_sides(seed_graphs):
    sides = {side_of(str(graph.value(code, BP.instrumentConcept)).rsplit("/", 1)[1])
             for _, graph in seed_graphs.values() for code in graph.subjects(RDF.type, BP.InstrumentCode)}
    assert sides == {"supply-side", "demand-side", "environment-side"}


# ---------------------------------------------------------------------------------------------
# validate


UNCLASSIFIABLE_PLAN = """测试市生物医药产业发展行动计划
一、重点任务
(一)加快中药产业发展。
(二)发展高端医疗器械。
"""


def test_validate_warns_about_a_plan_none_of_whose_measures_could_be_classified(tmp_path, capsys):
    document = tmp_path / "ceshi-2024-biomedicine-action-plan.txt"
    document.write_text(UNCLASSIFIABLE_PLAN, encoding="utf-8")
    cli.main(["validate", str(document), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    messages = json.dumps(report, ensure_ascii=False)
    assert "None of the plan's tasks and incentives could be classified as a policy instrument" in messages


def test_validate_does_not_warn_about_a_plan_with_one_classified_measure(tmp_path, capsys):
    document = tmp_path / "ceshi-2024-biomedicine-action-plan.txt"
    document.write_text(UNCLASSIFIABLE_PLAN + "(三)支持人才引进。\n", encoding="utf-8")
    cli.main(["validate", str(document), "--format", "json"])
    assert "could be classified as a policy instrument" not in capsys.readouterr().out
