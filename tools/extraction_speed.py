"""Extract and emit the seed documents a few times in one process and print the time per document.

    python tools/extraction_speed.py                      # the installed biopolicy package
    python tools/extraction_speed.py --legacy DIR          # a checkout from before the biopolicy namespace

Two checkouts compared in paired runs (BENCHMARKS.md, issue #9):

    farm-bench -n 5 --vs "python tools/extraction_speed.py --legacy /tmp/old" -- python tools/extraction_speed.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DOCUMENTS = Path(__file__).resolve().parents[1] / "documents"


def loaders(legacy: Path | None):
    """``(extract_document, plan_graph)`` of the package, or of a legacy checkout's top-level ``loaders``."""
    if legacy is not None:
        sys.path.insert(0, str(legacy))
        from loaders.emit import plan_graph
        from loaders.pipeline import extract_document
    else:
        from biopolicy.loaders.emit import plan_graph
        from biopolicy.loaders.pipeline import extract_document
    return extract_document, plan_graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--legacy", type=Path, metavar="DIR", help="a checkout whose packages are loaders/ and graph/")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    extract_document, plan_graph = loaders(args.legacy)
    documents = sorted(DOCUMENTS.glob("*.txt"))
    for path in documents:  # warm-up: gazetteers, vocabularies, compiled patterns
        plan_graph(extract_document(path))
    started = time.perf_counter()
    for _ in range(args.rounds):
        for path in documents:
            plan_graph(extract_document(path))
    print(f"{(time.perf_counter() - started) / (args.rounds * len(documents)) * 1000:.0f} ms per document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
