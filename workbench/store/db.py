"""Engine creation and schema versioning (a ``meta`` table holds ``schema_version``)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event, inspect, select

from workbench.errors import ProjectError
from workbench.store.schema import SCHEMA_VERSION, Base, Meta

# Migrations from version N to N+1, applied in order on open. Empty while SCHEMA_VERSION == 1.
MIGRATIONS: dict[int, callable] = {}


def make_engine(url: str):
    engine = create_engine(url, future=True)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return engine


def create_schema(engine) -> None:
    Base.metadata.create_all(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        s.merge(Meta(key="schema_version", value=str(SCHEMA_VERSION)))
        s.commit()


def stored_version(engine) -> int | None:
    if "meta" not in inspect(engine).get_table_names():
        return None
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        row = s.scalar(select(Meta).where(Meta.key == "schema_version"))
        return int(row.value) if row else None


def check_schema(engine, root: Path) -> None:
    """Refuse newer schemas, migrate older ones, create a missing database."""
    version = stored_version(engine)
    if version is None:
        create_schema(engine)
        return
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"this project uses database schema version {version}, but this workbench "
            f"understands up to version {SCHEMA_VERSION}",
            path=str(root), hint="upgrade workbench to open it",
        )
    from sqlalchemy.orm import Session

    while version < SCHEMA_VERSION:
        MIGRATIONS[version](engine)
        version += 1
        with Session(engine) as s:
            s.merge(Meta(key="schema_version", value=str(version)))
            s.commit()


def meta_value(engine, key: str, make=None) -> str | None:
    """A value of the ``meta`` table; with ``make``, a missing value is created and stored."""
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        row = s.get(Meta, key)
        if row is not None:
            return row.value
        if make is None:
            return None
        value = make()
        s.add(Meta(key=key, value=value))
        s.commit()
        return value
