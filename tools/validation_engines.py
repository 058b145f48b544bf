"""Time validating one plan on the two SHACL paths (decision 0024) in one process, alternating them.

For each seed document and the first synthetic plans of ``tools/synthetic.py``: the plan graph is
parsed afresh for every run and validated in place (as ``biopolicy add`` and the benchmark do), once
with pySHACL alone and once with the hybrid (pyrudof for the core shapes); prints the median of
``--repeat`` runs of each and the ratio, as a Markdown table (after one warm-up run of each).

    .venv/bin/python tools/validation_engines.py [--repeat 3] [--synthetic 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def plans(synthetic: int) -> list[tuple[str, bytes]]:
    """(name, N-Triples) of the synthetic plans and of the seed plans."""
    from biopolicy.graph import store as st
    from biopolicy.graph.build import extract_plan

    sys.path.insert(0, str(REPOSITORY / "tools"))
    from synthetic import Corpus

    corpus = Corpus(0)
    found = [(f"synthetic {index}", corpus.plan(index).ntriples) for index in range(synthetic)]
    for path in sorted((REPOSITORY / "documents").glob("*.txt")):
        _iri, graph, _extraction = extract_plan(path)
        found.append((path.stem.split("-")[0] + " seed", st.rdflib_ntriples(graph)))
    return found


def time_engines(ntriples: bytes, repeat: int, ctx) -> dict[str, float]:
    from rdflib import Graph

    from biopolicy.graph import validate as v

    times: dict[str, list[float]] = {engine: [] for engine in v.ENGINES}
    for index in range(repeat):
        for engine in v.ENGINES if index % 2 == 0 else tuple(reversed(v.ENGINES)):
            graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
            started = time.perf_counter()
            v.validate_graph(graph, source="bench", ctx=ctx, engine=engine, inplace=True, ntriples=ntriples)
            times[engine].append(time.perf_counter() - started)
    return {engine: statistics.median(values) * 1000 for engine, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine a plan (default 3)")
    parser.add_argument("--synthetic", type=int, default=3, help="synthetic plans to time (default 3)")
    args = parser.parse_args(argv)
    from biopolicy.graph import validate as v

    ctx = v.context()
    found = plans(args.synthetic)
    time_engines(found[0][1], 2, ctx)  # warm-up: pyrudof's session, pySHACL's prepared queries
    print("| plan | triples | pySHACL alone (ms) | hybrid (ms) | hybrid / pySHACL |")
    print("|---|---:|---:|---:|---:|")
    for name, ntriples in found:
        found = time_engines(ntriples, args.repeat, ctx)
        triples = ntriples.count(b"\n")
        print(f"| {name} | {triples:,} | {found['pyshacl']:.0f} | {found['hybrid']:.0f} | "
              f"{found['hybrid'] / found['pyshacl']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
