"""Disagreement lists as CSV or a Word document for a reconciliation meeting."""

from __future__ import annotations

from pathlib import Path

from workbench.agreement.reconcile import Disagreement
from workbench.interop.spreadsheet import SafeDictWriter


def write_csv(diffs: list[Disagreement], coders: list[str], path_or_stream) -> None:
    fields = ["segment", "transcript", "speaker", "respondent", "text", *[f"codes_{c}" for c in coders],
              *[f"reasons_{c}" for c in coders], "differing", "consensus_codes", "reason"]
    own = isinstance(path_or_stream, (str, Path))
    fh = open(path_or_stream, "w", encoding="utf-8", newline="") if own else path_or_stream
    try:
        w = SafeDictWriter(fh, fieldnames=fields)
        w.writeheader()
        for d in diffs:
            w.writerow({"segment": d.segment_id, "transcript": d.transcript, "speaker": d.speaker or "",
                        "respondent": d.respondent or "", "text": d.text,
                        **{f"codes_{c}": ";".join(d.codes.get(c, [])) for c in coders},
                        **{f"reasons_{c}": " | ".join(d.reasons.get(c, [])) for c in coders},
                        "differing": ";".join(d.differing), "consensus_codes": "", "reason": ""})
    finally:
        if own:
            fh.close()


def write_docx(diffs: list[Disagreement], coders: list[str], labels: dict[str, str], path: Path,
               common: int) -> Path:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.add_heading("Verschillen tussen codeurs", level=1)
    doc.add_paragraph(
        f"Codeurs: {', '.join(coders)}. Van de {common} fragmenten die alle codeurs zagen, verschillen "
        f"er {len(diffs)}. Per fragment: de context, de tekst, en per codeur de toegekende codes en "
        "toelichting. Noteer in de laatste kolom het besluit; `workbench reconcile --from-csv` leest "
        "de CSV-versie van deze lijst in.")
    for d in diffs:
        doc.add_heading(f"Fragment {d.segment_id} – {d.transcript} ({d.speaker or '?'})", level=2)
        if d.context_before:
            p = doc.add_paragraph(d.context_before)
            p.runs[0].italic = True
            p.runs[0].font.size = Pt(9)
        doc.add_paragraph(d.text, style="Quote")
        if d.context_after:
            p = doc.add_paragraph(d.context_after)
            p.runs[0].italic = True
            p.runs[0].font.size = Pt(9)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, ("Codeur", "Codes", "Toelichting", "Besluit")):
            cell.text = head
            cell.paragraphs[0].runs[0].bold = True
        for c in coders:
            row = table.add_row().cells
            row[0].text = c
            row[1].text = ", ".join(labels.get(x, x) for x in d.codes.get(c, [])) or "(geen code)"
            row[2].text = "; ".join(d.reasons.get(c, []))
            row[3].text = ""
    doc.save(str(path))
    return Path(path)
