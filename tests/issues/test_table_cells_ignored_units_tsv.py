"""Regression: a 主要指标 table cell of 300户, 2倍 or 50万平方米 yielded no target (issue #9)."""

from biopolicy.loaders.pipeline import extract_document, families

TABLE = """武威市生物医药产业发展行动方案
一、发展目标
| 指标 | 2024年 | 2027年 |
| --- | --- | --- |
| 规上生物医药企业 | 120户 | 300户 |
| 营业收入增长 | 1倍 | 2倍 |
| 标准厂房面积 | 20万平方米 | 50万平方米 |
| 产业营业收入（亿元） | 100 | ≥250 |
"""


def test_table_cells_with_a_unit_are_read_with_the_units_gazetteer(tmp_path):
    path = tmp_path / "wuwei-2024-biomedicine-action-plan.md"
    path.write_text(TABLE, encoding="utf-8")
    targets = {(t["value"], t["unit"], t["comparator"], t["year"]) for t in families(extract_document(path))["targets"]}
    assert targets == {("300", "户", "=", "2027"), ("2", "倍", "=", "2027"), ("500000", "平方米", "=", "2027"),
                       ("250", "亿元", "≥", "2027")}
