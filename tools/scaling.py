"""Extraction time against input size for the two hostile shapes of issue #12: one long line, and a flood of numbered headings.

    python tools/scaling.py                    # 64 KB … 1 MB of one line; 1,000 … 8,000 task lines
    python tools/scaling.py --quick            # smaller sizes

Prints, per size, the seconds to extract (in this process, after a warm-up) and the ratio to the
smallest size, so that linear growth (ratio ≈ size ratio) and quadratic growth (ratio ≈ its square)
are told apart in one run on a noisy machine. Issue #11 aim 4: a 1 MB document costs at most 20× a
50 KB one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from biopolicy.loaders.model import Extraction
from biopolicy.loaders.pipeline import extract_document

HEAD = "厦门市生物医药产业发展行动计划\n一、加快发展\n"
LINE = "到2025年，产业规模达到1000亿元，给予最高500万元补助，由市科技局牵头，市发展改革委配合。"


def long_line(kilobytes: int) -> str:
    return HEAD + LINE * (kilobytes * 1024 // len(LINE.encode("utf-8"))) + "\n"


def heading_flood(lines: int) -> str:
    return HEAD + "".join(
        f"{index % 9 + 1}.推进生物医药产业园建设，由市科技局牵头，到2025年产值达到{index}亿元。\n" for index in range(lines)
    )


def seconds_to_extract(folder: Path, text: str) -> tuple[float, Extraction]:
    """Seconds to extract ``text`` (written to a file in ``folder``), and the extraction."""
    path = folder / "scaling.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    extraction = extract_document(path)
    return time.perf_counter() - started, extraction


def report(folder: Path, label: str, unit: str, sizes: list[int], make) -> None:
    first = None
    for size in sizes:
        text = make(size)
        seconds, _ = seconds_to_extract(folder, text)
        first = first or (size, seconds)
        print(f"{label:14} {size:>6} {unit:5} {len(text.encode('utf-8')) / 1024:8.0f} KB {seconds:7.2f} s   "
              f"size ×{size / first[0]:<5.0f} time ×{seconds / first[1]:.1f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (about 20 s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds_to_extract(folder, heading_flood(10))  # gazetteers, OpenCC and the shapes of memory warmed
        lines = [250, 500, 1000] if args.quick else [1000, 2000, 4000, 8000]
        kilobytes = [16, 32, 64] if args.quick else [50, 100, 250, 500, 1000]
        report(folder, "heading flood", "lines", lines, heading_flood)
        report(folder, "one long line", "KB", kilobytes, long_line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
