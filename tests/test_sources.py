"""The provenance manifest ``sources.csv``: its format, its checks and the shipped rows for documents/."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from biopolicy.loaders.errors import ManifestError
from biopolicy.loaders.sources import (
    COLUMNS,
    MANIFEST_NAME,
    SourceRecord,
    append_record,
    format_row,
    read_manifest,
)

REPOSITORY = Path(__file__).resolve().parents[1]
TODAY = date(2025, 6, 1)
HEADER = ",".join(COLUMNS)


def folder_with(tmp_path: Path, *rows: str, header: str = HEADER, files=("plan.txt",)) -> Path:
    for name in files:
        (tmp_path / name).write_text("《测试市生物医药行动计划》\n", encoding="utf-8")
    (tmp_path / MANIFEST_NAME).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return tmp_path


def row(**values: str) -> str:
    return format_row(SourceRecord(**{"file": "plan.txt", **values})).rstrip("\n")


def test_a_complete_row_reads_back_with_its_parsed_dates(tmp_path):
    folder = folder_with(tmp_path, row(url="https://www.example.gov.cn/zcwj/2024/t1.html", publisher="测试市人民政府",
                                       publisher_site="https://www.example.gov.cn/", published="2024-03-01",
                                       retrieved="2024-05-02T08:00:00Z", note="a note, with a comma"))
    record = read_manifest(folder, today=TODAY).record("plan.txt")
    assert record.published_date == date(2024, 3, 1) and record.retrieved_date == date(2024, 5, 2)
    assert record.retrieved_time.isoformat() == "2024-05-02T08:00:00+00:00"
    assert record.note == "a note, with a comma"


def test_no_manifest_is_an_empty_one(tmp_path):
    manifest = read_manifest(tmp_path)
    assert manifest.path is None and manifest.record("plan.txt") is None and manifest.digest("plan.txt") == ""


def test_columns_may_come_in_any_order(tmp_path):
    columns = list(reversed(COLUMNS))
    values = {"file": "plan.txt", "published": "2024-01-02"}
    folder = folder_with(tmp_path, ",".join(values.get(c, "") for c in columns), header=",".join(columns))
    assert read_manifest(folder, today=TODAY).record("plan.txt").published == "2024-01-02"


def test_a_byte_order_mark_is_allowed(tmp_path):
    folder = folder_with(tmp_path, row(published="2024-01-02"))
    path = folder / MANIFEST_NAME
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_manifest(folder, today=TODAY).record("plan.txt") is not None


@pytest.mark.parametrize(("values", "message"), [
    ({"published": "2024-02-30"}, r':2: published "2024-02-30" is not a date \(YYYY-MM-DD\): day is out of range'),
    ({"published": "20240301"}, r':2: published "20240301" is not a date \(YYYY-MM-DD\)$'),
    ({"published": "2999-01-01"}, r":2: published 2999-01-01 is in the future"),
    ({"retrieved": "2024-05-02 08:00"}, r':2: retrieved "2024-05-02 08:00" is neither a date \(YYYY-MM-DD\) nor a UTC time'),
    ({"retrieved": "2024-05-02T25:00:00Z"}, r':2: retrieved "2024-05-02T25:00:00Z" is not a UTC time'),
    ({"published": "2024-06-01", "retrieved": "2024-05-01"}, r":2: retrieved 2024-05-01 is before published 2024-06-01"),
    ({"url": "www.example.gov.cn/plan.html"}, r':2: url "www\.example\.gov\.cn/plan\.html" is not an absolute http:// or https:// URL'),
    ({"url": "//www.styjt.com/zhuanti/1.html"}, r'is not an absolute http:// or https:// URL'),
    ({"url": "ftp://example.org/plan.txt"}, r"is not an absolute http:// or https:// URL"),
    ({"url": "https://example.org/a plan.html"}, r"is not a URL: it holds a space"),
    ({"url": "https://example.org:port/"}, r'url "https://example\.org:port/" is not a URL: Port could not be cast'),
    ({"publisher_site": "example.org"}, r':2: publisher_site "example\.org" is not an absolute'),
    ({"sha256": "ABC"}, r':2: sha256 "ABC" is not 64 lower-case hexadecimal digits'),
    ({"bytes": "12k"}, r':2: bytes "12k" is not a whole number'),
    ({"content_type": "html"}, r':2: content_type "html" is not a media type'),
    ({"file": "other.txt"}, r":2: no file other\.txt in .*: a row for an unknown file"),
    ({"file": "../plan.txt"}, r':2: file "\.\./plan\.txt" must be a plain file name'),
    ({"file": "plan.pdf"}, r':2: file "plan\.pdf" is not a document \(\.htm, \.html, \.md, \.txt\)'),
    ({"file": ""}, r":2: file is empty"),
])
def test_a_malformed_row_names_its_line_and_what_is_wrong(tmp_path, values, message):
    folder = folder_with(tmp_path, row(**values))
    with pytest.raises(ManifestError, match=message):
        read_manifest(folder, today=TODAY)


def test_a_second_row_for_one_file_is_refused(tmp_path):
    folder = folder_with(tmp_path, row(), row(published="2024-01-01"))
    with pytest.raises(ManifestError, match=r":3: a second row for plan\.txt: one row per file"):
        read_manifest(folder, today=TODAY)


def test_a_row_with_too_few_fields_is_refused(tmp_path):
    folder = folder_with(tmp_path, "plan.txt,https://example.org/")
    with pytest.raises(ManifestError, match=r":2: 2 fields, the header has 11"):
        read_manifest(folder, today=TODAY)


@pytest.mark.parametrize(("header", "message"), [
    ("file,url", r":1: bad header: missing column\(s\) publisher"),
    (HEADER + ",source", r":1: bad header: unknown column\(s\) source"),
    (HEADER + ",url", r"a column named twice"),
])
def test_a_bad_header_says_which_columns(tmp_path, header, message):
    with pytest.raises(ManifestError, match=message):
        read_manifest(folder_with(tmp_path, header=header), today=TODAY)


def test_an_empty_or_non_utf8_manifest_is_refused(tmp_path):
    (tmp_path / MANIFEST_NAME).write_bytes(b"")
    with pytest.raises(ManifestError, match="empty: it needs a header line"):
        read_manifest(tmp_path)
    (tmp_path / MANIFEST_NAME).write_bytes("file\n厦门".encode("gb18030"))
    with pytest.raises(ManifestError, match="not UTF-8"):
        read_manifest(tmp_path)


def test_any_changed_value_changes_the_row_digest():
    record = SourceRecord("plan.txt", url="https://example.org/a.html")
    changed = {SourceRecord(**{**record.__dict__, column: "2024-01-01" if column != "file" else "b.txt"}).digest()
               for column in COLUMNS}
    assert record.digest() not in changed and len(changed) == len(COLUMNS)


def test_append_keeps_the_old_bytes_and_refuses_a_second_row(tmp_path):
    folder = folder_with(tmp_path, row(published="2024-01-02"), files=("plan.txt", "new.html"))
    before = (folder / MANIFEST_NAME).read_bytes()
    append_record(folder, SourceRecord("new.html", url="https://example.org/new.html", retrieved="2024-05-02T08:00:00Z"))
    after = (folder / MANIFEST_NAME).read_bytes()
    assert after.startswith(before) and len(read_manifest(folder).records) == 2
    with pytest.raises(ManifestError, match="already has a row for new.html"):
        append_record(folder, SourceRecord("new.html"))
    assert (folder / MANIFEST_NAME).read_bytes() == after
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_append_creates_the_manifest_with_its_header(tmp_path):
    (tmp_path / "new.html").write_text("<p>x</p>", encoding="utf-8")
    append_record(tmp_path, SourceRecord("new.html", url="https://example.org/new.html"))
    assert (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()[0] == HEADER


def test_the_shipped_manifest_describes_every_document_and_invents_no_url():
    """documents/sources.csv: one row per document; every URL is one a stored copy of the page was seen at."""
    documents = REPOSITORY / "documents"
    manifest = read_manifest(documents)
    names = {path.name for path in documents.iterdir() if path.suffix in (".txt", ".md", ".html", ".htm")}
    assert set(manifest.records) == names
    for record in manifest.records.values():
        assert record.note, record.file  # says how the values were verified and what is unknown
        if not record.url:
            assert "unknown" in record.note.lower(), record.file
        if not record.retrieved:
            assert "retrieval date not recorded" in record.note.lower(), record.file
    with (documents / MANIFEST_NAME).open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(COLUMNS)
