"""Score the segments left in a review queue with an engine that has learnt every decision so far.

Reuses project-mode suggest (:func:`workbench.suggest.project.make_engine`): the same model,
threshold and question context as ``workbench suggest``. The scores above the threshold replace
the model's stored suggestions on those segments, exactly as a ``suggest`` run would; the full
ranking (every code) is handed back so the review screen can show the closest codes of a segment
that has no suggestion.
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


Scorer = Callable[[list[int]], Rescored]
"""Segment ids → :class:`Rescored` (the review session calls this to relearn)."""


def rescore(project, segment_ids: list[int], *, model: str | None = None, encoder=None) -> Rescored:
    """Relearn from all human decisions, score ``segment_ids`` and store their new suggestions."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import replace_suggestions
    from workbench.store.events import log_event
    from workbench.store.transcripts import list_segments
    from workbench.suggest.project import context_mode, make_engine

    wanted = set(segment_ids)
    segs = [s for s in list_segments(project, codable_only=True) if s.id in wanted]
    codebook = project_codebook(project)
    mode = context_mode(project)
    engine, n_decisions, qmap = make_engine(project, codebook, model, None, encoder, mode, [s.id for s in segs])
    threshold = float(engine.threshold)
    out = Rescored(n_decisions, threshold)
    if not segs:
        return out
    contexts = None if qmap is None else [qmap.get(s.id, "") for s in segs]
    results = engine.suggest([s.text for s in segs], contexts=contexts)
    rows = []
    for seg, ranked in zip(segs, results):
        out.ranked[seg.id] = [Suggestion(s.code, float(s.score), s.rationale) for s in ranked]
        rows += [(seg.id, s.code, round(float(s.score), 4), s.rationale) for s in ranked if s.suggested]
    codes = [c.id for c in codebook.codable()]
    with project.session() as session:
        replace_suggestions(session, rows, [s.id for s in segs], codes)
        log_event(session, "model", "suggest", segments=len(segs), suggestions=len(rows), codes=codes,
                  decisions=n_decisions, context=mode, source="review")
    return out


def project_scorer(project, model: str | None = None, encoder=None) -> Scorer:
    """The :data:`Scorer` a review session of ``project`` uses."""
    return lambda ids: rescore(project, ids, model=model, encoder=encoder)
