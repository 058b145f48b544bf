"""Sectors (loaders/extract/sectors.py) on short plan texts composed for the tests."""

from __future__ import annotations

from biopolicy.loaders.extract.sectors import extract_sectors
from tests.test_parks import make_context, make_task


def sectors_of(text: str, **kwargs):
    context = make_context(text, **kwargs)
    sectors = extract_sectors(context)
    for sector in sectors:
        assert sector.name == sector.type
    return [(sector.name, text[sector.span[0] : sector.span[1]]) for sector in sectors]


def test_each_listed_branch_is_a_mention_with_its_label_as_written():
    assert sectors_of("重点发展疫苗、重组蛋白及多肽药物、抗体药物等生物药。") == [
        ("vaccine", "疫苗"),
        ("recombinant-protein", "重组蛋白及多肽药物"),
        ("antibody", "抗体药物"),
        ("biologics", "生物药"),
    ]


def test_the_longest_label_wins_over_the_labels_inside_it():
    assert sectors_of("推动地方特色中药饮片开发,发展CAR-T细胞治疗。") == [
        ("tcm", "中药饮片"),
        ("car-t", "CAR-T细胞治疗"),
    ]


def test_a_latin_label_counts_only_as_a_whole_word():
    assert sectors_of("建设MICROS平台和CRO研发服务中心。") == [("cro", "CRO研发服务")]


def test_a_mention_is_attributed_to_its_task():
    text = "(一)医疗器械工程\n发展高端医疗器械。\n(二)服务工程\n发展健康管理。"
    task = make_task(text, "三.(一)", "医疗器械工程", "(一)医疗器械工程\n发展高端医疗器械。")
    context = make_context(text, tasks=[task])
    assert [(s.name, s.unit) for s in extract_sectors(context)] == [
        ("medical-device", "三.(一)"),
        ("medical-device", "三.(一)"),
        ("health-services", None),
    ]
