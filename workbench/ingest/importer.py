"""Import: readers → speaker turns → respondent links → pseudonymise → segments → store.

This module reads the files and stores them; ``speaker_map.py`` links speakers to respondents
and ``prepare.py`` makes one file's canonical text and segments. Each file is stored in its own
short write transaction, run again whole while the database is busy (``store/retry.py``): a
file that fails leaves the database as it was, and a batch reports what was and was not imported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.errors import InputError, WorkbenchError
from workbench.ingest.prepare import Prepared, prepare
from workbench.ingest.respondents import RespondentTable, read_respondents
from workbench.ingest.segment import DEFAULT_MAX_CHARS
from workbench.ingest.speaker_map import parse_speaker_options  # noqa: F401 - the CLI imports it from here
from workbench.ingest.turns import Turn


@dataclass
class FileResult:
    file: str
    status: str  # imported | skipped | replaced | failed
    message: str = ""
    name: str | None = None  # pseudonymised display name
    segments: int = 0
    tags: int = 0
    dropped: list = field(default_factory=list)  # codings --replace could not keep (store.rewrite.DroppedCoding)


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    respondents_new: int = 0
    respondents_updated: int = 0
    key_file: Path | None = None  # where the key went; None: no key kept
    key_entries: int = 0
    pseudonymised: bool = True
    respondents_applied: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]


@dataclass
class ImportOptions:
    respondents_csv: Path | None = None
    respondent_type: str | None = None
    wave: str | None = None
    respondent: str | None = None
    kind: str | None = None
    speakers: dict[str, str] = field(default_factory=dict)  # label -> respondent id or role
    replace: bool = False
    pseudonymise: bool = True
    key_file: Path | None = None
    max_chars: int | None = None


def import_files(project, paths: list[Path], opts: ImportOptions,
                 progress: Callable[[str], None] | None = None,
                 notify: Callable[[str], None] | None = None) -> ImportReport:
    """Import transcripts into ``project``. Never raises for a single bad file: see the report."""
    from workbench.ingest.pseudonymise import Pseudonymiser
    from workbench.store.events import log_event
    from workbench.ingest.keyfile import KeyFile, resolve_key_path
    from workbench.ingest.limits import Limits
    from workbench.store.transcripts import respondent_ids, transcript_uids, upsert_respondents

    report = ImportReport()
    table = read_respondents(opts.respondents_csv) if opts.respondents_csv else None
    key_path = resolve_key_path(project, opts.key_file)
    keys = KeyFile.open(project, key_path) if key_path else None  # refused before anything is stored
    limits = Limits.of(project)

    def apply_respondents(s) -> None:
        """In the transaction of the batch's first stored transcript: never on their own."""
        if table and not report.respondents_applied:
            report.respondents_new, report.respondents_updated = upsert_respondents(
                s, list(table.respondents.values()))
            log_event(s, "import", "respondents", file=Path(opts.respondents_csv).name,
                      new=report.respondents_new, updated=report.respondents_updated)

    with project.session() as s:
        known = respondent_ids(s) | (set(table.respondents) if table else set())
    pseudo = None
    if opts.pseudonymise and project.setting("import", "pseudonymise", True):
        pseudo = Pseudonymiser(allow=project.setting("import", "allow", []),
                               deny=project.setting("import", "deny", []), notify=notify,
                               keep_employers=bool(project.setting("import", "keep_employers", False)))
    report.pseudonymised = pseudo is not None
    if keys is not None and pseudo is not None:
        keys.prune(set(transcript_uids(project)))  # entries of transcripts a killed run never stored
    max_chars = opts.max_chars or int(project.setting("import", "max_segment_chars", DEFAULT_MAX_CHARS))
    if pseudo is not None and len(paths) > 1:
        read_ahead = _collect_names(pseudo, paths, progress, limits, notify)
    else:
        read_ahead = {}
    ctx = _Context(project, table, opts, known, pseudo, max_chars, keys if pseudo is not None else None,
                   limits, apply_respondents, notify)
    for path in paths:
        path = Path(path)
        if progress:
            progress(path.name)
        try:
            res = _import_one(ctx, path, read_ahead.pop(path, None))
        except WorkbenchError as exc:
            res = FileResult(path.name, "failed", str(exc))
        except (RecursionError, MemoryError, ValueError, OSError) as exc:  # never half a batch
            res = FileResult(path.name, "failed", f"{path}: could not import ({type(exc).__name__}: "
                             f"{str(exc)[:200]})")
        if res.status in ("imported", "replaced"):
            report.respondents_applied = True  # committed with this transcript
        report.results.append(res)
    if ctx.keys is not None:
        report.key_file, report.key_entries = ctx.keys.path, len(ctx.keys.entries)
    return report


@dataclass
class _Context:
    project: object
    table: RespondentTable | None
    opts: ImportOptions
    known: set[str]
    pseudo: object
    max_chars: int
    keys: object  # KeyFile or None
    limits: object = None  # ingest.limits.Limits
    before_store: Callable | None = None  # called in the write transaction (respondents)
    notify: Callable[[str], None] | None = None


def _import_one(ctx: _Context, path: Path, read=None) -> FileResult:
    from workbench.store.events import log_event
    from workbench.store.rewrite import rewrite_transcript
    from workbench.ingest.limits import Limits, check_size, deadline
    from workbench.ingest.readers import check_input_file
    from workbench.store.transcripts import (
        add_transcript, find_by_sha, find_by_source, lock_for_import, transcript_name, transcript_uid,
    )

    project, opts = ctx.project, ctx.opts
    limits = ctx.limits or Limits()
    check_input_file(path, missing="file not found")
    check_size(path, limits)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    source_key = hashlib.sha256(path.name.casefold().encode()).hexdigest()
    with project.session() as s:
        same = find_by_sha(s, sha)
        if same is not None:
            same = (same.id, same.name, same.text, transcript_uid(s, same.id))
        old = find_by_source(s, source_key)
        old = (old.id, old.name) if old is not None else None
    if same is not None:
        return _skipped(ctx, path, read, *same)
    if old is not None and not opts.replace:
        raise InputError(f"a different version of this file is already imported as {old[1]}", path=str(path),
                         hint="pass --replace to re-import it (codings of unchanged segments are kept)")
    with deadline(limits.max_seconds_per_file, path):
        prep = prepare(ctx, path, read if read is not None else _read(path, limits, ctx.notify))
    put: list[tuple[str, dict | None]] = []  # key entries this file's attempts wrote (uid, entry before)

    def store(s) -> tuple:
        for uid, previous in reversed(put):  # a retried attempt: the last one's transcript was not stored
            ctx.keys.restore(uid, previous)
        put.clear()
        lock_for_import(s)  # the checks below and the write are one step, even with a parallel import
        again = find_by_sha(s, sha)
        if again is not None:  # another import stored this very file meanwhile
            return FileResult(path.name, "skipped", "identical file already imported", again.name), 0, []
        now_old = find_by_source(s, source_key)
        if now_old is not None and old is None and not opts.replace:
            raise InputError(f"a different version of this file was imported meanwhile as {now_old.name}",
                             path=str(path), hint="pass --replace to re-import it")
        if ctx.before_store is not None:
            ctx.before_store(s)
        fields = dict(sha256=sha, format=path.suffix.lower().lstrip("."), kind=prep.kind,
                      respondent_type=prep.respondent_type, wave=prep.wave, date=prep.date,
                      tags_replaced=sum(len(v) for v in prep.key.values()), headers=prep.headers or None)
        dropped = []
        if old is not None:
            dropped = rewrite_transcript(s, old[0], text=prep.text, turns=prep.turns,
                                         keep=_kept_segments(s, old[0], prep), **fields)
            tid, status = old[0], "replaced"
            log_event(s, "import", "transcript-replaced", transcript_id=tid, name=old[1],
                      codings_removed=len(dropped))
        else:
            tid, status = add_transcript(s, name=prep.name, source_key=source_key, text=prep.text,
                                         turns=prep.turns, **fields), "imported"
        nseg = sum(len(t.segments) for t in prep.turns if t.codable)
        log_event(s, "import", "transcript-imported", transcript_id=tid, name=prep.name,
                  segments=nseg, kind=fields["kind"], wave=fields["wave"])
        name = transcript_name(s, tid)
        if ctx.keys is not None:  # written before the commit; taken back if the commit fails
            uid = transcript_uid(s, tid)
            put.append((uid, ctx.keys.entries.get(uid)))
            ctx.keys.put(uid, name=name, file=path.name, tags=prep.key)
        return status, name, nseg, dropped

    try:
        done = project.write(store)
    except BaseException:
        for uid, previous in reversed(put):
            ctx.keys.restore(uid, previous)
        raise
    if isinstance(done[0], FileResult):
        return done[0]
    status, name, nseg, dropped = done
    msg = f"{nseg} segments"
    if prep.unlinked:
        msg += f"; speakers not linked to a respondent: {', '.join(prep.unlinked)}"
    if dropped:
        msg += f"; {len(dropped)} codings dropped (their segment text changed)"
    return FileResult(path.name, status, msg, name, nseg, sum(len(v) for v in prep.key.values()), dropped)


def _kept_segments(s, tid: int, prep: Prepared) -> dict[int, int]:
    """Old segment id -> position of the new segment with the same text (--replace)."""
    from workbench.ingest.offsets import match_segments
    from workbench.store.rewrite import layout_of

    old = layout_of(s, tid).segment_texts
    new = [prep.text[a:b] for t in prep.turns for a, b in t.segments]
    return {old[i][0]: j for i, j in match_segments([t for _, t in old], new).items()}


def _skipped(ctx: _Context, path: Path, read, tid: int, name: str, text: str, uid: str) -> FileResult:
    """An identical file is not imported again; a key entry missing for it (a run that was
    killed, an import without --key-file) is made again when the file still gives the same text."""
    res = FileResult(path.name, "skipped", "identical file already imported", name)
    if ctx.keys is None or ctx.keys.has(uid):
        return res
    prep = prepare(ctx, path, read if read is not None else _read(path, ctx.limits, ctx.notify))
    if prep.text == text:
        ctx.keys.put(uid, name=name, file=path.name, tags=prep.key)
        res.message += "; its key entry was added"
    else:
        res.message += "; no key entry (the allow/deny lists changed since it was imported)"
    return res


def _read(path: Path, limits, notify) -> tuple[list[Turn], list[tuple[str, str]]]:
    """Read a transcript (turns, header lines); what the reader warns about (replaced bytes, a
    guessed encoding) goes to ``notify`` as one line naming the file."""
    import warnings

    from workbench.ingest.readers import read_transcript_with_headers
    from workbench.ingest.readers._common import ReadingWarning
    from workbench.textrules import printable

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadingWarning)
        read = read_transcript_with_headers(path, limits=limits)
    for w in caught:
        if issubclass(w.category, ReadingWarning) and notify is not None:
            notify(f"warning: {printable(path.name)}: {w.message}")
        else:
            warnings.warn(w.message, w.category, stacklevel=2)
    return read


def _collect_names(pseudo, paths: list[Path], progress, limits=None, notify=None) -> dict[Path, tuple]:
    """First pass over a batch: names found in one file are replaced in all of them.
    Returns what was read (turns, headers), so the import pass does not read the files again."""
    from workbench.ingest.limits import Limits, deadline

    limits = limits or Limits()
    read: dict[Path, tuple] = {}
    for path in map(Path, paths):
        if progress:
            progress(f"{path.name} (scanning names)")
        try:
            with deadline(limits.max_seconds_per_file, path):
                turns, headers = _read(path, limits, notify)
        except (WorkbenchError, RecursionError, MemoryError, ValueError, OSError):
            continue  # reported properly in the import pass
        pseudo.collect([t.speaker for t in turns] + [k for k, _ in headers],
                       [t.text for t in turns] + [v for _, v in headers])
        read[path] = (turns, headers)
    return read


