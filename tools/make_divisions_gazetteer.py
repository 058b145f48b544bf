"""Regenerate loaders/gazetteers/divisions.tsv from the adcodes table of the `cpca` package.

Why: the loaders resolve jurisdictions (province, prefecture city, district) to GB/T 2260
codes. cpca (MIT licence) ships the national table; we keep a trimmed, reviewed TSV in the
repository so that the build needs no extra package. Run by hand when the table changes:

    pip download --no-deps cpca==0.5.5 -d /tmp/cpca && unzip -o /tmp/cpca/*.whl -d /tmp/cpca
    python tools/make_divisions_gazetteer.py /tmp/cpca/cpca/resources/adcodes.csv
"""

import csv
import sys
from pathlib import Path

PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parents[1] / "loaders" / "gazetteers" / "divisions.tsv"


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def parent_of(code: str, names: dict[str, str]) -> str:
    if code.endswith("0000"):
        return ""
    city = code[:4] + "00"
    if not code.endswith("00") and city in names and names[city] not in PLACEHOLDER_NAMES:
        return city
    return code[:2] + "0000"


def main(source: str) -> None:
    names: dict[str, str] = {}
    with open(source, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names[row["adcode"][:6]] = row["name"]
    rows = [
        (code, name, level_of(code), parent_of(code, names))
        for code, name in sorted(names.items())
        if name not in PLACEHOLDER_NAMES
    ]
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        handle.write("code\tname\tlevel\tparent\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} divisions to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
