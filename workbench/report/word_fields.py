"""Word-native numbering: heading numbers from a multilevel list on the Heading styles, captions
with ``SEQ`` fields, cross-references as ``REF`` fields to bookmarks, page numbers in the footer.

Every field carries its current result, so the document reads right before an update; Word and
LibreOffice renumber when the chapter is pasted into a master report and fields are updated.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

CHAPTER_LIST, APPENDIX_LIST = 901, 902  # numIds of the two lists (high: clear of a template's)


def _el(tag: str, **attrs):
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _level(ilvl: int, start: int, text: str, style: str | None):
    lvl = _el("w:lvl", ilvl=ilvl)
    lvl.append(_el("w:start", val=start))
    lvl.append(_el("w:numFmt", val="decimal"))
    if style:
        lvl.append(_el("w:pStyle", val=style))
    lvl.append(_el("w:lvlText", val=text))
    lvl.append(_el("w:lvlJc", val="left"))
    ppr = _el("w:pPr")
    ppr.append(_el("w:ind", left=0, hanging=0))
    lvl.append(ppr)
    return lvl


def heading_numbering(doc, chapter: int, appendix: int) -> None:
    """Two multilevel lists: Heading 1/2 numbered "2", "2.1" from the styles (the chapter), and
    "Bijlage 1", "B1.1" set on the appendix headings themselves."""
    numbering = doc.part.numbering_part.element
    specs = ((CHAPTER_LIST, [(chapter, "%1", "Heading1"), (1, "%1.%2", "Heading2")]),
             (APPENDIX_LIST, [(appendix, "Bijlage %1", None), (1, "B%1.%2", None)]))
    for num_id, levels in specs:
        abstract = _el("w:abstractNum", abstractNumId=num_id)
        abstract.append(_el("w:multiLevelType", val="multilevel"))
        for ilvl, (start, text, style) in enumerate(levels):
            abstract.append(_level(ilvl, start, text, style))
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = _el("w:num", numId=num_id)
        num.append(_el("w:abstractNumId", val=num_id))
        numbering.append(num)
    for ilvl, name in enumerate(("Heading 1", "Heading 2")):
        ppr = doc.styles[name].element.get_or_add_pPr()
        ppr.insert(0, _num_pr(CHAPTER_LIST, ilvl))


def _num_pr(num_id: int, ilvl: int):
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val=ilvl))
    numpr.append(_el("w:numId", val=num_id))
    return numpr


def number_paragraph(paragraph, num_id: int | None, ilvl: int = 0) -> None:
    """Put a paragraph on a list (``num_id`` None: no number, overriding its style)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, _num_pr(0 if num_id is None else num_id, ilvl))


def add_field(paragraph, instr: str, result: str, bold: bool | None = None):
    """A complex field ``{ instr }`` showing ``result`` until it is updated."""
    runs = []
    for part in ("begin", instr, "separate", result, "end"):
        r = paragraph.add_run()
        if part in ("begin", "separate", "end"):
            r._r.append(_el("w:fldChar", fldCharType=part))
        elif part == instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = f" {instr} "
            r._r.append(it)
        else:
            r.text = result
        if bold is not None:
            r.bold = bold
        runs.append(r)
    return runs


_bookmark_id = [100]


def bookmark(paragraph, name: str, first_run, last_run) -> None:
    """Bookmark ``name`` around the runs ``first_run`` .. ``last_run`` of ``paragraph``."""
    _bookmark_id[0] += 1
    start = _el("w:bookmarkStart", id=_bookmark_id[0], name=name)
    end = _el("w:bookmarkEnd", id=_bookmark_id[0])
    first_run._r.addprevious(start)
    last_run._r.addnext(end)


def add_ref(paragraph, name: str, shown: str) -> None:
    """A cross-reference to bookmark ``name`` ("Tabel 2.1"), updated with the caption."""
    add_field(paragraph, f"REF {name} \\h", shown)


def caption(doc, kind: str, prefix_field: tuple[str, str] | None, prefix_text: str, number: int,
            title: str, name: str, sequence: str | None = None):
    """Caption paragraph "Tabel 2.1 Title": label and number are fields inside bookmark ``name``.

    ``prefix_field`` = (instr, current result) for the chapter number (``STYLEREF 1 \\s``), or
    None with ``prefix_text`` typed ("B1")."""
    p = doc.add_paragraph(style="Caption")
    p.paragraph_format.keep_with_next = True
    first = p.add_run(f"{kind} {prefix_text}")
    if prefix_field:
        add_field(p, *prefix_field)
    p.add_run(".")
    # the appendix counts in its own sequence ("BijlageTabel"): LibreOffice ignores the \\s reset
    runs = add_field(p, f"SEQ {sequence or kind} \\* ARABIC \\s 1", str(number))
    bookmark(p, name, first, runs[-1])
    p.add_run(f" {title}")
    return p


def page_numbers(doc) -> None:
    """A centred PAGE field in the footer of every section."""
    for section in doc.sections:
        p = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in add_field(p, "PAGE", "1"):
            r.font.size = Pt(9)
