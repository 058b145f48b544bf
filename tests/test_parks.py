"""Parks (loaders/extract/parks.py, names.py) on short plan texts composed for the tests.

The helpers here build an ExtractionContext the way tests/test_targets.py does; the platform,
person and sector tests import them.
"""

from __future__ import annotations

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.extract.parks import extract_parks
from biopolicy.loaders.model import DocumentTree, ExtractionContext, PlanMetadata, Section, Task
from biopolicy.loaders.text import MappedText


def span_of(text: str, part: str, start: int = 0) -> tuple[int, int]:
    begin = text.index(part, start)
    return begin, begin + len(part)


def make_task(text: str, path: str, title: str, body: str, parent: str | None = None) -> Task:
    """A task whose span is ``body`` (its first occurrence) and whose title is the first ``title`` in it."""
    span = span_of(text, body)
    title_span = span_of(text, title, span[0])
    return Task(path=path, title=title, span=span, title_span=title_span, parent=parent, kind="task", order=0)


def layout_section(text: str, title: str, body: str) -> Section:
    """An unnumbered heading block such as 空间布局, spanning ``body``."""
    span = span_of(text, body)
    return Section(kind="heading", number="", path=title, title=title, span=span,
                   title_span=span_of(text, title, span[0]), label=title)  # fmt: skip


def make_context(
    text: str,
    tasks: list[Task] | None = None,
    sections: list[Section] | None = None,
    city: str | None = "苏州市",
) -> ExtractionContext:
    plan = jurisdictions.by_name(city) if city else None
    metadata = PlanMetadata(title="", title_span=(0, 0), jurisdiction=plan)
    tree = DocumentTree(title_span=None, preamble=(0, len(text)), sections=list(sections or []))
    return ExtractionContext(
        text=MappedText.from_source(text), tree=tree, facts={"plans": [metadata], "tasks": list(tasks or [])}
    )


def names(entities) -> list[str]:
    return [entity.name for entity in entities]


def assert_spans_hold_names(context: ExtractionContext, entities) -> None:
    for entity in entities:
        assert context.text.work[entity.span[0] : entity.span[1]] == entity.name, entity


def parks_of(text: str, **kwargs):
    context = make_context(text, **kwargs)
    parks = extract_parks(context)
    assert_spans_hold_names(context, parks)
    return parks


def test_named_parks_are_cut_at_the_verb_and_at_a_coordinator_after_a_suffix():
    parks = parks_of("加快建设成都天府国际生物城和武汉光谷生物城,做强上海张江药谷。")
    assert names(parks) == ["成都天府国际生物城", "武汉光谷生物城", "上海张江药谷"]
    assert [park.type for park in parks] == ["bio-city", "bio-city", "pharma-valley"]


def test_a_park_named_after_a_place_keeps_a_boundary_character_inside_the_place():
    parks = parks_of("依托中以创新合作产业园区,开展国际合作。")
    assert names(parks) == ["中以创新合作产业园区"]


def test_a_base_needs_a_place_name():
    parks = parks_of("支持建设绿色原料药生产基地和泰州医药产业基地。")
    assert names(parks) == ["泰州医药产业基地"]
    assert parks[0].type == "industrial-base"


def test_industrial_park_of_a_city_is_found_with_its_specialisation():
    text = "支持苏州工业园区重点发展生物药、高端医疗器械等领域。"
    parks = parks_of(text)
    assert names(parks) == ["苏州工业园区"]
    assert parks[0].note == "生物药、高端医疗器械等领域"


def test_a_zone_named_as_the_responsible_agency_is_not_a_park():
    assert parks_of("(责任单位:苏州工业园区管委会、市发展改革委)") == []


def test_classes_counts_and_descriptions_are_not_parks():
    text = "建成2-3个特色产业园区,支持高校建设大学科技园,打造全国重要的生物医药产业基地。"
    assert parks_of(text) == []


def test_a_cluster_area_needs_a_place_below_the_plans_own_city():
    text = "打造苏州市生物医药产业核心集聚区。支持吴江生物医药集聚区建设。"
    assert names(parks_of(text)) == ["吴江生物医药集聚区"]


def test_a_name_nested_in_a_longer_one_is_not_a_park_of_its_own():
    parks = parks_of("加快建设张江药谷创新园。")
    assert names(parks) == ["张江药谷创新园"]
    assert parks[0].type == "industrial-park"


def test_items_of_a_list_whose_hypernym_is_a_park_class_are_parks():
    text = "支持昆山小核酸产业园、太仓生物医药产业创新中心等特色产业集聚区建设。"
    assert names(parks_of(text)) == ["昆山小核酸产业园", "太仓生物医药产业创新中心"]


def test_a_short_form_after_the_place_prefixed_name_is_not_a_second_park():
    text = "(二)前海生物医药创新政策探索区。\n发挥区位优势,打造生物医药创新政策探索区。"
    assert names(parks_of(text)) == ["前海生物医药创新政策探索区"]


def test_bare_zone_words_count_only_in_a_spatial_layout_unit():
    text = "空间布局\n“三极”:加速打造高新区、工业园区、吴中经济技术开发区。\n重点任务\n支持有条件的开发区建设孵化器。"
    layout = layout_section(
        text, "空间布局", "空间布局\n“三极”:加速打造高新区、工业园区、吴中经济技术开发区。"
    )
    assert names(parks_of(text, sections=[layout])) == ["高新区", "吴中经济技术开发区"]


def test_districts_named_as_the_place_of_a_cluster_in_a_layout_unit_are_parks():
    body = "(四)发展布局:鼓励吴中区建设医疗器械产业集聚区,相城区发展中药现代化产业,各区县(市)错位发展。"
    text = body + "\n支持吴中区建设孵化载体。"
    layout = Section(kind="section", number="四", path="一.(四)", title="发展布局", span=span_of(text, body),
                     title_span=span_of(text, "发展布局"))  # fmt: skip
    parks = parks_of(text, sections=[layout])
    assert [(park.name, park.type, park.note) for park in parks] == [
        ("吴中区", "district", "医疗器械产业集聚区"),
        ("相城区", "district", "中药现代化产业"),
    ]


def test_a_park_is_attributed_to_the_task_it_sits_in():
    text = "(一)产业载体工程\n加快建设苏州生物医药产业园。\n(二)人才工程\n引进人才。"
    task = make_task(text, "三.(一)", "产业载体工程", "(一)产业载体工程\n加快建设苏州生物医药产业园。")
    parks = parks_of(text, tasks=[task])
    assert [(park.name, park.unit) for park in parks] == [("苏州生物医药产业园", "三.(一)")]


def test_a_named_park_in_a_measure_heading_is_a_park_and_a_kind_of_park_is_not():
    text = "(三)加快建设成都天府国际生物城。\n(四)建设专业化生物医药园区。"
    tasks = [
        make_task(text, "二.(三)", "加快建设成都天府国际生物城", "(三)加快建设成都天府国际生物城。"),
        make_task(text, "二.(四)", "建设专业化生物医药园区", "(四)建设专业化生物医药园区。"),
    ]
    assert names(parks_of(text, tasks=tasks)) == ["成都天府国际生物城"]


def test_a_health_port_is_a_park_and_an_institutes_base_is_not():
    # Regression: 珠海国际健康港 was missed (no suffix) and 澳门大学中华医药研究院珠海基地 was read as a park.
    text = "以珠海国际健康港为核心,推动澳门大学中华医药研究院珠海基地建设。"
    assert names(parks_of(text, city="珠海市")) == ["珠海国际健康港"]


def test_a_place_named_park_is_found_even_in_a_sentence_where_zones_build():
    # Regression: 支持A开发区…建设生物医药特色园区,支持进贤县医疗器械产业园打造… dropped the 进贤县 park
    # as "built by a class" (开发区建设…).
    text = "支持宜春经济技术开发区建设生物医药特色园区,支持进贤县医疗器械产业园打造医用耗材生产基地。"
    assert names(parks_of(text, city="南昌市")) == ["宜春经济技术开发区", "进贤县医疗器械产业园"]


def test_a_kind_of_zone_in_a_ranking_is_not_a_park():
    # Regression (held-out Taizhou plan): 中国医药城综合实力保持全国医药类高新区 was one park name.
    parks = parks_of("中国医药城综合实力保持全国医药类高新区前列。", city="泰州市")
    assert "全国医药类高新区" not in names(parks)
    assert all("保持" not in name for name in names(parks))


# ------------------------------------------------------------------ real-text patterns (issue #10 §2)


def rejected(context: ExtractionContext) -> dict[str, str]:
    """``{candidate: reason}`` of the park and platform candidates the extractors turned down."""
    return {r.candidate: r.reason for r in context.rejections if r.family in ("park", "platform", "parks/platforms")}


def test_the_zone_whose_committee_issues_the_plan_is_not_one_of_its_parks():
    text = (
        "近日,吴淞高新区管委会印发《关于支持生物医药产业发展的若干措施》。"
        "到2026年,吴淞高新区生物医药产业规模突破300亿元。重点建设吴淞高新区医疗器械产业园。"
    )
    context = make_context(text)
    assert names(extract_parks(context)) == ["吴淞高新区医疗器械产业园"]
    assert "own zone" in rejected(context)["吴淞高新区"]


def test_a_year_before_a_zone_is_not_part_of_its_name():
    assert names(parks_of("2026年末张江科学城生物医药产值达到800亿元。")) == ["张江科学城"]


def test_zones_in_an_addressee_list_are_addressees_not_parks():
    text = "各县(市、区)人民政府,吴中经济开发区、相城生态新区(漕湖产业园)管委会,市各委办局:\n现将方案印发给你们。"
    context = make_context(text)
    assert extract_parks(context) == []
    assert rejected(context)["吴中经济开发区"].startswith("addressee")


def test_a_named_new_area_that_is_no_district_is_a_zone():
    # 浦东新区 is a district (divisions.tsv): outside a layout unit it is a government, not a park.
    assert names(parks_of("支持太湖新区和浦东新区发展细胞治疗产业。")) == ["太湖新区"]


def test_the_list_before_a_layout_slogan_names_the_plans_layout_units():
    text = "以吴中生命科学园、国际医疗器械城、湖畔智造城、合成生物制造产业集聚区“一园两城一区”为核心,联动发展。"
    assert names(parks_of(text)) == ["吴中生命科学园", "国际医疗器械城", "湖畔智造城", "合成生物制造产业集聚区"]


def test_items_of_a_list_of_named_parks_need_no_place_name():
    text = (
        "推动漕湖医药健康产业集聚区、香山设计小镇、运河商务园等重点产业集聚区协同发展。"
        "建设道地药材生产基地、标准化种植基地等中药材基地。"
    )
    assert names(parks_of(text)) == ["漕湖医药健康产业集聚区", "香山设计小镇", "运河商务园"]


def test_a_description_after_a_copula_is_no_park():
    text = "第一个园是30万平方米的生物医药孵化园,突出研发孵化;另一个园是占地200亩的医疗器械特色园。"
    context = make_context(text)
    assert extract_parks(context) == []
    assert rejected(context)["生物医药孵化园"].startswith("description")


def test_one_of_a_number_of_described_parks_is_counted():
    assert parks_of("打造1—2个区域性产学研一体化的药用植物园。") == []


def test_brand_phrases_are_not_parks_but_a_name_that_opens_with_a_country_is():
    text = "着力建设“中国药谷”,推进“太湖药谷”区域公用品牌建设,培育种业硅谷。支持中国医药城建设。"
    context = make_context(text)
    assert names(extract_parks(context)) == ["中国医药城"]
    reasons = rejected(context)
    assert reasons["中国药谷"].startswith("brand") and reasons["种业硅谷"].startswith("brand")


def test_a_national_designation_needs_a_place_and_a_base_may_name_it_after_the_level():
    text = (
        "到2026年,国家中医药综合改革试验区建设水平全面提升。"
        "被授予“国家火炬苏州吴中生物医药特色产业基地”称号。"
    )
    context = make_context(text)
    assert names(extract_parks(context)) == ["国家火炬苏州吴中生物医药特色产业基地"]
    assert rejected(context)["国家中医药综合改革试验区"].startswith("national designation")


def test_a_park_is_not_taken_with_the_verb_that_opens_it():
    assert names(parks_of("4月6日,苏州生物医药产业园正式开园。")) == ["苏州生物医药产业园"]


def test_corridors_circles_and_experimental_zones_are_parks():
    text = "打造苏锡常医药健康产业走廊,建设南通医药产业圈和苏州港经济综合实验区。"
    assert names(parks_of(text)) == ["苏锡常医药健康产业走廊", "南通医药产业圈", "苏州港经济综合实验区"]


def test_a_named_free_trade_zone_keeps_自由_inside_its_name():
    text = "江苏自由贸易试验区苏州片区管理委员会公布《生物医药产业发展规划》。"
    context = make_context(text)
    assert extract_parks(context) == []
    assert rejected(context)["江苏自由贸易试验区苏州片区"] == "attributive"


def test_a_direction_word_that_opens_a_sentence_is_not_part_of_the_name():
    text = "北部大学城片区发挥创新引领作用。依托市一院、北部战区总医院等医疗机构开展临床研究。"
    context = make_context(text)
    assert names(extract_parks(context)) == ["大学城片区"]
    assert rejected(context)["北部战区总医院"] == "host"  # the whole name, an item of the list of hosts


def test_a_park_named_inside_a_projects_name_is_not_a_park():
    context = make_context("重点项目包括吴中生物制药产业园(A区)疫苗产业化项目、新型制剂项目等。")
    assert extract_parks(context) == []
    assert rejected(context)["吴中生物制药产业园"].startswith("cut: part of a project")


def test_a_single_described_park_is_not_counted():
    assert names(parks_of("建设一个集研发、生产于一体的吴江生物医药产业园。")) == ["吴江生物医药产业园"]


def test_named_zones_count_wherever_the_plan_names_them_as_its_places():
    text = "依托西安航天基地、咸阳经开区和宝鸡高新区,打造生物医药产业集群。两江新区重点发展抗体药物,构建“一园两区”格局。"
    parks = parks_of(text, city="陕西省")
    assert names(parks) == ["西安航天基地", "咸阳经开区", "宝鸡高新区", "两江新区"]


def test_an_area_or_island_named_beside_a_park_in_a_list_is_a_park():
    text = "聚焦张江科学城、外高桥区域,形成创新核爆点。中部的生命岛、宝山国家生物医药基地集聚企业。推动重点区域协同发展。"
    context = make_context(text)
    assert names(extract_parks(context)) == ["张江科学城", "外高桥区域", "生命岛", "宝山国家生物医药基地"]
    assert rejected(context)["重点区域"] == "generic"


def test_a_park_named_after_a_developer_with_the_place_inside_or_in_a_bracket_is_a_park():
    text = "加快海尔医疗南通大健康产业城、招商局(昆山)健康产业新城等重大项目建设。打造绿色健康产业新城。"
    context = make_context(text)
    assert names(extract_parks(context)) == ["海尔医疗南通大健康产业城", "招商局(昆山)健康产业新城"]
    assert rejected(context)["绿色健康产业新城"] == "no place"


def test_a_region_of_a_province_opens_a_park_name():
    assert names(parks_of("建设苏南中医康养小镇和特色中医康养小镇。")) == ["苏南中医康养小镇"]


def test_a_street_address_is_no_park_and_no_part_of_the_name_after_it():
    text = "地址:江苏省苏州吴江经济技术开发区北区云梨路9号吴江生命科技产业园。"
    context = make_context(text)
    assert names(extract_parks(context)) == ["吴江生命科技产业园"]
    assert rejected(context)["江苏省苏州吴江经济技术开发区"].startswith("address")


def test_a_verb_of_use_or_construction_before_a_name_is_no_part_of_it():
    text = "利用吴江经济技术开发区的基础,构筑吴江生物医药产业集聚区。"
    assert names(parks_of(text)) == ["吴江经济技术开发区", "吴江生物医药产业集聚区"]
