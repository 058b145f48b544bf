"""``biopolicy bench``: the benchmark of ``tools/bench.py``, from a checkout (a wheel has no ``tools/``).

Registered as a command by ``graph/cli.py`` (``EXTENSIONS``); its options are the tool's own.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from biopolicy.loaders.errors import StoreError

TOOL = Path(__file__).resolve().parents[1] / "tools" / "bench.py"


def _tool():
    name = "biopolicy_bench_tool"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "bench",
        help="Benchmark builds, canned queries, validation and extraction (in a checkout: tools/bench.py).",
        description="Benchmark builds (from scratch and incremental), store size, every canned query "
        "(materialised and live), validation, extraction and rdflib, on synthetic corpora of N plans.",
        epilog="examples:\n  biopolicy bench --quick --json build/bench-quick.json   # make bench-quick: 5 and 50 plans\n"
        "  biopolicy bench --plans 5,50,500,5000                   # make bench",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if not TOOL.is_file():
        parser.set_defaults(handler=_unavailable(f"it runs in a checkout of biopolicy-kg: {TOOL} is missing"))
        return parser
    try:
        tool = _tool()
    except Exception as error:  # noqa: BLE001 - a broken benchmark must not break the other commands
        parser.set_defaults(handler=_unavailable(f"{TOOL} does not load ({type(error).__name__}: {error})"))
        return parser
    tool.add_arguments(parser)
    parser.set_defaults(handler=tool.run)
    return parser


def _unavailable(reason: str):
    def handler(_args) -> int:
        raise StoreError(f"`biopolicy bench` is unavailable: {reason}")

    return handler
