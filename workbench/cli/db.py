"""Commands: db status, db upgrade (schema revisions of the project database)."""

from __future__ import annotations

import json

import typer

from workbench.cli.common import JsonOpt, ProjectOpt, console

db_app = typer.Typer(help="The project database: schema revision and upgrades.", no_args_is_help=True)


@db_app.command("status")
def status(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Show the database's schema revision, this workbench's head, the backend and what is pending."""
    from workbench.store.migrate import status as db_status
    from workbench.store.project import Project

    proj = Project.open(project, migrate=False)
    st = db_status(proj)
    if as_json:
        print(json.dumps({"database": proj.db_label, **st.as_dict()}, ensure_ascii=False, indent=1))
        return
    con = console()
    con.print(f"database: {proj.db_label} ({st.backend})")
    con.print(f"revision: {st.revision or 'none'}")
    con.print(f"head:     {st.head}")
    if st.pending:
        con.print(f"pending:  {', '.join(st.pending)} (run `workbench db upgrade`)")
    else:
        con.print("up to date" if st.action == "current" else f"state: {st.action}")


@db_app.command("upgrade")
def upgrade(project: ProjectOpt = None) -> None:
    """Upgrade the database to this workbench's schema (a SQLite file is backed up first)."""
    from workbench.store.migrate import upgrade as db_upgrade
    from workbench.store.project import Project

    proj = Project.open(project, migrate=False)
    applied, backup = db_upgrade(proj)
    con = console()
    if backup:
        con.print(f"Backup: {backup}")
    con.print(f"Applied {', '.join(applied)}." if applied else "Already up to date.")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
