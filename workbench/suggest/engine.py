"""The hybrid suggestion engine: semantic + lexical + keywords (+ the learnt prior shipped with a
codebook, :mod:`.prior`) + (once there are decisions) per-code models, one calibrated 0–1 score per code.

It follows scikit-learn's estimator contract: the constructor only stores its parameters, ``fit``
validates them and the decisions and sets the fitted attributes (names ending in ``_``), and the
prediction methods read only those::

    engine = SuggestEngine(codebook, Embedder()).fit(decisions)      # fit([]) = zero-shot
    proba = engine.predict_proba(texts, contexts)                     # (texts, codes), columns classes_
    why = engine.explain(texts, contexts)                             # rationales, same shape
    for suggestions in engine.suggest(texts, contexts=contexts):      # one list per text,
        best = suggestions[0]                                         # highest score first

``learn`` (add decisions and refit) and ``suggest`` (which fits zero-shot when the engine was never
fitted) remain for callers that build the engine up step by step.

Everything is deterministic: no sampling, fixed ``random_state`` for the classifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

import numpy as np

from workbench.codebook.model import Codebook
from workbench.errors import InputError
from workbench.suggest import calibrate
from workbench.suggest.calibrate import (CODEBOOK_FEATURES, DECISION_FEATURES, Background, Weights, code_offsets_for,
                                         weights_for)
from workbench.suggest.context import with_context
from workbench.suggest.embed import Embedder, Progress, text_hash
from workbench.suggest.evidence import Evidence, EvidenceModel
from workbench.suggest.lexical import keyword_score
from workbench.suggest.listing import Suggestion, gc_paused, suggestion_lists
from workbench.suggest.prior import Prior, added_by_prior, resolve_prior
from workbench.suggest.rationale import rationales
from workbench.suggest.semantic import Prototypes
from workbench.suggest.supervised import CodeClassifiers

DEFAULT_THRESHOLD = 0.4
"""A code is ``suggested`` when its score is at least this (see docs/quality.md)."""
MIN_POSITIVE = 5
"""Accepted segments a code needs before its own classifier is trained."""
MIN_NEGATIVE = 5
"""Rejected (or other-coded) segments a code needs before its own classifier is trained."""
NEIGHBOURS_WITH_PRIOR = True
"""Whether a code the shipped prior knows uses the nearest-neighbour terms of its decisions until it has
enough for its correction (``False``: the prior's score alone until then)."""


@dataclass(frozen=True)
class Decision:
    """A researcher's verdict on one code for one segment: accepted (positive) or rejected.
    ``context`` is the question read before the segment (:mod:`.context`), if any."""

    text: str
    code: str
    accepted: bool
    context: str = ""

    @property
    def read(self) -> str:
        """The text the engine reads for this decision (the question, then the segment)."""
        return with_context(self.text, self.context)


@dataclass
class Scores:
    """Array form of a ``suggest`` run (rows = texts, columns = ``code_ids``)."""

    code_ids: list[str]
    score: np.ndarray
    parts: dict[str, np.ndarray]
    """Raw evidence: semantic and lexical cosine, keyword score, negative gap, supervised, and what the
    shipped prior added to the logit (nan = none)."""
    features: dict[str, np.ndarray]
    """Inputs of the combination (see :data:`workbench.suggest.calibrate.FEATURES`)."""
    evidence: Evidence


class NotFittedError(InputError):
    """``predict_proba`` or ``explain`` called before ``fit``."""


class SuggestEngine:
    """Suggest codes from a codebook for text segments.

    Parameters
    ----------
    codebook : Codebook
        Its codable codes are scored. Prototypes come from label+definition, ``include`` rules
        and ``examples`` (positive), ``exclude`` rules (negative) and ``keywords``.
    embedder : Embedder | None
        Sentence embeddings (default: the default backend with an in-memory cache).
    threshold : float
        Score at or above which a code is marked ``suggested`` (default ``DEFAULT_THRESHOLD``).
    min_positive, min_negative : int
        Decisions a code needs before its own classifier is trained (default 5 and 5).
    weights : Weights | None
        Combination weights; default: those fitted for the embedder's model family
        (:func:`workbench.suggest.calibrate.weights_for`).
    random_state : int
        Seed of the classifiers.
    code_offsets : dict[str, float] | None
        Logits added to a code's score (its own decision point); default: those fitted for this
        codebook and model family (:data:`workbench.suggest.calibrate.CODE_OFFSETS`), ``{}`` for none.
    prior : "auto" | Prior | None
        The supervised prior stacked on the codebook score (:mod:`.prior`): ``"auto"`` (default) the
        artefact shipped for this codebook name and the embedder's model, if any; ``None`` none.

    Attributes (set by :meth:`fit`)
    -------------------------------
    classes_ : list[str]
        The codable code ids, the column order of every score array.
    decisions_ : list[Decision]
        The decisions learnt (latest verdict per segment, context and code).
    weights_ : Weights
        The combination weights in use.
    offsets_ : ndarray
        The per-code logit offsets in use (column order ``classes_``).
    prior_ : Prior | None
        The supervised prior in use (``None``: codebook evidence only).
    evidence_model_, background_, classifiers_
        Code profiles and keyword matcher; the background standardising similarities; the
        per-code classifiers.
    trained_codes_ : list[str]
        Codes with their own classifier.
    n_decisions_ : dict[str, int]
        Decisions behind each trained code's classifier.
    """

    def __init__(
        self,
        codebook: Codebook,
        embedder: Optional[Embedder] = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        min_positive: int = MIN_POSITIVE,
        min_negative: int = MIN_NEGATIVE,
        weights: Optional[Weights] = None,
        random_state: int = 0,
        code_offsets: Optional[dict[str, float]] = None,
        prior: "Prior | str | None" = "auto",
    ) -> None:
        self.codebook = codebook
        self.embedder = embedder if embedder is not None else Embedder()
        self.threshold = threshold
        self.min_positive = min_positive
        self.min_negative = min_negative
        self.weights = weights
        self.random_state = random_state
        self.code_offsets = code_offsets
        self.prior = prior

    @property
    def codes(self):
        return self.codebook.codable()

    @property
    def code_ids(self) -> list[str]:
        return [c.id for c in self.codes]

    # -- fitting ---------------------------------------------------------------------------

    def _validate(self, decisions) -> list[Decision]:
        if not isinstance(self.threshold, (int, float)) or not 0.0 <= self.threshold <= 1.0:
            raise InputError(f"threshold must be between 0 and 1, got {self.threshold}")
        if self.min_positive < 1 or self.min_negative < 1:
            raise InputError("min_positive and min_negative must be at least 1")
        if not self.codes:
            raise InputError(f"codebook {self.codebook.name!r} has no codable codes")
        if not (self.prior is None or self.prior == "auto" or isinstance(self.prior, Prior)):
            raise InputError(f"prior must be 'auto', None or a Prior, got {self.prior!r}"[:200])
        out: dict[tuple[str, str, str], Decision] = {}
        for d in decisions:
            if not isinstance(d, Decision) or not isinstance(d.text, str) or not isinstance(d.context, str):
                raise InputError(f"not a Decision(text, code, accepted, context): {d!r}"[:200])
            out[(text_hash(d.read), d.code, "")] = d  # the latest verdict wins
        return list(out.values())

    def fit(self, decisions: Iterable[Decision] = ()) -> "SuggestEngine":
        """Learn ``decisions`` (replacing earlier ones; ``[]`` gives the zero-shot engine). Checks the
        parameters and decisions, builds the code profiles and trains the classifiers. Decisions on
        codes that are not codable (e.g. removed from the codebook) are kept but not used.
        Returns ``self``."""
        decided = self._validate(decisions)
        codes = self.codes
        self.classes_ = [c.id for c in codes]
        self.weights_ = self.weights or weights_for(self.embedder.family)
        if self.code_offsets is None:
            self.offsets_ = code_offsets_for(self.codebook.name, self.embedder.family, self.classes_)
        else:
            self.offsets_ = np.array([float(self.code_offsets.get(c, 0.0)) for c in self.classes_], np.float32)
        self.decisions_ = decided
        index = {c: i for i, c in enumerate(self.classes_)}
        protos = Prototypes()
        for i, code in enumerate(codes):
            protos.add(f"{code.label}: {code.definition}", i, "definition")
            for rule in code.include:
                protos.add(rule, i, "include")
            for ex in code.examples:
                protos.add(ex, i, "example")
            for rule in code.exclude:
                protos.add(rule, i, "exclude")
        n_codebook = len(protos.texts)
        used = [d for d in decided if d.code in index]
        for d in used:
            protos.add(d.read, index[d.code], "accepted" if d.accepted else "rejected")
        # Codebook texts are read as prototypes, decided segments as segments (e5 prefixes differ).
        vectors = np.concatenate([self.embedder.encode(protos.texts[:n_codebook], role="prototype"),
                                  self.embedder.encode(protos.texts[n_codebook:], role="segment")])
        self.prior_ = resolve_prior(self.prior, self.codebook.name, self.embedder.backend, vectors.shape[1])
        self.evidence_model_ = EvidenceModel(self.classes_, protos, vectors, keywords=[c.keywords for c in codes])
        self.background_ = self._fit_background(protos, n_codebook)
        self.classifiers_ = self._train(used, index)
        self.trained_codes_ = [self.classes_[c] for c in self.classifiers_.trained]
        self.n_decisions_ = {self.classes_[c]: n for c, n in self.classifiers_.n_decisions.items()}
        return self

    def _fit_background(self, protos: Prototypes, n_codebook: int) -> tuple[Background, Background]:
        """Background of the semantic and lexical similarities: the anchor examples, each positive
        for the code(s) it illustrates, read as segments (they stand in for the segments whose
        similarities they standardise)."""
        n = len(self.classes_)
        bg: dict[str, set[int]] = {}
        for j in range(n_codebook):
            if protos.kind[j] == "example":
                bg.setdefault(protos.texts[j], set()).add(protos.code[j])
        if not bg:
            return Background.prior("semantic", n), Background.prior("lexical", n)
        texts = list(bg)
        pos = np.zeros((len(bg), n), dtype=bool)
        for r, codes in enumerate(bg.values()):
            pos[r, list(codes)] = True
        m = self.evidence_model_
        vectors = self.embedder.encode(texts, role="segment")
        m.fit_lexical(texts)
        ev = m.evidence(vectors, texts)
        return Background.fit(ev.semantic, pos, "semantic"), Background.fit(ev.lexical, pos, "lexical")

    def _train(self, decided: list[Decision], index: dict[str, int]) -> CodeClassifiers:
        """Fit the per-code classifiers on the decided segments (see :mod:`.supervised`)."""
        reads = list(dict.fromkeys(d.read for d in decided))
        row = {t: i for i, t in enumerate(reads)}
        labels = np.full((len(reads), len(self.classes_)), -1, dtype=np.int8)
        answers, contexts = [""] * len(reads), [""] * len(reads)
        for d in decided:
            labels[row[d.read], index[d.code]] = 1 if d.accepted else 0
            answers[row[d.read]], contexts[row[d.read]] = d.text, d.context
        # Accepted for one code and undecided for another: a negative for that other code.
        has_pos = (labels == 1).any(axis=1)
        labels[(labels == -1) & has_pos[:, None]] = 0
        classifiers = CodeClassifiers(len(self.classes_), self.min_positive, self.min_negative, self.random_state)
        pos, neg = (labels == 1).sum(axis=0), (labels == 0).sum(axis=0)
        if not reads or not ((pos >= self.min_positive) & (neg >= self.min_negative)).any():
            return classifiers
        vectors = self.embedder.encode(reads)
        tfidf, counts = self.evidence_model_.fit_lexical(reads)
        ev = self.evidence_model_.evidence(vectors, reads, tfidf, answers=answers, counts=counts)
        zero_shot = self._codebook_logits(self._features(ev), vectors)[1]
        residual = None
        if self.prior_ is not None:
            residual = (self.prior_.columns(self.classes_)[0].tolist(), self.prior_.mean, self.prior_.scale)
        return classifiers.fit(reads, vectors, zero_shot, labels, residual)

    def _codebook_logits(self, features: dict[str, np.ndarray], vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The zero-shot logit from the codebook evidence (weights, per-code offsets): ``(alone, with
        the supervised prior stacked on it for the codes it knows)``."""
        z = calibrate.linear(features, self.weights_, CODEBOOK_FEATURES, True) + self.offsets_
        return z, (z if self.prior_ is None else self.prior_.logit(vectors, z, self.classes_))

    def learn(self, decisions: Iterable[Decision]) -> "SuggestEngine":
        """Add ``decisions`` to those already learnt (the latest verdict per segment and code wins)
        and refit. Returns ``self``."""
        return self.fit([*getattr(self, "decisions_", []), *decisions])

    def forget(self) -> "SuggestEngine":
        """Drop all decisions (refit zero-shot)."""
        return self.fit([])

    @property
    def decisions(self) -> list[Decision]:
        return list(getattr(self, "decisions_", []))

    def trained_codes(self) -> list[str]:
        """Codes that currently have their own classifier (enough decisions)."""
        return list(self._fitted(auto=True).trained_codes_)

    def _fitted(self, auto: bool = False) -> "SuggestEngine":
        if not hasattr(self, "classes_"):
            if not auto:
                raise NotFittedError("this SuggestEngine is not fitted yet", hint="call fit(decisions) first")
            self.fit([])
        return self

    # -- scoring ---------------------------------------------------------------------------

    def predict_proba(self, texts: Sequence[str], contexts: Optional[Sequence[str]] = None,
                      progress: Optional[Progress] = None) -> np.ndarray:
        """``(len(texts), len(classes_))`` scores in 0–1; ``contexts`` (one question per text, may be
        empty) are read before their text."""
        return self._fitted()._score(texts, contexts, progress).score

    def explain(self, texts: Sequence[str], contexts: Optional[Sequence[str]] = None) -> list[list[str]]:
        """Rationales, ``out[i][c]`` for text ``i`` and code ``classes_[c]``."""
        s = self._fitted()._score(texts, contexts)
        return self._why(s, texts, contexts)

    def score(self, texts: Sequence[str], progress: Optional[Progress] = None,
              contexts: Optional[Sequence[str]] = None) -> Scores:
        """Scores and evidence as arrays (fits zero-shot when never fitted)."""
        return self._fitted(auto=True)._score(texts, contexts, progress)

    def _score(self, texts, contexts=None, progress: Optional[Progress] = None) -> Scores:
        texts = list(texts)
        if contexts is not None and len(contexts) != len(texts):
            raise ValueError(f"{len(contexts)} contexts for {len(texts)} texts")
        reads = texts if contexts is None else [with_context(t, c) for t, c in zip(texts, contexts)]
        vectors = self.embedder.encode(reads, progress=progress)
        m = self.evidence_model_
        tfidf, counts = m.fit_lexical(reads)
        with gc_paused():  # the keywords found: one list per text and code
            ev = m.evidence(vectors, reads, tfidf, answers=None if contexts is None else texts, counts=counts)
        features = self._features(ev)
        # Nearest-neighbour terms carry the decisions only until a code has its own classifier:
        # after that they would count the same decisions twice (and the classifier is better).
        trained = self.classifiers_.trained
        quiet = trained
        if self.prior_ is not None and not NEIGHBOURS_WITH_PRIOR:  # the prior's codes wait for their correction
            quiet = sorted({*trained, *self.prior_.columns(self.classes_)[0].tolist()})
        for name in DECISION_FEATURES:
            features[name][:, quiet] = 0.0
        w = self.weights_
        codebook_only, codebook_logit = self._codebook_logits(features, vectors)
        zero_shot = codebook_logit + calibrate.linear(features, w, DECISION_FEATURES, False)
        p_sup = self.classifiers_.predict(vectors, reads, codebook_logit,
                                          counts=(counts, m.vectorizer.counter.vocabulary_))
        n_min = np.array([self.classifiers_.n_minority.get(c, 0) for c in range(len(self.classes_))], float)
        blended = calibrate.blend_supervised(zero_shot, p_sup, n_min, w)
        res = sorted(self.classifiers_.residuals)  # a residual model is the whole score: no blend
        blended[:, res] = calibrate.logit(p_sup[:, res])
        score = calibrate.sigmoid(blended).astype(np.float32)
        parts = {
            "semantic": ev.semantic,
            "lexical": ev.lexical,
            "keywords": features["keywords"],
            "negative": ev.exclusion_gap + ev.rejected_gap,
            "accepted": ev.accepted_gap,
            "supervised": p_sup,
            "prior": added_by_prior(self.prior_, codebook_logit - codebook_only, self.classes_),
        }
        return Scores(self.classes_, score, parts, features, ev)

    def _features(self, ev: Evidence) -> dict[str, np.ndarray]:
        """Standardise similarities against the background and derive the combination inputs."""
        bg_sem, bg_lex = self.background_
        z_sem, z_lex = bg_sem.z(ev.semantic), bg_lex.z(ev.lexical)
        counts = ev.keyword_counts
        if ev.keyword_counts_own is not None:  # a keyword only in the question counts for less
            counts = ev.keyword_counts_own + self.weights_.question_keywords * (counts - ev.keyword_counts_own)
        kw = keyword_score(counts)
        return {
            "semantic": z_sem,
            "semantic_rel": calibrate.relative(z_sem),
            "lexical": z_lex,
            "lexical_rel": calibrate.relative(z_lex),
            "keywords": kw,
            "keywords_rel": calibrate.relative(kw),
            "negative": ev.exclusion_gap / bg_sem.sd,
            "accepted": ev.accepted_gap / bg_sem.sd,
            "rejected": ev.rejected_gap / bg_sem.sd,
        }

    def _why(self, s: Scores, texts, contexts) -> list[list[str]]:
        own = None if contexts is None else [t.lower() for t in texts]
        n_dec = self.classifiers_.n_decisions
        return rationales(s, self.evidence_model_.protos, n_dec, self.weights_, own)

    def suggest(
        self, texts: Sequence[str], progress: Optional[Progress] = None, contexts: Optional[Sequence[str]] = None
    ) -> list[list[Suggestion]]:
        """For each text, one :class:`Suggestion` per codable code, highest score first (fits
        zero-shot when never fitted).

        ``contexts`` (one per text, may be empty) are read before their text, e.g. the
        interviewer's question (:mod:`workbench.suggest.context`); keywords that only occur in
        the context count for less and are marked so in the rationale."""
        texts = list(texts)
        s = self.score(texts, progress=progress, contexts=contexts)
        with gc_paused():
            return suggestion_lists(self.classes_, s.score, s.parts, self._why(s, texts, contexts), self.threshold)
