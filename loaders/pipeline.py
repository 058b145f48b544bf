"""A document flows once through read → clean → normalise → segment → extract; emit turns the result into RDF.

``extract_document`` is what ``biopolicy build``, ``validate``, ``add`` and ``extract`` call;
``summarise`` and ``to_json`` are what ``biopolicy extract`` prints.
"""

from __future__ import annotations

import json
from pathlib import Path

from biopolicy.loaders.clean import clean, dropped_report
from biopolicy.loaders.extract.agencies import canonical_agency
from biopolicy.loaders.extract.incentives import extract_incentives
from biopolicy.loaders.extract.metadata import extract_metadata
from biopolicy.loaders.extract.parks import extract_parks
from biopolicy.loaders.extract.persons import extract_persons
from biopolicy.loaders.extract.platforms import extract_platforms
from biopolicy.loaders.extract.responsibilities import extract_responsibilities
from biopolicy.loaders.extract.sectors import extract_sectors
from biopolicy.loaders.extract.targets import extract_targets
from biopolicy.loaders.extract.tasks import extract_tasks
from biopolicy.loaders.model import Extraction, ExtractionContext
from biopolicy.loaders.normalise import normalise
from biopolicy.loaders.read import DocumentError, read_document
from biopolicy.loaders.segment import block_labels, segment

__all__ = ["DocumentError", "extract_document", "summarise", "to_json"]


def extract_document(path: Path) -> Extraction:
    """Every fact family of one plan document; raises DocumentError for unreadable or empty input."""
    path = Path(path)
    text = normalise(clean(read_document(path)))
    tree = segment(text.work)
    metadata = extract_metadata(text.work, tree)
    tasks = extract_tasks(tree, block_labels())
    context = ExtractionContext(text=text, tree=tree, tasks=tasks, metadata=metadata)
    extraction = Extraction(
        document_id=path.stem,
        source_path=str(path),
        text=text,
        metadata=metadata,
        tree=tree,
        tasks=tasks,
        responsibilities=extract_responsibilities(context),
        targets=extract_targets(context),
        incentives=extract_incentives(context),
        parks=extract_parks(context),
        platforms=extract_platforms(context),
        persons=extract_persons(context),
        sectors=extract_sectors(context),
    )
    if not (metadata.title or tasks or extraction.targets or extraction.responsibilities):
        raise DocumentError(f"{path}: no plan found (no title, no numbered tasks, no targets): is it a plan of the genre?")
    return extraction


def _task_title(extraction: Extraction, path: str | None) -> str:
    task = next((task for task in extraction.tasks if task.path == path), None)
    return task.title if task else ""


def families(extraction: Extraction) -> dict[str, list[dict]]:
    """Rows per fact family, with the columns of the listing queries (for summaries, JSON and scoring)."""
    meta = extraction.metadata
    text = extraction.text
    jurisdiction = meta.jurisdiction
    title = lambda path: _task_title(extraction, path)  # noqa: E731
    return {
        "plans": [{
            "title": meta.title,
            "jurisdiction": jurisdiction.name if jurisdiction else "",
            "level": jurisdiction.level if jurisdiction else "",
            "issuer": meta.issuer or "",
            "docNumber": meta.doc_number or "",
            "issued": meta.issued.isoformat() if meta.issued else "",
            "periodStart": str(meta.period_start or ""),
            "periodEnd": str(meta.period_end or ""),
        }],
        "tasks": [{"path": t.path, "title": t.title, "kind": t.kind} for t in extraction.tasks],
        "responsibilities": [
            {
                "taskTitle": title(r.unit),
                "agency": r.agency,
                "canonical": canonical_agency(r.agency, jurisdiction).name,
                "role": r.role,
            }
            for r in extraction.responsibilities
        ],
        "agencies": [
            {"agency": written, "canonical": agency.name, "type": agency.type}
            for written, agency in sorted(
                {written: canonical_agency(written, jurisdiction) for written in _agencies_as_written(extraction)}.items()
            )
        ],
        "targets": [
            {
                "taskTitle": title(t.unit),
                "indicator": t.indicator,
                "value": str(t.value),
                "valueMax": "" if t.value_max is None else str(t.value_max),
                "unit": t.unit_written,
                "comparator": t.comparator,
                "year": str(t.year or ""),
                "quote": text.quote(*t.span),
            }
            for t in extraction.targets
        ],
        "incentives": [
            {
                "taskTitle": title(i.unit),
                "maxAmount": str(i.max_amount),
                "unit": i.unit_written,
                "recipient": i.recipient or "",
                "quote": text.quote(*i.span),
            }
            for i in extraction.incentives
        ],
        "parks": [{"park": p.name} for p in _distinct(extraction.parks)],
        "platforms": [{"platform": p.name} for p in _distinct(extraction.platforms)],
        "persons": [{"person": p.name, "taskTitle": title(p.unit)} for p in extraction.persons],
        "sectors": [{"sector": s.name} for s in _distinct(extraction.sectors)],
    }


def _agencies_as_written(extraction: Extraction) -> list[str]:
    """Every agency the plan names: the responsible ones and its issuer."""
    written = [r.agency for r in extraction.responsibilities]
    return written + ([extraction.metadata.issuer] if extraction.metadata.issuer else [])


def _distinct(records):
    seen, kept = set(), []
    for record in records:
        if record.name not in seen:
            seen.add(record.name)
            kept.append(record)
    return kept


def to_json(extraction: Extraction) -> str:
    rows = families(extraction)
    rows["dropped"] = [
        {"start": start, "end": end, "reason": reason, "excerpt": excerpt}
        for start, end, reason, excerpt in dropped_report(extraction.text)
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
