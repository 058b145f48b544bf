"""Patterns of the genre that the ninth batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. 最高支持 before an amount (单个品种
最高支持6500万元) was read as a target, not a capped grant; 帮助, 解决, 下称 were read as part of a park's
name; a clause label cut at the end of an excerpt (…;责任单位) and officials (X管委会主任和Y董事长牵头)
were read as agencies; and a bracketed note with brackets inside it, in a clause closed by 〕, stayed
in the agency's name.
"""

from __future__ import annotations

from decimal import Decimal

from biopolicy.loaders.extract.targets import extract_targets
from tests.test_incentives import grants, summary
from tests.test_parks import names, parks_of
from tests.test_responsibilities import rows as responsibilities
from tests.test_targets import make_context, rows


def test_zuigao_zhichi_caps_a_grant_and_is_no_target():
    text = "对在本市开展临床试验的新药,单个品种最高支持3000万元,单个企业每年累计最高支持5000万元。"
    _context, found = grants(text)
    assert [amount for amount, *_ in summary(found)] == [Decimal(3000), Decimal(5000)]
    assert rows(extract_targets(make_context(text))) == []


def test_helping_solving_and_a_short_name_open_no_park_name():
    text = "帮助溧阳中医药科技产业园(下称产业园)解决产业园发展难题。"
    assert names(parks_of(text)) == ["溧阳中医药科技产业园"]


def test_a_cut_clause_label_and_officials_are_no_agencies():
    text = (
        "一、重点任务\n(一)发展医药产业。做强医药产业。(牵头单位:市工业和信息化局;责任单位\n"
        "(二)建设中医药园区。由新区管委会主任和产业园开发公司董事长牵头推进。\n"
    )
    found = responsibilities(text)
    assert [(title, agency) for title, agency, _ in found] == [("发展医药产业", "市工业和信息化局")]


def test_a_note_with_brackets_inside_is_no_part_of_the_agency():
    text = (
        "一、重点任务\n(一)加大招商力度。引进龙头企业。〔责任单位:市商务局、高新区管委会"
        "(以下责任单位均含有各县(市、区)人民政府,不再一一列举)〕\n"
    )
    assert [agency for _, agency, _ in responsibilities(text)] == ["市商务局", "高新区管委会"]


def test_a_zone_named_as_a_responsible_body_is_no_park(tmp_path):
    from biopolicy.loaders.pipeline import extract_document

    document = tmp_path / "plan.txt"
    document.write_text(
        "中山市支持医疗器械产业发展若干措施\n一、支持创新研发\n(一)支持新药研发。对新药给予奖励。"
        "(责任单位:市科技局、火炬开发区、翠亨新区)\n(二)建设产业园区。建设中山健康科技产业园。\n",
        encoding="utf-8",
    )
    extraction = extract_document(document)
    assert [park.name for park in extraction.parks] == ["中山健康科技产业园"]
    assert "火炬开发区" in [r.agency for r in extraction.responsibilities]
