"""Benchmark the store, the canned queries and validation on synthetic corpora, and extraction on documents/.

    python tools/bench.py                         # 5, 50, 500 and 5,000 plans (make bench)
    python tools/bench.py --quick                 # 5 and 50 plans, fewer repetitions
    python tools/bench.py --sizes 500 --baseline-max 0

For each corpus size (plans from ``tools/synthetic.py``, generated before the clock starts) it
reports

* the build: bulk load, inference and VoID into a fresh on-disk store, then the dumps
  (N-Quads, Turtle, JSON-LD, VoID), each timed, as ``biopolicy build`` does them;
* the store's size on disk (database alone and with the dumps) and its triples;
* the median and 95th-percentile time of every canned query (default parameters), results
  read to the last row, on the read-only store the CLI uses;
* the time to validate one new plan with SHACL (its graph plus context, never the store), and
  the one-off cost of loading the shapes and reference graphs;
* for sizes up to ``--baseline-max`` plans, the same queries on rdflib's in-memory store and
  the ratio rdflib / Oxigraph (run in a worker process that is killed when a query exceeds
  ``--baseline-timeout`` seconds: rdflib's SPARQL engine does not finish some joins).

Then it times the extraction of each real document in ``documents/`` (per document and per MB).
Results go to stdout as Markdown tables (the figures of BENCHMARKS.md); progress to stderr.
Validation uses ``ontology/shapes.ttl``, or the test fixture shapes while that file is missing
(the output says which).
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from biopolicy.graph import query as q
from biopolicy.graph import store as st

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (5, 50, 500, 5000)
QUICK_SIZES = (5, 50)
FIXTURE_SHAPES = REPOSITORY / "tests" / "graph_fixtures" / "shapes.ttl"


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def time_query(store, text: str, repeat: int, budget: float) -> tuple[list[float], int]:
    """Run times in seconds (after one warm-up run) and the row count; stops early past ``budget``."""
    warm = q.run_on_store(store, text)
    times: list[float] = []
    spent = 0.0
    while len(times) < repeat and (len(times) < 3 or spent < budget):
        started = time.perf_counter()
        q.run_on_store(store, text)
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        spent += elapsed
    return times, len(warm.rows)


# ---------------------------------------------------------------------------------------------
# rdflib baseline, in a worker process that can be killed


def _rdflib_worker(nquads_path: str, queries: list[tuple[str, str]], connection) -> None:
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(nquads_path, format="nquads")
    connection.send(("loaded", time.perf_counter() - started))
    for name, text in queries:
        started = time.perf_counter()
        rows = len(list(dataset.query(text)))
        connection.send((name, time.perf_counter() - started, rows))
    connection.send(("done",))


def rdflib_baseline(nquads_path: Path, queries: list[tuple[str, str]], timeout: float) -> tuple[float | None, dict]:
    """(load seconds, {query: (seconds or None on timeout, rows)}), one run per query."""
    context = multiprocessing.get_context("fork")
    results: dict[str, tuple[float | None, int | None]] = {}
    load_seconds: float | None = None
    pending = list(queries)
    while pending:
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_rdflib_worker, args=(str(nquads_path), pending, sender), daemon=True)
        worker.start()
        sender.close()
        try:
            if not receiver.poll(max(timeout, 600)):
                raise TimeoutError
            message = receiver.recv()
            load_seconds = message[1]
            while pending:
                if not receiver.poll(timeout):
                    raise TimeoutError
                message = receiver.recv()
                if message[0] == "done":
                    break
                name, seconds, rows = message
                results[name] = (seconds, rows)
                pending.pop(0)
                progress(f"    rdflib {name}: {seconds * 1000:.0f} ms")
        except TimeoutError:
            if pending:
                name = pending.pop(0)[0]
                results[name] = (None, None)
                progress(f"    rdflib {name}: no answer within {timeout:.0f} s")
        except EOFError:
            if pending:
                name = pending.pop(0)[0]
                results[name] = (None, None)
                progress(f"    rdflib {name}: the worker died")
        finally:
            worker.kill()
            worker.join()
            receiver.close()
    return load_seconds, results


# ---------------------------------------------------------------------------------------------
# One corpus size


@dataclass
class QueryTiming:
    median: float
    p95: float
    runs: int
    rows: int
    rdflib: float | None = None
    rdflib_rows: int | None = None
    rdflib_timed_out: bool = False


@dataclass
class SizeResult:
    plans: int
    triples: int
    load_seconds: float
    dumps_seconds: float
    database_bytes: int
    total_bytes: int
    validation_seconds: list[float]
    validation_results: str
    add_seconds: float | None
    rdflib_load: float | None
    queries: dict[str, QueryTiming] = field(default_factory=dict)

    @property
    def build_seconds(self) -> float:
        return self.load_seconds + self.dumps_seconds


def validation_context():
    from biopolicy.graph import validate as v

    shapes = "ontology/shapes.ttl"
    if not Path(v.SHAPES_PATH).is_file():
        v.SHAPES_PATH = FIXTURE_SHAPES
        shapes = "tests/graph_fixtures/shapes.ttl (ontology/shapes.ttl not written yet)"
    started = time.perf_counter()
    ctx = v.context()
    return ctx, shapes, time.perf_counter() - started


def validate_new_plan(corpus, index: int, ctx, repeat: int) -> tuple[list[float], str]:
    from rdflib import Graph

    from biopolicy.graph import validate as v

    plan = corpus.plan(index)
    times, summary = [], ""
    for _ in range(repeat):
        graph = Graph().parse(data=plan.ntriples.decode("utf-8"), format="nt")
        started = time.perf_counter()
        validation = v.validate_graph(graph, source=st.plan_key(plan.graph_iri), plan=plan.graph_iri, ctx=ctx, inplace=True)
        times.append(time.perf_counter() - started)
        summary = v.summary_line(validation).split(": ", 1)[1]
    return times, summary


def add_one_plan(store_dir: Path, corpus, index: int) -> float:
    """Seconds for what ``biopolicy add`` does after validation, but the dumps (timed with the build):
    copy-on-write merge, inference and VoID."""
    plan = corpus.plan(index)
    started = time.perf_counter()
    st.replace_plan(store_dir, plan, dumps=False)
    return time.perf_counter() - started


def bench_size(
    corpus, size: int, work: Path, *, repeat: int, budget: float, ctx, baseline: bool, baseline_timeout: float,
    add: bool,
) -> SizeResult:
    progress(f"[{size} plans] generating the corpus")
    references = corpus.reference_ntriples()
    plans = list(corpus.plans(size))
    store_dir = work / f"store-{size}"
    progress(f"[{size} plans] building the store")
    started = time.perf_counter()
    report = st.build_store(store_dir, references, iter(plans), dumps=False)
    load_seconds = time.perf_counter() - started
    del plans
    store = st.open_store(store_dir)
    progress(f"[{size} plans] writing the dumps")
    started = time.perf_counter()
    st.write_dumps(store, store_dir / st.DUMPS)
    dumps_seconds = time.perf_counter() - started
    database_bytes = st.directory_size(st.database_path(store_dir))
    total_bytes = st.directory_size(store_dir)

    result = SizeResult(
        plans=size, triples=report.triples, load_seconds=load_seconds, dumps_seconds=dumps_seconds,
        database_bytes=database_bytes, total_bytes=total_bytes, validation_seconds=[], validation_results="",
        add_seconds=None, rdflib_load=None,
    )
    catalogue = q.catalogue()
    for canned in catalogue:
        text = q.apply_params(canned, {})
        times, rows = time_query(store, text, repeat, budget)
        result.queries[canned.name] = QueryTiming(statistics.median(times), percentile(times, 0.95), len(times), rows)
        progress(f"[{size} plans] {canned.name}: median {statistics.median(times) * 1000:.1f} ms ({rows} rows)")

    progress(f"[{size} plans] validating one new plan")
    result.validation_seconds, result.validation_results = validate_new_plan(corpus, size, ctx, repeat=5)
    del store

    if baseline:
        progress(f"[{size} plans] rdflib in-memory baseline")
        queries = [(canned.name, q.apply_params(canned, {})) for canned in catalogue]
        result.rdflib_load, timings = rdflib_baseline(store_dir / st.DUMPS / st.NQUADS_DUMP, queries, baseline_timeout)
        for name, (seconds, rows) in timings.items():
            timing = result.queries[name]
            timing.rdflib, timing.rdflib_rows, timing.rdflib_timed_out = seconds, rows, seconds is None
    if add:
        progress(f"[{size} plans] adding one plan (copy-on-write, inference, VoID; dumps timed above)")
        result.add_seconds = add_one_plan(store_dir, corpus, size)
    shutil.rmtree(store_dir, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------------------------
# Extraction on the real documents


@dataclass
class ExtractionTiming:
    name: str
    bytes: int
    characters: int
    seconds: float
    triples: int


def bench_extraction(documents_dir: Path, repeat: int) -> list[ExtractionTiming]:
    from biopolicy.graph.build import extract_plan, find_documents

    documents = find_documents(documents_dir)
    extract_plan(documents[0])  # warm-up: imports, gazetteers, dictionaries
    timings = []
    for path in documents:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            _iri, graph, extraction = extract_plan(path)
            times.append(time.perf_counter() - started)
        timings.append(ExtractionTiming(path.name, path.stat().st_size, len(extraction.text.source), statistics.median(times), len(graph)))
        progress(f"[extraction] {path.name}: {statistics.median(times):.2f} s")
    return timings


# ---------------------------------------------------------------------------------------------
# Report


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def report(results: list[SizeResult], extraction: list[ExtractionTiming], shapes: str, context_seconds: float,
           args) -> str:
    lines = [
        f"Machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyoxigraph {_version('pyoxigraph')}, rdflib {_version('rdflib')}, pySHACL {_version('pyshacl')}.",
        "",
        "### Store",
        "",
        "| plans | triples | build: load + inference + VoID (s) | dumps (s) | build total (s) | database (MB) | with dumps (MB) |"
        " add one plan, without dumps (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.plans:,} | {r.triples:,} | {r.load_seconds:.1f} | {r.dumps_seconds:.1f} | {r.build_seconds:.1f} | "
            f"{megabytes(r.database_bytes)} | {megabytes(r.total_bytes)} | "
            f"{'—' if r.add_seconds is None else f'{r.add_seconds:.1f}'} |"
        )
    lines += [
        "",
        "### Validating one new plan (SHACL on its graph plus context)",
        "",
        f"Shapes: {shapes}. Loading shapes, ontology, vocabularies and gazetteer once per process: "
        f"{context_seconds:.1f} s.",
        "",
        "| plans in the store | median (ms) | max of 5 (ms) | result |",
        "|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.plans:,} | {ms(statistics.median(r.validation_seconds))} | {ms(max(r.validation_seconds))} | "
            f"{r.validation_results} |"
        )
    sizes = [r.plans for r in results]
    lines += [
        "",
        "### Canned queries on Oxigraph (on disk, read-only): median / p95 in ms",
        "",
        "| query | " + " | ".join(f"{n:,} plans" for n in sizes) + " | rows at largest |",
        "|---|" + "---:|" * len(sizes) + "---:|",
    ]
    for name in results[0].queries:
        cells = [f"{ms(r.queries[name].median)} / {ms(r.queries[name].p95)}" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {results[-1].queries[name].rows:,} |")
    slowest = [(max(r.queries.values(), key=lambda t: t.median), r.plans) for r in results]
    lines.append(
        "| **slowest median** | " + " | ".join(f"**{ms(timing.median)}**" for timing, _plans in slowest) + " | |"
    )
    baseline = [r for r in results if r.rdflib_load is not None]
    for r in baseline:
        lines += [
            "",
            f"### rdflib in memory vs Oxigraph, {r.plans:,} plans ({r.triples:,} triples)",
            "",
            f"rdflib loads the N-Quads dump in {r.rdflib_load:.1f} s (Oxigraph's whole build: {r.load_seconds:.1f} s). "
            f"One rdflib run per query; a query without an answer within {args.baseline_timeout:.0f} s is marked ✗.",
            "",
            "| query | Oxigraph median (ms) | rdflib (ms) | ratio | rows equal |",
            "|---|---:|---:|---:|---|",
        ]
        ratios = []
        for name, timing in r.queries.items():
            if timing.rdflib_timed_out:
                lines.append(f"| {name} | {ms(timing.median)} | ✗ > {args.baseline_timeout * 1000:.0f} | — | — |")
                continue
            ratio = timing.rdflib / timing.median if timing.median > 0 else float("inf")
            ratios.append(ratio)
            same = "yes" if timing.rdflib_rows == timing.rows else f"no ({timing.rdflib_rows} vs {timing.rows})"
            lines.append(f"| {name} | {ms(timing.median)} | {ms(timing.rdflib)} | {ratio:.0f}× | {same} |")
        if ratios:
            lines.append(f"| **median ratio** | | | **{statistics.median(ratios):.0f}×** | |")
    if extraction:
        total_bytes = sum(e.bytes for e in extraction)
        total_seconds = sum(e.seconds for e in extraction)
        lines += [
            "",
            "### Extraction of the real documents (read → clean → segment → extract → emit; median of "
            f"{args.extraction_repeat})",
            "",
            "| document | KB | characters | triples | seconds | s per MB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for e in extraction:
            lines.append(
                f"| {e.name} | {e.bytes / 1000:.1f} | {e.characters:,} | {e.triples:,} | {e.seconds:.2f} | "
                f"{e.seconds / (e.bytes / 1_000_000):.1f} |"
            )
        lines.append(
            f"| **all {len(extraction)}** | {total_bytes / 1000:.1f} | {sum(e.characters for e in extraction):,} | "
            f"{sum(e.triples for e in extraction):,} | {total_seconds:.2f} | {total_seconds / (total_bytes / 1_000_000):.1f} |"
        )
    return "\n".join(lines) + "\n"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"--sizes takes numbers separated by commas, not {text!r}") from error
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes needs at least one size of 1 plan or more")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tools/bench.py",
        description="Benchmark build, store size, canned queries, validation (synthetic corpora) and extraction "
        "(documents/). Markdown tables on stdout, progress on stderr.",
        epilog="examples:\n  python tools/bench.py\n  python tools/bench.py --quick\n"
        "  python tools/bench.py --sizes 5,500 --repeat 50 --baseline-max 0 > figures.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=parse_sizes, metavar="N,N,…",
                        help=f"corpus sizes in plans (default {','.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--quick", action="store_true",
                        help=f"sizes {','.join(map(str, QUICK_SIZES))} unless --sizes is given, 5 runs per query")
    parser.add_argument("--repeat", type=int, help="runs per query after a warm-up (default 20; 5 with --quick)")
    parser.add_argument("--budget", type=float, default=10.0, metavar="S",
                        help="stop repeating a query after S seconds, once it has run 3 times (default 10)")
    parser.add_argument("--baseline-max", type=int, default=50, metavar="N",
                        help="run the rdflib baseline on sizes up to N plans (default 50; 0: never)")
    parser.add_argument("--baseline-timeout", type=float, default=60.0, metavar="S",
                        help="give up on an rdflib query after S seconds (default 60)")
    parser.add_argument("--no-add", action="store_true", help="do not time adding one plan to each store")
    parser.add_argument("--documents", type=Path, default=REPOSITORY / "documents", metavar="DIR",
                        help="real documents whose extraction is timed (default documents/)")
    parser.add_argument("--extraction-repeat", type=int, default=3, metavar="N")
    parser.add_argument("--work", type=Path, metavar="DIR", help="where the stores are built (default: a temporary directory)")
    parser.add_argument("--seed", type=int, default=20240601)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    sizes = args.sizes or (list(QUICK_SIZES) if args.quick else list(DEFAULT_SIZES))
    repeat = args.repeat or (5 if args.quick else 20)
    from synthetic import Corpus

    corpus = Corpus(args.seed)
    ctx, shapes, context_seconds = validation_context()
    results = []
    with tempfile.TemporaryDirectory(prefix="biopolicy-bench-", dir=args.work) as work:
        for size in sizes:
            results.append(
                bench_size(
                    corpus, size, Path(work), repeat=repeat, budget=args.budget, ctx=ctx,
                    baseline=size <= args.baseline_max, baseline_timeout=args.baseline_timeout, add=not args.no_add,
                )
            )
    extraction = bench_extraction(args.documents, args.extraction_repeat) if args.documents.is_dir() else []
    sys.stdout.write(report(results, extraction, shapes, context_seconds, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
