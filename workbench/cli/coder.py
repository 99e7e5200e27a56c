"""Commands: coder add, coder list (coders as people, with a role)."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, ProjectOpt, console, open_project

PASSWORD_ENV = "WORKBENCH_ROLE_PASSWORD"  # `coder add --db-role --login`: the new role's password

coder_app = typer.Typer(help="The people who code: add them, list them.", no_args_is_help=True)


@coder_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The coder's name, as given to --coder / --by.")],
    role: Annotated[Optional[str], typer.Option(
        "--role", help="coder (default) or supervisor (may also reconcile). Changes a registered coder's role.")] = None,
    db_role: Annotated[bool, typer.Option(
        "--db-role", help="PostgreSQL only: also give the coder a database role of the same name, so the server "
                          "itself keeps them from writing other coders' decisions (docs/team.md, Roles). Run as "
                          "the database owner.")] = False,
    login: Annotated[bool, typer.Option(
        "--login", help=f"With --db-role: the role may log in, with a password asked now (or read from "
                        f"{PASSWORD_ENV}); it is never stored in the project.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Register a coder (or change a registered coder's role); --db-role maps them to a database role."""
    from workbench.store.coders import add_coder
    from workbench.store.roles import grant_db_role, needs_postgresql

    proj = open_project(project)
    if login and not db_role:
        raise typer.BadParameter("--login goes with --db-role", param_hint="--login")
    if db_role:
        needs_postgresql(proj)  # before anything is registered
    rec, what = add_coder(proj, name, role)
    if what == "added":
        console().print(f"Added {rec.name} ({rec.role}).")
    elif what == "role changed":
        console().print(f"{rec.name} is now a {rec.role}.")
    else:
        console().print(f"{rec.name} is already registered ({rec.role}).")
    if db_role:
        done = grant_db_role(proj, rec.name, password=_password(rec.name) if login else None)
        how = "can log in" if login else "cannot log in until the administrator runs ALTER ROLE … LOGIN PASSWORD"
        console().print(f"Database role {rec.name} {done} ({rec.role}; {how}); row-level security is on for "
                        "coding, seen and memo.", markup=False)



def _password(name: str) -> str:
    """The new role's password: from the environment, else asked twice without echo."""
    import os

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = typer.prompt(f"Password for database role {name}", hide_input=True, confirmation_prompt=True)
    if not password.strip():
        raise typer.BadParameter("the password is empty", param_hint="--login")
    return password


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
