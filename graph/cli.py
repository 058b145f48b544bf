"""``biopolicy``: build, validate, change and query the knowledge graph of biomedicine plans.

Results go to stdout; progress, notes and errors to stderr. A user error (no store, unknown
query, unreadable document) is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from pathlib import Path

from biopolicy.graph import formats
from biopolicy.graph import store as st
from biopolicy.loaders.errors import EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED, EXIT_OK, BiopolicyError

DEFAULT_STORE = Path("graph/build")
DEFAULT_DOCUMENTS = Path("documents")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _error(text: object) -> None:
    """An error as one line on stderr (parser messages and the like span several)."""
    _say("error: " + " ".join(str(text).split()))


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _out_bytes(data: bytes) -> None:
    """An answer byte for byte as the endpoint sends it (CSV's CRLF; UTF-8 whatever the terminal)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _document_error(path: Path, error: BaseException, suffix: str = "") -> None:
    from biopolicy.graph.build import document_reason

    _error(f"{path}: {document_reason(error, Path(path))}{suffix}")


def _document_errors() -> tuple[type[BaseException], ...]:
    from biopolicy.graph.build import document_error_types

    return document_error_types()


# ---------------------------------------------------------------------------------------------
# Subcommands


def cmd_build(args) -> int:
    from biopolicy.graph.build import build

    report = build(args.documents, args.store, progress=sys.stderr, cache=not args.no_cache, workers=args.workers,
                   incremental=not args.full)
    _say(
        f"built {args.store}: {report.plans} plans, {report.triples:,} triples in {report.seconds:.1f} s; "
        f"dumps in {Path(args.store) / st.DUMPS}"
    )
    return 0


def cmd_extract(args) -> int:
    from biopolicy.graph.build import extract_plan

    try:
        _graph_iri, graph, extraction = extract_plan(args.file)
    except _document_errors() as error:
        _document_error(args.file, error)
        return 2
    if args.format == "ttl":
        _out(graph.serialize(format="turtle"))
    elif args.format == "json":
        from biopolicy.loaders.pipeline import to_json

        _out(to_json(extraction))
    else:
        from biopolicy.loaders.pipeline import summarise

        _out(summarise(extraction))
        if args.explain:
            from biopolicy.loaders.pipeline import explain

            _out("\n" + explain(extraction))
    return 0


def cmd_validate(args) -> int:
    from biopolicy.graph import validate as v

    try:
        ctx = v.context()
    except v.ValidationSetupError as error:
        _error(error)
        return 2
    validations, unreadable = [], False
    for path in args.files:
        try:
            validations.append(v.validate_document(path, ctx))
        except _document_errors() as error:
            _document_error(path, error)
            unreadable = True
    if args.format == "json":
        _out(v.json_report(validations))
    elif args.format == "ttl":
        _out(v.turtle_report(validations))
    else:
        for validation in validations:
            _out(v.text_report(validation) + "\n")
    if unreadable:
        return 2
    return 0 if all(validation.conforms for validation in validations) else 1


def cmd_check(args) -> int:
    from biopolicy.graph import validate as v

    validations = v.validate_store(args.store)
    description = v.validate_store_description(args.store)
    _out(v.summary_line(description))
    if description.results:
        _out(v.text_report(description) + "\n")
    if not validations:
        _say(f"{args.store} holds no plans")
        return 0 if description.conforms else 1
    for validation in validations:
        _out(v.summary_line(validation))
        if args.verbose and validation.results:
            _out(v.text_report(validation) + "\n")
    failing = [validation for validation in validations if not validation.conforms]
    warned = sum(len(validation.warnings) for validation in validations)
    _say(
        f"checked {len(validations)} plans: {len(failing)} with violations, {warned} warnings in all"
        + ("; `biopolicy check --verbose` shows where" if validations and (failing or warned) and not args.verbose else "")
    )
    return 1 if failing or not description.conforms else 0


def cmd_add(args) -> int:
    from rdflib import URIRef

    from biopolicy.graph import validate as v
    from biopolicy.graph.build import extract_plan

    if not st.database_path(args.store).is_dir():
        raise st.StoreError(f"no store at {args.store}: run `biopolicy build` first")
    try:
        ctx = v.context()
    except v.ValidationSetupError as error:
        _error(f"{error}; {args.store} was not changed")
        return 2
    try:
        graph_iri, graph, extraction = extract_plan(args.file)
    except _document_errors() as error:
        _document_error(args.file, error, f"; {args.store} was not changed")
        return 2
    triples = len(graph)
    ntriples = st.rdflib_ntriples(graph)
    validation = v.validate_graph(graph, source=str(args.file), plan=graph_iri, ctx=ctx, inplace=True, ntriples=ntriples)
    _out(v.text_report(validation))
    if validation.violations:
        _say(f"refused: {args.file} has {v.plural(len(validation.violations), 'violation')}; {args.store} was not changed")
        return 1
    if validation.warnings and not args.force:
        _say(
            f"refused: {args.file} has {v.plural(len(validation.warnings), 'warning')}; add it anyway with --force; "
            f"{args.store} was not changed"
        )
        return 1
    from biopolicy.loaders.emit import load_activity

    activity = load_activity(extraction, URIRef(graph_iri))
    existed = st.open_store(args.store).contains_named_graph(st.ox.NamedNode(graph_iri))
    report = st.replace_plan(args.store, st.PlanData(graph_iri, ntriples, st.rdflib_ntriples(activity)))
    verb = "replaced" if existed else "added"
    _say(f"{verb} {st.plan_key(graph_iri)} ({triples:,} triples) in {args.store}: {report.plans} plans")
    documents = Path(args.documents).resolve()
    if Path(args.file).resolve().parent != documents:
        _say(f"note: copy {args.file} into {args.documents}/ to keep this plan in the next `biopolicy build`")
    return 0


def cmd_remove(args) -> int:
    report = st.remove_plan(args.store, args.plan)
    _say(f"removed {st.plan_key(st.plan_graph_iri(args.plan))} from {args.store}: {report.plans} plans left")
    return 0


def cmd_query(args) -> int:
    import time

    from biopolicy.graph import query as q

    canned = q.load_query(args.query)
    params = q.parse_params(args.param or [])
    if not args.endpoint and not args.live:
        from biopolicy.graph import answers

        started = time.perf_counter()
        answer = answers.lookup(args.store, q.apply_params(canned, params))
        if answer is not None:
            data = answer.read(args.format)
            if args.format == "table":
                _out(data.decode())
                _say(f"({answer.rows} rows, {(time.perf_counter() - started) * 1000:.0f} ms: materialised when the "
                     f"store was written; --live runs it)")
            else:
                _out_bytes(data)
            return 0
    results = q.run(canned, store_dir=args.store, endpoint=args.endpoint, params=params)
    answer = q.render(results, args.format)
    if args.format == "table":
        _out(answer.decode())
        _say(f"({len(results.rows)} rows, {results.seconds * 1000:.0f} ms)")
    else:
        _out_bytes(answer)
    return 0


def cmd_queries(args) -> int:
    from biopolicy.graph import query as q

    rows = []
    for canned in q.catalogue():
        params = " ".join(f"{name}={default}" for name, default in canned.params.items())
        rows.append({"name": canned.name, "title": canned.title, "标题": canned.title_zh, "params": params})
    results = q.Results(
        ["name", "title", "标题", "params"], [{k: q.Term("literal", v) for k, v in row.items()} for row in rows]
    )
    _out(formats.write_table(results.variables, results.term_rows(), max_width=60))
    return 0


def cmd_run_queries(args) -> int:
    from biopolicy.graph import query as q

    out = args.out or Path(args.store) / st.RESULTS
    counts = q.run_all(args.store, out, log=_say)
    _say(f"wrote {len(counts)} results to {out}")
    return 0


def cmd_summary(args) -> int:
    from biopolicy.graph import query as q

    results = q.run(q.load_query("plan_family_counts"), store_dir=args.store)
    families = results.variables[2:]
    totals = {name: sum(int(row[name].value) for row in results.rows if name in row) for name in families}
    results.rows.append(
        {
            "jurisdiction": q.Term("literal", "(all)"),
            "plan": q.Term("literal", f"{len(results.rows)} plans"),
            **{name: q.Term("literal", str(total)) for name, total in totals.items()},
        }
    )
    _out(formats.write_table(results.variables, results.term_rows()))
    return 0


def cmd_docs(args) -> int:
    try:
        from biopolicy.graph.docs import write_ontology_docs
    except ImportError as error:
        raise st.StoreError(f"the ontology documentation writer is not available: {error}") from error
    written = write_ontology_docs(args.out)
    _say(f"wrote the ontology documentation to {args.out}" + (f" ({written})" if written else ""))
    return 0


# ---------------------------------------------------------------------------------------------
# Parser


def _add_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", type=Path, default=DEFAULT_STORE, metavar="DIR", help=f"store directory (default {DEFAULT_STORE})"
    )


def _subcommand(subparsers, name: str, handler, summary: str, examples: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        name,
        help=summary,
        description=summary,
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.strip().splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


OWN_COMMANDS = (
    "build", "extract", "validate", "check", "add", "remove", "query", "queries", "run-queries", "summary", "docs",
)


def build_parser(*, extensions: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="biopolicy",
        description="Knowledge graph of Chinese local-government biomedicine industry plans.",
        epilog="`biopolicy COMMAND --help` describes each command. Typical session:\n"
        "  biopolicy build && biopolicy check && biopolicy query plans",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {st.software_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = _subcommand(
        subparsers, "build", cmd_build,
        "Build the store from every plan document in a directory (all or nothing).",
        "biopolicy build\nbiopolicy build --documents documents --store graph/build\n"
        "biopolicy build --full --no-cache   # extract every document again, from scratch",
    )
    p.add_argument("--documents", type=Path, default=DEFAULT_DOCUMENTS, metavar="DIR",
                   help=f"directory of *.txt, *.md, *.html, *.htm plans (default {DEFAULT_DOCUMENTS})")
    _add_store(p)
    p.add_argument("--workers", type=int, metavar="N", help="extraction processes (default: one per core)")
    p.add_argument("--full", action="store_true",
                   help="build from scratch even when only a few documents changed since the last build "
                   "(by default their plans are replaced in a copy of the store; the result is the same)")
    p.add_argument("--no-cache", action="store_true",
                   help="extract every document again instead of taking unchanged ones from the extraction cache "
                   "($BIOPOLICY_CACHE, default ~/.cache/biopolicy-kg/extraction)")

    p = _subcommand(
        subparsers, "extract", cmd_extract,
        "Extract one document and print what was found (no store involved).",
        "biopolicy extract documents/xiamen-2020-biomedicine-action-plan.txt\n"
        "biopolicy extract plan.txt --format ttl > plan.ttl\n"
        "biopolicy extract plan.txt --explain          # and why each rejected candidate was turned down",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--format", choices=("summary", "ttl", "json"), default="summary")
    p.add_argument("--explain", action="store_true",
                   help="also list every candidate the extractors turned down, with its line and the deciding cue "
                   "(JSON always carries them under \"rejected\")")

    p = _subcommand(
        subparsers, "validate", cmd_validate,
        "Validate documents against the SHACL shapes (exit 0 conforms, 1 violations, 2 unreadable).",
        "biopolicy validate new-plan.txt\nbiopolicy validate documents/*.txt --format json",
    )
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("text", "json", "ttl"), default="text")

    p = _subcommand(
        subparsers, "check", cmd_check,
        "Validate every plan graph in the store, one summary line per plan.",
        "biopolicy check\nbiopolicy check --store graph/build --verbose",
    )
    _add_store(p)
    p.add_argument("--verbose", action="store_true", help="print the full report of plans with results")

    p = _subcommand(
        subparsers, "add", cmd_add,
        "Validate a document and merge its plan into the store if it conforms (replaces an earlier version).",
        "biopolicy add new-plan.txt\nbiopolicy add new-plan.txt --force   # merge despite warnings, never violations",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    _add_store(p)
    p.add_argument("--force", action="store_true", help="merge a plan that has warnings (never one with violations)")
    p.add_argument("--documents", type=Path, default=DEFAULT_DOCUMENTS, metavar="DIR",
                   help="the documents directory builds read (for a reminder only)")

    p = _subcommand(
        subparsers, "remove", cmd_remove,
        "Delete one plan's graph from the store.",
        "biopolicy remove 350200-2020-xmszqzdswyycysnxdjh\n"
        "biopolicy remove https://w3id.org/biopolicy/id/plan/350200-2020-xmszqzdswyycysnxdjh",
    )
    p.add_argument("plan", metavar="PLAN", help="plan key, plan IRI or plan graph IRI")
    _add_store(p)

    p = _subcommand(
        subparsers, "query", cmd_query,
        "Run a canned query (by name) or a .rq file on the store or a SPARQL endpoint.",
        "biopolicy query plans\nbiopolicy query targets_for_year --param year=2025 --format csv\n"
        "biopolicy query my.rq --endpoint http://localhost:7878/query --format json",
    )
    p.add_argument("query", metavar="NAME|FILE.rq")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                       help=f"store directory (default {DEFAULT_STORE})")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL endpoint whose default graph is the union")
    p.add_argument("--format", choices=formats.CLI_FORMATS, default="table",
                   help="table for people; csv, tsv, json, xml: the W3C SPARQL result formats, as the endpoint writes them")
    p.add_argument("--param", action="append", metavar="KEY=VALUE", help="set a query parameter (repeatable)")
    p.add_argument("--live", action="store_true",
                   help="run the query on the store even when its answer was materialised when the store was written "
                   "(a canned query with its default parameters, or a file with its text, is answered from STORE/answers)")

    _subcommand(
        subparsers, "queries", cmd_queries,
        "List the canned queries with their titles and parameters.",
        "biopolicy queries",
    )

    p = _subcommand(
        subparsers, "run-queries", cmd_run_queries,
        "Run every canned query and write each result as CSV.",
        "biopolicy run-queries\nbiopolicy run-queries --store graph/build --out /tmp/results",
    )
    _add_store(p)
    p.add_argument("--out", type=Path, metavar="DIR", help="output directory (default STORE/results)")

    p = _subcommand(
        subparsers, "summary", cmd_summary,
        "Count the facts of each family in each plan of the store.",
        "biopolicy summary\nbiopolicy summary --store graph/build",
    )
    _add_store(p)

    p = _subcommand(
        subparsers, "docs", cmd_docs,
        "Write the ontology documentation (HTML) to a directory.",
        "biopolicy docs --out docs/ontology",
    )
    p.add_argument("--out", type=Path, default=Path("docs/ontology"), metavar="DIR")
    if extensions:
        register_extensions(subparsers)
    return parser


# Modules that add their own subcommands with ``register(subparsers)`` (the endpoint, publishing
# to a remote store, linking to Wikidata, the benchmark of a checkout, downloading plan pages). Each sets ``handler`` (or ``func``) to a function of
# the parsed arguments, as the commands above do.
EXTENSIONS = (
    "biopolicy.graph.endpoint.serve", "biopolicy.graph.publish", "biopolicy.graph.link", "biopolicy.graph.bench",
    "biopolicy.graph.fetch",
    "biopolicy.graph.report",
)


def register_extensions(subparsers) -> list[str]:
    """Add the subcommands of every extension module that exists; a broken one is reported when used."""
    added = []
    for module_name in EXTENSIONS:
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
        except Exception as error:  # noqa: BLE001 - a broken extension must not break the other commands
            command = module_name.rsplit(".", 1)[-1]
            reason = f"{type(error).__name__}: {error}"
            broken = subparsers.add_parser(command, help=f"(unavailable: {reason})")
            broken.set_defaults(handler=_unavailable(command, reason))
            added.append(command)
            continue
        register = getattr(module, "register", None)
        if callable(register):
            before = set(subparsers.choices)
            register(subparsers)
            added += sorted(set(subparsers.choices) - before)
    return added


def _unavailable(command: str, reason: str):
    def handler(_args) -> int:
        raise st.StoreError(f"`biopolicy {command}` is unavailable: {reason}")

    return handler


def _needs_extensions(argv: list[str]) -> bool:
    """Whether the command line may name an extension's command (so that the others start fast)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first is None or first not in OWN_COMMANDS


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(extensions=_needs_extensions(argv))
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None) or getattr(args, "func", None)
    try:
        status = handler(args)
        return EXIT_OK if status is None else int(status)
    except BiopolicyError as error:
        if os.environ.get("BIOPOLICY_TRACEBACK"):
            raise
        _error(error)
        return error.exit_code
    except KeyboardInterrupt:
        _say("interrupted (a store being written is left as it was)")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as error:  # noqa: BLE001 - one line for the user; the traceback on request
        if os.environ.get("BIOPOLICY_TRACEBACK"):
            raise
        _error(f"{type(error).__name__}: {error} (set BIOPOLICY_TRACEBACK=1 to see where)")
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
