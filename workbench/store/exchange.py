"""Store access for whole-project exchange (REFI-QDA .qdpx export and import, spreadsheets).

``project_uuid`` is the seed of every exported GUID (see ``migrations/versions/0002_project_uuid``).
``export_snapshot`` reads everything an export needs in one session, as plain records;
the import writes through the session-level functions of the other store modules.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from workbench.store import schema as S

UUID_KEY = "project_uuid"


@dataclass
class TurnSpan:
    start: int
    end: int
    speaker: str | None
    role: str
    respondent_id: str | None


@dataclass
class CodingSpan:
    transcript_id: int
    start: int
    end: int
    code_id: str
    coder: str
    status: str
    score: float | None = None
    rationale: str | None = None
    reason: str | None = None
    at: str | None = None


@dataclass
class TranscriptFull:
    id: int
    name: str
    source_key: str
    kind: str
    wave: str | None
    respondent_type: str | None
    text: str
    turns: list[TurnSpan] = field(default_factory=list)


@dataclass
class Snapshot:
    project_uuid: str
    transcripts: list[TranscriptFull]
    codings: list[CodingSpan]


def project_uuid(session) -> str:
    """The project's uuid, created on first use (projects made before migration 0002 got one then)."""
    row = session.get(S.Meta, UUID_KEY)
    if row is None:
        row = S.Meta(key=UUID_KEY, value=str(uuid.uuid4()).upper())
        session.add(row)
        session.flush()
    return row.value


def ensure_project_uuid(project) -> str:
    with project.session() as s:
        return project_uuid(s)


def is_empty(session) -> bool:
    """No transcripts and no codings: a project a whole-project import may fill."""
    n = session.scalar(select(func.count()).select_from(S.Transcript))
    m = session.scalar(select(func.count()).select_from(S.Coding))
    return not n and not m


def _iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    text = at.replace(microsecond=0).isoformat()
    return text if at.tzinfo else text + "Z"


def export_snapshot(project) -> Snapshot:
    """Every transcript with its text and turns, and every coding with its span (the imported
    span when it has one, else its segment's), by transcript and offset."""
    with project.session() as s:
        puid = project_uuid(s)
        trs = []
        for tr in s.scalars(select(S.Transcript).order_by(S.Transcript.name)):
            turns = [TurnSpan(t.start, t.end, t.speaker, t.role, t.respondent_id) for t in tr.turns]
            trs.append(TranscriptFull(tr.id, tr.name, tr.source_key, tr.kind, tr.wave, tr.respondent_type,
                                      tr.text, turns))
        rows = s.execute(select(S.Coding, S.Segment.transcript_id, S.Segment.start, S.Segment.end)
                         .join(S.Segment, S.Segment.id == S.Coding.segment_id))
        codings = []
        for c, tid, a, b in rows:
            if c.span_start is not None and c.span_end is not None:
                a, b = c.span_start, c.span_end
            codings.append(CodingSpan(tid, a, b, c.code_id, c.coder, c.status, c.score, c.rationale,
                                      c.reason, _iso(c.created_at)))
        codings.sort(key=lambda c: (c.transcript_id, c.start, c.end, c.code_id, c.coder))
        return Snapshot(puid, trs, codings)


def segments_in(session, transcript_id: int) -> list:
    """Every segment of a transcript (codable or not) in text order, as rows of ``session``."""
    return list(session.scalars(select(S.Segment).where(S.Segment.transcript_id == transcript_id)
                                .order_by(S.Segment.start)))


def all_transcripts(session) -> list:
    """Every transcript as rows of the open ``session`` (for imports that look documents up)."""
    return list(session.scalars(select(S.Transcript).order_by(S.Transcript.name)))


def transcripts_of_respondent(session, respondent_id: str) -> list:
    """The transcripts a respondent speaks in, as rows of the open ``session``."""
    ids = select(S.Turn.transcript_id).where(S.Turn.respondent_id == respondent_id).distinct()
    return list(session.scalars(select(S.Transcript).where(S.Transcript.id.in_(ids)).order_by(S.Transcript.name)))
