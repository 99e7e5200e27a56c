"""Project-mode suggest: score a project's segments and store suggestions as coder ``model``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from workbench.errors import WorkbenchError


@dataclass
class SuggestRunResult:
    segments: int
    per_code: dict[str, int] = field(default_factory=dict)  # number suggested per code
    top: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict)
    """Per code the best ``(score, segment text, question read before it)``; question may be ""."""
    decisions: int = 0  # human decisions learned from
    trained: list[str] = field(default_factory=list)  # codes with a supervised classifier
    run_id: int = 0
    kept: int = 0  # suggestions left as they were: a coder decided on them while the run ran


def context_mode(project, context: str | None = None) -> str:
    """``context`` if given, else the project's ``[suggest] context`` setting (default "question")."""
    from workbench.suggest.context import CONTEXT_MODES, DEFAULT_CONTEXT

    mode = context or project.setting("suggest", "context", DEFAULT_CONTEXT)
    if mode not in CONTEXT_MODES:
        raise WorkbenchError(f"unknown suggest context {mode!r}", hint=f"use one of: {', '.join(CONTEXT_MODES)}")
    return mode


def question_map(project, segment_ids: list[int], mode: str) -> dict[int, str] | None:
    """The question read before each segment (``""`` if none), or ``None`` when ``mode`` is "none"."""
    from workbench.store.transcripts import preceding_questions

    return None if mode == "none" else preceding_questions(project, segment_ids)


def read_texts(segments: list[tuple[int, str]], questions: dict[int, str] | None) -> list[str]:
    """The texts the engine reads for ``(segment id, text)`` pairs, given :func:`question_map`."""
    from workbench.suggest.context import with_context

    if questions is None:
        return [text for _, text in segments]
    return [with_context(text, questions.get(sid, "")) for sid, text in segments]


def scored_texts(project, segments: list[tuple[int, str]], mode: str) -> list[str]:
    """The texts the engine reads for ``(segment id, text)`` pairs (see :mod:`.context`)."""
    return read_texts(segments, question_map(project, [sid for sid, _ in segments], mode))


def project_model(project) -> str:
    """The ``[suggest] model`` setting: a backend name ("default", "e5", "minilm"), or a model folder;
    a relative folder is read from the project folder (so the setting works from any working directory)."""
    from pathlib import Path

    from workbench.suggest.backends import BACKEND_NAMES

    model = str(project.setting("suggest", "model", "default") or "default")
    if model.strip().lower() in ("", "default"):
        return "default"
    if model.strip().lower() in BACKEND_NAMES:
        return model.strip().lower()
    path = Path(model).expanduser()
    return str(path if path.is_absolute() else project.root / path)


def engine_factory(project, codebook, model: str | None = None, threshold: float | None = None, encoder=None):
    """A function making fresh engines (no decisions) for this project: configured model and
    threshold, sharing one embedder on the project's embedding cache. ``model`` (from ``--model``)
    overrides the project's setting (:func:`project_model`)."""
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import SuggestEngine

    model = model or project_model(project)
    embedder = Embedder(None if encoder is not None else model, cache=project.embedding_cache(), encoder=encoder)
    kwargs = {}
    thr = threshold if threshold is not None else project.setting("suggest", "threshold", None)
    if thr is not None:
        kwargs["threshold"] = float(thr)
    return lambda: SuggestEngine(codebook, embedder, **kwargs)


def make_engine(project, codebook, model: str | None = None, threshold: float | None = None, encoder=None,
                context: str | None = None, score_ids: list[int] = ()):
    """An engine for this project (see :func:`engine_factory`) that has learnt the human decisions,
    read with the same context as the segments that will be scored.

    Returns ``(engine, number of decisions, questions)``: ``questions`` is the
    :func:`question_map` of the decided segments and of ``score_ids`` (one lookup serves both)."""
    from workbench.store.codings import learning_decisions
    from workbench.suggest.engine import Decision

    rows = learning_decisions(project)
    questions = question_map(project, [sid for sid, *_ in rows] + list(score_ids), context_mode(project, context))
    decisions = [Decision(text, code, ok, "" if questions is None else questions.get(sid, ""))
                 for sid, text, code, ok in rows]
    engine = engine_factory(project, codebook, model, threshold, encoder)().fit(decisions)
    return engine, len(decisions), questions


def run_suggest(project, transcript: str | None = None, codes: list[str] | None = None,
                model: str | None = None, threshold: float | None = None,
                progress: Callable | None = None, top_n: int = 3, encoder=None,
                context: str | None = None) -> SuggestRunResult:
    """Score the project's codable segments and store suggestions above threshold as ``model``.

    ``context`` ("question" or "none", default from workbench.toml) chooses whether the
    interviewer's preceding question is read with each segment (:mod:`.context`).
    ``encoder`` (texts -> vectors) replaces the sentence-transformers model, for tests."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.suggestions import begin_run, finish_run, write_suggestions
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
    mode = context_mode(project, context)
    # the run starts before the decisions are read: a decision made while it runs is never overwritten
    run = begin_run(project, "suggest", wanted, len(segs))
    engine, n_decisions, qmap = make_engine(project, codebook, model, threshold, encoder, mode, [s.id for s in segs])
    questions = None if qmap is None else [qmap.get(s.id, "") for s in segs]
    results = engine.suggest([s.text for s in segs], progress=progress, contexts=questions)
    rows, per_code, top = [], {c: 0 for c in wanted}, {c: [] for c in wanted}
    for i, (seg, sugg) in enumerate(zip(segs, results)):
        for s in sugg:
            if s.code not in per_code:
                continue
            top[s.code].append((s.score, seg.text, questions[i] if questions else ""))
            if s.suggested:
                rows.append((seg.id, s.code, round(float(s.score), 4), s.rationale))
                per_code[s.code] += 1
    # short transactions, one per chunk of segments, each retried whole if the database is busy
    written, kept = write_suggestions(project, run, rows, [s.id for s in segs], wanted)
    finish_run(project, run, written, kept, segments=len(segs), codes=wanted, decisions=n_decisions,
               context=mode)
    for c in top:
        top[c] = sorted(top[c], key=lambda t: -t[0])[:top_n]
    trained = engine.trained_codes_
    return SuggestRunResult(len(segs), per_code, top, n_decisions, trained, run.id, kept)
