"""Schema versions with Alembic: what to do when a project database is opened, and doing it.

The migrations live in ``workbench/store/migrations/versions``; the Config is built here, in code.
``read_state`` looks at a database, ``decide`` (pure, unit-tested) says what opening it means,
``ensure_current`` acts on that for ``Project.open``, and ``status``/``upgrade`` back
``workbench db status`` and ``workbench db upgrade``.

A project made before Alembic has ``meta.schema_version`` = 1 and no ``alembic_version`` table:
it has the baseline schema and is stamped so. New databases get ``meta.schema_version`` =
``ALEMBIC_MARKER`` so that a workbench from before Alembic refuses them instead of misreading them.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from sqlalchemy import inspect, text

from workbench.errors import ProjectError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Where revision files are read from; tests append a folder holding a test-only revision.
VERSION_LOCATIONS: list[Path] = [MIGRATIONS_DIR / "versions"]
BASELINE = "0001_baseline"
LEGACY_VERSION = "1"   # meta.schema_version written by workbench before Alembic
ALEMBIC_MARKER = "2"   # meta.schema_version from Alembic on: "see alembic_version"
UPGRADE_HINT = "run `workbench db upgrade`"


class Action(StrEnum):
    """What opening a database means."""

    CURRENT = "current"            # at head: nothing to do
    UPGRADE = "upgrade"            # behind (or pre-Alembic): back up, then migrate (SQLite only)
    ASK_UPGRADE = "ask-upgrade"    # behind, but not ours to change on open (PostgreSQL)
    NEWER = "newer"                # made by a newer workbench: refuse
    EMPTY = "empty"                # no tables at all
    FOREIGN = "foreign"            # tables, but not a workbench database we recognise


@dataclass
class DbState:
    backend: str                   # sqlite | postgresql | ...
    has_tables: bool
    revision: str | None = None    # alembic_version, if any
    legacy: str | None = None      # meta.schema_version, if any


@dataclass
class Status:
    backend: str
    revision: str | None
    head: str
    pending: list[str] = field(default_factory=list)
    action: str = Action.CURRENT

    def as_dict(self) -> dict:
        return {"backend": self.backend, "revision": self.revision, "head": self.head,
                "pending": self.pending, "up_to_date": self.action == Action.CURRENT}


# ------------------------------------------------------------------ alembic plumbing
def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations",
                        os.pathsep.join(str(p) for p in VERSION_LOCATIONS).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory():
    return _script_for(tuple(VERSION_LOCATIONS))


@lru_cache(maxsize=4)
def _script_for(_locations: tuple[Path, ...]):
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return script_directory().get_current_head()


def known_revisions() -> set[str]:
    return {s.revision for s in script_directory().walk_revisions()}


def effective_revision(state: DbState) -> str | None:
    """The revision a database is at; a pre-Alembic project (schema_version 1) is at the baseline."""
    if state.revision:
        return state.revision
    return BASELINE if state.legacy == LEGACY_VERSION else None


def pending_revisions(revision: str | None) -> list[str]:
    """Revisions from just after ``revision`` up to head, oldest first."""
    script = script_directory()
    if revision not in known_revisions():
        return [] if revision else [s.revision for s in reversed(list(script.walk_revisions()))]
    return [s.revision for s in reversed(list(script.iterate_revisions("head", revision)))]


# ------------------------------------------------------------------ looking and deciding
def read_state(engine) -> DbState:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        state = DbState(backend=engine.dialect.name, has_tables=bool(tables))
        if "alembic_version" in tables:
            state.revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if "meta" in tables:
            state.legacy = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar()
    return state


def decide(state: DbState, head: str, known: set[str]) -> Action:
    """What opening a database in ``state`` means, for a program whose newest revision is ``head``."""
    if not state.has_tables:
        return Action.EMPTY
    if state.revision is None:
        legacy = (state.legacy or "").strip()
        if not legacy:
            return Action.FOREIGN
        if not legacy.isdigit() or int(legacy) < int(LEGACY_VERSION):
            return Action.FOREIGN
        if legacy != LEGACY_VERSION:
            return Action.NEWER
    elif state.revision not in known:
        return Action.NEWER
    if state.revision == head:
        return Action.CURRENT
    return Action.UPGRADE if state.backend == "sqlite" else Action.ASK_UPGRADE


def _foreign_message(state: DbState) -> str:
    if state.legacy is None:
        return "this database has tables but no workbench schema version; it was not made by workbench"
    return (f"meta.schema_version is {state.legacy!r}, which no workbench ever wrote; "
            "the database is damaged or not a workbench project")


def check_open(state: DbState, where: str) -> Action:
    """Raise the one-line error for a state that cannot be opened as it is; return the action."""
    head, known = head_revision(), known_revisions()
    action = decide(state, head, known)
    rev = effective_revision(state) or state.legacy
    if action == Action.NEWER:
        raise ProjectError(f"the database is at schema revision {rev}, newer than this workbench "
                           f"knows (head {head})", path=where, hint="upgrade workbench to open it")
    if action == Action.FOREIGN:
        raise ProjectError(_foreign_message(state), path=where, hint="restore it from a backup")
    if action == Action.ASK_UPGRADE:
        raise ProjectError(f"the database is at schema revision {rev or 'none'}, this workbench needs "
                           f"{head}; it is not upgraded automatically on {state.backend}",
                           path=where, hint=f"back it up, then {UPGRADE_HINT}")
    return action


# ------------------------------------------------------------------ acting
def create_at_head(engine) -> None:
    """A new database: today's tables and the head revision stamped (no migrations run)."""
    from alembic import command

    from workbench.store.schema import Base

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        _write_marker(conn)
        command.stamp(alembic_config(conn), "head")


def create_new(project) -> None:
    """``workbench init``: today's tables in a new SQLite file or an empty server database.
    A database that already holds tables is refused (join a team project by copying its
    ``workbench.toml`` instead)."""
    from workbench.store.db import guard_database

    with guard_database(project.db_label):
        if project.db_path is None and read_state(project.engine).has_tables:
            raise ProjectError("the database already holds tables; `workbench init` needs an empty one",
                               path=project.db_label,
                               hint="to join a team project, copy its workbench.toml; or create a new database")
        create_at_head(project.engine)


def _write_marker(conn) -> None:
    from workbench.store.schema import Meta

    conn.execute(Meta.__table__.delete().where(Meta.key == "schema_version"))
    conn.execute(Meta.__table__.insert().values(key="schema_version", value=ALEMBIC_MARKER))


def apply_upgrade(engine, state: DbState) -> list[str]:
    """Stamp a pre-Alembic database as the baseline, then run every pending migration."""
    from alembic import command

    todo = pending_revisions(effective_revision(state))
    with engine.begin() as conn:
        cfg = alembic_config(conn)
        if state.revision is None:
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")
        _write_marker(conn)
    return todo


def backup_sqlite(db_path: Path, revision: str | None) -> Path:
    """Copy a SQLite database (with its WAL) beside itself: ``NAME.bak-<rev>-<timestamp>``."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.name}.bak-{revision or 'none'}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = db_path.with_name(f"{db_path.name}.bak-{revision or 'none'}-{stamp}-{n}")
    src = sqlite3.connect(db_path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def ensure_current(project) -> Path | None:
    """On open: refuse what cannot be opened, upgrade a SQLite database that is behind (after a
    backup). Returns the backup's path if one was made."""
    state = read_state(project.engine)
    where = project.db_label
    if not state.has_tables:
        if state.backend == "sqlite":
            raise ProjectError("the database is empty", path=where,
                               hint="restore it from a backup or run `workbench init` in a new folder")
        raise ProjectError("the database has no workbench tables yet", path=where, hint=UPGRADE_HINT)
    action = check_open(state, where)
    if action != Action.UPGRADE:
        return None
    backup = backup_sqlite(project.db_path, effective_revision(state))
    apply_upgrade(project.engine, state)
    return backup


def status(project) -> Status:
    """``workbench db status``: where the database stands; changes nothing."""
    from workbench.store.db import guard_database

    try:
        with guard_database(project.db_label):
            return _status(project)
    except BaseException:
        project.close()  # no -wal/-shm files left beside a database we could not read
        raise


def _status(project) -> Status:
    state = read_state(project.engine)
    head = head_revision()
    rev = effective_revision(state)
    action = decide(state, head, known_revisions())
    pending = pending_revisions(rev) if action in (Action.UPGRADE, Action.ASK_UPGRADE, Action.EMPTY) else []
    return Status(backend=state.backend, revision=rev if state.has_tables else None, head=head,
                  pending=pending, action=action)


def upgrade(project) -> tuple[list[str], Path | None]:
    """``workbench db upgrade``: bring any backend to head. SQLite is backed up first; an empty
    database gets today's tables. Returns the revisions applied and the backup path."""
    from workbench.store.db import guard_database

    try:
        with guard_database(project.db_label):
            return _upgrade(project)
    except BaseException:
        project.close()
        raise


def _upgrade(project) -> tuple[list[str], Path | None]:
    state = read_state(project.engine)
    where = project.db_label
    if not state.has_tables:
        create_at_head(project.engine)
        return [head_revision()], None
    action = decide(state, head_revision(), known_revisions())
    if action == Action.CURRENT:
        return [], None
    if action in (Action.NEWER, Action.FOREIGN):
        check_open(state, where)
    backup = backup_sqlite(project.db_path, effective_revision(state)) if state.backend == "sqlite" else None
    return apply_upgrade(project.engine, state), backup
