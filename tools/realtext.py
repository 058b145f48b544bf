"""Keep the real-text corpus reproducible without committing the texts.

The texts are third-party web pages (stored excerpts of the ``search`` tool's ``pages`` corpus). They
live outside the repository, in the folder named by ``BIOPOLICY_REALTEXTS``; the repository keeps, per
text, ``tests/realtext/<id>/manifest.json`` (where it came from and how to get it again) and the
hand-checked gold CSVs.

    python tools/realtext.py excluded URL            # exit 1 when the URL is reserved for evaluation
    python tools/realtext.py record ID --url U --query Q --rank N --split dev|heldout \
        --jurisdiction 浙江省 --level province --kind official --script simplified
    python tools/realtext.py check                   # every manifest's text present with its hash
    python tools/realtext.py lint ID                 # the gold CSVs: headers, values found in the text
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFESTS = REPO / "tests" / "realtext"
EXCLUDED = REPO.parent / "shared" / "reference" / "excluded-sources.sha256"
LEVELS = ("province", "municipality", "city", "district", "county", "development-zone")
KINDS = ("official", "news", "summary", "scraped")
SCRIPTS = ("simplified", "traditional", "mixed")
SPLITS = ("dev", "heldout")


def texts_dir() -> Path:
    """The folder of the saved texts: ``$BIOPOLICY_REALTEXTS``, else ``/work/realtexts``."""
    return Path(os.environ.get("BIOPOLICY_REALTEXTS", "/work/realtexts"))


def url_digest(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def excluded_digests(path: Path = EXCLUDED) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def is_excluded(url: str) -> bool:
    return url_digest(url) in excluded_digests()


def text_facts(path: Path) -> dict:
    """SHA-256 of the file's bytes and its length in characters and bytes."""
    data = path.read_bytes()
    return {"sha256": hashlib.sha256(data).hexdigest(), "length": len(data.decode("utf-8")), "bytes": len(data)}


def record(args: argparse.Namespace) -> int:
    if is_excluded(args.url):
        print(f"refused: {args.url} is reserved for independent evaluation", file=sys.stderr)
        return 1
    text = texts_dir() / f"{args.id}.txt"
    if not text.is_file():
        print(f"no saved text at {text}", file=sys.stderr)
        return 2
    manifest = {
        "id": args.id, "url": args.url, "corpus": "pages", "query": args.query, "rank": args.rank,
        **text_facts(text), "saved_as": f"{args.id}.txt", "retrieved": date.today().isoformat(),
        "split": args.split, "jurisdiction": args.jurisdiction, "level": args.level,
        "kind": args.kind, "script": args.script,
        **({"batch": args.batch} if args.batch else {}),
    }
    folder = MANIFESTS / args.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"recorded {folder / 'manifest.json'}: {manifest['length']} characters, sha256 {manifest['sha256'][:12]}…")
    return 0


def check(_: argparse.Namespace) -> int:
    problems = []
    for path in sorted(MANIFESTS.glob("*/manifest.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        text = texts_dir() / manifest["saved_as"]
        if is_excluded(manifest["url"]):
            problems.append(f"{manifest['id']}: URL is reserved for evaluation")
        elif not text.is_file():
            problems.append(f"{manifest['id']}: text missing at {text}")
        elif text_facts(text)["sha256"] != manifest["sha256"]:
            problems.append(f"{manifest['id']}: hash differs")
    print("\n".join(problems + [f"{len(problems)} problems"]))
    return 1 if problems else 0


GOLD_EXAMPLE = REPO / "tests" / "gold" / "xiamen-2020-biomedicine-action-plan"
FAMILIES = ("plans", "tasks", "responsibilities", "targets", "agencies", "parks", "platforms", "incentives")


PINYIN_NOTE = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)"


def squeeze(text: str) -> str:
    """NFKC without whitespace: quotes are compared on this form."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def without_pinyin_notes(text: str) -> str:
    """The text without scraped-page reading notes (``醫(yī)藥``): names are annotated without them."""
    import re

    return re.sub(PINYIN_NOTE, "", text)


def gold_rows(folder: Path, family: str) -> tuple[list[str], list[dict]]:
    import csv

    with open(folder / f"{family}.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def lint(args: argparse.Namespace) -> int:
    """Problems of one annotated text, without running any loader: missing files, wrong headers,
    quotes not in the text, names not in its simplified form, responsibilities of unknown tasks."""
    import opencc

    folder = MANIFESTS / args.id
    text = (texts_dir() / f"{args.id}.txt").read_text(encoding="utf-8")
    source = squeeze(text)
    simplified = squeeze(opencc.OpenCC("t2s").convert(without_pinyin_notes(text)))
    problems = []
    rows = {}
    for family in FAMILIES:
        if not (folder / f"{family}.csv").is_file():
            problems.append(f"{family}.csv missing")
            continue
        header, rows[family] = gold_rows(folder, family)
        expected, _ = gold_rows(GOLD_EXAMPLE, family)
        if header != expected:
            problems.append(f"{family}.csv header {header} should be {expected}")
    for family in ("targets", "incentives"):
        problems += [f"{family}: quote not in text: {r['quote']}" for r in rows.get(family, [])
                     if squeeze(r.get("quote") or "") not in source]
    names = [r.get("title", "") for r in rows.get("tasks", []) + rows.get("plans", [])]
    names += [r.get("agency", "") for r in rows.get("agencies", [])]
    names += [alias for r in rows.get("parks", []) for alias in r.get("park", "").split("|")]
    names += [alias for r in rows.get("platforms", []) for alias in r.get("platform", "").split("|")]
    problems += [f"not in the simplified text: {n}" for n in names if n and squeeze(n) not in simplified]
    titles = {r["title"] for r in rows.get("tasks", [])}
    agencies = {r["agency"] for r in rows.get("agencies", [])}
    for r in rows.get("responsibilities", []):
        if r["taskTitle"] and r["taskTitle"] not in titles:
            problems.append(f"responsibility of an unknown task: {r['taskTitle']}")
        if r["agency"] not in agencies:
            problems.append(f"responsibility agency without an agencies.csv row: {r['agency']}")
        if r["role"] not in ("lead", "supporting", "responsible"):
            problems.append(f"role must be lead, supporting or responsible: {r['role']}")
    for r in rows.get("targets", []) + rows.get("incentives", []):
        if r.get("comparator", "=") not in ("=", ">", "≥", "<", "≤", "approx"):
            problems.append(f"unknown comparator {r['comparator']}")
    plans = rows.get("plans", [])
    if len(plans) != 1:
        problems.append("plans.csv must have exactly one row")
    elif plans[0]["level"] not in LEVELS:
        problems.append(f"level must be one of {LEVELS}")
    for line in problems:
        print(line)
    print(f"{len(problems)} problems in {args.id}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    excluded = sub.add_parser("excluded", help="is this URL reserved?")
    excluded.add_argument("url")
    rec = sub.add_parser("record", help="write the manifest of a saved text")
    rec.add_argument("id")
    rec.add_argument("--url", required=True)
    rec.add_argument("--query", required=True)
    rec.add_argument("--rank", type=int, required=True)
    rec.add_argument("--split", choices=SPLITS, required=True)
    rec.add_argument("--jurisdiction", required=True)
    rec.add_argument("--level", choices=LEVELS, required=True)
    rec.add_argument("--kind", choices=KINDS, required=True)
    rec.add_argument("--script", choices=SCRIPTS, required=True)
    rec.add_argument("--batch", type=int, help="the collection round (the scorer's --batch); 1 when absent")
    sub.add_parser("check", help="check every manifest against the saved texts")
    lint_parser = sub.add_parser("lint", help="check one text's gold CSVs")
    lint_parser.add_argument("id")
    args = parser.parse_args(argv)
    if args.command == "excluded":
        reserved = is_excluded(args.url)
        print("reserved: skip this page" if reserved else "not reserved")
        return 1 if reserved else 0
    return {"record": record, "check": check, "lint": lint}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
