"""The readable text layout used in a .qdc ``<Description>``, and its parser.

REFI-QDA codes carry only a name, colour and free-text description, so the rest of a code
travels in the description, laid out for people reading it in another QDA tool::

    <definition, one or more paragraphs>

    Insluiten:
    - rule (a line starting with two spaces continues the item)
    Uitsluiten:
    - rule → other_code
    Voorbeelden:
    - anchor quote
    Trefwoorden:
    - \\btoeslag\\w*
    Kop: headline sentence
    Memo:
      memo text, indented by two spaces
    id: code_id

Headers are recognised at the start of a line, case-insensitively, also in English
(Include, Exclude, Examples, Keywords, Headline, Definition). Text before the first header is
the definition, so a foreign plain-text description becomes the definition as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LIST_HEADERS = {"include": "Insluiten", "exclude": "Uitsluiten", "examples": "Voorbeelden",
                "keywords": "Trefwoorden"}
TEXT_HEADERS = {"headline": "Kop", "memo": "Memo", "id": "id"}
_ALIASES = {
    "insluiten": "include", "include": "include", "inclusie": "include",
    "uitsluiten": "exclude", "exclude": "exclude", "exclusie": "exclude",
    "voorbeelden": "examples", "examples": "examples", "ankervoorbeelden": "examples",
    "trefwoorden": "keywords", "keywords": "keywords",
    "kop": "headline", "headline": "headline",
    "memo": "memo", "id": "id", "definitie": "definition", "definition": "definition",
}
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
    parts = [code.definition.strip()]
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
    return "\n\n".join(parts)


def parse_description(text: str | None) -> ParsedDescription:
    """Split a description back into its parts; unknown layout becomes the definition."""
    out = ParsedDescription()
    if not text:
        return out
    sections: dict[str, list[str]] = {"definition": []}
    current = "definition"
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
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
    for name in TEXT_HEADERS:
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
