"""Store access for respondents, transcripts, turns and segments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from workbench.store import schema as S
from workbench.store.records import RespondentRec, SegmentRec, TranscriptRec, TurnRec


@dataclass
class NewTurn:
    speaker: str | None
    role: str
    respondent_id: str | None
    start: int
    end: int
    timestamp: float | None
    segments: list[tuple[int, int]]  # absolute offsets into the canonical text
    codable: bool


# ---------------------------------------------------------------- respondents
def upsert_respondents(session, rows: list[RespondentRec]) -> tuple[int, int]:
    """Insert or update respondents (attributes merged, later values win). Returns (new, updated).
    Each row is inserted only when its id is free, so a respondent another import stored meanwhile
    is updated, not a duplicate key."""
    from workbench.store.upsert import insert_new, upsert

    new = updated = 0
    for rec in rows:
        if insert_new(session, S.Respondent, dict(id=rec.id, type=rec.type or ""), keys=["id"]):
            new += 1
        else:
            if rec.type:
                session.execute(update(S.Respondent).where(S.Respondent.id == rec.id).values(type=rec.type))
            updated += 1
        for k, v in rec.attributes.items():
            upsert(session, S.RespondentAttribute, dict(respondent_id=rec.id, key=k, value=v),
                   keys=["respondent_id", "key"], update=["value"])
    session.expire_all()
    return new, updated


def respondent_ids(session) -> set[str]:
    return set(session.scalars(select(S.Respondent.id)))


def list_respondents(project) -> list[RespondentRec]:
    with project.session() as s:
        return [RespondentRec(r.id, r.type, r.attrs()) for r in s.scalars(select(S.Respondent).order_by(S.Respondent.id))]


def respondent_transcripts(project) -> dict[str, list[str]]:
    """Respondent id -> names of the transcripts they speak in."""
    with project.session() as s:
        rows = s.execute(
            select(S.Turn.respondent_id, S.Transcript.name).join(S.Transcript)
            .where(S.Turn.respondent_id.is_not(None)).distinct()
        )
        out: dict[str, list[str]] = {}
        for rid, name in rows:
            out.setdefault(rid, []).append(name)
        return out


# ---------------------------------------------------------------- transcripts
def find_by_sha(session, sha256: str):
    return session.scalar(select(S.Transcript).where(S.Transcript.sha256 == sha256))


def find_by_source(session, source_key: str):
    return session.scalar(select(S.Transcript).where(S.Transcript.source_key == source_key))


def delete_transcript(session, transcript_id: int) -> int:
    """Delete a transcript with its turns, segments and codings. Returns codings removed."""
    seg_ids = select(S.Segment.id).where(S.Segment.transcript_id == transcript_id)
    n = session.scalar(select(func.count()).select_from(S.Coding).where(S.Coding.segment_id.in_(seg_ids)))
    session.execute(delete(S.Coding).where(S.Coding.segment_id.in_(seg_ids)))
    session.execute(delete(S.SeenRow).where(S.SeenRow.segment_id.in_(seg_ids)))
    session.execute(delete(S.Memo).where(S.Memo.kind == "segment", S.Memo.target.in_(
        [str(i) for i in session.scalars(seg_ids)])))
    session.execute(delete(S.Memo).where(S.Memo.kind == "transcript", S.Memo.target == str(transcript_id)))
    session.execute(delete(S.Segment).where(S.Segment.transcript_id == transcript_id))
    session.execute(delete(S.Turn).where(S.Turn.transcript_id == transcript_id))
    session.execute(delete(S.Transcript).where(S.Transcript.id == transcript_id))
    return n or 0


def unique_name(session, name: str) -> str:
    taken = set(session.scalars(select(S.Transcript.name)))
    if name not in taken:
        return name
    stem, dot, ext = name.rpartition(".")
    for i in range(2, 10_000):
        cand = f"{stem}-{i}.{ext}" if dot else f"{name}-{i}"
        if cand not in taken:
            return cand
    raise RuntimeError("no free transcript name")


def add_transcript(session, *, name: str, source_key: str, text: str, turns: list[NewTurn], **fields) -> int:
    """Store a transcript with its turns and segments; ``fields`` are the other columns (sha256,
    format, kind, respondent_type, wave, date, tags_replaced). A taken name gets a suffix."""
    tr = S.Transcript(name=unique_name(session, name), source_key=source_key, text=text, **fields)
    session.add(tr)
    session.flush()
    seg_idx = 0
    for i, t in enumerate(turns):
        turn = S.Turn(transcript_id=tr.id, idx=i, speaker=t.speaker, role=t.role,
                      respondent_id=t.respondent_id, start=t.start, end=t.end, timestamp=t.timestamp)
        session.add(turn)
        session.flush()
        for a, b in t.segments:
            session.add(S.Segment(transcript_id=tr.id, turn_id=turn.id, idx=seg_idx, start=a, end=b,
                                  text=text[a:b], speaker=t.speaker, role=t.role,
                                  respondent_id=t.respondent_id, codable=t.codable))
            seg_idx += 1
    session.flush()
    return tr.id


def transcript_uid(session, transcript_id: int) -> str:
    """The transcript's stable id: it never changes, also not when the file is re-imported with
    --replace or its name changes; the key file files its entry under it."""
    return session.get(S.Transcript, transcript_id).uid


def transcript_uids(project) -> list[str]:
    with project.session() as s:
        return list(s.scalars(select(S.Transcript.uid)))


def add_tags_replaced(session, transcript_id: int, n: int) -> None:
    tr = session.get(S.Transcript, transcript_id)
    tr.tags_replaced = (tr.tags_replaced or 0) + n


def transcript_name(session, transcript_id: int) -> str:
    return session.get(S.Transcript, transcript_id).name


def list_transcripts(project) -> list[TranscriptRec]:
    """Every transcript with its counts, by name (four queries, whatever the number of transcripts)."""
    with project.session() as s:
        nseg = dict(s.execute(select(S.Segment.transcript_id, func.count()).where(S.Segment.codable.is_(True))
                              .group_by(S.Segment.transcript_id)).all())
        nturn = dict(s.execute(select(S.Turn.transcript_id, func.count()).group_by(S.Turn.transcript_id)).all())
        resp: dict[int, set[str]] = {}
        for tid, rid in s.execute(select(S.Turn.transcript_id, S.Turn.respondent_id)
                                  .where(S.Turn.respondent_id.is_not(None)).distinct()):
            resp.setdefault(tid, set()).add(rid)
        return [TranscriptRec(tr.id, tr.name, tr.format, tr.kind, tr.respondent_type, tr.wave, tr.date,
                              len(tr.text), nturn.get(tr.id, 0), nseg.get(tr.id, 0), sorted(resp.get(tr.id, ())),
                              tr.tags_replaced, tr.uid, tr.headers)
                for tr in s.scalars(select(S.Transcript).order_by(S.Transcript.name))]


def resolve_transcript(session, ref: str):
    """A transcript by id or (pseudonymised) name; None if unknown.

    An exact name is one transcript (names are unique). Otherwise the name may be given without
    its extension or in other capitals; when that fits more than one transcript ("interview"
    for "interview.txt" and "interview-2.txt") this refuses and lists the candidates."""
    from workbench.errors import WorkbenchError

    ref = ref.strip()
    if ref.isdigit():
        tr = session.get(S.Transcript, int(ref))
        if tr:
            return tr
    tr = session.scalar(select(S.Transcript).where(S.Transcript.name == ref))
    if tr is not None:
        return tr
    import re

    def stem(name: str) -> str:
        base, dot, ext = name.casefold().rpartition(".")
        return base if dot and 1 <= len(ext) <= 5 else name.casefold()

    same = re.compile(re.escape(stem(ref)) + r"(?:-\d+)?")
    hits = [t for t in session.scalars(select(S.Transcript).order_by(S.Transcript.id)) if same.fullmatch(stem(t.name))]
    if len(hits) > 1:
        listed = ", ".join(f"{t.id} ({t.name})" for t in hits[:10])
        raise WorkbenchError(f"transcript {ref!r} is ambiguous: it fits {listed}",
                             hint="give the id or the full name")
    return hits[0] if hits else None


def require_transcript(session, ref: str):
    """:func:`resolve_transcript`, or a one-line error naming ``ref`` when there is none."""
    from workbench.errors import WorkbenchError

    tr = resolve_transcript(session, ref)
    if tr is None:
        raise WorkbenchError(f"no transcript {ref!r} in this project", hint="see `workbench transcripts`")
    return tr


def transcript_texts(project, transcript: str | None = None) -> list[tuple[int, str, str]]:
    """``(id, name, text)`` of every transcript, or of one (id or name), by id."""
    with project.session() as s:
        if transcript:
            tr = require_transcript(s, transcript)
            return [(tr.id, tr.name, tr.text)]
        return [(t.id, t.name, t.text) for t in s.scalars(select(S.Transcript).order_by(S.Transcript.id))]


def transcript_text(project, transcript_id: int) -> str:
    with project.session() as s:
        return s.get(S.Transcript, transcript_id).text


def _seg_rec(seg: S.Segment, tr: S.Transcript, rtype: str | None, turn: S.Turn | None = None) -> SegmentRec:
    return SegmentRec(seg.id, tr.id, tr.name, seg.idx, seg.start, seg.end, seg.text, seg.speaker,
                      seg.role, seg.respondent_id, rtype, tr.wave, seg.codable,
                      turn.timestamp if turn else None, turn.idx if turn else None)


def list_segments(project, transcript: str | None = None, codable_only: bool = False,
                  ids: list[int] | None = None) -> list[SegmentRec]:
    with project.session() as s:
        q = (select(S.Segment, S.Transcript, S.Respondent.type, S.Turn).select_from(S.Segment)
             .join(S.Transcript, S.Segment.transcript_id == S.Transcript.id)
             .join(S.Turn, S.Segment.turn_id == S.Turn.id)
             .outerjoin(S.Respondent, S.Segment.respondent_id == S.Respondent.id))
        if transcript:
            q = q.where(S.Segment.transcript_id == require_transcript(s, transcript).id)
        if codable_only:
            q = q.where(S.Segment.codable.is_(True))
        if ids is not None:
            q = q.where(S.Segment.id.in_(ids))
        q = q.order_by(S.Transcript.name, S.Segment.start)
        return [_seg_rec(seg, tr, rtype, turn) for seg, tr, rtype, turn in s.execute(q)]


def codable_segment_ids(project, transcripts: list[str] | None = None, wave: str | None = None) -> set[int]:
    """Ids of the codable segments, optionally of some transcripts (ids or names) or of one wave."""
    with project.session() as s:
        q = select(S.Segment.id).join(S.Transcript).where(S.Segment.codable.is_(True))
        if transcripts:
            q = q.where(S.Segment.transcript_id.in_([require_transcript(s, ref).id for ref in transcripts]))
        if wave:
            q = q.where(S.Transcript.wave == wave)
        return set(s.scalars(q))


def codable_segments_in(session, transcript_id: int) -> list:
    """The codable segments of one transcript in text order, as rows of the open ``session``
    (for imports that map spans to segments within one transaction)."""
    return list(session.scalars(select(S.Segment).where(S.Segment.transcript_id == transcript_id,
                                                        S.Segment.codable.is_(True)).order_by(S.Segment.start)))


def segments_in(session, transcript_id: int) -> list:
    """Every segment of one transcript in text order, codable or not, as rows of ``session``."""
    return list(session.scalars(select(S.Segment).where(S.Segment.transcript_id == transcript_id)
                                .order_by(S.Segment.start)))


QUESTION_ROLES = ("interviewer", "moderator")


def preceding_questions(project, segment_ids: list[int]) -> dict[int, str]:
    """For each of ``segment_ids``, the text of the last interviewer or moderator segment before
    it in its transcript (``""`` when the transcript has none before it)."""
    wanted = set(segment_ids)
    if not wanted:
        return {}
    with project.session() as s:
        tids = select(S.Segment.transcript_id).where(S.Segment.id.in_(wanted)).distinct()
        rows = s.execute(
            select(S.Segment.id, S.Segment.transcript_id, S.Segment.role, S.Segment.text)
            .where(S.Segment.transcript_id.in_(tids))
            .order_by(S.Segment.transcript_id, S.Segment.start)
        )
        out: dict[int, str] = {}
        last: dict[int, str] = {}
        for sid, tid, role, text in rows:
            if role in QUESTION_ROLES:
                last[tid] = text
            elif sid in wanted:
                out[sid] = last.get(tid, "")
        return out


def segment_context(project, segment_id: int, before: int = 1, after: int = 1) -> list[TurnRec]:
    """The segment's turn with ``before``/``after`` neighbouring turns."""
    with project.session() as s:
        seg = s.get(S.Segment, segment_id)
        if seg is None:
            return []
        turn = s.get(S.Turn, seg.turn_id)
        tr = s.get(S.Transcript, seg.transcript_id)
        rows = s.scalars(select(S.Turn).where(
            S.Turn.transcript_id == seg.transcript_id,
            S.Turn.idx.between(turn.idx - before, turn.idx + after)).order_by(S.Turn.idx))
        return [TurnRec(t.idx, t.speaker, t.role, t.respondent_id, t.start, t.end, tr.text[t.start:t.end],
                        t.timestamp) for t in rows]


def counts(project) -> dict[str, object]:
    with project.session() as s:
        by_type = Counter(s.scalars(select(S.Respondent.type)))
        return {
            "transcripts": s.scalar(select(func.count()).select_from(S.Transcript)),
            "segments": s.scalar(select(func.count()).select_from(S.Segment).where(S.Segment.codable.is_(True))),
            "respondents": dict(by_type),
            "tags_replaced": s.scalar(select(func.coalesce(func.sum(S.Transcript.tags_replaced), 0))),
        }


def lock_for_import(session) -> None:
    """Take the write lock first, so an import's checks and its write see one state of the project.

    A transaction whose first statement writes waits for any other writer (SQLite) and then
    reads the newest data; two imports of the same file can no longer both pass the checks.
    """
    session.execute(update(S.Meta).where(S.Meta.key == "schema_version").values(value=S.Meta.value))
