"""Several processes on one project at once, on SQLite and on PostgreSQL: four coders deciding
PER_CODER codings each (one short transaction per decision, as review writes them), two `suggest`
runs and a supervisor's reconcile of two coders (once those two are done, while the others and
`suggest` still write). Afterwards every decision is there exactly once, no human decision was
touched by `suggest`, the audit log has one event per change, and the reconcile settled exactly
the disagreements the two coders' plans hold."""

import multiprocessing as mp
import os
from collections import Counter

import pytest
from sqlalchemy import text

from tests.concurrency_workers import coder_worker, decisions_for, reconcile_worker, run_all, suggest_worker
from tests.helpers import make_project
from workbench.store.codings import list_codings
from workbench.store.events import list_events

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL

CODERS = ["anna", "ben", "cor", "dirk"]
# 200 decisions per coder keeps this file near 40-55 s on a 2-core machine; the 500 takes
# 90-105 s there (both measured with other work running). WORKBENCH_TEST_DECISIONS=500 runs the
# issue's example (it passes); bench/bench_concurrency.py measures throughput.
PER_CODER = int(os.environ.get("WORKBENCH_TEST_DECISIONS", "200"))
CODES = ["motivation", "financial_uncertainty", "trajectory_fit", "zelfoverschatting"]


def _interview(n: int) -> str:
    words = ["structuur", "toeslagen", "traject", "coach", "uren", "geld", "werk", "collega's"]
    parts = []
    for i in range(n):
        parts.append(f"Interviewer: Vraag {i}: hoe ging het met {words[i % 8]}?")
        parts.append(f"Respondent: Antwoord {i}. Ik dacht vooral aan {words[(i * 3) % 8]} en {words[(i + 5) % 8]}.")
    return "\n\n".join(parts) + "\n"


def test_coders_suggest_and_reconcile_at_once_lose_and_duplicate_nothing(project, tmp_path, db_backend):
    from workbench.store.coders import ensure_coders

    ensure_coders(project, ["dirk"])
    segs = [s.id for s in make_project(project, tmp_path, text=_interview(PER_CODER // len(CODES) + 10))]
    assert len(segs) * len(CODES) >= PER_CODER
    plan = {c: decisions_for(c, segs, CODES, PER_CODER) for c in CODERS}
    url = os.environ.get("WORKBENCH_DATABASE_URL")
    root = str(project.root)
    project.close()

    ctx = mp.get_context("spawn")
    go, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=coder_worker, args=(root, url, c, plan[c], go, out)) for c in CODERS]
    procs.append(ctx.Process(target=suggest_worker, args=(root, url, 2, go, out)))
    procs.append(ctx.Process(target=reconcile_worker, args=(root, url, "sup", dict.fromkeys(CODERS[:2], PER_CODER),
                                                            go, out)))
    reports = {who: (n, extra) for who, n, extra in run_all(procs, go, out)}
    assert {c: reports[c][0] for c in CODERS} == {c: PER_CODER for c in CODERS}

    # every decision exactly once, as decided
    for c in CODERS:
        got = [(r.segment_id, r.code_id, r.status) for r in list_codings(project, coder=c)]
        assert sorted(got) == sorted(plan[c]), c
    # the audit log: one event per change, per coder
    events = list_events(project)
    per_key = Counter((e.actor, e.segment_id, e.code_id) for e in events
                      if e.actor in CODERS and e.action in ("accepted", "rejected"))
    assert len(per_key) == len(CODERS) * PER_CODER and set(per_key.values()) == {1}
    # suggest never touched a human decision: those rows were written once (created == updated)
    with project.engine.connect() as conn:
        touched = conn.execute(text(
            "SELECT count(*) FROM coding WHERE coder NOT IN ('model', 'consensus') "
            "AND (created_at <> updated_at OR run_id IS NOT NULL)")).scalar()
        runs = conn.execute(text("SELECT count(*), count(finished_at) FROM suggest_run")).one()
        seen = conn.execute(text("SELECT coder, count(*) FROM seen WHERE coder IN ('anna','ben','cor','dirk') "
                                 "GROUP BY coder")).all()
    assert touched == 0
    assert tuple(runs) == (2, 2)  # both concurrent runs, finished
    assert dict(seen) == {c: len({sid for sid, _, _ in plan[c]}) for c in CODERS}
    assert [e for e in events if e.action == "suggest" and e.actor == "model"][-1].details["run"]
    # the model's rows are all suggestions; consensus only by the supervisor's reconcile
    assert {r.status for r in list_codings(project, coder="model")} <= {"suggested"}
    reconciled = [e for e in events if e.action == "reconciled"]
    assert all(e.actor == "consensus" and e.details["decided_by"] == "sup" for e in reconciled)
    # the reconcile is deterministic: it settled exactly the disagreements of anna's and ben's plans
    expect = _reconcile_expected(plan["anna"], plan["ben"])
    got = reports["consensus"][0]
    assert (got["reconciled"], got["agreed"], got["single"]) == expect
    assert expect[0] > 0 and expect[1] > 0
    consensus = {}
    for r in list_codings(project, coder="consensus"):
        if r.status == "accepted":
            consensus.setdefault(r.segment_id, set()).add(r.code_id)
    anna = _accepted(plan["anna"])
    assert {sid: codes for sid, codes in consensus.items() if codes} == {sid: codes for sid, codes in anna.items()
                                                                        if codes}  # first coder wins


def _accepted(decisions) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for sid, code, status in decisions:
        out.setdefault(sid, set())
        if status == "accepted":
            out[sid].add(code)
    return out


def _reconcile_expected(first, second) -> tuple[int, int, int]:
    """(disagreements settled, segments agreed, segments only one of them saw) from two plans."""
    a, b = _accepted(first), _accepted(second)
    common = a.keys() & b.keys()
    differ = sum(a[s] != b[s] for s in common)
    return differ, len(common) - differ, len(a.keys() ^ b.keys())
