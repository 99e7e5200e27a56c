"""`workbench codebook …`: validate, convert and describe codebook files.

Commands only parse arguments and print; the work is done by :mod:`workbench.codebook`.
Heavy imports stay inside the command functions.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ProjectOpt, console, open_project

codebook_app = typer.Typer(
    help="Codebooks: validate YAML files, export/import REFI-QDA (.qdc), print the schema.",
    no_args_is_help=True,
)


class ExportFormat(str, Enum):
    yaml = "yaml"
    qdc = "qdc"


FilesArg = Annotated[list[Path], typer.Argument(help="Codebook files (.yaml, .yml or .qdc).",
                                                show_default=False)]
OutOpt = Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here (default: print).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing --out file.")]


@codebook_app.command("validate")
def validate(files: FilesArg) -> None:
    """Check codebook files; print `FILE: OK (N codes)` or one line per problem (exit 1)."""
    from workbench.codebook.loader import parse_file

    failed = False
    for path in files:
        try:
            codebook, problems = parse_file(path)
        except Exception as exc:  # never a traceback from validate
            codebook, problems = None, []
            typer.echo(f"{path}: cannot check this file: {exc}")
            failed = True
            continue
        if problems:
            failed = True
            for p in problems:
                typer.echo(p.format(str(path)))
        elif codebook is not None:
            typer.echo(f"{path}: OK ({len(codebook.flat())} codes)")
    raise typer.Exit(1 if failed else 0)


@codebook_app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    source: Annotated[Optional[Path], typer.Option(
        "--from", help="Codebook file to convert (.yaml or .qdc).")] = None,
    out: OutOpt = None,
    force: ForceOpt = False,
    name: Annotated[Optional[str], typer.Option("--name", help="Which codebook, if the project has several.")] = None,
    project: ProjectOpt = None,
) -> None:
    """Export the project's codebook (or convert --from FILE) to YAML or REFI-QDA .qdc."""
    if source is None:
        from workbench.store.codebooks import project_codebook

        _write_export(project_codebook(open_project(project), name=name), fmt, out, force)
        return
    from workbench.codebook.loader import read_for_export

    _write_export(read_for_export(source), fmt, out, force)


def _write_export(codebook, fmt: ExportFormat, out: Optional[Path], force: bool) -> None:
    """Render ``codebook`` as ``fmt`` and write it to ``out`` or stdout (reusable)."""
    from workbench.codebook.qdc import to_qdc
    from workbench.codebook.yaml_io import dump_yaml

    data = to_qdc(codebook) if fmt == ExportFormat.qdc else dump_yaml(codebook).encode("utf-8")
    if fmt == ExportFormat.qdc:
        from workbench.codebook.qdc import placeholder_codes

        todo = placeholder_codes(codebook)
        if todo:
            typer.echo(f"warning: {len(todo)} code(s) have no written definition and are exported without "
                       f"a description: {', '.join(todo)}", err=True)
    _write(data, out, force)
    if out is not None:
        typer.echo(f"wrote {out} ({len(codebook.flat())} codes, {fmt.value})", err=True)


@codebook_app.command("import-qdc")
def import_qdc(
    file: Annotated[Path, typer.Argument(help="REFI-QDA codebook (.qdc) from another QDA tool.")],
    out: OutOpt = None,
    name: Annotated[Optional[str], typer.Option(help="Codebook name (default: from the file).")]
    = None,
    force: ForceOpt = False,
) -> None:
    """Convert a .qdc codebook to our YAML format; prints what had to be filled in."""
    from workbench.codebook.qdc import read_qdc_file
    from workbench.codebook.yaml_io import dump_yaml

    result = read_qdc_file(file, name=name)
    _write(dump_yaml(result.codebook).encode("utf-8"), out, force)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if out is not None:
        typer.echo(f"wrote {out} ({len(result.codebook.flat())} codes); check it with "
                   f"`workbench codebook validate {out}`", err=True)


@codebook_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the codebook YAML format (docs/codebook.schema.json)."""
    import json

    from workbench.codebook.model import codebook_json_schema

    typer.echo(json.dumps(codebook_json_schema(), indent=2, ensure_ascii=False))


# ---- project commands ------------------------------------------------------------------------
@codebook_app.command("load")
def load(
    file: Annotated[Path, typer.Argument(help="Codebook file (.yaml or .qdc), or the name of a shipped codebook "
                                             "(reintegratie, willen-kunnen-doen).")],
    force: Annotated[bool, typer.Option("--force", help="Allow removing codes that have codings.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Load or update the project's codebook; codes keep their identity (and codings) by id."""
    from workbench.codebook.loader import load_codebook, read_codebook_file, resolve_codebook
    from workbench.store.codebooks import load_codebook as store

    file = resolve_codebook(file)
    cb = load_codebook(file) if file.suffix.lower() in (".yaml", ".yml") else read_codebook_file(file)
    res = store(open_project(project), cb, force=force)
    con = console()
    con.print(f"Loaded {cb.name} v{cb.version}: {len(res.added)} added, {len(res.changed)} changed, "
              f"{len(res.removed)} removed, {res.unchanged} unchanged.")
    for what, ids in (("added", res.added), ("changed", res.changed), ("removed", res.removed)):
        if ids:
            con.print(f"  {what}: {', '.join(ids)}")
    if res.headlines:
        con.print(f"{res.headlines} 'headline' value(s) are no longer part of the codebook (a heading must come "
                  "from the data or the analyst); kept as unverified suggestions: `workbench report --init-config` "
                  "writes them, commented, into report.toml.", markup=False)


@codebook_app.command("show")
def show(project: ProjectOpt = None,
         as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """The project's codebook as a tree, with codings per code and status."""
    from workbench.store.codebooks import coding_counts, project_codebook

    proj = open_project(project)
    cb = project_codebook(proj)
    counts = coding_counts(proj)
    if as_json:
        import json

        print(json.dumps({"name": cb.name, "version": cb.version,
                          "codes": [{"id": c.id, "label": c.label, "parent": c.parent, "codable": c.codable,
                                     "codings": counts.get(c.id, {})} for c in cb.flat()]},
                         ensure_ascii=False, indent=1))
        return
    from rich.tree import Tree

    tree = Tree(f"[bold]{cb.name}[/] (version {cb.version}, {cb.language})")

    def add(node, codes):
        for c in codes:
            n = counts.get(c.id, {})
            stats = "  ".join(f"{k} {v}" for k, v in sorted(n.items())) if n else "no codings"
            label = f"[bold]{c.label}[/] [cyan]{c.id}[/]" + ("" if c.codable else " [dim](category)[/]")
            add(node.add(label + (f"  [dim]{stats}[/]" if c.codable else "")), c.children)

    add(tree, cb.codes)
    console().print(tree)


def _write(data: bytes, out: Optional[Path], force: bool) -> None:
    if out is None:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else \
            sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    from workbench.store.outputs import open_output

    with open_output(out, "wb", force=force, overwrite=False) as fh:
        fh.write(data)


def register(app: typer.Typer) -> None:
    app.add_typer(codebook_app, name="codebook")
