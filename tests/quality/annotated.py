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

from loaders.normalise import fold
from loaders.pipeline import extract_document, families
from loaders.read import read_document
from tests.quality.score import FAMILIES, HEADERS, Score, attribute_accuracy, score

TESTS = Path(__file__).resolve().parents[1]
COMPOSED = TESTS / "composed"
HELDOUT = TESTS / "heldout"


def annotated_documents(root: Path) -> list[str]:
    """The plans of ``root``: every folder with a document and a plans.csv."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "plans.csv").exists())


def document_path(name: str, root: Path) -> Path:
    return next(path for path in sorted((root / name).glob("document.*")))


def load_gold(name: str, family: str, root: Path) -> list[dict]:
    with open(root / name / f"{family}.csv", encoding="utf-8", newline="") as f:
        return [dict(row) for row in csv.DictReader(f)]


def predicted(name: str, root: Path) -> dict[str, list[dict]]:
    return families(extract_document(document_path(name, root)))


def score_annotated(root: Path, predictions: dict[str, dict[str, list[dict]]] | None = None) -> dict:
    """``{"documents": {name: {family: Score}}, "micro": {family: Score}, "attributes": …}`` over ``root``."""
    names = annotated_documents(root)
    predictions = predictions or {name: predicted(name, root) for name in names}
    per_document: dict[str, dict[str, Score]] = {}
    counts = {family: [0, 0, 0, [], []] for family in FAMILIES}
    attributes: dict[str, dict[str, list[int]]] = {}
    for name in names:
        per_document[name] = {}
        for family in FAMILIES:
            gold, guess = load_gold(name, family, root), predictions[name].get(family, [])
            result = score(family, guess, gold)
            per_document[name][family] = result
            total = counts[family]
            total[0] += result.tp
            total[1] += result.fp
            total[2] += result.fn
            total[3].extend({"document": name, **row} for row in result.unmatched_predicted)
            total[4].extend({"document": name, **row} for row in result.unmatched_gold)
            for attribute, (agree, pairs) in attribute_accuracy(family, guess, gold).items():
                kept = attributes.setdefault(family, {}).setdefault(attribute, [0, 0])
                kept[0] += agree
                kept[1] += pairs
    micro = {family: Score.from_counts(*total) for family, total in counts.items()}
    return {"documents": per_document, "micro": micro, "attributes": attributes}


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
    print(f"{'family':<18}{'gold':>6}{'pred':>6}{'TP':>6}{'P%':>7}{'R%':>7}")
    for family, total in result["micro"].items():
        print(f"{family:<18}{total.gold:>6}{total.predicted:>6}{total.tp:>6}"
              f"{100 * total.precision:>7.1f}{100 * total.recall:>7.1f}")
    for family, attributes in result["attributes"].items():
        for attribute, (agree, pairs) in attributes.items():
            print(f"  {family}.{attribute}: {agree}/{pairs}")
    print()
    short = [family[:4] for family in FAMILIES]
    print(f"{'document':<52}" + "".join(f"{name:>6}" for name in short))
    for name, scores in result["documents"].items():
        print(f"{name[:51]:<52}" + "".join(f"{100 * scores[family].f1:>6.0f}" for family in FAMILIES))
    if args.errors:
        for family, total in result["micro"].items():
            for row in total.unmatched_predicted:
                print(f"FP {family}: {row}")
            for row in total.unmatched_gold:
                print(f"FN {family}: {row}")


if __name__ == "__main__":
    main()
