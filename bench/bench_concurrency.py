"""Concurrency benchmark: coding decisions per second with 1, 4 and 8 writers, on each engine.

    .venv/bin/python bench/bench_concurrency.py [--per-writer 150] [--writers 1,4,8]

Each writer is its own process (as each coder's workbench is), writing its own decisions one
short transaction each (``Project.write`` → ``set_decision``: an upsert, a seen mark and an
event), as `review` and `code add` do. SQLite is a file in a temporary folder (WAL); PostgreSQL
is a throwaway server on loopback started by ``tests/pg_cluster.py`` (skipped when not
installed). Prints one table measured in one run: wall-clock from the start signal until the
last writer is done, decisions per second over all writers, and the slowest writer's rate.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.concurrency_workers import coder_worker, decisions_for  # noqa: E402

CODES = ["motivation", "financial_uncertainty", "trajectory_fit", "zelfoverschatting"]


def _project(folder: Path, url: str | None, segments: int, writers: int):
    from tests.helpers import make_project
    from tests.test_concurrency import _interview
    from workbench.store.coders import ensure_coders
    from workbench.store.project import Project

    if url:
        os.environ["WORKBENCH_DATABASE_URL"] = url
    else:
        os.environ.pop("WORKBENCH_DATABASE_URL", None)
    proj = Project.init(folder / "proj")
    names = [f"coder{i}" for i in range(writers)]
    ensure_coders(proj, names)
    segs = [s.id for s in make_project(proj, folder, text=_interview(segments))]
    proj.close()
    return str(proj.root), names, segs


def run(engine: str, url: str | None, writers: int, per_writer: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root, names, segs = _project(Path(tmp), url, per_writer // len(CODES) + 2, writers)
        ctx = mp.get_context("spawn")
        go, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=coder_worker,
                             args=(root, url, n, decisions_for(n, segs, CODES, per_writer), go, out)) for n in names]
        for p in procs:
            p.start()
        time.sleep(3.0)  # let every process import workbench and open the project
        t0 = time.perf_counter()
        go.set()
        for p in procs:
            p.join()
        wall = time.perf_counter() - t0
        per = [out.get() for _ in procs]
        if any(p.exitcode for p in procs):
            raise SystemExit(f"{engine}: a writer failed")
        slowest = min(n / secs for _, n, secs in per)
        return wall, writers * per_writer / wall, slowest


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-writer", type=int, default=150)
    ap.add_argument("--writers", default="1,4,8")
    args = ap.parse_args()
    counts = [int(x) for x in args.writers.split(",")]
    engines: list[tuple[str, str | None]] = [("sqlite", None)]
    cluster = None
    from tests.pg_cluster import find_bin, start_cluster

    if find_bin("initdb"):
        cluster = start_cluster()
        os.environ["PGPASSWORD"] = cluster.password
        engines.append(("postgresql", "pg"))
    else:
        print("(no PostgreSQL binaries: PostgreSQL rows skipped)")
    print(f"{'engine':<11} {'writers':>7} {'decisions':>9} {'wall s':>7} {'decisions/s':>11} {'slowest writer/s':>16}")
    try:
        for engine, url in engines:
            for n in counts:
                if url:
                    url = cluster.url(cluster.new_database("bench"))
                wall, rate, slowest = run(engine, url, n, args.per_writer)
                print(f"{engine:<11} {n:>7} {n * args.per_writer:>9} {wall:>7.2f} {rate:>11.0f} {slowest:>16.0f}",
                      flush=True)
    finally:
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
