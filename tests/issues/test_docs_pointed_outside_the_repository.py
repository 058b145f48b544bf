"""The README and the decisions pointed to ../shared/…, which a clone of the repository does not have (issue #13 §7)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"\.\./shared|/work/")


def documentation_files() -> list[Path]:
    return [REPO / "README.md", REPO / "CHANGELOG.md", REPO / "LICENSE-DATA.md", *sorted((REPO / "docs").rglob("*.md"))]


def test_no_documentation_file_links_outside_the_repository():
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in documentation_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_the_build_lock_is_ignored_by_git():
    assert "graph/build.lock" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
