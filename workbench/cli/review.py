"""Commands: review, code add/remove, codings import/export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ModelOpt, OutForceOpt, ProjectOpt, console, open_project

DEFAULT_RELEARN_EVERY = 10  # workbench.review.session.DEFAULT_RELEARN_EVERY (not imported: keeps --help fast)

code_app = typer.Typer(help="Code a segment by hand.", no_args_is_help=True)
codings_app = typer.Typer(help="Import and export codings.", no_args_is_help=True)


def review(
    coder: Annotated[str, typer.Option("--coder", "-c", help="Your name (decisions are stored under it).")],
    code: Annotated[Optional[str], typer.Option(help="Only segments where this code is suggested.")] = None,
    transcript: Annotated[Optional[str], typer.Option("--transcript", "-t")] = None,
    min_score: Annotated[Optional[float],
                         typer.Option(help="Only segments with a suggestion scoring at least this.")] = None,
    order: Annotated[str, typer.Option(help="document (reading order), score (best first) or uncertain "
                                            "(best score nearest the threshold first).")] = "document",
    relearn_every: Annotated[int, typer.Option(
        help="Relearn from the decisions and re-sort the queue after this many segments (0 = only at start)."
    )] = DEFAULT_RELEARN_EVERY,
    model: ModelOpt = None,
    blind: Annotated[bool, typer.Option(help="Hide suggestions and other coders (agreement studies).")] = False,
    accept_above: Annotated[Optional[float], typer.Option(help="Bulk-accept suggestions scoring at least this.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain output.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Review every segment, with the model's suggestions, one at a time (single keys; ? for help).

    Segments without a suggestion show their three closest codes (1-3 marks one).

    The engine relearns from the decisions every --relearn-every segments; the queue is re-sorted."""
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
    from workbench.review.rescore import project_scorer
    from workbench.review.session import ReviewSession

    scorer = None if blind else project_scorer(proj, model)
    session = ReviewSession(proj, coder, code=code, transcript=transcript, min_score=min_score,
                            order=order, blind=blind, scorer=scorer, relearn_every=relearn_every,
                            background=True)
    if session.finished:
        filtered = code is not None or min_score is not None
        why = (f" ({session.done_before} done)." if session.done_before
               else ": no segment has a matching suggestion (run `workbench suggest` first)." if filtered
               else ": no codable segments (import transcripts first).")
        out.print(f"Nothing to review for {coder}{why}")
        return
    session.start_relearn()  # scores the queue in the background: closest codes, fresh order

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
def codings_import(file: Path,
                   coder: Annotated[Optional[str], typer.Option("--coder", "-c", help="Coder of the rows (QualCoder: rows without one).")] = None,
                   from_: Annotated[str, typer.Option("--from", help="workbench (CSV), taguette (highlights CSV/xlsx) or qualcoder (coding report).")] = "workbench",
                   strict: Annotated[bool, typer.Option("--strict", help="Refuse the whole file if one row cannot be placed.")] = False,
                   add_coder: Annotated[bool, typer.Option(
                       "--add-coder", help="Register the file's coders (role coder) if not registered yet.")] = False,
                   project: ProjectOpt = None) -> None:
    """Import codings: workbench CSV (transcript, segment | start,end | quote, code[, status, reason]),
    Taguette highlights or a QualCoder coding report. Rows that cannot be placed are listed."""
    from workbench.interop.codings_import import import_codings_from

    res = import_codings_from(open_project(project), file, from_, coder, strict=strict, add_coder=add_coder)
    console().print(f"Imported {res.codings} codings from {res.placed} of {res.rows} rows on {res.segments} segments"
                    f" as {', '.join(res.coders) or coder or 'nobody'}.")
    if res.unplaced:
        err = console(stderr=True)
        err.print(f"{len(res.unplaced)} rows could not be placed and were left out:", markup=False)
        for line in res.unplaced:
            err.print(f"  {line}", markup=False)


@codings_app.command("export")
def codings_export(coder: Annotated[Optional[str], typer.Option()] = None,
                   status: Annotated[Optional[str], typer.Option()] = None,
                   format: Annotated[str, typer.Option("--format", help="csv or jsonl")] = "csv",
                   out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File (default stdout).")] = None,
                   force: OutForceOpt = False,
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
        from workbench.store.outputs import open_output

        with open_output(out, project=proj, force=force, kind=f".{format}") as fh:
            n = export_codings(proj, fh, coder, status, format)
        console(stderr=True).print(f"Wrote {n} codings to {out}")
    else:
        export_codings(proj, sys.stdout, coder, status, format)


def register(app: typer.Typer) -> None:
    app.command()(review)
    app.add_typer(code_app, name="code")
    app.add_typer(codings_app, name="codings")
