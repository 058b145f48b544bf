"""The `biopolicy` command line: help, add/remove guarded by validation, query output, user errors."""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import sys
import types

import pytest

from biopolicy.graph import cli
from biopolicy.graph import store as st
from biopolicy.graph.cli import build_parser, main
from biopolicy.loaders.errors import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR
from tests.graph_fixtures import fake_loaders

KEYS = fake_loaders.PLAN_KEYS
DCTERMS = "http://purl.org/dc/terms/"
SUBCOMMANDS = (
    "build", "extract", "validate", "check", "add", "remove", "query", "queries", "run-queries", "summary", "docs",
)


@pytest.fixture
def fake(monkeypatch):
    fake_loaders.install(monkeypatch)


@pytest.fixture
def two_plans(fake, tmp_path):
    """A store built from the Xiamen and Hubei fixtures only."""
    return fake_loaders.build_two_plan_store(tmp_path)


def plan_graphs(store_dir) -> dict[str, bytes]:
    store = st.open_store(store_dir)
    return {iri: st.read_graph_ntriples(store, iri) for iri in st.list_plan_graphs(store)}


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"biopolicy {command}" in out


@pytest.mark.parametrize("command", ["fetch", "publish", "serve", "link"])
def test_every_extension_command_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"biopolicy {command}" in out


def test_fetch_is_listed_in_the_main_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "fetch" in capsys.readouterr().out


def subcommands(parser: argparse.ArgumentParser) -> set[str]:
    return set(next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)))


def test_the_parser_offers_exactly_the_working_subcommands(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ())
    assert subcommands(build_parser()) == set(SUBCOMMANDS) == set(cli.OWN_COMMANDS)


def fake_extension(monkeypatch, name: str, register) -> None:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    if register is not None:
        module.register = register
    monkeypatch.setitem(sys.modules, name, module)


def test_extension_modules_register_their_own_subcommands(monkeypatch, capsys):
    def register(subparsers):
        parser = subparsers.add_parser("serve", help="Serve the store")
        parser.add_argument("--port", type=int, default=7878)
        parser.set_defaults(func=lambda args: print(f"serving on {args.port}"))

    fake_extension(monkeypatch, "tests.fake_serve", register)
    fake_extension(monkeypatch, "tests.fake_link", None)  # no register(): adds nothing
    monkeypatch.setattr(cli, "EXTENSIONS", ("tests.fake_serve", "tests.fake_link", "tests.no_such_module"))
    assert subcommands(build_parser()) == set(SUBCOMMANDS) | {"serve"}
    assert main(["serve", "--port", "8000"]) == 0  # a handler returning None succeeds
    assert capsys.readouterr().out == "serving on 8000\n"


def test_a_broken_extension_fails_only_its_own_command(monkeypatch, tmp_path, capsys):
    (tmp_path / "broken_publish.py").write_text("raise ImportError('no module named requests_toolbelt')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "EXTENSIONS", ("broken_publish",))
    assert main(["broken_publish"]) == EXIT_USER_ERROR
    assert capsys.readouterr().err == (
        "error: `biopolicy broken_publish` is unavailable: ImportError: no module named requests_toolbelt\n"
    )
    assert main(["queries"]) == 0  # the other commands do not even import it


def test_an_unexpected_error_is_one_line_unless_a_traceback_is_asked_for(monkeypatch, tmp_path, capsys):
    from biopolicy.graph import query

    def explode(*_args, **_kwargs):
        raise ValueError("something deep broke")

    monkeypatch.setattr(query, "catalogue", explode)
    assert main(["queries"]) == EXIT_INTERNAL_ERROR
    assert capsys.readouterr().err == (
        "error: ValueError: something deep broke (set BIOPOLICY_TRACEBACK=1 to see where)\n"
    )
    monkeypatch.setenv("BIOPOLICY_TRACEBACK", "1")
    with pytest.raises(ValueError):
        main(["queries"])


def test_a_missing_store_is_one_line_on_stderr(tmp_path, capsys):
    for command in (["query", "plans"], ["summary"], ["check"], ["remove", "x-1"], ["run-queries"]):
        assert main([*command, "--store", str(tmp_path / "nowhere")]) == EXIT_USER_ERROR
        err = capsys.readouterr().err
        assert err == f"error: no store at {tmp_path / 'nowhere'}: run `biopolicy build` first\n", command


# ---------------------------------------------------------------------------------------------
# add and remove


def test_add_merges_a_conforming_plan_and_touches_no_other_graph(two_plans, tmp_path, capsys):
    before = plan_graphs(two_plans)
    document = fake_loaders.write_document(tmp_path, "shenzhen.txt", "fixture-plan: shenzhen")
    assert main(["add", str(document), "--store", str(two_plans), "--documents", str(tmp_path / "documents")]) == 0
    err = capsys.readouterr().err
    triples = len(fake_loaders.fixture_graph("shenzhen"))  # the plan graph the fake loader extracts
    assert f"added {KEYS['shenzhen']} ({triples:,} triples) in {two_plans}: 3 plans" in err
    assert f"note: copy {document} into {tmp_path / 'documents'}/" in err
    after = plan_graphs(two_plans)
    assert {iri: data for iri, data in after.items() if iri in before} == before
    assert len(after) == 3
    quads = (two_plans / st.DUMPS / st.NQUADS_DUMP).read_text(encoding="utf-8")
    assert KEYS["shenzhen"] in quads  # dumps refreshed


def test_re_adding_a_document_replaces_its_graph_and_changes_nothing_else(two_plans, capsys):
    before = plan_graphs(two_plans)
    document = two_plans.parent / "documents" / "xiamen-2020-biomedicine-action-plan.txt"
    assert main(["add", str(document), "--store", str(two_plans), "--documents", str(document.parent)]) == 0
    assert f"replaced {KEYS['xiamen']}" in capsys.readouterr().err
    assert plan_graphs(two_plans) == before


def test_add_refuses_a_plan_with_violations_and_leaves_every_byte_of_the_store(two_plans, tmp_path, capsys):
    before = fake_loaders.snapshot(two_plans)
    bad = fake_loaders.write_document(tmp_path, "bad.txt", "fixture-plan: shenzhen", "fixture-literal: ≥ => about")
    assert main(["add", str(bad), "--store", str(two_plans), "--force"]) == 1
    captured = capsys.readouterr()
    assert "Violation: Unknown comparator" in captured.out
    assert f"refused: {bad} has 1 violation; {two_plans} was not changed" in captured.err
    assert fake_loaders.snapshot(two_plans) == before


def test_add_refuses_a_plan_with_warnings_unless_forced(two_plans, tmp_path, capsys):
    before = fake_loaders.snapshot(two_plans)
    warned = fake_loaders.write_document(tmp_path, "undated.txt", "fixture-plan: shenzhen", f"fixture-drop: {DCTERMS}issued")
    assert main(["add", str(warned), "--store", str(two_plans)]) == 1
    assert "add it anyway with --force" in capsys.readouterr().err
    assert fake_loaders.snapshot(two_plans) == before
    assert main(["add", str(warned), "--store", str(two_plans), "--force"]) == 0
    assert st.PLAN_GRAPH + KEYS["shenzhen"] in plan_graphs(two_plans)


def test_add_of_an_unreadable_document_exits_2_and_changes_nothing(two_plans, tmp_path, capsys):
    before = fake_loaders.snapshot(two_plans)
    assert main(["add", str(tmp_path / "missing.txt"), "--store", str(two_plans)]) == 2
    assert f"error: {tmp_path / 'missing.txt'}: " in capsys.readouterr().err
    assert fake_loaders.snapshot(two_plans) == before


@pytest.mark.parametrize("form", ["key", "plan IRI", "graph IRI"])
def test_remove_deletes_exactly_one_plan(two_plans, capsys, form):
    key = KEYS["hubei"]
    plan = {"key": key, "plan IRI": f"{st.ID}plan/{key}", "graph IRI": st.PLAN_GRAPH + key}[form]
    before = plan_graphs(two_plans)
    assert main(["remove", plan, "--store", str(two_plans)]) == 0
    assert f"removed {key} from {two_plans}: 1 plans left" in capsys.readouterr().err
    after = plan_graphs(two_plans)
    assert after == {iri: data for iri, data in before.items() if not iri.endswith(key)}


def test_remove_of_an_unknown_plan_changes_nothing(two_plans, capsys):
    before = fake_loaders.snapshot(two_plans)
    assert main(["remove", "110000-2023-x", "--store", str(two_plans)]) == EXIT_USER_ERROR
    assert "error: no plan 110000-2023-x in" in capsys.readouterr().err
    assert fake_loaders.snapshot(two_plans) == before


# ---------------------------------------------------------------------------------------------
# query, queries, run-queries, summary, extract, docs


def test_query_prints_results_to_stdout_only(two_plans, capsys):
    assert main(["query", "parks", "--store", str(two_plans), "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "jurisdiction,park\r\n厦门市,厦门生物医药港\r\n湖北省,武汉国家生物产业基地\r\n"
    assert captured.err == ""
    assert main(["query", "targets_for_year", "--param", "year=2027", "--store", str(two_plans), "--format", "json"]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [b["indicatorType"]["value"] for b in bindings] == ["revenue"]
    assert main(["query", "parks", "--store", str(two_plans)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "jurisdiction  park"
    assert captured.err.startswith("(2 rows, ")


def test_query_accepts_a_query_file(two_plans, tmp_path, capsys):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(*) AS ?plans) WHERE { ?p a <https://w3id.org/biopolicy/ontology#Plan> }")
    assert main(["query", str(path), "--store", str(two_plans), "--format", "tsv"]) == 0
    assert capsys.readouterr().out == '?plans\n"2"^^<http://www.w3.org/2001/XMLSchema#integer>\n'


def test_query_errors_are_one_line(two_plans, tmp_path, capsys):
    assert main(["query", "plan", "--store", str(two_plans)]) == EXIT_USER_ERROR
    assert capsys.readouterr().err.startswith("error: no canned query 'plan'; did you mean ")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT WHERE {")
    assert main(["query", str(bad), "--store", str(two_plans)]) == EXIT_USER_ERROR
    assert capsys.readouterr().err.startswith("error: SPARQL syntax error:")
    assert main(["query", "plans", "--param", "year=1", "--store", str(two_plans)]) == EXIT_USER_ERROR
    assert "error: query plans has no parameter year (it takes no parameters)" in capsys.readouterr().err


def test_queries_lists_the_catalogue_with_titles(capsys):
    assert main(["queries"]) == 0
    out = capsys.readouterr().out
    assert "targets_for_year" in out and "year=2025" in out and "某一年份到期的目标" in out


def test_run_queries_writes_csv_and_counts(two_plans, tmp_path, capsys):
    assert main(["run-queries", "--store", str(two_plans)]) == 0
    err = capsys.readouterr().err
    assert "plans: 2 rows in " in err
    assert (two_plans / st.RESULTS / "agencies.csv").read_text(encoding="utf-8").startswith("jurisdiction,agency,")


def test_summary_counts_each_family_per_plan(two_plans, capsys):
    assert main(["summary", "--store", str(two_plans)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "jurisdiction", "plan", "tasks", "responsibilities", "targets", "incentives", "agencies", "parks", "platforms",
        "persons", "sectors",
    ]
    assert lines[2].split() == ["厦门市", f"id:plan/{KEYS['xiamen']}", "3", "4", "3", "1", "4", "1", "1", "0", "3"]
    assert lines[-1].split() == ["(all)", "2", "plans", "6", "8", "5", "3", "9", "2", "3", "1", "5"]


def test_extract_delegates_to_the_loaders(fake, tmp_path, capsys):
    document = fake_loaders.write_document(tmp_path, "x.txt", "fixture-plan: xiamen")
    assert main(["extract", str(document)]) == 0
    assert capsys.readouterr().out == f"{document}: fixture plan xiamen\n"
    assert main(["extract", str(document), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["plan"] == "xiamen"
    assert main(["extract", str(document), "--format", "ttl"]) == 0
    assert "厦府办〔2020〕57号" in capsys.readouterr().out
    assert main(["extract", str(tmp_path / "none.txt")]) == 2


def test_docs_delegates_to_the_documentation_writer(monkeypatch, tmp_path, capsys):
    written = []
    module = types.ModuleType("biopolicy.graph.docs")
    module.write_ontology_docs = lambda out: written.append(out)
    monkeypatch.setitem(sys.modules, "biopolicy.graph.docs", module)
    assert main(["docs", "--out", str(tmp_path / "site")]) == 0
    assert written == [tmp_path / "site"]
