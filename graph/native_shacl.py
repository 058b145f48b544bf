"""The core SHACL shapes on a native engine (pyrudof), the SPARQL-based ones on pySHACL (issue #11).

pySHACL spends about 0.6 s on one plan, most of it in the evidence shapes, which are plain core
constraints (counts, datatypes, classes). pyrudof, a SHACL engine written in Rust, checks those in a
few tens of milliseconds, but it ignores ``sh:sparql`` constraints and ``sh:SPARQLTarget`` without a
word (STACK-NOTES). So the shapes graph is split once per process (decision 0024):

- every shape with a target whose closure (the nodes it reaches through ``sh:property``, ``sh:node``,
  lists…) holds a SPARQL constraint or target, or a logical one (``sh:or``…, see LOGICAL_PREDICATES),
  runs on pySHACL;
- every other targeted shape runs on pyrudof.

Each engine gets the whole shapes graph with the other engine's targeted shapes marked
``sh:deactivated true``, so the two reports together are one report of the whole graph.

Two differences of pyrudof are bridged here, and ``tests/test_shacl_engines.py`` runs every shape
fixture through both paths to hold them to the same focus nodes, paths, severities and messages:

- it compares numbers only within one datatype (``"5"^^xsd:positiveInteger`` fails
  ``sh:minInclusive 1``), so in its copy a bound of a shape that also declares ``sh:datatype`` is
  written in that datatype;
- it adds its own untagged message beside the shape's ``sh:message``, or writes only its own; a
  result carries the shape's message, as pySHACL's do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD

from biopolicy.loaders.errors import ValidationSetupError

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
SPARQL_PREDICATES = (SH.sparql, SH.select, SH.ask)
# pyrudof reports the failing members of an sh:or or sh:and as results of their own (their focus the
# value node); pySHACL reports the one result of the shape, as the SHACL spec says. Those nested
# results are dropped (results of shapes that are neither targeted nor a targeted shape's named
# property shape: ShapeSplit.reported). sh:xone and sh:not are not used by our shapes and untested
# against pyrudof: they stay on pySHACL, as do property-pair constraints, where pyrudof finds 15
# (xsd:integer) and 20 (xsd:nonNegativeInteger) "not comparable" for sh:lessThan.
LOGICAL_PREDICATES = (SH.xone, SH["not"])
PAIR_PREDICATES = (SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint)
PYSHACL_PREDICATES = SPARQL_PREDICATES + LOGICAL_PREDICATES + PAIR_PREDICATES
BOUNDS = (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
INTEGER_TYPES = (XSD.integer, XSD.positiveInteger, XSD.nonNegativeInteger, XSD.negativeInteger,
                 XSD.nonPositiveInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong,
                 XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte)


@dataclass(frozen=True)
class ShapeSplit:
    native: frozenset  # targeted shapes that run on pyrudof (less the property shapes moved out)
    sparql: frozenset  # targeted shapes, and property shapes of native ones, that run on pySHACL
    native_turtle: str  # the shapes for pyrudof: pySHACL's deactivated or left out, integer bounds retyped
    sparql_graph: Graph  # the shapes for pySHACL: native shapes deactivated
    messages: dict  # named shape → its sh:message literals, which a result of it carries
    reported: frozenset  # the shapes whose pyrudof results are results (not nested in a logical one)


def split_shapes(shapes: Graph) -> ShapeSplit:
    """Which shapes need pySHACL, and the two shapes graphs that run them.

    A targeted shape whose own constraints need pySHACL goes there whole. A targeted shape that
    needs it only in some of its property shapes stays native without them; each of those runs on
    pySHACL under a node shape of its own with the same targets (its results name the property
    shape, as they would under the original)."""
    targeted = {s for predicate in TARGETS for s in shapes.subjects(predicate, None)}
    whole = {shape for shape in targeted if _needs_pyshacl(shapes, shape, skip=(SH.property,))
             or any(isinstance(prop, BNode) for prop in shapes.objects(shape, SH.property))}
    native = targeted - whole
    moved = {(shape, prop) for shape in native for prop in shapes.objects(shape, SH.property)
             if _needs_pyshacl(shapes, prop)}
    native_graph = _copy(shapes)
    for shape in whole:
        native_graph.add((shape, SH.deactivated, Literal(True)))
    for shape, prop in moved:
        native_graph.remove((shape, SH.property, prop))
    _retype_integer_bounds(native_graph)
    sparql_graph = _copy(shapes)
    for shape in native:
        sparql_graph.add((shape, SH.deactivated, Literal(True)))
    for shape, prop in moved:
        carrier = BNode()
        sparql_graph.add((carrier, RDF.type, SH.NodeShape))
        sparql_graph.add((carrier, SH.property, prop))
        for predicate in TARGETS:
            for target in shapes.objects(shape, predicate):
                sparql_graph.add((carrier, predicate, target))
    messages: dict = {}
    for shape, message in shapes.subject_objects(SH.message):
        if isinstance(shape, URIRef):
            messages.setdefault(shape, []).append(message)
    reported = native | {prop for shape in native for prop in shapes.objects(shape, SH.property)}
    return ShapeSplit(frozenset(native), frozenset(whole | {prop for _, prop in moved}),
                      native_graph.serialize(format="turtle"), sparql_graph, messages,
                      frozenset(reported) - {prop for _, prop in moved})


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    copy.addN((s, p, o, copy) for s, p, o in graph)
    return copy


def _needs_pyshacl(shapes: Graph, shape, skip: tuple = ()) -> bool:
    """Whether anything ``shape`` reaches (not through ``skip`` predicates) is a constraint or target
    that only pySHACL checks as the SHACL spec says (PYSHACL_PREDICATES)."""
    seen, frontier = set(), [shape]
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in shapes.predicate_objects(node):
            if predicate in PYSHACL_PREDICATES or value == SH.SPARQLTarget:
                return True
            if node == shape and predicate in skip:
                continue
            if isinstance(value, BNode) or (isinstance(value, URIRef) and (value, None, None) in shapes
                                             and predicate != SH.prefixes):
                frontier.append(value)
    return False


def _retype_integer_bounds(shapes: Graph) -> None:
    """Write each numeric bound of a shape that declares an integer ``sh:datatype`` in that type."""
    for shape, datatype in list(shapes.subject_objects(SH.datatype)):
        if datatype not in INTEGER_TYPES:
            continue
        for bound in BOUNDS:
            for value in list(shapes.objects(shape, bound)):
                if isinstance(value, Literal) and value.datatype in INTEGER_TYPES and value.datatype != datatype:
                    shapes.remove((shape, bound, value))
                    shapes.add((shape, bound, Literal(str(value), datatype=datatype)))


@cache
def _session(native_turtle: str):
    """One pyrudof session per process and shapes graph, its shapes read once."""
    try:
        import pyrudof
    except ImportError as error:
        raise ValidationSetupError(
            "cannot validate: pyrudof is not installed (`make setup` installs it), "
            "or set BIOPOLICY_SHACL_ENGINE=pyshacl"
        ) from error
    session = pyrudof.Rudof(pyrudof.RudofConfig())
    session.read_shacl(native_turtle, format=pyrudof.ShaclFormat.Turtle)
    return session


def native_report(ntriples: str, split: ShapeSplit) -> Graph:
    """pyrudof's validation report of the data ``ntriples`` against the native shapes, as a graph."""
    import pyrudof

    session = _session(split.native_turtle)
    session.reset_data()  # read_data adds to what an earlier validation left
    session.read_data(ntriples, format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    session.validate_shacl()
    text = session.serialize_shacl_validation_results(format=pyrudof.ResultShaclValidationFormat.NTriples)
    report = Graph().parse(data=text, format="nt")
    _drop_nested_results(report, split.reported)
    _shape_messages(report, split.messages)
    return report


def _drop_nested_results(report: Graph, reported: frozenset) -> None:
    """Remove the results pyrudof reports for the members of an sh:or or sh:and (LOGICAL_PREDICATES)."""
    top = next(report.subjects(RDF.type, SH.ValidationReport), None)
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        if report.value(result, SH.sourceShape) not in reported:
            report.remove((top, SH.result, result))
            report.remove((result, None, None))


def _shape_messages(report: Graph, messages: dict) -> None:
    """Each result carries its shape's ``sh:message`` instead of the engine's own text, as pySHACL's
    do (pyrudof adds its text beside the message, or writes only its text, for sh:uniqueLang)."""
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        own = messages.get(report.value(result, SH.sourceShape))
        if own:
            report.remove((result, SH.resultMessage, None))
            for message in own:
                report.add((result, SH.resultMessage, message))
