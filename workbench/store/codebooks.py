"""Store access for codebooks and codes. Codes keep their identity by ``id`` across loads."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from workbench.codebook.model import Code, Codebook
from workbench.errors import WorkbenchError
from workbench.store import schema as S
from workbench.store.events import log_event
from workbench.store.upsert import insert_new, upsert


@dataclass
class LoadResult:
    codebook: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    headlines: int = 0  # retired ``headline`` values kept as heading suggestions


SHIPPED_HINT = "run `workbench codebook load reintegratie` (the shipped codebook) or `workbench codebook load FILE`"


def _guid(codebook: Codebook, code: Code) -> str:
    if code.guid:
        return code.guid.strip("{}")
    try:
        from workbench.codebook.qdc import code_guid
    except ImportError:  # pragma: no cover
        import uuid

        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"workbench:{codebook.name}:{code.id}"))
    return code_guid(codebook.name, code.id)


def load_codebook(project, codebook: Codebook, *, force: bool = False, actor: str = "workbench") -> LoadResult:
    """Insert or update a codebook. Removing a code that has codings needs ``force``.

    One short write transaction, run again whole while the database is busy (``store/retry.py``);
    two loads at once (or a load during an import) converge: each row is an upsert."""
    return project.write(lambda s: load_codebook_in(s, codebook, force=force, actor=actor))


def load_codebook_in(s, codebook: Codebook, *, force: bool = False, actor: str = "workbench") -> LoadResult:
    """:func:`load_codebook` inside an open session (for imports that are one transaction).

    The codebook row is written first as an upsert: on PostgreSQL that locks it, so a second load
    of the same codebook waits here for the first to commit and then reads what it wrote. Each
    code is inserted only when its key is free (``insert_new``), else the stored row is updated."""
    res = LoadResult(codebook.name)
    taken = {c.code_id: name for c, name in s.execute(
        select(S.CodeRow, S.CodebookRow.name).join(S.CodebookRow, S.CodeRow.codebook_id == S.CodebookRow.id)
        .where(S.CodebookRow.name != codebook.name, S.CodeRow.active.is_(True)))}
    clash = sorted({c.id for c in codebook.flat()} & set(taken))
    if clash:
        raise WorkbenchError(
            f"code id(s) {', '.join(clash)} already belong to codebook {taken[clash[0]]!r} in this project",
            hint="code ids must be unique across a project's codebooks; rename them or load a new "
                 "version under the same codebook name",
        )
    upsert(s, S.CodebookRow, dict(name=codebook.name, version=codebook.version, language=codebook.language,
                                  description=codebook.description),
           keys=["name"], update=["version", "language", "description"])
    row_id = s.scalar(select(S.CodebookRow.id).where(S.CodebookRow.name == codebook.name))
    existing = _codes_of(s, row_id)
    new_ids = set()
    for pos, code in enumerate(codebook.flat()):
        new_ids.add(code.id)
        data = code.model_dump(exclude={"children"})
        cur = existing.get(code.id)
        if cur is None and insert_new(s, S.CodeRow, dict(codebook_id=row_id, code_id=code.id,
                                                         guid=_guid(codebook, code), position=pos, active=True,
                                                         data=data), keys=["codebook_id", "code_id"]):
            res.added.append(code.id)
            continue
        if cur is None:  # another process added it since this transaction read the codes
            cur = _codes_of(s, row_id)[code.id]
        if cur.data != data or not cur.active or cur.position != pos:
            cur.data, cur.active, cur.position = data, True, pos
            res.changed.append(code.id)
        else:
            res.unchanged += 1
    for cid, cur in existing.items():
        if cid in new_ids or not cur.active:
            continue
        n = s.scalar(select(func.count()).select_from(S.Coding).where(S.Coding.code_id == cid))
        if n and not force:
            raise WorkbenchError(
                f"code {cid!r} is not in the new codebook but has {n} codings",
                hint="pass --force to retire it (its codings are kept but hidden), or keep the code",
            )
        cur.active = False
        res.removed.append(cid)
        log_event(s, actor, "code-removed", code_id=cid, codings=n or 0, forced=bool(n))
    if codebook.legacy_headlines:
        res.headlines = _keep_headlines(s, codebook.legacy_headlines)
    s.flush()
    log_event(s, actor, "codebook-loaded", codebook=codebook.name, version=codebook.version,
              added=res.added, changed=res.changed, removed=res.removed)
    return res


def _codes_of(s, codebook_id: int) -> dict[str, S.CodeRow]:
    """The codebook's code rows as stored now (not as this session cached them)."""
    return {c.code_id: c for c in s.scalars(select(S.CodeRow).where(S.CodeRow.codebook_id == codebook_id)
                                            .execution_options(populate_existing=True))}


LEGACY_HEADLINES = "legacy_headlines"  # meta key, see migration 0003_rep_headlines


def _keep_headlines(s, found: dict[str, str]) -> int:
    import json

    if not insert_new(s, S.Meta, dict(key=LEGACY_HEADLINES, value=json.dumps(found, ensure_ascii=False)),
                      keys=["key"]):
        row = s.scalar(select(S.Meta).where(S.Meta.key == LEGACY_HEADLINES).with_for_update()
                       .execution_options(populate_existing=True))
        row.value = json.dumps({**json.loads(row.value), **found}, ensure_ascii=False)
    return len(found)


def legacy_headlines(project) -> dict[str, str]:
    """code id -> the ``headline`` an older codebook gave it (unverified; never printed as a heading)."""
    import json

    with project.session() as s:
        row = s.get(S.Meta, LEGACY_HEADLINES)
        return json.loads(row.value) if row is not None else {}


def project_codebook(project, required: bool = True, name: str | None = None) -> Codebook | None:
    """The project's codebook (active codes, tree rebuilt from parents). With several loaded
    codebooks, one combined codebook whose roots are each codebook's top-level codes."""
    with project.session() as s:
        rows = s.scalars(select(S.CodebookRow).order_by(S.CodebookRow.id)).all()
        if name is not None:
            rows = [r for r in rows if r.name == name]
            if not rows:
                raise WorkbenchError(f"no codebook named {name!r} in this project")
        if not rows:
            if required:
                raise WorkbenchError("no codebook loaded in this project",
                                     hint=SHIPPED_HINT)
            return None
        roots: list[Code] = []
        for row in rows:
            codes = s.scalars(select(S.CodeRow).where(S.CodeRow.codebook_id == row.id, S.CodeRow.active.is_(True))
                              .order_by(S.CodeRow.position)).all()
            flat = [Code.model_validate({**c.data, "children": [], "guid": c.data.get("guid") or c.guid})
                    for c in codes]
            roots.extend(_nest(flat))
        first = rows[0]
        if len(rows) == 1:
            return Codebook(name=first.name, version=first.version, language=first.language,
                            description=first.description, codes=roots)
        return Codebook(name=" + ".join(r.name for r in rows), version=", ".join(f"{r.name} {r.version}" for r in rows),
                        language=first.language, description="Combined codebooks of this project", codes=roots)


def _nest(flat: list[Code]) -> list[Code]:
    """Rebuild the tree from ``parent`` ids (a code whose parent is missing becomes a root)."""
    ids = {c.id for c in flat}
    kids: dict[str | None, list[Code]] = {}
    for c in flat:
        kids.setdefault(c.parent if c.parent in ids else None, []).append(c)

    def build(code: Code) -> Code:
        return code.model_copy(update={"children": [build(k) for k in kids.get(code.id, [])], "parent": None})

    return [build(c) for c in kids.get(None, [])]


def coding_counts(project) -> dict[str, dict[str, int]]:
    """code id -> status -> number of codings (over all coders)."""
    with project.session() as s:
        out: dict[str, dict[str, int]] = {}
        for cid, status, coder, n in s.execute(
            select(S.Coding.code_id, S.Coding.status, S.Coding.coder, func.count()).group_by(
                S.Coding.code_id, S.Coding.status, S.Coding.coder)):
            key = "suggested" if status == "suggested" else status
            out.setdefault(cid, {}).setdefault(key, 0)
            out[cid][key] += n
        return out


def add_code(project, code: Code, *, actor: str, codebook: str | None = None) -> str:
    """Add one new (already validated) code to a loaded codebook: the one holding its parent,
    else ``codebook``, else the first loaded. Logged as ``code-added``. Returns the codebook name.
    One retried write transaction; a code another process added meanwhile is refused, not doubled."""
    return project.write(lambda s: _add_code(s, code, actor, codebook))


def _add_code(s, code: Code, actor: str, codebook: str | None) -> str:
    if s.scalar(select(S.CodeRow).where(S.CodeRow.code_id == code.id)) is not None:
        raise WorkbenchError(f"code id {code.id!r} already exists in this project")
    row = None
    if code.parent:
        parent = s.scalar(select(S.CodeRow).where(S.CodeRow.code_id == code.parent, S.CodeRow.active.is_(True)))
        if parent is None:
            raise WorkbenchError(f"unknown parent code {code.parent!r}")
        row = s.get(S.CodebookRow, parent.codebook_id)
    elif codebook:
        row = s.scalar(select(S.CodebookRow).where(S.CodebookRow.name == codebook))
    if row is None:
        row = s.scalar(select(S.CodebookRow).order_by(S.CodebookRow.id))
    if row is None:
        raise WorkbenchError("no codebook loaded in this project",
                             hint=SHIPPED_HINT)
    pos = s.scalar(select(func.max(S.CodeRow.position)).where(S.CodeRow.codebook_id == row.id))
    book = Codebook(name=row.name, version=row.version, language=row.language)
    if not insert_new(s, S.CodeRow, dict(codebook_id=row.id, code_id=code.id, guid=_guid(book, code),
                                         position=(pos or 0) + 1, active=True,
                                         data=code.model_dump(exclude={"children"})),
                      keys=["codebook_id", "code_id"]):
        raise WorkbenchError(f"code id {code.id!r} was added to this project meanwhile")
    log_event(s, actor, "code-added", code_id=code.id, codebook=row.name, parent=code.parent,
              label=code.label)
    return row.name
