"""Codings import (CSV) and export (CSV/JSONL), bulk acceptance of suggestions, and coding by hand.

Import columns: ``transcript`` (id, stored name, or the original file name), then either
``segment`` (id), or ``start``/``end`` (character offsets into the canonical text), or
``quote`` (a literal piece of the canonical text); ``code``; optional ``status``
(accepted/rejected, default accepted) and ``reason``. A span that is not a segment boundary is
mapped to every segment it overlaps; the original span is kept on the coding.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError, WorkbenchError, not_a_file


@dataclass
class ImportSummary:
    rows: int
    codings: int
    segments: int
    unplaced: list[str] = field(default_factory=list)  # "line N: why", rows left out


def _transcript(session, ref: str):
    from workbench.store.transcripts import find_by_source, resolve_transcript

    tr = resolve_transcript(session, ref)
    if tr is None:
        tr = find_by_source(session, hashlib.sha256(ref.casefold().encode()).hexdigest())
    return tr


def import_codings(project, path: Path, coder: str, strict: bool = True, *, add_coder: bool = False) -> ImportSummary:
    """Import one coder's codings; the whole file is one transaction. Without ``strict``, rows
    that cannot be placed are listed in the summary and the others imported. ``coder`` must be
    registered, or ``add_coder`` registers a new name (role coder) in the same transaction."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.coders import check_coder, check_name, register_coder
    from workbench.store.codings import mark_seen, set_decision

    if add_coder:
        check_name(coder)
    else:
        check_coder(project, coder)
    p = Path(path)
    if not p.is_file():
        raise not_a_file(p)
    raw = p.read_bytes()
    if b"\x00" in raw[:2048]:
        raise InputError("not a CSV file (binary content)", path=str(p))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    try:  # semicolons, as Dutch Excel writes CSV
        delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t").delimiter
    except (csv.Error, IndexError):
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    cols = {c.strip().lower() for c in reader.fieldnames or []}
    if "transcript" not in cols or "code" not in cols or not (
            "segment" in cols or {"start", "end"} <= cols or "quote" in cols):
        raise InputError("missing columns: need transcript, code and one of segment / start,end / quote",
                         path=str(p), hint="see `workbench codings import --help`")
    codes = {c.id for c in project_codebook(project).codable()}
    n_rows = 0
    unplaced: list[str] = []
    planned: list[tuple[list[int], str, str, tuple | None, str | None]] = []
    with project.session() as s:  # placing the rows only reads: no write lock while it runs
        for lineno, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if not any(row.values()):
                continue
            where = f"line {lineno}"
            try:
                code, status, segs, span = _check_row(s, row, codes, where, p)
            except InputError as exc:
                if strict:
                    raise
                unplaced.append(str(exc).removeprefix(f"{p}: "))
                continue
            n_rows += 1
            planned.append(([seg.id for seg in segs], code, status, span, row.get("reason") or None))
    if unplaced and not n_rows:
        raise InputError(f"{unplaced[0]} (no row could be placed)", path=str(p))

    def write(s) -> int:  # one transaction for the file: all rows or none; retried whole if busy
        if add_coder:
            register_coder(s, coder)
        n = 0
        for seg_ids, code, status, span, reason in planned:
            for sid in seg_ids:
                mark_seen(s, sid, coder)
                if code:
                    set_decision(s, sid, code, coder, status, reason=reason, span=span, action="imported")
                    n += 1
        return n

    n_codings = project.write(write)
    touched = {sid for seg_ids, *_ in planned for sid in seg_ids}
    return ImportSummary(n_rows, n_codings, len(touched), unplaced)


def _check_row(s, row, codes, where, p):
    tr = _transcript(s, row.get("transcript", ""))
    if tr is None:
        raise InputError(f"{where}: unknown transcript {row.get('transcript')!r}", path=str(p))
    code = row.get("code", "")
    if code and code not in codes:
        raise InputError(f"{where}: unknown code {code!r}", path=str(p))
    status = (row.get("status") or "accepted").lower()
    if status not in ("accepted", "rejected"):
        raise InputError(f"{where}: status must be accepted or rejected", path=str(p))
    segs, span = _segments_for(s, tr, row, where, p)
    return code, status, segs, span


def _segments_for(s, tr, row, where, p):
    from workbench.store.transcripts import codable_segments_in

    segs = codable_segments_in(s, tr.id)
    if row.get("segment"):
        try:
            sid = int(row["segment"])
        except ValueError:
            raise InputError(f"{where}: segment must be a number", path=str(p)) from None
        hit = [x for x in segs if x.id == sid]
        if not hit:
            raise InputError(f"{where}: segment {sid} is not in transcript {tr.name}", path=str(p))
        return hit, None
    if row.get("start") and row.get("end"):
        try:
            a, b = int(row["start"]), int(row["end"])
        except ValueError:
            raise InputError(f"{where}: start/end must be numbers", path=str(p)) from None
    elif row.get("quote"):
        import re

        pattern = r"\s+".join(re.escape(w) for w in row["quote"].split())
        m = re.search(pattern, tr.text)  # literal text, any run of white space between words
        if m is None:
            raise InputError(f"{where}: quote not found in {tr.name}", path=str(p))
        a, b = m.start(), m.end()
    else:
        raise InputError(f"{where}: give segment, start/end or quote", path=str(p))
    if not (0 <= a < b <= len(tr.text)):
        raise InputError(f"{where}: span {a}-{b} outside the transcript (0-{len(tr.text)})", path=str(p))
    hit = [x for x in segs if x.start < b and x.end > a]
    if not hit:
        raise InputError(f"{where}: span {a}-{b} overlaps no codable segment", path=str(p))
    exact = len(hit) == 1 and hit[0].start == a and hit[0].end == b
    return hit, None if exact else (a, b)


def export_codings(project, out, coder: str | None = None, status: str | None = None,
                   fmt: str = "csv") -> int:
    """Write codings (with pseudonymised text) to the open text stream ``out``."""
    from workbench.store.codings import list_codings
    from workbench.store.transcripts import list_segments

    rows = list_codings(project, coder=coder, status=status)
    segs = {s.id: s for s in list_segments(project, ids=sorted({r.segment_id for r in rows}))}
    from workbench.review.memos_io import segment_memos

    memos = segment_memos(project)
    fields = ["transcript", "segment", "start", "end", "respondent", "code", "coder", "status", "score",
              "reason", "rationale", "updated_at", "text", "span_start", "span_end", "memo"]
    records = []
    for r in rows:
        seg = segs.get(r.segment_id)
        if seg is None:
            continue
        records.append({"transcript": seg.transcript, "segment": seg.id, "start": seg.start, "end": seg.end,
                        "respondent": seg.respondent_id or "", "code": r.code_id, "coder": r.coder,
                        "status": r.status, "score": "" if r.score is None else round(r.score, 4),
                        "reason": r.reason or "", "rationale": r.rationale or "",
                        "updated_at": r.updated_at, "text": seg.text,
                        "span_start": "" if r.span_start is None else r.span_start,
                        "span_end": "" if r.span_end is None else r.span_end,
                        "memo": memos.get((seg.id, r.coder), "")})
    if fmt == "jsonl":
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        from workbench.interop.spreadsheet import SafeDictWriter

        w = SafeDictWriter(out, fieldnames=fields)
        w.writeheader()
        w.writerows(records)
    return len(records)


def pending_above(project, coder: str, threshold: float) -> list[tuple[int, str, float]]:
    """Model suggestions ≥ threshold on which ``coder`` has not decided yet."""
    from workbench.store.codings import MODEL_CODER, list_codings

    mine = {(c.segment_id, c.code_id) for c in list_codings(project, coder=coder)}
    return [(c.segment_id, c.code_id, c.score) for c in list_codings(project, coder=MODEL_CODER, status="suggested")
            if c.score is not None and c.score >= threshold and (c.segment_id, c.code_id) not in mine]


def bulk_accept(project, coder: str, items: list[tuple[int, str, float]], reason: str | None = None) -> int:
    from workbench.store.codings import set_decision

    with project.session(write=True) as s:
        for sid, code, score in items:
            set_decision(s, sid, code, coder, "accepted", score=score, reason=reason or "bulk accept",
                         action="bulk-accepted")
    return len(items)


def add_coding(project, segment_id: int, code: str, coder: str, reason: str | None = None) -> bool:
    """Apply a codable ``code`` to a segment as ``coder`` (logged); False when it was already there."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import set_decision

    codes = sorted(c.id for c in project_codebook(project).codable())
    if code not in codes:
        raise WorkbenchError(f"unknown code {code!r}", hint="codes: " + ", ".join(codes))
    return project.write(lambda s: set_decision(s, segment_id, code, coder, "accepted", reason=reason,
                                                action="added"))


def remove_coding(project, segment_id: int, code: str, coder: str, reason: str | None = None) -> None:
    """Remove ``coder``'s coding of ``code`` on a segment (logged)."""
    from workbench.store.codings import remove_coding as remove

    with project.session(write=True) as s:
        if not remove(s, segment_id, code, coder, reason):
            raise WorkbenchError(f"{coder} has no coding {code} on segment {segment_id}")
