"""The real-text corpus (tests/realtext): manifests and gold always; the texts and the scores when present.

The texts are third-party and not in the repository. With ``BIOPOLICY_REALTEXTS`` naming their folder
the loaders are scored against the gold (``tests/quality/realtext.py``); without it those tests skip.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest

from biopolicy.loaders.normalise import fold
from tests.quality import realtext, score

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "excluded-sources.sha256"
MANIFEST_KEYS = {"id", "url", "corpus", "query", "rank", "sha256", "length", "saved_as", "split", "jurisdiction",
                 "level", "kind", "script"}
MANIFESTS = realtext.manifests()
TEXTS = realtext.texts_dir()
needs_texts = pytest.mark.skipif(TEXTS is None, reason="set BIOPOLICY_REALTEXTS to the folder of the real texts")


def test_the_corpus_is_big_and_varied_enough():
    assert len(MANIFESTS) >= 40
    assert sum(m["split"] == "heldout" for m in MANIFESTS) == 12
    assert len({m["jurisdiction"] for m in MANIFESTS}) >= 25
    assert {m["level"] for m in MANIFESTS} >= {"province", "municipality", "city", "district", "county", "development-zone"}
    assert {m["script"] for m in MANIFESTS} >= {"simplified", "traditional"}
    assert {m["kind"] for m in MANIFESTS} >= {"official", "news", "scraped"}


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m["id"])
def test_every_manifest_says_how_to_get_its_text_again(manifest):
    assert MANIFEST_KEYS <= set(manifest)
    assert manifest["id"] == manifest["saved_as"].removesuffix(".txt")
    assert len(manifest["sha256"]) == 64 and manifest["length"] > 0 and manifest["rank"] >= 1


@pytest.mark.skipif(not REFERENCE.is_file(), reason="shared/reference is not beside the checkout")
def test_no_reserved_page_is_used():
    reserved = {line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    used = {hashlib.sha256(m["url"].encode("utf-8")).hexdigest(): m["id"] for m in MANIFESTS}
    assert sorted(used[digest] for digest in set(used) & reserved) == []


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m["id"])
def test_every_gold_file_has_its_family_header(manifest):
    for family in score.FAMILIES:
        rows = (realtext.CORPUS / manifest["id"] / f"{family}.csv").read_text(encoding="utf-8").splitlines()
        assert rows[0].split(",") == score.HEADERS[family], family
    assert len(score.load_gold(manifest["id"], "plans", realtext.CORPUS)) == 1


def test_no_text_is_committed():
    committed = [path.name for path in realtext.CORPUS.rglob("*") if path.suffix in (".txt", ".html", ".htm")]
    assert committed == []


@needs_texts
def test_every_text_is_the_one_its_manifest_names():
    assert realtext.hash_problems(TEXTS) == []


def squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@needs_texts
@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m["id"])
def test_gold_quotes_are_in_the_text(manifest):
    text = squeezed(realtext.text_path(manifest, TEXTS).read_text(encoding="utf-8"))
    for family in ("targets", "incentives"):
        for row in score.load_gold(manifest["id"], family, realtext.CORPUS):
            assert squeezed(row["quote"]) in text, (family, row["quote"])


@needs_texts
def test_gold_names_are_in_the_simplified_text():
    missing = []
    for manifest in MANIFESTS:
        text = realtext.text_path(manifest, TEXTS).read_text(encoding="utf-8")
        simplified = squeezed(fold(realtext.without_reading_notes(text)))
        for row in score.load_gold(manifest["id"], "agencies", realtext.CORPUS):
            if squeezed(fold(row["agency"])) not in simplified:
                missing.append((manifest["id"], row["agency"]))
    assert missing == []


# Issue #10 aims at F1 ≥ 0.90 in every family on real texts. These floors are the development-split
# figures less 0.02, rounded down (tests/realtext/RESULTS.md): a change may not lose what was won. Each
# new batch joins the split untuned and lowers some figures (the third and fourth batches took parks
# from 0.991 to 0.94, platforms from 0.971 to 0.919, targets from 0.99 to 0.949), so the floors follow
# the figures measured after each batch: here the 61 development texts of the fourth batch's round.
DEV_FLOORS = {"plans": 0.93, "tasks": 0.94, "responsibilities": 0.96, "agencies": 0.90, "targets": 0.92,
              "incentives": 0.95, "parks": 0.92, "platforms": 0.89}


@needs_texts
def test_no_family_falls_below_its_floor_on_the_development_texts():
    result, _refused = realtext.score_split("dev", TEXTS)
    low = {family: round(s.f1, 3) for family, s in result["micro"].items() if s.f1 < DEV_FLOORS[family]}
    assert low == {}


def test_every_scored_family_has_a_floor():
    assert set(DEV_FLOORS) == set(score.FAMILIES)
