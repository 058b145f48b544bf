"""Reading plan documents: encodings, formats, offsets back to the source, clear errors."""

import html
import re
import time
from pathlib import Path

import opencc
import pytest

from biopolicy.loaders.normalise import fold, is_traditional, normalise
from biopolicy.loaders.read import DocumentError, decode_bytes, html_working_copy, read_document

DOCUMENTS = Path(__file__).parent / "documents"
SEEDS = Path(__file__).parent.parent / "documents"
PLAN = DOCUMENTS / "hangzhou-2024-biomedicine-action-plan.txt"
HTML_PAGE = DOCUMENTS / "chengdu-2024-biomedicine-news-page.html"
MARKDOWN = DOCUMENTS / "suzhou-2024-biomedicine-action-plan.md"
ENCODINGS = ["utf8-bom", "crlf", "utf16le", "utf16be", "gbk", "gb18030", "big5"]
TEXT_DOCUMENTS = sorted(
    [path for path in DOCUMENTS.glob("*.txt") if not path.name.startswith("bad-")] + list(SEEDS.glob("*.txt"))
)
to_traditional = opencc.OpenCC("s2tw").convert


def _excerpt() -> str:
    plan = PLAN.read_text(encoding="utf-8")
    start = plan.index("为加快建设")
    return plan[start : start + 200]


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ENCODINGS)
def test_every_encoding_yields_the_same_matching_text(variant):
    expected = normalise(read_document(PLAN)).work
    text = read_document(DOCUMENTS / f"{PLAN.stem}-{variant}.txt")
    assert normalise(text).work == expected


def test_big5_plan_keeps_its_traditional_source():
    text = read_document(DOCUMENTS / f"{PLAN.stem}-big5.txt")
    assert "生物醫藥產業高質量發展" in text.source
    assert is_traditional(text.source)


def test_byte_order_mark_is_not_part_of_the_source():
    text = read_document(DOCUMENTS / f"{PLAN.stem}-utf8-bom.txt")
    assert text.source == PLAN.read_text(encoding="utf-8")
    assert not text.source.startswith("\ufeff")


def test_crlf_stays_in_the_source_but_not_in_the_working_copy():
    text = read_document(DOCUMENTS / f"{PLAN.stem}-crlf.txt")
    assert "\r\n" in text.source
    assert "\r" not in text.work
    start = text.work.index("责任单位：市经信局")
    end = text.work.index("\n", start)
    assert text.quote(start, end + 1) == "责任单位：市经信局、市市场监管局\r\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("excerpt-200-gbk.txt", _excerpt()), ("excerpt-200-big5.txt", to_traditional(_excerpt()))],
)
def test_a_200_character_excerpt_is_decoded_right(name, expected):
    assert read_document(DOCUMENTS / name).work == expected


def test_gb18030_four_byte_characters_are_decoded():
    expected = read_document(DOCUMENTS / "rare-characters.txt").work
    assert read_document(DOCUMENTS / "rare-characters-gb18030.txt").work == expected
    assert "𫖯" in expected


@pytest.mark.parametrize(
    "phrase",
    [
        "生物医药产业集群",
        "支持企业开展新药临床试验",
        "責任單位：市科技局",
        "培育專精特新企業",
        "重点发展细胞治疗",
    ],
)
def test_short_gbk_and_big5_texts_are_told_apart(phrase):
    for encoding, expected in (("gbk", phrase), ("big5", to_traditional(phrase))):
        try:
            data = expected.encode(encoding)
        except UnicodeEncodeError:
            continue
        assert decode_bytes(data)[0] == expected


def test_the_encoding_found_is_named():
    assert decode_bytes("生物医药".encode("gb18030"))[1] == "gb18030"
    assert decode_bytes("生物醫藥產業集群".encode("big5"))[1] == "cp950"
    assert decode_bytes("生物医药".encode())[1] == "utf-8"


# --- the working copy maps to the source ------------------------------------------------------


@pytest.mark.parametrize("path", TEXT_DOCUMENTS, ids=lambda path: path.name)
def test_every_working_character_of_a_text_file_is_its_source_character(path):
    text = read_document(path)
    for index, character in enumerate(text.work):
        assert text.source[text.origin[index]] == character


@pytest.mark.parametrize("path", TEXT_DOCUMENTS, ids=lambda path: path.name)
def test_the_quote_of_every_normalised_line_folds_to_that_line(path):
    text = normalise(read_document(path))
    offset = 0
    for line in text.work.split("\n"):
        if line:
            assert fold(text.quote(offset, offset + len(line))) == line
        offset += len(line) + 1


# --- HTML -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page():
    return read_document(HTML_PAGE)


@pytest.mark.parametrize(
    "hidden",
    [
        "不应出现的脚本文字",
        "页面统计",
        "这段注释不应出现",
        "政务公开",
        "_政策文件_",
        "margin",
        "相关新闻",
        "蜀ICP备",
        "<p>",
        "&nbsp;",
    ],
)
def test_html_markup_scripts_and_page_chrome_are_not_text(page, hidden):
    assert hidden not in page.work


@pytest.mark.parametrize("payload", ["<a'", '<a b="', "<!x", "<a b=c ", "<"])
def test_hostile_html_is_read_in_linear_time(payload):
    start = time.perf_counter()
    html_working_copy("生物" + payload * 20_000)
    assert time.perf_counter() - start < 5


def test_a_gbk_html_page_reads_like_its_utf8_original(tmp_path, page):
    path = tmp_path / "chengdu-gbk.htm"
    path.write_bytes(HTML_PAGE.read_text(encoding="utf-8").replace("utf-8", "gb2312").encode("gbk"))
    assert read_document(path).work == page.work


def test_html_blocks_become_lines(page):
    lines = page.work.split("\n")
    assert "成都市促进生物医药产业高质量发展若干措施" in lines
    assert "一、支持创新药物研发" in lines
    assert "责任单位：市经信局、市科技局、市财政局" in lines
    assert "配合单位：各区（市）县政府" in lines
    assert "（四）支持温江区、双流区建设专业化生物医药产业园。" in lines
    assert "1\t天府国际生物城公共技术平台\t双流区政府" in lines


def test_html_entities_are_decoded(page):
    assert "推动“研发&制造”协同发展，结合我市实际" in page.work
    assert "最高一千万元资助，单个企业" in page.work
    assert "奖励<按研发投入30%核定>。" in page.work


def test_html_quotes_point_into_the_html_source(page):
    start = page.work.index("推动“研发&制造”协同发展")
    quote = page.quote(start, start + len("推动“研发&制造”协同发展"))
    assert quote == "推动&ldquo;研发&amp;制造&rdquo;协同发展"
    start = page.work.index("责任单位：市经信局")
    assert page.quote(start, start + 9) == "责任单位：市经信局"


def test_every_html_working_character_comes_from_its_source(page):
    for index, character in enumerate(page.work):
        origin = page.origin[index]
        at = page.source[origin]
        if at == "&":
            entity = re.match(r"&#?\w+;?", page.source[origin:]).group()
            assert html.unescape(entity) == character
        elif at == "<":
            assert character in "\n\t"
        elif at.isspace():
            assert character in " \n"
        else:
            assert at == character


def test_html_page_chrome_elements_are_recorded_as_dropped(page):
    reasons = [reason for *_, reason in page.dropped]
    assert any("<header>" in reason for reason in reasons)
    assert any("<footer>" in reason for reason in reasons)
    for start, end, _ in page.dropped:
        assert page.source[start] == "<" and page.source[end - 1] == ">"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<header><p>一、总体要求</p><p>（一）发展目标</p>", "一、总体要求\n（一）发展目标"),
        ('<p><a title="a>b">生物医药</a>产业</p>', "生物医药产业"),
        ("<p class=x'>生物医药</p><p>产业's</p>", "生物医药\n产业's"),
        ("<p>产值<1000亿元</p>", "产值<1000亿元"),
        ("<p>A&#;B&#xZZ;&unknown;生物</p><p>医药</p>", "A&#;B&#xZZ;&unknown;生物\n医药"),
        ("<P>一、总体要求</P><BR><DIV>二、重点任务</DIV>", "一、总体要求\n二、重点任务"),
        ("<article><header><h1>行动计划</h1></header><p>正文</p></article>", "行动计划\n正文"),
        ("<p>生物\r\n  医药  产业\r\n园区 A\nB</p>", "生物医药 产业园区 A B"),
        ("<pre>一、总体要求\r\n  （一）目标</pre>", "一、总体要求\n  （一）目标"),
        ("<head><title>网站</title><p>正文</p>", "正文"),
        ("<p>生物<script>var x = '</p>';</script>医药</p><style>p{}</style>", "生物医药"),
    ],
)
def test_html_edge_cases(markup, expected):
    text = html_working_copy(markup)
    assert text.work == expected
    for index, character in enumerate(text.work):
        assert text.source[text.origin[index]] in (character, "<", "&", "\r", "\n", " ")


# --- Markdown ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def markdown():
    return read_document(MARKDOWN)


@pytest.mark.parametrize("markup", ["#", "**", "](", "https://", "images/map.png", "> ", "`", "| --- |"])
def test_markdown_markup_is_dropped(markdown, markup):
    assert markup not in markdown.work


def test_markdown_text_is_kept(markdown):
    lines = markdown.work.split("\n")
    assert lines[0] == "苏州市生物医药及高端医疗器械产业高质量发展行动方案（2024—2026年）"
    assert "（二）壮大产业集群" in lines
    assert "- 责任单位：市科技局、市发改委" in lines
    assert "1. 加快建设苏州生物医药产业园（BioBAY）；" in lines
    assert "来源：苏州市人民政府 发布时间：2024-02-28" in lines
    assert "支持苏州实验室建设，对新建的国家级创新平台给予最高1000万元支持。" in lines
    assert "到2026年，全市生物医药产业规模达到3000亿元，新增创新药和创新医疗器械注册证50个以上。" in lines
    assert "本方案自发布之日起施行。" in lines


def test_markdown_working_characters_are_source_characters(markdown):
    for index, character in enumerate(markdown.work):
        assert markdown.source[markdown.origin[index]] == character


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad-empty.txt", "empty"),
        ("bad-whitespace-only.txt", "only whitespace"),
        ("bad-binary.txt", "binary"),
        ("bad-truncated-utf8.txt", "truncated multibyte sequence"),
        ("bad-undecodable.txt", "undecodable"),
        ("bad-no-chinese.txt", "no Chinese text"),
    ],
)
def test_bad_documents_are_refused_with_the_file_and_the_reason(name, reason):
    with pytest.raises(DocumentError) as raised:
        read_document(DOCUMENTS / name)
    assert name in str(raised.value)
    assert reason in str(raised.value)
    assert raised.value.path.name == name


def test_utf8_with_a_broken_byte_is_refused_not_misread(tmp_path):
    path = tmp_path / "broken-plan.txt"
    data = PLAN.read_text(encoding="utf-8").encode()
    path.write_bytes(data[:300] + b"\xff" + data[300:])
    with pytest.raises(
        DocumentError, match=r"broken-plan\.txt: undecodable: broken UTF-8, invalid byte 0xff at byte 300"
    ):
        read_document(path)


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_text("一、总体要求", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"plan\.pdf: unsupported file type '\.pdf'"):
        read_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match=r"missing-plan\.txt: no such file"):
        read_document(tmp_path / "missing-plan.txt")


def test_directory(tmp_path):
    (tmp_path / "plan.txt").mkdir()
    with pytest.raises(DocumentError, match=r"plan\.txt: is a directory"):
        read_document(tmp_path / "plan.txt")


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked-plan.txt"
    path.write_text("一、总体要求", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DocumentError, match=r"locked-plan\.txt: permission denied"):
        read_document(path)


def test_control_characters_are_binary_even_without_nul(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 32)) * 10 + "生物医药".encode())
    with pytest.raises(DocumentError, match=r"controls\.txt: binary data"):
        read_document(path)


def test_html_without_visible_chinese_text(tmp_path):
    path = tmp_path / "empty-page.html"
    path.write_text(
        "<html><head><title>生物医药</title></head><body><script>var a='医药';</script></body></html>"
    )
    with pytest.raises(DocumentError, match=r"empty-page\.html: no Chinese text"):
        read_document(path)


def test_mojibake_is_refused_rather_than_read(tmp_path):
    path = tmp_path / "shift-jis.txt"
    path.write_bytes("バイオ医薬品産業の振興計画について、ご案内いたします。".encode("shift_jis"))
    with pytest.raises(DocumentError, match=r"shift-jis\.txt: undecodable"):
        read_document(path)


def test_a_later_stage_may_write_the_whole_message():
    error = DocumentError("documents/x.txt: no plan found")
    assert str(error) == "documents/x.txt: no plan found"
