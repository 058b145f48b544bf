"""Score the policy-instrument classifier against the hand-coded gold (issue #15).

    .venv/bin/python -m tests.quality.instruments                 # both splits, then each
    .venv/bin/python -m tests.quality.instruments --split heldout --errors
    .venv/bin/python -m tests.quality.instruments --second coder2.csv   # Cohen's κ between two coders

The gold (``tests/instruments/gold.csv``) codes each measure's text as a reader sees it
(``tests/instruments/CONVENTIONS.md``); the classifier reads the same text: a task's title then its
text, an incentive's quote alone as a grant. Traditional characters and pinyin reading notes of
scraped pages are folded as the loaders fold them. Figures: accuracy and Cohen's κ on the side
(supply, demand, environment, or none when no instrument is coded) and on the narrow concept (none
included), and per class the gold count, recall (the accuracy on the class's items), precision and
a one-against-the-rest κ. The unclassified measures are counted.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from biopolicy.loaders.extract.instruments import classify
from biopolicy.loaders.normalise import fold
from tests.quality.realtext import without_reading_notes

GOLD = Path(__file__).resolve().parents[1] / "instruments" / "gold.csv"
NONE = "none"


def gold_items(split: str = "all") -> list[dict]:
    with GOLD.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if split in ("all", row["split"])]


def _reading(text: str) -> str:
    return fold(without_reading_notes(text))


def predict(item: dict) -> tuple[str, str, str]:
    """``(side, instrument, cue)`` of the classifier on one gold item (``none`` when unclassified)."""
    text = _reading(item["text"])
    if item["kind"] == "task":
        title = _reading(item["title"])
        coding = classify(f"{title}\n{text}", [(len(title) + 1, len(title) + 1 + len(text))], title=(0, len(title)))
    else:
        coding = classify(text, [(0, len(text))], grant=True)
    if coding.primary is None:
        return NONE, NONE, ""
    return coding.side or NONE, coding.primary.concept, coding.primary.cue


def gold_labels(item: dict) -> tuple[str, str]:
    return item["side"] or NONE, item["instrument"] or NONE


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's κ of two codings of the same items (1 when both agree everywhere on one label).

    >>> round(cohen_kappa(list("aabb"), list("abab")), 3), cohen_kappa(list("ab"), list("ab"))
    (0.0, 1.0)
    """
    total = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / total
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / total**2
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def per_class(gold: list[str], predicted: list[str]) -> dict[str, dict]:
    """Per gold class: count, recall (accuracy on its items), precision, one-against-the-rest κ."""
    result = {}
    for label in sorted(set(gold) | set(predicted)):
        on_label = [p for g, p in zip(gold, predicted, strict=True) if g == label]
        said = [g for g, p in zip(gold, predicted, strict=True) if p == label]
        result[label] = {
            "gold": len(on_label),
            "predicted": len(said),
            "recall": sum(p == label for p in on_label) / len(on_label) if on_label else None,
            "precision": sum(g == label for g in said) / len(said) if said else None,
            "kappa": cohen_kappa([g == label for g in gold], [p == label for p in predicted]),
        }
    return result


def scores(items: list[dict]) -> dict:
    """Every figure for one set of gold items."""
    gold = [gold_labels(item) for item in items]
    predicted = [predict(item)[:2] for item in items]
    sides_gold, concepts_gold = [g[0] for g in gold], [g[1] for g in gold]
    sides_predicted, concepts_predicted = [p[0] for p in predicted], [p[1] for p in predicted]
    return {
        "items": len(items),
        "unclassified": sum(p == NONE for p in concepts_predicted),
        "gold_uncoded": sum(g == NONE for g in concepts_gold),
        "side_accuracy": sum(a == b for a, b in zip(sides_gold, sides_predicted, strict=True)) / len(items),
        "side_kappa": cohen_kappa(sides_gold, sides_predicted),
        "instrument_accuracy": sum(a == b for a, b in zip(concepts_gold, concepts_predicted, strict=True)) / len(items),
        "instrument_kappa": cohen_kappa(concepts_gold, concepts_predicted),
        "per_side": per_class(sides_gold, sides_predicted),
        "per_instrument": per_class(concepts_gold, concepts_predicted),
    }


def agreement(second_path: Path) -> dict:
    """Cohen's κ and agreement between the gold and a second coder's ``id, side, instrument`` file."""
    with second_path.open(encoding="utf-8", newline="") as handle:
        second = {row["id"]: ((row.get("side") or NONE), (row.get("instrument") or NONE)) for row in csv.DictReader(handle)}
    items = [item for item in gold_items() if item["id"] in second]
    if not items:
        raise SystemExit(f"{second_path}: no id in common with {GOLD}")
    first = [gold_labels(item) for item in items]
    other = [second[item["id"]] for item in items]
    return {
        "items": len(items),
        "side_agreement": sum(a[0] == b[0] for a, b in zip(first, other, strict=True)) / len(items),
        "side_kappa": cohen_kappa([a[0] for a in first], [b[0] for b in other]),
        "instrument_agreement": sum(a[1] == b[1] for a, b in zip(first, other, strict=True)) / len(items),
        "instrument_kappa": cohen_kappa([a[1] for a in first], [b[1] for b in other]),
    }


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def report(name: str, figures: dict) -> str:
    lines = [
        f"## {name}: {figures['items']} measures ({figures['gold_uncoded']} coded none by hand, "
        f"{figures['unclassified']} left unclassified by the classifier)",
        f"side        accuracy {figures['side_accuracy']:.3f}   κ {figures['side_kappa']:.3f}",
        f"instrument  accuracy {figures['instrument_accuracy']:.3f}   κ {figures['instrument_kappa']:.3f}",
        "",
        f"{'class':26} {'gold':>5} {'said':>5} {'recall':>7} {'precision':>9} {'κ':>6}",
    ]
    for table in ("per_side", "per_instrument"):
        for label, row in figures[table].items():
            lines.append(f"{label:26} {row['gold']:5d} {row['predicted']:5d} {_number(row['recall']):>7} "
                         f"{_number(row['precision']):>9} {_number(row['kappa']):>6}")
        lines.append("")
    return "\n".join(lines)


def errors(items: list[dict]) -> str:
    lines = []
    for item in items:
        side, concept, cue = predict(item)
        if concept != (item["instrument"] or NONE):
            lines.append(f"{item['id']}\tgold {item['instrument'] or NONE}\tsaid {concept} ({cue})\t{item['text'][:80]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--split", choices=("all", "dev", "heldout"), help="one split only (default: all, dev, heldout)")
    parser.add_argument("--errors", action="store_true", help="list the measures whose instrument differs from the gold")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    parser.add_argument("--second", type=Path, help="a second coder's CSV (id, side, instrument): print Cohen's κ against the gold")
    args = parser.parse_args(argv)
    if args.second:
        print(json.dumps(agreement(args.second), indent=2))
        return 0
    splits = [args.split] if args.split else ["all", "dev", "heldout"]
    figures = {split: scores(gold_items(split)) for split in splits}
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        print("\n".join(report(split, figures[split]) for split in splits))
    if args.errors:
        print(errors([item for split in splits[:1] for item in gold_items(split)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
