"""Idempotent writes: the dialect's ``INSERT … ON CONFLICT`` on SQLite and PostgreSQL.

A row another process wrote meanwhile is neither duplicated nor an error: ``insert_new`` inserts
a row only when its key is free and says whether it did, so the caller updates the row that is
there instead (a codebook, a code, a respondent, a coder, a memo). On PostgreSQL the insert of
a key that a concurrent, still open transaction has just inserted waits for that transaction and
then does nothing, so two loads of one codebook (or two imports naming one respondent) converge.
"""

from __future__ import annotations

from workbench.errors import WorkbenchError


def insert_for(session):
    """The dialect's INSERT that has ON CONFLICT (SQLite and PostgreSQL)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise WorkbenchError(f"database backend {name!r} is not supported", hint="use SQLite or PostgreSQL")
    return insert


def insert_new(session, table, values: dict, keys: list[str]) -> bool:
    """Insert one row of ``table`` (an ORM class) unless a row with the same ``keys`` exists
    (``ON CONFLICT DO NOTHING``). Returns whether this call inserted it."""
    ins = insert_for(session)(table).values(**values).on_conflict_do_nothing(index_elements=keys)
    # RETURNING, not rowcount: the psycopg driver reports -1 rows for this statement
    return session.execute(ins.returning(*(getattr(table, k) for k in keys))).first() is not None


def upsert(session, table, values: dict, keys: list[str], update: list[str]) -> None:
    """Insert one row, or set the columns ``update`` of the row with the same ``keys``
    (``ON CONFLICT DO UPDATE``; on PostgreSQL this also locks that row until the commit)."""
    ins = insert_for(session)(table).values(**values)
    session.execute(ins.on_conflict_do_update(index_elements=keys,
                                              set_={k: getattr(ins.excluded, k) for k in update}))
