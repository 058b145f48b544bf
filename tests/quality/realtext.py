"""Score the loaders on the real-text corpus: third-party texts that are not in the repository.

``tests/realtext/<id>/`` holds a ``manifest.json`` (where the text came from, its SHA-256 and length)
and the hand-checked gold CSVs; the texts themselves are in the folder named by
``BIOPOLICY_REALTEXTS``. Without that folder nothing is scored (and the tests skip).

    BIOPOLICY_REALTEXTS=/work/realtexts .venv/bin/python -m tests.quality.realtext --split heldout
    BIOPOLICY_REALTEXTS=/work/realtexts .venv/bin/python -m tests.quality.realtext --split dev --errors
    BIOPOLICY_REALTEXTS=/work/realtexts .venv/bin/python -m tests.quality.realtext --split dev --batch 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
from pathlib import Path

from biopolicy.loaders.errors import DocumentError
from biopolicy.loaders.pipeline import extract_document, families
from tests.quality import score

CORPUS = Path(__file__).resolve().parents[1] / "realtext"
SPLITS = ("heldout", "dev")


def texts_dir() -> Path | None:
    """The folder of the saved texts, or None when ``BIOPOLICY_REALTEXTS`` names none."""
    folder = os.environ.get("BIOPOLICY_REALTEXTS")
    return Path(folder) if folder and Path(folder).is_dir() else None


def manifests(split: str | None = None, batch: int | None = None) -> list[dict]:
    """Every text's manifest (of one split, and one collection batch, when given), in id order.

    A manifest without ``batch`` belongs to the first collection (batch 1)."""
    found = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(CORPUS.glob("*/manifest.json"))]
    return [m for m in found if split in (None, "all", m["split"]) and batch in (None, m.get("batch", 1))]


READING_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def without_reading_notes(text: str) -> str:
    """The text without the pinyin readings scraped pages insert after characters (``醫(yī)藥``)."""
    return READING_NOTE.sub("", text)


def text_path(manifest: dict, folder: Path) -> Path:
    return folder / manifest["saved_as"]


def hash_problems(folder: Path) -> list[str]:
    """Texts missing from ``folder`` or whose bytes differ from their manifest."""
    problems = []
    for manifest in manifests():
        path = text_path(manifest, folder)
        if not path.is_file():
            problems.append(f"{manifest['id']}: missing {path}")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != manifest["sha256"]:
            problems.append(f"{manifest['id']}: {path} differs from its manifest's sha256")
    return problems


def predictions(chosen: list[dict], folder: Path) -> tuple[dict, dict]:
    """``({id: {family: rows}}, {id: refusal})``: a refused text predicts nothing."""
    predicted, refused = {}, {}
    for manifest in chosen:
        try:
            predicted[manifest["id"]] = families(extract_document(text_path(manifest, folder)))
        except DocumentError as error:
            predicted[manifest["id"]] = {}
            refused[manifest["id"]] = error.reason
    return predicted, refused


def score_split(split: str, folder: Path, batch: int | None = None) -> tuple[dict, dict]:
    """``(score_all result, refusals)`` over the texts of ``split`` (``heldout``, ``dev`` or ``all``),
    of one collection ``batch`` when given."""
    chosen = manifests(split, batch)
    predicted, refused = predictions(chosen, folder)
    return score.score_all(predicted, [m["id"] for m in chosen], gold_dir=CORPUS), refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    parser.add_argument("--batch", type=int, help="only the texts of this collection batch (manifest field; 1 when absent)")
    parser.add_argument("--errors", action="store_true", help="also print every unmatched row")
    args = parser.parse_args(argv)
    folder = texts_dir()
    if folder is None:
        parser.error("set BIOPOLICY_REALTEXTS to the folder of the saved texts")
    problems = hash_problems(folder)
    if problems:
        print("\n".join(problems))
        return 2
    result, refused = score_split(args.split, folder, args.batch)
    batch = f", batch {args.batch}" if args.batch is not None else ""
    print(f"split: {args.split}{batch} ({len(result['documents'])} texts)\n")
    print(score.format_report(result))
    if refused:
        print("\nrefused as no plan:\n" + "\n".join(f"  {name}: {reason}" for name, reason in refused.items()))
    if args.errors:
        print("\n" + score.format_errors(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
