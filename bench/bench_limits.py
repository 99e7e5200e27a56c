"""Limits benchmark: peak memory and time of importing ever larger accepted files, and the time
to validate ever longer codebook parent chains.

    .venv/bin/python bench/bench_limits.py [--sizes 0.25,0.5,1,2] [--chains 1000,2500,5000]

Each import runs in a fresh process (a plain-text interview made of the sample transcripts,
repeated up to the size, imported with pseudonymisation into a new project), so its peak
resident memory is its own. A baseline process imports a 2 KB file; the table shows the peak
above that baseline per MB of input, which stays about constant when memory grows linearly.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def _interview_text() -> str:
    """One interview's turns (``Label: text``) from the shipped plain-text samples."""
    from workbench.ingest.readers._common import decode_text

    parts = []
    for f in sorted((REPO / "transcripts_sample" / "interviews").glob("*.txt")):
        parts.append(decode_text(f.read_bytes(), f).lstrip("\ufeff"))
    return "\n\n".join(parts)


def make_file(path: Path, size_mb: float) -> None:
    base = _interview_text()
    n = max(1, int(size_mb * MB / len(base.encode("utf-8"))))
    text = "\n\n".join(base for _ in range(n))
    if size_mb * MB < len(base.encode("utf-8")):
        text = base[: int(size_mb * MB)]
    path.write_text(text, encoding="utf-8")


def child(size_mb: float) -> None:
    """Import one file of ``size_mb`` into a new project; print JSON with time and peak RSS."""
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.ingest.pseudonymise import get_deduce
    from workbench.ingest.segment import split_turn
    from workbench.store.project import Project

    get_deduce()
    split_turn("Warm op. Twee zinnen.")
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "groot.txt"
        make_file(f, size_mb)
        project = Project.init(Path(d) / "p")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t = time.perf_counter()
        rep = import_files(project, [f], ImportOptions())
        seconds = time.perf_counter() - t
        res = rep.results[0]
        print(json.dumps({"size_mb": f.stat().st_size / MB, "seconds": seconds, "status": res.status,
                          "segments": res.segments, "rss_before_mb": rss_before,
                          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(size_mb: float) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(size_mb)], capture_output=True, text=True,
                         cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def chain_seconds(n: int) -> float:
    from workbench.codebook.loader import parse_text

    lines = ["name: chain", "version: '1'", "language: nl", "codes:"]
    for i in range(n):
        lines += [f"  - id: c{i}", f"    label: Code {i}", f"    definition: Definitie {i}."]
        if i:
            lines.append(f"    parent: c{i - 1}")
    t = time.perf_counter()
    codebook, problems = parse_text("\n".join(lines) + "\n")
    assert not problems and len(codebook.flat()) == n
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="0.25,0.5,1,2")
    ap.add_argument("--chains", default="1000,2500,5000")
    ap.add_argument("--child", type=float)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child)
        return
    base = run_child(0.002)
    print(f"baseline (2 KB file): peak {base['peak_mb']:.0f} MB, {base['seconds']:.1f} s\n")
    print("| file | segments | import s | s per MB | peak RSS MB | above baseline MB | per MB of input |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in (float(s) for s in args.sizes.split(",")):
        r = run_child(size)
        extra = r["peak_mb"] - base["peak_mb"]
        print(f"| {r['size_mb']:.2f} MB | {r['segments']:,} | {r['seconds']:.1f} | {r['seconds'] / r['size_mb']:.1f} "
              f"| {r['peak_mb']:.0f} | {extra:.0f} | {extra / r['size_mb']:.0f} |")
    print("\n| codes in one parent chain | validate s |")
    print("|---:|---:|")
    for n in (int(c) for c in args.chains.split(",")):
        print(f"| {n:,} | {chain_seconds(n):.2f} |")


if __name__ == "__main__":
    main()
