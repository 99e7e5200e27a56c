"""REFI-QDA project export (.qdpx, QDA-XML Project 1.0).

A zip with ``project.qde`` (UTF-8, no byte-order mark) and ``sources/<GUID>.txt`` (the
pseudonymised canonical text). Coders are Users; the codebook is the CodeBook (no Sets, no
origin); respondents are Cases with their attributes as Variables (an interview case refers to
its source, a focus-group respondent to their own turns by selection); every distinct coded
span is one PlainTextSelection holding one Coding per accepted (coder, code). Waves, respondent
types and interview kinds are Sets of sources. Suggestions and rejections travel only with
``include_suggestions``, as their own users, each with a Note. Memos travel as Notes written by
their author: a code memo referred to from its Code, a transcript memo from its TextSource, a
segment memo from a PlainTextSelection of the segment. Every GUID is deterministic.
"""

from __future__ import annotations

import os
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.interop.guids import Guids
from workbench.interop.positions import export_table

NS = "urn:QDA-XML:project:1.0"
MODEL_USER = "model"
REJECTED = " (afgewezen)"
SET_PREFIXES = {"wave": "Golf: ", "type": "Respondenttype: ", "kind": "Soort: "}
TYPE_VARIABLE = "type"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class ExportOptions:
    coders: list[str] | None = None
    positions: str = "codepoints"   # codepoints | utf16
    crlf: bool = False
    include_suggestions: bool = False


@dataclass
class ExportSummary:
    path: Path
    sources: int = 0
    selections: int = 0
    codings: int = 0
    users: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def export_qdpx(project, out: Path, opts: ExportOptions | None = None) -> ExportSummary:
    """Write ``out`` (replaced atomically: a failed export leaves no half-written file)."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.exchange import export_snapshot
    from workbench.store.transcripts import list_respondents

    opts = opts or ExportOptions()
    if opts.positions not in ("codepoints", "utf16"):
        raise InputError(f"--positions must be codepoints or utf16, not {opts.positions!r}")
    out = Path(out)
    if out.suffix.lower() != ".qdpx":
        raise InputError("the file name must end in .qdpx", path=str(out))
    snap = export_snapshot(project)
    codebook = project_codebook(project, required=False)
    known = {c.coder for c in snap.codings}
    for name in opts.coders or []:
        if name not in known:
            raise WorkbenchError(f"no codings by coder {name!r} in this project",
                                 hint="coders: " + (", ".join(sorted(known)) or "none"))
    summary = ExportSummary(out)
    builder = _Builder(project.name, snap, codebook, list_respondents(project), opts, summary)
    builder.add_memos(_memos(project, opts.coders))
    qde, files = builder.build()
    _write_zip(out, qde, files)
    return summary


def _memos(project, authors: list[str] | None) -> list[tuple]:
    """(kind, target, author, text, segment span or None) of every memo (of ``authors``)."""
    from workbench.store.memos import list_memos
    from workbench.store.transcripts import list_segments

    memos = [m for m in list_memos(project) if not authors or m.author in authors]
    ids = [int(m.target) for m in memos if m.kind == "segment"]
    spans = {str(s.id): (s.transcript_id, s.start, s.end) for s in list_segments(project, ids=ids)} if ids else {}
    return [(m.kind, m.target, m.author, m.text, spans.get(m.target)) for m in memos
            if m.kind != "segment" or m.target in spans]


def _write_zip(out: Path, qde: bytes, files: dict[str, bytes]) -> None:
    if not out.parent.is_dir():
        raise InputError("the folder does not exist", path=str(out.parent))
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in [("project.qde", qde), *sorted(files.items())]:
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()


class _Builder:
    def __init__(self, name, snap, codebook, respondents, opts: ExportOptions, summary: ExportSummary):
        self.name, self.snap, self.codebook, self.respondents = name, snap, codebook, respondents
        self.opts, self.summary = opts, summary
        self.g = Guids(snap.project_uuid)
        self.users: dict[str, str] = {}
        self.notes: list[tuple[str, str, str, str | None]] = []  # guid, name, text, author
        self.note_refs: dict[tuple, list[str]] = defaultdict(list)  # what a memo is about -> note guids
        self.memo_spans: dict[int, set[tuple[int, int]]] = defaultdict(set)  # transcript -> segment spans

    def add_memos(self, memos: list[tuple]) -> None:
        for kind, target, author, text, span in memos:
            guid = self.g.of("memo", kind, target, author)
            if kind == "segment":
                tr_id, a, b = span
                about = ("selection", tr_id, a, b)
                self.memo_spans[tr_id].add((a, b))
            else:
                about = (kind, int(target) if kind == "transcript" else target)
            self.note_refs[about].append(guid)
            self.notes.append((guid, f"Memo ({author}, {kind})", text, author))

    # ------------------------------------------------------------------ helpers
    def el(self, parent, tag: str, attrs: dict | None = None, text: str | None = None):
        from lxml import etree

        from workbench.codebook.qdc_text import xml_text

        e = etree.SubElement(parent, f"{{{NS}}}{tag}",
                             {k: xml_text(v) for k, v in (attrs or {}).items() if v is not None})
        if text is not None:
            e.text = xml_text(text)
        return e

    def user(self, name: str) -> str:
        if name not in self.users:
            self.users[name] = self.g.user(name)
        return self.users[name]

    # ------------------------------------------------------------------ the document
    def build(self) -> tuple[bytes, dict[str, bytes]]:
        from lxml import etree

        from workbench.codebook.qdc import _version

        root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
        from workbench.codebook.qdc_text import xml_text

        root.set("name", xml_text(self.name))
        root.set("origin", f"workbench {_version()}")
        code_guids = self._code_guids_cache = self._code_guids()
        selections, files, turn_sels = self._sources(code_guids)
        users_el = self.el(root, "Users")
        self._codebook(root)
        self._cases(root, turn_sels)
        src_el = self.el(root, "Sources") if selections else None
        for tr_guid, tr, sels in selections:
            self._source(src_el, tr_guid, tr, sels)
        if self.notes:
            notes_el = self.el(root, "Notes")
            for guid, name, text, author in self.notes:
                note = self.el(notes_el, "Note", {"guid": guid, "name": name,
                                                  "creatingUser": self.user(author) if author else None})
                self.el(note, "PlainTextContent", text=text)
        self._sets(root)
        if self.codebook is not None:
            self.el(root, "Description", text=self._codebook_meta())
        for name, guid in sorted(self.users.items()):
            self.el(users_el, "User", {"guid": guid, "name": name})
        if not self.users:
            root.remove(users_el)
        self.summary.users = sorted(self.users)
        etree.indent(root, space="  ")
        body = etree.tostring(root, encoding="unicode")
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8"), files

    def _code_guids(self) -> dict[str, str]:
        from workbench.codebook.qdc import guid_of

        if self.codebook is None:
            return {}
        return {c.id: guid_of(self.codebook, c) for c in self.codebook.flat()}

    def _codebook(self, root) -> None:
        from workbench.codebook.qdc import description_of, guid_of

        if self.codebook is None or not self.codebook.codes:
            return
        codes_el = self.el(self.el(root, "CodeBook"), "Codes")
        placeholders = []

        def add(parent, code) -> None:
            attrs = {"guid": guid_of(self.codebook, code), "name": code.label,
                     "isCodable": "true" if code.codable else "false", "color": code.color}
            el = self.el(parent, "Code", attrs)
            desc = description_of(code)
            if desc is None:
                placeholders.append(code.id)
            else:
                self.el(el, "Description", text=desc)
            for guid in self.note_refs.get(("code", code.id), []):
                self.el(el, "NoteRef", {"targetGUID": guid})
            for child in code.children:
                add(el, child)

        for code in self.codebook.nested().codes:
            add(codes_el, code)
        if placeholders:
            self.summary.warnings.append(f"{len(placeholders)} code(s) without a written definition "
                                         f"exported without description: {', '.join(placeholders)}")

    def _codebook_meta(self) -> str:
        cb = self.codebook
        lines = [f"Codeboek: {cb.name}", f"Versie: {cb.version}", f"Taal: {cb.language}"]
        if cb.description and cb.description.strip():
            lines += ["", cb.description.strip()]
        return "\n".join(lines)

    # ------------------------------------------------------------------ codings
    def _wanted(self, c) -> str | None:
        """The user a coding is exported under, or None to leave it out."""
        chosen = self.opts.coders
        if c.status == "suggested":
            return MODEL_USER if self.opts.include_suggestions and (not chosen or MODEL_USER in chosen) else None
        if c.coder == MODEL_USER or (chosen and c.coder not in chosen):
            return None
        if c.status == "accepted":
            return c.coder
        return c.coder + REJECTED if self.opts.include_suggestions else None

    def _sources(self, code_guids):
        by_tr: dict[int, dict[tuple[int, int], list]] = defaultdict(lambda: defaultdict(list))
        unknown = set()
        for c in self.snap.codings:
            user = self._wanted(c)
            if user is None:
                continue
            if c.code_id not in code_guids:
                unknown.add(c.code_id)
                continue
            by_tr[c.transcript_id][(c.start, c.end)].append((user, c))
        if unknown:
            self.summary.warnings.append("codings of codes no longer in the codebook left out: "
                                         + ", ".join(sorted(unknown)))
        out, files, turn_sels = [], {}, defaultdict(list)
        for tr in self.snap.transcripts:
            tr_guid = self.g.transcript(tr.source_key)
            sels = by_tr.get(tr.id, {})
            for span in self.memo_spans.get(tr.id, ()):
                sels.setdefault(span, [])
            if tr.kind == "focusgroep":
                for t in tr.turns:
                    if t.respondent_id and t.end > t.start:
                        sels.setdefault((t.start, t.end), [])
                        turn_sels[t.respondent_id].append(self.g.selection(tr_guid, t.start, t.end))
            text = tr.text.replace("\n", "\r\n") if self.opts.crlf else tr.text
            files[f"sources/{tr_guid}.txt"] = text.encode("utf-8")
            out.append((tr_guid, tr, {k: sels[k] for k in sorted(sels)}))
        self.summary.sources = len(out)
        return out, files, turn_sels

    def _source(self, parent, tr_guid, tr, sels) -> None:
        table = export_table(tr.text, utf16=self.opts.positions == "utf16", crlf=self.opts.crlf)
        src = self.el(parent, "TextSource", {"guid": tr_guid, "name": tr.name,
                                             "plainTextPath": f"internal://{tr_guid}.txt"})
        for (a, b), items in sels.items():
            sel_guid = self.g.selection(tr_guid, a, b)
            quote = " ".join(tr.text[a:b].split())
            sel = self.el(src, "PlainTextSelection", {
                "guid": sel_guid, "name": quote if len(quote) <= 60 else quote[:59] + "…",
                "startPosition": str(table[a]), "endPosition": str(table[b])})
            self.summary.selections += 1
            done = set()
            for user, c in items:
                code_guid = self._code_guids_cache[c.code_id]
                if (user, code_guid) in done:
                    continue
                done.add((user, code_guid))
                cg = self.g.coding(sel_guid, code_guid, user)
                coding = self.el(sel, "Coding", {"guid": cg, "creatingUser": self.user(user),
                                                 "creationDateTime": c.at})
                self.el(coding, "CodeRef", {"targetGUID": code_guid})
                self.summary.codings += 1
                if c.status != "accepted":
                    note_guid = self.g.of("note", cg)
                    self.el(coding, "NoteRef", {"targetGUID": note_guid})
                    self.notes.append((note_guid, f"{c.status}: {c.code_id}", _note_text(c), None))
            for guid in self.note_refs.get(("selection", tr.id, a, b), []):
                self.el(sel, "NoteRef", {"targetGUID": guid})
        for guid in self.note_refs.get(("transcript", tr.id), []):
            self.el(src, "NoteRef", {"targetGUID": guid})

    # ------------------------------------------------------------------ respondents
    def _cases(self, root, turn_sels) -> None:
        if not self.respondents:
            return
        keys = sorted({k for r in self.respondents for k in r.attributes if k != TYPE_VARIABLE})
        var_guids = {k: self.g.of("variable", k) for k in [TYPE_VARIABLE, *keys]}
        vars_el = self.el(root, "Variables")
        for k, guid in var_guids.items():
            self.el(vars_el, "Variable", {"guid": guid, "name": k, "typeOfVariable": "Text"})
        speaks: dict[str, list[str]] = defaultdict(list)
        for tr in self.snap.transcripts:
            if tr.kind != "focusgroep":
                for rid in sorted({t.respondent_id for t in tr.turns if t.respondent_id}):
                    speaks[rid].append(self.g.transcript(tr.source_key))
        cases_el = self.el(root, "Cases")
        for r in self.respondents:
            case = self.el(cases_el, "Case", {"guid": self.g.of("case", r.id), "name": r.id})
            for k, value in [(TYPE_VARIABLE, r.type), *sorted(r.attributes.items())]:
                if value is None:
                    continue
                vv = self.el(case, "VariableValue")
                self.el(vv, "VariableRef", {"targetGUID": var_guids[k]})
                self.el(vv, "TextValue", text=str(value))
            for guid in speaks.get(r.id, []):
                self.el(case, "SourceRef", {"targetGUID": guid})
            for guid in turn_sels.get(r.id, []):
                self.el(case, "SelectionRef", {"targetGUID": guid})

    def _sets(self, root) -> None:
        groups: dict[str, list[str]] = defaultdict(list)
        for tr in self.snap.transcripts:
            guid = self.g.transcript(tr.source_key)
            for key, value in (("wave", tr.wave), ("type", tr.respondent_type), ("kind", tr.kind)):
                if value:
                    groups[SET_PREFIXES[key] + value].append(guid)
        if not groups:
            return
        sets_el = self.el(root, "Sets")
        for name in sorted(groups):
            s = self.el(sets_el, "Set", {"guid": self.g.of("set", name), "name": name})
            for guid in groups[name]:
                self.el(s, "MemberSource", {"targetGUID": guid})


def _note_text(c) -> str:
    if c.status == "suggested":
        text = f"Suggestie van het model voor {c.code_id}"
        if c.score is not None:
            text += f" (score {c.score:.2f})"
        return text + (f": {c.rationale}" if c.rationale else ".")
    return f"Afgewezen door {c.coder}: {c.code_id}" + (f". Reden: {c.reason}" if c.reason else ".")
