"""The model's suggestions, written by runs that never undo a person's decision.

A run (``suggest``, or a relearn during review) starts with :func:`start_run`, which stamps it
with the database's time *before* it reads the decisions it learns from. Its suggestions are
written in short transactions (:func:`write_suggestions`, one chunk of segments each), every
one an upsert. A suggestion on a (segment, code) that a person decided on after the run started
is left as it is, neither replaced nor removed (``kept``): the run could not have learnt that
decision. The model's ``seen`` time of a segment is the start of the run that last scored it,
so agreement can tell which decisions it had learnt. Review queues use it to notice that a
suggestion they hold was superseded (:func:`segment_view`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, literal_column, select
from sqlalchemy.orm import aliased

from workbench.store import schema as S
from workbench.store.clock import as_utc, now
from workbench.store.codings import MODEL_CODER, _insert
from workbench.store.events import log_event

CHUNK = 200  # segments per write transaction


@dataclass
class Run:
    id: int
    started_at: datetime


@dataclass
class SegmentView:
    """What the store says now about one segment, for a review queue arriving at it."""

    seen: bool                       # the coder has judged it (maybe in another session)
    scored_at: datetime | None       # start of the run that last scored it
    suggestions: list[tuple[str, float | None, str | None]]  # (code, score, rationale), best first


def start_run(session, kind: str, codes: list[str], segments: int, started_at: datetime | None = None) -> Run:
    """A run row; ``started_at`` (from :func:`database_time`, taken before the decisions were read)
    defaults to now."""
    row = S.SuggestRun(started_at=started_at or now(session), kind=kind, codes=list(codes), segments=segments,
                       suggestions=0, kept=0)
    session.add(row)
    session.flush()
    return Run(row.id, as_utc(row.started_at))


def begin_run(project, kind: str, codes: list[str], segments: int, started_at: datetime | None = None) -> Run:
    """A new run, committed at once (its start time is what "meanwhile" is measured from)."""
    return project.write(lambda s: start_run(s, kind, codes, segments, started_at))


def database_time(project) -> datetime:
    """The database's time now (the server's on PostgreSQL); reads only."""
    with project.session() as s:
        return now(s)


def _decided_since(started_at: datetime):
    """SQL: a person (any coder but the model) wrote the (segment, code) of the ``coding`` row a
    DELETE or an upsert's DO UPDATE is at, after ``started_at``. The outer row is named literally:
    in ``ON CONFLICT DO UPDATE … WHERE`` the target table is referred to by its name."""
    human = aliased(S.Coding)
    return exists(select(human.id).where(human.segment_id == literal_column("coding.segment_id"),
                                         human.code_id == literal_column("coding.code_id"),
                                         human.coder != MODEL_CODER, human.updated_at > started_at))


def replace_chunk(session, run: Run, rows: list[tuple[int, str, float, str]], segment_ids: list[int],
                  codes: list[str]) -> tuple[int, int]:
    """Replace the model's suggestions on ``segment_ids`` × ``codes`` by ``rows`` (segment, code,
    score, rationale) for ``run``, leaving (segment, code) pairs decided since the run started.
    Returns (suggestions written, suggestions kept)."""
    if not segment_ids:
        return 0, 0
    human = aliased(S.Coding)
    decided = set(session.execute(select(human.segment_id, human.code_id).where(
        human.segment_id.in_(segment_ids), human.code_id.in_(codes), human.coder != MODEL_CODER,
        human.updated_at > run.started_at)).all())
    new = {(sid, code) for sid, code, *_ in rows}
    # rows that will be upserted are replaced in place (they keep their id); the rest go
    victims = [cid for cid, sid, code in session.execute(
        select(S.Coding.id, S.Coding.segment_id, S.Coding.code_id).where(
            S.Coding.coder == MODEL_CODER, S.Coding.segment_id.in_(segment_ids), S.Coding.code_id.in_(codes)))
        if (sid, code) not in new]
    for i in range(0, len(victims), 500):
        session.execute(delete(S.Coding).where(S.Coding.id.in_(victims[i:i + 500]),
                                               ~_decided_since(run.started_at)))
    t = now(session)
    fresh = [r for r in rows if (r[0], r[1]) not in decided]
    for i in range(0, len(fresh), 500):
        ins = _insert(session)(S.Coding).values([
            {"segment_id": sid, "code_id": code, "coder": MODEL_CODER, "status": "suggested", "score": score,
             "rationale": rat, "run_id": run.id, "created_at": t, "updated_at": t}
            for sid, code, score, rat in fresh[i:i + 500]])
        session.execute(ins.on_conflict_do_update(
            index_elements=["segment_id", "code_id", "coder"],
            set_={"status": "suggested", "score": ins.excluded.score, "rationale": ins.excluded.rationale,
                  "run_id": ins.excluded.run_id, "updated_at": ins.excluded.updated_at},
            where=~_decided_since(run.started_at)))
    written = len(fresh)
    # the model's "seen" time of a segment: the start of the run that last scored it
    seen = _insert(session)(S.SeenRow).values([{"segment_id": sid, "coder": MODEL_CODER, "at": run.started_at}
                                               for sid in segment_ids])
    session.execute(seen.on_conflict_do_update(index_elements=["segment_id", "coder"],
                                               set_={"at": seen.excluded.at}))
    kept = len({k for k in decided if k in new})
    return written, kept


def write_suggestions(project, run: Run, rows: list[tuple[int, str, float, str]], segment_ids: list[int],
                      codes: list[str], chunk: int = CHUNK) -> tuple[int, int]:
    """:func:`replace_chunk` for every ``chunk`` segments, each in its own short transaction.
    Returns (written, kept)."""
    by_seg: dict[int, list] = {}
    for r in rows:
        by_seg.setdefault(r[0], []).append(r)
    written = kept = 0
    for i in range(0, len(segment_ids), chunk):
        part = segment_ids[i:i + chunk]
        part_rows = [r for sid in part for r in by_seg.get(sid, [])]
        w, k = project.write(lambda s, part=part, part_rows=part_rows: replace_chunk(s, run, part_rows, part, codes))
        written, kept = written + w, kept + k
    return written, kept


def finish_run(project, run: Run, written: int, kept: int, **details) -> None:
    def work(s):
        row = s.get(S.SuggestRun, run.id)
        row.finished_at, row.suggestions, row.kept = now(s), written, kept
        log_event(s, MODEL_CODER, "suggest", run=run.id, suggestions=written, kept=kept, **details)
    project.write(work)


def model_scored_at(project, segment_ids: list[int] | None = None) -> dict[int, datetime]:
    """Segment id -> start of the run that last scored it."""
    with project.session() as s:
        q = select(S.SeenRow.segment_id, S.SeenRow.at).where(S.SeenRow.coder == MODEL_CODER)
        return {sid: as_utc(at) for sid, at in s.execute(q) if segment_ids is None or sid in segment_ids}


def segment_view(project, segment_id: int, coder: str) -> SegmentView:
    with project.session() as s:
        seen = {c: as_utc(at) for c, at in s.execute(select(S.SeenRow.coder, S.SeenRow.at).where(
            S.SeenRow.segment_id == segment_id, S.SeenRow.coder.in_((coder, MODEL_CODER))))}
        rows = s.execute(select(S.Coding.code_id, S.Coding.score, S.Coding.rationale).where(
            S.Coding.segment_id == segment_id, S.Coding.coder == MODEL_CODER, S.Coding.status == "suggested")
            .order_by(S.Coding.score.desc(), S.Coding.code_id)).all()
        return SegmentView(coder in seen, seen.get(MODEL_CODER), [tuple(r) for r in rows])
