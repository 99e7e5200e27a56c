"""Fit the zero-shot combination weights on the blind development set, choosing settings by
cross-validation within it (docs/quality.md, "How the weights were fitted").

The engine's codebook features (standardised semantic and lexical similarity, their relative
versions, keyword evidence) are computed once per backend with no decisions; they depend on the
codebook only, not on the development labels. What is fitted is one logistic regression over all
(segment, code) pairs: a bias and one weight per feature, shared by every code (few, L2-regularised
parameters). Chosen by repeated 5-fold cross-validation over *segments*:

* ``C`` (inverse L2 strength), the feature set, the weight of a keyword found only in the question
  (``question_keywords``), the bound on the keyword terms (``keyword_max``) and a bias shift that
  places the 0.4 threshold (scores stay close to probabilities: see the reliability table).

Usage::

    python bench/fit_weights.py --backend e5 [--pairing query,passage] [--json OUT]
    python bench/fit_weights.py --backend minilm
    python bench/fit_weights.py --backend e5 --pairings    # compare e5 prefix pairings

Prints the cross-validated figures and the fitted :class:`Weights`; it never reads a test set.
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import sys
import warnings
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV = ROOT / "bench" / "data" / "blind" / "suggest_dev.jsonl"
CODEBOOK = ROOT / "codebooks" / "reintegratie.yaml"
FOUR = ("motivation", "financial_uncertainty", "zelfoverschatting", "trajectory_fit")
THRESHOLD = 0.4
FEATURE_SETS = {
    "all": ("semantic", "semantic_rel", "lexical", "lexical_rel", "keywords", "keywords_rel"),
    "no_kw_rel": ("semantic", "semantic_rel", "lexical", "lexical_rel", "keywords"),
    "rel_only": ("semantic", "semantic_rel", "lexical_rel", "keywords", "keywords_rel"),
}


class FileCache:
    """An :class:`EmbeddingCache` kept in a pickle, so repeated runs encode nothing."""

    def __init__(self, path: Path):
        self.path = path
        self.data = pickle.loads(path.read_bytes()) if path.is_file() else {}

    def get_many(self, key, hashes):
        return {h: self.data[(key, h)] for h in hashes if (key, h) in self.data}

    def put_many(self, key, items):
        for h, v in items.items():
            self.data[(key, h)] = np.asarray(v, np.float32)
        self.path.write_bytes(pickle.dumps(self.data))


def backend(name: str, pairing: tuple[str, str] | None):
    from workbench.suggest.backends import E5Backend, make_backend

    if name == "e5" and pairing:
        return E5Backend({"segment": pairing[0] + ": ", "prototype": pairing[1] + ": "})
    return make_backend(name)


def raw_features(name: str, pairing, gold: Path = DEV, cache: Path = Path("/tmp/wb_fit_cache.pkl")):
    """Codebook features of every gold item (no decisions), with the keyword counts in the answer
    and in question+answer so that the question weight can vary."""
    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import SuggestEngine
    from workbench.suggest.evaluate import _labels, load_gold

    cb = load_codebook_file(CODEBOOK)
    items = load_gold(gold, cb)
    eng = SuggestEngine(cb, Embedder(backend(name, pairing), cache=FileCache(cache))).fit([])
    s = eng.score([g.text for g in items], contexts=[g.context for g in items])
    f = {k: np.asarray(v, np.float64) for k, v in s.features.items()}
    ev = s.evidence
    return eng.classes_, f, ev.keyword_counts.astype(float), ev.keyword_counts_own.astype(float), \
        _labels(items, eng.classes_)


def design(f, counts, own, names, lam):
    from workbench.suggest.calibrate import relative
    from workbench.suggest.lexical import keyword_score

    kw = keyword_score(own + lam * (counts - own))
    cols = {**f, "keywords": kw, "keywords_rel": relative(kw)}
    return np.stack([cols[n] for n in names], axis=-1)  # (segments, codes, features)


def fit_lr(X, y, C):
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=C, max_iter=2000)
    m.fit(X.reshape(-1, X.shape[-1]), y.reshape(-1))
    return float(m.intercept_[0]), m.coef_.ravel()


def logits(X, names, bias, coef, kw_max):
    kw_idx = [i for i, n in enumerate(names) if n.startswith("keywords")]
    rest = [i for i in range(len(names)) if i not in kw_idx]
    z = bias + X[..., rest] @ coef[rest]
    if kw_idx:
        z = z + np.minimum(X[..., kw_idx] @ coef[kw_idx], kw_max)
    return z


def kappas(y, pred):
    """Cohen's kappa per column (binary), vectorised; the same numbers as scikit-learn's."""
    y, p = y.astype(float), pred.astype(float)
    po = (y == p).mean(axis=0)
    pe = y.mean(axis=0) * p.mean(axis=0) + (1 - y.mean(axis=0)) * (1 - p.mean(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pe < 1, (po - pe) / (1 - pe), np.nan)


def cross_validate(classes, f, counts, own, y, *, names, C, lam, kw_max, shifts, repeats=3, folds=5):
    """Out-of-fold scores for each bias shift: ``{shift: (segments, codes) scores}`` averaged
    per repeat into metrics."""
    from sklearn.model_selection import KFold

    X = design(f, counts, own, names, lam)
    per_shift = {s: [] for s in shifts}
    for rep in range(repeats):
        oof = np.zeros(y.shape)
        for train, test in KFold(folds, shuffle=True, random_state=rep).split(X):
            b, w = fit_lr(X[train], y[train], C)
            oof[test] = logits(X[test], names, b, w, kw_max)
        for s in shifts:
            per_shift[s].append(oof + s)
    return per_shift


def summary(classes, y, runs, aps=None):
    from sklearn.metrics import average_precision_score

    four = [classes.index(c) for c in FOUR]
    ks = np.array([kappas(y, z >= np.log(THRESHOLD / (1 - THRESHOLD))) for z in runs])
    if aps is None:  # ranking does not depend on the bias shift: computed once per setting
        aps = np.array([[average_precision_score(y[:, c], z[:, c]) for c in range(y.shape[1])] for z in runs])
    k = np.nanmean(ks, axis=0)
    return {"kappa": dict(zip(classes, k.round(3).tolist())), "four": float(np.mean(k[four])),
            "macro": float(np.nanmean(k)), "ap_macro": float(aps.mean()), "ap_four": float(aps[:, four].mean()),
            "four_min": float(k[four].min())}, aps


def grid(name, pairing, quick=False):
    classes, f, counts, own, y = raw_features(name, pairing)
    results = []
    shifts = [-0.75, -0.5, -0.25, 0.0, 0.25, 0.5]
    Cs = [0.1, 1.0] if not quick else [0.3]
    lams = [0.0, 0.25, 0.5, 1.0] if not quick else [0.25]
    kms = [1.5, 3.0, np.inf] if not quick else [2.0]
    sets = FEATURE_SETS if not quick else {"all": FEATURE_SETS["all"]}
    for (set_name, names), C, lam, km in itertools.product(sets.items(), Cs, lams, kms):
        runs = cross_validate(classes, f, counts, own, y, names=names, C=C, lam=lam, kw_max=km, shifts=shifts,
                              repeats=2)
        aps = None
        for s, r in runs.items():
            m, aps = summary(classes, y, r, aps)
            m.update(features=set_name, C=C, question_keywords=lam, keyword_max=km, shift=s)
            results.append(m)
    return classes, f, counts, own, y, results


THRESHOLD_GRID = np.linspace(-2.5, 1.5, 41)
"""Candidate decision points (logits) for the per-code thresholds."""
CODE_SHRINK = 0.75
"""How far a code's threshold moves from the shared one towards its own best (chosen by CV)."""


def code_offsets(z, y, shrink=CODE_SHRINK):
    """Per-code logit offsets that move each code's decision point from the best shared one towards
    the code's own best (kappa on ``z``, ``y``), by ``shrink``; adding them to the logits keeps the
    decision at the usual threshold."""
    best_shared = THRESHOLD_GRID[int(np.argmax([np.nanmean(kappas(y, z >= g)) for g in THRESHOLD_GRID]))]
    out = np.empty(y.shape[1])
    for c in range(y.shape[1]):
        kc = [kappas(y[:, [c]], z[:, [c]] >= g)[0] for g in THRESHOLD_GRID]
        own = THRESHOLD_GRID[int(np.nanargmax(kc))]
        out[c] = np.log(THRESHOLD / (1 - THRESHOLD)) - (best_shared + shrink * (own - best_shared))
    return out


def cross_validate_offsets(classes, f, counts, own, y, st, shrink=CODE_SHRINK, repeats=3, folds=5):
    """Out-of-fold logits with per-code offsets chosen on the training folds only."""
    from sklearn.model_selection import KFold

    names = FEATURE_SETS[st["features"]]
    X = design(f, counts, own, names, st["question_keywords"])
    runs = []
    for rep in range(repeats):
        oof = np.zeros(y.shape)
        for train, test in KFold(folds, shuffle=True, random_state=rep).split(X):
            b, w = fit_lr(X[train], y[train], st["C"])
            z_train = logits(X[train], names, b, w, st["keyword_max"]) + st["shift"]
            off = code_offsets(z_train, y[train], shrink)
            oof[test] = logits(X[test], names, b, w, st["keyword_max"]) + st["shift"] + off
        runs.append(oof)
    return runs


def objective(m):
    return 0.5 * m["four"] + 0.5 * m["macro"]


def final_weights(f, counts, own, y, best, family):
    from workbench.suggest.calibrate import Weights

    names = FEATURE_SETS[best["features"]]
    X = design(f, counts, own, names, best["question_keywords"])
    b, w = fit_lr(X, y, best["C"])
    coef = {n: 0.0 for n in FEATURE_SETS["all"]}
    coef.update({n: round(float(v), 3) for n, v in zip(names, w)})
    base = Weights()
    km = best["keyword_max"]
    return replace(base, bias=round(b + best["shift"], 3), **coef, negative=0.0,
                   question_keywords=best["question_keywords"], keyword_max=float(km) if np.isfinite(km) else 99.0)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="e5")
    ap.add_argument("--pairing", default=None, help="segment,prototype prefixes for e5, e.g. query,passage")
    ap.add_argument("--pairings", action="store_true", help="compare the four e5 prefix pairings")
    ap.add_argument("--json", default=None)
    ap.add_argument("--oof", default=None, help="with --settings: save out-of-fold scores (.npy) and print "
                                                "the reliability table of the development set")
    ap.add_argument("--code-offsets", type=float, default=None, metavar="SHRINK",
                    help="with --settings: cross-validate per-code thresholds (offsets) moved SHRINK of the way "
                         "to each code's own best, then print the offsets fitted on the whole set")
    ap.add_argument("--settings", default=None, help='JSON, e.g. {"features": "all", "C": 1, '
                                                     '"question_keywords": 0.25, "keyword_max": 1.5, "shift": 0.25}')
    args = ap.parse_args(argv)
    out = {}
    if args.settings:
        from workbench.suggest.calibrate import sigmoid
        from workbench.suggest.evaluate import reliability

        st = json.loads(args.settings)
        pairing = tuple(args.pairing.split(",")) if args.pairing else None
        classes, f, counts, own, y = raw_features(args.backend, pairing)
        if args.code_offsets is not None:
            runs = cross_validate_offsets(classes, f, counts, own, y, st, args.code_offsets)
            m, _ = summary(classes, y, runs)
            print("cross-validated with per-code offsets:", {k: (round(v, 3) if isinstance(v, float) else v)
                                                            for k, v in m.items()})
            names = FEATURE_SETS[st["features"]]
            X = design(f, counts, own, names, st["question_keywords"])
            b, w = fit_lr(X, y, st["C"])
            off = code_offsets(logits(X, names, b, w, st["keyword_max"]) + st["shift"], y, args.code_offsets)
            print("offsets fitted on the whole set:", {c: round(float(o), 2) for c, o in zip(classes, off)})
            if args.oof:
                from workbench.suggest.calibrate import sigmoid

                np.save(args.oof, sigmoid(runs[0]))
            return
        runs = cross_validate(classes, f, counts, own, y, names=FEATURE_SETS[st["features"]], C=st["C"],
                              lam=st["question_keywords"], kw_max=st["keyword_max"], shifts=[st["shift"]], repeats=1)
        scores = sigmoid(runs[st["shift"]][0])
        print("codes:", ",".join(classes))
        for r in reliability(y, scores):
            print(r)
        if args.oof:
            np.save(args.oof, scores)
        return
    if args.pairings:
        from sklearn.metrics import average_precision_score

        rows = []
        for pairing in itertools.product(("query", "passage"), repeat=2):
            classes, f, counts, own, y, results = grid("e5", pairing, quick=True)
            sem_ap = np.mean([average_precision_score(y[:, c], f["semantic"][:, c]) for c in range(y.shape[1])])
            best = max(results, key=objective)
            rows.append({"segment": pairing[0], "prototype": pairing[1], "semantic_ap_macro": float(sem_ap),
                         "cv_four": best["four"], "cv_macro": best["macro"], "cv_ap_macro": best["ap_macro"]})
            print(json.dumps(rows[-1]), flush=True)
        out["pairings"] = rows
    else:
        pairing = tuple(args.pairing.split(",")) if args.pairing else None
        classes, f, counts, own, y, results = grid(args.backend, pairing)
        results.sort(key=objective, reverse=True)
        for m in results[:8]:
            print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in m.items() if k != "kappa"})
        best = results[0]
        print("best per code (cross-validated):", best["kappa"])
        w = final_weights(f, counts, own, y, best, args.backend)
        print("fitted on all of the development set:", w)
        out = {"best": best, "weights": asdict(w), "top": results[:8]}
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, default=float))


if __name__ == "__main__":
    main()
