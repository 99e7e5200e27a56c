"""Benchmark of the suggestion engine (a script, not a test).

Builds a corpus of N segments (default 20,000) by combining and perturbing fictional Dutch
interview sentences, then measures in one run:

* raw ``backend.encode`` throughput of the same backend on those texts (the ceiling), measured on a
  sample just before *and* just after the suggest run and averaged, so that load from other
  processes on a shared machine does not favour either side;
* ``SuggestEngine.suggest`` throughput with a cold embedding cache;
* their ratio (target >= 0.8);
* re-suggest time after a codebook edit, with every segment embedding cached (target <= 10 s),
  ``--repeat`` times (each after a new edit, so each encodes one new text), with the process CPU time
  and the time spent inside the model next to each wall-clock figure, and the load average before and
  after (the machine is shared: compare ratios within one run);
* peak RSS of the process (target <= 2 GB);
* the cost of learning (no target): with the first ``--decided`` segments decided (default a
  quarter; simulated verdicts: each segment's top code accepted, its other suggested codes
  rejected), the time to train the per-code classifiers and to re-suggest every segment with them,
  from the warm cache, next to the re-suggest time without decisions.

With ``--synthetic-vectors`` the segment vectors are not encoded: the embedding cache is filled with
random unit vectors of the model's dimension under the backend's real cache key (the codebook's own
texts are still encoded by the model). Re-suggest, learning and peak RSS do not depend on the
vector values, so this measures them for 20,000 segments with e5 without the ~45 minutes of
encoding; encode throughput and the suggest/encode ratio are then not measured (and say so).

Usage: ``python bench/bench_suggest.py [--model e5|minilm|FOLDER] [--n 20000] [--decided K] [--codebook FILE]
[--synthetic-vectors] [--repeat K] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = [
    "Ik wil gewoon weer ergens bij horen en niet de hele dag thuis zitten.",
    "Ik ben bang dat ik mijn huurtoeslag moet terugbetalen als ik meer ga verdienen.",
    "De arbeidsdeskundige luisterde echt naar mijn verhaal, dat voelde goed.",
    "Het traject was veel te algemeen, iedereen kreeg hetzelfde werkboek.",
    "Ik dacht dat ik meteen vier dagen kon werken, maar na twee weken was ik op.",
    "Via mijn zwager kon ik bij een hoveniersbedrijf beginnen.",
    "Mijn jobcoach komt eens in de twee weken langs om te kijken hoe het gaat.",
    "Sinds ik bij de kringloop werk heb ik weer een reden om de wekker te zetten.",
    "Ik kreeg een brief van UWV en heb me toen samen met mijn moeder aangemeld.",
    "Niemand kan me vertellen wat er met mijn uitkering gebeurt als het misgaat.",
    "De coach snapte dat ik sommige dagen gewoon niet kan.",
    "Wij zien dat deze groep heel gemotiveerd is, ze melden zich zelf aan.",
    "Die verrekening snap ik echt niet, de ene maand krijg ik minder dan de andere.",
    "Ik heb wel dertig brieven gestuurd maar je hoort gewoon niks terug.",
    "Zonder loondispensatie hadden we hem niet aangenomen, eerlijk is eerlijk.",
    "Ik slaap beter en pieker minder sinds ik daar begonnen ben.",
    "Het eerste gesprek was best spannend, ik wist niet wat ik kon verwachten.",
    "Na een half jaar was het traject afgelopen, net toen ik op gang kwam.",
    "Ik heb moeten accepteren dat een baan er voorlopig niet in zit.",
    "Het weer was slecht die dag, dus we hebben binnen gezeten.",
    "Nou ja, dat weet ik eigenlijk niet meer precies, het is al even geleden.",
    "We zetten eerst iets kleins in zodat iemand zelf merkt wat wel en niet gaat.",
    "Als zzp'er weet ik nooit wat ik volgende maand binnenhaal.",
    "Mijn collega's vangen het op als ik een slechte dag heb.",
]
FILLERS = ["eh", "nou", "ja", "weet je", "zeg maar", "hè", "dus", "eigenlijk", "gewoon", "toen"]
OPENERS = ["Ja, ", "Nou, ", "Kijk, ", "Eh, ", "Nee, ", "Goh, ", "", "", ""]


def build_corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct segments of one to three perturbed sentences each."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        parts = []
        for sentence in rng.sample(SENTENCES, rng.randint(1, 3)):
            words = sentence.split()
            for _ in range(rng.randint(0, 2)):
                words.insert(rng.randrange(1, len(words)), rng.choice(FILLERS) + ",")
            if rng.random() < 0.3:
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
            parts.append(" ".join(words))
        text = rng.choice(OPENERS) + " ".join(parts)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def load_codebook(path: Path | None):
    from workbench.suggest.batch import load_codebook_file

    candidates = [path] if path else [ROOT / "codebooks" / "reintegratie.yaml", ROOT / "tests/data/suggest/codebook.yaml"]
    for p in candidates:
        if p and p.is_file():
            return load_codebook_file(p), p
    raise SystemExit("no codebook found; pass --codebook FILE")


def make_cache(tmp: Path):
    """The project's SQLite cache when the store is available, else the in-memory one."""
    try:
        from workbench.store.project import Project

        project = Project.init(tmp / "bench-project")
        return project.embedding_cache(), "project SQLite cache (Project.embedding_cache)"
    except ImportError:
        from workbench.suggest.embed import MemoryCache

        return MemoryCache(), "MemoryCache (workbench.store.project not available)"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="number of segments (default 20000)")
    ap.add_argument("--codebook", type=Path, default=None)
    ap.add_argument("--model", default=None, help="backend: e5, minilm or a local folder (default: the default)")
    ap.add_argument("--raw-sample", type=int, default=3000, help="texts per raw-encode measurement")
    ap.add_argument("--decided", type=int, default=None, help="segments decided for the learning cost (default n/4)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--synthetic-vectors", action="store_true",
                    help="fill the cache with random unit vectors instead of encoding the segments")
    ap.add_argument("--repeat", type=int, default=1, help="re-suggests after an edit to measure (default 1)")
    args = ap.parse_args(argv)

    import torch

    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import SuggestEngine

    codebook, cb_path = load_codebook(args.codebook)
    texts = build_corpus(args.n)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmpdir:
        cache, cache_name = make_cache(Path(tmpdir))
        embedder = Embedder(args.model, cache=cache)
        backend = embedder.backend  # the raw model behind the cache
        backend.encode(SENTENCES, "segment")  # warm-up (loads the model)
        in_model = time_inside(backend)

        sample = texts[:: max(1, len(texts) // args.raw_sample)][: args.raw_sample]

        def raw_rate() -> float:
            t = time.perf_counter()
            backend.encode(sample, "segment")
            return len(sample) / (time.perf_counter() - t)

        if args.synthetic_vectors:
            fill_synthetic(cache, backend.cache_key("segment"), texts, embedder.dim)
            raw_before = raw_after = raw_per_s = None
        else:
            raw_before = raw_rate()
        engine = SuggestEngine(codebook, embedder)
        t0 = time.perf_counter()
        engine.suggest(texts)
        cold_s = time.perf_counter() - t0
        encoded_cold = embedder.texts_encoded
        if not args.synthetic_vectors:
            raw_after = raw_rate()
            raw_per_s = (raw_before + raw_after) / 2

        runs = []  # (wall s, CPU s, s inside the model, texts encoded) per re-suggest after an edit
        for k in range(max(1, args.repeat)):
            edited = edited_codebook(codebook, k)
            encoded, model_s = embedder.texts_encoded, in_model[0]
            t0, c0 = time.perf_counter(), time.process_time()
            SuggestEngine(edited, embedder).suggest(texts)
            runs.append((time.perf_counter() - t0, time.process_time() - c0, in_model[0] - model_s,
                         embedder.texts_encoded - encoded))
        warm_s, _, _, encoded_warm = runs[0]

        decided = texts[: args.decided if args.decided is not None else len(texts) // 4]
        decisions = simulated_decisions(engine, decided)
        t0 = time.perf_counter()
        learner = SuggestEngine(codebook, embedder).fit(decisions)  # fits the classifiers
        trained = learner.trained_codes_
        train_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        learner.suggest(texts)
        learnt_s = time.perf_counter() - t0
        close = getattr(getattr(cache, "project", None), "close", None)
        if close:
            close()

    synthetic = args.synthetic_vectors
    figures = {
        "segments": len(texts),
        "segment_vectors": "synthetic (random unit vectors under the real cache key)" if synthetic else "encoded",
        "codebook": str(cb_path.relative_to(ROOT) if cb_path.is_relative_to(ROOT) else cb_path),
        "codes": len(codebook.codable()),
        "backend": embedder.model_key,
        "cache": cache_name,
        "torch_threads": torch.get_num_threads(),
        "raw_sample": len(sample),
        "raw_encode_per_s": None if synthetic else round(raw_per_s, 1),
        "raw_encode_per_s_before_after": None if synthetic else [round(raw_before, 1), round(raw_after, 1)],
        "suggest_cold_s": None if synthetic else round(cold_s, 2),
        "suggest_cold_per_s": None if synthetic else round(len(texts) / cold_s, 1),
        "suggest_first_s_vectors_cached": round(cold_s, 2) if synthetic else None,
        "ratio": None if synthetic else round(len(texts) / cold_s / raw_per_s, 3),
        "prior": bool(getattr(engine, "prior_", None) is not None),
        "resuggest_after_edit_s": round(warm_s, 2),
        "texts_encoded_after_edit": encoded_warm,
        "resuggest_runs": [{"wall_s": round(w, 2), "cpu_s": round(c, 2), "in_model_s": round(m, 2), "encoded": e}
                           for w, c, m, e in runs],
        "resuggest_median_s": round(sorted(r[0] for r in runs)[len(runs) // 2], 2),
        "load_average_before_after": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "learn_segments": len(decided),
        "learn_decisions": len(decisions),
        "learn_trained_codes": len(trained),
        "learn_train_s": round(train_s, 2),
        "suggest_after_learning_s": round(learnt_s, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)
    return figures


def edited_codebook(codebook, k: int):
    """``codebook`` with one anchor example added to its first codable code (a new text per ``k``)."""
    edited = codebook.model_copy(deep=True)
    first = edited.codable()[0].id
    for code in edited.codes + [c for top in edited.codes for c in top.children]:
        if code.id == first:
            code.examples.append("Een extra ankervoorbeeld dat na een wijziging is toegevoegd."
                                 + (f" ({k + 1})" if k else ""))
    return edited


def time_inside(backend) -> list[float]:
    """Wraps ``backend.encode`` to add the seconds spent in it to the returned one-item list."""
    total = [0.0]
    encode = backend.encode

    def timed(texts, role):
        t = time.perf_counter()
        try:
            return encode(texts, role)
        finally:
            total[0] += time.perf_counter() - t

    backend.encode = timed
    return total


def fill_synthetic(cache, key: str, texts: list[str], dim: int, chunk: int = 2000) -> None:
    """Random unit vectors for ``texts`` in ``cache`` under ``key`` (deterministic)."""
    import numpy as np

    from workbench.suggest.embed import text_hash

    rng = np.random.default_rng(0)
    for start in range(0, len(texts), chunk):
        part = texts[start:start + chunk]
        v = rng.standard_normal((len(part), dim)).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        cache.put_many(key, {text_hash(t): row for t, row in zip(part, v)})


def simulated_decisions(engine, texts: list[str]):
    """A researcher's verdicts, simulated: the top-scoring code accepted, every other code at or
    above the threshold rejected (deterministic, so runs compare)."""
    from workbench.suggest.engine import Decision

    scores = engine.fit([]).predict_proba(texts)
    out = []
    for i, text in enumerate(texts):
        top = int(scores[i].argmax())
        for c, code in enumerate(engine.classes_):
            if c == top or scores[i, c] >= engine.threshold:
                out.append(Decision(text, code, c == top))
    return out


def print_table(f: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    ok = lambda good: "[green]ok[/]" if good else "[red]missed[/]"  # noqa: E731
    t = Table(title=f"Suggest benchmark: {f['segments']:,} segments, {f['codes']} codes ({f['codebook']})")
    t.add_column("measure")
    t.add_column("value", justify="right")
    t.add_column("target", justify="right")
    t.add_column("")
    if f["ratio"] is None:
        t.add_row("raw encode, cold suggest, ratio", "not measured: synthetic segment vectors", ">= 0.80", "")
        t.add_row("first suggest, segment vectors cached", f"{f['suggest_first_s_vectors_cached']:.1f} s", "", "")
    else:
        before, after = f["raw_encode_per_s_before_after"]
        t.add_row("raw model.encode (ceiling)",
                  f"{f['raw_encode_per_s']:.0f} seg/s ({before:.0f} before, {after:.0f} after)", "", "")
        t.add_row("suggest, cold cache", f"{f['suggest_cold_per_s']:.0f} seg/s ({f['suggest_cold_s']:.1f} s)", "", "")
        t.add_row("ratio suggest / encode", f"{f['ratio']:.2f}", ">= 0.80", ok(f["ratio"] >= 0.8))
    t.add_row(
        "re-suggest after codebook edit",
        f"{f['resuggest_after_edit_s']:.1f} s ({f['texts_encoded_after_edit']} texts encoded)",
        "<= 10 s",
        ok(f["resuggest_after_edit_s"] <= 10 * f["segments"] / 20000),
    )
    runs = f["resuggest_runs"]
    t.add_row(f"  each run: wall / CPU / in the model ({len(runs)} runs, median {f['resuggest_median_s']:.1f} s)",
              ", ".join(f"{r['wall_s']:.1f}/{r['cpu_s']:.1f}/{r['in_model_s']:.1f} s" for r in runs), "", "")
    if f["ratio"] is None:
        t.add_row("learning (next two rows)", "not meaningful with synthetic vectors", "", "")
    t.add_row(
        f"learning: train classifiers ({f['learn_segments']:,} segments decided, {f['learn_decisions']:,} decisions)",
        f"{f['learn_train_s']:.1f} s ({f['learn_trained_codes']} codes)", "", "",
    )
    ratio = f["suggest_after_learning_s"] / f["resuggest_after_edit_s"]
    t.add_row("learning: re-suggest with the classifiers", f"{f['suggest_after_learning_s']:.1f} s "
              f"({ratio:.1f}x the re-suggest without decisions)", "", "")
    t.add_row("peak RSS", f"{f['peak_rss_mb']:.0f} MB", "<= 2048 MB", ok(f["peak_rss_mb"] <= 2048))
    Console().print(t)
    Console().print(f"backend: {f['backend']}; cache: {f['cache']}; torch threads: {f['torch_threads']}; "
                    f"segment vectors: {f['segment_vectors']}; learnt prior in use: {f['prior']}; "
                    f"load average (1, 5, 15 min) before and after: {f['load_average_before_after']}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
