"""OpenDocument text (.odt) via odfpy: paragraphs and headings in order, then labelled as text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.readers._common import turns_from_lines
from workbench.ingest.turns import Turn

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_PARAGRAPHS = {(_TEXT_NS, "p"), (_TEXT_NS, "h")}
# Inline content that is not part of the spoken text: notes, comments, frames, tracked changes.
_SKIP = {
    (_TEXT_NS, "note"), (_OFFICE_NS, "annotation"), (_TEXT_NS, "tracked-changes"),
    (_TEXT_NS, "bookmark-ref"), (_TEXT_NS, "reference-ref"),
}


def _inline_text(element) -> str:
    parts = []
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
            continue
        if child.nodeType != child.ELEMENT_NODE:
            continue
        qname = child.qname
        if qname == (_TEXT_NS, "s"):
            parts.append(" " * int(child.getAttribute("c") or 1))
        elif qname == (_TEXT_NS, "tab"):
            parts.append("\t")
        elif qname == (_TEXT_NS, "line-break"):
            parts.append("\n")
        elif qname in _SKIP or qname[0] == _DRAW_NS:
            continue
        else:
            parts.append(_inline_text(child))
    return "".join(parts)


def _paragraphs(element) -> Iterator[str]:
    """Text of every text:p / text:h below ``element`` in document order (tables, lists...)."""
    for child in element.childNodes:
        if child.nodeType != child.ELEMENT_NODE or child.qname in _SKIP:
            continue
        if child.qname in _PARAGRAPHS:
            yield _inline_text(child)
        else:
            yield from _paragraphs(child)


def read_odt(path: Path, extra_labels: Iterable[str] = ()) -> list[Turn]:
    """Turns from an .odt file; paragraphs are read like blank-line separated text paragraphs."""
    from odf.opendocument import load

    try:
        document = load(str(path))
        paragraphs = list(_paragraphs(document.text))
    except Exception as exc:  # zipfile, KeyError, SAX and odfpy errors
        raise InputError(
            f"is not a readable OpenDocument .odt file ({type(exc).__name__}: {exc})",
            path=str(path),
            hint="open it in LibreOffice or Word and save it again as .odt or .docx",
        ) from exc
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(paragraph.split("\n"))
        lines.append("")  # paragraph boundary
    return turns_from_lines(lines, paragraphs=False, extra_labels=extra_labels)
