"""Import: readers → speaker turns → respondent links → pseudonymise → segments → store.

Each file is imported in its own transaction: a file that fails leaves the database as it was,
and a batch reports what was and was not imported.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.errors import InputError, WorkbenchError
from workbench.ingest.respondents import RespondentTable, read_respondents
from workbench.ingest.segment import DEFAULT_MAX_CHARS, split_turn
from workbench.ingest.turns import Turn

CODABLE_ROLES = {"respondent"}


@dataclass
class FileResult:
    file: str
    status: str  # imported | skipped | replaced | failed
    message: str = ""
    name: str | None = None  # pseudonymised display name
    segments: int = 0
    tags: int = 0


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    respondents_new: int = 0
    respondents_updated: int = 0
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


def parse_speaker_options(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise InputError(f"--speaker {v!r}: expected LABEL=RESPONDENT_ID or LABEL=interviewer")
        label, target = v.split("=", 1)
        out[label.strip()] = target.strip()
    return out


def _sidecar(path: Path) -> dict[str, str]:
    """``NAME.speakers.csv`` beside a transcript: columns speaker, respondent (id or role)."""
    import csv

    side = path.with_name(path.stem + ".speakers.csv")
    if not side.is_file():
        return {}
    with side.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if rows and not {"speaker", "respondent"} <= set(rows[0]):
        raise InputError("speaker map needs columns speaker,respondent", path=str(side))
    return {r["speaker"].strip(): r["respondent"].strip() for r in rows if r.get("speaker")}


def resolve_speakers(path: Path, turns: list[Turn], table: RespondentTable | None,
                     opts: ImportOptions, known_ids: set[str]) -> dict[str | None, tuple[str, str | None]]:
    """Map each speaker label of a file to (role, respondent id)."""
    from workbench.ingest.speakers import speaker_role

    links = table.links_for(path.name) if table else []
    mapping = {**_sidecar(path), **opts.speakers}
    by_label = {ln.speaker.casefold(): ln for ln in links if ln.speaker}
    whole_file = [ln for ln in links if not ln.speaker and ln.role == "respondent"]
    labels = list(dict.fromkeys(t.speaker for t in turns))
    out: dict[str | None, tuple[str, str | None]] = {}
    for label in labels:
        if label is None:
            out[None] = ("unknown", None)
            continue
        key = label.casefold()
        target = next((v for k, v in mapping.items() if k.casefold() == key), None)
        if target is not None:
            if target.lower() in ("interviewer", "moderator"):
                out[label] = (target.lower(), None)
            else:
                _check_known(target, known_ids, path)
                out[label] = ("respondent", target)
        elif key in by_label:
            ln = by_label[key]
            out[label] = (ln.role, ln.respondent_id)
        elif speaker_role(label):
            out[label] = (speaker_role(label), None)
        elif len(whole_file) == 1:
            out[label] = ("respondent", whole_file[0].respondent_id)
        elif opts.respondent:
            out[label] = ("respondent", opts.respondent)
        else:
            out[label] = ("respondent", None)
    if opts.respondent:
        _check_known(opts.respondent, known_ids, path)
    return out


def _check_known(rid: str, known_ids: set[str], path: Path) -> None:
    if rid not in known_ids:
        raise InputError(
            f"respondent {rid!r} is not in the respondents CSV or the project", path=str(path),
            hint="add a row for it to the CSV passed with --respondents",
        )


def layout(labels: list[str | None], texts: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Canonical text: one paragraph per turn, ``Label: text``; returns text and text spans."""
    parts, spans, pos = [], [], 0
    for label, text in zip(labels, texts):
        prefix = f"{label}: " if label else ""
        parts.append(prefix + text + "\n\n")
        spans.append((pos + len(prefix), pos + len(prefix) + len(text)))
        pos += len(prefix) + len(text) + 2
    return "".join(parts), spans


def import_files(project, paths: list[Path], opts: ImportOptions,
                 progress: Callable[[str], None] | None = None,
                 notify: Callable[[str], None] | None = None) -> ImportReport:
    """Import transcripts into ``project``. Never raises for a single bad file: see the report."""
    from workbench.ingest.pseudonymise import Pseudonymiser
    from workbench.store.events import log_event
    from workbench.ingest.limits import Limits
    from workbench.store.transcripts import respondent_ids, upsert_respondents

    report = ImportReport()
    limits = Limits.of(project)
    table = read_respondents(opts.respondents_csv) if opts.respondents_csv else None
    if opts.key_file:
        _check_key_file(project, opts.key_file)

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
    max_chars = opts.max_chars or int(project.setting("import", "max_segment_chars", DEFAULT_MAX_CHARS))
    keys: dict[str, dict[str, list[str]]] = {}
    if pseudo is not None and len(paths) > 1:
        read_ahead = _collect_names(pseudo, paths, progress, limits, notify)
    else:
        read_ahead = {}
    for path in paths:
        path = Path(path)
        if progress:
            progress(path.name)
        try:
            res, key = _import_one(project, path, table, opts, known, pseudo, max_chars, read_ahead.pop(path, None),
                                   limits=limits, before_store=apply_respondents, notify=notify)
        except WorkbenchError as exc:
            res, key = FileResult(path.name, "failed", str(exc)), None
        except (RecursionError, MemoryError, ValueError, OSError) as exc:  # never half a batch
            res, key = FileResult(path.name, "failed", f"{path}: could not import ({type(exc).__name__}: "
                                  f"{str(exc)[:200]})"), None
        if res.status in ("imported", "replaced"):
            report.respondents_applied = True  # committed with this transcript
        report.results.append(res)
        if key and res.name:
            keys[res.name] = key
    if opts.key_file and keys:
        _write_keys(opts.key_file, keys)
    return report


def _import_one(project, path, table, opts, known, pseudo, max_chars, turns=None, *, limits=None,
                before_store=None, notify=None):
    from workbench.ingest.limits import Limits, check_size, deadline
    from workbench.store.events import log_event
    from workbench.store.transcripts import (
        add_transcript, delete_transcript, find_by_sha, find_by_source, lock_for_import,
    )
    from workbench.ingest.readers import check_input_file

    limits = limits or Limits()
    check_input_file(path, missing="file not found")
    check_size(path, limits)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    source_key = hashlib.sha256(path.name.casefold().encode()).hexdigest()
    with project.session() as s:
        same = find_by_sha(s, sha)
        if same is not None:
            return FileResult(path.name, "skipped", "identical file already imported", same.name), None
        old = find_by_source(s, source_key)
        if old is not None and not opts.replace:
            raise InputError(
                f"a different version of this file is already imported as {old.name}",
                path=str(path), hint="pass --replace to re-import it (its codings are removed)",
            )
    with deadline(limits.max_seconds_per_file, path):
        if turns is None:
            turns = _read(path, limits, notify)
        roles = resolve_speakers(path, turns, table, opts, known)
        labels = [t.speaker for t in turns]
        texts = [t.text for t in turns]
        if pseudo is not None:
            p = pseudo.run(labels, texts, path.name)
            labels, texts, name, key = p.labels, p.texts, p.name, p.key
        else:
            name, key = path.name, {}
        text, spans = layout(labels, texts)
        from workbench.store.transcripts import NewTurn

        new_turns = []
        for t, label, (a, b) in zip(turns, labels, spans):
            role, rid = roles[t.speaker]
            segs = [(a + x, a + y) for x, y in split_turn(text[a:b], max_chars)]
            new_turns.append(NewTurn(label, role, rid, a, b, t.timestamp, segs, role in CODABLE_ROLES))
    speakers = {t.speaker for t in turns if roles[t.speaker][0] == "respondent"}
    kind = opts.kind or ("focusgroep" if len(speakers) >= 3 else "interview")
    links = table.links_for(path.name) if table else []
    wave = opts.wave or next((ln.wave for ln in links if ln.wave), None)
    rtype = opts.respondent_type or _type_of(project, [r for _, r in roles.values() if r], table)
    with project.session() as s:
        lock_for_import(s)  # the checks below and the write are one step, even with a parallel import
        same = find_by_sha(s, sha)
        if same is not None:  # another import stored this very file meanwhile
            return FileResult(path.name, "skipped", "identical file already imported", same.name), None
        status = "imported"
        old = find_by_source(s, source_key)
        if old is not None and not opts.replace:
            raise InputError(
                f"a different version of this file was imported meanwhile as {old.name}",
                path=str(path), hint="pass --replace to re-import it (its codings are removed)",
            )
        if before_store is not None:
            before_store(s)
        if old is not None:
            removed = delete_transcript(s, old.id)
            log_event(s, "import", "transcript-replaced", name=old.name, codings_removed=removed)
            status = "replaced"
        tid = add_transcript(s, name=name, source_key=source_key, sha256=sha, fmt=path.suffix.lower().lstrip("."),
                             kind=kind, respondent_type=rtype, wave=wave, date=None, text=text,
                             tags_replaced=sum(len(v) for v in key.values()), turns=new_turns)
        nseg = sum(len(t.segments) for t in new_turns if t.codable)
        log_event(s, "import", "transcript-imported", transcript_id=tid, name=name,
                  segments=nseg, kind=kind, wave=wave)
    unlinked = sorted({lab for lab, (role, rid) in zip(labels, (roles[t.speaker] for t in turns))
                       if role == "respondent" and rid is None and lab})
    msg = f"{nseg} segments"
    if unlinked:
        msg += f"; speakers not linked to a respondent: {', '.join(unlinked)}"
    return FileResult(path.name, status, msg, name, nseg, sum(len(v) for v in key.values())), key


def _read(path: Path, limits, notify) -> list[Turn]:
    """Read a transcript; what the reader warns about (replaced bytes, a guessed encoding) goes to
    ``notify`` as one line naming the file."""
    import warnings

    from workbench.ingest.readers import read_transcript
    from workbench.ingest.readers._common import ReadingWarning
    from workbench.textrules import printable

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadingWarning)
        turns = read_transcript(path, limits=limits)
    for w in caught:
        if issubclass(w.category, ReadingWarning) and notify is not None:
            notify(f"warning: {printable(path.name)}: {w.message}")
        else:
            warnings.warn(w.message, w.category, stacklevel=2)
    return turns


def _collect_names(pseudo, paths: list[Path], progress, limits=None, notify=None) -> dict[Path, list[Turn]]:
    """First pass over a batch: names found in one file are replaced in all of them.
    Returns the turns read, so the import pass does not read the files again."""
    from workbench.ingest.limits import Limits, deadline

    limits = limits or Limits()
    read: dict[Path, list[Turn]] = {}
    for path in map(Path, paths):
        if progress:
            progress(f"{path.name} (scanning names)")
        try:
            with deadline(limits.max_seconds_per_file, path):
                turns = _read(path, limits, notify)
                pseudo.collect([t.speaker for t in turns], [t.text for t in turns])
        except WorkbenchError:
            continue  # reported properly in the import pass
        read[path] = turns
    return read


def _type_of(project, rids: list[str], table: RespondentTable | None) -> str | None:
    types = []
    for rid in rids:
        if table and rid in table.respondents:
            types.append(table.respondents[rid].type)
    if not types:
        from workbench.store.transcripts import list_respondents

        known = {r.id: r.type for r in list_respondents(project)}
        types = [known[r] for r in rids if r in known]
    return Counter(types).most_common(1)[0][0] if types else None


def _check_key_file(project, key_file: Path) -> None:
    kf = Path(key_file).resolve()
    if kf == project.root or project.root in kf.parents:
        raise InputError("the re-identification key must be kept outside the project folder",
                         path=str(key_file), hint="choose a path outside " + str(project.root))


def _write_keys(key_file: Path, keys: dict[str, dict[str, list[str]]]) -> None:
    kf = Path(key_file)
    existing = {}
    if kf.is_file():
        try:
            existing = json.loads(kf.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            existing = {}
    existing.update(keys)
    kf.parent.mkdir(parents=True, exist_ok=True)
    kf.write_text(json.dumps(existing, ensure_ascii=False, indent=2), encoding="utf-8")
