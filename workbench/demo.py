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


def sample_files(samples: Path = SAMPLES) -> list[Path]:
    files = [p for folder in SAMPLE_FOLDERS for p in sorted((samples / folder).glob("*")) if p.is_file()]
    if not files:
        raise WorkbenchError("no sample transcripts found", path=str(samples))
    return files


def prepare(outdir: Path, force: bool):
    from workbench.store.project import CONFIG_NAME, Project

    outdir = Path(outdir)
    if outdir.exists() and any(outdir.iterdir()):
        if not force and not (outdir / CONFIG_NAME).exists():
            raise WorkbenchError("folder exists and is not empty", path=str(outdir),
                                 hint="choose a new folder or pass --force")
        if (outdir / CONFIG_NAME).exists() or force:
            shutil.rmtree(outdir)
    project = Project.init(outdir, name="demo-reintegratie")
    cfg = outdir / CONFIG_NAME
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "deny = []", "deny = [" + ", ".join(f'"{d}"' for d in DEMO_DENY) + "]"), encoding="utf-8")
    return Project.open(outdir)
