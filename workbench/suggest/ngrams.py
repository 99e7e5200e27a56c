"""Character n-gram counts (``char_wb``) computed once per distinct word.

scikit-learn's ``CountVectorizer(analyzer="char_wb")`` cuts every text into n-grams in Python, one
n-gram at a time; for 20,000 segments that was half of a re-suggest. But ``char_wb`` n-grams never
cross a word: a text's counts are the sum of its words' counts. :class:`WordNgramCounter` therefore
cuts each *distinct* word once (with scikit-learn's own analyser) and gets the text counts as one
sparse product, ``(texts × words) @ (words × n-grams)``.

The result is the same matrix as ``CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE,
lowercase=True, dtype=float32)`` gives, entry for entry and in the same storage order within each
row (scikit-learn numbers n-grams in the order it first meets them, then renames them in
alphabetical order without re-sorting the rows; the TF-IDF row norms are summed in that order), so
every score computed from it is unchanged to the last bit. ``tests/test_suggest_ngrams.py`` checks
this against scikit-learn.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Sequence

import numpy as np
from scipy import sparse

NGRAM_RANGE = (3, 5)
"""Character n-gram lengths of the TF-IDF vectoriser."""

_WHITE_SPACES = re.compile(r"\s\s+")  # scikit-learn's char_wb normalisation, kept for exactness


def _word_analyser():
    """scikit-learn's ``char_wb`` analyser for one already lower-cased word."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=False).build_analyzer()


def _first_seen_index() -> defaultdict:
    index: defaultdict = defaultdict()
    index.default_factory = index.__len__
    return index


class WordNgramCounter:
    """``fit_transform``/``transform`` and ``vocabulary_`` as in ``CountVectorizer(analyzer="char_wb",
    ngram_range=NGRAM_RANGE, lowercase=True, dtype=np.float32)``, computed per distinct word."""

    def __init__(self) -> None:
        self.vocabulary_: dict[str, int] | None = None

    @staticmethod
    def _text_words(texts: Sequence[str]):
        """``(texts × words counts, distinct words in first-seen order)``."""
        index = _first_seen_index()
        ids: list[int] = []
        indptr = [0]
        for text in texts:
            ids.extend(map(index.__getitem__, _WHITE_SPACES.sub(" ", text.lower()).split()))
            indptr.append(len(ids))
        m = sparse.csr_matrix((np.ones(len(ids), np.float32), np.asarray(ids, np.int64), np.asarray(indptr, np.int64)),
                              shape=(len(texts), len(index)))
        m.sum_duplicates()
        return m, list(index)

    @staticmethod
    def _word_ngrams(words: list[str], lookup) -> tuple[np.ndarray, np.ndarray]:
        """``(columns, indptr)`` of the words' n-grams, one entry per occurrence; ``lookup(gram)``
        gives a column or -1 (not counted)."""
        analyse = _word_analyser()
        cols: list[int] = []
        indptr = [0]
        for word in words:
            cols.extend(map(lookup, analyse(word)))
            indptr.append(len(cols))
        cols_a = np.asarray(cols, np.int64)
        indptr_a = np.asarray(indptr, np.int64)
        keep = cols_a >= 0
        if not keep.all():  # drop n-grams outside a fixed vocabulary
            indptr_a = np.concatenate([[0], np.cumsum(keep)])[indptr_a]
            cols_a = cols_a[keep]
        return cols_a, indptr_a

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Counts of ``texts``; learns ``vocabulary_`` (n-gram → column, alphabetical)."""
        if isinstance(texts, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        tw, words = self._text_words(texts)
        grams = _first_seen_index()
        cols, indptr = self._word_ngrams(words, grams.__getitem__)
        if not grams:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        counts = self._product(tw, cols, indptr, len(grams))  # columns numbered in first-seen order
        sorted_terms = sorted(grams)
        rename = np.empty(len(sorted_terms), np.int64)
        rename[[grams[t] for t in sorted_terms]] = np.arange(len(sorted_terms))
        self.vocabulary_ = {t: i for i, t in enumerate(sorted_terms)}
        # Renamed without re-sorting the rows, exactly as CountVectorizer._sort_features does.
        return sparse.csr_matrix((counts.data, rename[counts.indices].astype(np.int32), counts.indptr),
                                 shape=counts.shape)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Counts of ``texts`` in the fitted vocabulary (n-grams outside it are not counted)."""
        if self.vocabulary_ is None:
            raise ValueError("WordNgramCounter is not fitted")
        tw, words = self._text_words(texts)
        vocabulary = self.vocabulary_
        cols, indptr = self._word_ngrams(words, lambda g: vocabulary.get(g, -1))
        return self._product(tw, cols, indptr, len(vocabulary))

    @staticmethod
    def _product(tw: sparse.csr_matrix, cols: np.ndarray, indptr: np.ndarray, n_cols: int) -> sparse.csr_matrix:
        """``tw @ (words × n-grams)`` as canonical CSR float32 (sorted indices, no duplicates)."""
        wg = sparse.csr_matrix((np.ones(len(cols), np.float32), cols, indptr), shape=(tw.shape[1], n_cols))
        wg.sum_duplicates()
        out = sparse.csr_matrix(tw @ wg, dtype=np.float32)
        out.sum_duplicates()
        out.sort_indices()
        return sparse.csr_matrix((out.data, out.indices.astype(np.int32), out.indptr.astype(np.int32)),
                                 shape=out.shape)
