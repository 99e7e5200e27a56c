"""``workbench import FILE.qdpx`` and ``workbench init DIR --from FILE.qdpx``: a whole coded
project from ATLAS.ti, MAXQDA, NVivo or QualCoder into an empty workbench project.

Read and checked first (:mod:`qdpx_read`, :mod:`qdpx_plan`), then written in one transaction:
the codebook, respondents (Cases and Variables), transcripts (pseudonymised unless asked not
to, turns found in the text, segmented like any import) and every coding on each segment its
selection overlaps, the original span kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.errors import InputError, WorkbenchError
from workbench.interop.positions import Convention

CODE_MEMO_KEY = "code-memos"   # the key file's entry for tags in imported code memos (no transcript)


@dataclass
class QdpxImportOptions:
    pseudonymise: bool = True
    positions: str = "auto"   # auto | codepoints | utf16
    max_chars: int | None = None
    key_file: Path | None = None  # the re-identification key goes here (outside the project)


@dataclass
class QdpxImportSummary:
    transcripts: list[str] = field(default_factory=list)
    respondents: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    coders: list[str] = field(default_factory=list)
    convention: str = ""
    skipped_sources: list[str] = field(default_factory=list)
    not_placed: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pseudonymised: bool = True


def import_qdpx(project, path: Path, opts: QdpxImportOptions | None = None, *, pseudo=None,
                notify: Callable[[str], None] | None = None) -> QdpxImportSummary:
    """Import a .qdpx into an empty project. ``pseudo`` replaces the project's Pseudonymiser (tests)."""
    from workbench.interop.qdpx_archive import Archive
    from workbench.interop.qdpx_plan import make_plan
    from workbench.interop.qdpx_read import read_project
    from workbench.store.exchange import is_empty

    opts = opts or QdpxImportOptions()
    path = Path(path)
    from workbench.ingest.keyfile import KeyFile, resolve_key_path

    key_path = resolve_key_path(project, opts.key_file)
    keys = KeyFile.open(project, key_path) if key_path else None  # refused before anything is stored
    with project.session() as s:
        if not is_empty(s):
            raise WorkbenchError("a .qdpx is imported into an empty project; this one already has transcripts "
                                 "or codings", hint=f"run `workbench init NEWDIR --from {path.name}`")
    archive = Archive(path)
    try:
        proj, qde = read_project(archive)
    finally:
        archive.close()
    codebook, notes = _codebook(proj, qde, str(path))
    code_ids = _code_ids(codebook)
    if opts.pseudonymise and pseudo is None and project.setting("import", "pseudonymise", True):
        from workbench.ingest.pseudonymise import Pseudonymiser

        pseudo = Pseudonymiser(allow=project.setting("import", "allow", []),
                               deny=project.setting("import", "deny", []), notify=notify)
    if not opts.pseudonymise:
        pseudo = None
    forced = None if opts.positions == "auto" else Convention(opts.positions)
    if opts.positions not in ("auto", "codepoints", "utf16"):
        raise InputError(f"--positions must be auto, codepoints or utf16, not {opts.positions!r}")
    plan = make_plan(proj, code_ids, str(path), pseudo=pseudo, forced=forced)
    summary = QdpxImportSummary(convention=plan.convention_note, skipped_sources=plan.skipped_sources,
                                not_imported=plan.not_imported, notes=notes, pseudonymised=pseudo is not None)
    _write(project, path, plan, codebook, summary, opts)
    if keys is not None and any(src.key for src in plan.sources):
        from workbench.store.transcripts import list_transcripts

        uids = {t.name: t.uid for t in list_transcripts(project)}
        for src in plan.sources:
            if src.key and src.name in uids:
                keys.put(uids[src.name], name=src.name, file=path.name, tags=src.key)
    if keys is not None and plan.code_memo_key:
        keys.put(CODE_MEMO_KEY, name="memo's op codes", file=path.name, tags=plan.code_memo_key, merge=True)
    return summary


def _codebook(proj, qde: bytes, where: str):
    from workbench.codebook.ids import slugify
    from workbench.codebook.qdc import read_qdc
    from workbench.interop.qdpx_read import local, parse_qde

    root = parse_qde(qde, where)
    if not [el for el in root if local(el.tag) == "CodeBook"]:
        return None, []
    meta = {}
    for line in (proj.description or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in ("codeboek", "versie", "taal") and value.strip():
            meta[key.strip().lower()] = value.strip()
    name = meta.get("codeboek") or slugify(proj.name or Path(where).stem, "codeboek")
    imp = read_qdc(qde, source=where, name=name)
    cb = imp.codebook
    update = {"version": meta.get("versie", cb.version), "language": meta.get("taal", cb.language)}
    if meta:
        lines = (proj.description or "").replace("\r\n", "\n").split("\n")
        body = "\n".join(lines[len(meta):]).strip()
        update["description"] = body or None
    return cb.model_copy(update=update), imp.notes


def _code_ids(codebook) -> dict[str, str]:
    from workbench.codebook.qdc import guid_of

    if codebook is None:
        return {}
    return {guid_of(codebook, c): c.id for c in codebook.flat()}


def _write(project, path: Path, plan, codebook, summary: QdpxImportSummary, opts) -> None:
    from workbench.ingest.segment import DEFAULT_MAX_CHARS, split_turn
    from workbench.store.codebooks import load_codebook_in
    from workbench.store.coders import register_coder
    from workbench.store.codings import set_decision
    from workbench.store.events import log_event
    from workbench.store.records import RespondentRec
    from workbench.vocab import ReservedCoder
    from workbench.store.transcripts import (NewTurn, add_transcript, codable_segments_in, lock_for_import,
                                             segments_in, upsert_respondents)

    max_chars = opts.max_chars or int(project.setting("import", "max_segment_chars", DEFAULT_MAX_CHARS))
    coders: set[str] = set()
    memos: dict[tuple[str, str, str], list[str]] = {}
    with project.session(write=True) as s:
        lock_for_import(s)  # one import at a time: transcript names are chosen against what is stored
        if codebook is not None and codebook.codes:
            load_codebook_in(s, codebook, actor="import")
            summary.codes = len(codebook.flat())
        recs = [RespondentRec(rid, rtype, attrs) for rid, (rtype, attrs) in plan.respondents.items()]
        if recs:
            upsert_respondents(s, recs)
        summary.respondents = len(recs)
        for src in plan.sources:
            turns = []
            for t in src.turns:
                segs = [(t.start + a, t.start + b) for a, b in split_turn(src.text[t.start:t.end], max_chars)]
                turns.append(NewTurn(t.label, t.role, t.respondent_id, t.start, t.end, None, segs,
                                     t.role == "respondent"))
            sha = hashlib.sha256(src.text.encode("utf-8")).hexdigest()
            tid = add_transcript(s, name=src.name, source_key=src.source_key, sha256=sha, format="qdpx",
                                 kind=src.kind, respondent_type=src.respondent_type, wave=src.wave, date=None,
                                 text=src.text, tags_replaced=src.tags, turns=turns)
            summary.transcripts.append(src.name)
            segments = codable_segments_in(s, tid)
            for c in src.codings:
                if ReservedCoder.holds(c.coder):  # the model's suggestions are not people's codings
                    summary.not_placed.append(f"{src.name} {c.start}-{c.end} {c.code_id} ({c.coder}: reserved name)")
                    continue
                register_coder(s, c.coder)  # the archive's Users become coders (same transaction)
                hit = [g for g in segments if g.start < c.end and g.end > c.start]
                if not hit:
                    summary.not_placed.append(f"{src.name} {c.start}-{c.end} {c.code_id} ({c.coder})")
                    continue
                exact = len(hit) == 1 and hit[0].start == c.start and hit[0].end == c.end
                for g in hit:
                    set_decision(s, g.id, c.code_id, c.coder, c.status, span=None if exact else (c.start, c.end),
                                 action="imported")
                    summary.codings += 1
                coders.add(c.coder)
            memos.update(_memo_targets(src, tid, segments_in(s, tid), summary))
        memos.update(_memo_targets(None, None, [], summary, plan.code_memos))
        _write_memos(s, memos, summary, coders)
        summary.coders = sorted(coders)
        log_event(s, "import", "qdpx-imported", file=path.name, transcripts=len(plan.sources),
                  codings=summary.codings, memos=summary.memos, positions=plan.convention.describe(),
                  pseudonymised=summary.pseudonymised, skipped=plan.skipped_sources)


def _memo_targets(src, tid, segments, summary, planned=None) -> dict[tuple[str, str, str], list[str]]:
    """(kind, target, author) -> texts: a segment memo goes to the segment its selection starts in."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for m in (planned if planned is not None else src.memos):
        if m.kind == "code":
            target = m.code_id
        elif m.kind == "transcript":
            target = str(tid)
        else:
            hit = [g for g in segments if g.start <= m.start < g.end or (g.start < m.end and g.end > m.start)]
            if not hit:
                summary.not_placed.append(f"{src.name} {m.start}-{m.end} memo ({m.author})")
                continue
            target = str(hit[0].id)
        out.setdefault((m.kind, target, m.author), []).append(m.text)
    return out


def _write_memos(s, memos: dict, summary: QdpxImportSummary, coders: set[str]) -> None:
    from workbench.store.coders import register_coder
    from workbench.store.memos import set_memo
    from workbench.vocab import ReservedCoder

    for (kind, target, author), texts in memos.items():
        if ReservedCoder.holds(author):
            summary.not_imported.append(f"a memo on a {kind} by {author!r} (a reserved name)")
            continue
        register_coder(s, author)   # a note's creating user becomes a coder, like the archive's Users
        if set_memo(s, kind, target, author, "\n\n".join(texts), action="memo-imported"):
            summary.memos += 1
            coders.add(author)


def init_from_qdpx(directory: Path, path: Path, opts: QdpxImportOptions | None = None, *, name: str | None = None,
                   pseudo=None, notify=None):
    """``workbench init DIR --from FILE.qdpx``: a new project holding the .qdpx. When the import
    fails, the files ``init`` made are removed again (and the folder, if it made it)."""
    import shutil

    from workbench.store.project import CONFIG_NAME, Project

    root = Path(directory).resolve()
    made_dir = not root.exists()
    if not Path(path).is_file():
        raise InputError("file not found", path=str(path))
    project = Project.init(root, name)
    try:
        return project, import_qdpx(project, path, opts, pseudo=pseudo, notify=notify)
    except BaseException:
        project.close()
        if made_dir:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for p in [root / CONFIG_NAME, *root.glob("workbench.db*")]:
                p.unlink(missing_ok=True)
        raise
