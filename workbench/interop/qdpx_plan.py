"""From a parsed .qdpx to what the store will hold: texts, turns, respondents and codings.

Pure: nothing is written here, so every problem (a CodeRef to nothing, a selection outside its
text) is found before the one import transaction starts. Positions are read in the convention
the selections fit best (:mod:`workbench.interop.positions`); a byte-order mark is stripped and
CRLF becomes LF; pseudonymisation maps every selection through the edit. Notes on a Code, a
TextSource or a selection become memos of their creating user; their text is pseudonymised with
the source they are about (code notes together), so tags match the transcript's.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from workbench.errors import InputError
from workbench.interop.positions import Convention, detect, normalise, position_table, to_canonical
from workbench.interop.qdpx_export import MODEL_USER, REJECTED, SET_PREFIXES
from workbench.interop.text_map import EditMap
from workbench.interop.text_turns import TextTurn, find_turns

UNKNOWN_CODER = "geimporteerd"
UNKNOWN_TYPE = "onbekend"
TYPE_KEYS = ("type", "respondenttype", "respondent type", "soort respondent")
SAFE_ID = re.compile(r"^[A-Za-z]{0,12}[-_ ]?\d{1,4}[A-Za-z]?$")


@dataclass
class PlannedTurn:
    label: str | None
    role: str
    respondent_id: str | None
    start: int
    end: int


@dataclass
class PlannedCoding:
    start: int
    end: int
    code_id: str
    coder: str
    status: str


@dataclass
class PlannedMemo:
    kind: str                  # code | transcript | segment
    author: str
    text: str
    code_id: str | None = None
    start: int = 0             # a segment memo: the selection's span in the stored text
    end: int = 0
    selection: str | None = None   # while planning: the selection's GUID


@dataclass
class PlannedSource:
    guid: str
    name: str
    text: str
    kind: str
    wave: str | None
    respondent_type: str | None
    turns: list[PlannedTurn]
    codings: list[PlannedCoding]
    tags: int = 0
    source_key: str = ""
    key: dict[str, list[str]] = field(default_factory=dict)   # re-identification key: never stored
    memos: list[PlannedMemo] = field(default_factory=list)


@dataclass
class Plan:
    sources: list[PlannedSource]
    respondents: dict[str, tuple[str, dict[str, str]]]   # id -> (type, attributes)
    convention: Convention
    convention_note: str
    skipped_sources: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    code_memos: list[PlannedMemo] = field(default_factory=list)
    code_memo_key: dict[str, list[str]] = field(default_factory=dict)   # never stored


def make_plan(proj, code_ids: dict[str, str], where: str, *, pseudo=None,
              forced: Convention | None = None) -> Plan:
    """``code_ids``: code GUID -> code id. ``pseudo``: a Pseudonymiser, or None to keep the text."""
    for src in proj.sources:
        for sel in src.selections:
            for c in sel.codings:
                if c.code not in code_ids:
                    raise InputError(f"a coding in {src.name} refers to code {c.code}, which the codebook "
                                     "does not have (CodeRef to nothing)", path=where)
    norms = [normalise(src.raw) for src in proj.sources]
    conv, note = detect([(n, [(s.start, s.end, s.name) for s in src.selections])
                         for n, src in zip(norms, proj.sources)], forced)
    respondents, case_of_source, case_of_selection = _respondents(proj, pseudo is not None)
    plan = Plan([], respondents, conv, note, list(proj.skipped))
    notes = {src.guid: _source_notes(proj, src) for src in proj.sources}
    code_memos = _code_notes(proj, code_ids, plan)
    if pseudo is not None:
        for n, src in zip(norms, proj.sources):
            turns = find_turns(n.text)
            extra = [m.text for m in notes[src.guid]]
            pseudo.collect([t.label for t in turns] + [None] * len(extra),
                           [n.text[t.start:t.end] for t in turns] + extra)
        if code_memos:
            pseudo.collect([None] * len(code_memos), [m.text for m in code_memos])
    for src, norm in zip(proj.sources, norms):
        plan.sources.append(_source(proj, src, norm, conv, where, pseudo, case_of_source, case_of_selection,
                                    plan, code_ids, notes[src.guid]))
    if pseudo is not None and code_memos:
        p = pseudo.run([None] * len(code_memos), [m.text for m in code_memos], "memo")
        for m, text in zip(code_memos, p.texts):
            m.text = text
        plan.code_memo_key = p.key
    plan.code_memos = code_memos
    used = {g for _, g in proj.code_notes} | {g for src in proj.sources for g in src.notes} | {
        g for src in proj.sources for sel in src.selections for g in sel.notes}
    other = [g for g in proj.notes if g not in used]
    if other:
        plan.not_imported.append(f"{len(other)} note(s) not on a code, source or selection (on the project "
                                 "or on codings); workbench keeps memos on codes, transcripts and segments")
    return plan


def _author(proj, note) -> str:
    return proj.users.get(note.user or "", "") or UNKNOWN_CODER


def _source_notes(proj, src) -> list[PlannedMemo]:
    """The memos of a source's Notes (a segment memo's span is found later from its selection)."""
    out = [PlannedMemo("transcript", _author(proj, proj.notes[g]), proj.notes[g].text)
           for g in src.notes if g in proj.notes]
    for sel in src.selections:
        out += [PlannedMemo("segment", _author(proj, proj.notes[g]), proj.notes[g].text, selection=sel.guid)
                for g in sel.notes if g in proj.notes]
    return out


def _code_notes(proj, code_ids: dict[str, str], plan) -> list[PlannedMemo]:
    out = []
    for code_guid, g in proj.code_notes:
        if g in proj.notes:
            if code_guid in code_ids:
                out.append(PlannedMemo("code", _author(proj, proj.notes[g]), proj.notes[g].text,
                                       code_id=code_ids[code_guid]))
            else:
                plan.not_imported.append(f"a note on code {code_guid}, which the codebook does not hold")
    return out


def _respondents(proj, pseudonymise: bool):
    out: dict[str, tuple[str, dict[str, str]]] = {}
    by_source: dict[str, list[str]] = {}
    by_selection: dict[str, str] = {}
    n = 0
    for case in proj.cases:
        name = " ".join(case.name.split())[:64]
        if not name or (pseudonymise and not SAFE_ID.match(name)):
            n += 1
            name = f"R{n:02d}"   # a case named after a person keeps no name
            while name in out:
                n += 1
                name = f"R{n:02d}"
        values = dict(case.values)
        rtype = next((values.pop(k) for k in list(values) if k.casefold() in TYPE_KEYS), "") or UNKNOWN_TYPE
        out[name] = (rtype, values)
        for g in case.sources:
            by_source.setdefault(g, []).append(name)
        for g in case.selections:
            by_selection[g] = name
    return out, by_source, by_selection


def _source(proj, src, norm, conv, where, pseudo, case_of_source, case_of_selection, plan,
            code_ids, memos: list[PlannedMemo]) -> PlannedSource:
    from workbench.ingest.speakers import speaker_role

    table = position_table(norm, conv)
    text = norm.text
    spans = {}
    for sel in src.selections:
        a, b = to_canonical(table, sel.start, end=False), to_canonical(table, sel.end, end=True)
        if a is None or b is None or b < a:
            raise InputError(f"a selection in {src.name} ({sel.start}-{sel.end}) lies outside its text "
                             f"({table[-1]} positions)", path=where)
        spans[sel.guid] = (a, b)
    turns = find_turns(text)
    linked = [(spans[g], rid) for g, rid in case_of_selection.items() if g in spans]
    whole = case_of_source.get(src.guid, [])
    planned = []
    for t in turns:
        role = speaker_role(t.label) or "respondent"
        rid = None
        if role == "respondent":
            rid = next((r for (a, b), r in linked if a < t.end and b > t.start), None)
            if rid is None and len(whole) == 1:
                rid = whole[0]
        planned.append(PlannedTurn(t.label, role, rid, t.start, t.end))
    name, tags, key = src.name, 0, {}
    if pseudo is not None:
        text, emap, name, tags, labels, key, notes = _pseudonymise(pseudo, text, turns, src.name,
                                                                   [m.text for m in memos])
        for m, note in zip(memos, notes):
            m.text = note
        for t, label in zip(planned, labels):
            t.start, t.end = emap.map(t.start, end=False), emap.map(t.end, end=True)
            t.label = label
        spans = {g: (emap.map(a, end=False), emap.map(b, end=True)) for g, (a, b) in spans.items()}
    for m in memos:
        if m.kind == "segment":
            m.start, m.end = spans[m.selection]
    codings = []
    for sel in src.selections:
        a, b = spans[sel.guid]
        for c in sel.codings:
            user = proj.users.get(c.user or "", "") or UNKNOWN_CODER
            if user == MODEL_USER:
                plan.not_imported.append(f"suggestion in {name}")
                continue
            status = "accepted"
            if user.endswith(REJECTED):
                user, status = user[: -len(REJECTED)], "rejected"
            codings.append(PlannedCoding(a, b, code_ids[c.code], user, status))
    meta = _set_values(proj, src.guid)
    speakers = {t.respondent_id or t.label for t in planned if t.role == "respondent" and (t.respondent_id or t.label)}
    kind = meta.get("kind") or ("focusgroep" if len(speakers) >= 3 else "interview")
    source_key = hashlib.sha256(f"qdpx:{src.guid}".encode()).hexdigest()
    return PlannedSource(src.guid, name, text, kind, meta.get("wave"), meta.get("type"), planned,
                         codings, tags, source_key, key, memos)


def _set_values(proj, guid: str) -> dict[str, str]:
    out = {}
    for name, members in proj.sets.items():
        if guid not in members:
            continue
        for key, prefix in SET_PREFIXES.items():
            if name.startswith(prefix) and name[len(prefix):].strip():
                out.setdefault(key, name[len(prefix):].strip())
    return out


def _pseudonymise(pseudo, text: str, turns: list[TextTurn], name: str, notes: list[str]):
    """The pseudonymised text, the edit map from old to new offsets, the new name and tag count,
    labels, key and ``notes`` (pseudonymised as part of the same document, so tags agree)."""
    labels = [t.label for t in turns] + [None] * len(notes)
    p = pseudo.run(labels, [text[t.start:t.end] for t in turns] + list(notes), name)
    emap, out, cur = EditMap(), [], 0

    def keep(upto: int) -> None:
        nonlocal cur
        if upto > cur:
            emap.add(text[cur:upto], text[cur:upto])
            out.append(text[cur:upto])
            cur = upto

    def swap(upto: int, new: str) -> None:
        nonlocal cur
        emap.add(text[cur:upto], new)
        out.append(new)
        cur = upto

    for t, new_label, new_text in zip(turns, p.labels, p.texts):
        if t.label is not None:
            if t.label_start is not None:
                keep(t.label_start)
                swap(t.label_start + len(t.label), new_label or t.label)
            else:
                keep(t.line_start)
                swap(t.start, f"{new_label or 'Spreker'}: ")
        keep(t.start)
        swap(t.end, new_text)
    keep(len(text))
    return "".join(out), emap, p.name, p.replaced, p.labels[:len(turns)], p.key, p.texts[len(turns):]
