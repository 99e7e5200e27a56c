"""Fit the supervised prior shipped with the codebook (``workbench/suggest/prior.py``) and measure
it leave-one-writer-out (docs/quality.md, "supervised prior").

Per code, one L2-regularised logistic regression on [standardised e5 embedding of the text read
(question, then segment), 10 × the code's zero-shot logit from the codebook evidence]. The zero-shot
column is scaled so that its weight is hardly penalised: the probe corrects the codebook score
rather than replacing it. The standardisation is folded into the stored weights, so the artefact is
a plain linear function of the engine's normalised embedding and codebook logit.

Every blind development set comes from a different writer. ``--cv`` trains on all sets but one and
scores the one left out, for each set in turn. In each fold the zero-shot combination weights and
per-code offsets are refitted on the training writers too (``bench/fit_weights.py``'s protocol),
so the held-out writer has shaped nothing. Prints κ per code at 0.4 with bootstrap 95% intervals,
the mean of the four named codes and the macro average precision, before (codebook only) and
after (with the prior). ``--learn N [N ...]`` runs ``evaluate --per-train-count N`` on the left-out set with a prior
fitted on the other sets (the engine's shipped zero-shot weights) and prints the paired gain with its
bootstrap interval (``--codebook-only``: also without a prior).
``--write`` fits on all sets and writes the artefact::

    python bench/fit_prior.py --cv [--C 0.01 0.03]
    python bench/fit_prior.py --compare dev test train2 test2   # LOWO with a prior from these writers, then all
    python bench/fit_prior.py --learn 5 10 20 --seeds 3
    python bench/fit_prior.py --learn 20 --seeds 2 --protocol review --order document   # as review decides
    python bench/fit_prior.py --write            # workbench/data/prior_reintegratie_e5.npz
    python bench/fit_prior.py --cv --read prev --scores /tmp/prev.npz   # context experiment (READ)
    python bench/fit_prior.py --paired /tmp/question.npz /tmp/prev.npz  # per writer, paired difference

``--learn`` ends with one line over all writers ("ALL WRITERS"): the paired gain with an interval that
resamples the (writer, seed) runs and the segments of each.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_weights as fw  # noqa: E402

BLIND = ROOT / "bench" / "data" / "blind"
SETS = {"dev": BLIND / "suggest_dev.jsonl", "test": BLIND / "suggest_test.jsonl",
        "train2": BLIND / "suggest_train2.jsonl", "test2": BLIND / "suggest_test2.jsonl",
        "test3": BLIND / "suggest_test3.jsonl", "train3": BLIND / "suggest_train3.jsonl"}
# suggest_test2 was the held-out set of December 2026 (scored once before and after, aggregates
# only); it joined the training writers afterwards, when suggest_test3 took over as held-out set.
# suggest_test3 (held out in the fifth round, aggregates only) joined them in the sixth round, with
# suggest_train3 (a sixth writer, written as a development set).
OUT = ROOT / "workbench" / "data" / "prior_reintegratie_e5.npz"
C_DEFAULT = 0.02
"""Inverse L2 strength of the probes on standardised embeddings (chosen leave-one-writer-out)."""
ZS_SCALE = 10.0
ZS_SETTINGS = {"features": "all", "C": 1.0, "question_keywords": 0.25, "keyword_max": 1.5, "shift": 0.25}
T0 = float(np.log(0.4 / 0.6))
CACHE = Path("/tmp/wb_fit_cache.pkl")


def available() -> dict[str, Path]:
    return {n: p for n, p in SETS.items() if p.is_file()}


def engine(prior=None):
    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import SuggestEngine

    cb = load_codebook_file(fw.CODEBOOK)
    return SuggestEngine(cb, Embedder(fw.backend("e5", None), cache=fw.FileCache(CACHE)), prior=prior)


def collect(path: Path) -> dict:
    """Per set: labels, the embedding of the text read, the engine's codebook logit (shipped
    weights, no prior) and the raw features for refitting the zero-shot weights."""
    from workbench.suggest.context import with_context
    from workbench.suggest.evaluate import _labels, load_gold

    eng = engine().fit([])
    items = load_gold(path, eng.codebook)
    texts, contexts = [g.text for g in items], doc_contexts(items, READ)
    s = eng.score(texts, contexts=contexts)
    X = eng.embedder.encode([with_context(t, c) for t, c in zip(texts, contexts)])
    return dict(classes=eng.classes_, y=_labels(items, eng.classes_).astype(int), X=X,
                zs=np.asarray(eng._codebook_logits(s.features, X)[0], np.float64),
                f={k: np.asarray(v, np.float64) for k, v in s.features.items()},
                counts=s.evidence.keyword_counts.astype(float), own=s.evidence.keyword_counts_own.astype(float),
                model_key=eng.embedder.backend.cache_key("segment"), codebook=eng.codebook.name)


READ = "question"
"""How a gold line's context is read (``--read``, the context experiment of the sixth round):
"question" the line's own ``context``; for lines with a ``"doc"`` (consecutive lines = one transcript):
"fill" a line that directly follows another respondent line (``context`` "" or the same as the line
before, as in a focus group) reads the doc's last question, as project mode does; "prev" also the tail
of that previous respondent line; "prev+short" also the previous line's tail before the question for a
short line (< ``SHORT`` characters) that has a question of its own."""
PREV_CHARS, SHORT = 150, 60
SCORES: dict[str, tuple] = {}
"""``--cv``: per scored writer (labels, logits with the prior at the first C), for ``--scores``."""


def doc_contexts(items, read: str) -> list[str]:
    from workbench.suggest.context import trim_question

    out, last_q, prev, prev_ctx, prev_doc = [], "", "", None, None
    for g in items:
        if read == "question" or not g.doc:
            out.append(g.context)
            continue
        if g.doc != prev_doc:
            last_q, prev, prev_ctx = "", "", None
        follows = prev_ctx is not None and (not g.context or g.context == prev_ctx)
        if g.context:
            last_q = g.context
        ctx = last_q
        if (read in ("prev", "prev+short") or (read == "prev-if-short" and len(g.text) < SHORT)) and follows and prev:
            ctx = f"{trim_question(last_q, 150)} {trim_question(prev, PREV_CHARS)}".strip()
        elif read == "prev+short" and prev and len(g.text) < SHORT and not follows:
            ctx = f"{trim_question(prev, PREV_CHARS)} {trim_question(last_q, 150)}".strip()
        out.append(ctx)
        prev, prev_ctx, prev_doc = g.text, g.context, g.doc
    return out


def refit_zero_shot(train: list[dict]):
    """The zero-shot combination (weights, offsets) refitted on ``train`` only: a function of a set."""
    st = ZS_SETTINGS
    names = fw.FEATURE_SETS[st["features"]]
    design = lambda d: fw.design(d["f"], d["counts"], d["own"], names, st["question_keywords"])  # noqa: E731
    X, y = np.concatenate([design(d) for d in train]), np.concatenate([d["y"] for d in train])
    b, w = fw.fit_lr(X, y, st["C"])
    off = fw.code_offsets(fw.logits(X, names, b, w, st["keyword_max"]) + st["shift"], y, 0.75)
    return lambda d: fw.logits(design(d), names, b, w, st["keyword_max"]) + st["shift"] + off


def fit_probe(X: np.ndarray, zs: np.ndarray, y: np.ndarray, C: float):
    """``(coef (dim, codes), zero_shot_weight, intercept, mean, scale)`` on the raw embedding and
    codebook logit; ``mean`` and ``scale`` standardise the embedding for learning from decisions."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = X.mean(axis=0), X.std(axis=0) + 1e-6
    Z = (X - mu) / sd
    coef = np.zeros((X.shape[1], y.shape[1]))
    zw, b = np.zeros(y.shape[1]), np.zeros(y.shape[1])
    for c in range(y.shape[1]):
        m = LogisticRegression(C=C, max_iter=5000).fit(np.column_stack([Z, zs[:, c] * ZS_SCALE]), y[:, c])
        w = m.coef_.ravel()
        coef[:, c] = w[:-1] / sd
        zw[c] = w[-1] * ZS_SCALE
        b[c] = m.intercept_[0] - float(np.sum(w[:-1] * mu / sd))
    return coef, zw, b, mu, sd


def apply_probe(probe, X, zs):
    coef, zw, b = probe[:3]
    return X @ coef + zs * zw + b


def figures(y, z, boot=1000) -> dict:
    from sklearn.metrics import average_precision_score

    four = [0, 1, 2, 5]
    k = fw.kappas(y, z >= T0)
    ap = [average_precision_score(y[:, c], z[:, c]) for c in range(y.shape[1])]
    rng = np.random.default_rng(0)
    per, mean = [], []
    for _ in range(boot):
        i = rng.integers(0, len(y), len(y))
        kk = fw.kappas(y[i], z[i] >= T0)
        per.append(kk)
        mean.append(np.nanmean(kk[four]))
    lo, hi = np.nanpercentile(np.array(per), [2.5, 97.5], axis=0)
    return {"kappa": k.tolist(), "lo": lo.tolist(), "hi": hi.tolist(), "four": float(np.mean(k[four])),
            "four_ci": np.percentile(mean, [2.5, 97.5]).tolist(), "macro": float(np.nanmean(k)),
            "ap": float(np.mean(ap)), "ap_four": float(np.mean([ap[c] for c in four]))}


def show(label, classes, m):
    cells = " ".join(f"{c[:6]} {k:.2f}[{lo:.2f},{hi:.2f}]" for c, k, lo, hi in zip(classes, m["kappa"], m["lo"], m["hi"])
                     if c in fw.FOUR)
    print(f"  {label:16s} four {m['four']:.3f} [{m['four_ci'][0]:.2f}, {m['four_ci'][1]:.2f}]  macro κ {m['macro']:.3f}"
          f"  AP {m['ap']:.3f} (four {m['ap_four']:.3f}) | {cells}", flush=True)


def cross_writer(data: dict[str, dict], Cs: list[float]) -> dict:
    out, pooled = {}, {"before": [], "after": [], "y": []}
    for held in data:
        train = [d for n, d in data.items() if n != held]
        B = data[held]
        zs = refit_zero_shot(train)
        zb = zs(B)
        print(f"train {'+'.join(n for n in data if n != held)} -> score {held} ({len(B['y'])} segments)")
        res = {"before": figures(B["y"], zb)}
        show("codebook only", B["classes"], res["before"])
        X = np.concatenate([d["X"] for d in train])
        za = np.concatenate([zs(d) for d in train])
        y = np.concatenate([d["y"] for d in train])
        for C in Cs:
            zp = apply_probe(fit_probe(X, za, y, C), B["X"], zb)
            res[f"C={C:g}"] = figures(B["y"], zp)
            show(f"prior C={C:g}", B["classes"], res[f"C={C:g}"])
            if C == Cs[0]:
                SCORES[held] = (B["y"], zp)
                pooled["before"].append(zb), pooled["after"].append(zp), pooled["y"].append(B["y"])
        out[held] = res
    for key in next(iter(out.values())):
        print(f"mean over folds, {key}: four {np.mean([r[key]['four'] for r in out.values()]):.3f}  "
              f"macro κ {np.mean([r[key]['macro'] for r in out.values()]):.3f}  "
              f"AP {np.mean([r[key]['ap'] for r in out.values()]):.3f}")
    from workbench.suggest.calibrate import sigmoid
    from workbench.suggest.evaluate import reliability

    y = np.concatenate(pooled["y"])
    tables = {k: reliability(y, sigmoid(np.concatenate(pooled[k]))) for k in ("before", "after")}
    print(f"reliability, every set scored by the other writers' fit (C={Cs[0]:g}): "
          "bin | pairs before, observed, mean score | pairs after, observed, mean score")
    for b, a in zip(tables["before"], tables["after"]):
        cell = lambda r: f"{r['n']:5d} {r['observed'] or 0:.2f} {r['mean_score'] or 0:.2f}"  # noqa: E731
        print(f"  {b['low']:.1f}-{b['high']:.1f} | {cell(b)} | {cell(a)}")
    out["reliability"] = tables
    return out


def added_writers(data: dict[str, dict], base: list[str], C: float) -> None:
    """Leave one writer out, before and after adding writers: each writer scored by a prior (and zero-shot
    refit) from the ``base`` writers other than itself, and from every other writer (``--compare``)."""
    for label, pool in (("before", base), ("after", list(data))):
        rows = []
        for held, B in data.items():
            train = [data[n] for n in pool if n != held]
            zs = refit_zero_shot(train)
            X = np.concatenate([d["X"] for d in train])
            za = np.concatenate([zs(d) for d in train])
            y = np.concatenate([d["y"] for d in train])
            m = figures(B["y"], apply_probe(fit_probe(X, za, y, C), B["X"], zs(B)))
            rows.append(m)
            show(f"{label} {held}", B["classes"], m)
        print(f"{label} (trained on {'+'.join(pool)} minus the scored writer): mean four "
              f"{np.mean([m['four'] for m in rows]):.3f}, macro κ {np.mean([m['macro'] for m in rows]):.3f}, "
              f"AP {np.mean([m['ap'] for m in rows]):.3f}", flush=True)


def make_prior(data: dict[str, dict], C: float):
    from workbench.suggest.prior import Prior

    first = next(iter(data.values()))
    X = np.concatenate([d["X"] for d in data.values()])
    coef, zw, b, mu, sd = fit_probe(X, np.concatenate([d["zs"] for d in data.values()]),
                                    np.concatenate([d["y"] for d in data.values()]), C)
    meta = {"script": "bench/fit_prior.py", "date": date.today().isoformat(), "C": C, "zero_shot_scale": ZS_SCALE,
            "sets": {n: int(len(d["y"])) for n, d in data.items()},
            "positives": dict(zip(first["classes"], np.concatenate([d["y"] for d in data.values()]).sum(0).tolist()))}
    f32 = lambda a: np.asarray(a, np.float32)  # noqa: E731
    return Prior(first["codebook"], first["model_key"], list(first["classes"]), f32(coef), f32(zw), f32(b),
                 f32(mu), f32(sd), meta)


def learning(data: dict[str, dict], per_code: list[int], seeds: int, C: float, both: bool = False,
             protocol: str = "draw", order: str = "document", only: list[str] = (), seen_negatives: bool = False):
    """``evaluate --per-train-count K`` on each left-out writer with a prior fitted on the others: the
    paired gain (learnt vs not, same segments) with its bootstrap 95% interval per code and for the
    mean of the four named codes. ``both`` also runs the codebook-only engine. ``protocol`` "review":
    ``evaluate --protocol review --order ORDER`` (``workbench/review/simulate.py``), K decisions on each
    of the four named codes."""
    from workbench.review.simulate import evaluate_review
    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.evaluate import evaluate, load_gold

    cb = load_codebook_file(fw.CODEBOOK)
    results: dict = {}
    ci = lambda g: f"{g[0]:+.3f} [{g[1]:+.3f}, {g[2]:+.3f}]"  # noqa: E731
    for held, path in available().items():
        if held not in data or (only and held not in only):
            continue
        prior = make_prior({n: d for n, d in data.items() if n != held}, C)
        gold = load_gold(path, cb)
        for label, p in ((("codebook only", None),) if both else ()) + (("with prior", prior),):
            for k in per_code:
                eng = engine(p)
                if protocol == "review":
                    r = evaluate_review(cb, gold, embedder=eng.embedder, per_code=k, order=order, seeds=seeds,
                                        engine_factory=lambda p=p: engine(p), focus=fw.FOUR,
                                        seen_negatives=seen_negatives)
                else:
                    r = evaluate(cb, gold, embedder=eng.embedder, per_train_count=k, seeds=seeds,
                                 engine_factory=lambda p=p: engine(p), focus=fw.FOUR)
                four = [m for m in r.codes if m.code in fw.FOUR]
                print(f"{held} {label} {k}/code ({r.n_train:.0f} learnt, {r.n_test:.0f} scored): four "
                      f"{np.mean([m.kappa_zero_shot for m in four]):.3f} -> {np.mean([m.kappa for m in four]):.3f}, "
                      f"gain {ci(r.gain['focus'])}; macro gain {ci(r.gain['macro'])}; AP "
                      f"{r.macro['average_precision_zero_shot']:.3f} -> {r.macro['average_precision']:.3f}", flush=True)
                print("   " + "; ".join(f"{m.code} {m.kappa_zero_shot:.2f}->{m.kappa:.2f} {ci(r.gain[m.code])}"
                                        f" ({m.train_positive:.0f}+/{m.train_decisions:.0f})" for m in r.codes), flush=True)
                results.setdefault(held, {})[f"{label} {k}"] = r
    from workbench.suggest.evaluate import paired_gain

    for key in {key for per in results.values() for key in per}:
        runs = [run for per in results.values() if key in per for run in per[key].runs]
        classes = next(iter(results.values()))[key].codes
        g = paired_gain(runs, [m.code for m in classes], fp_threshold(), fw.FOUR)
        print(f"ALL WRITERS {key} ({len(runs)} runs): four {ci(g['focus'])}; macro {ci(g['macro'])}; "
              + "; ".join(f"{m.code} {ci(g[m.code])}" for m in classes), flush=True)
    return results


def fp_threshold() -> float:
    from workbench.suggest.engine import DEFAULT_THRESHOLD

    return DEFAULT_THRESHOLD


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--compare", nargs="*", default=[],
                    help="leave one writer out with a prior from these writers only, then from all (before/after)")
    ap.add_argument("--C", type=float, nargs="*", default=[C_DEFAULT])
    ap.add_argument("--learn", type=int, nargs="*", default=[])
    ap.add_argument("--codebook-only", action="store_true", help="with --learn: also the engine without the prior")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--protocol", choices=["draw", "review"], default="draw",
                    help="with --learn: decisions drawn K accepted per code (draw) or a simulated review pass")
    ap.add_argument("--order", default="document", help="with --protocol review: the queue order")
    ap.add_argument("--only", nargs="*", default=[], help="with --learn: score only these writers")
    ap.add_argument("--intercept", type=float, default=None,
                    help="with --learn: keep the correction's intercept, L2-penalised by this (experiment)")
    ap.add_argument("--penalty", type=float, default=None, help="with --learn: the correction's L2 penalty (experiment)")
    ap.add_argument("--slope-penalty", type=float, default=None, help="with --learn: the slope's penalty (experiment)")
    ap.add_argument("--pivot", type=float, default=None, help="with --learn: the slope's pivot logit (experiment)")
    ap.add_argument("--no-neighbours", action="store_true",
                    help="with --learn: a code the prior knows ignores its decisions until it has its correction")
    ap.add_argument("--seen-negatives", action="store_true",
                    help="with --protocol review: learn every code not accepted on a reviewed segment as rejected")
    ap.add_argument("--read", choices=["question", "fill", "prev", "prev+short", "prev-if-short"], default="question",
                    help="how lines with a \"doc\" read their context (experiment, see READ)")
    ap.add_argument("--scores", type=Path, default=None, help="with --cv: save each writer's labels and logits (npz)")
    ap.add_argument("--paired", type=Path, nargs=2, default=None, metavar=("BASE", "VARIANT"),
                    help="compare two --scores files per writer (paired bootstrap over segments)")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    if args.paired:
        from paired_writers import paired

        return paired(*args.paired, T0)
    global READ
    READ = args.read
    data = {n: collect(p) for n, p in available().items()}
    print("sets:", {n: len(d["y"]) for n, d in data.items()}, "model:", next(iter(data.values()))["model_key"])
    out = {}
    if args.cv:
        out["cv"] = cross_writer(data, args.C)
    if args.scores:
        np.savez(args.scores, **{f"{n}_{k}": a for n, (y, z) in SCORES.items() for k, a in (("y", y), ("z", z))})
    if args.compare:
        added_writers(data, args.compare, args.C[0])
    from workbench.suggest import supervised

    if args.intercept is not None:
        supervised.INTERCEPT_PENALTY = args.intercept
    if args.penalty is not None:
        supervised.RESIDUAL_PENALTY = args.penalty
    if args.no_neighbours:
        from workbench.suggest import engine as engine_module

        engine_module.NEIGHBOURS_WITH_PRIOR = False
    if args.pivot is not None:
        supervised.SLOPE_PIVOT = args.pivot
    if args.slope_penalty is not None:
        supervised.SLOPE_PENALTY = args.slope_penalty
    if args.learn:
        learning(data, args.learn, args.seeds, args.C[0], args.codebook_only, args.protocol, args.order, args.only,
                 args.seen_negatives)
    if args.write:
        prior = make_prior(data, args.C[0])
        prior.save(OUT)
        print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes): {json.dumps(prior.meta)}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
