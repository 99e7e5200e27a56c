"""Per-code classifiers trained on the researcher's decisions.

A code gets a classifier once it has at least ``min_positive`` accepted segments and at least
``min_negative`` negatives: segments rejected for it, or accepted for another code and not
decided for it. Features are the code's zero-shot logit (codebook evidence only, so a decided
segment does not see itself), the sentence embedding and a character n-gram TF-IDF vector.
The model is a :class:`~sklearn.linear_model.LogisticRegression` without class re-weighting, so
its output stays a probability comparable with the zero-shot score (a class-balanced model
over-suggested on the evaluation set). Anchor examples are not used: their zero-shot logit is
inflated because they are part of the code profiles.

A code with a shipped prior (:mod:`.prior`) gets a *residual* model instead (:func:`fit_residual`):
its prior logit as a fixed offset, plus a penalised slope on that logit (the writer's score scale)
and an L2-penalised correction on the standardised embedding. Its output is the whole score (no
blend), so few decisions move it little and many move it more. The fit has an unpenalised intercept
that is *not* used for scoring: it absorbs how the decisions were picked (researchers decide mostly
on suggested segments; a "K accepted per code" draw over-samples the positives of rare codes), which
under such label-dependent sampling biases only the intercept of a logistic model (Prentice & Pyke
1979), so the slope and the correction stay honest. Without it, the correction itself learnt the
share of positives among the decisions and over-suggested small codes (docs/quality.md, issue 14,
fourth round).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from workbench.suggest.lexical import CharTfidf

ZERO_SHOT_SCALE = 0.5
"""The zero-shot logit enters as ``logit * ZERO_SHOT_SCALE`` (comparable to the other columns)."""
C = 3.0
"""Inverse regularisation strength of the logistic regressions."""
RESIDUAL_PENALTY = 100.0
"""L2 penalty of a residual model's correction (summed log-loss; bench/learn_prior.py, docs/quality.md)."""
SLOPE_PENALTY = 1.0
"""L2 penalty of a residual model's slope on the prior logit (0 = the prior's own scale)."""
SLOPE_PIVOT: float = 0.0
"""The prior logit about which the slope turns (``0``: the origin, so a slope also moves the decision point)."""
INTERCEPT_PENALTY: float | None = None
"""``None``: a residual model's intercept is free while fitting and dropped (the default). A number: the
intercept is L2-penalised with it and *kept*, i.e. the decisions move the code's threshold."""


def fit_residual(Z: np.ndarray, offset: np.ndarray, y: np.ndarray, penalty: float = RESIDUAL_PENALTY,
                 slope_penalty: float = SLOPE_PENALTY,
                 intercept_penalty: float | None = None, pivot: float = 0.0) -> tuple[float, np.ndarray, float]:
    """``(slope, w, b)`` of the residual model ``b + offset * (1 + slope) + Z @ w`` (see the module docstring).

    Minimises ``sum(log(1 + exp(-s * (b + offset * (1 + slope) + Z @ w))))`` plus
    ``penalty / 2 * |w|^2 + slope_penalty / 2 * slope^2`` with ``s = ±1`` from ``y`` (1/0), by
    L-BFGS. With ``intercept_penalty`` ``None`` the intercept is free during the fit and then dropped
    (``b = 0``); otherwise it is penalised by ``intercept_penalty / 2 * b^2`` and kept."""
    from scipy.optimize import minimize

    off = np.asarray(offset, np.float64)
    X = np.column_stack([np.ones(len(off)), off - pivot, np.asarray(Z, np.float64)])
    s = np.where(np.asarray(y) > 0, 1.0, -1.0)
    pen = np.r_[intercept_penalty or 0.0, slope_penalty, np.full(X.shape[1] - 2, penalty)]

    def loss(w):
        m = s * (off + X @ w)
        g = -s * np.exp(-np.logaddexp(0.0, m))  # d/dz of log(1 + exp(-m))
        return float(np.logaddexp(0.0, -m).sum() + 0.5 * (pen * w) @ w), X.T @ g + pen * w

    w = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B").x
    return float(w[1]), w[2:], (0.0 if intercept_penalty is None else float(w[0]))


class CodeClassifiers:
    """One logistic regression per code that has enough decisions; others predict ``nan``."""

    def __init__(self, n_codes: int, min_positive: int = 5, min_negative: int = 5, random_state: int = 0):
        self.n_codes = n_codes
        self.min_positive = min_positive
        self.min_negative = min_negative
        self.random_state = random_state
        self.models: dict[int, LogisticRegression] = {}
        self.n_decisions: dict[int, int] = {}
        """Decisions behind each code's classifier (accepted + negatives)."""
        self.n_minority: dict[int, int] = {}
        """The smaller of a code's accepted and negative counts: how much evidence it really has."""
        self.vectorizer = None
        self.residuals: dict[int, tuple[float, np.ndarray, float]] = {}
        """Codes with a residual model (:func:`fit_residual`): their slope, correction weights and intercept."""
        self.standardise: tuple[np.ndarray, np.ndarray] | None = None
        self.pivot = 0.0

    @property
    def trained(self) -> list[int]:
        """Columns with a model of their own (a classifier or a residual model)."""
        return sorted([*self.models, *self.residuals])

    def _z(self, vectors: np.ndarray) -> np.ndarray:
        mean, scale = self.standardise
        return (np.asarray(vectors, np.float64) - mean) / scale

    @staticmethod
    def _base(vectors: np.ndarray, tfidf):
        """The features without the zero-shot column: embedding, then TF-IDF rows."""
        return sparse.hstack([sparse.csr_matrix(vectors), tfidf], format="csr")

    @staticmethod
    def _with_zero_shot(base, zs_column: np.ndarray):
        return sparse.hstack([sparse.csr_matrix(zs_column[:, None] * ZERO_SHOT_SCALE), base], format="csr")

    def fit(self, texts: list[str], vectors: np.ndarray, zero_shot: np.ndarray, labels: np.ndarray,
            residual: tuple[list[int], np.ndarray, np.ndarray] | None = None):
        """``labels`` is ``(rows, codes)`` with 1 (positive), 0 (negative) or -1 (not decided).
        ``residual`` = (columns, mean, scale): those columns get a residual model on the embedding
        standardised with ``mean`` and ``scale`` (``zero_shot`` then holds their prior logits)."""
        self.models, self.n_decisions, self.n_minority, self.residuals = {}, {}, {}, {}
        pos, neg = (labels == 1).sum(axis=0), (labels == 0).sum(axis=0)
        eligible = [c for c in range(self.n_codes) if pos[c] >= self.min_positive and neg[c] >= self.min_negative]
        if residual is not None:
            self.standardise = (np.asarray(residual[1], np.float64), np.asarray(residual[2], np.float64))
        for c in [c for c in eligible if residual is not None and c in residual[0]]:
            rows = np.flatnonzero(labels[:, c] >= 0)
            self.residuals[c] = fit_residual(self._z(vectors[rows]), zero_shot[rows, c], labels[rows, c],
                                             RESIDUAL_PENALTY, SLOPE_PENALTY, INTERCEPT_PENALTY, SLOPE_PIVOT)
            self.pivot = SLOPE_PIVOT
            self.n_decisions[c], self.n_minority[c] = int(pos[c] + neg[c]), int(min(pos[c], neg[c]))
        eligible = [c for c in eligible if c not in self.residuals]
        if not eligible:
            return self
        self.vectorizer = CharTfidf()
        base = self._base(vectors, self.vectorizer.fit_transform(texts))
        for c in eligible:
            rows = np.flatnonzero(labels[:, c] >= 0)
            X = self._with_zero_shot(base[rows], zero_shot[rows, c])
            model = LogisticRegression(C=C, solver="liblinear", random_state=self.random_state, max_iter=1000)
            model.fit(X, labels[rows, c])
            self.models[c] = model
            self.n_decisions[c] = int(pos[c] + neg[c])
            self.n_minority[c] = int(min(pos[c], neg[c]))
        return self

    def predict(self, vectors: np.ndarray, texts: list[str], zero_shot: np.ndarray, counts=None) -> np.ndarray:
        """``(n, codes)`` probability per code; ``nan`` for codes without a classifier. ``counts``
        (n-gram counts of ``texts`` and their vocabulary, from the lexical evidence) spares cutting
        the texts into n-grams again.

        Computed from the fitted coefficients block by block (zero-shot column, embedding, TF-IDF):
        the same numbers as ``predict_proba`` on the stacked features of :meth:`fit`, without
        building that matrix once per code."""
        out = np.full((len(texts), self.n_codes), np.nan, dtype=np.float32)
        if self.residuals and len(texts):
            cols = sorted(self.residuals)
            slope = np.array([1.0 + self.residuals[c][0] for c in cols])
            z = zero_shot[:, cols] * slope + self._z(vectors) @ np.stack([self.residuals[c][1] for c in cols], axis=1)
            z += np.array([self.residuals[c][2] - self.residuals[c][0] * self.pivot for c in cols])
            out[:, cols] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        if not self.models or not texts:
            return out
        codes = list(self.models)
        dim = vectors.shape[1]
        coef = np.stack([self.models[c].coef_.ravel() for c in codes], axis=1)  # (features, trained codes)
        z = np.asarray(vectors @ coef[1:1 + dim].astype(vectors.dtype), dtype=np.float64)
        tfidf = self.vectorizer.transform(texts) if counts is None else self.vectorizer.transform_counts(*counts)
        z += np.asarray(tfidf @ coef[1 + dim:])
        z += zero_shot[:, codes] * (ZERO_SHOT_SCALE * coef[0]) + np.array([self.models[c].intercept_[0] for c in codes])
        out[:, codes] = 1.0 / (1.0 + np.exp(-z))
        return out
