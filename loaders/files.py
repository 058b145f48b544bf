"""Writing a file so that a reader sees the old bytes or the new, never half of them.

Why one function: the manifest (``sources.csv``), fetched pages, the report and the store's small
index files are each written by a process that may be killed; the bytes go to a temporary file
beside the target (named by the process, so two writers do not share it) and take its place with
one ``os.replace``. A failed write leaves the target as it was and no temporary behind.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a" / "b.txt"
>>> write_atomically(target, "厦门".encode())
>>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
('厦门', ['b.txt'])
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` (its folder made if missing) with ``data`` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
