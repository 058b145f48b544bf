"""Benchmark builds, store size, canned queries (materialised and live), validation and extraction.

    biopolicy bench --plans 5,50 --json bench.json     # make bench-quick (the same as --quick)
    biopolicy bench --plans 5,50,500,5000              # make bench
    python tools/bench.py --plans 500 --baseline-max 0 --repeat 50

For each size N (plans from ``tools/synthetic.py``, generated before any clock starts) it reports

* **build from scratch**: ``build_store`` as ``biopolicy build`` runs it (bulk load with the dumps
  written from the same bytes, inference, VoID, the canned answers materialised), its parts, and
  the store's size and triples;
* **incremental build**: one plan changed (its title) and put in a copy of the store as an
  incremental ``biopolicy build`` does (``update_store``: graph, inference, VoID, dumps, the
  canned answers the change affects);
* **every canned query**, p50 and p95 of ``--repeat`` runs (default parameters), *materialised*
  (:func:`graph.answers.lookup` and the JSON bytes read: what ``biopolicy query NAME --format
  json`` does) and *live* (run on the read-only on-disk store and written as the same SPARQL JSON,
  after one warm-up run), and *through the endpoint* (``biopolicy serve``'s handler on a loopback
  port, the canned text POSTed on one kept-alive connection, JSON by ``Accept``; the answer must
  say ``X-Biopolicy-Answer: materialised`` and be the live answer's bytes);
* **validation** of one new plan (its graph plus context, never the store);
* for N up to ``--baseline-max``: rdflib's in-memory store on the same queries (rows compared),
  and the median ratio rdflib / Oxigraph live.

Once, not per N: the **extraction** of each document of ``documents/`` (median ms after a warm-up).

Markdown goes to stdout, progress to stderr, and ``--json FILE`` writes one object per N with the
keys ``plans``, ``build_s``, ``incremental_build_s``, ``triples``, ``validate_ms``,
``extract_ms_per_doc`` and ``queries: {name: {p50_ms, p95_ms, live_p50_ms, live_p95_ms, endpoint_p50_ms, endpoint_p95_ms}}`` (and a
few more). Timings on a shared machine are comparable as ratios within one run only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from biopolicy.graph import answers
from biopolicy.graph import query as q
from biopolicy.graph import store as st

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (5, 50, 500, 5000)
QUICK_SIZES = (5, 50)
FIXTURE_SHAPES = REPOSITORY / "tests" / "graph_fixtures" / "shapes.ttl"
AIM_QUERY_P95_MS = 50.0
AIM_AD_HOC_MS = 500.0


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def timed(function, repeat: int, budget: float) -> list[float]:
    """Seconds of ``repeat`` calls (at least 3; stops early once ``budget`` seconds are spent)."""
    times: list[float] = []
    while len(times) < repeat and (len(times) < 3 or sum(times) < budget):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def live_answer(store, text: str) -> bytes:
    return q.render(q.run_on_store(store, text), "json")


def materialised_answer(store_dir: Path, name: str) -> bytes:
    answer = answers.lookup(store_dir, name)
    if answer is None:
        raise RuntimeError(f"{name}: no materialised answer in {store_dir}")
    return answer.read("json")


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
            load_seconds = receiver.recv()[1]
            while pending:
                if not receiver.poll(timeout):
                    raise TimeoutError
                message = receiver.recv()
                if message[0] == "done":
                    break
                name, seconds, rows = message
                results[name] = (seconds, rows)
                pending.pop(0)
        except TimeoutError:
            if pending:
                results[pending.pop(0)[0]] = (None, None)
        except EOFError:
            if pending:
                results[pending.pop(0)[0]] = (None, None)
        finally:
            worker.kill()
            worker.join()
            receiver.close()
    return load_seconds, results


# ---------------------------------------------------------------------------------------------
# One corpus size


@dataclass
class QueryTiming:
    p50_ms: float
    p95_ms: float
    live_p50_ms: float
    live_p95_ms: float
    rows: int
    answer_kb: float
    rdflib_ms: float | None = None
    rdflib_rows: int | None = None
    endpoint_p50_ms: float | None = None  # materialised, through the endpoint
    endpoint_p95_ms: float | None = None


@dataclass
class SizeResult:
    plans: int
    triples: int
    build_s: float
    build_answers_s: float
    incremental_build_s: float
    incremental_answers_s: float
    incremental_recomputed: list[str]
    database_mb: float
    dumps_mb: float
    answers_mb: float
    validate_ms: float
    validate_max_ms: float
    validation_result: str
    extract_ms_per_doc: float | None = None
    rdflib_load_s: float | None = None
    rdflib_ratio: float | None = None
    rdflib_rows_equal: str | None = None
    queries: dict[str, QueryTiming] = field(default_factory=dict)
    ad_hoc: dict[str, dict] = field(default_factory=dict)  # name → p50_ms, p95_ms, rows, store ("memory"/"disk")


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
        validation = v.validate_graph(graph, source=st.plan_key(plan.graph_iri), plan=plan.graph_iri, ctx=ctx,
                                      inplace=True, ntriples=plan.ntriples)
        times.append(time.perf_counter() - started)
        summary = v.summary_line(validation).split(": ", 1)[1]
    return times, summary


def revised(plan: st.PlanData) -> st.PlanData:
    """The plan with a revised title: one document changed."""
    title = f"<{st.DCTERMS}title> ".encode()
    lines = plan.ntriples.split(b"\n")
    for index, line in enumerate(lines):
        if line.startswith(f"<{st.ID}plan/".encode()) and title in line:
            lines[index] = line.replace(b'"@zh', '（修订）"@zh'.encode(), 1)
            break
    return st.PlanData(plan.graph_iri, b"\n".join(lines), plan.activity)


def megabytes(path: Path) -> float:
    return st.directory_size(path) / 1_000_000 if path.exists() else 0.0


def bench_size(corpus, size: int, work: Path, *, repeat: int, budget: float, ctx, baseline: bool,
               baseline_timeout: float) -> SizeResult:
    progress(f"[{size} plans] generating the corpus")
    references = corpus.reference_ntriples()
    plans = list(corpus.plans(size))
    store_dir = work / f"store-{size}"
    progress(f"[{size} plans] building from scratch (dumps and answers included)")
    started = time.perf_counter()
    report = st.build_store(store_dir, references, iter(plans), dumps=True)
    build_s = time.perf_counter() - started
    del plans
    progress(f"[{size} plans] {build_s:.1f} s; incremental build: one plan's title revised")
    started = time.perf_counter()
    incremental = st.update_store(store_dir, [revised(corpus.plan(0))], dumps=True)
    incremental_s = time.perf_counter() - started
    progress(f"[{size} plans] {incremental_s:.1f} s, {len(incremental.answers_computed)} answers recomputed")

    store = st.open_store(store_dir)
    result = SizeResult(
        plans=size, triples=incremental.triples, build_s=build_s, build_answers_s=report.answers_seconds,
        incremental_build_s=incremental_s, incremental_answers_s=incremental.answers_seconds,
        incremental_recomputed=incremental.answers_computed, database_mb=megabytes(st.database_path(store_dir)),
        dumps_mb=megabytes(store_dir / st.DUMPS), answers_mb=megabytes(store_dir / st.ANSWERS),
        validate_ms=0.0, validate_max_ms=0.0, validation_result="",
    )
    catalogue = q.catalogue()
    expected = {}
    for canned in catalogue:
        text = q.apply_params(canned, {})
        data = expected[canned.name] = materialised_answer(store_dir, canned.name)
        if data != live_answer(store, text):  # also the warm-up of the live run
            raise RuntimeError(f"{canned.name}: the materialised answer differs from the live one")
        materialised = timed(lambda name=canned.name: materialised_answer(store_dir, name), max(repeat, 20), budget)
        live = timed(lambda text=text, store=store: live_answer(store, text), repeat, budget)
        rows = answers.lookup(store_dir, canned.name).rows
        result.queries[canned.name] = QueryTiming(
            statistics.median(materialised) * 1000, percentile(materialised, 0.95) * 1000,
            statistics.median(live) * 1000, percentile(live, 0.95) * 1000, rows, len(data) / 1000,
        )
        progress(f"[{size} plans] {canned.name}: p95 {percentile(materialised, 0.95) * 1000:.1f} ms materialised, "
                 f"{percentile(live, 0.95) * 1000:.1f} ms live ({rows} rows)")
    del store
    progress(f"[{size} plans] every canned query through the endpoint")
    canned_times, result.ad_hoc = endpoint_timings(store_dir, catalogue, expected, max(repeat, 20), budget)
    for name, times in canned_times.items():
        result.queries[name].endpoint_p50_ms = statistics.median(times) * 1000
        result.queries[name].endpoint_p95_ms = percentile(times, 0.95) * 1000

    progress(f"[{size} plans] validating one new plan")
    times, result.validation_result = validate_new_plan(corpus, size, ctx, repeat=5)
    result.validate_ms, result.validate_max_ms = statistics.median(times) * 1000, max(times) * 1000

    if baseline:
        progress(f"[{size} plans] rdflib in-memory baseline")
        queries = [(canned.name, q.apply_params(canned, {})) for canned in catalogue]
        result.rdflib_load_s, timings = rdflib_baseline(store_dir / st.DUMPS / st.NQUADS_DUMP, queries, baseline_timeout)
        ratios, equal = [], 0
        for name, (seconds, rows) in timings.items():
            timing = result.queries[name]
            timing.rdflib_ms = None if seconds is None else seconds * 1000
            timing.rdflib_rows = rows
            if seconds is not None:
                ratios.append(timing.rdflib_ms / max(timing.live_p50_ms, 1e-3))
                equal += rows == timing.rows
        result.rdflib_ratio = statistics.median(ratios) if ratios else None
        result.rdflib_rows_equal = f"{equal} of {len(timings)}"
    shutil.rmtree(store_dir, ignore_errors=True)
    return result


AD_HOC = REPOSITORY / "tools" / "adhoc"  # ad-hoc listings (aim 2), answered live


def endpoint_timings(store_dir: Path, catalogue, expected: dict[str, bytes], repeat: int,
                     budget: float) -> tuple[dict[str, list[float]], dict[str, dict]]:
    """Seconds of each canned query POSTed to the endpoint (one worker: it should not be needed),
    and p50/p95/rows of each ad-hoc listing of ``tools/adhoc`` (answered live, by a worker holding
    the dataset in memory when ``serve --in-memory auto`` finds that it fits)."""
    from biopolicy.graph.endpoint import canned as canned_answers
    from biopolicy.graph.endpoint import handler

    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    found, ad_hoc = {}, {}
    with handler.Endpoint(handler.ServeConfig(store_dir=store_dir, port=0, workers=1)) as endpoint:
        connection = http.client.HTTPConnection("127.0.0.1", endpoint.server.server_address[1], timeout=120)

        def ask(body: str) -> tuple[str | None, bytes]:
            connection.request("POST", "/sparql", body, headers)
            response = connection.getresponse()
            return response.getheader(canned_answers.ANSWER_HEADER), response.read()

        try:
            for canned in catalogue:
                body = urlencode({"query": q.apply_params(canned, {})})
                if ask(body) != (canned_answers.MATERIALISED, expected[canned.name]):
                    raise RuntimeError(f"{canned.name}: the endpoint did not answer the materialised answer")
                found[canned.name] = timed(lambda body=body: ask(body), repeat, budget)
            mode = "memory" if endpoint.pool.in_memory else "disk"
            for path in sorted(AD_HOC.glob("*.rq")):
                body = urlencode({"query": path.read_text(encoding="utf-8")})
                source, data = ask(body)  # the warm-up
                if source != canned_answers.LIVE:
                    raise RuntimeError(f"{path.name}: the endpoint did not answer it live ({source})")
                rows = len(json.loads(data)["results"]["bindings"])
                times = timed(lambda body=body: ask(body), min(repeat, 7), budget)
                ad_hoc[path.stem] = {"p50_ms": statistics.median(times) * 1000,
                                     "p95_ms": percentile(times, 0.95) * 1000, "rows": rows, "store": mode}
                progress(f"  ad hoc {path.stem}: {ad_hoc[path.stem]['p50_ms']:.0f} ms median, {rows:,} rows ({mode})")
        finally:
            connection.close()
    return found, ad_hoc


# ---------------------------------------------------------------------------------------------
# Extraction of the real documents


@dataclass
class ExtractionTiming:
    name: str
    kb: float
    characters: int
    triples: int
    ms: float


def bench_extraction(documents_dir: Path, repeat: int) -> list[ExtractionTiming]:
    from biopolicy.graph.build import extract_for_build, find_documents
    from biopolicy.loaders.read import read_document

    documents = find_documents(documents_dir)
    extract_for_build(documents[0])  # warm-up: imports, gazetteers, dictionaries
    timings = []
    for path in documents:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            extracted = extract_for_build(path)  # what a build does: the plan's N-Triples
            times.append(time.perf_counter() - started)
        characters = len(read_document(path).source)
        timings.append(ExtractionTiming(path.name, path.stat().st_size / 1000, characters, extracted.ntriples.count(b"\n"),
                                        statistics.median(times) * 1000))
        progress(f"[extraction] {path.name}: {statistics.median(times) * 1000:.0f} ms")
    return timings


# ---------------------------------------------------------------------------------------------
# Report


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def report(results: list[SizeResult], extraction: list[ExtractionTiming], shapes: str, context_s: float,
           args, elapsed: float) -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    lines = [
        f"Machine: {platform.machine()}, {multiprocessing.cpu_count()} cores, Python {platform.python_version()}, "
        f"pyoxigraph {_version('pyoxigraph')}, rdflib {_version('rdflib')}, pySHACL {_version('pyshacl')}; "
        f"load average at the end {' '.join(f'{x:.2f}' for x in load) if load else '?'}; the run took {elapsed:.0f} s.",
        "",
        "### Builds and store",
        "",
        "| plans | triples | build from scratch (s) | of which answers (s) | incremental build, one plan changed (s) "
        "| answers recomputed | database (MB) | dumps (MB) | answers (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.plans:,} | {r.triples:,} | {r.build_s:.1f} | {r.build_answers_s:.1f} | {r.incremental_build_s:.1f} | "
            f"{len(r.incremental_recomputed)} of {len(r.queries)} | {r.database_mb:.1f} | {r.dumps_mb:.1f} | "
            f"{r.answers_mb:.1f} |"
        )
    lines += [
        "",
        f"### Validating one new plan (shapes: {shapes}; loading them and the context once: {context_s:.1f} s)",
        "",
        "| plans in the store | median (ms) | max of 5 (ms) | result |",
        "|---:|---:|---:|---|",
    ]
    lines += [f"| {r.plans:,} | {ms(r.validate_ms)} | {ms(r.validate_max_ms)} | {r.validation_result} |" for r in results]
    sizes = [r.plans for r in results]
    lines += [
        "",
        "### Canned queries: p50 / p95 in ms, materialised (answer read) and live (run on disk, written as JSON)",
        "",
        "| query | " + " | ".join(f"{n:,} materialised | {n:,} live" for n in sizes) + " | rows at largest |",
        "|---|" + "---:|---:|" * len(sizes) + "---:|",
    ]
    for name in results[0].queries:
        cells = []
        for r in results:
            t = r.queries[name]
            cells += [f"{ms(t.p50_ms)} / {ms(t.p95_ms)}", f"{ms(t.live_p50_ms)} / {ms(t.live_p95_ms)}"]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {results[-1].queries[name].rows:,} |")
    worst = []
    for r in results:
        worst += [f"**{ms(max(t.p95_ms for t in r.queries.values()))}**",
                  f"**{ms(max(t.live_p95_ms for t in r.queries.values()))}**"]
    lines.append("| **slowest p95** | " + " | ".join(worst) + " | |")
    for r in results:
        under = sum(t.p95_ms < AIM_QUERY_P95_MS for t in r.queries.values())
        live_under = sum(t.live_p95_ms < AIM_QUERY_P95_MS for t in r.queries.values())
        lines.append(f"\n{r.plans:,} plans: {under} of {len(r.queries)} canned queries under {AIM_QUERY_P95_MS:.0f} ms "
                     f"(p95) materialised, {live_under} live.")
    lines += [
        "",
        "### Canned queries through the endpoint: p50 / p95 in ms, materialised (POSTed, JSON, kept-alive connection)",
        "",
        "| query | " + " | ".join(f"{n:,} plans" for n in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name in results[0].queries:
        cells = [f"{ms(r.queries[name].endpoint_p50_ms)} / {ms(r.queries[name].endpoint_p95_ms)}" for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **slowest p95** | " + " | ".join(
        f"**{ms(max(t.endpoint_p95_ms or 0.0 for t in r.queries.values()))}**" for r in results) + " |")
    for r in results:
        under = sum((t.endpoint_p95_ms or float("inf")) < AIM_QUERY_P95_MS for t in r.queries.values())
        lines.append(f"\n{r.plans:,} plans: {under} of {len(r.queries)} canned queries under {AIM_QUERY_P95_MS:.0f} ms "
                     "(p95) through the endpoint.")
    names = sorted({name for r in results for name in r.ad_hoc})
    if names:
        lines += ["", f"### Ad-hoc listings through the endpoint, live (tools/adhoc; aim: < {AIM_AD_HOC_MS:.0f} ms at 500 plans): "
                  "p50 / p95 in ms, rows, where the worker held the dataset", "",
                  "| listing | " + " | ".join(f"{n:,} plans" for n in sizes) + " |", "|---|" + "---:|" * len(sizes)]
        for name in names:
            cells = [f"{ms(r.ad_hoc[name]['p50_ms'])} / {ms(r.ad_hoc[name]['p95_ms'])}, {r.ad_hoc[name]['rows']:,} rows, "
                     f"{r.ad_hoc[name]['store']}" if name in r.ad_hoc else "" for r in results]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    baseline = [r for r in results if r.rdflib_ratio is not None]
    if baseline:
        lines += ["", "### rdflib in memory against Oxigraph live (one rdflib run per query)", "",
                  "| plans | rdflib load (s) | median ratio rdflib / Oxigraph | rows equal |", "|---:|---:|---:|---|"]
        lines += [f"| {r.plans:,} | {r.rdflib_load_s:.1f} | {r.rdflib_ratio:.0f}× | {r.rdflib_rows_equal} |"
                  for r in baseline]
    if extraction:
        total_kb = sum(e.kb for e in extraction)
        lines += ["", "### Extraction of documents/ (read → clean → segment → extract → emit → N-Triples, as a build does; median after a warm-up)",
                  "", "| document | KB | characters | triples | ms |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {e.name} | {e.kb:.1f} | {e.characters:,} | {e.triples:,} | {e.ms:.0f} |" for e in extraction]
        lines.append(f"| **median per document** | {total_kb:.1f} in all | | | "
                     f"**{statistics.median(e.ms for e in extraction):.0f}** |")
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
        raise argparse.ArgumentTypeError(f"--plans takes numbers separated by commas, not {text!r}") from error
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--plans needs at least one size of 1 plan or more")
    return sizes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plans", "--sizes", dest="plans", type=parse_sizes, metavar="N[,N…]",
                        help=f"corpus sizes in plans (default {','.join(map(str, DEFAULT_SIZES))}; "
                        f"--quick: {','.join(map(str, QUICK_SIZES))})")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON, one object per size")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 5,50 unless --plans is given, 5 live runs a query, rdflib on 5 plans only")
    parser.add_argument("--repeat", type=int, help="live runs a query after a warm-up (default 20; 5 with --quick); "
                        "materialised answers are read at least 20 times")
    parser.add_argument("--budget", type=float, default=10.0, metavar="S",
                        help="stop repeating a query after S seconds, once it has run 3 times (default 10)")
    parser.add_argument("--baseline-max", type=int, metavar="N",
                        help="run the rdflib baseline on sizes up to N plans (default 50; 5 with --quick; 0: never)")
    parser.add_argument("--baseline-timeout", type=float, default=60.0, metavar="S",
                        help="give up on an rdflib query after S seconds (default 60)")
    parser.add_argument("--documents", type=Path, default=REPOSITORY / "documents", metavar="DIR",
                        help="documents whose extraction is timed (default documents/)")
    parser.add_argument("--extraction-repeat", type=int, metavar="N", help="runs per document (default 3; 1 with --quick)")
    parser.add_argument("--work", type=Path, metavar="DIR", help="where the stores are built (default: a temporary directory)")
    parser.add_argument("--seed", type=int, default=20240601)


def run(args) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic import Corpus

    began = time.perf_counter()
    sizes = args.plans or (list(QUICK_SIZES) if args.quick else list(DEFAULT_SIZES))
    repeat = args.repeat or (5 if args.quick else 20)
    baseline_max = args.baseline_max if args.baseline_max is not None else (5 if args.quick else 50)
    extraction_repeat = args.extraction_repeat or (1 if args.quick else 3)
    corpus = Corpus(args.seed)
    ctx, shapes, context_s = validation_context()
    results = []
    with tempfile.TemporaryDirectory(prefix="biopolicy-bench-", dir=args.work) as work:
        for size in sizes:
            results.append(bench_size(corpus, size, Path(work), repeat=repeat, budget=args.budget, ctx=ctx,
                                      baseline=size <= baseline_max, baseline_timeout=args.baseline_timeout))
    extraction = bench_extraction(args.documents, extraction_repeat) if args.documents.is_dir() else []
    per_document = statistics.median(e.ms for e in extraction) if extraction else None
    for result in results:
        result.extract_ms_per_doc = per_document
    sys.stdout.write(report(results, extraction, shapes, context_s, args, time.perf_counter() - began))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tools/bench.py",
        description="Benchmark builds, store size, canned queries (materialised and live), validation "
        "(synthetic corpora) and extraction (documents/). Markdown on stdout, progress on stderr.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
