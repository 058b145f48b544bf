"""The ``biopolicy serve`` subcommand: ``register(subparsers)`` for :data:`graph.cli.EXTENSIONS`."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from biopolicy.graph.endpoint import published
from biopolicy.graph.endpoint.handler import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_STORE, Endpoint, ServeConfig
from biopolicy.graph.endpoint.jobs import DEFAULT_MAX_ROWS
from biopolicy.graph.endpoint.pool import (
    DEFAULT_SLOW_PER_CLIENT,
    DEFAULT_TIMEOUT,
    MAX_MEMORY_MB,
    MEMORY_SHARE,
    MIN_MEMORY_MB,
    WORKERS_PER_CPU,
    machine_sizing,
)


def cmd_serve(args) -> int:
    config = ServeConfig(
        store_dir=args.store,
        host=args.host,
        port=args.port,
        timeout=args.timeout,
        max_rows=args.max_rows,
        workers=args.workers,
        cpus=args.cpus,
        max_memory_mb=args.max_memory,
        slow_per_client=args.slow_per_client,
        log=None if args.quiet else sys.stderr,
        base_url=args.base_url,
        ontology_docs=args.ontology_docs,
        in_memory=args.in_memory,
    )
    endpoint = Endpoint(config)
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    if not endpoint.pool.sandboxed:
        say("warning: query workers could not be denied network sockets on this system; the SPARQL guard still applies")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        say(f"note: listening on {args.host}: reachable from other machines; put it behind a proxy with rate limits")
    if published.ontology_page(args.ontology_docs) is None:
        say(f"note: no ontology page in {args.ontology_docs}: /ontology answers RDF only (`make docs` writes the page)")
    sizing = endpoint.pool.sizing
    say(
        f"serving {args.store} at {endpoint.url} (SPARQL endpoint {endpoint.url}sparql; {sizing.workers} workers, "
        f"{sizing.cpus} computing at once, {sizing.max_memory_mb:,} MB, {args.timeout:g} s and "
        f"{args.max_rows:,} rows per query, {args.slow_per_client} slow queries per client; the dataset "
        f"{'in memory' if endpoint.pool.in_memory else 'on disk'}); Ctrl-C stops"
    )

    def stop(_signal, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        endpoint.close()
    return 0


def _positive(kind: type):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, not {text}")
        return value

    return parse


def _base_url(text: str) -> str:
    import re

    if not re.fullmatch(r"https?://[^\s?#<>\"{}|\\^`]+", text):
        raise argparse.ArgumentTypeError(f"must be an http(s) URL without query or fragment, not {text!r}")
    return text.rstrip("/") + "/"


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``biopolicy serve`` to the command line's subparsers."""
    summary = "Serve the store as a read-only SPARQL endpoint with a query page and resource pages."
    examples = """biopolicy serve                                   # http://127.0.0.1:8000/
biopolicy serve --port 3030 --timeout 30 --max-rows 100000
curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:8000/sparql
curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/jurisdiction/350200-xiamenshi
curl -H 'Accept: application/ld+json' http://127.0.0.1:8000/.well-known/void      # the dataset description
curl -O http://127.0.0.1:8000/dumps/biopolicy.nq                                   # a dump (ETag: its SHA-256)
biopolicy serve --base-url https://kg.example.org/biopolicy/                       # behind a proxy"""
    parser = subparsers.add_parser(
        "serve",
        help=summary,
        description=summary + " Updates, SERVICE, LOAD and FROM of remote graphs are refused; each query runs "
        "in a worker process that is stopped at the time limit.",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                        help=f"store directory (default {DEFAULT_STORE})")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                        help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--timeout", type=_positive(float), default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"seconds a request may take, waiting for a free worker included, before its query "
                        f"is stopped (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-rows", type=_positive(int), default=DEFAULT_MAX_ROWS, metavar="N",
                        help=f"most rows (or triples) one answer may have (default {DEFAULT_MAX_ROWS:,})")
    here = machine_sizing()
    parser.add_argument("--workers", type=_positive(int), default=None, metavar="N",
                        help=f"queries in progress at once, computing or suspended, one process each (default "
                        f"{WORKERS_PER_CPU} per CPU: {here.workers} here)")
    parser.add_argument("--cpus", type=_positive(int), default=None, metavar="N",
                        help=f"queries computing at once; slow ones take turns (default the CPUs: {here.cpus} here)")
    parser.add_argument("--max-memory", type=_positive(int), default=None, metavar="MB",
                        help=f"address-space limit of each query process (default {MEMORY_SHARE * 100:.0f}%% of the available "
                        f"memory shared by the workers, {MIN_MEMORY_MB}–{MAX_MEMORY_MB}: {here.max_memory_mb} here)")
    parser.add_argument("--slow-per-client", type=_positive(int), default=DEFAULT_SLOW_PER_CLIENT, metavar="N",
                        help="slow queries (computing over 1 s) one client address may have at once; the next is "
                        f"stopped with 429 (default {DEFAULT_SLOW_PER_CLIENT})")
    parser.add_argument("--base-url", type=_base_url, default=None, metavar="URL",
                        help="the public address of this server, as /.well-known/void names it (e.g. "
                        "https://kg.example.org/biopolicy/ behind a proxy; default http://<Host header>/)")
    parser.add_argument("--ontology-docs", type=Path, default=published.DEFAULT_ONTOLOGY_DOCS, metavar="DIR",
                        help=f"folder of the pyLODE page /ontology shows browsers (default {published.DEFAULT_ONTOLOGY_DOCS}, "
                        "written by `make docs`)")
    parser.add_argument("--in-memory", choices=("auto", "yes", "no"), default="auto",
                        help="each worker holds a copy of the dataset in memory (counted as 2.5x the N-Quads dump; "
                        "4-5x faster on listings) or reads it on disk; auto: in memory when it fits within --max-memory")
    parser.add_argument("--quiet", action="store_true", help="do not log each request to stderr")
    parser.set_defaults(handler=cmd_serve)
    return parser
