"""Patterns of the genre that the eighth batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. Parks listed before 等平台 (平台 as any
carrier of a policy) were read as platforms; 建强 was read as part of a park's name; and a
biosafety-level class (P3实验室) was read as a platform.
"""

from __future__ import annotations

from tests.test_parks import names, parks_of
from tests.test_platforms import platforms_of


def test_parks_listed_before_deng_pingtai_stay_parks():
    text = "着力建强溧阳国际生命科学创新园、溧阳生命健康产业园等平台,打造产业高地。"
    assert names(parks_of(text)) == ["溧阳国际生命科学创新园", "溧阳生命健康产业园"]
    assert names(platforms_of(text)) == []


def test_a_centre_listed_before_a_park_head_is_still_a_park():
    text = "支持溧阳护理床生产基地、金坛病理设备制造中心等特色产业集聚区建设。"
    assert "金坛病理设备制造中心" in names(parks_of(text))


def test_jianqiang_opens_no_park_name():
    assert names(parks_of("建强溧阳生命健康产业园。")) == ["溧阳生命健康产业园"]


def test_a_biosafety_level_laboratory_is_a_class():
    text = "P3实验室建设取得突破,建成溧阳细胞治疗中试平台。"
    assert names(platforms_of(text)) == ["溧阳细胞治疗中试平台"]
