"""Short, checkable explanations of a score, strongest evidence first, e.g.

``semantic 0.71 (nearest anchor: “ik wil gewoon weer…”); keywords: toeslagen; supervised 0.82 (12 decisions)``
"""

from __future__ import annotations

import math

import numpy as np

from workbench.suggest.calibrate import Weights
from workbench.suggest.semantic import Prototypes

QUOTE_CHARS = 40
_KIND_LABEL = {"example": "anchor", "accepted": "accepted", "exclude": "exclusion rule", "rejected": "rejected"}


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """Dutch curly quotes around the start of ``text``, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(",.;:") + "…"
    return f"“{text}”"


def rationales(
    scores, protos: Prototypes, n_decisions: dict[int, int], weights: Weights, own: list[str] | None = None
) -> list[list[str]]:
    """``out[i][c]``: the rationale for text ``i`` and code column ``c``. ``own`` (lower-cased
    segment texts, when a question was read before them) marks keywords found only in the question."""
    ev = scores.evidence
    p = scores.parts
    n, n_codes = scores.score.shape
    labels = [f"{_KIND_LABEL.get(k, k)}: {quote(t)}" for k, t in zip(protos.kind, protos.texts)]
    near_text = [f" (nearest {label})" for label in labels]
    closer_text = [f"closer to {label}" for label in labels]

    f = scores.features
    c_sem = (
        weights.semantic * f["semantic"] + weights.semantic_rel * f["semantic_rel"] + weights.accepted * f["accepted"]
    ).tolist()
    c_lex = (weights.lexical * f["lexical"] + weights.lexical_rel * f["lexical_rel"]).tolist()
    c_kw = np.minimum(weights.keywords * f["keywords"] + weights.keywords_rel * f["keywords_rel"],
                      weights.keyword_max).tolist()
    c_neg = (weights.negative * f["negative"] + weights.rejected * f["rejected"]).tolist()
    sem = p["semantic"].tolist()
    lex = p["lexical"].tolist()
    sup = p["supervised"].tolist()
    prior = p["prior"].tolist() if "prior" in p else None
    gap = (ev.exclusion_gap + ev.rejected_gap).tolist()
    near = ev.nearest.tolist()
    near_neg = ev.nearest_negative.tolist()
    out: list[list[str]] = []
    for i in range(n):
        row = []
        for c in range(n_codes):
            k = near[i][c]
            items = [
                (c_sem[i][c], f"semantic {sem[i][c]:.2f}" + (near_text[k] if k >= 0 else "")),
                (c_lex[i][c], f"lexical {lex[i][c]:.2f}"),
            ]
            found = ev.keywords_found[i][c]
            if found:
                if own is not None:
                    found = [k if k in own[i] else f"{k} (in the question)" for k in found]
                items.append((c_kw[i][c], "keywords: " + ", ".join(found)))
            if gap[i][c] > 0 and near_neg[i][c] >= 0:
                items.append((-c_neg[i][c], closer_text[near_neg[i][c]]))
            if prior is not None and not math.isnan(prior[i][c]) and abs(prior[i][c]) >= 0.05:
                items.append((abs(prior[i][c]), f"learnt prior {prior[i][c]:+.1f}"))
            if not math.isnan(sup[i][c]):
                items.append((99.0, f"supervised {sup[i][c]:.2f} ({n_decisions.get(c, 0)} decisions)"))
            items.sort(reverse=True)
            row.append("; ".join(t for _, t in items))
        out.append(row)
    return out
