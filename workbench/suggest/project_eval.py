"""Does learning from decisions help on *this* project? Cross-validation by transcript.

The gold standard is one human coder's work: every codable segment the coder has seen (in the
review loop or through imported codings), with the codes the coder accepted. The transcripts are
split into ``folds`` groups (scikit-learn's ``GroupKFold``, so a transcript is never on both
sides). For each group, the engine learns the coder's own decisions (accepted and rejected
codings) on the other transcripts, exactly as ``workbench suggest`` would learn them, and scores
this group's segments; the same segments are also scored without any decisions. The result has
the same shape as a gold-file evaluation (:class:`~workbench.suggest.evaluate.EvalResult`), with
``kappa_zero_shot`` as the "before" figure, so a team sees whether learning helps on their data.

:func:`learning_curve` repeats this while the engine learns only the first 1, 2, 4, …
transcripts of each fold's training side (in a fixed shuffled order, each size containing the
previous one): how much coding does learning need before it pays off on this material?

Other coders' decisions are left out: on the held-out transcripts they would leak the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np
from sklearn.model_selection import GroupKFold

from workbench.errors import WorkbenchError
from workbench.suggest.engine import Decision
from workbench.suggest.evaluate import EvalResult, learning_run, reliability, summarise

DEFAULT_FOLDS = 5


@dataclass
class _Setup:
    """One coder's judged segments, read as the engine reads them, with labels and verdicts."""

    code_ids: list[str]
    texts: list[str]
    """The segments alone."""
    contexts: list[str]
    """The question read before each segment (``""`` if none, or with context "none")."""
    groups: np.ndarray
    """Transcript id per segment."""
    y: np.ndarray
    """``(segments, codes)``: accepted by the coder."""
    decided: list[list[tuple[str, bool]]]
    """Per segment the coder's ``(code, accepted)`` verdicts."""
    make: Callable
    k: int
    """Folds actually used (at most one per transcript)."""

    def decisions(self, rows) -> list[Decision]:
        return [Decision(self.texts[i], code, ok, self.contexts[i]) for i in rows for code, ok in self.decided[i]]

    def splits(self):
        return GroupKFold(n_splits=self.k).split(self.texts, groups=self.groups)


def _setup(project, coder: str, folds: int, model, threshold, context, encoder) -> _Setup:
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import MODEL_CODER, coders, list_codings, seen_segments
    from workbench.store.transcripts import list_segments
    from workbench.suggest.project import context_mode, engine_factory, question_map

    if coder == MODEL_CODER:
        raise WorkbenchError("the model cannot be its own gold standard", hint="give a human coder with --coder")
    if folds < 2:
        raise WorkbenchError(f"--folds must be at least 2, got {folds}")
    codebook = project_codebook(project)
    code_ids = [c.id for c in codebook.codable()]
    col = {c: i for i, c in enumerate(code_ids)}
    codings = [c for c in list_codings(project, coder=coder) if c.status in ("accepted", "rejected")]
    judged = seen_segments(project, coder) | {c.segment_id for c in codings}
    segs = [s for s in list_segments(project, codable_only=True) if s.id in judged]
    if not segs:
        humans = [c for c in coders(project) if c != MODEL_CODER]
        raise WorkbenchError(
            f"coder {coder!r} has not coded any segment in this project",
            hint=f"coders here: {', '.join(humans)}" if humans else "code some segments first (`workbench review`)",
        )
    groups = np.array([s.transcript_id for s in segs])
    n_transcripts = len(set(groups.tolist()))
    if n_transcripts < 2:
        raise WorkbenchError(
            f"coder {coder!r} has coded segments of only one transcript",
            hint="learning is checked on transcripts the engine has not learnt from: code a second one",
        )
    row = {s.id: i for i, s in enumerate(segs)}
    y = np.zeros((len(segs), len(code_ids)), dtype=bool)
    decided: list[list[tuple[str, bool]]] = [[] for _ in segs]
    for c in codings:
        if c.segment_id in row and c.code_id in col:
            decided[row[c.segment_id]].append((c.code_id, c.status == "accepted"))
            if c.status == "accepted":
                y[row[c.segment_id], col[c.code_id]] = True
    questions = question_map(project, [s.id for s in segs], context_mode(project, context)) or {}
    texts, contexts = [s.text for s in segs], [questions.get(s.id, "") for s in segs]
    make = engine_factory(project, codebook, model, threshold, encoder)
    return _Setup(code_ids, texts, contexts, groups, y, decided, make, min(folds, n_transcripts))


def evaluate_project(project, coder: str, *, folds: int = DEFAULT_FOLDS, model: Optional[str] = None,
                     threshold: Optional[float] = None, context: Optional[str] = None, encoder=None,
                     progress: Optional[Callable[[int, int], None]] = None) -> EvalResult:
    """Score learning on ``coder``'s codings with ``folds``-fold cross-validation by transcript.

    ``progress(done, total)`` is called after the zero-shot pass and after every fold.
    ``encoder`` replaces the sentence-transformers model, for tests."""
    [(_, result)] = learning_curve(project, coder, folds=folds, sizes=[], model=model, threshold=threshold,
                                   context=context, encoder=encoder, progress=progress)
    return result


def default_sizes(n: int) -> list[int]:
    """1, 2, 4, … below ``n`` training transcripts (the full training side is always added)."""
    sizes, size = [], 1
    while size < n:
        sizes.append(size)
        size *= 2
    return sizes


def learning_curve(project, coder: str, *, folds: int = DEFAULT_FOLDS, sizes: Optional[list[int]] = None,
                   model: Optional[str] = None, threshold: Optional[float] = None, context: Optional[str] = None,
                   encoder=None, progress: Optional[Callable[[int, int], None]] = None
                   ) -> list[tuple[Optional[int], EvalResult]]:
    """:func:`evaluate_project` while learning only ``sizes`` transcripts per fold.

    Returns ``(size, result)`` pairs, smallest first; the last has size ``None``: every training
    transcript of the fold (the :func:`evaluate_project` figure). Sizes that are not below every
    fold's number of training transcripts are left out. ``sizes=None`` uses :func:`default_sizes`;
    ``result.n_train`` is the mean number of segments learnt, ``CodeMetrics.train_positive`` the
    mean accepted per code."""
    s = _setup(project, coder, folds, model, threshold, context, encoder)
    splits = list(s.splits())
    fewest = min(len(set(s.groups[train].tolist())) for train, _ in splits)
    wanted = default_sizes(fewest) if sizes is None else sorted({n for n in sizes if 0 < n < fewest})
    total = 1 + len(splits) * (len(wanted) + 1)
    engine = s.make().fit([])
    zero_shot = engine.predict_proba(s.texts, s.contexts)
    done = 1
    if progress:
        progress(done, total)
    runs: dict[Optional[int], list] = {n: [] for n in [*wanted, None]}
    pooled: dict[Optional[int], list] = {n: [] for n in runs}
    sizes_seen: dict[Optional[int], list] = {n: [] for n in runs}
    for fold, (train, test) in enumerate(splits):
        order = np.random.default_rng(fold).permutation(sorted(set(s.groups[train].tolist())))
        for n in runs:
            keep = set(order[:n].tolist()) if n is not None else set(order.tolist())
            rows = np.array([i for i in train if s.groups[i] in keep])
            engine = s.make().fit(s.decisions(rows))
            learnt = engine.predict_proba([s.texts[i] for i in test], [s.contexts[i] for i in test])
            runs[n].append(learning_run(s.code_ids, s.y, rows, test, learnt, zero_shot, engine.threshold))
            sizes_seen[n].append((len(rows), len(test)))
            pooled[n].append((s.y[test], learnt))
            done += 1
            if progress:
                progress(done, total)
    out = []
    for n, fold_runs in runs.items():
        learnt_from = f"{n} transcript{'s' if n != 1 else ''} learnt per fold" if n is not None else None
        mode = f"{coder}'s codings, {s.k} folds by transcript" + (f", {learnt_from}" if learnt_from else "")
        result = summarise(mode, engine.threshold, fold_runs, sizes_seen[n], split="fold")
        result.reliability = reliability(np.concatenate([a for a, _ in pooled[n]]),
                                         np.concatenate([b for _, b in pooled[n]]))
        out.append((n, result))
    return out
