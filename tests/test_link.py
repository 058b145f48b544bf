"""`biopolicy link --wikidata` against a local Oxigraph server loaded with a Wikidata-shaped fixture.

tests/wikidata_fixture/wikidata.ttl holds fictitious items built so that each decision rule is met
once (see its comments); tests/wikidata_fixture/plan.ttl names the organisations. Jurisdictions
come from the project's verified list (loaders/gazetteers/wikidata_qids.csv).
"""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from biopolicy.graph import link as lk
from biopolicy.graph import store as st
from tests.graph_fixtures import fake_loaders
from tests.wikidata_fixture.oxigraph_server import oxigraph_binary, oxigraph_server

FIXTURE = Path(__file__).resolve().parent / "wikidata_fixture"
PF = st.ID + "platform/"
JUR = st.ID + "jurisdiction/"
WD = lk.WIKIDATA_ENTITY
pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server (PyPI oxigraph) is not installed")


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    location = tmp_path_factory.mktemp("wikidata") / "db"
    with oxigraph_server(location, read_only=True, load=FIXTURE / "wikidata.ttl") as base:
        yield base + "/query"


@pytest.fixture
def store_dir(tmp_path) -> Path:
    def ntriples(path: Path) -> bytes:
        return st.rdflib_ntriples(Graph().parse(path))

    path = tmp_path / "build"
    st.build_store(
        path,
        {st.JURISDICTIONS_GRAPH: ntriples(fake_loaders.FIXTURES / "jurisdictions.ttl")},
        [st.PlanData(st.PLAN_GRAPH + "420000-2024-fixture", ntriples(FIXTURE / "plan.ttl"))],
        dumps=False,
    )
    return path


@pytest.fixture
def links_dir(tmp_path) -> Path:
    path = tmp_path / "links"
    path.mkdir()
    shutil.copy(lk.DEFAULT_LINKS_DIR / lk.CLASSES_FILE, path / lk.CLASSES_FILE)
    return path


def table(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {(row["entity"], row["candidate"]): row for row in csv.DictReader(handle)}


def links(store_dir: Path) -> dict[str, str]:
    store = st.open_store(store_dir)
    found = {}
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(st.LINKS_GRAPH)):
        assert quad.predicate.value == lk.LINK_PREDICATE
        found[quad.subject.value] = quad.object.value[len(WD):]
    return found


def linkset_triples(store_dir: Path) -> int:
    store = st.open_store(store_dir)
    query = f"""PREFIX void: <{st.VOID}> SELECT ?n WHERE {{ GRAPH <{st.META_GRAPH}> {{
        ?linkset a void:Linkset ; void:triples ?n ; void:objectsTarget ?target ;
                 void:linkPredicate <{lk.LINK_PREDICATE}> . ?target void:uriSpace "{WD}" }} }}"""
    return int(next(iter(store.query(query)))["n"].value)


def run(store_dir, links_dir, wikidata=None, offline=False) -> lk.LinkReport:
    return lk.link_wikidata(store_dir, endpoint=wikidata or "http://127.0.0.1:9/none", offline=offline,
                            links_dir=links_dir, reference=lk.DEFAULT_REFERENCE)


VERIFIED_JURISDICTIONS = {
    # the verified list's QIDs; Xiamen (350200) has none there
    JUR + "350000-fujiansheng": "Q41705",
    JUR + "420000-hubeisheng": "Q46862",
    JUR + "420100-wuhanshi": "Q11746",
    JUR + "440000-guangdongsheng": "Q15175",
    JUR + "440300-shenzhenshi": "Q15174",
}
EXPECTED_LINKS = {
    # jurisdictions: the verified list's QIDs, and Xiamen by its code (P442) and label in the fixture
    JUR + "350000-fujiansheng": "Q41705",
    JUR + "350200-xiamenshi": "Q99000106",
    JUR + "420000-hubeisheng": "Q46862",
    JUR + "420100-wuhanshi": "Q11746",
    JUR + "440000-guangdongsheng": "Q15175",
    JUR + "440300-shenzhenshi": "Q15174",
    # organisations: one from the verified list, two unique full matches
    PF + "420100-wuhandaxue": "Q1108197",
    PF + "440300-shenzhenwanshiyanshi": "Q99000303",
    st.ID + "agency/420000-changjiangchanyejituan": "Q99000307",
}


def test_link_writes_the_table_and_links_only_accepted_rows(store_dir, links_dir, wikidata):
    report = run(store_dir, links_dir, wikidata)
    assert links(store_dir) == EXPECTED_LINKS
    assert (report.jurisdictions, report.organisations) == (6, 3)
    assert linkset_triples(store_dir) == len(EXPECTED_LINKS)

    rows = table(links_dir / lk.ORGANISATIONS_TABLE)
    decisions = {key: row["decision"] for key, row in rows.items()}
    assert decisions == {
        (PF + "420100-wuhandaxue", "Q1108197"): "accepted",
        (PF + "420100-huazhongkejidaxue", "Q99000302"): "review",
        (PF + "440300-shenzhenwanshiyanshi", "Q99000303"): "accepted",
        (PF + "420100-jiangxiashiyanshi", "Q99000304"): "review",
        (PF + "420100-jiangxiashiyanshi", "Q99000305"): "review",
        (PF + "440300-shenzhenshidisanrenminyiyuan", "Q99000306"): "review",
        (PF + "420000-shizhenshiyanshi", "Q99000308"): "review",
        (PF + "420000-hubeishengyaopinjianyanjianceyuan", ""): "unmatched",
        (st.ID + "agency/420000-changjiangchanyejituan", "Q99000307"): "accepted",
    }
    assert rows[(PF + "440300-shenzhenwanshiyanshi", "Q99000303")]["score"] == "1.0"
    assert rows[(PF + "440300-shenzhenwanshiyanshi", "Q99000303")]["label"] == "深圳湾实验室"
    assert rows[(PF + "420100-huazhongkejidaxue", "Q99000302")]["note"].startswith(
        "the verified list has no identifier for it")
    assert rows[(PF + "420100-jiangxiashiyanshi", "Q99000304")]["note"].startswith("2 equally good candidates")
    assert rows[(PF + "440300-shenzhenshidisanrenminyiyuan", "Q99000306")]["score"] == "0.8"
    assert "located in 350200, not 440300" in rows[(PF + "440300-shenzhenshidisanrenminyiyuan", "Q99000306")]["note"]
    assert rows[(PF + "420000-shizhenshiyanshi", "Q99000308")]["score"] == "0.9"

    jurisdictions = table(links_dir / lk.JURISDICTIONS_TABLE)
    assert jurisdictions[(JUR + "420100-wuhanshi", "Q11746")]["decision"] == "accepted"
    xiamen = {candidate: row for (entity, candidate), row in jurisdictions.items() if entity == JUR + "350200-xiamenshi"}
    assert {candidate: row["decision"] for candidate, row in xiamen.items()} == {
        "Q99000106": "accepted",  # P442 350200 and label 厦门市
        "Q99000107": "review",  # the label, with another code
        "Q99000108": "review",  # the code (written 350200000000), with another label
    }
    assert xiamen["Q99000106"]["note"] == "auto; P442 350200; label 厦门市"
    assert xiamen["Q99000106"]["score"] == "1.0" and xiamen["Q99000107"]["score"] == "0.5"
    assert "P442 350203, not 350200" in xiamen["Q99000107"]["note"]
    assert "labelled 厦门, not 厦门市" in xiamen["Q99000108"]["note"]


def test_jurisdictions_linked_by_the_verified_list_are_not_queried_again(store_dir, links_dir, wikidata):
    # the fixture's 湖北省 item (Q99000101, P442 42) must never be proposed: the verified list links Hubei
    run(store_dir, links_dir, wikidata)
    rows = table(links_dir / lk.JURISDICTIONS_TABLE)
    assert {candidate for entity, candidate in rows if entity == JUR + "420000-hubeisheng"} == {"Q46862"}


def test_a_reviewed_jurisdiction_row_from_another_source_is_kept_and_linked(store_dir, links_dir, wikidata, capsys):
    source = "stored public source: https://example.org/labels.csv (厦门市 Q99000199)"
    (links_dir / lk.JURISDICTIONS_TABLE).write_text(
        ",".join(lk.COLUMNS) + f"\n{JUR}350200-xiamenshi,Q99000199,厦门市,1.0,accepted,厦门市,{source}\n",
        encoding="utf-8",
    )
    run(store_dir, links_dir, offline=True)
    assert links(store_dir)[JUR + "350200-xiamenshi"] == "Q99000199"
    run(store_dir, links_dir, wikidata)  # online: Xiamen is linked already, so it is not reconciled again
    rows = table(links_dir / lk.JURISDICTIONS_TABLE)
    assert rows[(JUR + "350200-xiamenshi", "Q99000199")]["note"] == source
    assert (JUR + "350200-xiamenshi", "Q99000106") not in rows
    assert links(store_dir)[JUR + "350200-xiamenshi"] == "Q99000199"


def test_offline_links_from_the_committed_table_and_keeps_review_decisions(store_dir, links_dir, wikidata, capsys):
    run(store_dir, links_dir, wikidata)
    path = links_dir / lk.ORGANISATIONS_TABLE
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"{PF}420100-jiangxiashiyanshi,Q99000305,江夏实验室,1.0,review",
                        f"{PF}420100-jiangxiashiyanshi,Q99000305,江夏实验室,1.0,accepted")
    text = text.replace(f"{PF}440300-shenzhenwanshiyanshi,Q99000303,深圳湾实验室,1.0,accepted",
                        f"{PF}440300-shenzhenwanshiyanshi,Q99000303,深圳湾实验室,1.0,rejected")
    path.write_text(text, encoding="utf-8")

    parser = argparse.ArgumentParser(prog="biopolicy")
    lk.register(parser.add_subparsers())
    args = parser.parse_args(["link", "--wikidata", "--offline", "--store", str(store_dir),
                              "--links-dir", str(links_dir)])
    assert args.handler(args) == 0
    err = capsys.readouterr().err
    assert "offline: Wikidata was not queried; linking from the committed table" in err
    expected = dict(EXPECTED_LINKS)
    del expected[PF + "440300-shenzhenwanshiyanshi"]
    expected[PF + "420100-jiangxiashiyanshi"] = "Q99000305"
    assert links(store_dir) == expected

    # an online run keeps the reviewer's decisions
    run(store_dir, links_dir, wikidata)
    assert links(store_dir) == expected
    assert table(path)[(PF + "440300-shenzhenwanshiyanshi", "Q99000303")]["decision"] == "rejected"


def test_two_accepted_candidates_link_neither(store_dir, links_dir, wikidata, capsys):
    run(store_dir, links_dir, wikidata)
    path = links_dir / lk.ORGANISATIONS_TABLE
    path.write_text(path.read_text(encoding="utf-8").replace("江夏实验室,1.0,review", "江夏实验室,1.0,accepted"),
                    encoding="utf-8")
    report = run(store_dir, links_dir, offline=True)
    assert report.conflicts == [PF + "420100-jiangxiashiyanshi"]
    assert PF + "420100-jiangxiashiyanshi" not in links(store_dir)


def test_offline_without_a_table_links_what_the_verified_list_names(store_dir, links_dir, capsys):
    parser = argparse.ArgumentParser(prog="biopolicy")
    lk.register(parser.add_subparsers())
    args = parser.parse_args(["link", "--wikidata", "--offline", "--store", str(store_dir),
                              "--links-dir", str(links_dir)])
    assert args.handler(args) == 0
    assert "there is no committed table" in capsys.readouterr().err
    verified = {PF + "420100-wuhandaxue": "Q1108197"}
    assert links(store_dir) == VERIFIED_JURISDICTIONS | verified
    assert set(table(links_dir / lk.ORGANISATIONS_TABLE)) == {(PF + "420100-wuhandaxue", "Q1108197")}


def test_without_a_network_link_uses_the_committed_tables_and_says_so(store_dir, links_dir, wikidata, capsys):
    run(store_dir, links_dir, wikidata)
    committed = {name: (links_dir / name).read_bytes() for name in (lk.JURISDICTIONS_TABLE, lk.ORGANISATIONS_TABLE)}
    parser = argparse.ArgumentParser(prog="biopolicy")
    lk.register(parser.add_subparsers())
    args = parser.parse_args(["link", "--wikidata", "--endpoint", "http://127.0.0.1:9/sparql", "--store",
                              str(store_dir), "--links-dir", str(links_dir)])
    assert args.handler(args) == 0
    err = capsys.readouterr().err
    assert "warning: cannot reach the endpoint http://127.0.0.1:9/sparql" in err
    assert "offline: Wikidata was not queried; linking from the committed table" in err
    assert links(store_dir) == EXPECTED_LINKS
    assert {name: (links_dir / name).read_bytes() for name in committed} == committed


def test_an_endpoint_that_answers_with_an_error_is_an_error(store_dir, links_dir, wikidata):
    with pytest.raises(lk.LinkError, match="use --offline"):
        run(store_dir, links_dir, wikidata.rsplit("/", 1)[0] + "/no-such-service")


def test_a_malformed_decision_or_candidate_is_refused(store_dir, links_dir):
    (links_dir / lk.ORGANISATIONS_TABLE).write_text(
        "entity,candidate,label,score,decision\nhttps://w3id.org/biopolicy/id/platform/x,Q1,x,1.0,maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(lk.LinkError, match="decision 'maybe' is not one of"):
        run(store_dir, links_dir, offline=True)
    (links_dir / lk.ORGANISATIONS_TABLE).write_text(
        "entity,candidate,label,score,decision\nhttps://w3id.org/biopolicy/id/platform/x,Wuhan,x,1.0,accepted\n",
        encoding="utf-8",
    )
    with pytest.raises(lk.LinkError, match="is not a Wikidata QID"):
        run(store_dir, links_dir, offline=True)


def test_links_survive_a_rebuild(store_dir, links_dir, wikidata, monkeypatch):
    run(store_dir, links_dir, wikidata)
    fake_loaders.install(monkeypatch)
    fake_loaders.build_fixture_store(store_dir)
    assert links(store_dir) == EXPECTED_LINKS


@pytest.mark.parametrize(
    ("value", "six"), [("42", "420000"), ("4201", "420100"), ("440305", "440305"), ("440305000000", "440305"), ("x", "")]
)
def test_division_codes_of_any_length_become_six_digits(value, six):
    assert lk.division_code(value) == six


def test_kinds_go_by_the_longest_name_suffix():
    kinds = lk.read_kinds(lk.DEFAULT_LINKS_DIR / lk.CLASSES_FILE)
    assert lk.kind_of("华中科技大学同济医学院附属同济医院", kinds).name == "hospital"
    assert lk.kind_of("中国科学院深圳先进技术研究院", kinds).name == "institute"
    assert lk.kind_of("上海联影医疗科技股份有限公司", kinds).name == "company"
    assert lk.kind_of("深圳市科技创新委员会", kinds) is None


def test_the_verified_list_is_the_shared_reference():
    reference = Path("/work/shared/reference/wikidata_qids.csv")
    if reference.exists():
        assert lk.DEFAULT_REFERENCE.read_bytes() == reference.read_bytes()
    assert all(not item.qid or item.qid.startswith("Q") for item in lk.read_verified(lk.DEFAULT_REFERENCE))


def test_link_has_help_with_examples(capsys):
    parser = argparse.ArgumentParser(prog="biopolicy")
    lk.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["link", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "biopolicy link --wikidata --offline" in out


def test_the_committed_reviewed_table_names_a_source_for_every_accepted_jurisdiction():
    rows = lk.read_table(lk.DEFAULT_LINKS_DIR / lk.JURISDICTIONS_TABLE)
    accepted = [row for row in rows if row.decision == "accepted"]
    for row in accepted:
        assert row.note.startswith(("verified list (", "stored public source: https://")), row
    by_entity = {row.entity: row.candidate for row in accepted}
    assert len(by_entity) == len(accepted)  # one QID per jurisdiction
    assert len(set(by_entity.values())) == len(by_entity)  # and one jurisdiction per QID
    for item in lk.read_verified(lk.DEFAULT_REFERENCE):
        if item.qid and item.admin_code:
            assert item.qid in {row.candidate for row in accepted if row.entity.split("/")[-1].startswith(item.admin_code)}
    # the plan cities of the seed documents (docs/decisions/0017: verified from a stored public source)
    for city in ("350200-xiamenshi", "210100-shenyangshi", "220100-changchunshi"):
        assert JUR + city in by_entity, city
