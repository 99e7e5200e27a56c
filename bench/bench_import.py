"""Import benchmark: where the time of `workbench import` goes, per stage, on the samples.

    .venv/bin/python bench/bench_import.py [--repeat 3]

Prints one table measured in one run: reading, pseudonymisation (deduce), segmentation and the
full import (with the store), in seconds and words per second, plus the share of each stage.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from workbench.demo import SAMPLES, sample_files  # noqa: E402
from workbench.ingest.importer import ImportOptions, import_files  # noqa: E402
from workbench.ingest.pseudonymise import Pseudonymiser, get_deduce  # noqa: E402
from workbench.ingest.readers import read_transcript  # noqa: E402
from workbench.ingest.segment import split_turn  # noqa: E402
from workbench.store.project import Project  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = sample_files()
    t0 = time.perf_counter()
    get_deduce()
    t_deduce_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    split_turn("Warm op. Twee zinnen.")  # loads spaCy's blank Dutch pipeline
    t_spacy_load = time.perf_counter() - t0
    timings = {"read": 0.0, "pseudonymise": 0.0, "segment": 0.0, "import (all, with store)": 0.0}
    words = 0
    for _ in range(args.repeat):
        pseudo = Pseudonymiser()
        for f in files:
            t = time.perf_counter()
            turns = read_transcript(f)
            timings["read"] += time.perf_counter() - t
            words += sum(len(x.text.split()) for x in turns)
            t = time.perf_counter()
            p = pseudo.run([x.speaker for x in turns], [x.text for x in turns], f.name)
            timings["pseudonymise"] += time.perf_counter() - t
            t = time.perf_counter()
            for text in p.texts:
                split_turn(text)
            timings["segment"] += time.perf_counter() - t
        with tempfile.TemporaryDirectory() as d:
            project = Project.init(Path(d) / "p")
            t = time.perf_counter()
            import_files(project, files, ImportOptions(respondents_csv=SAMPLES / "respondents.csv"))
            timings["import (all, with store)"] += time.perf_counter() - t
            project.close()
    words //= args.repeat
    print(f"{len(files)} sample transcripts, {words:,} words; {args.repeat} repeats; "
          f"one-off loads: deduce {t_deduce_load:.1f} s (tables already built), spaCy {t_spacy_load:.1f} s")
    print(f"{'stage':<28}{'s per run':>10}{'words/s':>10}{'share':>8}")
    total = timings["import (all, with store)"] / args.repeat
    for name, secs in timings.items():
        per_run = secs / args.repeat
        print(f"{name:<28}{per_run:>10.2f}{words / per_run:>10,.0f}{per_run / total:>8.0%}")


if __name__ == "__main__":
    main()
