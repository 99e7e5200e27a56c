"""Every file the CLI writes goes through here: never onto a project file, never half-written.

`open_output` / `output_path` check the target, then write to a temporary file in the target's
folder and rename it over the target only when writing succeeded. The target is refused when it
is (through a symlink, a hard link, ``..`` or another spelling) the project's database or
``workbench.toml``, a re-identification key file, any SQLite database, or a folder; an existing
file of another kind is only replaced with ``force``.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from workbench.errors import InputError

SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_KINDS = {".docx", ".xlsx", ".odt", ".qdpx", ".zip"}
_KEY_TAG = re.compile(rb'"\[[A-Z]+-\d+\]"\s*:')
_DB_SUFFIXES = ("", "-journal", "-wal", "-shm")


def _project_roots(*starts: Path) -> list[Path]:
    """Folders holding a workbench.toml at or above each start (the project a file would hit)."""
    from workbench.store.project import CONFIG_NAME

    roots: list[Path] = []
    for start in starts:
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file() and folder not in roots:
                roots.append(folder)
    return roots


def protected_files(root: Path) -> list[Path]:
    """The files of the project in ``root`` that no export may replace."""
    from workbench.store.project import CONFIG_NAME, DEFAULT_DB

    cfg = root / CONFIG_NAME
    out = [cfg]
    db = root / DEFAULT_DB
    from workbench.store.db import database_setting

    try:  # the setting in force, as the project opens it (environment, [database], [project])
        url = database_setting(tomllib.loads(cfg.read_text(encoding="utf-8"))).value
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        url = ""
    if isinstance(url, str) and url.startswith("sqlite:///"):
        rest = url[len("sqlite:///"):]
        db = Path(rest) if rest.startswith("/") else root / rest
    for suffix in _DB_SUFFIXES:
        out.append(db.with_name(db.name + suffix))
        out.append((root / DEFAULT_DB).with_name(DEFAULT_DB + suffix))
    return out


def _same(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _head(path: Path, n: int = 65536) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


# What an existing file may be called for a format to replace it without --force.
_FAMILIES = {".csv": {".csv", ".tsv", ".txt"}, ".jsonl": {".jsonl", ".json", ".ndjson", ".txt"},
             ".yaml": {".yaml", ".yml"}, ".yml": {".yaml", ".yml"}, ".qdc": {".qdc", ".xml"}}


def _kind_matches(path: Path, head: bytes, kind: str) -> bool:
    """Is the existing file at ``path`` an earlier file of the format ``kind`` (".csv", ".docx")?"""
    if path.suffix.lower() not in _FAMILIES.get(kind, {kind}):
        return False
    if kind in ZIP_KINDS:
        return head.startswith(b"PK\x03\x04")
    return b"\x00" not in head and not head.startswith(b"PK\x03\x04")


def check_output(target: Path | str, *, project=None, force: bool = False, overwrite: bool = True,
                 kind: str | None = None) -> Path:
    """Refuse a target that would destroy project data; returns the target as a Path.

    ``overwrite=False`` refuses any existing file unless ``force``; otherwise an existing file
    of the same kind (``kind``, the format written, e.g. ".csv"; default the target's
    extension; judged by extension and content) is replaced and one of another kind needs ``force``.
    """
    target = Path(target)
    name = str(target)
    if target.is_dir():
        raise InputError("is a folder, not a file", path=name, hint="give a file name to write to")
    starts = [Path.cwd().resolve(), target.resolve().parent]
    if project is not None:
        starts.insert(0, Path(project.root).resolve())
    for root in _project_roots(*starts):
        for protected in protected_files(root):
            if _same(target, protected):
                raise InputError(f"refusing to overwrite the project's own {protected.name}", path=name,
                                 hint="choose another --out file")
    if not target.exists():
        return target
    head = _head(target)
    if head.startswith(SQLITE_MAGIC):
        raise InputError("refusing to overwrite a database", path=name, hint="choose another --out file")
    if _KEY_TAG.search(head):
        raise InputError("refusing to overwrite a re-identification key file", path=name,
                         hint="choose another --out file")
    if force:
        return target
    if not overwrite:
        raise InputError("already exists", path=name, hint="use --force to overwrite")
    if not _kind_matches(target, head, (kind or target.suffix).lower()):
        raise InputError("already exists and is a file of another kind", path=name,
                         hint="choose another --out file, or pass --force to replace it")
    return target


@contextmanager
def output_path(target: Path | str, *, project=None, force: bool = False, overwrite: bool = True,
                kind: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; it replaces the target only if the block succeeds."""
    target = check_output(target, project=project, force=force, overwrite=overwrite, kind=kind)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".part{target.suffix}", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", path=str(target)) from None
    os.close(fd)
    try:
        yield Path(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror or exc}", path=str(target),
                             hint="is it open in another program?") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def open_output(target: Path | str, mode: str = "w", *, encoding: str | None = "utf-8", newline: str | None = "",
                project=None, force: bool = False, overwrite: bool = True,
                kind: str | None = None) -> Iterator[IO]:
    """``open()`` for an export: guarded, written to a temporary file, renamed at the end."""
    if "b" in mode:
        encoding = newline = None
    with output_path(target, project=project, force=force, overwrite=overwrite, kind=kind) as tmp:
        with open(tmp, mode, encoding=encoding, newline=newline) as fh:
            yield fh
