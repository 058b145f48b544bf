"""A document flows once through read → clean → normalise → segment → extract; emit turns the result into RDF.

``extract_document`` is what ``biopolicy build``, ``validate``, ``add`` and ``extract`` call;
``summarise`` and ``to_json`` are what ``biopolicy extract`` prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from biopolicy.loaders import families as registry
from biopolicy.loaders.clean import clean, dropped_report
from biopolicy.loaders.errors import DocumentError
from biopolicy.loaders.model import Extraction, ExtractionContext
from biopolicy.loaders.normalise import normalise
from biopolicy.loaders.read import read_document
from biopolicy.loaders.segment import segment
from biopolicy.loaders.sources import Manifest, manifest_for

# A page is a plan of the genre when it has a title or any of these: a zone's measures page may number
# nothing and still offer parks, platforms and caps (issue #10).
PLAN_EVIDENCE = ("tasks", "targets", "responsibilities", "incentives", "parks", "platforms")

__all__ = ["DocumentError", "explain", "extract_document", "families", "summarise", "to_json"]


def extract_document(path: Path, manifest: Manifest | None = None) -> Extraction:
    """Every fact family of one plan document; raises DocumentError for unreadable or empty input.

    ``manifest``: the provenance manifest the document's row is taken from (a build reads it once
    for all documents); by default the ``sources.csv`` beside the document (ManifestError if malformed).
    """
    path = Path(path)
    record = (manifest if manifest is not None else manifest_for(path)).record(path.name)
    text = normalise(clean(read_document(path)))
    tree = segment(text.work)
    context = ExtractionContext(text=text, tree=tree)
    for family in registry.ALL_FAMILIES:
        context.facts[family.name] = family.extract(context)
    extraction = Extraction(path.stem, str(path), text, tree, facts=context.facts)
    extraction.rejections = context.rejections
    extraction.source_record = record
    if not any(context.facts.get(name) for name in PLAN_EVIDENCE) and not extraction.metadata.title:
        raise DocumentError(
            f"{path}: no plan found (no title, no numbered tasks, no targets, incentives, parks or platforms): is it a plan of the genre?"
        )
    return extraction


def families(extraction: Extraction) -> dict[str, list[dict]]:
    """Rows per fact family, with the columns of the gold standard (for summaries, JSON and scoring)."""
    return {family.name: family.rows(extraction) for family in registry.ALL_FAMILIES if family.name in extraction.facts}


def to_json(extraction: Extraction) -> str:
    rows = families(extraction)
    rows["dropped"] = [
        {"start": start, "end": end, "reason": reason, "excerpt": excerpt}
        for start, end, reason, excerpt in dropped_report(extraction.text)
    ]
    rows["rejected"] = [
        {"family": r.family, "candidate": r.candidate, "start": r.span[0], "end": r.span[1], "reason": r.reason}
        for r in extraction.rejections
    ]
    return json.dumps({"document": extraction.document_id, **rows}, ensure_ascii=False, indent=2)


def summarise(extraction: Extraction) -> str:
    """A readable report: counts and a table per family, then what was dropped as noise."""
    rows = families(extraction)
    meta = rows["plans"][0]
    lines = [f"{extraction.source_path}", ""]
    lines += [f"  {key:12} {value}" for key, value in meta.items()]
    lines.append("")
    lines.append("  " + ", ".join(f"{family} {len(rows[family])}" for family in rows if family != "plans"))
    for family, records in rows.items():
        if family == "plans" or not records:
            continue
        lines += ["", f"## {family} ({len(records)})"]
        for record in records:
            values = record.values() if isinstance(record, dict) else record
            lines.append("  " + " | ".join(str(value) for value in values))
    dropped = dropped_report(extraction.text)
    lines += ["", f"## dropped as noise ({len(dropped)})"]
    lines += [f"  {start}-{end} {reason}: {excerpt}" for start, end, reason, excerpt in dropped]
    return "\n".join(lines)


def explain(extraction: Extraction) -> str:
    """Every candidate the extractors turned down, by family, with its line and the deciding cue."""
    text = extraction.text
    rejected = sorted(extraction.rejections, key=lambda r: (r.family, r.span))
    lines = [f"## rejected candidates ({len(rejected)})"]
    for rejection in rejected:
        line = text.line_of(text.source_span(*rejection.span)[0])
        lines.append(f"  {rejection.family:16} line {line:<4} {rejection.candidate}  — {rejection.reason}")
    return "\n".join(lines)
