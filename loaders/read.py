"""Read: a plan document on disk → a :class:`MappedText` whose source is the decoded file.

Accepted files: ``.txt``, ``.md``, ``.html`` / ``.htm``. The bytes may be UTF-8 (with or without
a byte-order mark, which offsets exclude), UTF-16 or UTF-32 with a byte-order mark, GB18030 (and
so GBK and GB2312) or Big5. Strict UTF-8 is tried first; otherwise GB18030 and Big5 both try to
decode strictly, and the one whose characters are more often common Chinese characters wins.
Mojibake fails that test: Big5 bytes read as GB18030 give kana, box drawing and rare characters
(狢カチ現┎快), and GBK bytes read as Big5 give rare level-2 characters or do not decode at all.
charset-normalizer is not consulted: on short Chinese texts it guesses wrong.

The working copy of a plain-text file is its source with line breaks made ``\\n`` (CRLF, CR,
U+2028 …) and invisible characters removed (zero-width spaces, soft hyphens, control codes). A
Markdown file also loses its markup: heading and quote markers, emphasis and code delimiters,
link targets and images. An HTML file keeps only what a reader sees: tags, comments, ``<head>``,
``<script>``, ``<style>`` and the page's ``<nav>``, ``<header>``, ``<footer>`` and ``<aside>``
go; entities are decoded; every block element (``p``, ``div``, ``li``, ``tr``, ``h1``–``h6``,
``br`` …) ends a line, a table cell is separated from the next by a tab. Each character of the
working copy still maps to the source character (or entity, or tag) it came from.

    >>> text = html_working_copy("<p>推动&ldquo;研发&rdquo;</p><p>一、目标</p>")
    >>> text.work
    '推动“研发”\\n一、目标'
    >>> text.quote(1, 4)
    '动&ldquo;研'
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from functools import cache
from pathlib import Path

from biopolicy.loaders.errors import DocumentError  # noqa: F401 - re-exported
from biopolicy.loaders.text import MappedText, require_text

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY_ENCODINGS = ("gb18030", "cp950", "big5hkscs")
_MIN_EVIDENCE = 6  # characters scored before an unlikely decoding is refused
_MIN_SCORE = 0.6

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_COMMON_PUNCTUATION = frozenset(
    "、。，．：；！？“”‘’《》〈〉（）【】〔〕〖〗「」『』—…·　％＋－／～＜＞＝①②③④⑤⑥⑦⑧⑨⑩○〇"
)


def read_document(path: Path) -> MappedText:
    """Decode a plan document and build its working copy (see the module docstring)."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        expected = ", ".join(sorted(SUFFIXES))
        raise DocumentError(
            path, f"unsupported file type {path.suffix or '(no extension)'!r}; expected {expected}"
        )
    data = _read_bytes(path)
    if not data:
        raise DocumentError(path, "the file is empty")
    try:
        source, _ = decode_bytes(data)
    except ValueError as error:
        raise DocumentError(path, str(error)) from None
    if not source.strip():
        raise DocumentError(path, "the file contains only whitespace")
    if kind == "html":
        text = html_working_copy(source)
    elif kind == "markdown":
        text = markdown_working_copy(source)
    else:
        text = text_working_copy(source)
    if not _CJK.search(text.work):
        raise DocumentError(path, "no Chinese text found (not a plan of this genre, or text only in images)")
    return text


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a document; ``ValueError`` with the reason if impossible."""
    text, encoding = _decode(data)
    if _control_share(text) > 0.1:
        raise ValueError("binary data, not text (mostly control characters)")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ValueError(
                    f"undecodable: byte-order mark says {encoding.upper()} but {_describe(error)}"
                ) from None
    if b"\x00" in data:
        raise ValueError("binary data, not text (contains NUL bytes; UTF-16 text needs a byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    damaged = _damaged_utf8(data, utf8_error)
    if damaged:
        raise ValueError(damaged)
    candidates = []
    for encoding in _LEGACY_ENCODINGS:
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(decoded), encoding, decoded))
        if encoding == "cp950":
            break  # big5hkscs only for what Windows Big5 cannot read
    if not candidates:
        if _control_share(data.decode("latin-1")) > 0.1:
            raise ValueError("binary data, not text (mostly control bytes)")
        raise ValueError(f"undecodable: not UTF-8 ({_describe(utf8_error)}), GB18030 or Big5")
    (score, evidence), encoding, decoded = max(candidates, key=lambda c: (c[0][0], c[1] == "gb18030"))
    if evidence >= _MIN_EVIDENCE and score < _MIN_SCORE:
        raise ValueError(
            f"undecodable: not UTF-8 ({_describe(utf8_error)}), and as {encoding.upper()} only "
            f"{score:.0%} of the characters are common Chinese ones"
        )
    return decoded, encoding


def text_working_copy(source: str) -> MappedText:
    """Plain text: line breaks made ``\\n``, invisible characters dropped."""
    return _tidy(MappedText.from_source(source))


# --- Markdown ---------------------------------------------------------------------------------

_MARKDOWN_LINES = re.compile(
    r"^[ \t]{0,3}(?:"
    r"(?:[-*_])(?:[ \t]*[-*_]){2,}"  # thematic break
    r"|=+|-{2,}"  # setext underline
    r"|(?:```|~~~).*"  # code fence
    r"|\[[^\]\n]+\]:[ \t]*\S.*"  # link reference definition
    r"|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?"  # table delimiter row
    r")[ \t]*(?:\n|\Z)",
    re.M,
)
_MARKDOWN_MARKERS = (
    re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M),  # block quotes
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # image
    re.compile(r"<!--.*?-->", re.S),  # comment
    re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!>|~])"),  # backslash escape
)
_MARKDOWN_DELIMITED = (
    re.compile(r"^([ \t]{0,3}#{1,6}(?:[ \t]+|$)).*?([ \t]+#+)?[ \t]*$", re.M),  # ATX heading markers
    re.compile(r"(\[)[^\]\n]+(\]\([^)\n]*\))"),  # [text](url "title")
    re.compile(r"(\[)[^\]\n]+(\]\[[^\]\n]*\])"),  # [text][ref]
    re.compile(r"(`+)[^`\n]+?(\1)"),  # code span
    re.compile(r"(\*\*\*|\*\*|\*|~~)(?=\S)[^\n]*?(?<=\S)(\1)"),  # emphasis, strike-through
    re.compile(r"(?<![A-Za-z0-9_])(___|__|_)(?=\S)[^\n]*?(?<=\S)(\1)(?![A-Za-z0-9_])"),
)


def markdown_working_copy(source: str) -> MappedText:
    """Markdown: the text a reader sees, without markup characters."""
    text = _tidy(MappedText.from_source(source))
    work = text.work
    ranges = [match.span() for match in _MARKDOWN_LINES.finditer(work)]
    for pattern in _MARKDOWN_MARKERS:
        ranges.extend(match.span() for match in pattern.finditer(work))
    for pattern in _MARKDOWN_DELIMITED:
        for match in pattern.finditer(work):
            ranges.extend(match.span(group) for group in (1, 2) if match.group(group) is not None)
    return text.without(_merge(ranges))


# --- HTML -------------------------------------------------------------------------------------

_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9:-]*)")
_TAG_STOP = re.compile(r"[>\"']")
# numeric references may omit the semicolon; named ones only the legacy few browsers accept without it
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};"
    r"|(?:nbsp|amp|lt|gt|quot|copy|reg)(?![A-Za-z0-9;]))"
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_RAW_TEXT_ELEMENTS = frozenset("script style textarea title xmp iframe noembed noframes".split())
_HIDDEN_ELEMENTS = frozenset(
    "head noscript template svg math object select button canvas audio video".split()
)
_CHROME_ELEMENTS = {
    "nav": "HTML <nav>: site navigation",
    "header": "HTML <header>: page header",
    "footer": "HTML <footer>: page footer",
    "aside": "HTML <aside>: sidebar",
}
_DOCUMENT_ELEMENTS = frozenset({"article", "main"})  # their own header and footer belong to the text
_BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt fieldset"
    " figcaption figure form h1 h2 h3 h4 h5 h6 hr html legend li main ol p pre section summary table"
    " tbody tfoot thead tr ul".split()
)
_CELL_ELEMENTS = frozenset({"td", "th"})
_VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta param source track wbr".split())

_TEXT, _SPACE, _SPACE_WITH_BREAK, _SYNTHETIC = range(4)


def html_working_copy(source: str) -> MappedText:
    """HTML: visible text, one block per line, each character mapped to the source (see module docstring)."""
    builder = _HtmlText(require_text(source), keep=frozenset())
    if builder.unclosed:
        # a chrome element left open would swallow the rest of the page: read it as ordinary content
        builder = _HtmlText(source, keep=frozenset(builder.unclosed))
    return _tidy(builder.result())


class _HtmlText:
    def __init__(self, source: str, keep: frozenset[int]) -> None:
        self.source = source
        self.keep = keep
        self.chars: list[str] = []
        self.origin: list[int] = []
        self.kinds: list[int] = []
        self.hidden: list[tuple[str, int]] = []  # open elements whose content is not shown
        self.hidden_has_text = False
        self.dropped: list[tuple[int, int, str]] = []
        self.document_depth = 0
        self.pre_depth = 0
        self.unclosed: list[int] = []
        self._last = {character: source.rfind(character) for character in ">\"'"}
        self._parse()

    def result(self) -> MappedText:
        while self.kinds and self.kinds[-1] != _TEXT:
            self._pop()
        return MappedText(
            self.source, "".join(self.chars), tuple(self.origin), tuple(sorted(set(self.dropped)))
        )

    def _parse(self) -> None:
        source = self.source
        position = 0
        while position < len(source):
            tag_open = source.find("<", position)
            if tag_open < 0:
                self._text(position, len(source))
                break
            if tag_open > position:
                self._text(position, tag_open)
            end = self._markup_end(tag_open)
            if end < 0:
                self._text(tag_open, tag_open + 1)
                position = tag_open + 1
                continue
            name = _TAG_NAME.match(source, tag_open)
            position = self._tag(name.group(1).lower(), tag_open, end) if name else end
        self.unclosed = [start for name, start in self.hidden if name in _CHROME_ELEMENTS or name == "head"]

    def _markup_end(self, start: int) -> int:
        """Where the markup opened at ``start`` ends, or -1 if the ``<`` is text.

        A scan, not a backtracking regex, so that hostile input costs linear time: every search
        either consumes what it passes or fails at once (no ``>`` or quote left in the page).
        """
        source = self.source
        for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>")):
            if source.startswith(opener, start):
                end = source.find(closer, start + len(opener))
                return len(source) if end < 0 else end + len(closer)
        if start >= self._last[">"]:
            return -1
        if source.startswith(("<!", "<?"), start):
            return source.find(">", start) + 1
        name = _TAG_NAME.match(source, start)
        if name is None:
            return -1
        position = name.end()
        while True:
            stop = _TAG_STOP.search(source, position)
            if stop is None:
                return -1
            if stop.group() == ">":
                return stop.end()
            quote = stop.group()
            # as in a browser, a quote delimits only an attribute value (after "="), and only if it closes
            before = stop.start() - 1
            while before > start and source[before] in " \t\n\r\f":
                before -= 1
            opens_value = source[before] == "="
            closing = (
                source.find(quote, stop.end()) if opens_value and stop.end() <= self._last[quote] else -1
            )
            position = closing + 1 if closing >= 0 else stop.end()

    def _tag(self, name: str, start: int, end: int) -> int:
        closing = self.source.startswith("</", start)
        if not closing and name in _RAW_TEXT_ELEMENTS:
            close = re.compile(rf"</{name}\s*>", re.I).search(self.source, end)
            return close.end() if close else len(self.source)
        if self.hidden:
            self._hidden_tag(name, start, end, closing)
            return end
        if not closing and start not in self.keep and self._hides(name):
            self.hidden.append((name, start))
            self.hidden_has_text = False
            return end
        if name in _DOCUMENT_ELEMENTS:
            self.document_depth = max(0, self.document_depth + (-1 if closing else 1))
        if name == "pre":
            self.pre_depth = max(0, self.pre_depth + (-1 if closing else 1))
        if name in _BLOCK_ELEMENTS:
            self._break(start)
        elif name in _CELL_ELEMENTS and not closing:
            self._cell(start)
        return end

    def _hides(self, name: str) -> bool:
        if name in _HIDDEN_ELEMENTS:
            return True
        if name in ("header", "footer"):
            return self.document_depth == 0
        return name in _CHROME_ELEMENTS

    def _hidden_tag(self, name: str, start: int, end: int, closing: bool) -> None:
        if not closing:
            if name == "body" and self.hidden[0][0] == "head":
                self.hidden.clear()  # an unclosed <head> ends where the body begins
            elif name not in _VOID_ELEMENTS and name == self.hidden[-1][0]:
                self.hidden.append((name, start))
            return
        for depth in range(len(self.hidden) - 1, -1, -1):
            if self.hidden[depth][0] == name:
                outer_name, outer_start = self.hidden[0]
                del self.hidden[depth:]
                if not self.hidden and outer_name in _CHROME_ELEMENTS and self.hidden_has_text:
                    self.dropped.append((outer_start, end, _CHROME_ELEMENTS[outer_name]))
                return

    def _text(self, start: int, end: int) -> None:
        if self.hidden:
            if self.source[start:end].strip():
                self.hidden_has_text = True
            return
        if self.pre_depth:
            self._decoded(start, end)
            return
        position = start
        for space in _HTML_SPACE.finditer(self.source, start, end):
            self._decoded(position, space.start())
            self._space(space.start(), "\n" in space.group() or "\r" in space.group())
            position = space.end()
        self._decoded(position, end)

    def _decoded(self, start: int, end: int) -> None:
        position = start
        for entity in _ENTITY.finditer(self.source, start, end):
            self._literal(position, entity.start())
            raw = entity.group()
            decoded = html.unescape(raw)
            if decoded == raw:
                self._literal(entity.start(), entity.end())
            else:
                for character in decoded:
                    self._append(character, entity.start(), _TEXT)
            position = entity.end()
        self._literal(position, end)

    def _literal(self, start: int, end: int) -> None:
        for index in range(start, end):
            self._append(self.source[index], index, _TEXT)

    def _append(self, character: str, origin: int, kind: int) -> None:
        if (
            kind == _TEXT
            and len(self.kinds) >= 2
            and self.kinds[-1] == _SPACE_WITH_BREAK
            and _is_wide(self.chars[-2])
            and _is_wide(character)
        ):
            self._pop()  # a source line break between two Chinese characters is no space
        self.chars.append(character)
        self.origin.append(origin)
        self.kinds.append(kind)

    def _pop(self) -> None:
        self.chars.pop()
        self.origin.pop()
        self.kinds.pop()

    def _space(self, origin: int, has_break: bool) -> None:
        if not self.chars or self.chars[-1] in "\n\t" or self.kinds[-1] in (_SPACE, _SPACE_WITH_BREAK):
            return
        self._append(" ", origin, _SPACE_WITH_BREAK if has_break else _SPACE)

    def _trim(self) -> None:
        while self.kinds and self.kinds[-1] in (_SPACE, _SPACE_WITH_BREAK):
            self._pop()

    def _break(self, origin: int) -> None:
        self._trim()
        if self.chars and self.chars[-1] != "\n":
            if self.chars[-1] == "\t" and self.kinds[-1] == _SYNTHETIC:
                self._pop()
            self._append("\n", origin, _SYNTHETIC)

    def _cell(self, origin: int) -> None:
        self._trim()
        if self.chars and self.chars[-1] not in "\n\t":
            self._append("\t", origin, _SYNTHETIC)


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")


# --- shared helpers ---------------------------------------------------------------------------

_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}
)
_INVISIBLE = re.compile(
    "\r(?=\n)|[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\u00ad\u200b\u200c\u200e\u200f\u2060\ufeff]"
)


def _tidy(text: MappedText) -> MappedText:
    """Line breaks become ``\\n``; invisible characters and the CR of CRLF are dropped."""
    text = text.without(match.span() for match in _INVISIBLE.finditer(text.work))
    return text.with_characters(lambda work: work.translate(_LINE_BREAKS))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise DocumentError(path, "is a directory, not a document file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(path, f"file too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except PermissionError:
        raise DocumentError(path, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error.strerror or error}") from None


def _describe(error: UnicodeDecodeError) -> str:
    bad = error.object[error.start : error.end]
    if error.reason == "unexpected end of data":
        return f"truncated multibyte sequence at the end of the file (byte {error.start})"
    return f"invalid byte 0x{bad[0]:02x} at byte {error.start}"


def _damaged_utf8(data: bytes, error: UnicodeDecodeError) -> str | None:
    """A reason if ``data`` is UTF-8 Chinese with a few broken bytes rather than another encoding.

    GBK or Big5 bytes read as UTF-8 break every few bytes, and what does decode is mostly Latin,
    Greek or Arabic letters, seldom a CJK ideograph.
    """
    decoded = data.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for character in decoded if "\udc80" <= character <= "\udcff")
    ideographs = len(_CJK.findall(decoded))
    if invalid and ideographs >= 10 * invalid:
        return f"undecodable: broken UTF-8, {_describe(error)}"
    return None


def _plausibility(text: str) -> tuple[float, int]:
    """Share of scored characters that are common Chinese characters, and how many were scored."""
    common = _common_hanzi()
    good = bad = 0
    for character in text:
        if character < "\x80" or character in _COMMON_PUNCTUATION:
            continue
        if character in common:
            good += 1
        else:
            bad += 1
    scored = good + bad
    return (good / scored if scored else 0.0), scored


@cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1 (3,755 simplified) and Big5 常用字 (5,401 traditional) characters."""
    characters: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            characters.add(bytes((lead, trail)).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if lead << 8 | trail <= 0xC67E:
                characters.add(bytes((lead, trail)).decode("cp950", errors="ignore"))
    characters.discard("")
    return frozenset(characters)


def _control_share(text: str) -> float:
    controls = sum(
        1 for character in text if (character < " " and character not in "\t\n\r\f") or character == "\x7f"
    )
    return controls / max(1, len(text))
