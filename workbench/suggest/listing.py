"""Score arrays turned into what ``suggest`` returns: per text, one :class:`Suggestion` per code,
highest score first.

This runs once per (text, code), 180,000 times for 20,000 segments and 9 codes, so the arrays are
converted to plain lists once for the whole run instead of value by value, and the loops that build
these many small objects run with the cyclic garbage collector paused (:func:`gc_paused`).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np


@dataclass
class Suggestion:
    """One code's score for one segment; ``parts`` holds the evidence behind it."""

    code: str
    score: float
    suggested: bool
    rationale: str
    parts: dict[str, float] = field(default_factory=dict)


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector (restored afterwards, as it was). Building hundreds of
    thousands of small lists, dicts and objects triggers collections that each walk every object of
    the process: about half the time of the rationale and ``Suggestion`` loops for 20,000 segments.
    What those loops build holds no reference cycles, so nothing waits for the collector."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def suggestion_lists(code_ids: list[str], score: np.ndarray, parts: dict[str, np.ndarray],
                     why: list[list[str]], threshold: float) -> list[list[Suggestion]]:
    """``score`` and each of ``parts`` are ``(texts, codes)``; a part that is nan for a pair (does
    not apply, e.g. no classifier for the code) is left out of that pair's ``parts``. Scores are
    rounded to 4 decimals; ties keep the code order."""
    names = list(parts)
    stacked = np.stack([np.asarray(parts[p], np.float64) for p in names], axis=-1)  # (texts, codes, parts)
    # Which parts apply, as one number per pair: the same for most pairs, so each pattern's names
    # and picker are made once.
    pattern = (np.isnan(stacked) << np.arange(len(names))).sum(axis=-1)
    pick = {}
    for k in np.unique(pattern).tolist():
        js = [j for j in range(len(names)) if not (k >> j) & 1]
        get = itemgetter(*js) if len(js) > 1 else (lambda v, js=js: [v[j] for j in js])  # always a sequence
        pick[k] = (tuple(names[j] for j in js), get)
    order = np.argsort(-score, axis=1, kind="stable").tolist()
    values, pattern, scores = stacked.tolist(), pattern.tolist(), score.tolist()
    out: list[list[Suggestion]] = []
    for i in range(len(order)):
        row = []
        values_i, pattern_i, scores_i, why_i = values[i], pattern[i], scores[i], why[i]
        for c in order[i]:
            kept, get = pick[pattern_i[c]]
            rounded = round(scores_i[c], 4)
            row.append(Suggestion(code_ids[c], rounded, rounded >= threshold, why_i[c],
                                  dict(zip(kept, get(values_i[c])))))
        out.append(row)
    return out
