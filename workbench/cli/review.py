"""Commands: review, code add/remove, codings import/export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ProjectOpt, console, open_project

code_app = typer.Typer(help="Code a segment by hand.", no_args_is_help=True)
codings_app = typer.Typer(help="Import and export codings.", no_args_is_help=True)


def review(
    coder: Annotated[str, typer.Option("--coder", "-c", help="Your name (decisions are stored under it).")],
    code: Annotated[Optional[str], typer.Option(help="Only suggestions of this code.")] = None,
    transcript: Annotated[Optional[str], typer.Option("--transcript", "-t")] = None,
    min_score: Annotated[Optional[float], typer.Option(help="Only suggestions scoring at least this.")] = None,
    order: Annotated[str, typer.Option(help="score (best first) or document.")] = "score",
    blind: Annotated[bool, typer.Option(help="Hide suggestions and other coders (agreement studies).")] = False,
    accept_above: Annotated[Optional[float], typer.Option(help="Bulk-accept suggestions scoring at least this.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Review suggestions one segment at a time (single keys; ? for help)."""
    from rich.console import Console

    proj = open_project(project)
    out = Console(no_color=no_color, highlight=False)
    if accept_above is not None:
        from workbench.review.codings_io import bulk_accept, pending_above

        items = pending_above(proj, coder, accept_above)
        if not items:
            out.print(f"No undecided suggestions scoring ≥ {accept_above}.")
            return
        out.print(f"{len(items)} suggestions score ≥ {accept_above} and are undecided by {coder}.")
        if not yes and not typer.confirm(f"Accept all {len(items)} as {coder}?"):
            raise typer.Exit(1)
        out.print(f"Accepted {bulk_accept(proj, coder, items)} suggestions as {coder}.")
        return
    from workbench.review.loop import run_review, terminal_keys
    from workbench.review.session import ReviewSession

    session = ReviewSession(proj, coder, code=code, transcript=transcript, min_score=min_score,
                            order=order, blind=blind)
    if session.finished:
        out.print(f"Nothing to review for {coder}" + (f" ({session.done_before} done)." if session.done_before
                                                       else ": run `workbench suggest` first, or use --blind."))
        return

    def ask(prompt: str) -> str:
        try:
            return input(prompt)
        except EOFError:
            return ""

    try:
        run_review(session, terminal_keys(), ask, out)
    except KeyboardInterrupt:
        out.print(f"\nInterrupted: {sum(o.segment_id >= 0 for o in session.history)} decisions were saved.")


@code_app.command("add")
def code_add(segment: int, code: str,
             coder: Annotated[str, typer.Option("--coder", "-c")],
             reason: Annotated[Optional[str], typer.Option()] = None,
             project: ProjectOpt = None) -> None:
    """Apply CODE to SEGMENT as CODER."""
    from workbench.review.codings_io import add_coding

    changed = add_coding(open_project(project), segment, code, coder, reason)
    console().print(f"{'added' if changed else 'already there'}: segment {segment} {code} ({coder})")


@code_app.command("remove")
def code_remove(segment: int, code: str,
                coder: Annotated[str, typer.Option("--coder", "-c")],
                reason: Annotated[Optional[str], typer.Option()] = None,
                project: ProjectOpt = None) -> None:
    """Remove CODER's coding of CODE on SEGMENT (logged)."""
    from workbench.review.codings_io import remove_coding

    remove_coding(open_project(project), segment, code, coder, reason)
    console().print(f"removed: segment {segment} {code} ({coder})")


@codings_app.command("import")
def codings_import(file: Path, coder: Annotated[str, typer.Option("--coder", "-c")],
                   project: ProjectOpt = None) -> None:
    """Import codings from CSV: transcript, segment | start,end | quote, code[, status, reason]."""
    from workbench.review.codings_io import import_codings

    res = import_codings(open_project(project), file, coder)
    console().print(f"Imported {res.codings} codings from {res.rows} rows on {res.segments} segments as {coder}.")


@codings_app.command("export")
def codings_export(coder: Annotated[Optional[str], typer.Option()] = None,
                   status: Annotated[Optional[str], typer.Option()] = None,
                   format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
                   out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File (default stdout).")] = None,
                   memos: Annotated[Optional[Path], typer.Option(
                       "--memos", help="Also write every memo (segment, code, transcript) to this file.")] = None,
                   project: ProjectOpt = None) -> None:
    """Export codings with their (pseudonymised) segment text, coded span and the coder's segment memo."""
    from workbench.review.codings_io import export_codings

    if format not in ("csv", "jsonl"):
        raise typer.BadParameter("--format must be csv or jsonl")
    proj = open_project(project)
    if memos:
        from workbench.review.memos_io import export_memos

        with open(memos, "w", encoding="utf-8", newline="") as fh:
            n = export_memos(proj, fh, coder, format)
        console(stderr=True).print(f"Wrote {n} memos to {memos}")
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            n = export_codings(proj, fh, coder, status, format)
        console(stderr=True).print(f"Wrote {n} codings to {out}")
    else:
        export_codings(proj, sys.stdout, coder, status, format)


def register(app: typer.Typer) -> None:
    app.command()(review)
    app.add_typer(code_app, name="code")
    app.add_typer(codings_app, name="codings")
