"""Score the segments left in a review queue with an engine that has learnt every decision so far.

Reuses project-mode suggest (:func:`workbench.suggest.project.make_engine`): the same model,
threshold and question context as ``workbench suggest``. :func:`rescore` only reads the project
(so it can run in a background thread) and hands back the full ranking of every code, so the
review screen can show the closest codes of a segment without a suggestion; :func:`store_scores`
then replaces the model's stored suggestions on the segments still to review, exactly as a
``suggest`` run would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from workbench.review.queue import Suggestion


@dataclass
class Rescored:
    """One scoring run: per segment every codable code, best first; how many decisions were learnt."""

    decisions: int
    threshold: float
    ranked: dict[int, list[Suggestion]] = field(default_factory=dict)
    context: str = ""
    """The question-context mode the segments were read with (for the audit trail)."""
    started_at: object = None
    """The database's time before the decisions were read: a person's decision after it is not
    overwritten by these scores (``store/suggestions.py``)."""


Scorer = Callable[[list[int]], Rescored]
"""Segment ids → :class:`Rescored` (the review session calls this to relearn)."""


def rescore(project, segment_ids: list[int], *, model: str | None = None, encoder=None) -> Rescored:
    """Relearn from all human decisions and score ``segment_ids`` (reads the project, writes nothing
    but the embedding cache)."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.transcripts import list_segments
    from workbench.store.suggestions import database_time
    from workbench.suggest.project import context_mode, make_engine

    started_at = database_time(project)
    wanted = set(segment_ids)
    segs = [s for s in list_segments(project, codable_only=True) if s.id in wanted]
    mode = context_mode(project)
    engine, n_decisions, qmap = make_engine(project, project_codebook(project), model=model, encoder=encoder,
                                            context=mode, score_ids=[s.id for s in segs])
    out = Rescored(n_decisions, float(engine.threshold), context=mode, started_at=started_at)
    if segs:
        contexts = None if qmap is None else [qmap.get(s.id, "") for s in segs]
        results = engine.suggest([s.text for s in segs], contexts=contexts)
        for seg, ranked in zip(segs, results):
            out.ranked[seg.id] = [Suggestion(s.code, float(s.score), s.rationale) for s in ranked]
    return out


def store_scores(project, res: Rescored, segment_ids: list[int], codes: list[str]) -> int:
    """Store ``res``'s scores at or above its threshold as the model's suggestions on ``segment_ids``
    (replacing the old ones for ``codes``), logged like a ``suggest`` run. Returns how many."""
    from workbench.store.suggestions import begin_run, finish_run, write_suggestions

    ids = [sid for sid in segment_ids if sid in res.ranked]
    rows = [(sid, s.code, round(float(s.score), 4), s.rationale) for sid in ids for s in res.ranked[sid]
            if s.code in codes and s.score is not None and s.score >= res.threshold]
    if not ids:
        return 0
    run = begin_run(project, "relearn", codes, len(ids), res.started_at)
    written, kept = write_suggestions(project, run, rows, ids, codes)
    finish_run(project, run, written, kept, segments=len(ids), codes=codes, decisions=res.decisions,
               context=res.context, source="review")
    return written


def project_scorer(project, model: str | None = None, encoder=None) -> Scorer:
    """The :data:`Scorer` a review session of ``project`` uses."""
    return lambda ids: rescore(project, ids, model=model, encoder=encoder)
