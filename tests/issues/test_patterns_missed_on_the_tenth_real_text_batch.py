"""Patterns of the genre that the tenth batch of real texts showed the loaders getting wrong (issue #10).

Each test is a sentence composed for it; no real text is quoted. 林业局 was typed a natural-resources
department, though ontology/vocab/agency-type.ttl lists it under forestry; 科协 had no type; a note
inside an agency list (以下均需各县(市、区)人民政府…落实,不再列出) gave agencies of its own words; and 了
was read as part of a platform's name.
"""

from __future__ import annotations

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.extract.agencies import canonical_agency
from tests.test_parks import names
from tests.test_platforms import platforms_of
from tests.test_responsibilities import rows as responsibilities


def test_a_forestry_bureau_and_a_science_association_have_their_vocabulary_types():
    city = jurisdictions.by_name("赣州市")
    assert canonical_agency("市林业局", city).type == "forestry"
    found = canonical_agency("市科协", city)
    assert (found.name, found.type) == ("赣州市科学技术协会", "science-association")


def test_a_note_inside_an_agency_list_names_no_agency():
    text = (
        "一、重点任务\n(一)拓展产业园空间。推进园区扩容。(责任单位:市工业和信息化局、市自然资源局,"
        "以下均需各县(市、区)人民政府落实,不再列出)\n"
    )
    assert [agency for _, agency, _ in responsibilities(text)] == ["市工业和信息化局", "市自然资源局"]


def test_le_opens_no_platform_name():
    assert names(platforms_of("建成了宁夏六盘山中药资源技术服务中心。")) == ["宁夏六盘山中药资源技术服务中心"]


def test_platforms_named_only_by_generic_words_joined_with_yu_or_ji_are_classes():
    text = "建设全球顶尖研发及创新中心、外包与服务中心和高能级创新平台,搭建科研平台。"
    assert names(platforms_of(text)) == []
    assert names(platforms_of("建成省健康科学院。")) == ["省健康科学院"]  # 健康 names an institution's field
