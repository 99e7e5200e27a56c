"""The fast paths of the lexical evidence give exactly what the plain scikit-learn / per-text
computations give: n-gram counts per distinct word, and keyword candidates from the n-gram index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from test_suggest_fakes import fake_encoder
from workbench.suggest import lexical
from workbench.suggest.batch import load_codebook_file
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import Decision, SuggestEngine
from workbench.suggest.ngrams import NGRAM_RANGE, WordNgramCounter

ROOT = Path(__file__).resolve().parents[1]

TRICKY = [
    "Ik ben bang dat mijn huurtoeslag omlaag gaat.",
    "Mijn ZORGTOESLAG en huurtoeslagen, toeslagen, toeslag!",
    "", "   ", "a", "ab", "abc", "ananas ananas banaan",
    "ΣΑΣ ΟΔΟΣ", "İstanbul ﬁets ÉÉN één",
    "x\u00a0y\u2003z  \t\nw\u200bq", "tab\tnieuwe\nregel\r\nen  twee  spaties",
    "a\x00b", "emoji 🙂 werkt, e-mail: naam@voorbeeld.nl (06-12345678)",
]


def sklearn_counter() -> CountVectorizer:
    return CountVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=True, dtype=np.float32)


def same_csr(a, b) -> None:
    assert a.shape == b.shape
    for f in ("data", "indices", "indptr"):  # storage order too: the TF-IDF row norms are summed in it
        x, y = getattr(a, f), getattr(b, f)
        assert x.dtype == y.dtype and np.array_equal(x, y), f


def test_word_counter_gives_scikit_learns_counts_entry_for_entry():
    texts = TRICKY * 2 + [t.upper() for t in TRICKY]
    ours, theirs = WordNgramCounter(), sklearn_counter()
    same_csr(ours.fit_transform(texts), theirs.fit_transform(texts))
    assert ours.vocabulary_ == theirs.vocabulary_
    other = ["nieuwe woorden hier", "Mijn toeslag", "", "qqqq zzzz"]
    same_csr(ours.transform(other), theirs.transform(other))  # n-grams outside the vocabulary dropped
    with pytest.raises(ValueError, match="empty vocabulary"):
        WordNgramCounter().fit_transform(["", "  "])


def _engine_texts(codebook) -> tuple[list[str], list[str]]:
    texts, contexts = [], []
    questions = ["Wat betekent werken voor uw uitkering?", "", "Hoe ging het met de coach?"]
    for k, code in enumerate(codebook.codable()):
        for i, t in enumerate([*code.examples, *code.include, *code.exclude]):
            texts.append(t.replace("ik", "Ik eh") if i % 2 else t)
            contexts.append(questions[(k + i) % 3])
    return texts + TRICKY, contexts + [""] * len(TRICKY)


def _run(texts, contexts, decisions):
    codebook = load_codebook_file(ROOT / "codebooks" / "reintegratie.yaml")
    engine = SuggestEngine(codebook, Embedder(encoder=fake_encoder), min_positive=2, min_negative=2).fit(decisions)
    scores = engine.score(texts, contexts=contexts)
    return scores, engine._why(scores, texts, contexts), engine


def test_engine_scores_and_rationales_unchanged_by_the_fast_lexical_paths(monkeypatch):
    codebook = load_codebook_file(ROOT / "codebooks" / "reintegratie.yaml")
    texts, contexts = _engine_texts(codebook)
    codes = [c.id for c in codebook.codable()]
    decisions = [Decision(t, codes[i % 3], accepted=(i % 4 != 0), context=c)
                 for i, (t, c) in enumerate(zip(texts[:40], contexts[:40]))]
    fast = [_run(texts, contexts, d) for d in ([], decisions)]
    assert fast[1][2].classifiers_.models  # the classifiers (their own TF-IDF) took part
    assert any("keywords: " in r for row in fast[0][1] for r in row)
    monkeypatch.setattr(lexical, "WordNgramCounter", sklearn_counter)
    scan = lexical.KeywordMatcher.match
    monkeypatch.setattr(lexical.KeywordMatcher, "match", lambda self, texts, index=None: scan(self, texts))
    plain = [_run(texts, contexts, d) for d in ([], decisions)]
    for (s_fast, why_fast, _), (s_plain, why_plain, _) in zip(fast, plain):
        assert np.abs(s_fast.score.astype(np.float64) - s_plain.score).max() <= 1e-9
        assert np.array_equal(s_fast.score, s_plain.score)  # in fact identical
        assert np.array_equal(s_fast.evidence.lexical, s_plain.evidence.lexical)
        assert np.array_equal(s_fast.evidence.keyword_counts, s_plain.evidence.keyword_counts)
        assert why_fast == why_plain


def test_keyword_candidates_from_the_ngram_index_find_what_a_scan_finds():
    keywords = [["toeslag", "geld", r"\bcv\b", "gas terug"], [r"brief (\w+ ){0,4}uwv", r"lag (ik|hij) (er )?uit\b"],
                [r"(wanneer|of) (vertel|zeg) je het\b", r"bang\b.{0,20}(uitkering|inkomen)", "ad"]]
    texts = ["Mijn zorgtoeslag en GELDzorgen", "een cv  maken", "cv's", "Gas\tterug nemen", "gasterug",
             "De brief van het UWV", "brief met uitleg van uwv", "lag ik eruit", "daar lag ik er uit.",
             "vlag ik er uit", "Wanneer zeg je het?", "ofzeg je het", "bang voor mijn uitkering",
             "Ik ben bang, want mijn inkomen", "", "ad", "jaden", "niets"]
    texts += [t.upper() for t in texts]
    matcher = lexical.KeywordMatcher(["a", "b", "c"], keywords)
    counter = WordNgramCounter()
    index = lexical.NgramIndex(counter.fit_transform(texts), counter.vocabulary_)
    scanned, with_index = matcher.match(texts), matcher.match(texts, index)
    assert np.array_equal(scanned[0], with_index[0]) and scanned[1] == with_index[1]
    assert scanned[0].sum() >= 12
    # a pre-filter only: a string with an n-gram no text has rules every text out
    assert index.rows("xylofoon").size == 0 and index.rows("ad") is None
    assert set(index.rows("lag ").tolist()) == {i for i, t in enumerate(texts) if "lag " in t.lower()}
