"""Commands: db status, db upgrade (schema revisions of the project database)."""

from __future__ import annotations

import json
from typing import Annotated

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


@db_app.command("copy")
def copy(to: Annotated[str, typer.Option("--to", help="A new SQLite file (sqlite:///FILE) or an empty PostgreSQL database (no password in the URL: PGPASSWORD or ~/.pgpass).")],
         project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Copy the whole project database to another engine, ids and audit log included; then
    compare every table (row count and checksum) on both sides."""
    from workbench.store.copy import copy_database
    from workbench.store.project import Project

    proj = Project.open(project)
    report = copy_database(proj, to)
    if as_json:
        print(json.dumps({"source": report.source, "target": report.target, "ok": report.ok,
                          "tables": [{**t.__dict__, "ok": t.ok} for t in report.tables]}, indent=1))
    else:
        from rich.table import Table

        t = Table("table", "rows (source)", "rows (copy)", "checksum (source)", "checksum (copy)", "same",
                  title=f"{report.source} → {report.target}")
        for c in report.tables:
            t.add_row(c.table, str(c.source_rows), str(c.target_rows), c.source_sum[:12], c.target_sum[:12],
                      "yes" if c.ok else "[red]NO[/]")
        con = console()
        con.print(t)
        if report.ok:
            con.print(f"All {len(report.tables)} tables copied: same rows, same checksums. To use the copy, set "
                      "\\[database] url in workbench.toml (or WORKBENCH_DATABASE_URL) to it.")
    if not report.ok:
        from workbench.errors import WorkbenchError

        bad = ", ".join(c.table for c in report.tables if not c.ok)
        raise WorkbenchError(f"the copy differs from the source in: {bad}", hint="do not use the copy")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
