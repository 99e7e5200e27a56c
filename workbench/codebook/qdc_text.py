"""The readable text layout used in a .qdc ``<Description>``, and its parser.

REFI-QDA codes carry only a name, colour and free-text description, so the rest of a code
travels in the description, laid out for people reading it in another QDA tool::

    <definition, one or more paragraphs>

    --- workbench ---
    Insluiten:
    - rule (a line starting with two spaces continues the item)
    Uitsluiten:
    - rule → other_code
    Voorbeelden:
    - anchor quote
    Trefwoorden:
    - \\btoeslag\\w*
    Kop: headline sentence (read from older exports only; kept as an unverified heading suggestion)
    Memo:
      memo text, indented by two spaces
    id: code_id

The fields are read only inside the block this tool marks as its own (after the
``--- workbench ---`` line, or a description ending in ``id: code_id`` as exports before the
marker did): a foreign description is the definition as a whole, even when one of its lines
starts with ``Keywords:``, ``Memo:`` or ``id:``. Inside the block, headers are recognised at
the start of a line, case-insensitively, also in English (Include, Exclude, Examples,
Keywords, Headline, Definition).

Control characters other than tab and line breaks cannot stand in XML; :func:`xml_text` turns
a vertical tab or form feed (Word's manual line and page breaks) into a line break and drops the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LIST_HEADERS = {"include": "Insluiten", "exclude": "Uitsluiten", "examples": "Voorbeelden",
                "keywords": "Trefwoorden"}
TEXT_HEADERS = {"memo": "Memo", "id": "id"}  # "Kop" (headline) is still read, never written
_ALIASES = {
    "insluiten": "include", "include": "include", "inclusie": "include",
    "uitsluiten": "exclude", "exclude": "exclude", "exclusie": "exclude",
    "voorbeelden": "examples", "examples": "examples", "ankervoorbeelden": "examples",
    "trefwoorden": "keywords", "keywords": "keywords",
    "kop": "headline", "headline": "headline",
    "memo": "memo", "id": "id", "definitie": "definition", "definition": "definition",
}
MARKER = "--- workbench ---"
_LEGACY_END = re.compile(r"^id:\s*[a-z0-9_\-]*[a-z][a-z0-9_\-]*\s*$")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_RE = re.compile(r"^(" + "|".join(_ALIASES) + r")\s*:[ \t]*(.*)$", re.IGNORECASE)


@dataclass
class ParsedDescription:
    definition: str = ""
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    headline: str | None = None
    memo: str | None = None
    id: str | None = None


def compose_description(code) -> str:
    """The description text for one code (a :class:`~workbench.codebook.model.Code`)."""
    parts = [code.definition.strip(), MARKER]
    for name, header in LIST_HEADERS.items():
        items = getattr(code, name)
        if items:
            parts.append(header + ":\n" + "\n".join("- " + _indent_rest(i.strip()) for i in items))
    for name, header in TEXT_HEADERS.items():
        value = getattr(code, name)
        if value is None or not str(value).strip():
            continue
        value = str(value).strip()
        if "\n" in value:
            parts.append(header + ":\n" + "\n".join("  " + ln if ln else "  "
                                                    for ln in value.split("\n")))
        else:
            parts.append(f"{header}: {value}")
    text = "\n\n".join(parts)
    return text.replace(f"\n\n{MARKER}\n\n", f"\n\n{MARKER}\n")


def xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 forbids (vertical tab, form feed -> line break)."""
    return CONTROL.sub(lambda m: "\n" if m.group(0) in "\x0b\x0c" else "", text)


def _legacy(lines: list[str]) -> bool:
    """An export of this tool from before the marker: it ends in a paragraph ``id: code_id``."""
    body = [ln.rstrip() for ln in lines]
    while body and not body[-1]:
        body.pop()
    return len(body) >= 3 and not body[-2] and bool(_LEGACY_END.match(body[-1]))


def parse_description(text: str | None) -> ParsedDescription:
    """Split a description back into its parts; unknown layout becomes the definition."""
    out = ParsedDescription()
    if not text:
        return out
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: dict[str, list[str]] = {"definition": []}
    marked = [i for i, line in enumerate(lines) if line.strip() == MARKER]
    if marked:
        sections["definition"], lines = lines[:marked[0]], lines[marked[0] + 1:]
    elif not _legacy(lines):
        out.definition = _text(lines)   # a foreign description: all of it is the definition
        return out
    current = "definition"
    for line in lines:
        m = _HEADER_RE.match(line)
        if m:
            current = _ALIASES[m.group(1).lower()]
            sections.setdefault(current, [])
            if m.group(2).strip():
                sections[current].append(m.group(2).rstrip())
            continue
        sections.setdefault(current, []).append(line.rstrip())
    out.definition = _text(sections.get("definition", []))
    for name in LIST_HEADERS:
        setattr(out, name, _items(sections.get(name, [])))
    for name in (*TEXT_HEADERS, "headline"):
        if name in sections:
            setattr(out, name, _text(sections[name]) or None)
    return out


def _indent_rest(text: str) -> str:
    return "\n".join(ln if i == 0 else "  " + ln for i, ln in enumerate(text.split("\n")))


def _items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if line.startswith("- ") or line == "-":
            items.append(line[2:])
        elif line.startswith("  ") and items:
            items[-1] += "\n" + line[2:]
        elif line.strip():
            items.append(line.strip().lstrip("•*").strip())
    return [i.strip() for i in items if i.strip()]


def _text(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    body = [ln for ln in lines if ln.strip()]
    if body and all(ln.startswith("  ") for ln in body[1:]) and len(body) > 1 \
            and not body[0].startswith("  ") and lines[0] == body[0]:
        # inline first line then indented continuation ("Kop: a" + "  b")
        lines = [lines[0]] + [ln[2:] for ln in lines[1:]]
    elif body and all(ln.startswith("  ") for ln in body):
        lines = [ln[2:] for ln in lines]
    return "\n".join(lines).strip()
