"""Commands: coder add, coder list (coders as people, with a role)."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, ProjectOpt, console, open_project

coder_app = typer.Typer(help="The people who code: add them, list them.", no_args_is_help=True)


@coder_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The coder's name, as given to --coder / --by.")],
    role: Annotated[Optional[str], typer.Option(
        "--role", help="coder (default) or supervisor (may also reconcile). Changes a registered coder's role.")] = None,
    project: ProjectOpt = None,
) -> None:
    """Register a coder (or change a registered coder's role)."""
    from workbench.store.coders import add_coder

    rec, what = add_coder(open_project(project), name, role)
    if what == "added":
        console().print(f"Added {rec.name} ({rec.role}).")
    elif what == "role changed":
        console().print(f"{rec.name} is now a {rec.role}.")
    else:
        console().print(f"{rec.name} is already registered ({rec.role}).")


@coder_app.command("list")
def list_(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """List registered coders with their role and number of codings."""
    from workbench.store.coders import list_coders

    rows = list_coders(open_project(project))
    if as_json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    t = Table("name", "role", "codings", "added")
    for r in rows:
        t.add_row(r.name, r.role, str(r.codings), r.created_at)
    console().print(t if rows else "No coders yet: run `workbench coder add NAME`.")


def register(app: typer.Typer) -> None:
    app.add_typer(coder_app, name="coder")
