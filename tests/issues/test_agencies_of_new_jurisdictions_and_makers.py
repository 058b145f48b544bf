"""Regression (issue #10, real texts): agencies of zones, districts and autonomous prefectures were
mis-canonicalised, co-issuers were one agency, and the bodies that made a plan were not agencies.

Composed names and sentences of the genre, not seeds and not real texts.
"""

import pytest

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.extract.agencies import canonical_agency
from biopolicy.loaders.model import Jurisdiction
from biopolicy.loaders.pipeline import extract_document

DALI = jurisdictions.by_name("大理白族自治州")
YANBIAN = jurisdictions.by_name("延边朝鲜族自治州")
CHANGPING = jurisdictions.by_name("昌平区")
GULOU = jurisdictions.by_name("鼓楼区", within=jurisdictions.by_name("福州市"))
# A development zone is no GB/T division: its plan's jurisdiction carries the zone's name as written.
ZONE = Jurisdiction("500000", "重庆高新技术产业开发区", "county", "500000")


@pytest.mark.parametrize(
    ("written", "plan", "name", "kind"),
    [
        ("州卫生健康委", DALI, "大理白族自治州卫生健康委员会", "health"),
        ("大理州财政局", DALI, "大理白族自治州财政局", "finance"),
        ("大理州税务局", DALI, "国家税务总局大理白族自治州税务局", "taxation"),
        ("延边州发展改革委", YANBIAN, "延边朝鲜族自治州发展和改革委员会", "development-reform"),
        ("中国人民银行大理中心支行", DALI, "中国人民银行大理中心支行", "central-bank"),
        ("昌平区政府", CHANGPING, "北京市昌平区人民政府", "district-government"),
        ("市药监局", CHANGPING, "北京市药品监督管理局", "drug-regulation"),
        ("福州市鼓楼区政府", GULOU, "福州市鼓楼区人民政府", "district-government"),
        ("重庆高新区管委会", ZONE, "重庆高新技术产业开发区管理委员会", "park-management"),
        ("重庆高新区", ZONE, "重庆高新技术产业开发区管理委员会", "park-management"),
        ("重庆经开区管委会", ZONE, "重庆经开区管理委员会", "park-management"),
        ("重庆高新技术产业开发区管理委员会", ZONE, "重庆高新技术产业开发区管理委员会", "park-management"),
        (
            "省服务业创新发展工程领导小组",
            jurisdictions.by_name("贵州省"),
            "贵州省服务业创新发展工程领导小组",
            "coordination-body",
        ),
        (
            "市科技和人才局",
            jurisdictions.by_name("泸州市"),
            "泸州市科学技术和人才工作局",
            "science-technology",
        ),
    ],
)
def test_bodies_of_prefectures_districts_and_zones(written, plan, name, kind):
    agency = canonical_agency(written, plan)
    assert (agency.name, agency.type) == (name, kind)


def agencies(tmp_path, text):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_document(path)
    return {agency.written for agency in extraction.agencies}, extraction


def test_co_issuers_named_in_a_news_lead_are_one_agency_each(tmp_path):
    text = (
        "《甘肃省中医药产业发展规划》印发\n"
        "本报讯 12月30日,省卫生健康委、省发改委、省工信厅等9个厅局联合印发了《甘肃省中医药产业发展规划》。"
        "到2025年,全省中医药产业规模达到1000亿元。\n"
    )
    found, _ = agencies(tmp_path, text)
    assert {"省卫生健康委", "省发改委", "省工信厅"} <= found


def test_a_drafter_and_its_partners_are_agencies_of_the_plan(tmp_path):
    text = (
        "《支持某市生物医药产业园发展的若干政策》发布\n"
        "根据市委、市政府工作部署,市科技局作为产业链的牵头部门,会同市财政局、高新区管委在深入调研的基础上,"
        "起草制定了《支持某市生物医药产业园发展的若干政策》。政策对新落户企业给予最高500万元补助。\n"
    )
    found, extraction = agencies(tmp_path, text)
    assert {"市科技局", "市财政局", "高新区管委"} <= found
    assert extraction.responsibilities == []  # drafters are responsible for no task


def test_a_joint_party_and_government_authorship_names_no_agency(tmp_path):
    text = "《某市生物医药产业三年行动计划》出台\n市委、市政府制定出台了《某市生物医药产业三年行动计划》,到2025年产业规模达到500亿元。\n"
    found, extraction = agencies(tmp_path, text)
    assert not found & {"市委", "市政府"}
    assert any(r.family == "agencies" and "party-government" in r.reason for r in extraction.rejections)


def test_a_cited_document_names_no_maker_of_this_plan(tmp_path):
    text = (
        "某市生物医药产业行动方案\n"
        "根据《省人民政府办公厅关于印发生物医药产业规划的通知》精神,市发展改革委牵头起草了《某市生物医药产业行动方案》。\n"
        "一、重点任务\n(一)建设创新平台。(责任单位:市科技局)\n"
    )
    found, _ = agencies(tmp_path, text)
    assert "市发展改革委" in found and "省人民政府办公厅" not in found
