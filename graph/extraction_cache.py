"""A cache of extracted plans, keyed by what the extraction reads: the document and the loaders.

An entry is the plan's graph IRI, its N-Triples and its load activity's N-Triples, as a build
produced them from one document. Its key is the SHA-256 of

* the document's bytes and the path it was read from (the graph records the path);
* the document's row of ``sources.csv`` (its URL, publisher and dates go into the graph);
* the *loader fingerprint*: every file (code and data: gazetteers, tables) under the folders of
  the modules that extract and emit (``loaders/``), the ontology and its vocabularies
  (``ontology/``), this module and ``graph/build.py``, the Python version and the versions of the
  project and of the packages it depends on.

So an edit to any loader, gazetteer or vocabulary makes every key new: a stale entry is never
found, it is only left behind. The fingerprint hashes the files on disk, but an extraction runs
the code and tables a process loaded, perhaps before an edit (a long test session, an engineer
saving a gazetteer mid-build); so the cache is used only while none of those files has changed
since the process started (:func:`changed_since_start`), checked when the build starts and
again before the entries it wrote are published. Workers write entries under a pending name;
only then are they renamed into place. An entry is read back only if its recorded key and
checksum match, so a torn or tampered file is a miss, not a wrong plan. The cache lives outside the store (``$BIOPOLICY_CACHE``, else
``$XDG_CACHE_HOME/biopolicy-kg/extraction``, else ``~/.cache/biopolicy-kg/extraction``): it
survives a failed build, which swaps nothing in, and several stores share it. Nothing removes
old entries; delete the folder to reclaim the space (≈ 40 KB a plan, compressed).

>>> key = entry_key("fingerprint", "documents/a.txt", b"text")
>>> len(key), key == entry_key("fingerprint", "documents/b.txt", b"text")
(64, False)
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import platform
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ENTRY_VERSION = 1
SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}


@dataclass(frozen=True)
class CachedPlan:
    graph_iri: str
    ntriples: bytes
    activity: bytes


def default_directory() -> Path:
    if os.environ.get("BIOPOLICY_CACHE"):
        return Path(os.environ["BIOPOLICY_CACHE"])
    base = Path(os.environ["XDG_CACHE_HOME"]) if os.environ.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "biopolicy-kg" / "extraction"


def _tree_files(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.rglob("*")
        if path.is_file() and not SKIPPED_PARTS & set(path.relative_to(directory).parts)
        and not path.name.endswith(".pyc") and not path.name.startswith(".")
    )


def _source_directory(function) -> Path | None:
    try:
        source = inspect.getsourcefile(function)
    except TypeError:
        return None
    return Path(source).resolve().parent if source else None


def _requirement_versions() -> list[str]:
    from importlib.metadata import PackageNotFoundError, requires, version

    try:
        requirements = requires("biopolicy-kg") or []
        own = version("biopolicy-kg")
    except PackageNotFoundError:
        return ["biopolicy-kg unknown"]
    names = sorted({requirement.split(";")[0].split("[")[0].split("=")[0].split("<")[0].split(">")[0].strip()
                    for requirement in requirements if "extra ==" not in requirement})
    found = [f"biopolicy-kg {own}"]
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def loader_fingerprint(files: list[tuple[str, Path]] | None = None) -> str:
    """The SHA-256 of everything an extraction reads besides the document (module docstring)."""
    return _fingerprint(fingerprint_files() if files is None else files, _requirement_versions())


def fingerprint_files() -> list[tuple[str, Path]]:
    """``(name, path)`` of every file the fingerprint hashes, sorted by name."""
    from biopolicy.loaders import resources

    emit = sys.modules.get("biopolicy.loaders.emit") or __import__("biopolicy.loaders.emit", fromlist=["x"])
    pipeline = sys.modules.get("biopolicy.loaders.pipeline") or __import__("biopolicy.loaders.pipeline", fromlist=["x"])
    directories = {resources.ontology_dir().resolve()}
    for function in (pipeline.extract_document, emit.plan_graph, emit.load_activity):
        directory = _source_directory(function)
        if directory is not None:
            directories.add(directory)
    here = Path(__file__).resolve()
    files = {(f"{d.name}/{path.relative_to(d)}", path) for d in directories for path in _tree_files(d)}
    files |= {(f"graph/{here.name}", here), ("graph/build.py", here.parent / "build.py")}
    return sorted(files)


def _fingerprint(files: list[tuple[str, Path]], versions: list[str]) -> str:
    digest = hashlib.sha256()
    digest.update(f"entry {ENTRY_VERSION}\npython {platform.python_version()}\n".encode())
    for line in versions:
        digest.update(f"{line}\n".encode())
    for name, path in files:
        digest.update(f"{name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


# /proc gives the start in clock ticks after a boot time in whole seconds: allow for both.
START_MARGIN_S = 1.5


def process_start() -> float:
    """When this process started (Unix time), from /proc; else when this module was imported."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return IMPORTED_AT


IMPORTED_AT = time.time()


def changed_since_start(files: list[tuple[str, Path]] | None = None) -> str | None:
    """The name of a fingerprinted file modified since this process started (or just before), else ``None``."""
    started = process_start() - START_MARGIN_S
    for name, path in files if files is not None else fingerprint_files():
        try:
            if path.stat().st_mtime >= started:
                return name
        except OSError:
            return name
    return None


def document_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_key(fingerprint: str, path: str, document: bytes | str, source_row: str = "") -> str:
    """The key of one document's entry (``document``: its bytes or their SHA-256).

    ``source_row``: the digest of the document's row of ``sources.csv`` (``""`` for none), so that
    an edited row is a new key.

    >>> entry_key("f", "a.txt", b"text") == entry_key("f", "a.txt", b"text", "row digest")
    False
    """
    digest = document if isinstance(document, str) else document_digest(document)
    row = f"\0{source_row}" if source_row else ""
    return hashlib.sha256(f"{fingerprint}\0{path}\0{digest}{row}".encode()).hexdigest()


class ExtractionCache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def get(self, key: str) -> CachedPlan | None:
        try:
            data = zlib.decompress(self._path(key).read_bytes())
            header_end = data.index(b"\n")
            header = json.loads(data[:header_end])
        except (OSError, ValueError, zlib.error):
            return None
        payload = data[header_end + 1 :]
        if (
            header.get("version") != ENTRY_VERSION or header.get("key") != key
            or hashlib.sha256(payload).hexdigest() != header.get("sha256")
            or len(payload) != header.get("ntriples", -1) + header.get("activity", -1)
        ):
            return None
        split = header["ntriples"]
        return CachedPlan(header["graph"], payload[:split], payload[split:])

    def _pending(self, key: str, stage: str) -> Path:
        return self.directory / key[:2] / f".{key}.{stage}.pending"

    def put(self, key: str, plan: CachedPlan, stage: str | None = None) -> None:
        """Store an entry atomically, or with ``stage`` under a pending name for :meth:`publish`.

        A cache that cannot be written is only slower.
        """
        payload = plan.ntriples + plan.activity
        header = {"version": ENTRY_VERSION, "key": key, "graph": plan.graph_iri, "ntriples": len(plan.ntriples),
                  "activity": len(plan.activity), "sha256": hashlib.sha256(payload).hexdigest()}
        path = self._path(key)
        temporary = path.parent / f".{key}.{os.getpid()}.tmp"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(zlib.compress(json.dumps(header).encode() + b"\n" + payload, 1))
            os.replace(temporary, self._pending(key, stage) if stage else path)
        except OSError:
            temporary.unlink(missing_ok=True)

    def publish(self, keys: list[str], stage: str, keep: bool) -> None:
        """Rename the pending entries of ``stage`` into place (``keep``) or delete them."""
        for key in keys:
            pending = self._pending(key, stage)
            try:
                if keep:
                    os.replace(pending, self._path(key))
                else:
                    pending.unlink()
            except OSError:
                pass
