"""Cleaning drops web-page noise and never plan text; every dropped range keeps its reason."""

import re
from pathlib import Path

import pytest

from biopolicy.loaders.clean import NOISE_PATTERNS, SCOPES, clean, dropped_report, load_noise_rules
from biopolicy.loaders.read import read_document
from biopolicy.loaders.text import MappedText

DOCUMENTS = Path(__file__).parent / "documents"
SEEDS = Path(__file__).parent.parent / "documents"
ALL_DOCUMENTS = sorted(
    [
        path
        for path in DOCUMENTS.iterdir()
        if path.suffix in (".txt", ".md", ".html") and not path.name.startswith(("bad-", "excerpt-"))
    ]
    + list(SEEDS.glob("*.txt"))
)
PLAN_LINE = re.compile(
    r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|——)|责任单位|責任單位|牵头单位"
)
PLAN_MARKER = re.compile(
    r"(^|\n|>)\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|——)|责任单位|責任單位|牵头单位"
)
PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ ]+[)）]")


def cleaned(path: Path) -> MappedText:
    return clean(read_document(path))


def seed(prefix: str) -> MappedText:
    return cleaned(next(SEEDS.glob(f"{prefix}*.txt")))


# --- plan text is never lost ------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda path: path.name)
def test_plan_lines_survive_cleaning(path):
    before = read_document(path).work
    after = clean(read_document(path)).work
    plan_lines = [line.strip() for line in before.split("\n") if PLAN_LINE.search(line)]
    assert plan_lines
    for line in plan_lines:
        assert PINYIN.sub("", line) in after


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda path: path.name)
def test_no_dropped_range_covers_plan_content(path):
    text = cleaned(path)
    for start, end, reason in text.dropped:
        assert not PLAN_MARKER.search(text.source[start:end]), (reason, text.source[start:end])


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda path: path.name)
def test_cleaning_twice_changes_nothing_more(path):
    once = cleaned(path)
    assert clean(once).work == once.work


@pytest.mark.parametrize(
    "path", [path for path in ALL_DOCUMENTS if path.suffix != ".html"], ids=lambda p: p.name
)
def test_cleaned_characters_still_map_to_their_source(path):
    text = cleaned(path)
    for index, character in enumerate(text.work):
        assert text.source[text.origin[index]] == character


# --- the seeds lose their noise ---------------------------------------------------------------


def test_changchun_loses_its_rankings_and_related_articles():
    text = seed("changchun").work
    for noise in ["文章排行榜", "周排名", "月排名", "恒瑞医药重返增长", "国家食品药品监督管理局查询入口", "2023-05-11",
                  "泰中定临床数据", "本文地址", "友情提示", "styjt.com", "- 专题"]:  # fmt: skip
        assert noise not in text
    for plan in ["编者按", "——实施生物药提质升级工程。", "“双十”:新引进“链主”企业和上市企业均达到10户以上。",
                 "“双千”联动(1000亿元产值+1000户企业)。", "构建“一核一心三极多园”布局"]:  # fmt: skip
        assert plan in text
    assert text.rstrip().endswith("线下、线上联动构建助推全市经济发展“大平台”。")


def test_hubei_loses_its_banner_and_editor_footer():
    text = seed("hubei").work
    for noise in ["本文约4627左右", "读完15钟", "总编辑", "值班编辑", "027-87891882", "版权归原作者所有", "楚商智库已进驻",
                  "长按扫码", "推荐文章"]:  # fmt: skip
        assert noise not in text
    assert text.startswith("生物医药产业主要包括化学药")
    assert text.rstrip().endswith("抓好各项政策措施落实。")


def test_shenyang_keeps_its_date_and_source_line_without_the_counter():
    text = seed("shenyang").work
    assert "来源:高新院 achie.org 日期:2024-09-29\n" in text
    assert "点击" not in text
    assert text.startswith("最高奖补1000万元!《沈阳市生物医药及医疗装备产业集群高质量发展工作措施》")


def test_shenzhen_loses_breadcrumb_and_share_bar_but_keeps_its_date():
    text = seed("shenzhen").work
    assert "首页 > 招商政策 > 正文" not in text
    assert "分享:" not in text
    assert "发布日期:2020-03-09" in text
    assert "深圳市生物医药产业集聚发展实施方案(2020—2025年)" in text


def test_xiamen_has_no_noise_to_drop():
    original = read_document(next(SEEDS.glob("xiamen*.txt")))
    text = clean(original)
    assert text.dropped == ()
    assert text.work == original.work
    assert "栏目:产业政策 发布时间:2020-07-10" in text.work


# --- composed pages ---------------------------------------------------------------------------


def test_news_page_noise_around_a_plan():
    text = cleaned(DOCUMENTS / "nanjing-2024-biomedicine-policy-news-page.txt").work
    for noise in ["您当前的位置", "阅读：2345", "【字号", "【打印】", "预计阅读时间", "友情提示", "相关阅读", "南京生物医药谷新增",
                  "江北新区发布产业地图", "专家解读南京生物医药新政", "2024-01-09", "责任编辑", "扫一扫", "上一篇", "下一篇",
                  "ICP备"]:  # fmt: skip
        assert noise not in text
    lines = text.split("\n")
    assert "2024年01月15日 09:30\u3000来源：南京日报" in lines
    assert "南京市加快生物医药产业创新发展若干政策措施" in lines  # after 友情提示, but plan text follows
    assert "三、附则" in lines  # after the related-article list
    assert "本政策措施自发布之日起施行，由市发展改革委负责解释。" in lines


def test_traditional_page_loses_pinyin_annotations_and_chrome():
    text = cleaned(DOCUMENTS / "guangzhou-2023-biomedicine-plan-traditional-pinyin.txt").work
    assert text.startswith("廣州市生物醫藥產業創新發展行動計劃（2023—2025年）\n")
    assert "制定本計劃。" in text
    assert "支持持有人委託生產" in text
    assert "（MAH）" in text
    assert "發布日期：2023-06-12\u3000來源：廣州市工業和信息化局\n" in text
    for noise in ["jì", "huà", "wěi", "點擊", "分享到", "責任編輯", "本文地址"]:
        assert noise not in text


def test_html_page_chrome_left_after_reading_is_dropped():
    text = cleaned(DOCUMENTS / "chengdu-2024-biomedicine-news-page.html").work
    for noise in ["当前位置", "分享到", "微博", "浏览次数", "打印本页", "关闭窗口"]:
        assert noise not in text
    assert "发布时间：2024-05-20\xa0\xa0来源：成都市经济和信息化局" in text


# --- rules ------------------------------------------------------------------------------------


def _clean(work: str) -> str:
    return clean(MappedText.from_source(work)).work


@pytest.mark.parametrize(
    ("work", "expected"),
    [
        ("計(jì)劃（huà）", "計劃"),
        ("计(ji4)划(hua4)", "计划"),
        ("委託（wěi tuō）生產", "委託生產"),
        ("药品上市许可持有人(MAH)制度", "药品上市许可持有人(MAH)制度"),
        ("采用(PCR)技术和(ai)算法", "采用(PCR)技术和(ai)算法"),
        ("(jì)不在汉字之后", "(jì)不在汉字之后"),
    ],
)
def test_inline_pinyin_annotations(work, expected):
    assert _clean(work) == expected


def test_toneless_pinyin_layer_of_a_scraped_page_is_dropped():
    work = "加(jia)大重点建设项(xiang)目(mu)支持力度,生物制药(yao)(yao)、医疗器械。\n"
    assert _clean(work) == "加大重点建设项目支持力度,生物制药、医疗器械。\n"


def test_a_lone_toneless_syllable_in_brackets_is_text_not_pinyin():
    work = "采用(PCR)技术和(ai)算法,建设(app)平台。\n"
    assert _clean(work) == work


def test_toneless_pinyin_needs_a_whole_syllable():
    work = "细胞(cell)治疗、基因(gene)检测与(ppt)资料,药(yao)(yao)(yao)。\n"
    assert _clean(work) == "细胞(cell)治疗、基因(gene)检测与(ppt)资料,药。\n"


def test_a_tail_stops_at_plan_text():
    work = "推荐文章\n- 某新闻 2024-01-01\n一、总体要求\n（一）发展目标。到2025年,产业规模达到1000亿元。\n"
    assert _clean(work) == "一、总体要求\n（一）发展目标。到2025年,产业规模达到1000亿元。\n"


def test_a_plan_heading_inside_trailing_chrome_survives():
    work = "推荐文章\n- 某新闻 2024-01-01\n一、总体要求\n- 另一条新闻 2024-01-02\n"
    assert _clean(work) == "一、总体要求\n"


def test_a_title_after_a_notice_is_kept_when_plan_text_follows():
    work = "友情提示:仅供参考\n杭州市生物医药行动计划\n为加快发展生物医药产业,特制定本行动计划。\n"
    assert _clean(work) == "杭州市生物医药行动计划\n为加快发展生物医药产业,特制定本行动计划。\n"


def test_a_tail_running_to_the_end_drops_its_bare_titles():
    work = "一、总体要求\n本文地址:http://example.cn/1.html\n某某短标题\n另一个标题\n"
    assert _clean(work) == "一、总体要求\n"


def test_a_related_article_with_its_date_on_the_next_line():
    work = "一、总体要求\n- 中国四大顶级医院\n2023-09-13\n二、重点任务"
    assert _clean(work) == "一、总体要求\n二、重点任务"


def test_chrome_in_a_metadata_line_goes_but_the_line_stays():
    assert _clean("来源:高新院 日期:2024-09-29 点击:次\n正文") == "来源:高新院 日期:2024-09-29\n正文"


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 新闻中心 > 正文",
        "當前位置：首頁 > 政策文件",
        "分享到：微信 微博 QQ空间",
        "【打印本页】【关闭窗口】",
        "本文约4627左右,读完15钟",
        "全文共3200字，预计阅读10分钟",
        "- 某医药企业业绩增长 2024-04-19 08:53:25",
        "长按扫码领取会员申请表",
        "楚商智库已进驻",
        "闽ICP备05000000号",
    ],
)
def test_noise_lines_are_dropped_in_either_script_and_width(line):
    assert _clean(f"一、总体要求\n{line}\n二、重点任务") == "一、总体要求\n二、重点任务"


@pytest.mark.parametrize(
    "line",
    [
        "（一）对进入临床试验的创新药给予资助。",
        "责任单位：市科技局、市发改委",
        "——实施生物药提质升级工程。",
        "发布时间：2020-07-10",
        "2024-04-19 08:54:17 长春发布",
        "支持企业建设研发平台，打印关键部件。",
        "发布时间:2024-01-01 10:20:30",
        "责任单位:市科技局(电话:0592-1234567)",
    ],
)
def test_plan_and_metadata_lines_are_kept(line):
    work = f"一、总体要求\n{line}\n二、重点任务"
    assert _clean(work) == work


def test_dropped_report_names_source_ranges_reasons_and_excerpts():
    text = seed("hubei")
    report = dropped_report(text)
    assert [reason for _, _, reason, _ in report][0] == "reading-time banner"
    assert report == sorted(report)
    for start, end, reason, excerpt in report:
        assert reason
        assert " ".join(text.source[start:end].split()).startswith(excerpt.rstrip("…"))
    assert any("027-87891882" in text.source[start:end] for start, end, _, _ in report)


def test_noise_rules_table_is_well_formed():
    rules = load_noise_rules()
    assert {rule.scope for rule in rules} == set(SCOPES)
    assert len({rule.name for rule in rules}) == len(rules)
    assert NOISE_PATTERNS.name == "noise_patterns.tsv"


def test_a_malformed_rule_is_reported_with_its_line(tmp_path):
    table = tmp_path / "noise.tsv"
    table.write_text("name\tscope\tregex\treason\nshare\tline\t^分享(\tshare bar\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"noise\.tsv:2: bad regex for share"):
        load_noise_rules(table)
    table.write_text("share\teverywhere\t^分享\tshare bar\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"noise\.tsv:1: unknown scope 'everywhere'"):
        load_noise_rules(table)
