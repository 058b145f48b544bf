"""Plan metadata the loaders got wrong on real texts (issue #10), each on a short invented text of the genre."""

from datetime import date

from biopolicy.loaders import jurisdictions
from biopolicy.loaders.clean import clean
from biopolicy.loaders.extract.agencies import canonical_agency
from biopolicy.loaders.extract.metadata import extract_metadata
from biopolicy.loaders.text import MappedText

SIGNED_BY_MANY_BODIES = """红河州关于印发推进中医药产业发展实施意见的通知
各县市人民政府:
根据省卫生健康委、省发展改革委等18部门《关于印发推进中医药产业发展实施意见的通知》(云卫发〔2021〕3号),州卫生健康委、州发展改革委等5个部门制定了《红河州关于推进中医药产业发展的实施意见》,现印发给你们。

红河州卫生健康委员会 红河州发展和改革委员会

红河州财政局 红河州商务局

中国人民银行红河中心支行

2021年5月10日

红河州关于推进中医药产业发展的实施意见
一、总体要求
"""


def test_a_signature_block_of_several_bodies_per_line_gives_every_co_issuer():
    meta = extract_metadata(SIGNED_BY_MANY_BODIES)
    assert meta.issuer == "红河州卫生健康委员会|红河州发展和改革委员会|红河州财政局|红河州商务局|中国人民银行红河中心支行"
    assert meta.issued == date(2021, 5, 10)


def test_the_attached_plans_title_wins_over_a_cover_notice_cited_far_after_its_cite_word():
    rejected = []
    meta = extract_metadata(SIGNED_BY_MANY_BODIES, reject=lambda span, reason: rejected.append(reason))
    assert meta.title == "红河州关于推进中医药产业发展的实施意见"
    assert any("cited" in reason for reason in rejected)


def test_an_autonomous_prefectures_short_form_names_the_jurisdiction():
    meta = extract_metadata(SIGNED_BY_MANY_BODIES)
    assert (meta.jurisdiction.name, meta.jurisdiction.level) == ("红河哈尼族彝族自治州", "city")
    assert jurisdictions.by_name("黔东南州").name == "黔东南苗族侗族自治州"


CITED_WITH_NUMBER = """一、政策制定背景是什么?
充分衔接原区级政策《关于促进数字医疗产业发展的实施意见》(区办〔2021〕5号),结合我区实际,制定本实施意见。
二、该政策包含哪些条款?
《关于加快数字医疗产业创新发展的实施意见》主要包含12条政策。
"""


def test_a_first_title_carrying_its_document_number_is_cited_without_a_cite_word():
    rejected = []
    meta = extract_metadata(CITED_WITH_NUMBER, reject=lambda span, reason: rejected.append(reason))
    assert meta.title == "关于加快数字医疗产业创新发展的实施意见"
    assert any("document number" in reason for reason in rejected)


LIST_OF_CITED_TITLES = """为做强生物医药产业,根据《某省生物医药产业发展三年行动(2022—2024年)》(某发改高技〔2022〕564号)、《某省发展和改革委员会关于印发生物医药产业支持政策的通知》等文件精神,制定本行动方案。
一、总体要求
"""


def test_a_title_after_a_cited_title_and_its_long_document_number_is_cited_too():
    assert extract_metadata(LIST_OF_CITED_TITLES).title == ""


HEADING_WITH_NUMBER = """本帖最后由 某网友 于 2021-12-16 13:01 编辑
甘肃省中药材产业发展实施方案(2021年—2025年) 甘政办发〔2021〕52号
为推进中药材产业高质量发展,制定本实施方案。
"""


def test_a_heading_followed_by_its_document_number_after_a_space_is_the_title():
    meta = extract_metadata(HEADING_WITH_NUMBER)
    assert meta.title == "甘肃省中药材产业发展实施方案(2021年—2025年)"
    assert (meta.period_start, meta.period_end) == (2021, 2025)
    assert meta.jurisdiction.name == "甘肃省"


def test_a_county_short_name_after_its_city_in_the_title_is_the_jurisdiction():
    text = "广州番禺促进生物医药产业高质量发展扶持办法\n番禺将支持企业发展。\n"
    meta = extract_metadata(text)
    assert (meta.jurisdiction.name, meta.jurisdiction.admin_level) == ("番禺区", "district")


def test_a_district_created_after_the_national_table_is_known():
    text = "临安区委区政府召开大会,临安区将全力支持企业。全区医药企业超过百家。\n"
    assert extract_metadata(text).jurisdiction.name == "临安区"


COUNTY_WITHOUT_SELF_REFERENCE = """为贯彻落实云南省委、省政府决策部署,按照普洱市发展定位,围绕景谷傣族彝族自治县现代产业体系建设,充分发挥景谷傣族彝族自治县资源优势,实现景谷傣族彝族自治县高质量发展。
一、总体要求
以全省打造“三张牌”为目标,促进景谷傣族彝族自治县生物医药产业发展。
"""


def test_a_county_plan_that_never_says_wo_xian_is_the_county_it_names_most():
    meta = extract_metadata(COUNTY_WITHOUT_SELF_REFERENCE)
    assert (meta.jurisdiction.name, meta.jurisdiction.admin_level) == ("景谷傣族彝族自治县", "county")


CONSULTATION_LETTER = """关于征求某市支持生物医药产业发展十条措施修改意见的函
各有关单位:
市生物医药产业专班办公室对十条措施进行了修改,形成某市支持生物医药产业发展十条措施(征求意见稿),现征求意见。
附件:某市支持生物医药产业发展十条措施(征求意见稿)
某市生物医药产业推进专班办公室
2024年8月26日
某市支持生物医药产业发展十条措施
(征求意见稿)
"""


def test_the_signature_of_a_consultation_letter_is_not_the_plans_issuer_nor_its_date():
    rejected = []
    meta = extract_metadata(CONSULTATION_LETTER, reject=lambda span, reason: rejected.append(reason))
    assert meta.issuer is None
    assert meta.issued is None
    assert sum("consultation" in reason for reason in rejected) == 2


def test_a_bare_city_government_before_an_issuing_verb_is_the_issuer():
    text = "12月13日,市卫健委召开新闻发布会。\n今年5月,市政府下发《十堰市生物医药产业三年行动方案(2023-2025)》。\n"
    assert extract_metadata(text).issuer == "市政府"


def test_a_joint_party_and_government_authorship_is_no_issuer():
    rejected = []
    text = "对此,市委、市政府制定出台了《长春市生物医药产业三年行动计划》。\n"
    meta = extract_metadata(text, reject=lambda span, reason: rejected.append(reason))
    assert meta.issuer is None
    assert any("party" in reason for reason in rejected)


def test_a_reporters_date_before_a_lead_word_is_not_the_issue_date():
    rejected = []
    text = "2022-03-14 09:59:04来源:某日报\n3月13日,记者获悉,日前市政府办公厅印发《重庆市加快生物医药产业发展若干措施》。\n"
    meta = extract_metadata(text, reject=lambda span, reason: rejected.append(reason))
    assert meta.issuer == "市政府办公厅"
    assert meta.issued is None
    assert any("日前" in reason for reason in rejected)


def test_with_no_issuer_the_date_opening_the_clause_that_issues_the_title_is_the_issue_date():
    text = "区发改局  2015-08-24 10:18\n根据上级部署,8月14日,贵阳市人民 出台了《市人民 关于支持乌当区发展大健康产业的意见》(筑府发〔2015〕32号)文件。\n"
    meta = extract_metadata(clean(MappedText.from_source(text)).work)
    assert meta.issued == date(2015, 8, 14)


def test_a_municipalitys_bare_city_body_takes_the_municipalitys_name():
    chongqing = jurisdictions.by_name("重庆市")
    assert canonical_agency("市政府办公厅", chongqing).name == "重庆市人民政府办公厅"


def test_the_signer_of_a_consultation_letter_is_an_agency_of_the_plan(tmp_path):
    from biopolicy.loaders.pipeline import extract_document

    path = tmp_path / "draft.txt"
    path.write_text(CONSULTATION_LETTER, encoding="utf-8")
    written = {agency.written for agency in extract_document(path).agencies}
    assert "某市生物医药产业推进专班办公室" in written


def test_a_miswritten_human_resources_bureau_in_a_signature_resolves():
    dali = jurisdictions.by_name("大理州")
    agency = canonical_agency("大理州人力和社会资源保障局", dali)
    assert (agency.name, agency.type) == ("大理白族自治州人力资源和社会保障局", "human-resources")
