"""The database setting, the engine, and one-line errors for a database that cannot be used.

Schema versions are Alembic's (``store/migrate.py``). Everything here turns a bad setting or a
damaged file into a ``ProjectError`` before anything is created or changed.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import create_engine, event

from workbench.errors import ProjectError

SETTING = "[project] database"
EXAMPLE = "sqlite:///workbench.db"
BACKUP_HINT = "restore it from a backup (workbench.db.bak-* beside it) or run `workbench init` in a new folder"
SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite messages that mean the file itself is damaged (not a busy or locked database)
DAMAGED = ("file is not a database", "malformed", "unable to open database file", "file is encrypted")


def resolve_url(value: Any, root: Path, config_path: Path) -> str:
    """The SQLAlchemy URL from the setting; a relative SQLite path is relative to ``root``."""
    if not isinstance(value, str) or not value.strip():
        raise ProjectError(f"{SETTING} must be a text URL such as \"{EXAMPLE}\", not {value!r}",
                           path=str(config_path))
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value.strip())
    except ArgumentError:
        raise ProjectError(f"{SETTING} = {value!r} is not a database URL",
                           path=str(config_path), hint=f"for example \"{EXAMPLE}\"") from None
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        db = Path(url.database)
        if not db.is_absolute():
            url = url.set(database=(root / db).as_posix())
    return url.render_as_string(hide_password=False)


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


def make_engine(url: str, config_path: Path | None = None):
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    where = str(config_path) if config_path else None
    try:
        engine = create_engine(url, future=True)
    except NoSuchModuleError:
        raise ProjectError(f"{SETTING}: unknown database kind in {safe_url(url)!r}", path=where,
                           hint="use sqlite:///FILE or postgresql+psycopg://USER@HOST/DB") from None
    except ImportError as exc:
        raise ProjectError(f"{SETTING}: the database driver for {safe_url(url)!r} is not installed "
                           f"(no module {exc.name!r})", path=where,
                           hint="install it, e.g. `pip install 'psycopg[binary]'` for PostgreSQL") from None
    except ArgumentError as exc:
        raise ProjectError(f"{SETTING}: {exc}", path=where) from None
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
    return engine


@contextmanager
def guard_database(label: str) -> Iterator[None]:
    """Turn a damaged-file error from the driver into one line naming the database."""
    from sqlalchemy.exc import DatabaseError

    try:
        yield
    except DatabaseError as exc:
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
