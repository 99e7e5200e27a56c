"""Command: demo — the whole pipeline on the shipped samples."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def demo(
    outdir: Annotated[Path, typer.Argument(help="Folder for the demo project (created).")] = Path("demo_project"),
    force: Annotated[bool, typer.Option(
        "--force", help="Kept for old scripts: a folder is replaced only if an earlier, unchanged demo made it.")] = False,
) -> None:
    """Run the main job on the shipped samples: import → suggest → codings → agreement → report."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from workbench import demo as D

    con = Console(highlight=False, soft_wrap=True)
    project = D.prepare(outdir, force)
    con.rule("[bold]1. Project")
    con.print(f"New project in {project.root}")

    # ------------------------------------------------------------------ import
    con.rule("[bold]2. Import, pseudonymise, segment")
    from workbench.ingest.importer import ImportOptions, import_files

    files = D.sample_files()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=con, transient=True) as bar:
        steps = len(files) * (2 if len(files) > 1 else 1)  # name scan + import
        task = bar.add_task("importing", total=steps)
        started: list[str] = []

        def step(name: str) -> None:
            if started:
                bar.advance(task)
            started.append(name)
            bar.update(task, description=f"importing {name}")

        report = import_files(project, files, ImportOptions(respondents_csv=D.SAMPLES / "respondents.csv"),
                              progress=step, notify=bar.console.print)
        bar.update(task, completed=steps)
    if report.failed:
        for r in report.failed:
            con.print(f"[red]failed[/] {r.file}: {r.message}")
        raise typer.Exit(1)
    from workbench.store.transcripts import counts, list_respondents, list_transcripts

    transcripts = list_transcripts(project)
    t = Table("transcript", "kind", "type", "wave", "segments", "tags replaced", title="Imported transcripts")
    for tr in transcripts:
        t.add_row(tr.name, tr.kind, tr.respondent_type or "", tr.wave or "", str(tr.segments), str(tr.tags_replaced))
    con.print(t)
    by = {}
    for r in list_respondents(project):
        waves = {tr.wave for tr in transcripts if r.id in tr.respondents}
        for w in waves:
            by[(r.type, w)] = by.get((r.type, w), 0) + 1
    t = Table("respondent type", "wave", "respondents", title="Respondents by type and wave")
    for (rt, w), n in sorted(by.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        t.add_row(rt, w or "", str(n))
    con.print(t)
    c = counts(project)
    con.print(f"{c['transcripts']} transcripts, {sum(c['respondents'].values())} respondents, "
              f"{c['segments']} codable segments, {c['tags_replaced']} identifiers replaced by tags.")
    con.print("No re-identification key was written (pass --key-file to `workbench import` for one).")

    from workbench.cli.demo_stages import run_later_stages

    run_later_stages(con, project, D)
    project.close()
    D.finish(project.root)


def register(app: typer.Typer) -> None:
    app.command()(demo)
