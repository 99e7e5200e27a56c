"""A researcher's pass through ``review``, simulated on a gold file: what learning gains on the rest.

``workbench evaluate --protocol review`` walks the gold segments as the review queue orders them
(:func:`workbench.review.queue.sort_items`, the same function the review session uses) and decides
each one as a researcher who knows the gold codes would, with the keys review offers:

* the codes *shown* are the segment's suggestions (score ≥ threshold) or, when there are none, its
  three closest codes (:meth:`workbench.review.queue.QueueItem.set_ranking`);
* shown codes that are gold are accepted, the other shown codes rejected (``confirm``; ``reject_all``
  on a segment without gold codes), and gold codes not shown are added (accepted);
* review stores exactly these as accepted/rejected codings, and that is what the engine learns
  (``store.codings.learning_decisions``; the engine itself reads a segment accepted for one code as a
  negative for the others).

**A decision on a code** is one stored accepted or rejected coding of that code: a reviewed segment
counts for every code shown on it or added to it, and for no other code. The walk stops when every
target code (``focus``, else every code) has at least ``per_code`` decisions, or when ``max_fraction`` of
the segments is reviewed. As in review, the engine relearns every ``relearn_every`` reviewed segments
from all decisions so far; the segments still to come are rescored (so what is shown changes) and
re-sorted. After the walk the engine learns every decision once more and scores the segments not
reviewed; the paired gain compares that with the zero-shot scores of the same segments.

Reading order is the file's, one transcript after another (``"doc"`` field, if any). Seed 0 walks the
file as it is; another seed takes the transcripts in a random order (a file without ``"doc"`` starts
at a random segment instead), so the seeds differ in which segments are reviewed. The ``uncertain``
order ranks by score, so there the seeds differ only in ties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from workbench.errors import InputError
from workbench.review.queue import ORDERS, QueueItem, Suggestion, sort_items
from workbench.suggest.engine import DEFAULT_THRESHOLD, Decision, SuggestEngine
from workbench.suggest.evaluate import EvalResult, GoldItem, learning_run, prepare

MAX_FRACTION = 0.5
"""The walk stops at this share of the segments reviewed, so that at least half is left to score."""
RELEARN_EVERY = 10
"""Reviewed segments between relearns (``review --relearn-every``'s default)."""


@dataclass(frozen=True)
class GoldSegment:
    """What a queue item needs of a gold line: its position in the file."""

    id: int


@dataclass
class Walk:
    """One simulated pass: the reviewed rows in review order, the decisions stored, per code how many."""

    reviewed: list[int] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    per_code: dict[str, int] = field(default_factory=dict)
    """Decisions on each code (stored accepted + rejected codings)."""
    accepted: dict[str, int] = field(default_factory=dict)
    relearns: int = 0


def reading_order(gold: Sequence[GoldItem], seed: int) -> list[int]:
    """Row indices in reading order: the file's for seed 0; else transcripts (``doc``) shuffled, or,
    in a file without transcripts, the file read from a random start."""
    docs: dict[str, list[int]] = {}
    for i, g in enumerate(gold):
        docs.setdefault(g.doc, []).append(i)
    if seed == 0:
        return [i for rows in docs.values() for i in rows]
    rng = np.random.default_rng(seed)
    if len(docs) == 1:
        return np.roll(np.arange(len(gold)), -int(rng.integers(0, len(gold)))).tolist()
    blocks = list(docs.values())
    return [i for b in rng.permutation(len(blocks)) for i in blocks[b]]


def _rank(items: list[QueueItem], scores: np.ndarray, code_ids: list[str], threshold: float) -> None:
    for it in items:
        row = scores[it.segment.id]
        it.set_ranking([Suggestion(code_ids[c], float(row[c]), None) for c in np.argsort(-row, kind="stable")],
                       threshold)


def decide(item: QueueItem, gold_codes: Sequence[str]) -> tuple[list[str], list[str]]:
    """``(accepted, rejected)`` as review stores them for a researcher who gives ``gold_codes``."""
    shown = [s.code for s in (item.suggestions or item.candidates)]
    accepted = [c for c in shown if c in gold_codes] + [c for c in gold_codes if c not in shown]
    return accepted, [c for c in shown if c not in gold_codes]


def walk(gold: Sequence[GoldItem], make: Callable[[], SuggestEngine], zero_scores: np.ndarray, *, order: str,
         per_code: int, targets: Sequence[str], seed: int = 0, relearn_every: int = RELEARN_EVERY,
         max_fraction: float = MAX_FRACTION, seen_negatives: bool = False) -> Walk:
    """Review ``gold`` in ``order`` until each of ``targets`` has ``per_code`` decisions (module docstring).
    ``zero_scores`` are the engine's scores before any decision (rows of ``gold``). ``seen_negatives``
    also learns every code not accepted on a reviewed segment as rejected (not what review stores)."""
    engine = make().fit([])
    code_ids, threshold = engine.classes_, engine.threshold
    items = [QueueItem(GoldSegment(i), rank=r) for r, i in enumerate(reading_order(gold, seed))]
    _rank(items, zero_scores, code_ids, threshold)
    items = sort_items(items, order, threshold)
    out = Walk(per_code={c: 0 for c in code_ids}, accepted={c: 0 for c in code_ids})
    cap = int(max_fraction * len(gold))
    pos = since = 0
    while pos < len(items) and pos < cap and any(out.per_code[c] < per_code for c in targets):
        item = items[pos]
        g = gold[item.segment.id]
        accepted, rejected = decide(item, g.codes)
        for c, ok in [(c, True) for c in accepted] + [(c, False) for c in rejected]:
            out.decisions.append(Decision(g.text, c, ok, g.context))
            out.per_code[c] += 1
            out.accepted[c] += ok
        if seen_negatives:
            out.decisions += [Decision(g.text, c, False, g.context) for c in code_ids
                              if c not in accepted and c not in rejected]
        out.reviewed.append(item.segment.id)
        pos += 1
        since += 1
        if relearn_every and since >= relearn_every and pos < len(items):
            since = 0
            out.relearns += 1
            ahead = items[pos:]
            rows = [it.segment.id for it in ahead]
            engine = make().fit(out.decisions)
            scores = np.zeros_like(zero_scores)
            scores[rows] = engine.predict_proba([gold[i].text for i in rows], [gold[i].context for i in rows])
            _rank(ahead, scores, code_ids, threshold)
            items[pos:] = sort_items(ahead, order, threshold)
    return out


def evaluate_review(codebook, gold: list[GoldItem], *, embedder=None, per_code: int = 20, order: str = "document",
                    seeds: int = 3, threshold: float = DEFAULT_THRESHOLD,
                    engine_factory: Optional[Callable[[], SuggestEngine]] = None, focus: Sequence[str] = (),
                    relearn_every: int = RELEARN_EVERY, max_fraction: float = MAX_FRACTION,
                    seen_negatives: bool = False) -> EvalResult:
    """Learning as a researcher in ``review`` produces it (module docstring), scored on the segments not
    reviewed, with the paired gain over zero-shot (``result.gain``) as :func:`~workbench.suggest.evaluate.evaluate`;
    ``result.mode`` names the protocol and :attr:`CodeMetrics.train_decisions` holds the decisions per code."""
    if order not in ORDERS:
        raise InputError(f"--order must be one of {', '.join(ORDERS)}, not {order!r}")
    if per_code < 1:
        raise InputError(f"--per-train-count must be at least 1, got {per_code}")
    if seeds < 1:
        raise InputError(f"--seeds must be at least 1, got {seeds}")
    if relearn_every < 0:
        raise InputError("--relearn-every must be 0 (only after the walk) or more")
    p = prepare(codebook, gold, embedder=embedder, threshold=threshold, engine_factory=engine_factory, focus=focus)
    kept, make, engine, code_ids, y, zero_scores = p.kept, p.make, p.engine, p.code_ids, p.y, p.zero_scores
    runs, sizes, pooled = [], [], []
    for seed in range(seeds):
        w = walk(kept, make, zero_scores, order=order, per_code=per_code, targets=list(focus) or code_ids, seed=seed,
                 relearn_every=relearn_every, max_fraction=max_fraction, seen_negatives=seen_negatives)
        train = np.array(sorted(w.reviewed), dtype=int)
        test = np.setdiff1d(np.arange(len(kept)), train)
        learnt = make().fit(w.decisions).predict_proba([kept[i].text for i in test], [kept[i].context for i in test])
        run = learning_run(code_ids, y, train, test, learnt, zero_scores, engine.threshold)
        for m in run:
            m.train_decisions = float(w.per_code[m.code])
        runs.append(run)
        sizes.append((len(train), len(test)))
        pooled.append((y[test], learnt, zero_scores[test]))
    return p.finish(f"review, {order} order, {per_code} decisions per code", runs, sizes, pooled, focus)
