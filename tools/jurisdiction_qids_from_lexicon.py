"""Add to graph/links/jurisdictions.csv the Wikidata QIDs that a stored public lexicon pairs with our divisions.

    .venv/bin/python tools/jurisdiction_qids_from_lexicon.py --chinese CitiesChi.gf --english CitiesEng.gf \
        --section "中华人民共和国" --source URL-of-CitiesChi.gf
    .venv/bin/python tools/jurisdiction_qids_from_lexicon.py --chinese ProvincesChi.gf --english ProvincesEng.gf \
        --section "province of China" --section "special administrative region of China" --source URL

The lexicon is a Grammatical Framework grammar generated from Wikidata labels: lines
``lin  Q68744_Xiamen = mkNP (mkPN "厦门市") ;`` in the Chinese file and ``… (mkPN "Xiamen") ;`` in the
English one, grouped under ``-- heading`` comments (a country or a Wikidata class). Decision 0017 says
when a pairing counts as verified, and this tool applies exactly that:

* only the lines under the named headings are read (one heading mixes PRC and Republic-of-China items);
* only provincial and prefecture-level divisions, whose Chinese name no other division shares;
* the name has exactly one QID in the lines read, and that QID's English label is the division's
  English label (``loaders/english.py``): two independent fields of the item agree with ours;
* a QID the project's verified list gives for that code must be the same (else the tool stops).

A pair already decided in the table is left alone; an ``unmatched`` row of an entity it links goes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from biopolicy.graph import link as lk
from biopolicy.loaders import english, jurisdictions
from biopolicy.loaders.iris import jurisdiction_iri

LINE = re.compile(r'^lin\s+(Q[1-9][0-9]*)_\S*\s*=\s*mkNP\s*\(mkPN\s+"([^"]*)"\)\s*;')
HEADING = re.compile(r"^--\s*(?:Q[0-9]+\s*:\s*)?(.*\S)\s*$")


def lexicon(path: Path, sections: list[str] | None) -> dict[str, str]:
    """``{QID: label}`` of the lines under the given headings (all lines when ``sections`` is None)."""
    found: dict[str, str] = {}
    heading = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if (match := HEADING.match(line)) is not None:
            heading = match.group(1)
        elif (match := LINE.match(line)) is not None and (sections is None or heading in sections):
            found[match.group(1)] = match.group(2)
    return found


def verified_pairs(chinese: dict[str, str], english_labels: dict[str, str]) -> dict[str, str]:
    """``{division code: QID}`` for the divisions the rules of the module docstring accept."""
    by_name: dict[str, set[str]] = {}
    for qid, label in chinese.items():
        by_name.setdefault(label, set()).add(qid)
    pairs = {}
    for division in jurisdictions.all_divisions().values():
        if division.level not in ("province", "city") or len(jurisdictions.divisions_named(division.name)) != 1:
            continue
        qids = by_name.get(division.name, set())
        if len(qids) != 1:
            continue
        qid = next(iter(qids))
        if english_labels.get(qid) == english.division_name_en(division):
            pairs[division.code] = qid
    return pairs


def merge(rows: list[lk.Row], pairs: dict[str, str], chinese: dict[str, str], english_labels: dict[str, str],
          source: str) -> tuple[list[lk.Row], int]:
    decided = {(row.entity, row.candidate) for row in rows if row.decision != "unmatched"}
    linked_entities = set()
    added = []
    for code, qid in sorted(pairs.items()):
        division = jurisdictions.by_code(code)
        iri = str(jurisdiction_iri(division.code, division.name))
        linked_entities.add(iri)
        if (iri, qid) in decided:
            continue
        note = f"stored public source: {source} (Wikidata labels {chinese[qid]} / {english_labels[qid]}; GB/T 2260 {code})"
        added.append(lk.Row(iri, qid, division.name, "1.0", "accepted", division.name, note))
    kept = [row for row in rows if not (row.decision == "unmatched" and row.entity in linked_entities)]
    return kept + added, len(added)


def check_against_verified_list(pairs: dict[str, str]) -> None:
    for item in lk.read_verified(lk.DEFAULT_REFERENCE):
        if item.qid and item.admin_code in pairs and pairs[item.admin_code] != item.qid:
            raise SystemExit(f"the lexicon gives {item.name_zh} {pairs[item.admin_code]}, the verified list {item.qid}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="examples:\n" + __doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chinese", type=Path, required=True, help="the lexicon's Chinese grammar (…Chi.gf)")
    parser.add_argument("--english", type=Path, required=True, help="the lexicon's English grammar (…Eng.gf)")
    parser.add_argument("--section", action="append", required=True,
                        help="a heading whose lines are read (a country or a Wikidata class); repeatable")
    parser.add_argument("--source", required=True, help="the public URL of the Chinese grammar, written in each row")
    parser.add_argument("--table", type=Path, default=lk.DEFAULT_LINKS_DIR / lk.JURISDICTIONS_TABLE,
                        help="the reviewed table (default graph/links/jurisdictions.csv)")
    args = parser.parse_args(argv)
    chinese = lexicon(args.chinese, args.section)
    english_labels = lexicon(args.english, None)
    pairs = verified_pairs(chinese, english_labels)
    check_against_verified_list(pairs)
    rows, added = merge(lk.read_table(args.table), pairs, chinese, english_labels, args.source)
    lk.write_table(args.table, rows)
    print(f"{len(pairs)} divisions verified from {args.source}; {added} rows added to {args.table}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
