"""Coders as people: who may write codings under which name, and who may reconcile.

Every path that writes a coding goes through ``require_coder`` (a registered person, never a
reserved name) or, for the consensus, ``require_supervisor``. The model writes only through
``codings.replace_suggestions``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from workbench.errors import WorkbenchError
from workbench.store import schema as S
from workbench.store.clock import iso
from workbench.store.events import log_event
from workbench.vocab import CoderRole, ReservedCoder

MAX_NAME = 80
SYSTEM_ACTOR = "workbench"  # actor of coder-added / coder-role events in the log


@dataclass
class CoderRec:
    name: str
    role: str
    created_at: str
    codings: int = 0


def check_name(name) -> str:
    """A name a person may take: not blank, not reserved, not too long. Returns it stripped."""
    if not isinstance(name, str) or not name.strip():
        raise WorkbenchError("a coder name cannot be empty", hint="give your own name, e.g. --coder anna")
    name = name.strip()
    if ReservedCoder.holds(name):
        raise WorkbenchError(f"{name!r} is a reserved coder name ({', '.join(ReservedCoder)})",
                             hint="use your own name")
    if len(name) > MAX_NAME:
        raise WorkbenchError(f"a coder name is at most {MAX_NAME} characters")
    if any(not ch.isprintable() for ch in name):
        raise WorkbenchError(f"coder name {name!r} holds a control character")
    return name


def _hint(session, name: str, role: CoderRole = CoderRole.CODER) -> str:
    known = sorted(session.scalars(select(S.CoderRow.name)))
    flag = "" if role == CoderRole.CODER else f" --role {role}"
    return f"run `workbench coder add {name}{flag}` first" + (f"; coders: {', '.join(known)}" if known else "")


def require_coder(session, name, role: CoderRole = CoderRole.CODER) -> S.CoderRow:
    """The registered coder ``name`` (exactly as given), or a one-line error with a hint."""
    if not isinstance(name, str) or name != name.strip() or ReservedCoder.holds(name) or not name:
        check_name(name)
        raise WorkbenchError(f"coder name {name!r} has spaces around it", hint="give the name without them")
    row = session.get(S.CoderRow, name)
    if row is None:
        raise WorkbenchError(f"unknown coder {name!r}", hint=_hint(session, name, role))
    return row


def require_supervisor(session, name) -> S.CoderRow:
    row = require_coder(session, name, CoderRole.SUPERVISOR)
    if row.role != CoderRole.SUPERVISOR:
        raise WorkbenchError(f"{name} is a {row.role}; only a supervisor reconciles",
                             hint=f"a supervisor runs it, or: workbench coder add {name} --role supervisor "
                                  "(to change the role)")
    return row


def check_coder(project, name, role: CoderRole = CoderRole.CODER) -> None:
    """Project-level check before a command starts work (the writes check again)."""
    from workbench.store.roles import role_mismatch

    with project.session() as s:
        if role == CoderRole.SUPERVISOR:
            require_supervisor(s, name)
        else:
            require_coder(s, name)
        connected = role_mismatch(s, name)
    if connected is not None:  # the server would refuse the first write (row-level security)
        raise WorkbenchError(f"you are connected to the database as {connected}, so you can only write "
                             f"{connected}'s codings, not {name}'s", path=project.db_label,
                             hint=f"use --coder {connected}, or connect as {name} (docs/team.md, Roles)")


def add_coder(project, name, role: str | None = None) -> tuple[CoderRec, str]:
    """Register a coder (role ``coder`` unless given). Giving another role to a registered coder
    changes it. Returns the coder and what happened: "added", "role changed" or "unchanged"."""
    if role is not None:
        try:
            role = CoderRole(role)
        except ValueError:
            raise WorkbenchError(f"role must be {' or '.join(CoderRole)}, not {role!r}") from None
    name = check_name(name)
    with project.session() as s:
        row = s.get(S.CoderRow, name)
        if row is None:
            register_coder(s, name, role or CoderRole.CODER)
            return _rec(s.get(S.CoderRow, name)), "added"
        if role is None or row.role == role:
            return _rec(row), "unchanged"
        log_event(s, SYSTEM_ACTOR, "coder-role", coder=name, previous=row.role, role=str(role))
        row.role = role
        s.flush()
        return _rec(row), "role changed"


def register_coder(session, name, role: str = CoderRole.CODER) -> bool:
    """Session-level: register ``name`` if it is not yet (inside a caller's transaction)."""
    from workbench.store.clock import now
    from workbench.store.upsert import insert_new

    name = check_name(name)
    if session.get(S.CoderRow, name) is not None:
        return False
    if not insert_new(session, S.CoderRow, dict(name=name, role=str(CoderRole(role)), created_at=now(session)),
                      keys=["name"]):
        return False  # another process registered the name meanwhile
    log_event(session, SYSTEM_ACTOR, "coder-added", coder=name, role=str(CoderRole(role)))
    session.flush()
    return True


def ensure_coders(project, names, role: str = CoderRole.CODER) -> list[str]:
    """Register each of ``names`` that is not registered yet (demo, explicit import flag)."""
    with project.session() as s:
        return [n for n in names if register_coder(s, n, role)]


def list_coders(project) -> list[CoderRec]:
    with project.session() as s:
        counts = dict(s.execute(select(S.Coding.coder, func.count()).group_by(S.Coding.coder)).all())
        return [_rec(r, counts.get(r.name, 0)) for r in s.scalars(select(S.CoderRow).order_by(S.CoderRow.name))]


def _rec(row: S.CoderRow, codings: int = 0) -> CoderRec:
    created = iso(row.created_at)
    return CoderRec(row.name, str(row.role), created, codings)
