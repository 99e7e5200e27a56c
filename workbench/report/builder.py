"""``build_report``: a draft Word chapter in the house style from a :class:`ReportInput`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.synthesis.config import ReportConfig
from workbench.synthesis.dutch_format import fmt_date
from workbench.synthesis.inputs import ReportInput
from workbench.synthesis.themes import report_codes, theme_stats, theme_tree

TOC_PLACEHOLDER = ("Paginanummers: klik met de rechtermuisknop op de inhoudsopgave en kies ‘Veld bijwerken’ "
                   "(Word) of ‘Index bijwerken’ (LibreOffice).")


def _title_page(doc, inp: ReportInput, config: ReportConfig) -> None:
    from docx.shared import Pt

    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph(inp.title, style="Title")
    doc.add_paragraph(config.subtitle, style="Subtitle")
    p = doc.add_paragraph()
    p.add_run(fmt_date(config.report_date or date.today())).font.size = Pt(12)
    p = doc.add_paragraph()
    r = p.add_run("Concept: de tekst bevat automatisch gegenereerde aantallen en citaten en gele "
                  "plaatshouders voor de interpretatie door de analist.")
    r.italic = True
    r.font.size = Pt(9)


def _toc(doc, config: ReportConfig):
    from workbench.report.docx_helpers import add_toc, enable_update_fields

    from workbench.report.word_fields import number_paragraph

    head = doc.add_paragraph("Inhoud", style="TOC Heading")
    head.paragraph_format.page_break_before = True
    number_paragraph(head, None)  # TOC Heading is based on Heading 1: keep it off the chapter list
    toc = add_toc(doc, TOC_PLACEHOLDER)
    if config.update_fields_on_open:
        enable_update_fields(doc)
    return toc


def _save(doc, out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise InputError("the report must be a .docx file", path=str(out), hint="e.g. --out reports/rapport.docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    from workbench.files import write_atomic

    try:
        write_atomic(out, doc.save)  # ordinary permissions (the user's umask), not mkstemp's 0600
    except PermissionError:
        raise WorkbenchError("cannot write the report; is it open in Word?", path=str(out),
                             hint="close it or choose another --out") from None
    return out


def build_report(inp: ReportInput, out: Path, config: ReportConfig | None = None) -> Path:
    """Write the draft report to ``out`` (.docx) and return its path.

    Title page, table of contents field, the findings chapter (overview table, co-occurrence
    heatmap, wave comparison, one section per theme with generated counts, a highlighted
    placeholder for the analyst and selected quotes, summary) and the methods appendix.
    """
    from docx import Document

    from workbench.report.appendix import write_appendix
    from workbench.report.chapter import write_chapter
    from workbench.report.docx_helpers import fill_toc, setup_document

    config = (config or ReportConfig()).validate()
    stats = theme_stats(inp, config.grouping())
    try:
        nodes = theme_tree(inp, stats, config.codes)
    except KeyError as exc:
        raise InputError(f"unknown code id(s) {exc.args[0]} in the codebook ‘{inp.codebook.name}’",
                         hint="see `workbench codebook show` for the ids") from None
    codes = report_codes(nodes)

    doc = Document()
    setup_document(doc)
    props = doc.core_properties
    props.title = inp.title
    props.subject = config.subtitle
    props.author = "workbench"
    props.last_modified_by = "workbench"
    props.comments = f"codering {inp.coder}; codeboek {inp.codebook.name} {inp.codebook_version}"
    props.language = "nl-NL"

    from workbench.report.word_fields import heading_numbering, page_numbers

    if config.number_headings:
        heading_numbering(doc, config.chapter_number, int(config.appendix) if str(config.appendix).isdigit() else 1)
    page_numbers(doc)
    ctx: dict = {}
    if config.body_only:  # only the chapter, for pasting into a master report
        write_chapter(doc, inp, nodes, stats, codes, config, ctx)
        return _save(doc, out)
    _title_page(doc, inp, config)
    toc = _toc(doc, config)
    write_chapter(doc, inp, nodes, stats, codes, config, ctx)
    write_appendix(doc, inp, config, ctx)
    fill_toc(doc, toc)
    return _save(doc, out)
