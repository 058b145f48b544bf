"""The provenance manifest: ``sources.csv`` beside the documents says where each one came from online.

A document file holds the text a plan was read from; it cannot say on its own where that text
was published, by whom, or when it was downloaded. The manifest does, one row per file, and the
emitter writes those values into the plan's graph (``dcterms:source`` the URL, ``dcterms:publisher``,
``dcterms:issued`` on the source document, a ``bp:Retrieval`` activity with its time). A value
nobody verified is left empty, never guessed: an empty ``url`` means the page is not known.

The format (``docs/data-model.md``, "Provenance of the documents"): UTF-8 CSV (RFC 4180 quoting,
a byte-order mark allowed), a header naming every column of :data:`COLUMNS` (in any order), then
one row per document file of the same directory:

==============  =====================================================================================
file            the document's file name in this directory (``.txt``, ``.md``, ``.html``, ``.htm``)
url             the absolute ``http(s)`` URL the text was published at, or empty when unknown
publisher       the organisation that published the page, as the page names it, or empty
publisher_site  the ``http(s)`` URL of the publisher's website, or empty
published       ``YYYY-MM-DD``: the date the page gives for its publication, or empty
retrieved       ``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ssZ`` (UTC): when the bytes were downloaded, or empty
sha256          64 lower-case hex digits: the SHA-256 of the bytes as downloaded, or empty
bytes           the number of bytes downloaded, or empty
content_type    the media type the server sent (``text/html``), or empty
charset         the charset the server declared, or empty
note            free text: how the values were verified, what is unknown
==============  =====================================================================================

Every row is checked when the manifest is read (by ``build``, ``extract``, ``validate``, ``add``
and ``fetch``); a malformed one stops the command with :class:`ManifestError` naming the line:

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "plan.txt").write_text("…", encoding="utf-8")
>>> _ = (folder / MANIFEST_NAME).write_text(",".join(COLUMNS) + "\\nplan.txt,,,,2024-13-01,,,,,,\\n", encoding="utf-8")
>>> read_manifest(folder)
Traceback (most recent call last):
...
biopolicy.loaders.errors.ManifestError: .../sources.csv:2: published "2024-13-01" is not a date (YYYY-MM-DD): month must be in 1..12
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from biopolicy.loaders.errors import ManifestError
from biopolicy.loaders.files import write_atomically
from biopolicy.loaders.read import SUFFIXES

MANIFEST_NAME = "sources.csv"
COLUMNS = (
    "file", "url", "publisher", "publisher_site", "published", "retrieved",
    "sha256", "bytes", "content_type", "charset", "note",
)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
SHA256 = re.compile(r"[0-9a-f]{64}")
MEDIA_TYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")
CHARSET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+-]*")
# Characters an IRI may not hold (RFC 3987): spaces, controls and <>"{}|\^`.
NOT_IN_IRI = re.compile(r"[\x00-\x20\x7f<>\"{}|\\^`]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A clock a little fast, or a row written just after midnight UTC elsewhere, is not a future date.
FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class SourceRecord:
    """One row of the manifest, its values as written (validated); empty strings are unknown values."""

    file: str
    url: str = ""
    publisher: str = ""
    publisher_site: str = ""
    published: str = ""
    retrieved: str = ""
    sha256: str = ""
    bytes: str = ""
    content_type: str = ""
    charset: str = ""
    note: str = ""

    @property
    def published_date(self) -> date | None:
        return date.fromisoformat(self.published) if self.published else None

    @property
    def retrieved_time(self) -> datetime | None:
        """The retrieval time when the row gives one (``…T…Z``); ``None`` for a date alone."""
        if UTC_TIME.fullmatch(self.retrieved):
            return datetime.strptime(self.retrieved, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return None

    @property
    def retrieved_date(self) -> date | None:
        return date.fromisoformat(self.retrieved[:10]) if self.retrieved else None

    def values(self) -> list[str]:
        return [getattr(self, column) for column in COLUMNS]

    def digest(self) -> str:
        """SHA-256 of the row's values: what the extraction cache and incremental builds compare."""
        return hashlib.sha256("\x1f".join(self.values()).encode("utf-8")).hexdigest()


assert tuple(field.name for field in fields(SourceRecord)) == COLUMNS


@dataclass(frozen=True)
class Manifest:
    """The rows of one directory's ``sources.csv`` by file name (none when the directory has no manifest)."""

    path: Path | None
    records: dict[str, SourceRecord]

    def record(self, file_name: str) -> SourceRecord | None:
        return self.records.get(file_name)

    def digest(self, file_name: str) -> str:
        """The digest of the file's row, ``""`` when it has none."""
        record = self.record(file_name)
        return record.digest() if record else ""


def manifest_path(directory: Path) -> Path:
    return Path(directory) / MANIFEST_NAME


def read_manifest(directory: Path, *, today: date | None = None) -> Manifest:
    """The manifest of ``directory``; an empty one when there is no ``sources.csv``; ManifestError if malformed."""
    path = manifest_path(directory)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Manifest(None, {})
    except OSError as error:
        raise ManifestError(f"{path}: cannot read: {error.strerror or error}") from error
    return parse_manifest(data, path, today=today)


def manifest_for(document: Path) -> Manifest:
    """The manifest beside ``document`` (its directory's ``sources.csv``)."""
    return read_manifest(Path(document).parent)


def parse_manifest(data: bytes, path: Path, *, today: date | None = None, check_files: bool = True) -> Manifest:
    """Check every row of a manifest's bytes (``path`` names it in errors; files are looked up beside it)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ManifestError(f"{path}: not UTF-8 (byte {error.start}): save it as UTF-8") from error
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ManifestError(f"{path}: empty: it needs a header line naming the columns {', '.join(COLUMNS)}")
        positions = _header_positions(header, path)
        records: dict[str, SourceRecord] = {}
        for row in reader:
            if not row or row == [""]:
                continue
            where = f"{path}:{reader.line_num}"
            if len(row) != len(header):
                raise ManifestError(f"{where}: {len(row)} fields, the header has {len(header)}")
            record = check_record(
                SourceRecord(**{column: row[positions[column]].strip() for column in COLUMNS}),
                where, path.parent if check_files else None, today,
            )
            if record.file in records:
                raise ManifestError(f"{where}: a second row for {record.file}: one row per file")
            records[record.file] = record
    except csv.Error as error:
        raise ManifestError(f"{path}:{reader.line_num}: not valid CSV: {error}") from error
    return Manifest(path, records)


def _header_positions(header: list[str], path: Path) -> dict[str, int]:
    names = [name.strip() for name in header]
    unknown = [name for name in names if name not in COLUMNS]
    missing = [column for column in COLUMNS if column not in names]
    if unknown or missing or len(set(names)) != len(names):
        problems = []
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if len(set(names)) != len(names):
            problems.append("a column named twice")
        raise ManifestError(f"{path}:1: bad header: {'; '.join(problems)} (expected {','.join(COLUMNS)})")
    return {name: index for index, name in enumerate(names)}


def check_record(record: SourceRecord, where: str, directory: Path | None, today: date | None = None) -> SourceRecord:
    """``record`` if every value is well formed (and its file is in ``directory``); else ManifestError at ``where``."""
    today = today or datetime.now(UTC).date()
    _check_file(record.file, where, directory)
    for column in ("url", "publisher_site"):
        check_url(getattr(record, column), f"{where}: {column}")
    published = _check_date(record.published, "published", where, today)
    retrieved = _check_retrieved(record.retrieved, where, today)
    if published and retrieved and retrieved < published:
        raise ManifestError(f"{where}: retrieved {record.retrieved} is before published {record.published}")
    if record.sha256 and not SHA256.fullmatch(record.sha256):
        raise ManifestError(f"{where}: sha256 \"{record.sha256}\" is not 64 lower-case hexadecimal digits")
    if record.bytes and not (record.bytes.isascii() and record.bytes.isdigit()):
        raise ManifestError(f"{where}: bytes \"{record.bytes}\" is not a whole number")
    if record.content_type and not MEDIA_TYPE.fullmatch(record.content_type):
        raise ManifestError(f"{where}: content_type \"{record.content_type}\" is not a media type (type/subtype)")
    if record.charset and not CHARSET.fullmatch(record.charset):
        raise ManifestError(f"{where}: charset \"{record.charset}\" is not a charset name")
    for column in ("publisher", "note"):
        if CONTROL.search(getattr(record, column)):
            raise ManifestError(f"{where}: {column} holds a control character")
    return record


def _check_file(name: str, where: str, directory: Path | None) -> None:
    if not name:
        raise ManifestError(f"{where}: file is empty: name the document this row describes")
    if "/" in name or "\\" in name or name.startswith("."):
        raise ManifestError(f"{where}: file \"{name}\" must be a plain file name in the manifest's directory")
    if Path(name).suffix.lower() not in SUFFIXES:
        raise ManifestError(f"{where}: file \"{name}\" is not a document ({', '.join(sorted(SUFFIXES))})")
    if directory is not None and not (directory / name).is_file():
        raise ManifestError(f"{where}: no file {name} in {directory}: a row for an unknown file")


def check_url(url: str, where: str) -> None:
    """Nothing for ``""`` or an absolute ``http(s)`` URL that is a valid IRI; ManifestError otherwise."""
    if not url:
        return
    if NOT_IN_IRI.search(url):
        raise ManifestError(f"{where} \"{url}\" is not a URL: it holds a space, a control character or one of <>\"{{}}|\\^`")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise ManifestError(f"{where} \"{url}\" is not a URL: {error}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ManifestError(f"{where} \"{url}\" is not an absolute http:// or https:// URL")


def _check_date(value: str, column: str, where: str, today: date) -> date | None:
    if not value:
        return None
    if not DATE.fullmatch(value):
        raise ManifestError(f"{where}: {column} \"{value}\" is not a date (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise ManifestError(f"{where}: {column} \"{value}\" is not a date (YYYY-MM-DD): {error}") from error
    if day > today + FUTURE_SLACK:
        raise ManifestError(f"{where}: {column} {value} is in the future")
    return day


def _check_retrieved(value: str, where: str, today: date) -> date | None:
    if not value or DATE.fullmatch(value):
        return _check_date(value, "retrieved", where, today)
    if not UTC_TIME.fullmatch(value):
        raise ManifestError(f"{where}: retrieved \"{value}\" is neither a date (YYYY-MM-DD) nor a UTC time (YYYY-MM-DDThh:mm:ssZ)")
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError as error:
        raise ManifestError(f"{where}: retrieved \"{value}\" is not a UTC time (YYYY-MM-DDThh:mm:ssZ): {error}") from error
    if moment.date() > today + FUTURE_SLACK:
        raise ManifestError(f"{where}: retrieved {value} is in the future")
    return moment.date()


def format_row(record: SourceRecord) -> str:
    """One CSV line (RFC 4180 quoting, ``\\n`` ended) holding ``record``'s values in column order."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(record.values())
    return buffer.getvalue()


def append_record(directory: Path, record: SourceRecord) -> Path:
    """Add ``record`` to the manifest of ``directory`` (created with its header if missing), atomically.

    The existing manifest is checked first and its bytes are kept as they are; a row for a file
    the manifest already describes is a ManifestError. The new manifest is written beside the old
    one and renamed over it, so an interruption leaves the old one whole.
    """
    path = manifest_path(directory)
    manifest = read_manifest(directory)
    if manifest.record(record.file) is not None:
        raise ManifestError(f"{path}: already has a row for {record.file}")
    check_record(record, f"{path} (new row)", Path(directory))
    old = path.read_bytes() if manifest.path is not None else b""
    if not old:
        old = (",".join(COLUMNS) + "\n").encode("utf-8")
    elif not old.endswith(b"\n"):
        old += b"\n"
    write_atomically(path, old + format_row(record).encode("utf-8"))
    return path
