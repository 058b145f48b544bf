"""Patterns of the genre that the fourth batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. Counted classes cut at 以上
(20家以上省级重点企业研究院 gave the platform 上省级重点企业研究院), generic health facilities and a
management system read as platforms, a party committee's body without its 中共, health targets in years
of age and per 100,000, and 以下 read as "<" though it includes the number, as 以上 does.
"""

from __future__ import annotations

from decimal import Decimal

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.extract.agencies import canonical_agency
from biopolicy.loaders.extract.targets import extract_targets
from tests.test_parks import names
from tests.test_platforms import platforms_of
from tests.test_targets import make_context, rows


def test_a_counted_class_after_yi_shang_is_no_platform_and_not_cut_at_shang():
    text = "到2025年,培育30家以上市级企业技术研究院和8家以上省级工程研究中心,建设临港细胞治疗中试平台。"
    assert names(platforms_of(text)) == ["临港细胞治疗中试平台"]


def test_community_health_centres_and_a_management_system_are_no_platforms():
    text = "全县社区卫生服务中心和乡镇卫生院达标建设;推行现代医院管理制度;建成东湖医学影像诊断平台。"
    assert names(platforms_of(text)) == ["东湖医学影像诊断平台"]


def test_a_party_committee_body_takes_its_zhonggong_prefix():
    province = jurisdictions.by_name("湖南省")
    for written in ("湖南省委农村工作领导小组", "省委农村工作领导小组"):
        assert canonical_agency(written, province).name == "中共湖南省委农村工作领导小组"
    assert canonical_agency("省卫生健康委", province).name == "湖南省卫生健康委员会"  # 委 inside a department
    assert canonical_agency("中共湖南省委宣传部", province).name == "中共湖南省委宣传部"  # never twice


def _targets(text: str) -> list[tuple]:
    return rows(extract_targets(make_context(text)))


def test_life_expectancy_in_years_of_age_is_a_target_and_an_age_band_is_not():
    found = _targets("到2030年,全县人均预期寿命达到80岁,65岁以上老年人健康管理率达到70%。")
    assert (Decimal(80), None, "岁", "=", 2030) in found
    assert not any(unit == "岁" and value == 65 for value, _max, unit, _cmp, _year in found)


def test_yi_xia_includes_the_number_like_yi_shang():
    found = _targets("到2030年,全县孕产妇死亡率降至12/10万以下。")
    assert found == [(Decimal(12), None, "/10万", "≤", 2030)]
