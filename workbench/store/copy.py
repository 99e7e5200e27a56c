"""``workbench db copy --to URL``: a project's whole database to another engine (SQLite ↔ PostgreSQL).

Every table is copied row for row with its ids (transcripts, segments, codings, coders, memos, the
audit log, runs, the embedding cache and ``meta`` with the project's uuids), in one transaction
on the target: a copy that fails leaves an empty database (or no file) behind. The target must be
a new SQLite file or an empty PostgreSQL database; it gets today's schema, stamped at head, and
PostgreSQL's id sequences continue after the copied ids. Afterwards both sides are read again and
compared per table: the row count and a checksum over the rows in key order, with values written
the same way on both engines (times as UTC to the microsecond, JSON with sorted keys).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, select, text

from workbench.errors import ProjectError
from workbench.store.clock import as_utc
from workbench.store.db import guard_database, make_engine, resolve_url, safe_url, sqlite_path

BATCH = 1000
SKIP = {"alembic_version"}  # written by the stamp on the target


@dataclass
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


@dataclass
class CopyReport:
    source: str
    target: str
    tables: list[TableCheck]

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)


def _value(v) -> str:
    if v is None:
        return "\u2205"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, datetime):
        return as_utc(v).isoformat(timespec="microseconds")
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return str(v)


def _tables():
    from workbench.store.schema import Base

    return [t for t in Base.metadata.sorted_tables if t.name not in SKIP]


def _ordered(table):
    return select(table).order_by(*table.primary_key.columns)


def table_check(conn, table) -> tuple[int, str]:
    """(rows, sha256) of one table, rows in primary-key order."""
    h = hashlib.sha256()
    n = 0
    for row in conn.execute(_ordered(table)):
        h.update("\x1f".join(_value(v) for v in row).encode("utf-8") + b"\x1e")
        n += 1
    return n, h.hexdigest()


def target_url(value: str) -> str:
    """The target URL; a relative SQLite path is relative to the current folder; no password."""
    return resolve_url(value, Path.cwd(), Path("--to"), "--to", from_file=True)


def _check_target(engine, url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        if path.exists():
            raise ProjectError("the target file exists already; a copy goes to a new file", path=str(path))
        if not path.parent.is_dir():
            raise ProjectError(f"the folder {path.parent} does not exist", path=str(path))
        return
    with guard_database(safe_url(url)), engine.connect() as conn:
        if inspect(conn).get_table_names():
            raise ProjectError("the target database is not empty; a copy goes to an empty database",
                               path=safe_url(url), hint="create one: createdb -O USER DB")


def copy_database(project, to: str) -> CopyReport:
    """Copy ``project``'s database to ``to`` (a new SQLite file or an empty PostgreSQL database)."""
    from alembic import command

    from workbench.store.migrate import _write_marker, alembic_config
    from workbench.store.schema import Base, Meta

    url = target_url(to)
    if url == project.url:
        raise ProjectError("the target is the project's own database", path=safe_url(url))
    target = make_engine(url, None, "--to")
    label = str(sqlite_path(url) or safe_url(url))
    try:
        _check_target(target, url)
        try:
            with guard_database(label), project.engine.connect() as src, target.begin() as dst:
                Base.metadata.create_all(dst)
                command.stamp(alembic_config(dst), "head")
                for table in _tables():
                    rows = src.execute(_ordered(table)).mappings()
                    while batch := rows.fetchmany(BATCH):
                        dst.execute(table.insert(), [dict(r) for r in batch])
                dst.execute(Meta.__table__.delete().where(Meta.key == "schema_version"))
                _write_marker(dst)
                if target.dialect.name == "postgresql":
                    _continue_sequences(dst)
        except BaseException:
            target.dispose()
            path = sqlite_path(url)
            for p in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))) if path else ():
                p.unlink(missing_ok=True)
            raise
        return CopyReport(project.db_label, label, verify(project.engine, target))
    finally:
        target.dispose()


def _continue_sequences(conn) -> None:
    """PostgreSQL: each serial id continues after the largest copied id."""
    for table in _tables():
        cols = list(table.primary_key.columns)
        if len(cols) == 1 and cols[0].autoincrement is not False and cols[0].type.python_type is int:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{cols[0].name}'), "
                              f"COALESCE((SELECT MAX({cols[0].name}) FROM {table.name}), 1), "
                              f"(SELECT COUNT(*) FROM {table.name}) > 0)"))


def verify(source_engine, target_engine) -> list[TableCheck]:
    """Row counts and checksums of every table on both sides."""
    out = []
    with source_engine.connect() as a, target_engine.connect() as b:
        for table in _tables():
            (na, sa), (nb, sb) = table_check(a, table), table_check(b, table)
            out.append(TableCheck(table.name, na, nb, sa, sb))
    return out
