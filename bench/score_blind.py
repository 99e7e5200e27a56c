"""Aggregate zero-shot figures on a gold file, with bootstrap confidence intervals; nothing else.

Prints, per code, Cohen's kappa at the threshold with a 95% bootstrap interval over segments, the
mean kappa of the four named codes (with its interval) and the macro average precision. It prints
no segment, no error and no per-segment score, so it can score a held-out test set without
anyone reading its errors. It works with this engine and with older ones (it only calls
``SuggestEngine.suggest``), so the same script measures "before" from an older checkout:

    PYTHONPATH=. python bench/score_blind.py --gold bench/data/blind/suggest_dev.jsonl [--model e5]
    PYTHONPATH=/tmp/old-checkout python bench/score_blind.py --gold ...   # the engine before

``--scores FILE.npy`` instead scores a saved ``(segments, codes)`` score matrix (the out-of-fold
scores of bench/fit_weights.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np

FOUR = ("motivation", "financial_uncertainty", "zelfoverschatting", "trajectory_fit")


def kappa(t: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import cohen_kappa_score

    if t.min() == t.max() == p.min() == p.max():
        return float("nan")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(t, p))


def bootstrap(y: np.ndarray, pred: np.ndarray, cols: list[int], n: int = 1000, seed: int = 0):
    """95% intervals of kappa per column and of the mean over ``cols``, resampling segments."""
    rng = np.random.default_rng(seed)
    per, mean = [], []
    for _ in range(n):
        idx = rng.integers(0, len(y), len(y))
        k = [kappa(y[idx, c], pred[idx, c]) for c in range(y.shape[1])]
        per.append(k)
        mean.append(np.nanmean([k[c] for c in cols]))
    per = np.array(per)
    lo, hi = np.nanpercentile(per, 2.5, axis=0), np.nanpercentile(per, 97.5, axis=0)
    return lo, hi, np.nanpercentile(mean, [2.5, 97.5])


def engine_scores(gold: Path, codebook: Path, model, threshold, cache: Path | None = None):
    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import SuggestEngine

    cb = load_codebook_file(codebook)
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    store = None
    if cache is not None:  # vectors kept in a file between runs (the e5 model encodes ~12 texts/s)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from fit_weights import FileCache

        store = FileCache(cache)
    eng = SuggestEngine(cb, Embedder(model, cache=store), threshold=threshold)
    texts, contexts = [r["text"] for r in rows], [r.get("context") or "" for r in rows]
    out = eng.suggest(texts, contexts=contexts if any(contexts) else None)
    codes = [c.id for c in cb.codable()]
    scores = np.array([[{s.code: s.score for s in row}[c] for c in codes] for row in out])
    return codes, rows, scores


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--codebook", type=Path, default=Path(__file__).resolve().parents[1] / "codebooks/reintegratie.yaml")
    ap.add_argument("--model", default=None)
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--scores", type=Path, default=None, help="a saved (segments, codes) score matrix (.npy)")
    ap.add_argument("--codes", default=None, help="comma-separated code order of --scores")
    ap.add_argument("--cache", type=Path, default=None, help="a pickle file keeping embeddings between runs")
    ap.add_argument("--label", default="")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from sklearn.metrics import average_precision_score

    if args.scores is not None:
        codes = args.codes.split(",")
        rows = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        scores = np.load(args.scores)
    else:
        codes, rows, scores = engine_scores(args.gold, args.codebook, args.model, args.threshold, args.cache)
    y = np.array([[c in r["codes"] for c in codes] for r in rows], dtype=int)
    pred = (scores >= args.threshold).astype(int)
    four = [codes.index(c) for c in FOUR if c in codes]
    k = np.array([kappa(y[:, c], pred[:, c]) for c in range(len(codes))])
    lo, hi, mean_ci = bootstrap(y, pred, four)
    ap_ = [float(average_precision_score(y[:, c], scores[:, c])) for c in range(len(codes)) if y[:, c].any()]
    result = {
        "label": args.label, "segments": len(rows), "threshold": args.threshold,
        "codes": {c: {"n": int(y[:, i].sum()), "kappa": round(float(k[i]), 3),
                      "ci95": [round(float(lo[i]), 3), round(float(hi[i]), 3)]} for i, c in enumerate(codes)},
        "mean_four": round(float(np.nanmean(k[four])), 3), "mean_four_ci95": [round(float(x), 3) for x in mean_ci],
        "macro_kappa": round(float(np.nanmean(k)), 3), "macro_average_precision": round(float(np.mean(ap_)), 3),
    }
    print(f"{args.label or args.gold.name}: {len(rows)} segments, threshold {args.threshold:g}")
    for c, m in result["codes"].items():
        print(f"  {c:24s} n={m['n']:3d}  kappa {m['kappa']:.2f}  [{m['ci95'][0]:.2f}, {m['ci95'][1]:.2f}]")
    print(f"  mean of the four named codes {result['mean_four']:.2f} "
          f"[{result['mean_four_ci95'][0]:.2f}, {result['mean_four_ci95'][1]:.2f}]; "
          f"macro kappa {result['macro_kappa']:.2f}; macro average precision {result['macro_average_precision']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
