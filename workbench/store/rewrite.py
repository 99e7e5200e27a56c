"""Changing a stored transcript's text without losing its codings.

Two callers: ``privacy apply`` (the same turns and segments, new offsets after more identifiers
were tagged: :func:`layout_of` then :func:`move_offsets`) and ``import --replace`` (new turns
and segments from the changed file; segments whose text is unchanged keep their identity and
their codings: :func:`rewrite_transcript`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from workbench.store import schema as S
from workbench.store.transcripts import NewTurn


@dataclass
class StoredLayout:
    """A transcript as stored: its text and where its turns, segments and coded spans sit."""

    id: int
    name: str
    text: str
    turns: dict[int, tuple[int, int]]  # turn id -> (start, end)
    segments: dict[int, tuple[int, int]]  # segment id -> (start, end)
    spans: dict[int, tuple[int, int]]  # coding id -> (span_start, span_end), codings with a span only
    segment_texts: list[tuple[int, str]]  # (segment id, text) in text order
    headers: dict[str, str] | None = None  # the transcription-service header, pseudonymised


@dataclass
class DroppedCoding:
    segment_text: str
    code_id: str
    coder: str
    status: str


def layout_of(session, transcript_id: int) -> StoredLayout:
    tr = session.get(S.Transcript, transcript_id)
    segs = list(session.scalars(select(S.Segment).where(S.Segment.transcript_id == tr.id).order_by(S.Segment.start)))
    turns = session.scalars(select(S.Turn).where(S.Turn.transcript_id == tr.id))
    spans = session.execute(select(S.Coding.id, S.Coding.span_start, S.Coding.span_end)
                            .where(S.Coding.segment_id.in_([s.id for s in segs]), S.Coding.span_start.is_not(None)))
    return StoredLayout(tr.id, tr.name, tr.text, {t.id: (t.start, t.end) for t in turns},
                        {s.id: (s.start, s.end) for s in segs}, {c: (a, b) for c, a, b in spans},
                        [(s.id, s.text) for s in segs], tr.headers)


def move_offsets(session, transcript_id: int, text: str, turns: dict[int, tuple[int, int, str | None]],
                 segments: dict[int, tuple[int, int]], spans: dict[int, tuple[int, int]],
                 **fields) -> None:
    """Give a transcript a new text and its turns, segments and coded spans new offsets (and
    speaker labels); every row keeps its id. ``fields`` updates transcript columns (name, …)."""
    tr = session.get(S.Transcript, transcript_id)
    tr.text = text
    for key, value in fields.items():
        setattr(tr, key, value)
    speaker_of = {}
    for t in session.scalars(select(S.Turn).where(S.Turn.transcript_id == transcript_id)):
        t.start, t.end, t.speaker = turns[t.id]
        speaker_of[t.id] = t.speaker
    for seg in session.scalars(select(S.Segment).where(S.Segment.transcript_id == transcript_id)):
        seg.start, seg.end = segments[seg.id]
        seg.text = text[seg.start:seg.end]
        seg.speaker = speaker_of[seg.turn_id]
    for cid, (a, b) in spans.items():
        row = session.get(S.Coding, cid)
        row.span_start, row.span_end = a, b
    session.flush()


def rewrite_transcript(session, transcript_id: int, *, text: str, turns: list[NewTurn],
                       keep: dict[int, int], **fields) -> list[DroppedCoding]:
    """Replace a transcript's text, turns and segments. ``keep`` maps an old segment id to the
    position of a new segment (in text order over all ``turns``) with the same text: that
    segment row, with its codings and seen marks, is kept and moved. Other old segments are
    deleted with their codings, which are returned. ``fields`` updates transcript columns."""
    tr = session.get(S.Transcript, transcript_id)
    tr.text = text
    for key, value in fields.items():
        setattr(tr, key, value)
    old_segs = {s.id: s for s in session.scalars(select(S.Segment).where(S.Segment.transcript_id == tr.id))}
    old_turns = [t.id for t in session.scalars(select(S.Turn).where(S.Turn.transcript_id == tr.id))]
    gone = [sid for sid in old_segs if sid not in keep]
    dropped = [DroppedCoding(old_segs[c.segment_id].text, c.code_id, c.coder, c.status)
               for c in session.scalars(select(S.Coding).where(S.Coding.segment_id.in_(gone)).order_by(S.Coding.id))]
    session.execute(delete(S.Coding).where(S.Coding.segment_id.in_(gone)))
    session.execute(delete(S.SeenRow).where(S.SeenRow.segment_id.in_(gone)))
    by_position = {pos: old_segs[sid] for sid, pos in keep.items()}
    pos = 0
    for i, t in enumerate(turns):
        turn = S.Turn(transcript_id=tr.id, idx=i, speaker=t.speaker, role=t.role,
                      respondent_id=t.respondent_id, start=t.start, end=t.end, timestamp=t.timestamp)
        session.add(turn)
        session.flush()
        for a, b in t.segments:
            seg = by_position.get(pos)
            if seg is None:
                seg = S.Segment(transcript_id=tr.id)
                session.add(seg)
            seg.turn_id, seg.idx, seg.start, seg.end, seg.text = turn.id, pos, a, b, text[a:b]
            seg.speaker, seg.role, seg.respondent_id, seg.codable = t.speaker, t.role, t.respondent_id, t.codable
            pos += 1
    session.flush()
    session.execute(delete(S.Segment).where(S.Segment.id.in_(gone)))
    session.execute(delete(S.Turn).where(S.Turn.id.in_(old_turns)))
    session.flush()
    return dropped
