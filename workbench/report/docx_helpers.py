"""Small python-docx helpers: page setup, TOC field, captions, source lines, tables.

Only built-in Word styles are used (Title, Subtitle, TOC Heading, Heading 1-3, Quote, Caption,
Table Grid); emphasis such as the small source line or the yellow placeholder is direct run
formatting, so the file opens cleanly in Word and LibreOffice and takes the house template.
"""

from __future__ import annotations

import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEXT_WIDTH_CM = 16.0
LANDSCAPE_TEXT_WIDTH_CM = 24.7  # A4 landscape with the same 2,5 cm margins

# Elements that must follow <w:updateFields> inside <w:settings> (schema order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)


def setup_document(doc, language: str = "nl-NL") -> None:
    """A4 portrait, 2,5 cm margins, Dutch proofing language, decimal comma."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), language)
    settings = doc.settings.element
    for tag, val in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        el = settings.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), val)
    themelang = settings.find(qn("w:themeFontLang"))
    if themelang is not None:
        themelang.set(qn("w:val"), language)


def page_section(doc, landscape: bool):
    """Start a new section on a new page, A4 landscape or portrait with the same margins; the
    footer (page number) carries on from the section before."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    wide, high = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (wide, high) if landscape else (high, wide)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    return section


def enable_update_fields(doc) -> None:
    """Ask Word to refresh fields (the table of contents) when the file is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    for child in settings:
        if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(el)
            return
    settings.append(el)


def _fld_char(kind: str):
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    return el


def add_toc(doc, placeholder: str, levels: str = "1-3"):
    """A real TOC field (``TOC \\o "1-3" \\h \\z \\u``) showing ``placeholder`` until updated."""
    p = doc.add_paragraph()
    r = p.add_run()
    r._r.append(_fld_char("begin"))
    r = p.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f' TOC \\o "{levels}" \\h \\z \\u '
    r._r.append(instr)
    r = p.add_run()
    r._r.append(_fld_char("separate"))
    r = p.add_run(placeholder)
    r.italic = True
    r = p.add_run()
    r._r.append(_fld_char("end"))
    return p


def fill_toc(doc, toc, levels: int = 3) -> int:
    """Show the document's headings (levels 1 to ``levels``) as the current result of the TOC field
    in paragraph ``toc`` (made by :func:`add_toc`), one indented line each, so the contents read
    right before the field is updated; Word and LibreOffice add page numbers when they update it.
    The placeholder stays as the first line of the result. Returns the number of entries."""
    from docx.text.paragraph import Paragraph

    names = {f"Heading {i}": i for i in range(1, levels + 1)}
    entries = [(names[p.style.name], p.text) for p in doc.paragraphs if p.style.name in names and p.text.strip()]
    ends = [r for r in toc._p.iter(qn("w:r"))
            if (fc := r.find(qn("w:fldChar"))) is not None and fc.get(qn("w:fldCharType")) == "end"]
    if not entries or not ends:
        return 0
    end_run = ends[-1]
    anchor = toc
    for level, text in entries:
        el = OxmlElement("w:p")
        anchor._p.addnext(el)
        anchor = Paragraph(el, toc._parent)
        anchor.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        anchor.paragraph_format.space_after = Pt(2)
        anchor.add_run(text).bold = level == 1
    anchor._p.append(end_run)  # moves the field's end behind the last entry
    return len(entries)


def add_page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_caption(doc, text: str):
    """Caption paragraph ('Caption' style) kept with the table or figure below it."""
    p = doc.add_paragraph(text, style="Caption")
    p.paragraph_format.keep_with_next = True
    return p


def add_source(doc, text: str):
    """The small source line under a table or figure."""
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.font.size = Pt(8)
    r.italic = True
    p.paragraph_format.space_before = Pt(3)
    p.paragraph_format.space_after = Pt(12)
    return p


def add_placeholder(doc, text: str):
    """A yellow-highlighted paragraph the analyst must replace."""
    p = doc.add_paragraph()
    r = p.add_run(text)
    r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    r.italic = True
    return p


def _line_break():
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def hyphenate(label: str) -> str:
    """Insert soft hyphens into long group names so narrow table headers break cleanly."""
    for word, soft in (("rbeidsdeskundig", "rbeids\u00addeskun\u00addig"), ("integratiebureau", "inte\u00adgratie\u00adbureau"),
                       ("eelnemer", "eel\u00adnemer"), ("erkgever", "erk\u00adgever")):
        label = label.replace(word, soft)
    return label


def _mark_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "true")
        trpr.append(el)


def column_needs(header: list[str], rows: list[list[str]], total_cm: float = TEXT_WIDTH_CM,
                 pt: float = 9) -> list[float]:
    """What each column needs (cm) at a body font of ``pt`` points for its longest line: header
    words may wrap, cell text only up to ~45 characters; when that is more than ``total_cm`` the
    label column wraps first (never inside a word, plus an indent), header words stay whole."""
    char_cm, min_cm = 0.2 * pt / 9, 1.6 * pt / 9  # a character's width and a column's minimum at 9 pt
    def need(col: int) -> float:
        pieces = re.split(r"[\s\u00ad]+|(?<=-)", str(header[col]))  # a header may break at (soft) hyphens
        head = max((len(w) for w in pieces if w), default=4)
        cells = max((len(line) for r in rows for line in str(r[col]).split("\n")), default=0)
        return max(min_cm, char_cm * max(head + 1, min(cells, 30 if col == 0 else 45)) + 0.45)
    widths = [need(i) for i in range(len(header))]
    excess = sum(widths) - total_cm
    if excess > 0 and len(widths) > 1:
        longest = max((len(w) for r in rows for w in str(r[0]).split()), default=8)
        widths[0] = max(min(widths[0], char_cm * longest + 0.95), widths[0] - excess)
    return widths


def content_widths(header: list[str], rows: list[list[str]], total_cm: float = TEXT_WIDTH_CM,
                   pt: float = 9) -> list[float]:
    """Column widths sized to content (:func:`column_needs`), scaled to the text width."""
    widths = column_needs(header, rows, total_cm, pt)
    scale = total_cm / sum(widths)
    return [w * scale for w in widths]


def fitting_font(header: list[str], rows: list[list[str]], total_cm: float,
                 sizes: tuple[float, ...] = (9, 8, 7)) -> float:
    """The largest body font (pt) at which every column gets what it needs within ``total_cm``, so a
    wide table shrinks its type instead of breaking header words ("Wajon g"); the smallest otherwise."""
    return next((pt for pt in sizes if sum(column_needs(header, rows, total_cm, pt)) <= total_cm), sizes[-1])


def _spanning_header(table, spans: list[tuple[str, int]], pt: float) -> None:
    """Fill the table's first row with ``spans`` (text, columns): each merged across its columns
    and centred; an empty text over a single column merges down into the header row below."""
    row, col = table.rows[0], 0
    for text, span in spans:
        first, last = row.cells[col], row.cells[col + span - 1]
        cell = first.merge(last) if span > 1 else first
        if text:
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = p.paragraph_format.space_before = Pt(0)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold = True
            run.font.size = Pt(pt)
        elif span == 1:  # "Thema", "Totaal": one cell over both header rows
            below = table.rows[1].cells[col]
            texts = [p for p in below.paragraphs]
            merged = cell.merge(below)
            for p in list(merged.paragraphs)[: len(merged.paragraphs) - len(texts)]:
                p._p.getparent().remove(p._p)  # the empty top paragraph
        col += span


def add_table(doc, header: list[str], rows: list[list[str]], widths_cm: list[float],
              numeric: set[int] | None = None, bold_rows: set[int] | None = None,
              indent_rows: set[int] | None = None, font_pt: float = 9, header_pt: float = 8,
              total_cm: float = TEXT_WIDTH_CM, spans: list[tuple[str, int]] | None = None):
    """A 'Table Grid' table with a bold repeating header row; numeric columns right-aligned.
    ``spans`` adds a header row above it: (text, number of columns) per group of columns, e.g.
    the first attribute of a two-attribute grouping over its second attribute's columns."""
    numeric = numeric or set()
    bold_rows = bold_rows or set()
    indent_rows = indent_rows or set()
    top = 1 if spans else 0
    table = doc.add_table(rows=1 + top + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    scale = min(1.0, total_cm / sum(widths_cm))
    widths = [Cm(w * scale) for w in widths_cm]
    for i, w in enumerate(widths):
        table.columns[i].width = w
    for r in range(1 + top):
        _mark_header(table.rows[r])
        for i, w in enumerate(widths):
            table.rows[r].cells[i].width = w
    for r_idx, values in enumerate([header] + rows):
        row = table.rows[r_idx + top]
        for c_idx, value in enumerate(values):
            cell = row.cells[c_idx]
            cell.width = widths[c_idx]
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.space_before = Pt(0)
            for k, line in enumerate(str(value).split("\n")):  # "\n" = line break in the cell
                run = p.add_run(line)
                if k:
                    run._r.addprevious(_line_break())
                run.font.size = Pt(header_pt if r_idx == 0 else font_pt)
                if r_idx == 0 or (r_idx - 1) in bold_rows:
                    run.bold = True
            if c_idx in numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if c_idx == 0 and r_idx > 0 and (r_idx - 1) in indent_rows:
                p.paragraph_format.left_indent = Cm(0.35)
    if spans:
        _spanning_header(table, spans, header_pt)
    return table
