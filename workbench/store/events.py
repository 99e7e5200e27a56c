"""The append-only audit log."""

from __future__ import annotations

from sqlalchemy import select

from workbench.store import schema as S
from workbench.store.clock import iso
from workbench.store.records import EventRec


def log_event(session, actor: str, action: str, *, segment_id: int | None = None,
              code_id: str | None = None, **details) -> None:
    from workbench.store.clock import now

    session.add(S.Event(at=now(session), actor=actor, action=action, segment_id=segment_id, code_id=code_id,
                        details=details))


def list_events(project, coder: str | None = None, code: str | None = None,
                action: str | None = None, limit: int | None = None) -> list[EventRec]:
    with project.session() as s:
        q = select(S.Event).order_by(S.Event.id)
        if coder:
            q = q.where(S.Event.actor == coder)
        if code:
            q = q.where(S.Event.code_id == code)
        if action:
            q = q.where(S.Event.action == action)
        rows = list(s.scalars(q))
        if limit:
            rows = rows[-limit:]
        return [EventRec(e.id, iso(e.at), e.actor, e.action, e.segment_id,
                         e.code_id, dict(e.details or {})) for e in rows]
