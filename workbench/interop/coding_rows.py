"""Placing codings from other tools' exports (quote + document + code name) on stored segments.

A row is placed when its document is a transcript of the project, its code is in the codebook
(by id or label) and its quote is found in the stored text (see :mod:`quote_match`); the quote
then codes every codable segment it overlaps, keeping its span. Rows that cannot be placed are
listed and the rest is imported, in one transaction; ``strict`` refuses the whole file instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from workbench.errors import InputError, WorkbenchError
from workbench.interop.quote_match import find_quote

EXTENSIONS = (".docx", ".txt", ".odt", ".vtt", ".srt", ".md", ".rtf", ".pdf", ".doc")


@dataclass
class ForeignRow:
    line: int
    document: str
    code: str
    quote: str
    coder: str
    case: str = ""


@dataclass
class RowsSummary:
    rows: int = 0
    placed: int = 0
    codings: int = 0
    segments: int = 0
    coders: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)   # "line N: why"


def import_rows(project, rows: list[ForeignRow], source: Path, *, strict: bool = False,
                add_coder: bool = False) -> RowsSummary:
    """Place foreign rows; their coders must be registered, or ``add_coder`` registers them
    (role coder) in the same transaction, so a refused file registers nobody."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import mark_seen, set_decision
    from workbench.store.events import log_event
    from workbench.store.transcripts import codable_segments_in

    codes = _code_lookup(project_codebook(project))
    summary = RowsSummary(rows=len(rows))
    touched: set[int] = set()
    coders: set[str] = set()
    from workbench.store.coders import check_name, register_coder, require_coder

    with project.session(write=True) as s:
        for name in sorted({r.coder for r in rows if r.coder}):
            if add_coder:
                check_name(name)
                register_coder(s, name)
            else:
                require_coder(s, name)
        names = _transcripts(s)
        taken: dict[tuple[int, str, str], set[tuple[int, int]]] = {}
        for row in rows:
            try:
                tr, code, span, segs = _place(s, row, names, codes, taken, codable_segments_in)
            except InputError as exc:
                if strict:
                    raise InputError(f"line {row.line}: {exc}", path=str(source),
                                     hint="without --strict the other rows are imported and these listed") from None
                summary.unplaced.append(f"line {row.line}: {exc}")
                continue
            exact = len(segs) == 1 and (segs[0].start, segs[0].end) == span
            for seg in segs:
                touched.add(seg.id)
                mark_seen(s, seg.id, row.coder)
                set_decision(s, seg.id, code, row.coder, "accepted", span=None if exact else span,
                             action="imported")
                summary.codings += 1
            summary.placed += 1
            coders.add(row.coder)
        if summary.unplaced and not summary.placed:
            raise InputError(f"{summary.unplaced[0]} (no row could be placed)", path=str(source))
        log_event(s, "import", "codings-imported", file=Path(source).name, rows=len(rows), placed=summary.placed,
                  unplaced=len(summary.unplaced))
    summary.segments = len(touched)
    summary.coders = sorted(coders)
    return summary


def _place(s, row: ForeignRow, names, codes, taken, codable_segments_in):
    if row.coder == "model":
        raise InputError("'model' is reserved for suggestions; give another coder")
    if not row.coder:
        raise InputError("no coder (pass --coder NAME)")
    tr = _find_transcript(s, row, names)
    code = codes.get(row.code.casefold()) or codes.get(row.code.rsplit(".", 1)[-1].strip().casefold())
    if code is None:
        raise InputError(f"unknown code {row.code!r}")
    if not row.quote.strip():
        raise InputError("no coded text")
    key = (tr.id, code, row.coder)
    span = find_quote(tr.text, row.quote, taken.get(key))
    if span is None:
        raise InputError(f"quote not found in {tr.name}: {_short(row.quote)!r}")
    segs = [g for g in codable_segments_in(s, tr.id) if g.start < span[1] and g.end > span[0]]
    if not segs:
        raise InputError(f"the quote in {tr.name} lies in no codable segment (interviewer or skipped turn)")
    taken.setdefault(key, set()).add(span)
    return tr, code, span, segs


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _code_lookup(codebook) -> dict[str, str]:
    """id, label and 'parent.label' paths (case-insensitive) -> code id, codable codes only."""
    from workbench.codebook.ids import slugify

    out: dict[str, str] = {}
    for c in codebook.codable():
        for key in (c.id, c.label, slugify(c.label)):
            out.setdefault(key.casefold(), c.id)
    return out


def _transcripts(s) -> list:
    from workbench.store.exchange import all_transcripts

    return all_transcripts(s)


def _find_transcript(s, row: ForeignRow, transcripts):
    from workbench.store.transcripts import find_by_source, resolve_transcript

    doc = row.document.strip()
    if not doc and row.case:
        return _by_case(s, row.case)
    if not doc:
        raise InputError("no document")
    tr = resolve_transcript(s, doc)
    if tr is None:
        base = PurePath(doc.replace("\\", "/")).name
        keys = [base] + [PurePath(base).stem + ext for ext in EXTENSIONS]
        for key in keys:
            tr = find_by_source(s, hashlib.sha256(key.casefold().encode()).hexdigest())
            if tr is not None:
                break
    if tr is None:
        stem = PurePath(doc).stem.casefold()
        same = [t for t in transcripts if PurePath(t.name).stem.casefold() == stem]
        tr = same[0] if len(same) == 1 else None
    if tr is None:
        raise InputError(f"unknown document {doc!r}")
    return tr


def _by_case(s, case: str):
    from workbench.store.exchange import transcripts_of_respondent

    found = transcripts_of_respondent(s, case)
    if len(found) != 1:
        raise InputError(f"case {case!r} speaks in {len(found)} transcripts; a File column is needed"
                         if found else f"unknown case {case!r}")
    return found[0]


def require_codebook(project) -> None:
    from workbench.store.codebooks import project_codebook

    if project_codebook(project, required=False) is None:
        raise WorkbenchError("no codebook loaded in this project", hint="load one before importing codings")
