"""Read the tab-separated gazetteers in ``loaders/gazetteers/``.

Why: patterns, aliases and suffixes are data, kept in files a domain expert can edit without
touching code. Lines starting with ``#`` are comments; the first other line is the header.
"""

from __future__ import annotations

from functools import cache

from biopolicy.loaders import resources

GAZETTEER_DIR = resources.gazetteer_dir()


@cache
def read_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``gazetteers/<name>`` as dicts keyed by the header; cached, so treat as read-only."""
    lines = [
        line
        for line in (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        rows.append({key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header)})
    return tuple(rows)
