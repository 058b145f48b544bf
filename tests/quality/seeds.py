"""Print precision and recall of the loaders against the hand-made gold standard of the seed plans.

    .venv/bin/python -m tests.quality.seeds            # the report
    .venv/bin/python -m tests.quality.seeds --errors   # and every unmatched row, to see what is wrong
"""

from __future__ import annotations

import argparse
from pathlib import Path

from biopolicy.loaders.pipeline import extract_document, families
from tests.quality.score import format_errors, format_report, gold_documents, score_all

REPOSITORY = Path(__file__).resolve().parents[2]


def predicted_rows() -> dict[str, dict[str, list[dict]]]:
    predicted = {}
    for document_id in gold_documents():
        path = REPOSITORY / "documents" / f"{document_id}.txt"
        predicted[document_id] = families(extract_document(path))
    return predicted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list unmatched predicted and gold rows")
    args = parser.parse_args()
    result = score_all(predicted_rows())
    print(format_report(result))
    if args.errors and format_errors(result):
        print(format_errors(result))


if __name__ == "__main__":
    main()
