#!/usr/bin/env bash
# The package installs like a library: build the wheel, install it into a fresh virtual environment
# outside the checkout, then build the graph and run one query from another directory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python="$repo/.venv/bin/python"
"$python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$work/wheel" "$repo" >/dev/null
rm -rf "$repo/build"  # setuptools' scratch folder
python3 -m venv "$work/env"
"$work/env/bin/pip" install --quiet --disable-pip-version-check -r "$repo/requirements.lock" 2>/dev/null
"$work/env/bin/pip" install --quiet --disable-pip-version-check --no-deps "$work"/wheel/*.whl
wheel=$(basename "$work"/wheel/*.whl)
"$python" - "$work/wheel/$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for needed in ("biopolicy/ontology/shapes.ttl", "biopolicy/ontology/context.jsonld", "biopolicy/ontology/dataset.ttl",
               "biopolicy/ontology/dcat-shapes.ttl", "biopolicy/ontology/vocab/sector.ttl", "biopolicy/queries/plans.rq",
               "biopolicy/loaders/gazetteers/units.tsv", "biopolicy/graph/web/index.html",
               "biopolicy/graph/web/vendor/codemirror/codemirror.js", "biopolicy/graph/web/vendor/codemirror/LICENSE",
               "biopolicy/loaders/gazetteers/province_tiles.tsv"):
    assert needed in names, f"the wheel lacks {needed}"
tops = {name.split("/")[0] for name in names}
assert tops <= {"biopolicy"} | {t for t in tops if t.endswith(".dist-info")}, f"generic top-level packages: {tops}"
PY
mkdir "$work/elsewhere" && cd "$work/elsewhere"
"$work/env/bin/biopolicy" --version
"$work/env/bin/biopolicy" build --documents "$repo/documents" --store store 2>/dev/null
rows=$("$work/env/bin/biopolicy" query plans --store store --format csv | tail -n +2 | wc -l)
[ "$rows" -eq "$(ls "$repo"/documents/*.txt | wc -l)" ] || { echo "expected one row per document, got $rows" >&2; exit 1; }
echo "wheel check: $wheel installed outside the checkout built and queried $rows plans"
