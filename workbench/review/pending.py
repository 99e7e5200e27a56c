"""A review decision on its way to the store: written in one short transaction, or kept (and
at the end saved to the project's ``logs/``) while the database cannot take it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime


@dataclass
class Pending:
    """One segment's decision, as written (or still to write) to the store."""

    segment_id: int
    accepted: list[str]
    rejected: list[str]
    note: str | None
    scores: dict[str, float | None]
    suggested: set[str]


def write_pending(s, coder: str, p: Pending) -> None:
    """``coder``'s decision ``p`` inside the open transaction ``s``: seen, accepted, rejected."""
    from workbench.store.codings import mark_seen, set_decision

    mark_seen(s, p.segment_id, coder)
    for c in p.accepted:
        set_decision(s, p.segment_id, c, coder, "accepted", score=p.scores.get(c),
                     reason=p.note, action="accepted" if c in p.suggested else "added")
    for c in p.rejected:
        set_decision(s, p.segment_id, c, coder, "rejected", score=p.scores.get(c), reason=p.note)
    if not p.accepted and not p.rejected:
        from workbench.store.events import log_event

        log_event(s, coder, "no-code", segment_id=p.segment_id, reason=p.note)


def save_to_logs(project, coder: str, pending: list[Pending]):
    """The decisions that could not be written, as JSON in ``logs/unsaved-CODER-TIME.json``;
    returns the path, or None when there were none."""
    from workbench.files import write_text_atomic

    if not pending:
        return None
    path = project.root / "logs" / f"unsaved-{coder}-{datetime.now():%Y%m%dT%H%M%S}.json"
    path.parent.mkdir(exist_ok=True)
    rows = [{**asdict(p), "suggested": sorted(p.suggested)} for p in pending]
    write_text_atomic(path, json.dumps({"coder": coder, "decisions": rows}, ensure_ascii=False, indent=1))
    return path
