"""Load test of ``biopolicy serve``: N clients for T seconds on loopback, K of them sending runaway queries.

It starts a real ``biopolicy serve`` on 127.0.0.1 (a free port) over a store, either ``--store DIR``
or a synthetic one of ``--plans`` plans (tools/synthetic.py) built in a temporary directory, and
runs asyncio clients speaking plain HTTP/1.1 with keep-alive (no external address is ever used;
every client has its own loopback source address, 127.0.1.x for normal clients and 127.0.2.x
for runaway ones, so that the server tells them apart as it would tell apart people):

* each **normal client** loops: a canned query of ``queries/*.rq`` or an ad-hoc one (a lookup, a
  count, an ASK, a CONSTRUCT, a resource page), then a pause of 0–2× ``--think`` seconds;
* from a quarter of the run on, each **runaway client** keeps one runaway query in flight: a
  4-way cross join counted (stopped at the time limit) or an ORDER BY over a 3-way cross join
  with LIMIT 1 (stopped by the memory cap), in turn.

It prints requests, errors, p50/p95 latency of the normal queries, the runaway answers by status,
the server's resident memory (server and workers, sampled) and the machine's load average. Every
request has a client-side timeout and the run stops by itself after ``--seconds``.

    python tools/loadtest.py                                   # 50 clients × 60 s, 5 runaway clients
    python tools/loadtest.py --clients 10 --seconds 8 --runaways 2 --json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from biopolicy.graph import query as q
from biopolicy.graph import store as st

TOOLS = Path(__file__).resolve().parent
REQUEST_TIMEOUT = 30.0  # seconds a client waits for one answer before counting it an error
RUNAWAYS = (
    ("cross join", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"),
    ("sort of a cross join", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i LIMIT 1"),
)
BP = "https://w3id.org/biopolicy/ontology#"
AD_HOC = (
    f"SELECT (COUNT(*) AS ?n) WHERE {{ ?plan a <{BP}Plan> }}",
    f"SELECT ?plan ?title WHERE {{ ?plan a <{BP}Plan> ; <{st.DCTERMS}title> ?title }} LIMIT 20",
    f"ASK {{ ?plan a <{BP}Plan> }}",
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 10",
    f"CONSTRUCT {{ ?plan <{st.DCTERMS}title> ?title }} WHERE {{ ?plan a <{BP}Plan> ; <{st.DCTERMS}title> ?title }}",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 50",
    f'SELECT ?plan WHERE {{ ?plan <{st.DCTERMS}title> ?t FILTER(CONTAINS(STR(?t), "生物")) }} LIMIT 10',
)


@dataclass
class Outcome:
    kind: str  # "normal" or "runaway"
    status: int  # 0: no answer (connection error or client timeout)
    seconds: float
    started: float
    detail: str = ""
    label: str = ""  # which request: a canned query's name, "ad hoc n", "resource"


@dataclass
class Report:
    clients: int
    seconds: float
    runaways: int
    think: float
    store: str
    triples: int
    server: str
    normal_requests: int = 0
    normal_errors: int = 0
    normal_statuses: dict[str, int] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    slowest: list[str] = field(default_factory=list)
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    throughput: float = 0.0
    after_runaways_p95_ms: float = 0.0
    runaway_requests: int = 0
    runaway_statuses: dict[str, int] = field(default_factory=dict)
    rss_peak_mb: float = 0.0
    rss_server_peak_mb: float = 0.0
    rss_end_mb: float = 0.0
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    uptime: str = ""


# -- HTTP on loopback -------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection from a fixed loopback source address."""

    def __init__(self, port: int, source: str):
        self.port, self.source = port, source
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, target: str, body: bytes = b"", headers: dict | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port, local_addr=(self.source, 0) if self.source else None
            )
        lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        payload = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def timed(connection: Connection, kind: str, label: str, method: str, target: str, body: bytes = b"",
                headers: dict | None = None) -> Outcome:
    started = time.monotonic()
    try:
        status, payload = await asyncio.wait_for(connection.request(method, target, body, headers), REQUEST_TIMEOUT)
        detail = "" if status == 200 else payload[:120].decode("utf-8", "replace").strip()
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
        connection.close()
        status, detail = 0, f"{type(error).__name__}: {error}"
    return Outcome(kind, status, time.monotonic() - started, started, detail, label)


def sparql_post(text: str) -> tuple[str, str, bytes, dict]:
    body = urlencode({"query": text}).encode()
    return "POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                     "Accept": "application/sparql-results+json, text/turtle;q=0.9"}


def sparql_get(text: str) -> tuple[str, str, bytes, dict]:
    return "GET", "/sparql?" + urlencode({"query": text}), b"", {"Accept": "text/csv, text/turtle;q=0.9"}


async def normal_client(port: int, source: str, requests, stop: float, think: float, seed: int,
                        outcomes: list[Outcome]) -> None:
    rng = random.Random(seed)
    connection = Connection(port, source)
    try:
        while time.monotonic() < stop:
            label, (method, target, body, headers) = rng.choice(requests)(rng)
            outcomes.append(await timed(connection, "normal", label, method, target, body, headers))
            await asyncio.sleep(min(rng.uniform(0, 2 * think), max(0.0, stop - time.monotonic())))
    finally:
        connection.close()


async def runaway_client(port: int, source: str, start: float, stop: float, index: int,
                         outcomes: list[Outcome]) -> None:
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    connection = Connection(port, source)
    turn = index
    try:
        while time.monotonic() < stop:
            label, text = RUNAWAYS[turn % len(RUNAWAYS)]
            turn += 1
            outcome = await timed(connection, "runaway", label, *sparql_post(text))
            outcomes.append(outcome)
            if outcome.status in (0, 429):
                await asyncio.sleep(1.0)
    finally:
        connection.close()


def request_mix(store_dir: Path) -> list:
    """Functions of a random generator that each give one normal request ``(label, (method, target, body, headers))``."""
    canned = [(query.name, query.text) for query in q.catalogue()]
    ad_hoc = [(f"ad hoc {number}", text) for number, text in enumerate(AD_HOC, 1)]
    store = st.open_store(store_dir)
    resources = [
        row[0].value
        for row in store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?type }} FILTER(STRSTARTS(STR(?s), \"{st.ID}\")) }} LIMIT 200")
    ]
    del store
    def pick(rng, queries, form):
        label, text = rng.choice(queries)
        return label, form(text)

    mix = [lambda rng: pick(rng, canned, sparql_post)] * 3
    mix += [lambda rng: pick(rng, ad_hoc, sparql_post), lambda rng: pick(rng, ad_hoc, sparql_get)]
    if resources:
        def resource(rng):
            path = "/id/" + quote(rng.choice(resources)[len(st.ID):], safe="/-_.~")
            accept = rng.choice(["text/turtle", "text/html", "application/ld+json"])
            return "resource", ("GET", path, b"", {"Accept": accept})

        mix.append(resource)
    return mix


# -- the server -------------------------------------------------------------------------------


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of ``pid`` and of it with its children (MB)."""
    def one(process: int) -> float:
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    children = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                children += [int(child) for child in (task / "children").read_text().split()]
    own = one(pid)
    return own, own + sum(one(child) for child in children)


def start_server(store_dir: Path, timeout: float, extra: list[str]) -> tuple[subprocess.Popen, int, str]:
    command = [str(Path(sys.executable).parent / "biopolicy"), "serve", "--store", str(store_dir), "--port", "0",
               "--timeout", f"{timeout:g}", "--quiet", *extra]
    server = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        if not line:
            break
        found = re.search(r"at http://127\.0\.0\.1:(\d+)/ \((.*)\); Ctrl-C stops", line)
        if found:
            return server, int(found.group(1)), found.group(2)
    server.kill()
    raise SystemExit(f"biopolicy serve did not start: {server.stderr.read()[-2000:]}")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(5)


def synthetic_store(plans: int, work: Path) -> Path:
    sys.path.insert(0, str(TOOLS))
    from synthetic import Corpus

    corpus = Corpus()
    store_dir = work / "store"
    st.build_store(store_dir, corpus.reference_ntriples(), iter(list(corpus.plans(plans))), dumps=False)
    return store_dir


# -- the run ----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)
    10
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))] if ordered else 0.0


async def drive(port: int, pid: int, mix, args, report: Report) -> list[Outcome]:
    outcomes: list[Outcome] = []
    began = time.monotonic()
    stop = began + args.seconds
    tasks = [
        asyncio.create_task(normal_client(port, f"127.0.1.{1 + i % 250}" if args.sources else "", mix, stop,
                                          args.think, args.seed + i, outcomes))
        for i in range(args.clients)
    ]
    runaway_start = began + args.seconds / 4
    tasks += [
        asyncio.create_task(runaway_client(port, f"127.0.2.{1 + i % 250}" if args.sources else "",
                                           runaway_start + 0.1 * i, stop, i, outcomes))
        for i in range(args.runaways)
    ]
    while time.monotonic() < stop:
        own, total = rss_mb(pid)
        report.rss_server_peak_mb = max(report.rss_server_peak_mb, own)
        report.rss_peak_mb = max(report.rss_peak_mb, total)
        await asyncio.sleep(0.5)
    # a request already sent may finish (each is bounded by REQUEST_TIMEOUT); then everything stops
    await asyncio.wait(tasks, timeout=REQUEST_TIMEOUT + 5)
    for task in tasks:
        task.cancel()
    report.rss_end_mb = rss_mb(pid)[1]
    return outcomes


def summarise(outcomes: list[Outcome], report: Report, began: float, runaway_start: float) -> None:
    normal = [o for o in outcomes if o.kind == "normal"]
    report.normal_requests = len(normal)
    report.normal_statuses = dict(sorted(Counter(str(o.status) for o in normal).items()))
    errors = [o for o in normal if o.status != 200]
    report.normal_errors = len(errors)
    report.error_examples = sorted({f"{o.status} {o.detail}" for o in errors})[:5]
    report.slowest = [
        f"{o.label} at {o.started - began:.1f} s: {1000 * o.seconds:.0f} ms"
        for o in sorted(normal, key=lambda o: o.seconds, reverse=True)[:5]
    ]
    latencies = [o.seconds for o in normal]
    report.p50_ms = round(1000 * percentile(latencies, 0.50), 1)
    report.p95_ms = round(1000 * percentile(latencies, 0.95), 1)
    report.max_ms = round(1000 * max(latencies, default=0.0), 1)
    report.throughput = round(len(normal) / report.seconds, 1)
    after = [o.seconds for o in normal if o.started >= began + runaway_start]
    report.after_runaways_p95_ms = round(1000 * percentile(after, 0.95), 1)
    runaway = [o for o in outcomes if o.kind == "runaway"]
    report.runaway_requests = len(runaway)
    report.runaway_statuses = dict(sorted(Counter(
        f"{o.status} {o.detail.split(':')[0][:40]}" if o.status else f"0 {o.detail[:40]}" for o in runaway
    ).items()))


def run(args) -> Report:
    with tempfile.TemporaryDirectory(prefix="biopolicy-loadtest-") as work:
        store_dir = args.store or synthetic_store(args.plans, Path(work))
        triples = len(st.open_store(store_dir))
        mix = request_mix(store_dir)
        server, port, described = start_server(store_dir, args.timeout, args.serve_arg or [])
        report = Report(args.clients, args.seconds, args.runaways, args.think,
                        str(args.store) if args.store else f"synthetic, {args.plans} plans", triples, described)
        report.load_before = os.getloadavg()
        try:
            began = time.monotonic()
            outcomes = asyncio.run(drive(port, server.pid, mix, args, report))
            report.load_after = os.getloadavg()
            with contextlib.suppress(OSError):
                report.uptime = subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
            summarise(outcomes, report, began, args.seconds / 4)
        finally:
            stop_server(server)
    return report


def text_report(report: Report) -> str:
    load = lambda values: " / ".join(f"{value:.2f}" for value in values)  # noqa: E731
    lines = [
        f"load test: {report.clients} clients × {report.seconds:g} s (think 0–{2 * report.think:g} s), "
        f"{report.runaways} runaway clients from {report.seconds / 4:g} s",
        f"store: {report.store} ({report.triples:,} triples); server: {report.server}",
        f"normal requests: {report.normal_requests:,} ({report.throughput:g}/s), errors: {report.normal_errors}, "
        f"statuses: {report.normal_statuses}",
        f"latency of normal requests: p50 {report.p50_ms:g} ms, p95 {report.p95_ms:g} ms, max {report.max_ms:g} ms; "
        f"p95 once the runaways run: {report.after_runaways_p95_ms:g} ms",
        f"runaway requests: {report.runaway_requests}: {report.runaway_statuses}",
        f"server RSS: peak {report.rss_peak_mb:,.0f} MB with its workers (server alone {report.rss_server_peak_mb:,.0f} MB), "
        f"{report.rss_end_mb:,.0f} MB at the end",
        f"load average (1/5/15 min): {load(report.load_before)} before, {load(report.load_after)} after",
        f"uptime: {report.uptime}",
    ]
    lines += [f"  error: {example}" for example in report.error_examples]
    lines += [f"  slowest: {example}" for example in report.slowest]
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python tools/loadtest.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="normal clients (default 50)")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run (default 60)")
    parser.add_argument("--runaways", type=int, default=5, help="runaway clients (default 5)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause of a normal client between requests, seconds (default 1)")
    parser.add_argument("--store", type=Path, help="store to serve (default: a synthetic one of --plans plans)")
    parser.add_argument("--plans", type=int, default=5,
                        help="plans of the synthetic store (default 5, the size of the seed documents)")
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's --timeout (default 10)")
    parser.add_argument("--serve-arg", action="append", metavar="ARG", help="another argument for biopolicy serve")
    parser.add_argument("--no-sources", dest="sources", action="store_false",
                        help="every client from 127.0.0.1 (one client to the server's per-client limit)")
    parser.add_argument("--seed", type=int, default=20241201)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not (0 < args.seconds <= 3600 and 0 < args.clients <= 1000 and 0 <= args.runaways <= 100):
        raise SystemExit("bounded runs only: 0 < --seconds ≤ 3600, 0 < --clients ≤ 1000, 0 ≤ --runaways ≤ 100")
    report = run(args)
    sys.stdout.write(json.dumps(asdict(report), ensure_ascii=False, indent=1) + "\n" if args.json else text_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
