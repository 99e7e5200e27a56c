"""Word transcripts (.docx) via python-docx.

Paragraphs and tables are read in body order. A speaker is found as a ``Label:`` prefix, as a
bold run at the start of a paragraph, as a bold paragraph alone followed by text paragraphs,
or in a two-column table (speaker | text, optionally with a timestamp column).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.readers._common import TurnBuilder, normalise
from workbench.ingest.speakers import (
    is_role_label,
    is_speaker_label,
    parse_timestamp,
    split_speaker,
)
from workbench.ingest.turns import Turn

_RUNS_XPATH = (
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
    " and not(ancestor::w:txbxContent)]"
)
_HEADER_WORDS = {
    "spreker", "speaker", "naam", "wie", "tekst", "text", "tijd", "time", "tijdstip",
    "timestamp", "tijdcode", "transcript", "transcriptie", "uitspraak", "inhoud", "#", "nr",
}


@dataclass
class _Para:
    text: str
    bold_prefix: str  # leading bold text ("" if the paragraph does not start bold)
    heading: bool

    @property
    def candidate(self) -> tuple[str, str, bool] | None:
        """(label candidate, rest of the paragraph, colon seen) from the bold prefix."""
        prefix = self.bold_prefix.strip()
        if not prefix or self.heading:
            return None
        rest = self.text.strip()[len(prefix):].strip()
        colon = prefix.endswith(":") or rest.startswith(":")
        if rest.startswith(":"):
            rest = rest[1:].strip()
        return prefix.rstrip(":").strip(), rest, colon


@dataclass
class _Table:
    rows: list[list[list[_Para]]]  # row -> distinct cells -> paragraphs


def _para(p, parent) -> _Para:
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    paragraph = Paragraph(p, parent)
    style_name, style_bold = "", False
    try:
        style = paragraph.style
        style_name = (style.name or "").casefold() if style is not None else ""
        style_bold = bool(style is not None and style.font.bold)
    except Exception:  # broken style references should not stop reading
        pass
    pieces, prefix, in_prefix = [], [], True
    for r in p.xpath(_RUNS_XPATH):
        run = Run(r, paragraph)
        text = run.text
        bold = run.bold
        if bold is None:
            bold = style_bold
            if r.rPr is not None and r.rPr.rStyle is not None:
                try:  # a character style such as "Strong"
                    bold = bool(run.style.font.bold) or style_bold
                except Exception:
                    pass
        pieces.append(text)
        if in_prefix and (bold or not text.strip()):
            prefix.append(text)
        elif text:
            in_prefix = False
    heading = style_name.startswith(("heading", "kop", "title", "titel", "subtitle"))
    prefix_text = "".join(prefix)
    return _Para("".join(pieces), prefix_text if prefix_text.strip() else "", heading)


def _blocks(container, parent) -> Iterator[_Para | _Table]:
    """Paragraphs and tables of a body or cell element, in order (content controls opened)."""
    from docx.oxml.ns import qn

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield _para(child, parent)
        elif child.tag == qn("w:tbl"):
            yield _table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, parent)


def _table(tbl, parent) -> _Table:
    from docx.table import Table

    rows = []
    for row in Table(tbl, parent).rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            paras: list[_Para] = []
            for block in _blocks(cell._tc, cell):
                paras.extend(_flatten(block))
            cells.append(paras)
        rows.append(cells)
    return _Table(rows)


def _flatten(block: _Para | _Table) -> list[_Para]:
    if isinstance(block, _Para):
        return [block]
    return [p for row in block.rows for cell in row for p in cell]


def _cell_text(paras: list[_Para]) -> str:
    return normalise(" ".join(p.text for p in paras))


def _speaker_rows(table: _Table, extra: tuple[str, ...]):
    """(timestamp, speaker, text paragraphs) per row if this is a speaker table, else None."""
    rows = []
    for cells in table.rows:
        texts = [_cell_text(c) for c in cells]
        timestamp = None
        if len(cells) == 3:
            stamps = [
                i for i, t in enumerate(texts) if parse_timestamp(t.strip("[]()")) is not None
            ]
            if len(stamps) != 1:
                return None
            timestamp = parse_timestamp(texts[stamps[0]].strip("[]()"))
            cells = [c for i, c in enumerate(cells) if i != stamps[0]]
            texts = [t for i, t in enumerate(texts) if i != stamps[0]]
        if len(cells) != 2:
            return None
        rows.append((timestamp, texts[0].rstrip(":").strip(), cells[1]))
    if rows and rows[0][1].casefold() in _HEADER_WORDS | {""}:
        if _cell_text(rows[0][2]).casefold() in _HEADER_WORDS | {""}:
            rows = rows[1:]  # a header row "Spreker | Tekst"
    speakers = [s for _, s, _ in rows if s]
    good = sum(1 for s in speakers if is_speaker_label(s, extra))
    if not speakers or good * 2 < len(speakers):
        return None
    return rows


def _accept(candidate: str, colon: bool, counts: Counter, extra: tuple[str, ...]) -> bool:
    if not is_speaker_label(candidate, extra):
        return False
    return colon or is_role_label(candidate) or counts[candidate] >= 2 or (
        candidate.casefold() in {e.casefold() for e in extra}
    )


def read_docx(path: Path, extra_labels: Iterable[str] = ()) -> list[Turn]:
    """Turns from a .docx file (see the module docstring for the layouts understood)."""
    import docx

    extra = tuple(extra_labels)
    try:
        document = docx.Document(str(path))
        blocks = list(_blocks(document.element.body, document._body))
    except Exception as exc:  # python-docx raises zip, KeyError, XML and value errors
        raise InputError(
            f"is not a readable Word .docx file ({type(exc).__name__}: {exc})",
            path=str(path),
            hint="open it in Word and save it again as .docx",
        ) from exc

    counts: Counter = Counter()
    for block in blocks:
        for para in _flatten(block) if isinstance(block, _Table) else [block]:
            cand = para.candidate
            if cand:
                counts[cand[0]] += 1

    builder = TurnBuilder()
    for block in blocks:
        if isinstance(block, _Table):
            rows = _speaker_rows(block, extra)
            if rows is not None:
                for timestamp, speaker, paras in rows:
                    if speaker:
                        builder.start(speaker, "", timestamp)
                    for para in paras:
                        builder.add(para.text, new_paragraph=True)
                continue
        for para in _flatten(block):
            _add_paragraph(builder, para, counts, extra)
    return builder.result()


def _add_paragraph(builder: TurnBuilder, para: _Para, counts: Counter, extra: tuple[str, ...]):
    lines = [ln for ln in para.text.split("\n") if not builder.line(ln)]
    if not lines:
        return
    first = lines[0]
    label, rest, timestamp = split_speaker(first, extra)
    if label is not None:
        builder.start(label, rest, timestamp)
    else:
        cand = para.candidate
        if cand and "\n" not in cand[0] and _accept(cand[0], cand[2], counts, extra):
            rest_lines = cand[1].split("\n")
            builder.start(cand[0], rest_lines[0])
            lines = [""] + rest_lines[1:]
        else:
            builder.add(first, new_paragraph=True)
    for line in lines[1:]:  # soft line breaks inside the paragraph
        label, rest, timestamp = split_speaker(line, extra)
        if label is not None:
            builder.start(label, rest, timestamp)
        else:
            builder.add(line, new_paragraph=False)
