"""The database setting, the engine, and one-line errors for a database that cannot be used.

Schema versions are Alembic's (``store/migrate.py``). Everything here turns a bad setting or a
damaged file into a ``ProjectError`` before anything is created or changed.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import create_engine, event

from workbench.errors import ProjectError

SETTING = "[project] database"
ENV_URL = "WORKBENCH_DATABASE_URL"
EXAMPLE = "sqlite:///workbench.db"
PG_EXAMPLE = "postgresql+psycopg://USER@HOST:5432/DB"
BACKUP_HINT = "restore it from a backup (workbench.db.bak-* beside it) or run `workbench init` in a new folder"
SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite messages that mean the file itself is damaged (not a busy or locked database)
DAMAGED = ("file is not a database", "malformed", "unable to open database file", "file is encrypted")
BUSY_TIMEOUT = 30.0   # seconds SQLite waits for another writer before "database is locked"
CONNECT_TIMEOUT = 10  # seconds to reach a database server


@dataclass(frozen=True)
class DbSetting:
    """Where the database URL came from: the environment, ``[database] url`` or ``[project] database``."""

    value: Any
    name: str       # how messages name the setting
    from_file: bool  # written in workbench.toml (so it must not hold a password)


def database_setting(config: dict, env: dict | None = None) -> DbSetting:
    """The database setting in force: ``WORKBENCH_DATABASE_URL``, else ``[database] url``, else
    ``[project] database``, else the project's own SQLite file."""
    env = os.environ if env is None else env
    if (env.get(ENV_URL) or "").strip():
        return DbSetting(env[ENV_URL], ENV_URL, False)
    db = config.get("database", {})
    if isinstance(db, dict) and "url" in db:
        return DbSetting(db["url"], "[database] url", True)
    project = config.get("project", {})
    if isinstance(project, dict) and "database" in project:
        return DbSetting(project["database"], SETTING, True)
    return DbSetting(EXAMPLE, SETTING, True)


def resolve_url(value: Any, root: Path, config_path: Path, setting: str = SETTING,
                from_file: bool = True) -> str:
    """The SQLAlchemy URL from the setting; a relative SQLite path is relative to ``root``.

    A URL written in workbench.toml may not hold a password: the project folder is shared and
    copied, so the password comes from the environment (``PGPASSWORD``) or ``~/.pgpass``."""
    where = str(config_path) if from_file else setting
    if not isinstance(value, str) or not value.strip():
        raise ProjectError(f"{setting} must be a text URL such as \"{EXAMPLE}\", not {value!r}", path=where)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value.strip())
    except (ArgumentError, ValueError):
        raise ProjectError(f"{setting} = {_mask(value)!r} is not a database URL", path=where,
                           hint=f"for example \"{EXAMPLE}\" or \"{PG_EXAMPLE}\"") from None
    if from_file and url.password:
        raise ProjectError(f"{setting} holds a password; a password is never stored in the project",
                           path=where, hint="remove it from the URL and set PGPASSWORD or use ~/.pgpass")
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("psycopg2", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")  # the driver workbench installs
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        if not db.is_absolute():
            url = url.set(database=(root / db).as_posix())
    return url.render_as_string(hide_password=False)


def _mask(value: str) -> str:
    """A URL-ish text with anything between ``:`` and ``@`` in its authority masked."""
    import re

    return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", value)


def sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def check_sqlite_file(path: Path) -> None:
    """Refuse a missing, empty, non-SQLite or truncated file by reading its header only."""
    if not path.parent.is_dir():
        raise ProjectError(f"the folder of the database, {path.parent}, does not exist", path=str(path),
                           hint=f"fix {SETTING} in workbench.toml")
    if not path.exists():
        raise ProjectError(f"{path.name} is missing; restore it from a backup or run `workbench init`",
                           path=str(path))
    if not path.is_file():
        raise ProjectError("the database is not a file", path=str(path), hint=f"fix {SETTING} in workbench.toml")
    size = path.stat().st_size
    if size == 0:
        raise ProjectError(f"{path.name} is empty (0 bytes)", path=str(path), hint=BACKUP_HINT)
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise ProjectError(f"{path.name} is not a SQLite database (file is not a database)",
                           path=str(path), hint=BACKUP_HINT)
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]  # the in-header size is only valid then
    if header_valid and pages and size < pages * page_size:
        raise ProjectError(f"{path.name} is truncated: {size} of {pages * page_size} bytes "
                           "(database disk image is malformed)", path=str(path), hint=BACKUP_HINT)


def make_engine(url: str, config_path: Path | None = None, setting: str = SETTING):
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    where = str(config_path) if config_path else None
    from sqlalchemy.engine import make_url

    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ProjectError(f"{setting}: unknown database kind {backend!r} in {safe_url(url)!r}; "
                           "workbench runs on SQLite and PostgreSQL", path=where,
                           hint=f"use sqlite:///FILE or {PG_EXAMPLE}")
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT}
    else:
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT, "application_name": "workbench"}
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(url, **kwargs)
    except NoSuchModuleError:
        raise ProjectError(f"{setting}: unknown database kind in {safe_url(url)!r}", path=where,
                           hint=f"use sqlite:///FILE or {PG_EXAMPLE}") from None
    except ImportError as exc:
        raise ProjectError(f"{setting}: the database driver for {safe_url(url)!r} is not installed "
                           f"(no module {exc.name!r})", path=where,
                           hint="install it, e.g. `pip install 'psycopg[binary]'` for PostgreSQL") from None
    except ArgumentError as exc:
        raise ProjectError(f"{setting}: {exc}", path=where) from None
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            dbapi_conn.isolation_level = None  # workbench emits BEGIN itself (see _sqlite_begin)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - trivial
            # A write transaction takes the write lock at its start (BEGIN IMMEDIATE): it waits
            # there for another writer (busy timeout) instead of failing when it first writes
            # after reading a state another writer has since changed.
            immediate = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    return engine


WRITE_OPTION = "workbench_write"


def connect_error(exc, label: str) -> ProjectError | None:
    """The one-line error for a database server that cannot be used (unreachable, wrong
    credentials, no such database), or None when ``exc`` is not such a failure."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError) or exc.statement is not None:
        return None
    orig = getattr(exc, "orig", None)
    if type(orig).__module__.split(".")[0] != "psycopg":
        return None
    text = " ".join(str(orig).split())
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low or "authentication failed" in low:
        return ProjectError("the database server refused the credentials", path=label,
                            hint="set PGPASSWORD or add a line to ~/.pgpass (HOST:PORT:DB:USER:PASSWORD); "
                                 "a password is never stored in the project")
    if "database" in low and "does not exist" in low:
        return ProjectError("the database does not exist on the server", path=label,
                            hint="create it (createdb -O USER DB), then `workbench db upgrade`")
    if "role" in low and "does not exist" in low:
        return ProjectError("the database user does not exist on the server", path=label,
                            hint="ask the administrator for a role (see docs/team.md)")
    if any(m in low for m in ("connection refused", "could not translate host", "name or service not known",
                              "timeout expired", "no route to host", "network is unreachable",
                              "could not connect", "connection timed out")):
        return ProjectError("cannot reach the database server", path=label,
                            hint="is it running, and are the host and port in the URL right?")
    return ProjectError(f"cannot connect to the database ({text[:200]})", path=label)


@contextmanager
def guard_database(label: str) -> Iterator[None]:
    """Turn a damaged-file error, or a server that cannot be reached or refuses us, into one
    line naming the database."""
    from sqlalchemy.exc import DatabaseError, DBAPIError

    try:
        yield
    except DBAPIError as exc:
        err = connect_error(exc, label)
        if err is not None:
            raise err from None
        if getattr(exc.orig, "sqlstate", None) == "42501":  # PostgreSQL: insufficient privilege
            first = str(exc.orig).splitlines()[0]
            raise ProjectError(f"the database server refused this change: your database role may not make it "
                               f"({first})", path=label,
                               hint="each coder writes only their own codings; see docs/team.md, Roles") from None
        if not isinstance(exc, DatabaseError):
            raise
        msg = str(getattr(exc, "orig", exc)).splitlines()[0]
        if not any(m in msg.lower() for m in DAMAGED):
            raise
        raise ProjectError(f"the database is damaged or unreadable ({msg})", path=label,
                           hint=BACKUP_HINT) from None


def meta_value(engine, key: str, make=None) -> str | None:
    """A value of the ``meta`` table; with ``make``, a missing value is created and stored."""
    from sqlalchemy.orm import Session

    from workbench.store.schema import Meta

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


NETWORK_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "fuse.rclone", "davfs",
              "fuse.davfs2", "ncpfs", "glusterfs", "ceph", "fuse.s3fs"}


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The kind of network file system ``path`` lies on (cifs, nfs, ...), or None (a local disk,
    or not knowable here). Reads /proc/mounts; the longest mount point containing the path wins."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text()
        except OSError:
            return None
    target = str(path.resolve())
    best, kind = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mnt = parts[1].replace("\\040", " ")
        if (target == mnt or target.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
            best, kind = mnt, parts[2]
    return kind if kind in NETWORK_FS else None


def sqlite_notice(path: Path) -> str | None:
    """What to tell a user whose SQLite database is on a network drive."""
    kind = network_filesystem(path.parent)
    if kind is None:
        return None
    return (f"{path}: the database is on a network drive ({kind}); SQLite's locking there may not be safe "
            "for several coders at once: a team should use PostgreSQL (`workbench db copy`, docs/team.md)")
