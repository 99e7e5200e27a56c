"""Codebook loads and transcript imports from several processes at once, on SQLite and on
PostgreSQL: every write is an upsert in a short retried transaction, so concurrent runs converge
to one correct state (each codebook, code, transcript and respondent once) and none fails."""

import multiprocessing as mp
import os
from collections import Counter

import pytest
from sqlalchemy import text

from tests.concurrency_workers import import_worker, load_worker, run_all
from tests.helpers import TEXT, small_codebook
from workbench.codebook.model import Code, Codebook
from workbench.store.events import list_events
from workbench.store.transcripts import list_respondents, list_transcripts

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL


def _extra() -> Codebook:
    return Codebook(name="extra", version="2", codes=[
        Code(id=f"thema_{i}", label=f"Thema {i}", definition=f"Het {i}e thema.") for i in range(12)])


def _files(tmp_path, prefix: str, n: int) -> list[str]:
    out = []
    for i in range(n):
        f = tmp_path / f"{prefix}{i}.txt"
        f.write_text(TEXT.replace("Waarom", f"Waarom ({prefix}{i})"), encoding="utf-8")
        out.append(str(f))
    return out


def _respondents(tmp_path, files: list[str]) -> str:
    csv = tmp_path / "respondents.csv"
    rows = [f"R{i:02d},{os.path.basename(f)},Respondent,deelnemer,IVA" for i, f in enumerate(files)]
    csv.write_text("id,file,speaker,type,uitkering\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(csv)


def test_codebook_loads_at_once_and_during_an_import_converge(project, tmp_path):
    url, root = os.environ.get("WORKBENCH_DATABASE_URL"), str(project.root)
    books = [small_codebook("mini"), _extra()]
    files = _files(tmp_path, "t", 4)
    project.close()
    ctx = mp.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=load_worker, args=(root, url, books if i % 2 else books[::-1], 3, go, out))
             for i in range(3)]
    procs.append(ctx.Process(target=import_worker, args=(root, url, "import", files, None, go, out)))
    reports = run_all(procs, go, out, timeout=300)

    loads = [r for r in reports if r[0] == "load"]
    assert sum(n for _, n, _ in loads) == 18
    added = [a for _, _, got in loads for a in got]
    every = sorted((cb.name, c.id) for cb in books for c in cb.flat())
    assert sorted(added) == every  # each code added by exactly one load; the others found it there
    with project.engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT name FROM codebook")).scalars()) == ["extra", "mini"]
        rows = conn.execute(text("SELECT b.name, c.code_id, c.active FROM code c JOIN codebook b "
                                 "ON b.id = c.codebook_id")).all()
    assert sorted((b, c) for b, c, _ in rows) == every and all(a for *_, a in rows)
    assert len([e for e in list_events(project) if e.action == "codebook-loaded"]) == 18
    (imp,) = [r for r in reports if r[0] == "import"]
    assert [s for _, s, _ in imp[1]] == ["imported"] * 4


def test_imports_of_the_same_and_of_different_transcripts_at_once(project, tmp_path):
    url, root = os.environ.get("WORKBENCH_DATABASE_URL"), str(project.root)
    same, other = _files(tmp_path, "s", 5), _files(tmp_path, "o", 3)
    csv = _respondents(tmp_path, same + other)
    project.close()
    ctx = mp.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    mixed = [f for pair in zip(same[::-1], other + [None] * 5) for f in pair if f]  # the same and others
    procs = [ctx.Process(target=import_worker, args=(root, url, "a", same, csv, go, out)),
             ctx.Process(target=import_worker, args=(root, url, "b", mixed, csv, go, out)),
             ctx.Process(target=load_worker, args=(root, url, [small_codebook()], 2, go, out))]
    reports = {who: got for who, got, _ in run_all(procs, go, out, timeout=300)}

    # the same files: each imported by exactly one of the two runs, skipped by the other
    for f in map(os.path.basename, same):
        got = sorted(st for who in "ab" for name, st, _ in reports[who] if name == f)
        assert got == ["imported", "skipped"], (f, reports)
    assert [st for name, st, _ in reports["b"] if name.startswith("o")] == ["imported"] * 3
    stored = list_transcripts(project)
    assert sorted(t.name for t in stored) == sorted(map(os.path.basename, same + other))
    assert all(t.segments == stored[0].segments > 0 for t in stored)
    assert len({t.uid for t in stored}) == 8
    resp = list_respondents(project)
    assert sorted(r.id for r in resp) == [f"R{i:02d}" for i in range(8)]
    assert {r.attributes["uitkering"] for r in resp} == {"IVA"}
    events = Counter(e.action for e in list_events(project))
    assert events["transcript-imported"] == 8 and events["codebook-loaded"] == 2
