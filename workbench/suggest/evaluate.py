"""Measure suggestion quality against a gold-coded JSONL file.

Gold lines are ``{"id": ..., "text": ..., "codes": [...], "voice": ...}``, optionally with the
``"context"`` (interviewer's question) that project mode would read before the text. Zero-shot, every
line is scored. With ``train_fraction`` (or ``per_train_count``) part of the gold becomes
decisions (accepted for its codes, rejected for the others) and the rest is scored; this is
repeated for ``seeds`` random splits and the metrics are averaged.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional, Sequence

import numpy as np
from sklearn.metrics import average_precision_score, cohen_kappa_score, precision_recall_fscore_support
from sklearn.model_selection import train_test_split

from workbench.codebook.model import Codebook
from workbench.errors import InputError
from workbench.suggest.context import context_field, with_context
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import DEFAULT_THRESHOLD, Decision, SuggestEngine


@dataclass
class GoldItem:
    id: str
    text: str
    codes: list[str]
    voice: Optional[str] = None
    context: str = ""
    """Optional question read before the text (as in project mode; see :mod:`.context`)."""
    doc: str = ""
    """Optional transcript the line belongs to (consecutive lines of one ``"doc"`` are read in order)."""

    @property
    def scored(self) -> str:
        return with_context(self.text, self.context)


@dataclass
class CodeMetrics:
    code: str
    support: float
    """Positives in the evaluated part (mean over seeds)."""
    precision: float
    recall: float
    f1: float
    kappa: float
    kappa_sd: float = 0.0
    """Spread of kappa over seeds (0 for a single run)."""
    train_positive: float = 0.0
    """Accepted decisions for this code (mean over seeds)."""
    kappa_zero_shot: Optional[float] = None
    """With learning: kappa on the same scored segments without any decisions (mean over seeds),
    so ``kappa - kappa_zero_shot`` is what learning added."""
    average_precision: Optional[float] = None
    """Ranking quality of the scores, threshold-free (scikit-learn ``average_precision_score``): how
    well a list sorted by score, as in the review queue, puts the code's segments first."""
    average_precision_zero_shot: Optional[float] = None
    """With learning: the same for the zero-shot scores of the same segments."""
    train_decisions: float = 0.0
    """With ``--protocol review``: decisions on this code (accepted + rejected codings; mean over seeds)."""


@dataclass
class EvalResult:
    mode: str
    threshold: float
    seeds: int
    n_train: float
    n_test: float
    codes: list[CodeMetrics]
    macro: dict[str, float] = field(default_factory=dict)
    dropped_anchor_duplicates: int = 0
    split: str = "seed"
    """What one run is: a random ``seed`` (gold file) or a ``fold`` of transcripts (project)."""
    reliability: list[dict] = field(default_factory=list)
    """Calibration: per score bin, the (segment, code) pairs scored in it and the share of them that
    carry the code (see :func:`reliability`); pooled over all runs."""
    gain: dict[str, list[float]] = field(default_factory=dict)
    """With learning: per code, ``"macro"`` and (with ``focus``) ``"focus"``, the paired kappa gain
    (learnt minus zero-shot on the same segments) with its 95% bootstrap interval ``[gain, low, high]``
    (:func:`paired_gain`)."""
    focus: list[str] = field(default_factory=list)
    """Codes whose mean gain is reported as ``gain["focus"]``."""

    def to_json(self) -> dict:
        def clean(v):
            if isinstance(v, float) and np.isnan(v):
                return None
            if isinstance(v, dict):
                return {k: clean(x) for k, x in v.items()}
            if isinstance(v, list):
                return [clean(x) for x in v]
            return v

        return clean(asdict(self))


def load_gold(path: Path, codebook: Codebook) -> list[GoldItem]:
    """Read and check a gold JSONL file (line numbers in every error)."""
    known = {c.id for c in codebook.codable()}
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gold file: {exc}", path=str(path)) from exc
    from workbench.suggest.batch import json_lines

    for no, obj in json_lines(lines, str(path)):
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or "id" not in obj:
            raise InputError(f"line {no}: needs an \"id\" and a string \"text\"", path=str(path))
        codes = obj.get("codes", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise InputError(f"line {no}: \"codes\" must be a list of code ids", path=str(path))
        unknown = sorted(set(codes) - known)
        if unknown:
            raise InputError(
                f"line {no}: code {unknown[0]!r} is not a codable code of codebook {codebook.name!r}",
                path=str(path),
            )
        context = context_field(obj, no, str(path))
        doc = obj.get("doc", "")
        if not isinstance(doc, (str, int)):
            raise InputError(f"line {no}: \"doc\" must be a string (the transcript the line belongs to)", path=str(path))
        items.append(GoldItem(str(obj["id"]), obj["text"], list(dict.fromkeys(codes)), obj.get("voice"), context,
                              str(doc)))
    if not items:
        raise InputError("gold file has no items", path=str(path))
    return items


def metrics(code_ids: list[str], y_true: np.ndarray, y_pred: np.ndarray,
            scores: Optional[np.ndarray] = None) -> list[CodeMetrics]:
    """Per-code support, precision, recall, F1 and Cohen's kappa (``nan`` when undefined); with
    ``scores``, also the average precision (``nan`` for a code without positives)."""
    out = []
    for c, code in enumerate(code_ids):
        t, p = y_true[:, c].astype(int), y_pred[:, c].astype(int)
        prec, rec, f1, _ = precision_recall_fscore_support(
            t, p, average="binary", pos_label=1, zero_division=0
        )
        if t.min() == t.max() == p.min() == p.max():
            kappa = float("nan")  # perfect agreement on a constant: kappa undefined
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                kappa = float(cohen_kappa_score(t, p))
        m = CodeMetrics(code, float(t.sum()), float(prec), float(rec), float(f1), kappa)
        if scores is not None:
            m.average_precision = float(average_precision_score(t, scores[:, c])) if t.any() else float("nan")
        out.append(m)
    return out


RELIABILITY_BINS = 10


def reliability(y_true: np.ndarray, scores: np.ndarray, bins: int = RELIABILITY_BINS) -> list[dict]:
    """Reliability table over all (segment, code) pairs: for each score bin of width ``1/bins``
    (the last includes 1.0), ``n`` pairs, how many carry the code, their ``observed`` share and the
    ``mean_score``. A calibrated score has ``observed`` close to ``mean_score`` in every bin."""
    t = np.asarray(y_true, dtype=bool).ravel()
    s = np.asarray(scores, dtype=float).ravel()
    idx = np.minimum((s * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        sel = idx == b
        n = int(sel.sum())
        pos = int(t[sel].sum())
        out.append({"low": round(b / bins, 3), "high": round((b + 1) / bins, 3), "n": n, "positives": pos,
                    "observed": pos / n if n else None, "mean_score": float(s[sel].mean()) if n else None})
    return out


def fast_kappa(y: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Cohen's kappa of each column of two boolean ``(..., n, codes)`` arrays (``nan`` when undefined),
    vectorised for the bootstrap; equal to scikit-learn's ``cohen_kappa_score`` on binary labels."""
    t, p = np.asarray(y, bool), np.asarray(pred, bool)
    tp, fp, fn = (t & p).sum(-2), (~t & p).sum(-2), (t & ~p).sum(-2)
    tn = t.shape[-2] - tp - fp - fn
    den = (tp + fp) * (fp + tn) + (tp + fn) * (fn + tn)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den == 0, np.nan, 2.0 * (tp * tn - fp * fn) / np.where(den == 0, 1, den))


BOOTSTRAP = 1000


def paired_gain(runs: list[tuple[np.ndarray, np.ndarray, np.ndarray]], code_ids: list[str], threshold: float,
                focus: Sequence[str] = (), boot: int = BOOTSTRAP, seed: int = 0) -> dict[str, list[float]]:
    """Paired kappa gain of learning, ``[gain, low, high]`` per code, for ``"macro"`` and for the mean
    of the ``focus`` codes (``"focus"``). ``runs`` holds per seed ``(labels, learnt, zero_shot)`` of the
    same scored segments. The 95% interval resamples seeds, and segments within each seed, with
    replacement (``boot`` times): both sides of a difference always see the same segments."""
    rng = np.random.default_rng(seed)
    cols = [code_ids.index(c) for c in focus if c in code_ids]

    def gains(idx_runs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanmean([fast_kappa(y[i], a[i] >= threshold) - fast_kappa(y[i], b[i] >= threshold)
                               for (y, a, b), i in idx_runs], axis=0)

    point = gains([(r, slice(None)) for r in runs])
    draws = []
    for _ in range(boot):
        picked = [runs[j] for j in rng.integers(0, len(runs), len(runs))]
        draws.append(gains([(r, rng.integers(0, len(r[0]), len(r[0]))) for r in picked]))
    draws = np.array(draws)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        summaries = {"macro": (np.nanmean(point), np.nanmean(draws, axis=1))}
        if cols:
            summaries["focus"] = (np.nanmean(point[cols]), np.nanmean(draws[:, cols], axis=1))
        out = {}
        for c, code in enumerate(code_ids):
            out[code] = [float(point[c]), *map(float, np.nanpercentile(draws[:, c], [2.5, 97.5]))]
        for key, (p, d) in summaries.items():
            out[key] = [float(p), *map(float, np.nanpercentile(d, [2.5, 97.5]))]
    return out


def _labels(items: list[GoldItem], code_ids: list[str]) -> np.ndarray:
    y = np.zeros((len(items), len(code_ids)), dtype=bool)
    col = {c: i for i, c in enumerate(code_ids)}
    for i, it in enumerate(items):
        for c in it.codes:
            y[i, col[c]] = True
    return y


def _split_fraction(y: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Train/test indices, stratified on each item's rarest code (``none`` if uncoded)."""
    freq = y.sum(axis=0)
    keys = []
    for row in y:
        cols = np.flatnonzero(row)
        keys.append(str(cols[np.argmin(freq[cols])]) if cols.size else "none")
    keys = np.array(keys)
    values, counts = np.unique(keys, return_counts=True)
    rare = set(values[counts < 2])
    keys = np.array([("rare" if k in rare else k) for k in keys])
    idx = np.arange(len(y))
    try:
        return tuple(train_test_split(idx, train_size=fraction, stratify=keys, random_state=seed))
    except ValueError:
        return tuple(train_test_split(idx, train_size=fraction, random_state=seed))


def _split_count(y: np.ndarray, k: int, seed: int, keep_test: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Pick items until every code has ``k`` positives in train (keeping ``keep_test`` for testing)."""
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    taken = np.zeros(len(y), dtype=bool)
    for c in np.argsort(y.sum(axis=0), kind="stable"):
        want = min(k, int(y[:, c].sum()) - keep_test)
        have = int(y[taken, c].sum())
        pool = [i for i in rng.permutation(np.flatnonzero(y[:, c])) if not taken[i]]
        for i in pool[: max(0, want - have)]:
            taken[i] = True
            chosen.append(i)
    return np.array(sorted(chosen), dtype=int), np.flatnonzero(~taken)


def _nanmean(values: list[Optional[float]]) -> Optional[float]:
    vals = np.array([v for v in values if v is not None], dtype=float)
    if not vals.size:
        return None
    return float(np.nanmean(vals)) if np.isfinite(vals).any() else float("nan")


def _average(runs: list[list[CodeMetrics]]) -> list[CodeMetrics]:
    out = []
    for per_code in zip(*runs):
        kap = np.array([m.kappa for m in per_code], dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out.append(
                CodeMetrics(
                    per_code[0].code,
                    float(np.mean([m.support for m in per_code])),
                    float(np.mean([m.precision for m in per_code])),
                    float(np.mean([m.recall for m in per_code])),
                    float(np.mean([m.f1 for m in per_code])),
                    float(np.nanmean(kap)) if np.isfinite(kap).any() else float("nan"),
                    float(np.nanstd(kap)) if np.isfinite(kap).sum() > 1 else 0.0,
                    float(np.mean([m.train_positive for m in per_code])),
                    _nanmean([m.kappa_zero_shot for m in per_code]),
                    _nanmean([m.average_precision for m in per_code]),
                    _nanmean([m.average_precision_zero_shot for m in per_code]),
                    float(np.mean([m.train_decisions for m in per_code])),
                )
            )
    return out


def evaluate(
    codebook: Codebook,
    gold: list[GoldItem],
    *,
    embedder: Optional[Embedder] = None,
    train_fraction: float = 0.0,
    per_train_count: Optional[int] = None,
    seeds: int = 5,
    threshold: float = DEFAULT_THRESHOLD,
    engine_factory: Optional[Callable[[], SuggestEngine]] = None,
    focus: Sequence[str] = (),
) -> EvalResult:
    """Score ``gold`` zero-shot, or after learning from part of it (see module docstring). With
    learning, ``result.gain`` holds the paired gain and its bootstrap interval (:func:`paired_gain`),
    including the mean over the ``focus`` codes."""
    if not 0.0 <= train_fraction < 1.0:
        raise InputError(f"--train-fraction must be at least 0 and below 1, got {train_fraction}")
    if train_fraction and per_train_count:
        raise InputError("give either --train-fraction or --per-train-count, not both")
    if per_train_count is not None and per_train_count < 1:
        raise InputError(f"--per-train-count must be at least 1, got {per_train_count}")
    if seeds < 1:
        raise InputError(f"--seeds must be at least 1, got {seeds}")
    p = prepare(codebook, gold, embedder=embedder, threshold=threshold, engine_factory=engine_factory, focus=focus)
    kept, dropped, make, engine, code_ids, y, zero_scores = p.kept, p.dropped, p.make, p.engine, p.code_ids, p.y, p.zero_scores
    texts, contexts = [g.text for g in kept], [g.context for g in kept]
    if not (train_fraction > 0 or (per_train_count or 0) > 0):
        run = metrics(code_ids, y, zero_scores >= engine.threshold, zero_scores)
        result = summarise("zero-shot", engine.threshold, [run], [(0, len(kept))], dropped, learning=False)
        result.reliability = reliability(y, zero_scores)
        return result
    runs, sizes, pooled = [], [], []
    for seed in range(seeds):
        if per_train_count:
            train, test = _split_count(y, per_train_count, seed)
        else:
            train, test = _split_fraction(y, train_fraction, seed)
        engine = make().fit(Decision(kept[i].text, code, bool(y[i, c]), kept[i].context)
                            for i in train for c, code in enumerate(code_ids))
        learnt = engine.predict_proba([texts[i] for i in test], [contexts[i] for i in test])
        runs.append(learning_run(code_ids, y, train, test, learnt, zero_scores, engine.threshold))
        sizes.append((len(train), len(test)))
        pooled.append((y[test], learnt, zero_scores[test]))
    mode = f"{per_train_count} accepted per code" if per_train_count else f"train fraction {train_fraction:g}"
    return p.finish(mode, runs, sizes, pooled, focus)


@dataclass
class Prepared:
    """What every learning protocol starts from: the gold without anchor copies, a fresh-engine
    factory, the zero-shot engine, its codes, the labels and the zero-shot scores of every line."""

    kept: list[GoldItem]
    dropped: int
    make: Callable[[], SuggestEngine]
    engine: SuggestEngine
    code_ids: list[str]
    y: np.ndarray
    zero_scores: np.ndarray

    def finish(self, mode: str, runs: list[list[CodeMetrics]], sizes: list[tuple[int, int]],
               pooled: list[tuple[np.ndarray, np.ndarray, np.ndarray]], focus: Sequence[str]) -> EvalResult:
        """The result of the seeds' ``runs``: averaged metrics, reliability and the paired gain."""
        result = summarise(mode, self.engine.threshold, runs, sizes, self.dropped)
        result.reliability = reliability(np.concatenate([a for a, _, _ in pooled]), np.concatenate([b for _, b, _ in pooled]))
        result.focus = list(focus)
        result.gain = paired_gain(pooled, self.code_ids, self.engine.threshold, result.focus)
        result.runs = pooled  # (labels, learnt, zero-shot) per seed, for pooling writers (bench/fit_prior.py)
        return result


def prepare(codebook: Codebook, gold: list[GoldItem], *, embedder: Optional[Embedder], threshold: float,
            engine_factory: Optional[Callable[[], SuggestEngine]], focus: Sequence[str]) -> Prepared:
    """Check ``focus`` against the codebook and score the gold zero-shot (shared by every protocol)."""
    kept, dropped = without_anchors(codebook, gold)
    embedder = embedder if embedder is not None else Embedder()

    def make() -> SuggestEngine:
        if engine_factory is not None:
            return engine_factory()
        return SuggestEngine(codebook, embedder, threshold=threshold)

    engine = make().fit([])
    code_ids = engine.classes_
    unknown = [c for c in focus if c not in code_ids]
    if unknown:
        raise InputError(f"--focus: {unknown[0]!r} is not a codable code of codebook {codebook.name!r}",
                         hint="give code ids separated by commas")
    y = _labels(kept, code_ids)
    zero_scores = engine.predict_proba([g.text for g in kept], [g.context for g in kept])
    return Prepared(kept, dropped, make, engine, code_ids, y, zero_scores)

def without_anchors(codebook: Codebook, gold: list[GoldItem]) -> tuple[list[GoldItem], int]:
    """The gold lines that are not copies of the codebook's anchor examples, and how many were."""
    anchors = {ex.strip() for c in codebook.flat() for ex in c.examples}
    kept = [g for g in gold if g.text.strip() not in anchors]
    return kept, len(gold) - len(kept)


def learning_run(code_ids: list[str], y: np.ndarray, train: np.ndarray, test: np.ndarray,
                 learnt: np.ndarray, zero_shot: np.ndarray, threshold: float) -> list[CodeMetrics]:
    """Metrics of one split: ``learnt`` scores for the ``test`` rows, with the zero-shot kappa and
    average precision of the same rows (``zero_shot`` scores cover all rows) and the positives
    learnt per code."""
    run = metrics(code_ids, y[test], learnt >= threshold, learnt)
    before = metrics(code_ids, y[test], zero_shot[test] >= threshold, zero_shot[test])
    for c, m in enumerate(run):
        m.train_positive = float(y[train, c].sum())
        m.kappa_zero_shot = before[c].kappa
        m.average_precision_zero_shot = before[c].average_precision
    return run


def summarise(mode: str, threshold: float, runs: list[list[CodeMetrics]], sizes: list[tuple[int, int]],
              dropped: int = 0, learning: bool = True, split: str = "seed") -> EvalResult:
    """Average the runs (splits, seeds or folds) into one :class:`EvalResult` with macro means."""
    result = _average(runs) if len(runs) > 1 else runs[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        macro = {
            k: float(np.nanmean([getattr(m, k) for m in result])) for k in ("precision", "recall", "f1", "kappa")
        }
        if learning:
            macro["kappa_zero_shot"] = float(np.nanmean([m.kappa_zero_shot for m in result]))
        for key in ("average_precision", "average_precision_zero_shot"):
            values = [getattr(m, key) for m in result if getattr(m, key) is not None]
            if values:
                macro[key] = float(np.nanmean(values))
    n_train = float(np.mean([a for a, _ in sizes]))
    n_test = float(np.mean([b for _, b in sizes]))
    return EvalResult(mode, threshold, len(runs), n_train, n_test, result, macro, dropped, split)
