"""Does learning from decisions help on *this* project? Cross-validation by transcript.

The gold standard is one human coder's work: every codable segment the coder has seen (in the
review loop or through imported codings), with the codes the coder accepted. The transcripts are
split into ``folds`` groups (scikit-learn's ``GroupKFold``, so a transcript is never on both
sides). For each group, the engine learns the coder's own decisions (accepted and rejected
codings) on the other transcripts, exactly as ``workbench suggest`` would learn them, and scores
this group's segments; the same segments are also scored without any decisions. The result has
the same shape as a gold-file evaluation (:class:`~workbench.suggest.evaluate.EvalResult`), with
``kappa_zero_shot`` as the "before" figure, so a team sees whether learning helps on their data.

Other coders' decisions are left out: on the held-out transcripts they would leak the answers.
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
from sklearn.model_selection import GroupKFold

from workbench.errors import WorkbenchError
from workbench.suggest.engine import Decision
from workbench.suggest.evaluate import EvalResult, learning_run, summarise

DEFAULT_FOLDS = 5


def evaluate_project(project, coder: str, *, folds: int = DEFAULT_FOLDS, model: Optional[str] = None,
                     threshold: Optional[float] = None, context: Optional[str] = None, encoder=None,
                     progress: Optional[Callable[[int, int], None]] = None) -> EvalResult:
    """Score learning on ``coder``'s codings with ``folds``-fold cross-validation by transcript.

    ``progress(done, total)`` is called after the zero-shot pass and after every fold.
    ``encoder`` replaces the sentence-transformers model, for tests."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import MODEL_CODER, coders, list_codings, seen_segments
    from workbench.store.transcripts import list_segments
    from workbench.suggest.project import context_mode, engine_factory, scored_texts

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
    texts = scored_texts(project, [(s.id, s.text) for s in segs], context_mode(project, context))
    make = engine_factory(project, codebook, model, threshold, encoder)
    k = min(folds, n_transcripts)
    engine = make()
    zero_shot = engine.score(texts).score >= engine.threshold
    if progress:
        progress(1, k + 1)
    runs, sizes = [], []
    for fold, (train, test) in enumerate(GroupKFold(n_splits=k).split(texts, groups=groups), start=1):
        engine = make().learn(Decision(texts[i], code, ok) for i in train for code, ok in decided[i])
        learnt = engine.score([texts[i] for i in test]).score >= engine.threshold
        runs.append(learning_run(code_ids, y, train, test, learnt, zero_shot))
        sizes.append((len(train), len(test)))
        if progress:
            progress(fold + 1, k + 1)
    mode = f"{coder}'s codings, {k} folds by transcript"
    return summarise(mode, engine.threshold, runs, sizes, split="fold")
