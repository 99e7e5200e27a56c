"""Export the agreement table: CSV for further analysis, Word (python-docx) for the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.agreement import layout
from workbench.agreement.results import AgreementResult
from workbench.errors import InputError
from workbench.interop.spreadsheet import SafeWriter

DEFAULT_TITLE = "Overeenstemming per code"
FLAG_SHADE = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE", "few": "E7E6E6"}


# -- CSV ------------------------------------------------------------------------------------
def _csv_number(value: Any, dutch: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.4f}"
        return text.replace(".", ",") if dutch else text
    return str(value)


def export_agreement_csv(result: AgreementResult, path: str | Path, *, dutch: bool = False,
                         labels: dict[str, str] | None = None) -> Path:
    """One row per code, then ``macro``, ``pooled`` / ``nominal``. Undefined = empty cell.

    Plain CSV (``,`` and ``.``) by default; ``dutch=True`` writes ``;`` and decimal commas
    for Dutch Excel. Pairwise columns: ``kappa a–b``, ``alpha a–b``, ``n a–b``.
    """
    path = Path(path)
    labels = labels or {}
    pairs = result.pair_labels
    head = ["row", "code", "label", "n_units", "n_dropped", "n_units_alpha", "prevalence",
            "percent_agreement", "kappa", "alpha", "flag", "note"]
    for a, b in pairs:
        head += [f"kappa {a}–{b}", f"alpha {a}–{b}", f"n {a}–{b}"]

    records: list[tuple[str, Any]] = [("code", c) for c in result.per_code]
    if result.macro:
        records.append(("macro", result.macro))
    if result.pooled:
        records.append(("pooled", result.pooled))
    if result.nominal:
        records.append(("nominal", result.nominal))

    lines = [head]
    for kind, rec in records:
        code = getattr(rec, "code", "(macro)")
        line = [kind, code, labels.get(code, code)]
        for key in ("n_units", "n_dropped", "n_units_alpha", "prevalence",
                    "percent_agreement", "kappa", "alpha", "flag", "note"):
            line.append(_csv_number(getattr(rec, key, None), dutch))
        by_pair = {(p.coder_a, p.coder_b): p for p in rec.pairwise}
        for pair in pairs:
            p = by_pair.get(pair)
            line += ([_csv_number(p.kappa, dutch), _csv_number(p.alpha, dutch),
                      _csv_number(p.n_units, dutch)] if p else ["", "", ""])
        lines.append(line)
    try:
        with open(path, "w", newline="", encoding="utf-8-sig" if dutch else "utf-8") as fh:
            SafeWriter(fh, delimiter=";" if dutch else ",").writerows(lines)
    except OSError as exc:
        raise InputError(f"cannot write file ({exc.strerror})", path=str(path)) from None
    return path


# -- Word -----------------------------------------------------------------------------------
def notes_text(result: AgreementResult) -> str:
    """The source/notes line below the Word table (Dutch)."""
    coders = ", ".join(result.main_coders)
    n = layout.fmt_count(result.n_units_complete, True)
    unit = "eenheid" if result.n_units_complete == 1 else "eenheden"
    parts = [f"Bron: workbench; codeurs {coders}. Percentages en κ over {n} {unit} die "
             f"alle codeurs beoordeelden"]
    if result.n_units_dropped:
        d = result.n_units_dropped
        parts[0] += (f" ({layout.fmt_count(d, True)} {'eenheid' if d == 1 else 'eenheden'} "
                     "niet door iedereen beoordeeld en daarom weggelaten)")
    parts.append("α = Krippendorffs alfa over alle eenheden die minstens twee codeurs "
                 "beoordeelden; κ = Cohens kappa; overeenstemming = gemiddeld aandeel "
                 "overeenstemmende paren codeurs")
    if result.level == "binary":
        parts.append("Per code: wel of niet toegekend; 'alle beslissingen samen' telt elke "
                     "combinatie van eenheid en code als één beslissing")
    else:
        parts.append("Alle codes (nominaal): één code per eenheid; per code: deze code "
                     "of een andere")
    for m in result.comparison_coders:
        parts.append(f"κ {m}–…: {m} vergeleken met elke codeur afzonderlijk, niet opgenomen "
                     "in α en κ van de codeurs")
    parts.append("Oordeel: " + layout.thresholds_text(result.thresholds, dutch=True))
    parts.append("n.d. = niet te bepalen (geen variatie: de code is nooit of altijd "
                 "toegekend)")
    return ". ".join(parts) + "."


def _repeat_header(row) -> None:
    """Mark a row as header row, repeated on every page the table spans."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def add_agreement_table(document, result: AgreementResult, *, title: str = DEFAULT_TITLE,
                        number: str | int = 1, labels: dict[str, str] | None = None,
                        decimals: int = 2):
    """Append caption ("Tabel 1 …", style Caption), the table (Table Grid) and the notes line
    to a python-docx ``document``; returns the table."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cols = layout.columns(result)
    rows = layout.rows(result, labels)
    document.add_paragraph(f"Tabel {number} {title}", style="Caption")
    table = document.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, col in zip(table.rows[0].cells, cols):
        cell.paragraphs[0].add_run(col.nl).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, col in zip(cells, cols):
            par = cell.paragraphs[0]
            run = par.add_run(layout.fmt_cell(col, row, dutch=True, decimals=decimals))
            run.italic = row.kind != "code"
            if col.kind != "text":
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if col.kind == "flag" and row.flag:
                _shade(cell, FLAG_SHADE[row.flag])
    notes = document.add_paragraph()
    run = notes.add_run(notes_text(result))
    run.font.size = Pt(8)
    return table


def export_agreement_docx(result: AgreementResult, path: str | Path, *,
                          title: str = DEFAULT_TITLE, number: str | int = 1,
                          labels: dict[str, str] | None = None, decimals: int = 2) -> Path:
    """Write a Word file holding the agreement table (see :func:`add_agreement_table`)."""
    from docx import Document

    path = Path(path)
    document = Document()
    add_agreement_table(document, result, title=title, number=number, labels=labels,
                        decimals=decimals)
    try:
        document.save(str(path))
    except OSError as exc:
        raise InputError(f"cannot write file ({exc.strerror})", path=str(path)) from None
    return path


def export_agreement(result: AgreementResult, path: str | Path, **kwargs) -> Path:
    """Pick CSV or Word by the extension of ``path``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return export_agreement_csv(result, path, labels=kwargs.get("labels"))
    if suffix == ".docx":
        return export_agreement_docx(result, path, **kwargs)
    raise InputError(f"cannot export to '{suffix or 'no extension'}'", path=str(path),
                     hint="use a .docx or .csv file name")
