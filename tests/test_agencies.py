"""Aliases of one department merge into one canonical agency per jurisdiction."""

import pytest

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.extract.agencies import canonical_agency

XIAMEN = jurisdictions.by_name("厦门市")
HUBEI = jurisdictions.by_name("湖北省")
SHENZHEN = jurisdictions.by_name("深圳市")


@pytest.mark.parametrize("written", ["市发改委", "市发展改革委", "市发展和改革委员会", "发改委"])
def test_development_and_reform_aliases_merge(written):
    agency = canonical_agency(written, XIAMEN)
    assert (agency.name, agency.type) == ("厦门市发展和改革委员会", "development-reform")


@pytest.mark.parametrize(
    ("written", "name", "kind"),
    [
        ("省科技厅", "湖北省科学技术厅", "science-technology"),
        ("省经信厅", "湖北省经济和信息化厅", "industry-it"),
        ("省人社厅", "湖北省人力资源和社会保障厅", "human-resources"),
        ("省药监局", "湖北省药品监督管理局", "drug-regulation"),
        ("湖北省卫生健康委员会", "湖北省卫生健康委员会", "health"),
        ("各市州人民政府", "各市州人民政府", "collective-local-governments"),
        ("长江产业集团", "长江产业集团", "enterprise"),
    ],
)
def test_provincial_departments(written, name, kind):
    agency = canonical_agency(written, HUBEI)
    assert (agency.name, agency.type) == (name, kind)


def test_a_city_prefix_in_a_provincial_plan_is_not_guessed():
    assert canonical_agency("武汉市科技局", HUBEI).name == "武汉市科学技术局"


def test_district_governments_and_new_area_committees():
    assert canonical_agency("福田区政府", SHENZHEN).name == "深圳市福田区人民政府"
    assert canonical_agency("福田区政府", SHENZHEN).jurisdiction.code == "440304"
    committee = canonical_agency("大鹏新区管委会", SHENZHEN)
    assert (committee.name, committee.type) == ("深圳市大鹏新区管理委员会", "park-management")


def test_an_unknown_body_keeps_its_name_with_the_prefix_resolved():
    agency = canonical_agency("市营商环境局", XIAMEN)
    assert agency.type == "other"
    assert agency.name == "厦门市营商环境局"


def test_bodies_whose_official_name_wraps_the_jurisdiction():
    assert canonical_agency("市税务局", XIAMEN).name == "国家税务总局厦门市税务局"
    assert canonical_agency("市国资委", SHENZHEN).name == "深圳市人民政府国有资产监督管理委员会"
    assert canonical_agency("省国资委", HUBEI).name == "湖北省人民政府国有资产监督管理委员会"


PUDONG = jurisdictions.by_name("浦东新区")


@pytest.mark.parametrize(
    ("written", "name", "kind"),
    [
        ("区科经委", "上海市浦东新区科技和经济委员会", "science-technology"),
        ("区建交委", "上海市浦东新区建设和交通委员会", "housing-construction"),
        ("区规划资源局", "上海市浦东新区规划和自然资源局", "natural-resources"),
        ("区政府", "上海市浦东新区人民政府", "district-government"),
    ],
)
def test_district_prefixed_bodies_in_a_district_plan(written, name, kind):
    # Regression: 区科经委 in a 浦东新区 plan stayed as written, type other.
    agency = canonical_agency(written, PUDONG)
    assert (agency.name, agency.type) == (name, kind)


def test_a_zone_committee_that_names_its_city_is_not_prefixed_twice():
    # Regression: 烟台经济技术开发区管委会 became 烟台市烟台经济技术开发区管理委员会.
    yantai = jurisdictions.by_name("烟台市")
    assert canonical_agency("烟台经济技术开发区管委会", yantai).name == "烟台经济技术开发区管理委员会"
    assert canonical_agency("高新区管委会", yantai).name == "烟台市高新区管理委员会"


def test_longer_alias_wins_over_its_tail():
    # Regression: 市自然资源规划局 matched the alias 资源规划局 and became 无锡市自然自然资源和规划局.
    wuxi = jurisdictions.by_name("无锡市")
    assert canonical_agency("市自然资源规划局", wuxi).name == "无锡市自然资源和规划局"
    assert canonical_agency("市委人才办", wuxi).name == "中共无锡市委人才工作领导小组办公室"


@pytest.mark.parametrize(
    ("written", "name", "kind"),
    [
        ("自治区科技厅", "广西壮族自治区科学技术厅", "science-technology"),
        ("自治区发展改革委", "广西壮族自治区发展和改革委员会", "development-reform"),
        ("自治区中医药局", "广西壮族自治区中医药管理局", "health"),
        ("自治区地方金融管理局", "广西壮族自治区地方金融管理局", "financial-regulation"),
    ],
)
def test_autonomous_region_prefixed_bodies(written, name, kind):
    # Regression (held-out Guangxi plan): 自治区科技厅 became 广西壮族自治区自治区科学技术厅 (prefix doubled),
    # 自治区中医药局 and 自治区地方金融管理局 stayed as written, type other.
    agency = canonical_agency(written, jurisdictions.by_name("广西壮族自治区"))
    assert (agency.name, agency.type) == (name, kind)


def test_a_county_level_city_prefix_is_the_city_itself():
    # Regression (held-out 浏阳市 plan): 市科技局 resolved to the prefecture (长沙市科学技术局) and the
    # issuer 浏阳市人民政府 to 长沙市浏阳市人民政府, a district government.
    liuyang = jurisdictions.by_name("浏阳市")
    assert canonical_agency("市科技局", liuyang).name == "浏阳市科学技术局"
    agency = canonical_agency("浏阳市人民政府", liuyang)
    assert (agency.name, agency.type) == ("浏阳市人民政府", "government")
    # A district keeps its city: 区科经委 in 浦东新区, and a county-level city named in its prefecture's plan.
    assert canonical_agency("区科经委", PUDONG).name == "上海市浦东新区科技和经济委员会"
    assert canonical_agency("浏阳市人民政府", jurisdictions.by_name("长沙市")).name == "长沙市浏阳市人民政府"


@pytest.mark.parametrize(
    ("written", "name", "kind"),
    [
        ("袁州区人民政府", "宜春市袁州区人民政府", "district-government"),
        ("袁州区发改委", "宜春市袁州区发展和改革委员会", "development-reform"),
    ],
)
def test_a_district_unique_in_the_country_keeps_its_city_when_the_plan_has_no_jurisdiction(written, name, kind):
    agency = canonical_agency(written, None)
    assert (agency.name, agency.type) == (name, kind)


def test_a_district_name_shared_by_several_cities_gets_no_guessed_city():
    assert canonical_agency("鼓楼区人民政府", None).name == "鼓楼区人民政府"
    assert canonical_agency("浏阳市人民政府", None).name == "浏阳市人民政府"
