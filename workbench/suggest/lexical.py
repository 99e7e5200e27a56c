"""Lexical evidence: character n-gram TF-IDF similarity and codebook keyword matches.

Character n-grams within word boundaries (``char_wb``, 3–5) make "toeslag", "toeslagen" and
"huurtoeslag" share most features, which copes with Dutch compounds and inflection without a
stemmer or a Dutch embedding model.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from workbench.errors import InputError
from workbench.suggest.ngrams import NGRAM_RANGE, WordNgramCounter

_REGEX_CHARS = set("\\^$.|?*+()[]{}")
MIN_INFIX_LEN = 5
"""Plain keywords at least this long also match inside compounds ("zorgtoeslag");
shorter ones must start a word ("geld" matches "geldzorgen" but not "vergelding")."""


class CharTfidf:
    """The TF-IDF used everywhere: character n-grams within word boundaries, sublinear tf, idf,
    L2-normalised float32 rows. It runs as two steps, counting (:class:`~.ngrams.WordNgramCounter`,
    the same counts as scikit-learn's ``CountVectorizer``, computed once per distinct word) and
    weighting (scikit-learn's ``TfidfTransformer``), so that counts computed once for a
    batch can be weighted again in another fitted vocabulary (:meth:`transform_counts`) instead of
    cutting every text into n-grams a second time."""

    def __init__(self):
        self.counter = WordNgramCounter()
        self.weighting = TfidfTransformer(sublinear_tf=True)

    def fit_transform(self, texts: Sequence[str]):
        """TF-IDF rows of ``texts`` (CSR)."""
        return self.fit_transform_counts(texts)[0]

    def fit_transform_counts(self, texts: Sequence[str]):
        """``(TF-IDF rows, raw n-gram counts)`` of ``texts``, both CSR in this vocabulary."""
        counts = self.counter.fit_transform(texts)
        return sparse.csr_matrix(self.weighting.fit_transform(counts)), counts

    def transform(self, texts: Sequence[str]):
        return sparse.csr_matrix(self.weighting.transform(self.counter.transform(texts)))

    def transform_counts(self, counts, vocabulary: dict[str, int]):
        """TF-IDF rows in this vocabulary from ``counts`` made by another counter with
        ``vocabulary``. Exact when that vocabulary holds every n-gram of the counted texts (it was
        fitted on them): an n-gram missing there occurs in none of them."""
        own = self.counter.vocabulary_
        source = np.full(len(own), -1, dtype=np.int64)
        for gram, j in own.items():
            source[j] = vocabulary.get(gram, -1)
        keep = np.flatnonzero(source >= 0)
        picked = sparse.csr_matrix(counts)[:, source[keep]]
        shape = (counts.shape[0], len(own))
        mapped = sparse.csr_matrix((picked.data, keep[picked.indices], picked.indptr), shape=shape)
        mapped.sort_indices()
        return sparse.csr_matrix(self.weighting.transform(mapped))


def keyword_pattern(keyword: str) -> str:
    """Regex for one codebook keyword: regexes are kept, plain words get compound-aware matching."""
    kw = keyword.strip()
    if any(ch in _REGEX_CHARS for ch in kw):
        return kw
    body = r"\s+".join(re.escape(part) for part in kw.split())
    if len(kw) >= MIN_INFIX_LEN:
        return body
    return r"\b" + body


def _lower_pattern(pattern: str) -> str:
    """Lower-case the literal characters of a regex, leaving escapes (``\\W``, ``\\S``) intact."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def _needle_groups(items) -> list[tuple[str, ...]]:
    """Groups of substrings such that every match of a parsed pattern contains one substring of
    each group (an AND of ORs; possibly empty: nothing known)."""
    from re import _constants as c

    groups: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            groups.append(("".join(run),))
        run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is c.SUBPATTERN:
            groups.extend(_needle_groups(av[-1]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            groups.extend(_needle_groups(av[2]))
        elif op is c.BRANCH:
            alts: list[str] = []
            for branch in av[1]:
                found = _best(_needle_groups(branch))
                if found is None:
                    alts = []
                    break
                alts.extend(found)
            if alts:
                groups.append(tuple(dict.fromkeys(alts)))
    flush()
    return groups


def _best(groups: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The group whose shortest substring is longest (fewest false candidates), or None."""
    return max(groups, key=lambda t: (min(len(x) for x in t), -len(t))) if groups else None


def required_groups(pattern: str) -> list[tuple[str, ...]]:
    """For a lower-cased pattern: groups of strings, one of each must occur for any match."""
    from re import _parser

    try:
        return _needle_groups(_parser.parse(pattern))
    except Exception:  # private API or unusual pattern: no pre-check, just run the regex
        return []


class NgramIndex:
    """Which texts contain a string, read from their ``char_wb`` n-gram counts (rows = texts, as
    counted by :class:`~.ngrams.WordNgramCounter` with ``vocabulary``) instead of scanning them.

    ``char_wb`` n-grams are the 3–5 character windows of each word with a space on either side, so
    a text containing a string contains every such window of the string's words; a word of the
    string next to whitespace in the string is padded on that side too. The rows holding all those
    windows are therefore a superset of the texts holding the string: a pre-filter only, the regex
    decides."""

    def __init__(self, counts, vocabulary: dict[str, int]):
        self.columns = sparse.csc_matrix(counts)
        self.vocabulary = vocabulary
        self.n_rows = counts.shape[0]

    def _windows(self, needle: str) -> set[str]:
        out: set[str] = set()
        for m in re.finditer(r"\S+", needle):
            word = (" " if m.start() > 0 else "") + m.group() + (" " if m.end() < len(needle) else "")
            for n in range(NGRAM_RANGE[0], NGRAM_RANGE[1] + 1):
                out.update(word[i:i + n] for i in range(len(word) - n + 1))
        return out

    def rows(self, needle: str, at_most: int = 3) -> np.ndarray | None:
        """Sorted rows that may contain ``needle`` (``None``: it has no n-gram to look up)."""
        cols = [self.vocabulary.get(w, -1) for w in self._windows(needle)]
        if not cols:
            return None
        if min(cols) < 0:  # an n-gram none of the texts has
            return np.zeros(0, np.int64)
        ptr = self.columns.indptr
        rows = None
        for j in sorted(cols, key=lambda j: ptr[j + 1] - ptr[j])[:at_most]:  # the rarest first
            col = self.columns.indices[ptr[j]:ptr[j + 1]]
            rows = col if rows is None else np.intersect1d(rows, col, assume_unique=True)
        return rows

    def candidates(self, groups: list[tuple[str, ...]]) -> np.ndarray | None:
        """Rows that may hold one string of every group (``None``: no group could be looked up)."""
        out = None
        for group in groups:
            found = [self.rows(needle) for needle in group]
            if any(f is None for f in found):  # a string too short for an n-gram
                continue
            union = np.unique(np.concatenate(found)) if len(found) > 1 else found[0]
            out = union if out is None else np.intersect1d(out, union, assume_unique=True)
        return out


class KeywordMatcher:
    """Case-insensitive keyword matching for all codes at once.

    ``match(texts)`` returns, per text, per code, the matched words (lower case), one per keyword.
    Texts and patterns are lower-cased once (much faster than ``re.IGNORECASE``), and each
    pattern only runs on texts containing one of its required literal substrings.
    """

    def __init__(self, code_ids: Sequence[str], keywords: Sequence[Sequence[str]]):
        self.code_ids = list(code_ids)
        self.items: list[tuple[int, str, re.Pattern, list[tuple[str, ...]]]] = []
        for j, (code_id, kws) in enumerate(zip(self.code_ids, keywords)):
            for kw in dict.fromkeys(k.strip() for k in kws if k.strip()):
                pat = _lower_pattern(keyword_pattern(kw))
                try:
                    compiled = re.compile(pat)
                except re.error as exc:
                    raise InputError(
                        f"code {code_id!r}: keyword {kw!r} is not a valid regular expression ({exc})",
                        hint="escape special characters with a backslash",
                    ) from exc
                from workbench.codebook.patterns import unsafe_pattern

                why = unsafe_pattern(pat)
                if why:
                    raise InputError(f"code {code_id!r}: keyword {kw!r} is refused: {why}",
                                     hint="fix it in the codebook and load it again")
                self.items.append((j, kw, compiled, required_groups(pat)))

    def match(self, texts: Sequence[str], index: NgramIndex | None = None
              ) -> tuple[np.ndarray, list[list[list[str]]]]:
        """``(counts, found)``: number of distinct keywords per (text, code) and which ones.
        ``index`` (the texts' n-gram counts) finds the texts worth running a pattern on faster
        than scanning them; the result is the same."""
        n, c = len(texts), len(self.code_ids)
        counts = np.zeros((n, c), dtype=np.float32)
        found: list[list[list[str]]] = [[[] for _ in range(c)] for _ in range(n)]
        low = [t.lower() for t in texts]
        joined: list = []

        def scan(needles: tuple[str, ...] | None) -> list[int]:
            if not joined:  # all texts in one string: str.find runs in C and jumps from hit to hit
                joined.extend(["\x00".join(low), np.cumsum([0] + [len(t) + 1 for t in low]).tolist()])
            return _scan(*joined, needles, n)

        for j, kw, pattern, groups in self.items:
            candidates = None if index is None else index.candidates(groups)
            candidates = scan(_best(groups)) if candidates is None else candidates.tolist()
            for i in candidates:
                m = pattern.search(low[i])
                if m:
                    found[i][j].append(_whole_words(low[i], m.start(), m.end()) or kw)
                    counts[i, j] += 1
        return counts, found


def _scan(joined: str, starts: list[int], needles: tuple[str, ...] | None, n: int) -> list[int]:
    """Texts (by number) of ``joined`` that contain one of ``needles`` (all when ``None``)."""
    if needles is None:
        return list(range(n))
    hit: set[int] = set()
    for needle in needles:
        pos = joined.find(needle)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            hit.add(i)
            pos = joined.find(needle, starts[i + 1])
    return sorted(hit)


def _whole_words(text: str, a: int, b: int) -> str:
    """The match widened to whole words ("toeslag" in "zorgtoeslag" -> "zorgtoeslag")."""
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    while b < len(text) and text[b].isalnum():
        b += 1
    return text[a:b].strip()


def keyword_score(counts: np.ndarray) -> np.ndarray:
    """0 for no keyword, 0.5 for one, 0.75 for two … (diminishing returns)."""
    return 1.0 - np.power(0.5, counts)
