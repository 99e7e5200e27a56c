"""Raw evidence per (segment, code): semantic and lexical similarity, keywords, neighbours.

Similarity to a code is the cosine to the code's *contrastive profile* (Rocchio):
``normalise(centroid(code) - BETA * mean(centroids of the other codes))``, where a centroid
averages the L2-normalised vectors of the code's codebook prototypes (label+definition,
inclusion rules, anchor examples). Subtracting the other codes removes what all codes share
("werk", "uitkering", "UWV"). It is computed on sentence embeddings (``semantic``) and on
character n-gram TF-IDF vectors (``lexical``). Profiles depend on the codebook only, so the
zero-shot part of a score does not drift as decisions accumulate.

Decisions act through nearest neighbours (embedding cosine): ``accepted_gap`` is how much closer
the nearest accepted segment is than the nearest codebook prototype, ``rejected_gap`` how much
closer the nearest rejected segment is than the nearest positive, ``exclusion_gap`` the same for
the code's exclusion rules. Work is vectorised over segments in row chunks; loops run over codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from workbench.suggest.lexical import CharTfidf, KeywordMatcher, NgramIndex
from workbench.suggest.semantic import NEGATIVE_KINDS, POSITIVE_KINDS, QUOTABLE_KINDS, Prototypes, topk_mean

BETA = 0.5
"""Weight of the other codes' mean centroid subtracted from a code's profile."""
CODEBOOK_KINDS = ("definition", "include", "example")
CHUNK = 4096


@dataclass
class Evidence:
    """Arrays are ``(n_texts, n_codes)``; indices point into the prototypes (-1 = none)."""

    semantic: np.ndarray
    """Cosine of the sentence embedding to the code's contrastive profile."""
    lexical: np.ndarray
    """Cosine of the character n-gram TF-IDF vector to the code's contrastive profile."""
    keyword_counts: np.ndarray
    """Distinct keywords found in the text read (question and segment)."""
    keywords_found: list[list[list[str]]]
    exclusion_gap: np.ndarray
    """How much closer (cosine) the nearest exclusion rule is than the nearest positive."""
    rejected_gap: np.ndarray
    """How much closer the nearest segment rejected for the code is than the nearest positive."""
    accepted_gap: np.ndarray
    """How much closer the nearest segment accepted for the code is than its nearest prototype."""
    nearest: np.ndarray
    """Nearest quotable prototype (anchor example or accepted segment)."""
    nearest_sim: np.ndarray
    nearest_negative: np.ndarray
    keyword_counts_own: np.ndarray | None = None
    """Distinct keywords found in the segment itself (``None``: no question was read before it)."""


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


def contrastive_profiles(rows, pos_groups) -> np.ndarray:
    """``(codes, dim)`` Rocchio profiles from prototype ``rows`` (dense array or sparse matrix)."""
    n = len(pos_groups)
    dim = rows.shape[1]

    def centroids(groups):
        out = np.zeros((n, dim), dtype=np.float32)
        for c, idx in enumerate(groups):
            if idx.size:
                s = rows[idx].sum(axis=0)
                out[c] = np.asarray(s, dtype=np.float32).ravel() / idx.size
        return _normalise_rows(out)

    pos = centroids(pos_groups)
    others = (pos.sum(axis=0, keepdims=True) - pos) / max(n - 1, 1)
    return _normalise_rows(pos - BETA * others)


class EvidenceModel:
    """Holds the prototypes of all codes and computes :class:`Evidence` for texts."""

    def __init__(self, code_ids, protos: Prototypes, vectors: np.ndarray, keywords):
        self.code_ids = list(code_ids)
        self.protos = protos
        self.vectors = vectors
        n = len(self.code_ids)
        self.codebook_groups = protos.groups(n, CODEBOOK_KINDS)
        self.pos_groups = protos.groups(n, POSITIVE_KINDS)
        self.accepted_groups = protos.groups(n, ("accepted",))
        self.rejected_groups = protos.groups(n, ("rejected",))
        self.exclude_groups = protos.groups(n, ("exclude",))
        self.neg_groups = protos.groups(n, NEGATIVE_KINDS)
        self.quote_groups = protos.groups(n, QUOTABLE_KINDS)
        self.matcher = KeywordMatcher(self.code_ids, keywords)
        self.sem_profiles = contrastive_profiles(vectors, self.codebook_groups)
        self.vectorizer = None

    def fit_lexical(self, texts: list[str]):
        """Fit the TF-IDF vocabulary and idf on the prototypes plus ``texts``. Returns their TF-IDF
        rows and their raw n-gram counts (in ``vectorizer.counter``'s vocabulary), which the
        classifiers weight in their own vocabulary."""
        self.vectorizer = CharTfidf()
        n = len(self.protos.texts)
        X, counts = self.vectorizer.fit_transform_counts(self.protos.texts + list(texts))
        self.lex_profiles = contrastive_profiles(X[:n], self.codebook_groups)
        return X[n:], counts[n:]

    def evidence(self, vectors: np.ndarray, texts: list[str], tfidf=None, answers=None, counts=None) -> Evidence:
        """Evidence for ``texts`` with their embedding ``vectors`` (call :meth:`fit_lexical` first;
        pass the rows and counts it returned for ``texts`` as ``tfidf`` and ``counts`` to avoid
        transforming the texts again and to find keyword candidates in the counts). ``answers``
        are the segments alone when ``texts`` read a question before them: keywords are then also
        counted in the segment alone."""
        n, c = len(texts), len(self.code_ids)
        z = lambda: np.zeros((n, c), np.float32)  # noqa: E731
        sem, lex, excl, rej, acc, nearest_sim = z(), z(), z(), z(), z(), z()
        nearest = np.full((n, c), -1, np.int64)
        nearest_neg = np.full((n, c), -1, np.int64)
        for start in range(0, n, CHUNK):
            sl = slice(start, min(n, start + CHUNK))
            V = vectors[sl]
            sem[sl] = V @ self.sem_profiles.T
            S = V @ self.vectors.T
            best_cb, _ = topk_mean(S, self.codebook_groups, 1, empty=-1.0)
            best_acc, _ = topk_mean(S, self.accepted_groups, 1, empty=-1.0)
            best_pos = np.maximum(best_cb, best_acc)
            best_excl, _ = topk_mean(S, self.exclude_groups, 1, empty=-1.0)
            best_rej, _ = topk_mean(S, self.rejected_groups, 1, empty=-1.0)
            excl[sl] = np.maximum(0.0, best_excl - best_pos)
            rej[sl] = np.maximum(0.0, best_rej - best_pos)
            acc[sl] = np.maximum(0.0, best_acc - best_cb)
            _, nearest_neg[sl] = topk_mean(S, self.neg_groups, 1)
            nearest_sim[sl], nearest[sl] = topk_mean(S, self.quote_groups, 1)
            X = tfidf[sl] if tfidf is not None else self.vectorizer.transform(texts[sl])
            lex[sl] = np.asarray(X @ self.lex_profiles.T, dtype=np.float32)
        index = None if counts is None else NgramIndex(counts, self.vectorizer.counter.vocabulary_)
        kw_counts, found = self.matcher.match(texts, index)
        own = None
        if answers is not None:
            answers = list(answers)
            # A segment's words are among the words of what was read (``question + " " + segment``).
            inside = all(t == a or t.endswith(" " + a) for t, a in zip(texts, answers))
            own = np.minimum(self.matcher.match(answers, index if inside else None)[0], kw_counts)
        return Evidence(sem, lex, kw_counts, found, excl, rej, acc, nearest, nearest_sim, nearest_neg, own)
