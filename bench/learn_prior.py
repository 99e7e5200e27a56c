"""Does learning from a researcher's decisions add to the shipped prior? Leave one writer out
(docs/quality.md, issue 14, fourth round). Development figures only: the three blind development sets.

For each writer: a prior fitted on the two others (``fit_prior.make_prior``), then decisions on this
writer, then the rest of this writer scored with and without them (paired: the same segments). The
decisions are drawn in one of three ways:

* ``count``: as ``workbench evaluate --per-train-count K`` draws them: coded segments picked until
  every code has K accepted (small codes keep 5 positives for scoring); each gives a verdict on every
  code. Uncoded segments are never drawn and the positives of rare codes are over-sampled.
* ``document``: a researcher in ``review`` walks the segments in reading order (from a random start
  per seed), accepting the shown codes that are right, rejecting the others and adding missing codes,
  until every code has K accepted or 40% of the set is reviewed. Shown = the suggestions (score ≥ 0.4)
  or, with none, the three closest codes; a segment with an accepted code is a negative for the rest
  (as the engine reads decisions).
* ``uncertain``: the same, best score nearest the threshold first, relearning every 10 segments.

It runs on cached embeddings and the engine's own learning step (``CodeClassifiers`` with the
prior's columns as residual models); ``bench/fit_prior.py --learn`` runs the full engine through
``workbench evaluate`` for the ``count`` protocol. A code with fewer than 5 accepted or 5 negative
decisions keeps the prior's score here (the engine would add its nearest-neighbour terms). The paired gain has a bootstrap 95% interval
resampling seeds and scored segments; the mean of the three writers resamples each writer apart::

    python bench/learn_prior.py --k 5 10 20 --protocols count document uncertain [--old]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import fit_prior as fp  # noqa: E402
import fit_weights as fw  # noqa: E402

from workbench.suggest import supervised  # noqa: E402
from workbench.suggest.evaluate import _split_count, fast_kappa  # noqa: E402

T0 = fp.T0
CAP = 0.4
EVERY = 10


def folds(data: dict[str, dict]) -> dict[str, dict]:
    """Per left-out writer: labels, embeddings and the prior's logit (fitted on the other writers)."""
    out = {}
    for held, B in data.items():
        prior = fp.make_prior({n: d for n, d in data.items() if n != held}, fp.C_DEFAULT)
        P = prior.logit(B["X"], B["zs"].astype(np.float32), B["classes"]).astype(np.float64)
        out[held] = dict(y=B["y"], X=B["X"], P=P, prior=prior, classes=B["classes"])
    return out


def old_residual(Z, offset, y, penalty=supervised.RESIDUAL_PENALTY, slope_penalty=0.0):
    """The third round's correction (no intercept, no slope), for comparison (``--old``)."""
    from scipy.optimize import minimize

    s = np.where(np.asarray(y) > 0, 1.0, -1.0)

    def loss(w):
        m = s * (offset + Z @ w)
        g = -s * np.exp(-np.logaddexp(0.0, m))
        return float(np.logaddexp(0.0, -m).sum() + 0.5 * penalty * w @ w), Z.T @ g + penalty * w

    return 0.0, minimize(loss, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B").x


def learner(f: dict, tr: np.ndarray, L: np.ndarray, te: np.ndarray) -> np.ndarray:
    """The engine's learning step on arrays: prior logits of ``te`` after the decisions ``L`` on ``tr``."""
    cols = f["prior"].columns(f["classes"])[0].tolist()
    cl = supervised.CodeClassifiers(len(f["classes"]))
    cl.fit([""] * len(tr), f["X"][tr], f["P"][tr], L, (cols, f["prior"].mean, f["prior"].scale))
    p = cl.predict(f["X"][te], [""] * len(te), f["P"][te])
    with np.errstate(divide="ignore"):
        return np.where(np.isnan(p), f["P"][te], np.log(p) - np.log1p(-p))


def draw_count(f, k, seed):
    tr, te = _split_count(f["y"].astype(bool), k, seed)
    return tr, te, f["y"][tr].astype(np.int8)


def draw_review(f, k, seed, order):
    y, n = f["y"], len(f["y"])
    start = int(np.random.default_rng(seed).integers(0, n))
    reading = list(np.roll(np.arange(n), -start))
    L = np.full(y.shape, -1, np.int8)
    seen: list[int] = []
    cur = f["P"].copy()
    while len(seen) < int(CAP * n):
        if order == "document":
            batch = reading[len(seen):len(seen) + EVERY]
        else:
            left = np.setdiff1d(np.arange(n), seen)
            best = 1 / (1 + np.exp(-cur[left].max(axis=1)))
            batch = left[np.argsort(np.abs(best - 0.4), kind="stable")[:EVERY]].tolist()
        for i in batch:
            shown = np.flatnonzero(cur[i] >= T0)
            shown = shown if shown.size else np.argsort(-cur[i], kind="stable")[:3]
            L[i, shown] = 0
            L[i, y[i] == 1] = 1
            if y[i].any():
                L[i, L[i] == -1] = 0
            seen.append(i)
        if ((L[seen] == 1).sum(axis=0) >= k).all():
            break
        if order != "document":
            tr, rest = np.array(seen), np.setdiff1d(np.arange(n), seen)
            cur = f["P"].copy()
            cur[rest] = learner(f, tr, L[tr], rest)
    tr = np.array(sorted(seen))
    return tr, np.setdiff1d(np.arange(n), tr), L[tr]


def runs_for(f, protocol, k, seeds):
    out = []
    for seed in range(1 if protocol == "uncertain" else seeds):  # uncertain order has no randomness
        tr, te, L = draw_count(f, k, seed) if protocol == "count" else draw_review(f, k, seed, protocol)
        out.append((f["y"][te].astype(bool), learner(f, tr, L, te) >= T0, f["P"][te] >= T0, len(tr), L))
    return out


def draws(runs, boot, rng):
    """Point gain per code and ``boot`` paired bootstrap draws (seeds, then segments)."""
    def gain(sel):
        return np.nanmean([fast_kappa(y[i], a[i]) - fast_kappa(y[i], b[i]) for (y, a, b, *_), i in sel], axis=0)

    point = gain([(r, slice(None)) for r in runs])
    d = [gain([(runs[j], rng.integers(0, len(runs[j][0]), len(runs[j][0]))) for j in rng.integers(0, len(runs), len(runs))])
         for _ in range(boot)]
    return point, np.array(d)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, nargs="*", default=[5, 10, 20])
    ap.add_argument("--protocols", nargs="*", default=["count", "document", "uncertain"])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--old", action="store_true", help="the third round's correction (no intercept, no slope)")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    if args.old:
        supervised.fit_residual = old_residual
    data = {n: fp.collect(p) for n, p in fp.available().items()}
    F = folds(data)
    classes = next(iter(F.values()))["classes"]
    four = [classes.index(c) for c in fw.FOUR]
    ci = lambda p, d: f"{p:+.3f} [{np.percentile(d, 2.5):+.3f}, {np.percentile(d, 97.5):+.3f}]"  # noqa: E731
    for protocol in args.protocols:
        for k in args.k:
            rng = np.random.default_rng(0)
            points, ds = {}, {}
            print(f"== {protocol}, K = {k}", flush=True)
            for held, f in F.items():
                runs = runs_for(f, protocol, k, args.seeds)
                points[held], ds[held] = draws(runs, args.boot, rng)
                p, d = points[held], ds[held]
                acc = np.mean([(r[4] == 1).sum(axis=0) for r in runs], axis=0)
                print(f"  {held:7s} {np.mean([r[3] for r in runs]):4.0f} learnt, {len(runs[0][0]):3d} scored | four "
                      f"{ci(p[four].mean(), np.nanmean(d[:, four], axis=1))} | macro "
                      f"{ci(np.nanmean(p), np.nanmean(d, axis=1))} | accepted {acc.min():.0f}-{acc.max():.0f}", flush=True)
            P = np.mean([points[h] for h in F], axis=0)
            D = np.mean([ds[h] for h in F], axis=0)  # each writer resampled apart, then averaged
            print(f"  MEAN    four {ci(P[four].mean(), np.nanmean(D[:, four], axis=1))} | macro "
                  f"{ci(np.nanmean(P), np.nanmean(D, axis=1))}")
            lo, hi = np.nanpercentile(D, [2.5, 97.5], axis=0)
            print("  per code (mean of writers): " + "; ".join(
                f"{c} {P[j]:+.3f} [{lo[j]:+.3f}, {hi[j]:+.3f}]" for j, c in enumerate(classes)), flush=True)


if __name__ == "__main__":
    main()
