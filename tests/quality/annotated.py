"""Score the loaders on a folder of hand-annotated plans: one sub-folder per plan holding ``document.*``
and gold CSVs with the columns of ``tests/gold`` (``tests/composed``, ``tests/heldout``).

    .venv/bin/python -m tests.quality.annotated tests/heldout            # the report
    .venv/bin/python -m tests.quality.annotated tests/composed --errors  # and every unmatched row
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from pathlib import Path

from biopolicy.loaders.normalise import fold
from biopolicy.loaders.pipeline import extract_document, families
from biopolicy.loaders.read import read_document
from tests.quality import score
from tests.quality.score import FAMILIES, HEADERS, gold_documents

TESTS = Path(__file__).resolve().parents[1]
COMPOSED = TESTS / "composed"
HELDOUT = TESTS / "heldout"


def annotated_documents(root: Path) -> list[str]:
    """The plans of ``root``: every folder with a document and a plans.csv."""
    return gold_documents(root)


def document_path(name: str, root: Path) -> Path:
    return next(path for path in sorted((root / name).glob("document.*")))


def load_gold(name: str, family: str, root: Path) -> list[dict]:
    return score.load_gold(name, family, root)


def predicted(name: str, root: Path) -> dict[str, list[dict]]:
    return families(extract_document(document_path(name, root)))


def score_annotated(root: Path, predictions: dict[str, dict[str, list[dict]]] | None = None) -> dict:
    """``{"documents": {name: {family: Score}}, "micro": {family: Score}, "attributes": …}`` over ``root``."""
    names = annotated_documents(root)
    predictions = predictions or {name: predicted(name, root) for name in names}
    return score.score_all(predictions, names, gold_dir=root)


# ---------------------------------------------------------------------------------------------
# Checks of the gold files themselves (each returns what is wrong; empty means sound)


def plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def gold_header_problems(name: str, root: Path) -> list[tuple[str, list[str]]]:
    """``(family, header)`` of every gold CSV whose header is not the gold header of its family."""
    problems = []
    for family in FAMILIES:
        with open(root / name / f"{family}.csv", encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        if header != HEADERS[family]:
            problems.append((family, header))
    return problems


def gold_values_not_in_document(name: str, root: Path, ignore: str = "") -> list[str]:
    """Gold values the document does not contain: quotes as in the source; titles, agencies and names
    as in the simplified working copy (with the characters of ``ignore``, e.g. curly quotes, dropped)."""
    visible = read_document(document_path(name, root)).work
    source, simplified = plain(visible), plain(fold(visible))
    missing = [
        row["quote"] for family in ("targets", "incentives") for row in load_gold(name, family, root)
        if plain(row["quote"]) not in source
    ]
    written = [row["title"] for row in load_gold(name, "tasks", root)]
    written += [row["title"] for row in load_gold(name, "plans", root) if row["title"]]
    written += [row["agency"] for row in load_gold(name, "agencies", root)]
    for family in ("parks", "platforms"):
        written += [alias for row in load_gold(name, family, root) for alias in row[family[:-1]].split("|")]
    dropped = str.maketrans("", "", ignore)
    missing += [value for value in written if plain(value).translate(dropped) not in simplified.translate(dropped)]
    return missing


def gold_reference_problems(name: str, root: Path) -> list[dict]:
    """Rows naming a task title the gold tasks lack, or an agency whose canonical form disagrees with agencies.csv."""
    titles = {row["title"] for row in load_gold(name, "tasks", root)} | {""}
    agencies = {row["agency"]: row["canonical"] for row in load_gold(name, "agencies", root)}
    problems = [
        row for family in ("responsibilities", "targets", "incentives") for row in load_gold(name, family, root)
        if row["taskTitle"] not in titles
    ]
    problems += [row for row in load_gold(name, "responsibilities", root) if agencies.get(row["agency"]) != row["canonical"]]
    return problems


def assert_floor(result: dict, family: str, floor: float) -> None:
    """Micro-averaged precision and recall of ``family`` reach ``floor``; a failure shows examples."""
    total = result["micro"][family]
    extras = [dict(row) for row in total.unmatched_predicted][:5]
    misses = [dict(row) for row in total.unmatched_gold][:5]
    assert total.precision >= floor, f"precision {total.precision:.3f}; e.g. wrong: {extras}"
    assert total.recall >= floor, f"recall {total.recall:.3f}; e.g. missed: {misses}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list unmatched predicted and gold rows")
    parser.add_argument("folder", type=Path, help="folder of plans with gold CSVs (tests/composed, tests/heldout)")
    args = parser.parse_args()
    result = score_annotated(args.folder.resolve())
    print(score.format_report(result))
    if args.errors and score.format_errors(result):
        print(score.format_errors(result))


if __name__ == "__main__":
    main()
