"""Commands: export (whole project as REFI-QDA .qdpx, or tables as .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ProjectOpt, console, open_project


def export(
    file: Annotated[Path, typer.Argument(help="FILE.qdpx (REFI-QDA project) or FILE.xlsx (a table).")],
    coders: Annotated[Optional[str], typer.Option("--coders", help="Only these coders, comma-separated.")] = None,
    positions: Annotated[str, typer.Option("--positions", help=".qdpx: codepoints (the standard) or utf16 (NVivo for Windows).")] = "codepoints",
    crlf: Annotated[bool, typer.Option("--crlf", help=".qdpx: write the texts with CRLF line ends (positions follow).")] = False,
    include_suggestions: Annotated[bool, typer.Option("--include-suggestions", help=".qdpx: also the model's suggestions and the rejections, as their own users with notes.")] = False,
    table: Annotated[str, typer.Option("--table", help=".xlsx: segments, matrix or frequencies.")] = "segments",
    by: Annotated[Optional[str], typer.Option("--by", help=".xlsx frequencies: the respondent attribute to count by.")] = None,
    coder: Annotated[Optional[str], typer.Option("--coder", help=".xlsx matrix/frequencies: whose accepted codings (default consensus, else all).")] = None,
    project: ProjectOpt = None,
) -> None:
    """Export the project: .qdpx for ATLAS.ti, MAXQDA, NVivo and QualCoder, or an .xlsx table."""
    proj = open_project(project)
    err = console(stderr=True)
    chosen = [c.strip() for c in coders.split(",") if c.strip()] if coders else None
    if file.suffix.lower() == ".xlsx":
        from workbench.interop.xlsx import export_xlsx

        n = export_xlsx(proj, file, table=table, by=by, coder=coder, coders=chosen)
        console().print(f"Wrote {n} rows to {file}")
        return
    from workbench.interop.qdpx_export import ExportOptions, export_qdpx

    res = export_qdpx(proj, file, ExportOptions(coders=chosen, positions=positions, crlf=crlf,
                                                include_suggestions=include_suggestions))
    for w in res.warnings:
        err.print(f"warning: {w}")
    console().print(f"Wrote {file}: {res.sources} sources, {res.selections} selections, {res.codings} codings "
                    f"by {', '.join(res.users) or 'nobody'} (positions in {positions}"
                    f"{', CRLF' if crlf else ''})")


def print_qdpx_import(summary, where: str) -> None:
    """What a .qdpx import did, including what it left out."""
    out = console()
    out.print(f"Imported {where}: {len(summary.transcripts)} transcripts, {summary.respondents} respondents, "
              f"{summary.codes} codes, {summary.codings} codings, {summary.memos} memos "
              f"by {', '.join(summary.coders) or 'nobody'}")
    out.print(summary.convention)
    out.print("texts and memos pseudonymised" if summary.pseudonymised
              else "texts and memos NOT pseudonymised (--no-pseudonymise)")
    for note in summary.notes:
        out.print(f"codebook: {note}")
    if summary.skipped_sources:
        out.print(f"skipped {len(summary.skipped_sources)} sources that are not text: "
                  + "; ".join(summary.skipped_sources))
    suggestions = [n for n in summary.not_imported if n.startswith("suggestion in ")]
    if suggestions:
        out.print(f"left out {len(suggestions)} model suggestions (not codings)")
    for note in summary.not_imported:
        if not note.startswith("suggestion in "):
            out.print(f"left out {note}")
    if summary.not_placed:
        out.print(f"{len(summary.not_placed)} codings or memos fall on no segment and were not placed: "
                  + "; ".join(summary.not_placed[:20]) + (" …" if len(summary.not_placed) > 20 else ""))


def import_qdpx_command(file: Path, project, *, no_pseudonymise: bool, positions: str = "auto",
                        key_file: Path | None = None) -> None:
    """``workbench import FILE.qdpx`` (called by the import command)."""
    from workbench.interop.qdpx_import import QdpxImportOptions, import_qdpx

    err = console(stderr=True)
    summary = import_qdpx(open_project(project), file,
                          QdpxImportOptions(pseudonymise=not no_pseudonymise, positions=positions,
                                            key_file=key_file),
                          notify=err.print)
    print_qdpx_import(summary, file.name)


def register(app: typer.Typer) -> None:
    app.command()(export)
