"""The hybrid suggestion engine: semantic + lexical + keywords + (once there are decisions)
per-code classifiers, combined into one calibrated 0–1 score per code.

Usage mirrors a scikit-learn estimator::

    engine = SuggestEngine(codebook, Embedder())
    engine.learn([Decision(text, "motivation", accepted=True), ...])   # optional
    for suggestions in engine.suggest(texts):                           # one list per text
        best = suggestions[0]                                           # highest score first

Everything is deterministic: no sampling, fixed ``random_state`` for the classifiers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable, Optional

import numpy as np

from workbench.codebook.model import Codebook
from workbench.errors import InputError
from workbench.suggest import calibrate
from workbench.suggest.calibrate import CODEBOOK_FEATURES, DECISION_FEATURES, Background, Weights
from workbench.suggest.context import with_context
from workbench.suggest.embed import Embedder, Progress, text_hash
from workbench.suggest.evidence import Evidence, EvidenceModel
from workbench.suggest.lexical import keyword_score
from workbench.suggest.rationale import rationales
from workbench.suggest.semantic import Prototypes
from workbench.suggest.supervised import CodeClassifiers

DEFAULT_THRESHOLD = 0.4
"""A code is ``suggested`` when its score is at least this (see docs/quality.md)."""
MIN_POSITIVE = 5
"""Accepted segments a code needs before its own classifier is trained."""
MIN_NEGATIVE = 5
"""Rejected (or other-coded) segments a code needs before its own classifier is trained."""


@dataclass(frozen=True)
class Decision:
    """A researcher's verdict on one code for one segment: accepted (positive) or rejected."""

    text: str
    code: str
    accepted: bool


@dataclass
class Suggestion:
    """One code's score for one segment; ``parts`` holds the evidence behind it."""

    code: str
    score: float
    suggested: bool
    rationale: str
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class Scores:
    """Array form of a ``suggest`` run (rows = texts, columns = ``code_ids``)."""

    code_ids: list[str]
    score: np.ndarray
    parts: dict[str, np.ndarray]
    """Raw evidence: semantic and lexical cosine, keyword score, negative gap, supervised (nan = none)."""
    features: dict[str, np.ndarray]
    """Inputs of the combination (see :data:`workbench.suggest.calibrate.FEATURES`)."""
    evidence: Evidence


class SuggestEngine:
    """Suggest codes from a codebook for text segments.

    Parameters
    ----------
    codebook : Codebook
        Its codable codes are scored. Prototypes come from label+definition, ``include`` rules
        and ``examples`` (positive), ``exclude`` rules (negative) and ``keywords``.
    embedder : Embedder | None
        Sentence embeddings (default: the packaged model with an in-memory cache).
    threshold : float
        Score at or above which a code is marked ``suggested`` (default ``DEFAULT_THRESHOLD``).
    min_positive, min_negative : int
        Decisions a code needs before its own classifier is trained (default 5 and 5).
    weights : Weights | None
        Combination weights; see :mod:`workbench.suggest.calibrate`.
    random_state : int
        Seed of the classifiers.
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
    ) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise InputError(f"threshold must be between 0 and 1, got {threshold}")
        self.codebook = codebook
        self.codes = codebook.codable()
        if not self.codes:
            raise InputError(f"codebook {codebook.name!r} has no codable codes")
        self.code_ids = [c.id for c in self.codes]
        self.embedder = embedder if embedder is not None else Embedder()
        self.threshold = threshold
        self.min_positive = min_positive
        self.min_negative = min_negative
        self.weights = weights or Weights()
        self.random_state = random_state
        self._decisions: dict[tuple[str, str], Decision] = {}
        self._state_key: Optional[str] = None

    # -- decisions -------------------------------------------------------------------------

    def learn(self, decisions: Iterable[Decision]) -> "SuggestEngine":
        """Add decisions (the latest verdict per segment and code wins). Returns ``self``."""
        for d in decisions:
            self._decisions[(text_hash(d.text), d.code)] = d
        return self

    def forget(self) -> "SuggestEngine":
        """Drop all decisions."""
        self._decisions.clear()
        return self

    @property
    def decisions(self) -> list[Decision]:
        return list(self._decisions.values())

    def trained_codes(self) -> list[str]:
        """Codes that currently have their own classifier (enough decisions)."""
        self._prepare()
        return [self.code_ids[c] for c in sorted(self._classifiers.models)]

    def _key(self) -> str:
        payload = {
            "codebook": self.codebook.model_dump(mode="json"),
            "decisions": sorted((h, d.code, d.accepted) for (h, _), d in self._decisions.items()),
            "model": self.embedder.model_key,
            "params": [self.min_positive, self.min_negative, self.random_state, repr(self.weights)],
        }
        return hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    # -- preparation (cached until codebook or decisions change) ---------------------------

    def _prepare(self) -> None:
        key = self._key()
        if key == self._state_key:
            return
        index = {c: i for i, c in enumerate(self.code_ids)}
        protos = Prototypes()
        for i, code in enumerate(self.codes):
            protos.add(f"{code.label}: {code.definition}", i, "definition")
            for rule in code.include:
                protos.add(rule, i, "include")
            for ex in code.examples:
                protos.add(ex, i, "example")
            for rule in code.exclude:
                protos.add(rule, i, "exclude")
        n_codebook = len(protos.texts)
        decided = [d for d in self._decisions.values() if d.code in index]
        for d in decided:
            protos.add(d.text, index[d.code], "accepted" if d.accepted else "rejected")
        # Codebook texts are read as prototypes, decided segments as segments (e5 prefixes differ).
        vectors = np.concatenate([self.embedder.encode(protos.texts[:n_codebook], role="prototype"),
                                  self.embedder.encode(protos.texts[n_codebook:], role="segment")])
        self._model = EvidenceModel(self.code_ids, protos, vectors, keywords=[c.keywords for c in self.codes])
        # Background: the anchor examples, each positive for the code(s) it illustrates, read as
        # segments (they stand in for the segments whose similarities they standardise).
        bg: dict[str, tuple[int, set[int]]] = {}
        for j in range(n_codebook):
            if protos.kind[j] == "example":
                bg.setdefault(protos.texts[j], (j, set()))[1].add(protos.code[j])
        self._bg_texts = list(bg)
        self._bg_vectors = self.embedder.encode(self._bg_texts, role="segment") if bg else None
        self._bg_pos = np.zeros((len(bg), len(self.codes)), dtype=bool)
        for r, (_, codes) in enumerate(bg.values()):
            self._bg_pos[r, list(codes)] = True
        self._train(decided, index)
        self._state_key = key

    def _train(self, decided: list[Decision], index: dict[str, int]) -> None:
        """Fit the per-code classifiers on the decided segments (see :mod:`.supervised`)."""
        texts = list(dict.fromkeys(d.text for d in decided))
        row = {t: i for i, t in enumerate(texts)}
        labels = np.full((len(texts), len(self.codes)), -1, dtype=np.int8)
        for d in decided:
            labels[row[d.text], index[d.code]] = 1 if d.accepted else 0
        # Accepted for one code and undecided for another: a negative for that other code.
        has_pos = (labels == 1).any(axis=1)
        labels[(labels == -1) & has_pos[:, None]] = 0
        self._classifiers = CodeClassifiers(len(self.codes), self.min_positive, self.min_negative, self.random_state)
        if not texts:
            return
        pos, neg = (labels == 1).sum(axis=0), (labels == 0).sum(axis=0)
        if not ((pos >= self.min_positive) & (neg >= self.min_negative)).any():
            return
        vectors = self.embedder.encode(texts)
        tfidf, _ = self._model.fit_lexical(texts)
        features = self._features(self._model.evidence(vectors, texts, tfidf))
        zero_shot = calibrate.linear(features, self.weights, CODEBOOK_FEATURES, True)
        self._classifiers.fit(texts, vectors, zero_shot, labels)

    # -- scoring ---------------------------------------------------------------------------

    def score(self, texts: list[str], progress: Optional[Progress] = None) -> Scores:
        """Scores and parts as arrays; :meth:`suggest` wraps this for humans."""
        texts = list(texts)
        self._prepare()
        vectors = self.embedder.encode(texts, progress=progress)
        m = self._model
        tfidf, counts = m.fit_lexical(texts)
        ev = m.evidence(vectors, texts, tfidf)
        features = self._features(ev)
        # Nearest-neighbour terms carry the decisions only until a code has its own classifier:
        # after that they would count the same decisions twice (and the classifier is better).
        trained = list(self._classifiers.models)
        for name in DECISION_FEATURES:
            features[name][:, trained] = 0.0
        w = self.weights
        codebook_logit = calibrate.linear(features, w, CODEBOOK_FEATURES, True)
        zero_shot = codebook_logit + calibrate.linear(features, w, DECISION_FEATURES, False)
        p_sup = self._classifiers.predict(vectors, texts, codebook_logit,
                                          counts=(counts, m.vectorizer.counter.vocabulary_))
        n_min = np.array([self._classifiers.n_minority.get(c, 0) for c in range(len(self.codes))], float)
        score = calibrate.sigmoid(calibrate.blend_supervised(zero_shot, p_sup, n_min, w)).astype(np.float32)
        parts = {
            "semantic": ev.semantic,
            "lexical": ev.lexical,
            "keywords": features["keywords"],
            "negative": ev.exclusion_gap + ev.rejected_gap,
            "accepted": ev.accepted_gap,
            "supervised": p_sup,
        }
        return Scores(self.code_ids, score, parts, features, ev)

    def _features(self, ev: Evidence) -> dict[str, np.ndarray]:
        """Standardise similarities against the background and derive the combination inputs."""
        n = len(self.codes)
        if self._bg_texts:
            bg = self._model.evidence(self._bg_vectors, self._bg_texts)
            bg_sem = Background.fit(bg.semantic, self._bg_pos, "semantic")
            bg_lex = Background.fit(bg.lexical, self._bg_pos, "lexical")
        else:
            bg_sem, bg_lex = Background.prior("semantic", n), Background.prior("lexical", n)
        z_sem, z_lex = bg_sem.z(ev.semantic), bg_lex.z(ev.lexical)
        kw = keyword_score(ev.keyword_counts)
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

    def suggest(
        self, texts: list[str], progress: Optional[Progress] = None, contexts: Optional[list[str]] = None
    ) -> list[list[Suggestion]]:
        """For each text, one :class:`Suggestion` per codable code, highest score first.

        ``contexts`` (one per text, may be empty) are read before their text, e.g. the
        interviewer's question (:mod:`workbench.suggest.context`); keywords that only occur in
        the context are marked so in the rationale."""
        texts = list(texts)
        if contexts is not None:
            if len(contexts) != len(texts):
                raise ValueError(f"{len(contexts)} contexts for {len(texts)} texts")
            s = self.score([with_context(t, c) for t, c in zip(texts, contexts)], progress=progress)
            own = [t.lower() for t in texts]
        else:
            s = self.score(texts, progress=progress)
            own = None
        n_dec = self._classifiers.n_decisions
        why = rationales(s, self._model.protos, n_dec, self.weights, own)
        out: list[list[Suggestion]] = []
        order = np.argsort(-s.score, axis=1, kind="stable")
        parts_list = {p: v.tolist() for p, v in s.parts.items()}
        for i in range(len(texts)):
            row = []
            for c in order[i]:
                parts = {p: v[i][c] for p, v in parts_list.items() if v[i][c] == v[i][c]}  # drop nan
                score = round(float(s.score[i, c]), 4)
                row.append(Suggestion(self.code_ids[c], score, score >= self.threshold, why[i][c], parts))
            out.append(row)
        return out
