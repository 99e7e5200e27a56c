"""Short write transactions that survive other writers.

``run_write`` runs ``work(session)`` in one write transaction and, when the database says it is
busy (SQLite: "database is locked" after the busy timeout) or a concurrent writer forced a
rollback (PostgreSQL: serialization failure, deadlock), rolls back and runs the *whole*
transaction again, a little later. ``work`` must therefore only touch the database (and local
variables it sets afresh): everything it did in a failed attempt is gone.
"""

from __future__ import annotations

import random
import time

from workbench.errors import WorkbenchError

ATTEMPTS = 8          # tries of one transaction (each SQLite try already waits the busy timeout)
BACKOFF = 0.05        # first pause between tries, seconds; doubles each time, with jitter
# PostgreSQL SQLSTATEs that mean "run the transaction again"
RETRY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
LOST_SQLSTATES = {"57P01", "57P02", "57P03"}  # server shut down or restarting (08xxx: connection lost)
SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


class DatabaseBusy(WorkbenchError):
    """The database stayed busy through every retry; nothing of this transaction was written."""


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` means "try the same transaction again"."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    if state in RETRY_SQLSTATES or (state or "").startswith("08") or state in LOST_SQLSTATES:
        return True
    if exc.connection_invalidated:  # the server went away; the pool reconnects on the next try
        return True
    return any(m in str(orig).lower() for m in SQLITE_BUSY)


def run_write(project, work, *, attempts: int | None = None, sleep=time.sleep):
    """``work(session)`` in one write transaction, retried whole while the database is busy.
    Raises :class:`DatabaseBusy` (one line) when every attempt failed."""
    attempts = attempts or ATTEMPTS
    pause = BACKOFF
    for attempt in range(1, attempts + 1):
        try:
            with project.session(write=True) as session:
                return work(session)
        except Exception as exc:  # noqa: BLE001 - only transient database errors are retried
            if not is_transient(exc):
                raise
            if attempt == attempts:
                raise DatabaseBusy(f"the database stayed busy through {attempts} tries; nothing was written "
                                   f"({str(getattr(exc, 'orig', exc)).splitlines()[0]})", path=project.db_label,
                                   hint="try again; on a shared network drive use PostgreSQL (docs/team.md)") from None
            sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 2.0)
    raise AssertionError("unreachable")  # pragma: no cover
