"""Options and helpers shared by the command modules (kept light: no heavy imports)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

ProjectOpt = Annotated[
    Optional[Path],
    typer.Option("--project", "-p", help="Project folder (default: the current folder or a parent)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def open_project(project: Optional[Path]):
    """Open the project at ``project`` (or find it from the current folder)."""
    from workbench.store.project import Project

    return Project.open(project)
