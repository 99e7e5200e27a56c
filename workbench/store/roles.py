"""Coders as PostgreSQL roles: the server itself keeps one coder from writing another's decisions.

``grant_db_role`` (``workbench coder add NAME --db-role``) gives a registered coder a database
role of the same name and turns on row-level security on ``coding``, ``seen`` and ``memo``:

- every role reads every row;
- a member of ``workbench_coders`` writes only rows under its own name (``coder = current_user``)
  and the model's suggestions (``suggest`` may run as any coder);
- a member of ``workbench_supervisors`` also writes the ``consensus`` rows (reconcile);
- the audit log (``event``) is append-only for both groups.

The table owner (who runs ``db upgrade``, ``db copy``, imports with ``--replace`` and ``privacy
apply``) is not bound by the policies. A new role cannot log in (NOLOGIN) unless ``password`` is
given; the password goes to the server only as a SCRAM verifier made on this machine and is
never written to the project. Everything is idempotent: running it again re-applies the grants
and policies (after ``db upgrade`` or ``db copy``).
"""

from __future__ import annotations

from workbench.errors import WorkbenchError
from workbench.store import schema as S
from workbench.store.events import log_event
from workbench.vocab import CoderRole, ReservedCoder

CODERS_GROUP = "workbench_coders"
SUPERVISORS_GROUP = "workbench_supervisors"
MAX_ROLE_BYTES = 63  # PostgreSQL's identifier limit
# tables every coder writes (review, code add, suggest, desk memos); the rest only the supervisors
CODER_TABLES = ("coding", "seen", "suggest_run", "embedding", "memo")
SUPERVISOR_TABLES = ("meta", "respondent", "respondent_attribute", "transcript", "speaker_turn", "segment",
                     "codebook", "code", "coder")
OWN_ROWS = {"coding": "coder", "seen": "coder", "memo": "author"}  # tables with row-level security


def _policies(table: str, column: str) -> list[str]:
    model = f"'{ReservedCoder.MODEL}'" if table != "memo" else None
    out = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"]
    for name in ("wb_read", "wb_own", "wb_model", "wb_consensus"):
        out.append(f"DROP POLICY IF EXISTS {name} ON {table}")
    out.append(f"CREATE POLICY wb_read ON {table} FOR SELECT USING (true)")
    out.append(f"CREATE POLICY wb_own ON {table} FOR ALL TO {CODERS_GROUP} "
               f"USING ({column} = current_user) WITH CHECK ({column} = current_user)")
    if model:
        out.append(f"CREATE POLICY wb_model ON {table} FOR ALL TO {CODERS_GROUP} "
                   f"USING ({column} = {model}) WITH CHECK ({column} = {model})")
        out.append(f"CREATE POLICY wb_consensus ON {table} FOR ALL TO {SUPERVISORS_GROUP} "
                   f"USING ({column} = '{ReservedCoder.CONSENSUS}') WITH CHECK ({column} = '{ReservedCoder.CONSENSUS}')")
    return out


def security_statements() -> list[str]:
    """The grants and policies, as SQL (also printed in docs/team.md)."""
    groups = [f"DO $$ BEGIN CREATE ROLE {g} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
              for g in (CODERS_GROUP, SUPERVISORS_GROUP)]
    grants = [
        f"GRANT {CODERS_GROUP} TO {SUPERVISORS_GROUP}",
        f"GRANT USAGE ON SCHEMA public TO {CODERS_GROUP}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {CODERS_GROUP}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(CODER_TABLES)} TO {CODERS_GROUP}",
        f"GRANT INSERT ON event, code TO {CODERS_GROUP}",  # the log is append-only; the desk adds codes
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(SUPERVISOR_TABLES)} TO {SUPERVISORS_GROUP}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {CODERS_GROUP}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {CODERS_GROUP}",
    ]
    rls = [st for table, column in OWN_ROWS.items() for st in _policies(table, column)]
    return groups + grants + rls


def needs_postgresql(project) -> None:
    if project.backend != "postgresql":
        raise WorkbenchError("--db-role needs a PostgreSQL database; this project is on SQLite, which has no "
                             "database roles", path=project.db_label,
                             hint="to let the server keep coders apart, move the project to PostgreSQL: "
                                  "`workbench db copy --to postgresql+psycopg://…`, see docs/team.md")


def grant_db_role(project, name: str, *, password: str | None = None) -> str:
    """Give the registered coder ``name`` a database role of that name, in the coders' group
    (and the supervisors' when the coder is one), and apply the grants and row-level security.
    ``password``: let the role log in with it. Returns "created" or "updated"."""
    from sqlalchemy.exc import DBAPIError

    needs_postgresql(project)
    if len(name.encode()) > MAX_ROLE_BYTES:
        raise WorkbenchError(f"coder name {name!r} is too long for a database role ({MAX_ROLE_BYTES} bytes at most)")
    with project.session(write=True) as s:
        row = s.get(S.CoderRow, name)
        if row is None:
            raise WorkbenchError(f"unknown coder {name!r}", hint=f"run `workbench coder add {name}` first")
        conn = s.connection()
        raw = conn.connection.dbapi_connection
        try:
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).first() is not None
            for statement in security_statements():
                conn.exec_driver_sql(statement)
            role = _ident(raw, name)
            if not exists:
                conn.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
            if password is not None:
                verifier = raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
                conn.exec_driver_sql(f"ALTER ROLE {role} LOGIN PASSWORD {_literal(raw, verifier.decode())}")
            conn.exec_driver_sql(f"GRANT {CODERS_GROUP} TO {role}")
            if row.role == CoderRole.SUPERVISOR:
                conn.exec_driver_sql(f"GRANT {SUPERVISORS_GROUP} TO {role}")
            else:
                conn.exec_driver_sql(f"REVOKE {SUPERVISORS_GROUP} FROM {role}")
        except DBAPIError as exc:
            first = str(exc.orig).splitlines()[0]
            raise WorkbenchError(f"the database server refused to set up role {name!r} ({first})",
                                 path=project.db_label,
                                 hint="run it as the database owner with the CREATEROLE right (docs/team.md, Roles)"
                                 ) from None
        log_event(s, "workbench", "db-role", coder=name, role=str(row.role), login=password is not None,
                  created=not exists)
        return "updated" if exists else "created"


def _ident(raw, name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name).as_string(raw)


def _literal(raw, value: str) -> str:
    from psycopg import sql

    return sql.Literal(value).as_string(raw)


def role_mismatch(session, name: str) -> str | None:
    """On PostgreSQL, when this connection's role is a mapped coder (a direct member of the
    coders' group) other than ``name``: that role's name. None otherwise (SQLite, the owner, a
    team sharing one role)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    current, mapped = session.execute(_MAPPED).one()
    return current if mapped and current != name else None


def _mapped_query():
    from sqlalchemy import text

    return text("SELECT current_user, EXISTS (SELECT 1 FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                f"WHERE g.rolname = '{CODERS_GROUP}' AND u.rolname = current_user)")


_MAPPED = _mapped_query()
