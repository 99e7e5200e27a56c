"""What a coder reviews next: every codable segment not yet seen, in one of three orders.

A segment carries the model's stored suggestions (scores at or above the threshold). One without
any carries its closest codes instead (``candidates``), once the engine has scored it, so the
coder can add one with a single key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.store.codings import MODEL_CODER, list_codings, seen_segments
from workbench.store.records import SegmentRec
from workbench.store.transcripts import list_segments

ORDERS = ("document", "score", "uncertain")
"""``document``: transcript by transcript, in reading order (a first pass). ``score``: best score
first. ``uncertain``: best score nearest the threshold first (the decisions that teach the
engine most)."""
N_CANDIDATES = 3
"""Closest codes shown on a segment with no suggestion."""


@dataclass
class Suggestion:
    code: str
    score: float | None
    rationale: str | None


@dataclass
class QueueItem:
    segment: SegmentRec
    suggestions: list[Suggestion] = field(default_factory=list)
    candidates: list[Suggestion] = field(default_factory=list)
    """The best-scoring codes below the threshold, when there is no suggestion (else empty)."""
    rank: int = 0
    """Position in document order."""
    scored_at: object = None
    """Start of the model run these suggestions came from (a newer run supersedes them)."""

    def best(self) -> float | None:
        """The highest score known for this segment (``None`` if it has not been scored)."""
        scores = [s.score or 0.0 for s in self.suggestions or self.candidates[:1]]
        return max(scores) if scores else None

    def set_ranking(self, ranked: list[Suggestion], threshold: float) -> None:
        """Take a fresh ranking of every code (best first): suggestions and candidates from it."""
        self.suggestions = [s for s in ranked if (s.score or 0.0) >= threshold]
        self.candidates = [] if self.suggestions else ranked[:N_CANDIDATES]


def sort_items(items: list[QueueItem], order: str, threshold: float) -> list[QueueItem]:
    """``items`` in ``order`` (see :data:`ORDERS`); unscored segments go last in score orders."""
    if order == "score":
        key = lambda it: (it.best() is None, -(it.best() or 0.0), it.rank)  # noqa: E731
    elif order == "uncertain":
        key = lambda it: (it.best() is None, abs((it.best() or 0.0) - threshold), it.rank)  # noqa: E731
    else:
        key = lambda it: it.rank  # noqa: E731
    return sorted(items, key=key)


def build_queue(project, coder: str, code: str | None = None, transcript: str | None = None,
                min_score: float | None = None, blind: bool = False,
                include_seen: bool = False) -> tuple[list[QueueItem], int]:
    """Items to review (document order) and how many matching items the coder has already done.

    Every codable segment is included, with or without a suggestion; ``code`` keeps only segments
    where that code is suggested and ``min_score`` only those whose best suggestion scores at
    least that. In ``blind`` mode no suggestion is attached and neither filter applies."""
    segs = list_segments(project, transcript, codable_only=True)
    by_id = {s.id: s for s in segs}
    sugg: dict[int, list[Suggestion]] = {}
    if not blind:
        for c in list_codings(project, coder=MODEL_CODER, status="suggested"):
            if c.segment_id in by_id:
                sugg.setdefault(c.segment_id, []).append(Suggestion(c.code_id, c.score, c.rationale))
    for lst in sugg.values():
        lst.sort(key=lambda s: -(s.score or 0))
    from workbench.store.suggestions import model_scored_at

    scored = {} if blind else model_scored_at(project)
    seen = seen_segments(project, coder)
    items: list[QueueItem] = []
    done = 0
    for rank, s in enumerate(segs):
        mine = sugg.get(s.id, [])
        if code and not blind and not any(x.code == code for x in mine):
            continue
        if min_score is not None and not blind and max([x.score or 0.0 for x in mine], default=0.0) < min_score:
            continue
        if s.id in seen and not include_seen:
            done += 1
            continue
        items.append(QueueItem(s, mine, rank=rank, scored_at=scored.get(s.id)))
    return items, done
