"""What a coder reviews next: segments with suggestions (or all, in blind mode) not yet seen."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.store.codings import MODEL_CODER, list_codings, seen_segments
from workbench.store.records import SegmentRec
from workbench.store.transcripts import list_segments


@dataclass
class Suggestion:
    code: str
    score: float | None
    rationale: str | None


@dataclass
class QueueItem:
    segment: SegmentRec
    suggestions: list[Suggestion] = field(default_factory=list)


def build_queue(project, coder: str, code: str | None = None, transcript: str | None = None,
                min_score: float | None = None, order: str = "score", blind: bool = False,
                include_seen: bool = False) -> tuple[list[QueueItem], int]:
    """Items to review and how many matching items the coder has already done."""
    segs = list_segments(project, transcript, codable_only=True)
    by_id = {s.id: s for s in segs}
    sugg: dict[int, list[Suggestion]] = {}
    for c in list_codings(project, coder=MODEL_CODER, status="suggested"):
        if c.segment_id in by_id:
            sugg.setdefault(c.segment_id, []).append(Suggestion(c.code_id, c.score, c.rationale))
    for lst in sugg.values():
        lst.sort(key=lambda s: -(s.score or 0))
    seen = seen_segments(project, coder)
    items: list[QueueItem] = []
    done = 0
    for s in segs:
        mine = sugg.get(s.id, [])
        if not blind:
            if code:
                mine_code = [x for x in mine if x.code == code]
                if not mine_code:
                    continue
            if not mine:
                continue
            if min_score is not None and max((x.score or 0) for x in mine) < min_score:
                continue
        if s.id in seen and not include_seen:
            done += 1
            continue
        items.append(QueueItem(s, [] if blind else mine))
    if order == "score" and not blind:
        items.sort(key=lambda it: -max((x.score or 0) for x in it.suggestions))
    return items, done
