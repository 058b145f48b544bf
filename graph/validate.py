"""Validate one plan's graph with SHACL and report each problem where a person can find it.

A plan is validated on its own: its graph (a plain rdflib ``Graph``, never the store), the shapes
of ``ontology/shapes.ttl``, and as context the whole ontology plus only those concepts and
jurisdictions the plan names (with their ``skos:broader`` and ``bp:withinJurisdiction`` ancestors
and their concept schemes), each with all its triples — not all 3,000 divisions and 3,000
vocabulary triples, which would make every validation pay for the whole gazetteer. So
validation time does not grow with the store, and stays small for one plan. The context is
merged into the plan's graph (a copy, unless the caller hands the graph over) rather than passed
as pySHACL's ``ont_graph``: ``sh:class bp:Jurisdiction`` or ``sh:in`` over concepts need the
jurisdictions' and concepts' own triples in the data graph.

Severity decides the outcome: a plan *conforms* when no result is a ``sh:Violation``; warnings
and infos are reported but do not fail ``validate`` or ``check``. (``add`` is stricter: it merges
a plan with warnings only with ``--force``.)

Every result is traced back to the source text: the focus node's ``bp:evidence`` (or the evidence
whose ``oa:hasBody`` it is) → ``oa:hasTarget`` → the selectors' ``oa:exact`` and ``oa:start``, and
the evidence's ``bp:line``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SH, SKOS, XSD

from biopolicy.graph import formats
from biopolicy.graph import store as st
from biopolicy.graph.native_shacl import ShapeSplit, native_report, split_shapes
from biopolicy.loaders import resources
from biopolicy.loaders.errors import ValidationSetupError  # noqa: F401 - re-exported

SHAPES_PATH = resources.ontology_dir() / "shapes.ttl"
DCAT_SHAPES_PATH = resources.ontology_dir() / "dcat-shapes.ttl"  # the dataset description's, from DCAT-AP

# Which SHACL engines validate a plan: "hybrid" (pyrudof for the core shapes, pySHACL for the
# SPARQL-based ones; decision 0024) or "pyshacl" (pySHACL for all, the reference the parity test
# holds the hybrid to).
ENGINE_VARIABLE = "BIOPOLICY_SHACL_ENGINE"
ENGINES = ("hybrid", "pyshacl")
BP = Namespace(st.BP)
OA = Namespace(st.ns.OA)
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
LABEL_PROPERTIES = (DCTERMS.title, RDFS.label, SKOS.prefLabel, FOAF.name, BP.agencyAsWritten, BP.indicatorPhrase)
ANCESTOR_LINKS = (BP.withinJurisdiction, SKOS.broader, SKOS.inScheme, SKOS.topConceptOf)


@dataclass
class Result:
    severity: str  # Violation | Warning | Info
    message: str
    focus: str
    label: str
    path: str | None = None
    value: str | None = None
    shape: str | None = None
    constraint: str | None = None
    quote: str | None = None
    line: int | None = None
    start: int | None = None


@dataclass
class PlanValidation:
    source: str  # the document path, or the plan key for `check`
    plan: str | None  # graph IRI
    results: list[Result] = field(default_factory=list)
    report: Graph = field(default_factory=Graph)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations


# ---------------------------------------------------------------------------------------------
# Context: shapes and reference graphs, read once per process


@dataclass
class Context:
    shapes: Graph
    ontology: Graph  # the ontology graph, included whole
    resources: dict  # subject IRI → its triples, for every concept and jurisdiction
    _split: ShapeSplit | None = None
    _ntriples: dict = field(default_factory=dict)  # ontology / resource IRI → its N-Triples, made once

    @property
    def split(self) -> ShapeSplit:
        """The shapes split between the native engine and pySHACL (graph/native_shacl.py), made once."""
        if self._split is None:
            self._split = split_shapes(self.shapes)
        return self._split


@cache
def _context(shapes_path: Path) -> Context:
    if not shapes_path.is_file():
        raise ValidationSetupError(
            f"cannot validate: no SHACL shapes at {shapes_path} (ontology/shapes.ttl has not been written yet?)"
        )
    try:
        shapes = Graph().parse(shapes_path)
    except Exception as error:  # noqa: BLE001 - any parser error is a broken shapes file
        raise ValidationSetupError(f"cannot validate: the shapes {shapes_path} do not parse: {error}") from error
    from biopolicy.loaders.emit import reference_graphs

    ontology = Graph()
    resources: dict[URIRef, list] = {}
    for iri, graph in reference_graphs().items():
        if str(iri) == st.ONTOLOGY_GRAPH:
            for triple in graph:
                ontology.add(triple)
            continue
        for triple in graph:
            if isinstance(triple[0], URIRef):
                resources.setdefault(triple[0], []).append(triple)
    return Context(shapes, ontology, resources)


def context() -> Context:
    return _context(Path(SHAPES_PATH))


def clear_context_cache() -> None:
    _context.cache_clear()


def context_resources(data: Graph, ctx: Context) -> set[URIRef]:
    """The concepts and jurisdictions ``data`` points at, with their ancestors and schemes."""
    wanted: set[URIRef] = set()
    frontier = [o for o in data.objects() if isinstance(o, URIRef) and o in ctx.resources]
    frontier += [s for s in data.subjects(RDF.type, BP.Jurisdiction) if isinstance(s, URIRef)]
    while frontier:
        node = frontier.pop()
        if node in wanted:
            continue
        wanted.add(node)
        frontier.extend(
            o
            for _s, p, o in ctx.resources.get(node, ())
            if p in ANCESTOR_LINKS and isinstance(o, URIRef) and o not in wanted
        )
    return wanted


def context_ntriples(data: Graph, ctx: Context) -> str:
    """The context :func:`_add_context` adds for ``data``, as N-Triples, from text made once per node."""
    parts = [_ntriples_of(ctx, "ontology", ctx.ontology)]
    for node in sorted(context_resources(data, ctx)):
        parts.append(_ntriples_of(ctx, node, ctx.resources.get(node, ())))
    return "".join(parts)


def _ntriples_of(ctx: Context, key, triples) -> str:
    if key not in ctx._ntriples:
        ctx._ntriples[key] = formats.triples_ntriples(triples).decode("utf-8")
    return ctx._ntriples[key]


def ontology_context(data: Graph, ctx: Context) -> Graph:
    """The ontology plus the concepts and jurisdictions ``data`` names, as one graph."""
    graph = Graph()
    _add_context(graph, data, ctx)
    return graph


def _add_context(target: Graph, data: Graph, ctx: Context) -> None:
    target.addN((s, p, o, target) for s, p, o in ctx.ontology)
    for node in context_resources(data, ctx):
        target.addN((s, p, o, target) for s, p, o in ctx.resources.get(node, ()))


# ---------------------------------------------------------------------------------------------
# Validating


def shacl_engine() -> str:
    """The engine ``BIOPOLICY_SHACL_ENGINE`` names, ``hybrid`` by default."""
    engine = os.environ.get(ENGINE_VARIABLE, "hybrid") or "hybrid"
    if engine not in ENGINES:
        raise ValidationSetupError(f"{ENGINE_VARIABLE}={engine!r} names no SHACL engine: use one of {', '.join(ENGINES)}")
    return engine


def validate_graph(
    data: Graph, *, source: str, plan: str | None = None, ctx: Context | None = None, inplace: bool = False,
    engine: str | None = None, ntriples: bytes | None = None,
) -> PlanValidation:
    """SHACL-validate one plan graph; results sorted by line, then focus node.

    With ``inplace`` the context is added to ``data`` itself (saves a copy when the caller no
    longer needs the plan's graph as it was). ``engine`` is ``hybrid`` or ``pyshacl``
    (default: :func:`shacl_engine`). ``ntriples``, when the caller has them, are ``data`` as
    N-Triples: the native engine reads them instead of a serialisation made here.
    """
    ctx = ctx or context()
    engine = engine or shacl_engine()
    if engine == "hybrid":
        text = (ntriples if ntriples is not None else formats.triples_ntriples(data)).decode("utf-8")
        text += context_ntriples(data, ctx)
    if inplace:
        merged = data
    else:
        merged = Graph()
        merged.addN((s, p, o, merged) for s, p, o in data)
    _add_context(merged, data, ctx)
    if engine == "pyshacl":
        report = _pyshacl_report(merged, ctx.shapes)
    else:
        reports = [native_report(text, ctx.split)]
        if ctx.split.sparql:
            reports.append(_pyshacl_report(merged, ctx.split.sparql_graph))
        report = one_report(reports)
    results = [_result(report, node, merged) for node in report.subjects(RDF.type, SH.ValidationResult)]
    results.sort(key=lambda r: (r.line is None, r.line or 0, r.focus, r.severity, r.message, r.value or ""))
    return PlanValidation(source=source, plan=plan, results=results, report=report)


def _pyshacl_report(data: Graph, shapes: Graph, inplace: bool = True) -> Graph:
    """pySHACL's report of ``data`` against ``shapes`` (warnings allowed, SHACL-AF on); ``inplace``:
    validate ``data`` itself rather than pySHACL's copy of it."""
    import pyshacl

    from biopolicy.graph import sparql_cache

    sparql_cache.install()
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True,
        advanced=True, meta_shacl=False, inplace=inplace,
    )
    return report


def one_report(reports: list[Graph]) -> Graph:
    """The results of several validation reports under one ``sh:ValidationReport``, which conforms
    when no result is a violation (pySHACL's ``allow_warnings``)."""
    merged = Graph()
    merged.bind("sh", SH)
    tops = {node for report in reports for node in report.subjects(RDF.type, SH.ValidationReport)}
    for report in reports:
        merged.addN((s, p, o, merged) for s, p, o in report if s not in tops)
    top = BNode()
    merged.add((top, RDF.type, SH.ValidationReport))
    results = list(merged.subjects(RDF.type, SH.ValidationResult))
    for result in results:
        merged.add((top, SH.result, result))
    violation = any((result, SH.resultSeverity, SH.Violation) in merged for result in results)
    merged.add((top, SH.conforms, Literal(not violation)))
    return merged


@cache
def _dcat_shapes() -> Graph:
    return Graph().parse(DCAT_SHAPES_PATH)


def validate_description(data: Graph, source: str) -> PlanValidation:
    """SHACL-validate a dataset description (void.ttl, ``/.well-known/void``) with ontology/dcat-shapes.ttl."""
    report = _pyshacl_report(data, _dcat_shapes(), inplace=False)
    results = [_result(report, node, data) for node in report.subjects(RDF.type, SH.ValidationResult)]
    results.sort(key=lambda r: (r.focus, r.severity, r.message, r.value or ""))
    return PlanValidation(source=source, plan=None, results=results, report=report)


def validate_store_description(store_dir: Path) -> PlanValidation:
    """The store's void.ttl against the DCAT-AP shapes."""
    path = Path(store_dir) / st.DUMPS / st.VOID_DUMP
    try:
        data = Graph().parse(path, format="turtle")
    except (OSError, ValueError) as error:
        raise st.StoreError(f"cannot read the dataset description {path}: {error}") from error
    return validate_description(data, source=f"{st.DUMPS}/{st.VOID_DUMP}")


def validate_document(path: Path, ctx: Context | None = None) -> PlanValidation:
    """Extract a document and validate its plan graph; raises DocumentError if unreadable."""
    from biopolicy.graph.build import extract_plan

    graph_iri, graph, _extraction = extract_plan(Path(path))
    return validate_graph(graph, source=str(path), plan=graph_iri, ctx=ctx, inplace=True)


# Oxigraph (0.5.13) stores every integer-derived datatype as xsd:integer: "5"^^xsd:nonNegativeInteger
# comes back as "5"^^xsd:integer. The properties the data model types otherwise get their type back
# before a stored plan is validated, so that `check` judges what emit wrote.
STORE_RETYPED = {
    OA.start: XSD.nonNegativeInteger, OA.end: XSD.nonNegativeInteger, BP.order: XSD.nonNegativeInteger,
    BP.characterCount: XSD.nonNegativeInteger, BP.line: XSD.positiveInteger,
}


def restore_datatypes(data: Graph) -> Graph:
    """Give back the datatypes the store rewrote (see STORE_RETYPED); in place."""
    for predicate, datatype in STORE_RETYPED.items():
        for subject, value in list(data.subject_objects(predicate)):
            if isinstance(value, Literal) and value.datatype == XSD.integer and not str(value).startswith("-"):
                data.remove((subject, predicate, value))
                data.add((subject, predicate, Literal(str(value), datatype=datatype)))
    return data


def validate_store(store_dir: Path) -> list[PlanValidation]:
    """Validate every plan graph in the store, each on its own."""
    store = st.open_store(store_dir)
    ctx = context()
    validations = []
    for graph_iri in st.list_plan_graphs(store):
        data = Graph().parse(data=st.read_graph_ntriples(store, graph_iri).decode("utf-8"), format="nt")
        restore_datatypes(data)
        validations.append(validate_graph(data, source=st.plan_key(graph_iri), plan=graph_iri, ctx=ctx, inplace=True))
    return validations


def _result(report: Graph, node, data: Graph) -> Result:
    focus = report.value(node, SH.focusNode)
    severity = SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation")
    messages = list(report.objects(node, SH.resultMessage))
    english = [m for m in messages if isinstance(m, Literal) and m.language in (None, "en")]
    message = str((english or messages or [Literal("(no message)")])[0])
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    shape = report.value(node, SH.sourceShape)
    constraint = report.value(node, SH.sourceConstraintComponent)
    quote, line, start = source_location(data, focus)
    return Result(
        severity=severity,
        message=message,
        focus=_term_text(focus, data),
        label=focus_label(data, focus),
        path=_term_text(path, data) if path is not None and not isinstance(path, BNode) else None,
        value=_term_text(value, data) if value is not None else None,
        shape=str(shape) if isinstance(shape, URIRef) else None,
        constraint=_term_text(constraint, data) if constraint is not None else None,
        quote=quote,
        line=line,
        start=start,
    )


def _term_text(term, data: Graph) -> str:
    if isinstance(term, URIRef):
        return _short(term, data)
    if isinstance(term, BNode):
        return "[]"
    return str(term)


def _short(iri: URIRef, data: Graph) -> str:
    text = str(iri)
    for prefix, namespace in (("id", st.ID), *st.PREFIXES.items()):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def focus_label(data: Graph, focus) -> str:
    """How a person recognises the focus node: its title, label or name, else its IRI."""
    for prop in LABEL_PROPERTIES:
        label = data.value(focus, prop)
        if label is not None:
            return str(label)
    kinds = [_short(t, data) for t in data.objects(focus, RDF.type) if isinstance(t, URIRef)]
    return f"{' '.join(sorted(kinds))} {_short(focus, data)}".strip() if focus is not None else "(no focus node)"


def source_location(data: Graph, focus) -> tuple[str | None, int | None, int | None]:
    """(quote, line, start offset) of the first evidence of ``focus`` in source order."""
    if focus is None:
        return None, None, None
    evidence = set(data.objects(focus, BP.evidence)) | set(data.subjects(OA.hasBody, focus))
    if (focus, RDF.type, BP.Evidence) in data:
        evidence.add(focus)
    for target in data.subjects(OA.hasSelector, focus):
        evidence |= set(data.subjects(OA.hasTarget, target))
    evidence |= set(data.subjects(OA.hasTarget, focus))
    found = []
    for node in evidence:
        quote = start = None
        for target in data.objects(node, OA.hasTarget):
            for selector in data.objects(target, OA.hasSelector):
                quote = quote or _optional_str(data.value(selector, OA.exact))
                start = start if start is not None else _optional_int(data.value(selector, OA.start))
        line = _optional_int(data.value(node, BP.line))
        found.append((start if start is not None else 1 << 62, quote, line, start))
    if not found:
        return None, None, None
    _order, quote, line, start = min(found, key=lambda item: (item[0], item[2] or 0))
    return quote, line, start


def _optional_str(value) -> str | None:
    return None if value is None else str(value)


def _optional_int(value) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# Reports


def summary_line(validation: PlanValidation) -> str:
    counts = f"{plural(len(validation.violations), 'violation')}, {plural(len(validation.warnings), 'warning')}"
    infos = len(validation.results) - len(validation.violations) - len(validation.warnings)
    if infos:
        counts += f", {plural(infos, 'info')}"
    status = "conforms" if validation.conforms else "FAILS"
    return f"{status:<8} {validation.source}: {counts}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def text_report(validation: PlanValidation) -> str:
    """Results grouped by focus node (in source order), each with message, value, line and quote."""
    lines = [summary_line(validation)]
    groups: dict[str, list[Result]] = {}
    for result in validation.results:
        groups.setdefault(result.focus, []).append(result)
    for focus, results in groups.items():
        first = results[0]
        lines.append("")
        lines.append(f"  {first.label}  ({focus})")
        for result in results:
            detail = f"    {result.severity}: {result.message}"
            if result.path:
                detail += f"  [{result.path}]"
            lines.append(detail)
            if result.value is not None:
                lines.append(f"      value: {result.value}")
        if first.line is not None or first.quote:
            where = f"line {first.line}" if first.line is not None else "source"
            quote = _one_line(first.quote or "")
            lines.append(f"      {where}: “{quote}”")
    return "\n".join(lines)


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_report(validations: list[PlanValidation]) -> str:
    rows = [
        {"source": v.source, "plan": v.plan, **asdict(result)}
        for v in validations
        for result in v.results
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def turtle_report(validations: list[PlanValidation]) -> str:
    merged = Graph()
    merged.bind("sh", SH)
    for validation in validations:
        for triple in validation.report:
            merged.add(triple)
    return merged.serialize(format="turtle")
