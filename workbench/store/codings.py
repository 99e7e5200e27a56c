"""Store access for codings (one row per segment × code × coder) and what coders have seen.

Every change is written to the audit log in the same transaction. A coder's decision never
touches another coder's row. People write only under their registered name (``store.coders``);
the reserved names are written only here: ``model`` by ``replace_suggestions``, ``consensus`` by
``set_consensus`` on a supervisor's behalf.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, func, select

from workbench.errors import WorkbenchError
from workbench.store import schema as S
from workbench.store.clock import iso
from workbench.store.clock import now as db_now
from workbench.store.coders import require_coder, require_supervisor
from workbench.store.events import log_event
from workbench.store.records import CodingRec
from workbench.store.upsert import insert_for
from workbench.vocab import ReservedCoder

MODEL_CODER = ReservedCoder.MODEL
CONSENSUS = ReservedCoder.CONSENSUS
STATUSES = ("suggested", "accepted", "rejected")


def _rec(c: S.Coding) -> CodingRec:
    return CodingRec(c.id, c.segment_id, c.code_id, c.coder, c.status, c.score, c.rationale, c.reason,
                     iso(c.created_at), iso(c.updated_at),
                     c.span_start, c.span_end)


def _check_segment(session, segment_id: int) -> S.Segment:
    seg = session.get(S.Segment, segment_id)
    if seg is None:
        raise WorkbenchError(f"no segment {segment_id} in this project", hint="see `workbench segments`")
    return seg


def set_decision(session, segment_id: int, code_id: str, coder: str, status: str, *,
                 score: float | None = None, rationale: str | None = None, reason: str | None = None,
                 span: tuple[int, int] | None = None, action: str | None = None) -> bool:
    """Create or update registered ``coder``'s coding of ``code_id`` on a segment. Returns True if changed."""
    require_coder(session, coder)
    return _write(session, segment_id, code_id, coder, status, score=score, rationale=rationale,
                  reason=reason, span=span, action=action)


def set_consensus(session, segment_id: int, code_id: str, status: str, *, decided_by: str,
                  reason: str | None = None, action: str | None = None) -> bool:
    """The consensus coding of ``code_id`` on a segment, decided by a supervisor."""
    require_supervisor(session, decided_by)
    return _write(session, segment_id, code_id, CONSENSUS, status, reason=reason, action=action,
                  decided_by=decided_by)


def mark_consensus_seen(session, segment_id: int, decided_by: str) -> None:
    require_supervisor(session, decided_by)
    _mark_seen(session, segment_id, CONSENSUS)


def _write(session, segment_id: int, code_id: str, coder: str, status: str, *,
           score: float | None = None, rationale: str | None = None, reason: str | None = None,
           span: tuple[int, int] | None = None, action: str | None = None, **details) -> bool:
    if status not in STATUSES:
        raise ValueError(status)
    _check_segment(session, segment_id)
    cur = _current(session, segment_id, code_id, coder)
    old = cur.status if cur else None
    new_span = span is not None and (cur is None or (cur.span_start, cur.span_end) != tuple(span))
    if cur is not None and cur.status == status and (reason is None or reason == cur.reason) and not new_span:
        return False
    # One upsert, so a row another writer added since the read above is updated, not duplicated
    # and not an IntegrityError. An update keeps the rationale, and a span, reason or score not given.
    now = db_now(session)
    ins = _insert(session)(S.Coding).values(
        segment_id=segment_id, code_id=code_id, coder=coder, status=status, score=score, rationale=rationale,
        reason=reason, span_start=span[0] if span else None, span_end=span[1] if span else None,
        created_at=now, updated_at=now)
    update = {"status": ins.excluded.status, "updated_at": ins.excluded.updated_at,
              "reason": func.coalesce(ins.excluded.reason, S.Coding.reason),
              "score": func.coalesce(ins.excluded.score, S.Coding.score)}
    if new_span:
        update |= {"span_start": ins.excluded.span_start, "span_end": ins.excluded.span_end}
    session.execute(ins.on_conflict_do_update(index_elements=["segment_id", "code_id", "coder"], set_=update))
    _mark_seen(session, segment_id, coder)
    log_event(session, coder, action or status, segment_id=segment_id, code_id=code_id,
              previous=old, score=score, reason=reason, **details)
    return True


def _current(session, segment_id: int, code_id: str, coder: str):
    """The coder's coding as (status, reason), read from the database (not the session's cache)."""
    return session.execute(select(S.Coding.status, S.Coding.reason).where(
        S.Coding.segment_id == segment_id, S.Coding.code_id == code_id, S.Coding.coder == coder)).first()


def _insert(session):
    """The dialect's INSERT that has ON CONFLICT (see ``store/upsert.py``)."""
    return insert_for(session)


def remove_coding(session, segment_id: int, code_id: str, coder: str, reason: str | None = None) -> bool:
    require_coder(session, coder)
    row = session.scalar(select(S.Coding).where(S.Coding.segment_id == segment_id, S.Coding.code_id == code_id,
                                                S.Coding.coder == coder).execution_options(populate_existing=True))
    if row is None:
        return False
    log_event(session, coder, "removed", segment_id=segment_id, code_id=code_id, previous=row.status,
              reason=reason)
    session.delete(row)
    return True


def undo_decisions(session, segment_id: int, coder: str) -> int:
    """Remove ``coder``'s accepted/rejected rows on a segment and its seen mark (review undo)."""
    require_coder(session, coder)
    rows = session.scalars(select(S.Coding).where(S.Coding.segment_id == segment_id, S.Coding.coder == coder)
                           .execution_options(populate_existing=True)).all()
    for r in rows:
        session.delete(r)
    session.execute(delete(S.SeenRow).where(S.SeenRow.segment_id == segment_id, S.SeenRow.coder == coder))
    log_event(session, coder, "undo", segment_id=segment_id, removed=[r.code_id for r in rows])
    return len(rows)


def mark_seen(session, segment_id: int, coder: str) -> None:
    """Registered ``coder`` has judged the segment (also when giving it no code)."""
    require_coder(session, coder)
    _mark_seen(session, segment_id, coder)


def _mark_seen(session, segment_id: int, coder: str) -> None:
    ins = _insert(session)(S.SeenRow).values(segment_id=segment_id, coder=coder, at=db_now(session))
    session.execute(ins.on_conflict_do_nothing(index_elements=["segment_id", "coder"]))


def seen_segments(project, coder: str) -> set[int]:
    with project.session() as s:
        return set(s.scalars(select(S.SeenRow.segment_id).where(S.SeenRow.coder == coder)))


def replace_suggestions(session, rows: list[tuple[int, str, float, str]], segment_ids: list[int],
                        codes: list[str], run=None) -> int:
    """Replace the model's suggestions on ``segment_ids`` × ``codes`` with ``rows``
    (segment, code, score, rationale), inside ``session``, as ``run`` (a new run when not given).
    Human codings are never touched; see ``store/suggestions.py`` for runs in short transactions."""
    from workbench.store.suggestions import replace_chunk, start_run

    run = run or start_run(session, "suggest", codes, len(segment_ids))
    written = 0
    for i in range(0, len(segment_ids), 500):
        chunk = set(segment_ids[i:i + 500])
        w, _ = replace_chunk(session, run, [r for r in rows if r[0] in chunk], sorted(chunk), codes)
        written += w
    return written


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
    echo the coder, and agreement between the two is optimistic. The model's time of a segment is
    the start of the run that scored it; times are the database server's on PostgreSQL, to the
    microsecond (``store/clock.py``)."""
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


# ---------------------------------------------------------------- undo / redo of single codings
def coding_state(session, segment_id: int, code_id: str, coder: str) -> dict | None:
    """The stored state of one coding (status, reason, span, score, rationale), or None."""
    row = session.scalar(select(S.Coding).where(S.Coding.segment_id == segment_id,
                                                S.Coding.code_id == code_id, S.Coding.coder == coder))
    if row is None:
        return None
    return {"status": row.status, "reason": row.reason, "span_start": row.span_start, "span_end": row.span_end,
            "score": row.score, "rationale": row.rationale}


def restore_coding(session, segment_id: int, code_id: str, coder: str, state: dict | None, action: str) -> None:
    """Put one coding back into ``state`` (None removes it), logged as ``action`` (undo/redo)."""
    where = (S.Coding.segment_id == segment_id, S.Coding.code_id == code_id, S.Coding.coder == coder)
    previous = session.scalar(select(S.Coding.status).where(*where))
    if state is None:
        session.execute(delete(S.Coding).where(*where))
    else:
        t = db_now(session)
        ins = _insert(session)(S.Coding).values(segment_id=segment_id, code_id=code_id, coder=coder,
                                                created_at=t, updated_at=t, **state)
        session.execute(ins.on_conflict_do_update(index_elements=["segment_id", "code_id", "coder"],
                                                  set_={**{k: getattr(ins.excluded, k) for k in state},
                                                        "updated_at": t}))
    session.expire_all()
    log_event(session, coder, action, segment_id=segment_id, code_id=code_id, previous=previous,
              status=state["status"] if state else None)


def count_codings(session, segment_ids: list[int]) -> int:
    """Codings of every coder on these segments."""
    from sqlalchemy import func

    if not segment_ids:
        return 0
    return session.scalar(select(func.count()).select_from(S.Coding).where(S.Coding.segment_id.in_(segment_ids))) or 0
