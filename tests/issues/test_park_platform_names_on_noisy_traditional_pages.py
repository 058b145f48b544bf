"""Issue #10 §2 "Noise" for parks and platforms: on a traditional-script scraped page with pinyin reading
notes (醫(yī)藥), a park or platform is found whole, in simplified script and without the readings, as
the gold writes it; a name the page cuts at a reading is not cut (现代中药创新中心 out of
國家地方共建現代中藥創新中心)."""

from pathlib import Path

from biopolicy.loaders.pipeline import extract_document, families


def test_names_on_a_traditional_page_with_readings_are_whole_and_simplified(tmp_path: Path):
    page = tmp_path / "traditional-readings.txt"
    page.write_text(
        "《支持吳中生物醫(yī)藥產業園(qū)發(fā)展的若干政策》\n"
        "加快吳中生物醫(yī)藥產業園(qū)建設,推進國家地方共建現(xiàn)代中藥創新中心建設。"
        "到2026年,產業規模達到300億元。\n",
        encoding="utf-8",
    )
    rows = families(extract_document(page))
    assert [row["park"] for row in rows["parks"]] == ["吴中生物医药产业园"]
    assert [row["platform"] for row in rows["platforms"]] == ["国家地方共建现代中药创新中心"]
