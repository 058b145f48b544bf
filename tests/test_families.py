"""The fact-family registry: every stage iterates one list, and a new family takes one module and one entry."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef

from biopolicy.loaders import families
from biopolicy.loaders.emit import plan_graph, zh
from biopolicy.loaders.iris import BP
from biopolicy.loaders.model import Family, NamedEntity
from biopolicy.loaders.pipeline import extract_document, summarise, to_json
from biopolicy.loaders.resources import queries_dir

REPOSITORY = Path(__file__).resolve().parents[1]
SEED = REPOSITORY / "documents" / "xiamen-2020-biomedicine-action-plan.txt"
DEADLINE = re.compile(r"(?:19|20)\d{2}年(?:底|年底)前")


def select_variables(query: str) -> tuple[str, ...]:
    select = re.search(r"^SELECT(?: DISTINCT)?((?:\s+\?\w+)+)", query, re.M)
    return tuple(name.lstrip("?") for name in select.group(1).split())


def test_every_listing_family_declares_its_query_columns():
    for family in families.ALL_FAMILIES:
        if family.columns:
            query = (queries_dir() / f"{family.name}.rq").read_text(encoding="utf-8")
            assert select_variables(query) == family.columns, family.name


def test_families_are_extracted_in_registry_order_and_reported_in_it():
    extraction = extract_document(SEED)
    assert list(extraction.facts) == [family.name for family in families.ALL_FAMILIES]
    assert '"agencies"' in to_json(extraction)


def test_agencies_are_resolved_during_extraction_not_by_emit():
    extraction = extract_document(SEED)
    written = {item.agency for item in extraction.responsibilities} | {extraction.metadata.issuer}
    assert {agency.written for agency in extraction.agencies} == written
    assert extraction.agency("市科技局").name == "厦门市科学技术局"


def test_no_family_imports_another():
    modules = {family.extract.__module__ for family in families.ALL_FAMILIES}
    for module in modules:
        source = Path(__import__(module, fromlist=["_"]).__file__).read_text(encoding="utf-8")
        for other in modules - {module}:
            assert f"import {other.rsplit('.', 1)[1]}" not in source and f"from {other} " not in source, (module, other)


def extract_deadlines(context) -> list[NamedEntity]:
    """A toy family: every 'by the end of YEAR' deadline the plan sets."""
    work = context.text.work
    return [NamedEntity(context.unit_at(m.start()), m.group(), m.span()) for m in DEADLINE.finditer(work)]


def emit_deadlines(emitter, deadlines) -> None:
    for deadline in deadlines:
        node = emitter.fact("deadline", deadline.span, deadline.unit, BP.mentions, BP.Target)
        emitter.add(node, BP.indicatorPhrase, zh(deadline.name))


DEADLINES = Family(
    name="deadlines",
    columns=(),
    extract=extract_deadlines,
    rows=lambda extraction: [{"deadline": d.name} for d in extraction.deadlines],
    emit=emit_deadlines,
    scored=False,
)


def test_a_new_family_is_one_module_and_one_list_entry(monkeypatch, tmp_path):
    document = tmp_path / "ningbo-2024-biomedicine-action-plan.txt"
    document.write_text(
        "宁波市生物医药产业发展行动计划\n一、重点任务\n（一）建设产业园区。2025年底前建成宁波生物产业园。\n", encoding="utf-8"
    )
    monkeypatch.setattr(families, "ALL_FAMILIES", [*families.ALL_FAMILIES, DEADLINES])
    extraction = extract_document(document)
    assert [d.name for d in extraction.deadlines] == ["2025年底前"]
    assert "deadlines 1" in summarise(extraction)
    _, graph = plan_graph(extraction)
    deadline = next(s for s in graph.subjects(BP.indicatorPhrase, Literal("2025年底前", lang="zh")))
    assert isinstance(deadline, URIRef) and "/deadline/" in str(deadline)
    assert (deadline, BP.evidence, None) in graph
