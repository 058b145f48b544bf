"""Build the items of the policy-instrument gold (issue #15) and the second coder's sample.

    python tools/instrument_gold.py items  > /tmp/items.csv   # every task and incentive to code
    python tools/instrument_gold.py sample                   # tests/instruments/sample60.csv (no codes)

An item is one measure as a coder reads it: a seed task's own text (its title and the body its
sub-tasks do not cover, from the task extractor), a seed incentive's quote (tests/gold), a real-text
task's title or incentive's quote (tests/realtext, tests/heldout: only the excerpt's gold CSVs are
committed, not the texts). Nothing here runs the instrument classifier: the items were coded before
the classifier saw them. The split is fixed by the item's id (a third held out, by SHA-256).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "instruments" / "gold.csv"
SAMPLE = REPO / "tests" / "instruments" / "sample60.csv"
ITEM_COLUMNS = ("id", "source", "kind", "title", "text")


def split_of(item_id: str) -> str:
    """``heldout`` for a third of the ids (SHA-256 of the id, mod 3 == 0), ``dev`` for the rest."""
    return "heldout" if int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_items() -> list[dict]:
    from biopolicy.loaders.extract.instruments import own_text
    from biopolicy.loaders.pipeline import extract_document

    items = []
    for document in sorted((REPO / "documents").glob("*.txt")):
        extraction = extract_document(document)
        for task in extraction.tasks:
            items.append({"id": f"{document.stem}/task/{task.path}", "source": "seed", "kind": "task",
                          "title": task.title, "text": _one_line(own_text(extraction.text.work, task, extraction.tasks))})
        items.extend(_incentive_items(REPO / "tests" / "gold" / document.stem, "seed"))
    return items


def _incentive_items(folder: Path, source: str) -> list[dict]:
    path = folder / "incentives.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{"id": f"{folder.name}/incentive/{n}", "source": source, "kind": "incentive",
             "title": row["taskTitle"], "text": _one_line(row["quote"])} for n, row in enumerate(rows, 1)]


def corpus_items(corpus: str) -> list[dict]:
    items = []
    for folder in sorted(path for path in (REPO / "tests" / corpus).iterdir() if path.is_dir()):
        tasks = folder / "tasks.csv"
        if tasks.exists():
            with tasks.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    items.append({"id": f"{folder.name}/task/{row['path']}", "source": corpus, "kind": "task",
                                  "title": row["title"], "text": _one_line(row["title"])})
        items.extend(_incentive_items(folder, corpus))
    return items


def all_items() -> list[dict]:
    items = seed_items() + corpus_items("realtext") + corpus_items("heldout")
    seen: set[str] = set()
    for item in items:
        while item["id"] in seen:  # two gold rows with one path: number the second
            item["id"] += "+"
        seen.add(item["id"])
    return items


def write_items(handle) -> None:
    writer = csv.DictWriter(handle, fieldnames=[*ITEM_COLUMNS, "split"], lineterminator="\n")
    writer.writeheader()
    for item in all_items():
        writer.writerow({**item, "split": split_of(item["id"])})


def write_sample(size: int = 60, seed: int = 15) -> None:
    """A sample of the gold's items for a second coder: id, kind, title, text; no codes."""
    with GOLD.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sample = sorted(random.Random(seed).sample(rows, size), key=lambda row: row["id"])
    with SAMPLE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "kind", "title", "text"], lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("command", choices=("items", "sample"))
    args = parser.parse_args(argv)
    if args.command == "items":
        write_items(sys.stdout)
    else:
        write_sample()
    return 0


if __name__ == "__main__":
    sys.exit(main())
