"""The re-identification key file: tag → original strings, per transcript, outside the project.

The key is the one file a team cannot regenerate, so it is written with care:

- one entry per transcript, keyed by the transcript's stable id (not its display name, which a
  name collision or a rename may change), written as soon as that transcript is stored;
- every write goes to a temporary file that is then renamed over the key (never half-written),
  created with mode 0600 (readable by its owner only);
- imports running at once (several processes, one key) each change the key as it is on disk at
  that moment, under a lock on ``KEY.lock`` beside it, so none writes over another's entries;
- the file names its project: a file that is not a key file of this project is refused, never
  overwritten (another project's key, a document that happens to sit at that path, …);
- it must lie outside the project folder, so that it never travels with the data.

The key never enters the database or an export.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from workbench.errors import InputError

FORMAT = "workbench-reidentification-key"
VERSION = 1
RECENT = 3600.0  # seconds: a key entry this young is not pruned (its import may still commit)


def resolve_key_path(project, given: Path | str | None) -> Path | None:
    """The key file of an import: ``--key-file``, else ``[import] key_file`` of workbench.toml
    (a relative path there is read from the project folder); None when neither is set."""
    raw = given if given is not None else project.setting("import", "key_file", None)
    if raw in (None, ""):
        return None
    path = Path(str(raw)).expanduser()
    if given is None and not path.is_absolute():
        path = project.root / path
    return path.resolve()


class KeyFile:
    """An opened key file of one project. Use :meth:`open`; :meth:`put` writes at once."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data

    @classmethod
    def open(cls, project, path: Path | str) -> "KeyFile":
        """Check ``path`` (outside the project; absent, empty or a key file of this project)
        and read what it holds. Raises InputError naming the file otherwise."""
        path = Path(path).expanduser().resolve()
        root = Path(project.root).resolve()
        if path == root or root in path.parents:
            raise InputError("the re-identification key must be kept outside the project folder",
                             path=str(path), hint="choose a path outside " + str(root))
        fresh = {"format": FORMAT, "version": VERSION,
                 "project": {"uid": project.uid, "name": project.name},
                 "note": "Re-identification key of a workbench project: tag -> original text, per "
                         "transcript. Keep it safe, never share it, never put it in the project.",
                 "transcripts": {}}
        if path.is_dir():
            raise InputError("is a folder, not a key file", path=str(path), hint="give a file name, e.g. sleutel.json")
        if not path.exists() or path.stat().st_size == 0:
            return cls(path, fresh)
        data = _read(path)
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and isinstance(data.get("transcripts"), dict) and isinstance(data.get("project"), dict)):
            raise InputError("is not a workbench key file; it is left untouched",
                             path=str(path), hint="choose another --key-file")
        if data["project"].get("uid") != project.uid:
            other = data["project"].get("name") or "another project"
            raise InputError(f"is the key file of {other!r}, not of this project; it is left untouched",
                             path=str(path), hint="give each project its own --key-file")
        if int(data.get("version", 0)) > VERSION:
            raise InputError("was written by a newer workbench", path=str(path), hint="upgrade workbench")
        return cls(path, data)

    # ------------------------------------------------------------------ entries
    @property
    def entries(self) -> dict[str, dict]:
        return self.data["transcripts"]

    def has(self, uid: str) -> bool:
        return uid in self.entries

    def put(self, uid: str, *, name: str, file: str, tags: dict[str, list[str]],
            merge: bool = False) -> None:
        """Store the entry of transcript ``uid`` and write the file. With ``merge``, originals
        are added to those already kept (a re-pseudonymisation adds tags, it never loses any)."""
        def change(entries: dict) -> bool:
            old = entries.get(uid, {}) if merge else {}
            merged = {t: list(v) for t, v in old.get("tags", {}).items()}
            for tag, originals in tags.items():
                known = merged.setdefault(tag, [])
                known.extend(o for o in originals if o not in known)
            entries[uid] = {"name": name, "file": file or old.get("file", ""),
                            "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            "tags": merged}
            return True

        self._update(change)

    def discard(self, uid: str) -> None:
        self._update(lambda entries: entries.pop(uid, None) is not None)

    def restore(self, uid: str, previous: dict | None) -> None:
        """Undo :meth:`put` after a failed commit: the entry as it was, or none."""
        if previous is None:
            self.discard(uid)
            return

        def change(entries: dict) -> bool:
            if entries.get(uid) == previous:
                return False
            entries[uid] = previous
            return True

        self._update(change)

    def prune(self, stored: set[str], recent: float = RECENT) -> int:
        """Drop entries of transcripts no longer in the project; returns how many. An entry
        written in the last ``recent`` seconds is kept: another import may be about to commit it."""
        now = datetime.now(timezone.utc)
        gone: list[str] = []

        def young(entry: dict) -> bool:
            try:
                return (now - datetime.fromisoformat(entry["written"])).total_seconds() < recent
            except (KeyError, TypeError, ValueError):
                return False

        def change(entries: dict) -> bool:
            gone[:] = [u for u, e in entries.items() if u not in stored and not young(e)]
            for uid in gone:
                del entries[uid]
            return bool(gone)

        self._update(change)
        return len(gone)

    def _update(self, change) -> None:
        """Apply ``change(entries)`` to the key as it is on disk now, under a lock, and write it
        when ``change`` says it changed something: imports running at once in other processes
        each add their own entries, none writes over another's."""
        with _locked(self.path):
            if self.path.is_file() and self.path.stat().st_size:
                on_disk = _read(self.path)
                if isinstance(on_disk, dict) and isinstance(on_disk.get("transcripts"), dict):
                    self.data["transcripts"] = on_disk["transcripts"]
            if change(self.entries):
                self.save()

    def save(self) -> None:
        from workbench.files import write_text_atomic

        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_text_atomic(self.path, json.dumps(self.data, ensure_ascii=False, indent=2) + "\n", private=True)


@contextmanager
def _locked(path: Path):
    """An exclusive lock on ``KEY.lock`` beside the key, for one read-change-write (POSIX; where
    there is no ``fcntl`` the change is made without it)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InputError("is not a workbench key file (not readable as JSON); it is left untouched",
                         path=str(path), hint="choose another --key-file") from None
