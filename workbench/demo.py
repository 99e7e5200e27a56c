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


def _is_demo_project(folder: Path) -> bool:
    """True for a folder an earlier `workbench demo` made (safe to replace without --force)."""
    import tomllib

    from workbench.store.project import CONFIG_NAME

    cfg = folder / CONFIG_NAME
    try:
        return tomllib.loads(cfg.read_text(encoding="utf-8"))["project"]["name"] == DEMO_NAME
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return False


def sample_files(samples: Path = SAMPLES) -> list[Path]:
    files = [p for folder in SAMPLE_FOLDERS for p in sorted((samples / folder).glob("*")) if p.is_file()]
    if not files:
        raise WorkbenchError("no sample transcripts found", path=str(samples))
    return files


def prepare(outdir: Path, force: bool):
    from workbench.store.project import CONFIG_NAME, Project

    outdir = Path(outdir)
    if outdir.exists() and any(outdir.iterdir()):
        if not force and not _is_demo_project(outdir):
            raise WorkbenchError("folder exists, is not empty and is not an earlier demo project",
                                 path=str(outdir), hint="choose a new folder or pass --force to replace it")
        shutil.rmtree(outdir)
    project = Project.init(outdir, name=DEMO_NAME)
    cfg = outdir / CONFIG_NAME
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "deny = []", "deny = [" + ", ".join(f'"{d}"' for d in DEMO_DENY) + "]"), encoding="utf-8")
    return Project.open(outdir)
