"""Table 2.1 grouped by two attributes: a landscape page of its own, the first attribute over
its second's columns; grouped by type it stays on the portrait page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT

from workbench.report import ReportConfig, build_report
from workbench.synthesis.grouping import Grouping

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


def _frequency_table(d):
    return next(t for t in d.tables if t.rows[-1].cells[0].text and "Thema" in t.rows[0].cells[0].text)


def _section_of_table(d, table) -> int:
    """Index of the section a table is in (section breaks are in paragraphs' pPr/sectPr)."""
    body = d.element.body
    n = 0
    for el in body.iterchildren():
        if el is table._tbl:
            return n
        if el.tag.endswith("}p") and el.find(".//{*}sectPr") is not None:
            n += 1
    raise AssertionError("table not found")


def test_two_attributes_put_the_table_on_a_landscape_page_with_a_spanning_header(tmp_path):
    inp = synthetic.make_input()
    d = docx.Document(str(build_report(inp, tmp_path / "r.docx", ReportConfig(group_by="uitkering,wave"))))
    table = _frequency_table(d)
    section = d.sections[_section_of_table(d, table)]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert d.sections[-1].orientation == WD_ORIENT.PORTRAIT  # the chapter goes on in portrait
    top = [c.text for c in table.rows[0].cells]
    second = [c.text for c in table.rows[1].cells]
    assert top[0] == "Thema" and top[-1].startswith("Totaal")
    assert "IVA" in top and "2024\n(n = 2)" in [s.replace("\u00ad", "") for s in second]
    grouping = Grouping.parse("uitkering,wave")
    spans = grouping.spans(grouping.order(grouping.sizes(inp)))
    assert ("IVA", 2) in spans and sum(n for _, n in spans) == len(table.columns) - 2
    widths = [c.width for c in table.columns]
    assert abs(sum(widths) - docx.shared.Cm(24.7)) < docx.shared.Cm(0.1)
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert "Tabel 2.1 Aantal respondenten en fragmenten per code, uitkering en jaar" in captions


def test_grouped_by_type_the_table_stays_portrait(tmp_path):
    d = docx.Document(str(build_report(synthetic.make_input(), tmp_path / "r.docx")))
    assert all(s.orientation == WD_ORIENT.PORTRAIT for s in d.sections)
    table = _frequency_table(d)
    assert [c.text for c in table.rows[0].cells][0] == "Thema" and len(table.rows[0].cells) == 6
    assert "per code en respondentgroep" in "\n".join(p.text for p in d.paragraphs)


def test_a_wide_table_shrinks_its_type_instead_of_breaking_header_words():
    from workbench.report.docx_helpers import LANDSCAPE_TEXT_WIDTH_CM, column_needs, fitting_font

    rows = [["Contact met de arbeidsdeskundige"] + ["12 (104)"] * 9]
    narrow = ["Thema", "Deelnemers\n(n = 7)", "Werkgevers\n(n = 2)", "Totaal\n(n = 9)"]
    assert fitting_font(narrow, [r[:4] for r in rows], LANDSCAPE_TEXT_WIDTH_CM) == 9
    wide = ["Thema"] + ["Werkgevers\n(n = 8)"] * 8 + ["Totaal\n(n = 33)"]
    pt = fitting_font(wide, rows, LANDSCAPE_TEXT_WIDTH_CM)
    assert pt < 9
    # at that size every column gets what its longest header word needs
    assert sum(column_needs(wide, rows, LANDSCAPE_TEXT_WIDTH_CM, pt)) <= LANDSCAPE_TEXT_WIDTH_CM
