"""Project-mode suggest: score a project's segments and store suggestions as coder ``model``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from workbench.errors import WorkbenchError


@dataclass
class SuggestRunResult:
    segments: int
    per_code: dict[str, int] = field(default_factory=dict)  # number suggested per code
    top: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    decisions: int = 0  # human decisions learned from
    trained: list[str] = field(default_factory=list)  # codes with a supervised classifier


def make_engine(project, codebook, model: str | None = None, threshold: float | None = None, encoder=None):
    """An engine for this project: configured model, project embedding cache, human decisions."""
    from workbench.store.codings import learning_decisions
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import Decision, SuggestEngine

    model = model or project.setting("suggest", "model", "default")
    embedder = Embedder(None if model in (None, "default") else model, cache=project.embedding_cache(),
                        encoder=encoder)
    kwargs = {}
    thr = threshold if threshold is not None else project.setting("suggest", "threshold", None)
    if thr is not None:
        kwargs["threshold"] = float(thr)
    engine = SuggestEngine(codebook, embedder, **kwargs)
    decisions = [Decision(text, code, ok) for text, code, ok in learning_decisions(project)]
    if decisions:
        engine.learn(decisions)
    return engine, len(decisions)


def run_suggest(project, transcript: str | None = None, codes: list[str] | None = None,
                model: str | None = None, threshold: float | None = None,
                progress: Callable | None = None, top_n: int = 3, encoder=None) -> SuggestRunResult:
    """Score the project's codable segments and store suggestions above threshold as ``model``.

    ``encoder`` (texts -> vectors) replaces the sentence-transformers model, for tests."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.codings import replace_suggestions
    from workbench.store.transcripts import list_segments

    codebook = project_codebook(project)
    codable = [c.id for c in codebook.codable()]
    if codes:
        unknown = [c for c in codes if c not in codable]
        if unknown:
            raise WorkbenchError(f"unknown code(s): {', '.join(unknown)}",
                                 hint=f"codable codes: {', '.join(codable)}")
    wanted = codes or codable
    segs = list_segments(project, transcript, codable_only=True)
    if not segs:
        raise WorkbenchError("no segments to score", hint="import transcripts first")
    engine, n_decisions = make_engine(project, codebook, model, threshold, encoder)
    results = engine.suggest([s.text for s in segs], progress=progress)
    rows, per_code, top = [], {c: 0 for c in wanted}, {c: [] for c in wanted}
    for seg, sugg in zip(segs, results):
        for s in sugg:
            if s.code not in per_code:
                continue
            top[s.code].append((s.score, seg.text))
            if s.suggested:
                rows.append((seg.id, s.code, round(float(s.score), 4), s.rationale))
                per_code[s.code] += 1
    with project.session() as session:
        replace_suggestions(session, rows, [s.id for s in segs], wanted)
        from workbench.store.events import log_event

        log_event(session, "model", "suggest", segments=len(segs), suggestions=len(rows),
                  codes=wanted, decisions=n_decisions)
    for c in top:
        top[c] = sorted(top[c], key=lambda t: -t[0])[:top_n]
    trained = list(getattr(engine, "trained_codes", lambda: [])()) if callable(getattr(engine, "trained_codes", None)) else []
    return SuggestRunResult(len(segs), per_code, top, n_decisions, trained)
