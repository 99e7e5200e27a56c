"""Command: open (the desk, a full-screen Textual application)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ProjectOpt, open_project


def open_desk(
    transcript: Annotated[Optional[str], typer.Argument(help="Transcript id or name (default: the first).")] = None,
    coder: Annotated[str, typer.Option("--coder", "-c", help="Your name (your codes are stored under it).")] = "",
    blind: Annotated[bool, typer.Option(help="Hide the model and other coders (agreement studies).")] = False,
    media: Annotated[Optional[Path], typer.Option(help="The recording: `o` plays it from the segment's time.")] = None,
    codebook_file: Annotated[Optional[Path], typer.Option(
        help="YAML codebook that new codes are appended to (comments kept).")] = None,
    at: Annotated[Optional[int], typer.Option("--at", help="Start at this segment id (as `workbench search` shows).")] = None,
    project: ProjectOpt = None,
) -> None:
    """Open the desk: read a transcript with its codes, code words and segments, add codes and memos."""
    from workbench.desk.app import DeskApp
    from workbench.desk.state import DeskState
    from workbench.errors import InputError

    if not coder:
        raise InputError("give your name with --coder NAME", hint="your codes are stored under it")
    if media is not None and not media.is_file():
        raise InputError("recording not found", path=str(media), hint="give the audio or video file with --media")
    if codebook_file is not None:
        from workbench.desk.new_code import check_codebook_file

        if not codebook_file.is_file():
            raise InputError("codebook file not found", path=str(codebook_file))
        check_codebook_file(codebook_file)
    state = DeskState(open_project(project), coder, transcript=transcript, blind=blind, media=media,
                      codebook_file=codebook_file, at=at)
    DeskApp(state).run()


def register(app: typer.Typer) -> None:
    app.command("open")(open_desk)
