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
    near_text.append("")  # k = -1: no nearest prototype
    out: list[list[str]] = []
    for i in range(n):
        row = []
        # This text's rows, looked up once (the loop below runs for every text and code).
        near_i, sem_i, lex_i, c_sem_i, c_lex_i = near[i], sem[i], lex[i], c_sem[i], c_lex[i]
        found_i, gap_i, sup_i = ev.keywords_found[i], gap[i], sup[i]
        prior_i = None if prior is None else prior[i]
        for c in range(n_codes):
            items = [
                (c_sem_i[c], f"semantic {sem_i[c]:.2f}{near_text[near_i[c]]}"),
                (c_lex_i[c], f"lexical {lex_i[c]:.2f}"),
            ]
            found = found_i[c]
            if found:
                if own is not None:
                    found = [k if k in own[i] else f"{k} (in the question)" for k in found]
                items.append((c_kw[i][c], "keywords: " + ", ".join(found)))
            if gap_i[c] > 0 and near_neg[i][c] >= 0:
                items.append((-c_neg[i][c], closer_text[near_neg[i][c]]))
            if prior_i is not None and not math.isnan(prior_i[c]) and abs(prior_i[c]) >= 0.05:
                items.append((abs(prior_i[c]), f"learnt prior {prior_i[c]:+.1f}"))
            if sup_i[c] == sup_i[c]:  # not nan
                items.append((99.0, f"supervised {sup_i[c]:.2f} ({n_decisions.get(c, 0)} decisions)"))
            items.sort(reverse=True)
            row.append("; ".join([t for _, t in items]))
        out.append(row)
    return out
