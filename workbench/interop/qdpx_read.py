"""Parsing ``project.qde`` as the QDA tools really write it, into plain records.

Namespace-agnostic (``urn:QDA-XML:project:1.0`` or ``1:0`` or none); GUIDs with braces or in
lower case are normalised; descriptions may be missing. Text comes from ``PlainTextContent``,
or from ``plainTextPath`` as ``internal://`` (the archive's ``sources/`` or ``Sources/``),
``relative://`` (against the project's ``basePath``) or ``absolute://``; a file outside the
archive is read only if it is a ``.txt`` file. PDF, picture, audio and video sources are listed,
not read. DOCTYPEs and entities are refused (XXE, entity expansion).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.codebook.ids import is_guid, normalize_guid
from workbench.errors import InputError
from workbench.interop.qdpx_archive import Archive

OTHER_SOURCES = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio",
                 "VideoSource": "video"}
EXTERNAL_MAX = 64 * 1024 * 1024


@dataclass
class Coding:
    guid: str
    code: str
    user: str | None


@dataclass
class Selection:
    guid: str
    start: int
    end: int
    name: str | None
    codings: list[Coding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)     # GUIDs of the Notes referred to


@dataclass
class Source:
    guid: str
    name: str
    raw: str                       # the text as the file has it (BOM, CRLF and all)
    selections: list[Selection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Note:
    guid: str
    name: str
    text: str                      # LF, no byte-order mark, stripped
    user: str | None               # the creating user's GUID


@dataclass
class Case:
    guid: str
    name: str
    values: dict[str, str] = field(default_factory=dict)   # variable name -> value
    sources: list[str] = field(default_factory=list)
    selections: list[str] = field(default_factory=list)


@dataclass
class QdpxProject:
    name: str
    users: dict[str, str]
    cases: list[Case]
    sources: list[Source]
    sets: dict[str, list[str]]     # set name -> member source GUIDs
    description: str | None
    skipped: list[str] = field(default_factory=list)   # "name (PDF)", ...
    notes: dict[str, Note] = field(default_factory=dict)   # guid -> Note (with text)
    code_notes: list[tuple[str, str]] = field(default_factory=list)   # (code GUID, note GUID)


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(el, name: str) -> list:
    return [c for c in el if local(c.tag) == name]


def kid(el, name: str):
    found = kids(el, name)
    return found[0] if found else None


def parse_qde(data: bytes, where: str):
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as DET

    if not data.strip():
        raise InputError("project.qde is empty", path=where)
    try:
        root = DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise InputError("refused: project.qde declares a DOCTYPE or entities, which REFI-QDA never needs "
                         "(possible XML attack)", path=where) from None
    except ET.ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        raise InputError(f"project.qde is not well-formed XML at line {line}, column {col + 1}: "
                         f"{str(exc).split(':')[0]}", path=where) from None
    if local(root.tag) != "Project":
        raise InputError(f"not a REFI-QDA project: the root element is <{local(root.tag)}>, expected <Project>",
                         path=where)
    return root


def guid(el, attr: str, where: str, what: str) -> str:
    value = (el.get(attr) or "").strip()
    if not is_guid(value):
        raise InputError(f"{what} has no valid {attr} ({value!r})", path=where)
    return normalize_guid(value)


def read_project(archive: Archive) -> tuple[QdpxProject, bytes]:
    """The project's records and the .qde bytes (the codebook is read from them separately)."""
    where = archive.where
    qde = archive.read(archive.qde_name())
    root = parse_qde(qde, where)
    users = {guid(u, "guid", where, "a <User>"): (u.get("name") or u.get("id") or "").strip()
             for u in kids(kid(root, "Users") if kid(root, "Users") is not None else [], "User")}
    variables = {}
    for v in kids(kid(root, "Variables") if kid(root, "Variables") is not None else [], "Variable"):
        variables[guid(v, "guid", where, "a <Variable>")] = (v.get("name") or "").strip()
    cases = [_case(c, variables, where) for c in kids(kid(root, "Cases") if kid(root, "Cases") is not None
                                                      else [], "Case")]
    base = root.get("basePath") or ""
    sources, skipped = [], []
    for el in (kid(root, "Sources") if kid(root, "Sources") is not None else []):
        tag = local(el.tag)
        name = (el.get("name") or "").strip()
        if tag in OTHER_SOURCES:
            skipped.append(f"{name or el.get('guid')} ({OTHER_SOURCES[tag]})")
        elif tag == "TextSource":
            src = _text_source(el, archive, base, where, skipped)
            if src is not None:
                sources.append(src)
    sets = {}
    for s in kids(kid(root, "Sets") if kid(root, "Sets") is not None else [], "Set"):
        sets[(s.get("name") or "").strip()] = [normalize_guid(m.get("targetGUID") or "")
                                               for m in kids(s, "MemberSource")]
    desc = kid(root, "Description")
    proj = QdpxProject((root.get("name") or "").strip(), users, cases, sources, sets,
                       desc.text if desc is not None else None, skipped)
    proj.notes = _notes(root, archive, base, where)
    for book in kids(root, "CodeBook"):
        proj.code_notes += [(guid(code, "guid", where, "a <Code>"), g) for code in book.iter()
                            if local(code.tag) == "Code" for g in _note_refs(code)]
    return proj, qde


def _note_refs(el) -> list[str]:
    return [normalize_guid(r.get("targetGUID") or "") for r in kids(el, "NoteRef")]


def _notes(root, archive: Archive, base: str, where: str) -> dict[str, Note]:
    """The project's Notes that hold text (inline or in a file as a TextSource does)."""
    out = {}
    for el in kids(kid(root, "Notes") if kid(root, "Notes") is not None else [], "Note"):
        nguid = guid(el, "guid", where, "a <Note>")
        name = (el.get("name") or "").strip()
        content = kid(el, "PlainTextContent")
        text = content.text or "" if content is not None else ""
        path = (el.get("plainTextPath") or "").strip()
        if not text and path:
            data = _source_bytes(path, archive, base, where, name)
            text = decode(data) if data is not None else ""
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip()
        if text:
            out[nguid] = Note(nguid, name, text, normalize_guid(el.get("creatingUser") or "") or None)
    return out


def _case(el, variables: dict[str, str], where: str) -> Case:
    case = Case(guid(el, "guid", where, "a <Case>"), (el.get("name") or "").strip())
    for vv in kids(el, "VariableValue"):
        ref = kid(vv, "VariableRef")
        name = variables.get(normalize_guid(ref.get("targetGUID") or "")) if ref is not None else None
        value = next((c.text or "" for c in vv if local(c.tag).endswith("Value")), "")
        if name:
            case.values[name] = value.strip()
    case.sources = [normalize_guid(r.get("targetGUID") or "") for r in kids(el, "SourceRef")]
    case.selections = [normalize_guid(r.get("targetGUID") or "") for r in kids(el, "SelectionRef")]
    return case


def _text_source(el, archive: Archive, base: str, where: str, skipped: list[str]) -> Source | None:
    sguid = guid(el, "guid", where, "a <TextSource>")
    name = (el.get("name") or "").strip() or sguid
    content = kid(el, "PlainTextContent")
    if content is not None and content.text:
        raw = content.text
    else:
        path = (el.get("plainTextPath") or "").strip()
        if not path:
            skipped.append(f"{name} (no plain text: only rich text)")
            return None
        data = _source_bytes(path, archive, base, where, name)
        if data is None:
            skipped.append(f"{name} (text file {path} not found)")
            return None
        raw = decode(data)
    src = Source(sguid, name, raw)
    for sel in kids(el, "PlainTextSelection"):
        s = Selection(guid(sel, "guid", where, f"a selection in {name}"),
                      _int(sel, "startPosition", where, name), _int(sel, "endPosition", where, name),
                      sel.get("name"))
        for c in kids(sel, "Coding"):
            ref = kid(c, "CodeRef")
            if ref is None:
                raise InputError(f"a coding in {name} has no <CodeRef>", path=where)
            s.codings.append(Coding(guid(c, "guid", where, f"a coding in {name}"),
                                    guid(ref, "targetGUID", where, f"a <CodeRef> in {name}"),
                                    normalize_guid(c.get("creatingUser") or sel.get("creatingUser") or "") or None))
        s.notes = _note_refs(sel)
        src.selections.append(s)
    src.notes = _note_refs(el)
    return src


def _int(el, attr: str, where: str, name: str) -> int:
    try:
        return int((el.get(attr) or "").strip())
    except ValueError:
        raise InputError(f"a selection in {name} has no whole-number {attr} ({el.get(attr)!r})",
                         path=where) from None


def _source_bytes(path: str, archive: Archive, base: str, where: str, name: str) -> bytes | None:
    scheme, _, rest = path.partition("://")
    scheme = scheme.lower() if rest else ""
    rest = rest or path
    inside = archive.find(f"sources/{rest}") if scheme == "internal" else None
    inside = inside or archive.find_source(rest)
    if inside:
        return archive.read(inside)
    if scheme == "internal":
        return None
    if scheme == "relative":
        b = base.partition("://")[2] if "://" in base else base
        disk = Path(b) / rest if b else None
    else:
        disk = Path(rest)
    if disk is None or disk.suffix.lower() != ".txt" or not disk.is_file() or disk.stat().st_size > EXTERNAL_MAX:
        return None
    return disk.read_bytes()


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is kept as U+FEFF for the position mapping), UTF-16 with a BOM, else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "\ufeff" + data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
