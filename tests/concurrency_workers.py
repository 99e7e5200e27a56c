"""Processes that work on one project at once (tests/test_concurrency.py, bench/bench_concurrency.py).

Each is a plain function run in its own process (multiprocessing "spawn"), opening the project
itself as a coder on another machine would. ``go`` is a multiprocessing Event that releases
them together.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def run_all(procs, go, out, timeout: float = 600) -> list:
    """Start the worker processes, release them together, wait, and return one report from each."""
    for p in procs:
        p.start()
    go.set()
    for p in procs:
        p.join(timeout=timeout)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return [out.get(timeout=5) for _ in procs]


def _open(root: str, url: str | None):
    if url:
        os.environ["WORKBENCH_DATABASE_URL"] = url
    else:
        os.environ.pop("WORKBENCH_DATABASE_URL", None)
    from workbench.store.project import Project

    return Project.open(root)


def decisions_for(coder: str, segment_ids: list[int], codes: list[str], n: int) -> list[tuple[int, str, str]]:
    """``n`` distinct (segment, code, status) decisions of ``coder``, in an order of its own."""
    rng = random.Random(coder)
    pairs = [(sid, code) for sid in segment_ids for code in codes]
    rng.shuffle(pairs)
    return [(sid, code, "accepted" if rng.random() < 0.5 else "rejected") for sid, code in pairs[:n]]


def coder_worker(root: str, url: str | None, coder: str, decisions: list, go, out) -> None:
    """One decision per short transaction, as `review` and `code add` write them."""
    from workbench.store.codings import set_decision

    project = _open(root, url)
    go.wait()
    t0 = time.perf_counter()
    for sid, code, status in decisions:
        project.write(lambda s, sid=sid, code=code, status=status: set_decision(s, sid, code, coder, status))
    out.put((coder, len(decisions), time.perf_counter() - t0))
    project.close()


def suggest_worker(root: str, url: str | None, runs: int, go, out) -> None:
    """``runs`` real `suggest` runs (fake encoder: no model download) while the coders work."""
    from tests.test_suggest_fakes import fake_encoder
    from workbench.suggest.project import run_suggest

    project = _open(root, url)
    go.wait()
    kept = 0
    for _ in range(runs):
        kept += run_suggest(project, encoder=fake_encoder).kept
    out.put(("model", runs, kept))
    project.close()


def reconcile_worker(root: str, url: str | None, supervisor: str, coders: dict[str, int], go, out) -> None:
    """A supervisor reconciling ``coders`` (first coder wins) once each has made the given number
    of decisions, while the other coders and `suggest` still work: what it settles is then known."""
    from workbench.agreement.reconcile import reconcile_first_wins
    from workbench.store.coders import list_coders

    project = _open(root, url)
    go.wait()
    while True:  # one light count per coder, not their rows: the coders keep the CPU
        done = {r.name: r.codings for r in list_coders(project)}
        if all(done.get(c, 0) >= n for c, n in coders.items()):
            break
        time.sleep(0.2)
    res = reconcile_first_wins(project, list(coders), decided_by=supervisor)
    out.put(("consensus", res, 0))
    project.close()


def load_worker(root: str, url: str | None, codebooks: list, times: int, go, out) -> None:
    """`codebook load` of each of ``codebooks`` (Codebook models), ``times`` over."""
    from workbench.store.codebooks import load_codebook

    project = _open(root, url)
    go.wait()
    added = []
    for _ in range(times):
        for cb in codebooks:
            added += [(cb.name, cid) for cid in load_codebook(project, cb).added]
    out.put(("load", times * len(codebooks), added))
    project.close()


def import_worker(root: str, url: str | None, who: str, files: list[str], respondents: str | None, go, out) -> None:
    """`workbench import FILES --respondents CSV` (no pseudonymisation: the texts are clean)."""
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.ingest.segment import nlp

    project = _open(root, url)
    nlp()  # spaCy's sentencizer loaded before the start, so the imports really overlap
    go.wait()
    rep = import_files(project, [Path(f) for f in files],
                       ImportOptions(respondents_csv=Path(respondents) if respondents else None, pseudonymise=False))
    out.put((who, [(r.file, r.status, r.message) for r in rep.results], None))
    project.close()
