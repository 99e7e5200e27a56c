"""Store access for codings (one row per segment × code × coder) and what coders have seen.

Every change is written to the audit log in the same transaction. A coder's decision never
touches another coder's row.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, select, update

from workbench.errors import WorkbenchError
from workbench.store import schema as S
from workbench.store.events import log_event
from workbench.store.records import CodingRec

MODEL_CODER = "model"
STATUSES = ("suggested", "accepted", "rejected")


def _rec(c: S.Coding) -> CodingRec:
    return CodingRec(c.id, c.segment_id, c.code_id, c.coder, c.status, c.score, c.rationale, c.reason,
                     c.created_at.isoformat(timespec="seconds"), c.updated_at.isoformat(timespec="seconds"),
                     c.span_start, c.span_end)


def _check_segment(session, segment_id: int) -> S.Segment:
    seg = session.get(S.Segment, segment_id)
    if seg is None:
        raise WorkbenchError(f"no segment {segment_id} in this project", hint="see `workbench segments`")
    return seg


def set_decision(session, segment_id: int, code_id: str, coder: str, status: str, *,
                 score: float | None = None, rationale: str | None = None, reason: str | None = None,
                 span: tuple[int, int] | None = None, action: str | None = None) -> bool:
    """Create or update ``coder``'s coding of ``code_id`` on a segment. Returns True if changed."""
    if status not in STATUSES:
        raise ValueError(status)
    _check_segment(session, segment_id)
    row = session.scalar(select(S.Coding).where(S.Coding.segment_id == segment_id,
                                                S.Coding.code_id == code_id, S.Coding.coder == coder))
    old = row.status if row else None
    if row is None:
        row = S.Coding(segment_id=segment_id, code_id=code_id, coder=coder, status=status, score=score,
                       rationale=rationale, reason=reason)
        if span:
            row.span_start, row.span_end = span
        session.add(row)
    else:
        if row.status == status and (reason is None or reason == row.reason):
            return False
        row.status = status
        row.updated_at = S.utcnow()
        if reason is not None:
            row.reason = reason
        if score is not None:
            row.score = score
    mark_seen(session, segment_id, coder)
    log_event(session, coder, action or status, segment_id=segment_id, code_id=code_id,
              previous=old, score=score, reason=reason)
    return True


def remove_coding(session, segment_id: int, code_id: str, coder: str, reason: str | None = None) -> bool:
    row = session.scalar(select(S.Coding).where(S.Coding.segment_id == segment_id,
                                                S.Coding.code_id == code_id, S.Coding.coder == coder))
    if row is None:
        return False
    log_event(session, coder, "removed", segment_id=segment_id, code_id=code_id, previous=row.status,
              reason=reason)
    session.delete(row)
    return True


def undo_decisions(session, segment_id: int, coder: str) -> int:
    """Remove ``coder``'s accepted/rejected rows on a segment and its seen mark (review undo)."""
    rows = session.scalars(select(S.Coding).where(S.Coding.segment_id == segment_id,
                                                  S.Coding.coder == coder)).all()
    for r in rows:
        session.delete(r)
    session.execute(delete(S.SeenRow).where(S.SeenRow.segment_id == segment_id, S.SeenRow.coder == coder))
    log_event(session, coder, "undo", segment_id=segment_id, removed=[r.code_id for r in rows])
    return len(rows)


def mark_seen(session, segment_id: int, coder: str) -> None:
    if session.get(S.SeenRow, (segment_id, coder)) is None:
        session.add(S.SeenRow(segment_id=segment_id, coder=coder))
        session.flush()


def seen_segments(project, coder: str) -> set[int]:
    with project.session() as s:
        return set(s.scalars(select(S.SeenRow.segment_id).where(S.SeenRow.coder == coder)))


def replace_suggestions(session, rows: list[tuple[int, str, float, str]], segment_ids: list[int],
                        codes: list[str]) -> int:
    """Replace the model's suggestions on ``segment_ids`` × ``codes`` with ``rows``
    (segment, code, score, rationale). Human codings are never touched."""
    for i in range(0, len(segment_ids), 500):
        chunk = segment_ids[i:i + 500]
        session.execute(delete(S.Coding).where(S.Coding.coder == MODEL_CODER, S.Coding.segment_id.in_(chunk),
                                               S.Coding.code_id.in_(codes)))
        # the model's "seen" time is when it last scored the segment (see decided_before_scored)
        session.execute(update(S.SeenRow).where(S.SeenRow.coder == MODEL_CODER, S.SeenRow.segment_id.in_(chunk))
                        .values(at=S.utcnow()))
        have = set(session.scalars(select(S.SeenRow.segment_id).where(
            S.SeenRow.coder == MODEL_CODER, S.SeenRow.segment_id.in_(chunk))))
        session.add_all([S.SeenRow(segment_id=sid, coder=MODEL_CODER) for sid in chunk if sid not in have])
    session.add_all([S.Coding(segment_id=sid, code_id=code, coder=MODEL_CODER, status="suggested",
                              score=score, rationale=rat) for sid, code, score, rat in rows])
    return len(rows)


def list_codings(project, coder: str | None = None, status: str | None = None, code: str | None = None,
                 segment_ids: list[int] | None = None) -> list[CodingRec]:
    with project.session() as s:
        q = select(S.Coding).order_by(S.Coding.segment_id, S.Coding.code_id, S.Coding.coder)
        if coder:
            q = q.where(S.Coding.coder == coder)
        if status:
            q = q.where(S.Coding.status == status)
        if code:
            q = q.where(S.Coding.code_id == code)
        if segment_ids is not None:
            q = q.where(S.Coding.segment_id.in_(segment_ids))
        return [_rec(c) for c in s.scalars(q)]


def has_coding(session, segment_id: int, code_id: str, coder: str) -> bool:
    """Whether ``coder`` has any coding (whatever its status) of ``code_id`` on the segment."""
    return session.scalar(select(S.Coding.id).where(S.Coding.segment_id == segment_id, S.Coding.code_id == code_id,
                                                    S.Coding.coder == coder)) is not None


def coder_views(project) -> tuple[list[tuple[int, str]], list[tuple[int, str, str, str]]]:
    """Who saw what: every ``(segment id, coder)`` seen pair, and every coding as
    ``(segment id, coder, code, status)``, for building agreement units."""
    with project.session() as s:
        seen = [(sid, coder) for sid, coder in s.execute(select(S.SeenRow.segment_id, S.SeenRow.coder))]
        rows = s.execute(select(S.Coding.segment_id, S.Coding.coder, S.Coding.code_id, S.Coding.status))
        return seen, [(sid, coder, code, status) for sid, coder, code, status in rows]


def coders(project) -> list[str]:
    with project.session() as s:
        names = set(s.scalars(select(S.Coding.coder).distinct())) | set(s.scalars(select(S.SeenRow.coder).distinct()))
        return sorted(names)


def learning_decisions(project) -> list[tuple[int, str, str, bool]]:
    """(segment id, segment text, code, accepted?) from every human coder's accepted/rejected codings."""
    with project.session() as s:
        rows = s.execute(select(S.Segment.id, S.Segment.text, S.Coding.code_id, S.Coding.status).join(
            S.Segment, S.Segment.id == S.Coding.segment_id).where(
            S.Coding.coder != MODEL_CODER, S.Coding.status.in_(("accepted", "rejected"))))
        return [(sid, t, c, st == "accepted") for sid, t, c, st in rows]


def decided_before_scored(project, coders: list[str], segment_ids: set[int]) -> dict[str, int]:
    """Per coder: how many of ``segment_ids`` the model last scored *after* that coder had accepted
    or rejected a code on them. The model learnt those decisions, so its suggestions there partly
    echo the coder, and agreement between the two is optimistic. Times have one-second
    resolution; a decision in the same second as the scoring is not counted."""
    with project.session() as s:
        rows = s.execute(
            select(S.Coding.coder, S.Coding.segment_id).distinct()
            .join(S.SeenRow, and_(S.SeenRow.segment_id == S.Coding.segment_id, S.SeenRow.coder == MODEL_CODER))
            .where(S.Coding.coder.in_(coders), S.Coding.coder != MODEL_CODER,
                   S.Coding.status.in_(("accepted", "rejected")), S.Coding.updated_at < S.SeenRow.at))
        counts: dict[str, int] = {}
        for coder, sid in rows:
            if sid in segment_ids:
                counts[coder] = counts.get(coder, 0) + 1
        return counts


def log(session, actor: str, action: str, **kw) -> None:
    log_event(session, actor, action, **kw)


def count_codings(session, segment_ids: list[int]) -> int:
    """Codings of every coder on these segments."""
    from sqlalchemy import func

    if not segment_ids:
        return 0
    return session.scalar(select(func.count()).select_from(S.Coding).where(S.Coding.segment_id.in_(segment_ids))) or 0
