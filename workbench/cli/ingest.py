"""Command: import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ProjectOpt, console, open_project, printable


def import_(
    files: Annotated[list[Path], typer.Argument(help="Transcripts: .docx .txt .md .vtt .srt .odt")],
    respondents: Annotated[Optional[Path], typer.Option("--respondents", "-r", help="Respondents CSV.")] = None,
    type_: Annotated[Optional[str], typer.Option("--type", help="Respondent type of these files.")] = None,
    wave: Annotated[Optional[str], typer.Option("--wave", help="Wave, e.g. 2024.")] = None,
    respondent: Annotated[Optional[str], typer.Option("--respondent", help="Link a single file to this respondent id.")] = None,
    kind: Annotated[Optional[str], typer.Option("--kind", help="interview or focusgroep (default: detected).")] = None,
    speaker: Annotated[Optional[list[str]], typer.Option("--speaker", help="LABEL=ID or LABEL=interviewer; repeatable.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Re-import a changed file (codings of unchanged segments are kept).")] = False,
    no_pseudonymise: Annotated[bool, typer.Option("--no-pseudonymise", help="Keep identifiers (only for already anonymised text).")] = False,
    key_file: Annotated[Optional[Path], typer.Option("--key-file", help="Keep the re-identification key in this file, outside the project (default: [import] key_file in workbench.toml).")] = None,
    positions: Annotated[str, typer.Option("--positions", help=".qdpx: auto (detect), codepoints or utf16.")] = "auto",
    project: ProjectOpt = None,
) -> None:
    """Import transcripts: detect speakers, pseudonymise with deduce, segment, store. A .qdpx
    (REFI-QDA project from ATLAS.ti, MAXQDA, NVivo, QualCoder) goes into an empty project."""
    if any(f.suffix.lower() == ".qdpx" for f in files):
        if len(files) != 1:
            raise typer.BadParameter("import one .qdpx at a time, without other files")
        from workbench.cli.interop import import_qdpx_command

        import_qdpx_command(files[0], project, no_pseudonymise=no_pseudonymise, positions=positions,
                            key_file=key_file)
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from rich.markup import escape

    from workbench.ingest.importer import ImportOptions, import_files, parse_speaker_options

    if kind and kind not in ("interview", "focusgroep"):
        raise typer.BadParameter("--kind must be interview or focusgroep")
    proj = open_project(project)
    opts = ImportOptions(respondents_csv=respondents, respondent_type=type_, wave=wave,
                         respondent=respondent, kind=kind, speakers=parse_speaker_options(speaker or []),
                         replace=replace, pseudonymise=not no_pseudonymise, key_file=key_file)
    err = console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        steps = len(files) * (2 if len(files) > 1 and not no_pseudonymise else 1)
        task = bar.add_task("importing", total=steps)
        seen = []

        def step(name: str) -> None:
            if seen:
                bar.advance(task)
            seen.append(name)
            bar.update(task, description=f"importing {name}")

        report = import_files(proj, files, opts, progress=step, notify=bar.console.print)
        bar.update(task, completed=steps)
    out = console()
    if report.respondents_new or report.respondents_updated:
        out.print(f"respondents: {report.respondents_new} new, {report.respondents_updated} updated")
    for r in report.results:
        colour = {"imported": "green", "replaced": "green", "skipped": "yellow", "failed": "red"}[r.status]
        # Successes show only the pseudonymised name: original file names may hold names.
        shown = r.name if r.name and r.status != "failed" else r.file
        # A failed file goes to stderr (as the README says), one line, with names made printable.
        (err if r.status == "failed" else out).print(
            f"[{colour}]{r.status}[/] {escape(printable(shown))}: {escape(printable(r.message))}")
        for d in r.dropped:
            out.print(f"  dropped: {escape(d.coder)} {escape(d.status)} {escape(d.code_id)} on "
                      f"\"{escape(_short(d.segment_text))}\"")
    ok = sum(r.status in ("imported", "replaced") for r in report.results)
    out.print(f"{ok} imported, {sum(r.status == 'skipped' for r in report.results)} unchanged, "
              f"{len(report.failed)} failed")
    stored = ok or any(r.status == "skipped" for r in report.results)
    if report.key_file is not None:
        out.print(f"re-identification key: {report.key_entries} transcripts in {escape(str(report.key_file))} "
                  "(readable by you only; keep it outside the project, never share it)")
    elif report.pseudonymised and stored:
        out.print("[yellow]no re-identification key is kept[/] (pass --key-file PATH, or set "
                  "\\[import] key_file in workbench.toml, to keep one outside the project)")
    if report.failed:
        raise typer.Exit(1)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
