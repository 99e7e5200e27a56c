"""The main job on the shipped samples, in a fresh project: the one command a newcomer runs.

init → import (speakers, respondents, pseudonymise, segment) → load codebook → suggest →
import two sample coders' codings → agreement (coders and model) → reconcile (demo: first
coder wins) → Word report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from workbench.errors import WorkbenchError

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "transcripts_sample"
CODEBOOK = REPO / "codebooks" / "reintegratie.yaml"
SAMPLE_FOLDERS = ("interviews", "focusgroups", "employers")
# Organisation names deduce does not know: the deny-list makes sure they are replaced.
DEMO_DENY = ["Werkwaarts"]
DEMO_NAME = "demo-reintegratie"


MARKER = ".workbench-demo.json"
# Files a demo run may leave behind before it writes its manifest (an interrupted run).
_OWN_NAMES = {MARKER, "workbench.toml", "workbench.db", "workbench.db-journal", "workbench.db-wal",
              "workbench.db-shm", "rapport_reintegratie.docx"}


def _files(folder: Path) -> dict[str, str]:
    """Every entry below ``folder`` (relative path → sha256; folders and links marked as such)."""
    import hashlib

    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == MARKER:
            continue
        if path.is_symlink():
            out[rel] = "symlink"
        elif path.is_dir():
            out[rel] = "folder"
        else:
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
            out[rel] = digest.hexdigest()
    return out


def _why_not_own(folder: Path) -> str | None:
    """None if ``folder`` is wholly an earlier demo's, unchanged since; else the reason it is not."""
    import json

    marker = folder / MARKER
    try:
        manifest = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "is not empty and is not an earlier demo project"
    files = _files(folder)
    recorded = manifest.get("files") if isinstance(manifest, dict) else None
    if recorded is None:  # a run that did not finish: only the demo's own file names may be there
        extra = sorted(name for name in files if name not in _OWN_NAMES)
        return f"holds files an earlier demo did not write ({', '.join(extra[:3])})" if extra else None
    changed = sorted(set(files) ^ set(recorded) | {n for n in files if files[n] != recorded.get(n)})
    if changed:
        return f"is an earlier demo project, but changed since ({', '.join(changed[:3])})"
    return None


def finish(folder: Path) -> None:
    """Record what the demo wrote, so a later run may replace the folder only if it is unchanged."""
    import json

    (folder / MARKER).write_text(json.dumps({"files": _files(folder)}, indent=1), encoding="utf-8")


def sample_files(samples: Path = SAMPLES) -> list[Path]:
    files = [p for folder in SAMPLE_FOLDERS for p in sorted((samples / folder).glob("*")) if p.is_file()]
    if not files:
        raise WorkbenchError("no sample transcripts found", path=str(samples))
    return files


def prepare(outdir: Path, force: bool = False):
    """A fresh demo project in ``outdir``: a new or empty folder, or one an earlier demo made.

    A non-empty folder is replaced only if the marker and manifest the demo wrote show it holds
    nothing else and nothing changed since; ``force`` does not override this.
    """
    from workbench.store.project import CONFIG_NAME, Project

    outdir = Path(outdir)
    if outdir.is_symlink() or (outdir.exists() and not outdir.is_dir()):
        raise WorkbenchError("is not a folder", path=str(outdir), hint="choose a new folder for the demo")
    if outdir.exists() and any(outdir.iterdir()):
        why = _why_not_own(outdir)
        if why is not None:
            raise WorkbenchError(why, path=str(outdir),
                                 hint="choose a new or empty folder; the demo never deletes other files")
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MARKER).write_text("{}", encoding="utf-8")  # the run's own folder, manifest follows
    Project.init(outdir, name=DEMO_NAME).close()  # closed: its last connection folds the WAL in now
    cfg = outdir / CONFIG_NAME
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "deny = []", "deny = [" + ", ".join(f'"{d}"' for d in DEMO_DENY) + "]"), encoding="utf-8")
    return Project.open(outdir)
