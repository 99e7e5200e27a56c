"""The re-identification key file: tag → original strings, per transcript, outside the project.

The key is the one file a team cannot regenerate, so it is written with care:

- one entry per transcript, keyed by the transcript's stable id (not its display name, which a
  name collision or a rename may change), written as soon as that transcript is stored;
- every write goes to a temporary file that is then renamed over the key (never half-written),
  created with mode 0600 (readable by its owner only);
- the file names its project: a file that is not a key file of this project is refused, never
  overwritten (another project's key, a document that happens to sit at that path, …);
- it must lie outside the project folder, so that it never travels with the data.

The key never enters the database or an export.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from workbench.errors import InputError

FORMAT = "workbench-reidentification-key"
VERSION = 1


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
        old = self.entries.get(uid, {}) if merge else {}
        merged = {t: list(v) for t, v in old.get("tags", {}).items()}
        for tag, originals in tags.items():
            known = merged.setdefault(tag, [])
            known.extend(o for o in originals if o not in known)
        self.entries[uid] = {"name": name, "file": file or old.get("file", ""),
                             "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                             "tags": merged}
        self.save()

    def discard(self, uid: str) -> None:
        if self.entries.pop(uid, None) is not None:
            self.save()

    def restore(self, uid: str, previous: dict | None) -> None:
        """Undo :meth:`put` after a failed commit: the entry as it was, or none."""
        if previous is None:
            self.discard(uid)
        elif self.entries.get(uid) != previous:
            self.entries[uid] = previous
            self.save()

    def prune(self, stored: set[str]) -> int:
        """Drop entries of transcripts no longer in the project; returns how many."""
        gone = [u for u in self.entries if u not in stored]
        for uid in gone:
            del self.entries[uid]
        if gone:
            self.save()
        return len(gone)

    def save(self) -> None:
        from workbench.files import write_text_atomic

        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_text_atomic(self.path, json.dumps(self.data, ensure_ascii=False, indent=2) + "\n", private=True)


def _read(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InputError("is not a workbench key file (not readable as JSON); it is left untouched",
                         path=str(path), hint="choose another --key-file") from None
