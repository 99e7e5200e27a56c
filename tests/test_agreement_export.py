"""CSV and Word export of the agreement table; Dutch number formatting."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from docx import Document

from workbench.agreement import layout
from workbench.agreement.export import (
    export_agreement,
    export_agreement_csv,
    export_agreement_docx,
)
from workbench.agreement.metrics import compute_agreement
from workbench.agreement.units import UnitTable, read_units_csv
from workbench.errors import InputError

DATA = Path(__file__).parent / "data" / "agreement"


@pytest.fixture
def nominal_result():
    return compute_agreement(read_units_csv(DATA / "krippendorff_2011_c.csv"), level="nominal")


@pytest.fixture
def binary_result():
    rows = []
    for i in range(20):
        anna = "motivation" if i % 3 == 0 else None
        ben = "motivation" if i % 3 == 0 or i == 1 else None
        rows += [(f"s{i}", "anna", anna), (f"s{i}", "ben", ben),
                 (f"s{i}", "model", "motivation" if i % 2 == 0 else None)]
    return compute_agreement(UnitTable.from_rows(rows),
                             codes=["motivation", "financial_uncertainty"])


def test_dutch_number_formatting():
    assert layout.fmt_coef(0.7434, dutch=True) == "0,74"
    assert layout.fmt_coef(0.745, dutch=True) == "0,75"  # half up, not to even
    assert layout.fmt_coef(-0.125, dutch=True) == "-0,13"
    assert layout.fmt_coef(-0.001, dutch=True) == "0,00"
    assert layout.fmt_coef(None, dutch=True) == "n.d."
    assert layout.fmt_coef(0.7434) == "0.74"
    assert layout.fmt_share(0.455) == "46%"
    assert layout.fmt_count(4081, dutch=True) == "4.081"
    assert layout.fmt_count(4081) == "4,081"


def body_order(document) -> list:
    return [child.tag.rsplit("}", 1)[1] for child in document.element.body]


def test_docx_has_captioned_grid_table_with_dutch_figures(tmp_path, nominal_result):
    path = export_agreement_docx(nominal_result, tmp_path / "agreement.docx")
    doc = Document(str(path))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    # caption paragraph directly above the table, notes paragraph directly below
    assert body_order(doc)[:3] == ["p", "tbl", "p"]
    caption, notes = doc.paragraphs[0], doc.paragraphs[1]
    assert caption.style.name == "Caption"
    assert caption.text == "Tabel 1 Overeenstemming per code"
    header = [c.text for c in table.rows[0].cells]
    assert header[:7] == ["Code", "Eenheden", "Prevalentie", "Overeenstemming", "α", "Oordeel",
                          "κ A–B"]
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    last = [c.text for c in table.rows[-1].cells]
    assert last[:6] == ["Alle codes (nominaal)", "8", "–", "75%", "0,74", "voorlopig"]
    texts = {c.text for row in table.rows for c in row.cells}
    assert "n.d." in texts  # undefined pairwise κ on code 5
    assert not any("." in t and t[0].isdigit() and t != "n.d." for t in texts)
    assert "0,667" in notes.text and "0,800" in notes.text and "Krippendorff" in notes.text
    assert "4 eenheden niet door iedereen" in notes.text


def test_docx_title_number_labels_and_model_columns(tmp_path, binary_result):
    path = export_agreement_docx(binary_result, tmp_path / "a.docx", title="Mens en model",
                                 number="3.2", labels={"motivation": "Motivatie om (weer) te werken"})
    doc = Document(str(path))
    assert doc.paragraphs[0].text == "Tabel 3.2 Mens en model"
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Code", "Eenheden", "Prevalentie", "Overeenstemming", "κ anna–ben", "α",
                      "Oordeel", "κ model–anna", "κ model–ben"]
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "Motivatie om (weer) te werken"
    unused = [c.text for c in table.rows[2].cells]
    assert unused[4:7] == ["n.d.", "n.d.", "–"]
    assert "model vergeleken met elke codeur" in doc.paragraphs[1].text


def test_csv_export_plain_and_dutch(tmp_path, binary_result):
    path = export_agreement_csv(binary_result, tmp_path / "a.csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["row"] for r in rows] == ["code", "code", "macro", "pooled"]
    motivation, unused = rows[0], rows[1]
    assert float(motivation["kappa"]) == pytest.approx(binary_result.per_code[0].kappa, abs=1e-4)
    assert motivation["n_units"] == "20"
    assert unused["alpha"] == "" and unused["flag"] == "" and "nobody" in unused["note"]
    assert "kappa model–anna" in rows[0]
    dutch = export_agreement_csv(binary_result, tmp_path / "nl.csv", dutch=True)
    with open(dutch, newline="", encoding="utf-8-sig") as fh:
        nl_rows = list(csv.DictReader(fh, delimiter=";"))
    assert nl_rows[0]["kappa"] == motivation["kappa"].replace(".", ",")


def test_export_picks_format_by_extension(tmp_path, binary_result):
    assert export_agreement(binary_result, tmp_path / "t.DOCX").exists()
    assert export_agreement(binary_result, tmp_path / "t.csv").read_text().startswith("row,")
    with pytest.raises(InputError, match="use a .docx or .csv"):
        export_agreement(binary_result, tmp_path / "t.xlsx")
