"""Store access for memos: one per (segment | code | transcript, author), every change logged."""

from __future__ import annotations

from sqlalchemy import delete, select

from workbench.errors import WorkbenchError
from workbench.store import schema as S
from workbench.store.clock import iso
from workbench.store.events import log_event
from workbench.store.records import MemoRec

KINDS = ("segment", "code", "transcript")


def _row(session, kind: str, target: str, author: str):
    if kind not in KINDS:
        raise WorkbenchError(f"a memo is on a {', a '.join(KINDS)}, not a {kind!r}")
    return session.scalar(select(S.Memo).where(S.Memo.kind == kind, S.Memo.target == str(target),
                                               S.Memo.author == author))


def get_memo(session, kind: str, target, author: str) -> str | None:
    row = _row(session, kind, str(target), author)
    return row.text if row else None


def set_memo(session, kind: str, target, author: str, text: str | None, action: str = "memo") -> bool:
    """Write (or, with empty ``text``, delete) ``author``'s memo; logged with old and new text.
    Returns True when something changed."""
    row = _row(session, kind, str(target), author)
    text = (text or "").strip() or None
    old = row.text if row else None
    if old == text:
        return False
    if text is None:
        session.execute(delete(S.Memo).where(S.Memo.id == row.id))
    else:  # one upsert: a memo another process wrote meanwhile is updated, not duplicated
        from workbench.store.clock import now
        from workbench.store.codings import _insert

        t = now(session)
        ins = _insert(session)(S.Memo).values(kind=kind, target=str(target), author=author, text=text,
                                              created_at=t, updated_at=t)
        session.execute(ins.on_conflict_do_update(index_elements=["kind", "target", "author"],
                                                  set_={"text": ins.excluded.text, "updated_at": t}))
    session.expire_all()
    details = {"kind": kind, "target": str(target), "previous": old, "text": text}
    log_event(session, author, action, segment_id=int(target) if kind == "segment" else None,
              code_id=str(target) if kind == "code" else None, **details)
    return True


def list_memos(project, author: str | None = None, kind: str | None = None) -> list[MemoRec]:
    with project.session() as s:
        q = select(S.Memo).order_by(S.Memo.kind, S.Memo.target, S.Memo.author)
        if author:
            q = q.where(S.Memo.author == author)
        if kind:
            q = q.where(S.Memo.kind == kind)
        return [MemoRec(m.kind, m.target, m.author, m.text, iso(m.updated_at))
                for m in s.scalars(q)]
