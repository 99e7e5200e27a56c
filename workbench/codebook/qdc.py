"""REFI-QDA codebook exchange (.qdc, Codebook standard 1.0): export and safe import.

Export: ``<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="workbench …">`` with nested
``<Code guid name isCodable color>`` elements; each holds a ``<Description>`` in the layout of
:mod:`workbench.codebook.qdc_text` (definition, rules, examples, keywords, memo, id; an old 'Kop' is kept aside).
One ``<Set>`` named after the codebook lists the codable codes and carries the codebook's
version, language and description, so yaml → qdc → yaml keeps everything.

Import reads what other QDA tools write: GUIDs in braces, non-codable categories, missing
colours or descriptions, with or without XML declaration or byte-order mark, and also the
``<CodeBook>`` inside a REFI-QDA project (``project.qde``). DOCTYPEs and entities are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from workbench.codebook.ids import code_guid, is_guid, is_slug, normalize_guid, slugify
from workbench.codebook.model import COLOR, Code, Codebook
from workbench.codebook.qdc_text import compose_description, parse_description, xml_text
from workbench.codebook.validate import PLACEHOLDER_PREFIX
from workbench.errors import InputError

NS = "urn:QDA-XML:codebook:1.0"
SET_KEY = "__codebook__"  # never a valid code id, so its GUID cannot collide with a code's
_META = {"codeboek": "name", "versie": "version", "taal": "language"}


@dataclass
class QdcImport:
    """An imported codebook plus notes on what was filled in or left out."""

    codebook: Codebook
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Export


def to_qdc(codebook: Codebook, *, origin: str | None = None) -> bytes:
    """The codebook as a REFI-QDA .qdc document (UTF-8 bytes with XML declaration)."""
    import xml.etree.ElementTree as ET

    root = ET.Element("CodeBook", {"xmlns": NS, "origin": origin or f"workbench {_version()}"})
    codes_el = ET.SubElement(root, "Codes")
    tree = codebook.nested()

    def add(parent_el, code: Code) -> None:
        attrs = {"guid": guid_of(codebook, code), "name": xml_text(code.label),
                 "isCodable": "true" if code.codable else "false"}
        if code.color:
            attrs["color"] = code.color
        el = ET.SubElement(parent_el, "Code", attrs)
        description = description_of(code)
        if description is not None:  # a foreign code without description travels without one
            ET.SubElement(el, "Description").text = description
        for child in code.children:
            add(el, child)

    for code in tree.codes:
        add(codes_el, code)

    sets_el = ET.SubElement(root, "Sets")
    set_el = ET.SubElement(sets_el, "Set", {"guid": code_guid(codebook.name, SET_KEY),
                                            "name": xml_text(codebook.name)})
    meta = [f"Codeboek: {codebook.name}", f"Versie: {codebook.version}",
            f"Taal: {codebook.language}"]
    if codebook.description and codebook.description.strip():
        meta += ["", codebook.description.strip()]
    ET.SubElement(set_el, "Description").text = xml_text("\n".join(meta))
    for code in codebook.codable():
        ET.SubElement(set_el, "MemberCode", {"guid": guid_of(codebook, code)})

    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def description_of(code: Code) -> str | None:
    """A code's ``<Description>``; None while its definition is still an import placeholder
    (a foreign codebook without descriptions exports as it came, without one)."""
    if code.definition.strip().startswith(PLACEHOLDER_PREFIX):
        return None
    return xml_text(compose_description(code))


def placeholder_codes(codebook: Codebook) -> list[str]:
    """Ids of the codes whose definition is still an import placeholder."""
    return [c.id for c in codebook.flat() if c.definition.strip().startswith(PLACEHOLDER_PREFIX)]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("workbench")
    except PackageNotFoundError:
        return "dev"


def guid_of(codebook: Codebook, code: Code) -> str:
    """The code's stored GUID (normalised) or the one derived from codebook name and id."""
    if code.guid and is_guid(code.guid):
        return normalize_guid(code.guid)
    return code_guid(codebook.name, code.id)


# --------------------------------------------------------------------------------------------
# Import


def read_qdc_file(path: str | Path, *, name: str | None = None) -> QdcImport:
    """Import a .qdc file; ``name`` overrides the codebook name (default: from file or stem)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=str(path), hint="give the path of a .qdc file") from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from None
    return read_qdc(data, source=str(path), name=name, default_name=slugify(path.stem, "codeboek"))


def from_qdc(data: bytes, *, source: str = "<qdc>", name: str | None = None) -> Codebook:
    """Import .qdc bytes as a codebook (see :func:`read_qdc` for the notes)."""
    return read_qdc(data, source=source, name=name).codebook


def read_qdc(data: bytes, *, source: str = "<qdc>", name: str | None = None,
             default_name: str = "codeboek") -> QdcImport:
    """Import .qdc bytes. Raises :class:`InputError` (one line) for unsafe or malformed XML.

    The codebook name is ``name`` if given, else the one our own export stored, else
    ``default_name``. GUIDs that differ from the derived ones are kept on the codes.
    """
    root = _parse_xml(data, source)
    local = _local(root.tag)
    if local == "Project":
        found = [el for el in root if _local(el.tag) == "CodeBook"]
        if not found:
            raise InputError("REFI-QDA project without a <CodeBook>", path=source)
        book = found[0]
    elif local == "CodeBook":
        book = root
    else:
        raise InputError(f"not a REFI-QDA codebook: the root element is <{local}>, "
                         f"expected <CodeBook>", path=source)
    notes: list[str] = []
    meta = _metadata(book, notes)
    cb_name = name or meta.get("name") or default_name
    codes_el = [el for el in book if _local(el.tag) == "Codes"]
    elements = [el for el in (codes_el[0] if codes_el else []) if _local(el.tag) == "Code"]
    state = _ImportState(cb_name, source)
    codes = [state.code(el) for el in elements]
    notes += state.notes()
    _refuse_unsafe_keywords(codes, data, source)
    if not codes:
        notes.append("the file has no codes")
    description = meta.get("description") or f"Geïmporteerd uit {Path(source).name} " \
                                              f"({book.get('origin') or 'onbekende herkomst'})."
    from pydantic import ValidationError

    try:
        codebook = Codebook(name=cb_name, version=meta.get("version") or "1",
                            language=meta.get("language") or "nl", description=description,
                            codes=codes)
    except ValidationError as exc:  # should not happen: values are cleaned above
        raise InputError(f"cannot import: {exc.errors()[0]['msg']}", path=source) from None
    codebook._legacy_headlines = state.headlines
    return QdcImport(codebook, notes)


NEWLINE = b"\n"


def _refuse_unsafe_keywords(codes, data: bytes, source: str) -> None:
    """The same keyword rule as ``codebook validate``, with the line where the keyword is written."""
    from workbench.codebook.patterns import unsafe_pattern

    stack = list(codes)
    while stack:
        code = stack.pop()
        stack.extend(code.children)
        for kw in code.keywords:
            why = unsafe_pattern(kw)
            if why:
                at = data.find(kw.encode("utf-8"))
                where = f"{source}:{data.count(NEWLINE, 0, at) + 1}" if at >= 0 else source
                raise InputError(f"code '{code.id}': keyword '{kw}' is refused: {why}", path=where)


def _parse_xml(data: bytes, source: str):
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as DET

    if not data.strip():
        raise InputError("the file is empty; expected a REFI-QDA codebook (.qdc)", path=source)
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise InputError("refused: the XML declares a DOCTYPE or entities, which a .qdc file "
                         "never needs (possible XML attack)", path=source) from None
    except ET.ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":")[0]
        raise InputError(f"not well-formed XML at line {line}, column {col + 1}: {reason}",
                         path=source) from None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _metadata(book, notes: list[str]) -> dict[str, str]:
    """Codebook metadata from our own Set, if present; counts foreign sets in ``notes``."""
    meta: dict[str, str] = {}
    foreign = 0
    for sets in (el for el in book if _local(el.tag) == "Sets"):
        for s in (el for el in sets if _local(el.tag) == "Set"):
            desc = next((el.text or "" for el in s if _local(el.tag) == "Description"), "")
            lines = desc.replace("\r\n", "\n").split("\n")
            if not meta and lines and lines[0].lower().startswith("codeboek:"):
                rest = []
                for i, line in enumerate(lines):
                    key, _, value = line.partition(":")
                    if key.strip().lower() in _META and not rest:
                        meta[_META[key.strip().lower()]] = value.strip()
                    else:
                        rest = lines[i:]
                        break
                if "\n".join(rest).strip():
                    meta["description"] = "\n".join(rest).strip()
            else:
                foreign += 1
    if not (meta.get("name") or "").strip():
        meta.pop("name", None)
    if foreign:
        notes.append(f"ignored {foreign} set{'s' * (foreign > 1)} (code groups); "
                     f"the hierarchy comes from nesting")
    return meta


class _ImportState:
    def __init__(self, cb_name: str, source: str):
        self.cb_name, self.source = cb_name, source
        self.ids: set[str] = set()
        self.guids: set[str] = set()
        self.placeholders = 0
        self.dropped: list[str] = []
        self.headlines: dict[str, str] = {}

    def code(self, el) -> Code:
        label = (el.get("name") or "").strip() or "(zonder naam)"
        parsed = parse_description(next(
            (c.text for c in el if _local(c.tag) == "Description"), None))
        code_id = parsed.id if parsed.id and is_slug(parsed.id) and parsed.id not in self.ids \
            else self._unique(slugify(label))
        self.ids.add(code_id)
        definition = parsed.definition
        if not definition:
            self.placeholders += 1
            definition = f"{PLACEHOLDER_PREFIX}: definitie ontbreekt (geïmporteerd uit " \
                         f"{Path(self.source).name})"
        color = (el.get("color") or "").strip() or None
        if color and re.fullmatch(r"#[0-9A-Fa-f]{3}", color):  # #RGB, which the schema allows
            color = "#" + "".join(ch * 2 for ch in color[1:]).upper()
        if color and not re.match(COLOR, color):
            self.dropped.append(f"colour '{color}' of '{label}'")
            color = None
        guid = el.get("guid")
        stored = None
        if guid and is_guid(guid):
            g = normalize_guid(guid)
            if g in self.guids:
                self.dropped.append(f"duplicate guid of '{label}'")
            else:
                self.guids.add(g)
                stored = None if g == code_guid(self.cb_name, code_id) else g
        elif guid:
            self.dropped.append(f"guid '{guid}' of '{label}'")
        codable = (el.get("isCodable") or "true").strip().lower() not in ("false", "0", "no")
        if parsed.headline:
            self.headlines[code_id] = parsed.headline
        children = [self.code(c) for c in el if _local(c.tag) == "Code"]
        return Code(id=code_id, label=label, definition=definition, include=parsed.include,
                    exclude=parsed.exclude, examples=parsed.examples, keywords=parsed.keywords,
                    color=color,
                    memo=parsed.memo, codable=codable, guid=stored, children=children)

    def _unique(self, slug: str) -> str:
        candidate, n = slug, 2
        while candidate in self.ids:
            candidate, n = f"{slug}_{n}", n + 1
        return candidate

    def notes(self) -> list[str]:
        out = []
        if self.placeholders:
            out.append(f"{self.placeholders} code{'s' * (self.placeholders > 1)} had no "
                       f"description: the definition says '{PLACEHOLDER_PREFIX}: …' and must be "
                       f"written before the codebook validates")
        if self.dropped:
            out.append("dropped invalid values: " + "; ".join(self.dropped))
        return out
