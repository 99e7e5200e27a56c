"""Whose clock: the time a write records.

On PostgreSQL every coder's time comes from the database server (``clock_timestamp()``, to the
microsecond), so "the model had already learnt this decision" compares times from one clock,
whatever the coders' machines say. On SQLite there is no server: the time is this machine's,
to the microsecond (on a shared drive, each coder's own clock: see docs/team.md). One time per
transaction: every row a transaction writes carries the same ``now``.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

_KEY = "workbench_now"


def now(session) -> datetime:
    """The time of the transaction ``session`` is in (timezone-aware UTC, microseconds)."""
    t = session.info.get(_KEY)
    if t is None:
        if session.get_bind().dialect.name == "postgresql":
            t = as_utc(session.execute(text("SELECT clock_timestamp()")).scalar_one())
        else:
            t = datetime.now(timezone.utc)
        session.info[_KEY] = t
    return t


def as_utc(t: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive UTC times)."""
    if t is None:
        return None
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)


def iso(t: datetime | None) -> str:
    """A stored time as shown and exported: UTC, to the second, without an offset (the same on
    every engine)."""
    t = as_utc(t)
    return "" if t is None else t.replace(tzinfo=None).isoformat(timespec="seconds")
