"""Two ``bench/fit_prior.py --cv --scores`` runs compared writer by writer (``fit_prior.py --paired``).

Both files hold, per left-out writer, the labels and the logits with the prior (same segments in the
same order), so the difference is paired: κ of the four named codes at the threshold logit ``t0``
and the macro average precision, each with a 95% bootstrap interval over segments.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fit_weights as fw  # noqa: E402  (bench/ on sys.path, as fit_prior.py sets it)


def paired(base: Path, variant: Path, t0: float, boot: int = 1000) -> None:
    """Per writer, κ of the four named codes and macro AP of two ``--cv --scores`` runs (same segments in
    the same order) and their paired difference with a 95% bootstrap interval over segments."""
    from sklearn.metrics import average_precision_score

    a, b = np.load(base), np.load(variant)
    four = [0, 1, 2, 5]
    rng = np.random.default_rng(0)
    m4 = lambda y, z: float(np.nanmean(fw.kappas(y, z >= t0)[four]))  # noqa: E731
    ap = lambda y, z: float(np.mean([average_precision_score(y[:, c], z[:, c]) for c in range(y.shape[1])  # noqa: E731
                                     if 0 < y[:, c].sum()]))
    diffs = {}
    for name in [k[:-2] for k in a.files if k.endswith("_y")]:
        y, za, zb = a[f"{name}_y"], a[f"{name}_z"], b[f"{name}_z"]
        d, e = [], []
        for _ in range(boot):
            i = rng.integers(0, len(y), len(y))
            d.append(m4(y[i], zb[i]) - m4(y[i], za[i]))
            e.append(ap(y[i], zb[i]) - ap(y[i], za[i]))
        lo, hi = np.percentile(d, [2.5, 97.5])
        elo, ehi = np.percentile(e, [2.5, 97.5])
        diffs[name] = m4(y, zb) - m4(y, za)
        print(f"  {name:7s} four {m4(y, za):.3f} -> {m4(y, zb):.3f}  diff {diffs[name]:+.3f} [{lo:+.3f}, {hi:+.3f}]"
              f"  macro AP {ap(y, za):.3f} -> {ap(y, zb):.3f}  diff {ap(y, zb) - ap(y, za):+.3f} [{elo:+.3f}, {ehi:+.3f}]",
              flush=True)
    print(f"  mean of the writers: four diff {np.mean(list(diffs.values())):+.3f}")
