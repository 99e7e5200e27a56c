"""SuggestEngine behaviour with a fake encoder and the fixture codebook."""

from __future__ import annotations

import math

import numpy as np
import pytest

from test_suggest_fakes import fake_encoder, fixture_codebook
from workbench.errors import InputError
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import DEFAULT_THRESHOLD, Decision, SuggestEngine
from workbench.suggest.lexical import KeywordMatcher

CODABLE = {"motivation", "financial_uncertainty", "trajectory_fit"}


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def engine(**kw) -> SuggestEngine:
    return SuggestEngine(fixture_codebook(), Embedder(encoder=fake_encoder), **kw)


def test_every_codable_code_listed_sorted_by_score():
    out = engine().suggest(["Ik wil weer werken.", "Het regent vandaag."])
    assert len(out) == 2
    for row in out:
        assert {s.code for s in row} == CODABLE  # the grouping parent is not codable
        scores = [s.score for s in row]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)
        assert all(s.suggested == (s.score >= DEFAULT_THRESHOLD) for s in row)


def test_segment_matching_an_anchor_ranks_that_code_first():
    cb = fixture_codebook()
    eng = SuggestEngine(cb, Embedder(encoder=fake_encoder))
    for code in cb.codable():
        for example in code.examples:
            top = eng.suggest([example])[0][0]
            assert top.code == code.id, (example, top)
            assert top.suggested


def test_paraphrase_with_compound_keyword_is_suggested():
    [row] = engine().suggest(["Ik ben bang dat mijn huurtoeslag omlaag gaat als ik ga werken."])
    top = row[0]
    assert top.code == "financial_uncertainty" and top.suggested
    assert "keywords: huurtoeslag" in top.rationale
    assert "nearest anchor: “" in top.rationale


def test_rejection_lowers_score_of_similar_segment_and_acceptance_raises_it():
    seg = "Ik wil weer ergens bij horen, met collega's om me heen."
    similar = "Ik wil weer ergens bij horen, met collega's om mij heen!"
    # Fixed weights that leave the score unsaturated on the fake encoder: this tests the neighbour terms.
    from workbench.suggest.calibrate import Weights

    eng = engine(weights=Weights())
    base = {s.code: s.score for s in eng.suggest([seg])[0]}

    eng.learn([Decision(similar, "motivation", accepted=False)])  # same engine: state is rebuilt
    after_reject = {s.code: s for s in eng.suggest([seg])[0]}
    assert logit(after_reject["motivation"].score) < logit(base["motivation"]) - 1.0
    assert "closer to rejected" in after_reject["motivation"].rationale

    accepted = engine(weights=Weights()).learn([Decision(similar, "trajectory_fit", accepted=True)])
    after_accept = {s.code: s.score for s in accepted.suggest([seg])[0]}
    assert after_accept["trajectory_fit"] > base["trajectory_fit"]


def test_latest_decision_wins_and_forget_clears():
    eng = engine()
    eng.learn([Decision("tekst", "motivation", True), Decision("tekst", "motivation", False)])
    assert eng.decisions == [Decision("tekst", "motivation", False)]
    assert eng.forget().decisions == []


def test_classifier_trained_after_enough_decisions():
    eng = engine(min_positive=3, min_negative=3)
    pos = [f"Ik heb zin om weer aan de slag te gaan, poging {i}." for i in range(3)]
    neg = [f"De bus kwam weer te laat bij halte {i}." for i in range(3)]
    eng.learn([Decision(t, "motivation", True) for t in pos])
    [row] = eng.suggest(["Ik heb zin om weer aan de slag te gaan."])
    assert "supervised" not in {s.code: s for s in row}["motivation"].parts  # only positives so far
    assert eng.trained_codes() == []
    eng.learn([Decision(t, "motivation", False) for t in neg])
    assert eng.trained_codes() == ["motivation"]
    rows = eng.suggest(["Ik heb zin om weer aan de slag te gaan.", "De bus kwam te laat."])
    mot = [{s.code: s for s in r}["motivation"] for r in rows]
    assert mot[0].parts["supervised"] > mot[1].parts["supervised"]
    assert "supervised" in mot[0].rationale and "(6 decisions)" in mot[0].rationale
    assert mot[0].score > mot[1].score


def test_scores_are_deterministic():
    texts = ["Ik ben bang voor terugbetalen.", "Die coach paste niet bij mij.", "Goedemorgen."]
    decisions = [Decision(f"voorbeeld {i} over geld", "financial_uncertainty", i % 2 == 0) for i in range(12)]
    a = engine(min_positive=3, min_negative=3).learn(decisions).score(texts).score
    b = engine(min_positive=3, min_negative=3).learn(decisions).score(texts).score
    assert np.array_equal(a, b)


def test_threshold_controls_suggested():
    texts = ["Ik weet niet wat er met mijn geld gebeurt."]
    low = engine(threshold=0.0).suggest(texts)[0]
    assert all(s.suggested for s in low)
    high = engine(threshold=1.0).suggest(texts)[0]
    assert not any(s.suggested for s in high)
    with pytest.raises(InputError):  # parameters are validated in fit, as in scikit-learn
        engine(threshold=1.5).fit([])


def test_empty_input_and_codebook_without_codable_codes():
    assert engine().suggest([]) == []
    cb = fixture_codebook()
    only_group = cb.model_copy(update={"codes": [cb.codes[0].model_copy(update={"children": []})]})
    with pytest.raises(InputError, match="no codable codes"):
        SuggestEngine(only_group, Embedder(encoder=fake_encoder)).fit([])


def test_estimator_contract_fit_returns_self_and_sets_fitted_attributes():
    from workbench.suggest.engine import NotFittedError

    eng = engine(min_positive=3, min_negative=3)
    assert not any(k.endswith("_") for k in vars(eng))  # the constructor only stores parameters
    with pytest.raises(NotFittedError, match="fit"):
        eng.predict_proba(["Ik wil werken."])
    pos = [Decision(f"Ik heb zin om weer aan de slag te gaan, poging {i}.", "motivation", True) for i in range(3)]
    neg = [Decision(f"De bus kwam weer te laat bij halte {i}.", "motivation", False) for i in range(3)]
    assert eng.fit(pos + neg) is eng
    assert eng.classes_ == eng.code_ids and eng.trained_codes_ == ["motivation"]
    assert eng.n_decisions_ == {"motivation": 6} and len(eng.decisions_) == 6
    texts = ["Ik heb zin om weer aan de slag te gaan.", "Het regent."]
    proba = eng.predict_proba(texts)
    assert proba.shape == (2, len(eng.classes_)) and ((proba >= 0) & (proba <= 1)).all()
    np.testing.assert_array_equal(proba, eng.score(texts).score)
    why = eng.explain(texts)
    assert len(why) == 2 and len(why[0]) == len(eng.classes_)
    assert "supervised" in why[0][eng.classes_.index("motivation")]
    assert eng.fit([]).trained_codes_ == [] and eng.decisions_ == []  # fit replaces, learn adds
    assert eng.learn(pos).learn(neg).trained_codes_ == ["motivation"]
    with pytest.raises(InputError, match="Decision"):
        eng.fit([("tekst", "motivation", True)])


def test_keyword_only_in_the_question_counts_less_than_in_the_answer():
    eng = engine().fit([])
    col = eng.classes_.index("financial_uncertainty")
    in_answer = eng.predict_proba(["Ik ben bang dat mijn huurtoeslag omlaag gaat."], ["Hoe gaat het?"])[0, col]
    in_question = eng.predict_proba(["Ik ben bang dat het omlaag gaat."], ["Hoe zit het met uw huurtoeslag?"])[0, col]
    neither = eng.predict_proba(["Ik ben bang dat het omlaag gaat."], ["Hoe gaat het?"])[0, col]
    assert in_answer > in_question
    ev = eng.score(["Ik ben bang dat het omlaag gaat."], contexts=["Hoe zit het met uw huurtoeslag?"]).evidence
    assert ev.keyword_counts[0, col] == 1 and ev.keyword_counts_own[0, col] == 0
    [row] = eng.suggest(["Ik ben bang dat het omlaag gaat."], contexts=["Hoe zit het met uw huurtoeslag?"])
    assert "huurtoeslag (in the question)" in {s.code: s for s in row}["financial_uncertainty"].rationale
    assert neither <= in_question


def test_keywords_alone_cannot_saturate_a_score():
    from dataclasses import replace

    from workbench.suggest import calibrate

    eng = engine().fit([])
    w = replace(eng.weights_, keywords=50.0, keywords_rel=50.0)
    f = {name: np.zeros((1, 3), np.float32) for name in calibrate.CODEBOOK_FEATURES}
    f["keywords"][:] = 0.99
    f["keywords_rel"][:] = 0.99
    logit = calibrate.linear(f, w, calibrate.CODEBOOK_FEATURES, True)
    assert np.allclose(logit, w.bias + w.keyword_max)
    assert calibrate.sigmoid(logit).max() < 0.9


def test_keyword_matching_compounds_inflection_and_word_starts():
    m = KeywordMatcher(["a", "b"], [["toeslag", "geld", r"uitkering\w* kwijt"], ["coach"]])
    counts, found = m.match(["Mijn ZORGTOESLAG en huurtoeslagen", "geldzorgen", "vergelding", "uitkeringen kwijt"])
    assert found[0][0] == ["zorgtoeslag"] and counts[0, 0] == 1  # the matched word, for the rationale
    assert found[1][0] == ["geldzorgen"]
    assert found[2][0] == []  # short keyword must start a word
    assert found[3][0] == ["uitkeringen kwijt"]
    assert counts[:, 1].sum() == 0
    with pytest.raises(InputError, match="not a valid regular expression"):
        KeywordMatcher(["a"], [["(kapot"]])


@pytest.mark.parametrize(
    "keyword",
    [r"\w*toeslag\w*", r"(uitkering|IVA)\w*\W+(\w+\W+){0,3}kwijt", r"\bbang\b.{0,20}\bgeld", "Re-integratie", r"\Sx\S"],
)
def test_fast_keyword_matching_agrees_with_plain_case_insensitive_regex(keyword):
    import re

    from workbench.suggest.lexical import keyword_pattern

    texts = [
        "Mijn ZORGTOESLAG is weg.",
        "Mijn IVA-uitkering ben ik kwijt.",
        "Ik ben BANG voor mijn geld.",
        "Het re-integratie traject.",
        "axb en AXB",
        "niets hier",
        "",
    ]
    counts, found = KeywordMatcher(["a"], [[keyword]]).match(texts)
    expected = [bool(re.search(keyword_pattern(keyword), t, re.IGNORECASE)) for t in texts]
    assert [bool(f[0]) for f in found] == expected
    assert any(expected)


def test_char_tfidf_reweights_counts_from_another_vocabulary_exactly():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from workbench.suggest.lexical import NGRAM_RANGE, CharTfidf

    learnt = ["Ik ben bang voor mijn toeslagen.", "Het traject paste niet.", "Ik wil ergens bij horen."]
    batch = ["Mijn huurtoeslag gaat omlaag.", "Een heel ander woord: xylofoon.", "Het traject was te algemeen."]
    plain = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAM_RANGE, lowercase=True, sublinear_tf=True,
                            dtype=np.float32)
    tfidf = CharTfidf()
    assert abs(tfidf.fit_transform(learnt) - plain.fit_transform(learnt)).max() == 0  # the same weighting
    other = CharTfidf()
    counts = other.fit_transform_counts(["iets anders"] + batch)[1][1:]  # another vocabulary, fitted on the batch
    direct = tfidf.transform(batch)
    reused = tfidf.transform_counts(counts, other.counter.vocabulary_)
    assert reused.shape == direct.shape == (3, len(tfidf.counter.vocabulary_))
    assert abs(reused - direct).max() == 0 and reused.nnz == direct.nnz > 0
    # n-grams unknown to the other vocabulary count as absent
    partial = tfidf.transform_counts(counts[:, :0], {})
    assert partial.nnz == 0 and partial.shape == direct.shape


def test_topk_mean_per_group_scores_and_best_column():
    from workbench.suggest.semantic import topk_mean

    sim = np.array([[0.1, 0.9, 0.5, 0.3], [0.7, 0.2, 0.6, 0.8]], dtype=np.float32)
    groups = [np.array([0, 1, 2]), np.array([], dtype=np.int64), np.array([3])]
    scores, best = topk_mean(sim, groups, 1, empty=-1.0)
    np.testing.assert_allclose(scores, [[0.9, -1.0, 0.3], [0.7, -1.0, 0.8]])
    assert best.tolist() == [[1, -1, 3], [0, -1, 3]]
    scores2, best2 = topk_mean(sim, groups, 2)
    np.testing.assert_allclose(scores2[:, 0], [0.7, 0.65])  # mean of the two largest of columns 0-2
    assert scores2[:, 2].tolist() == pytest.approx([0.3, 0.8])  # one member: k is capped
    assert best2.tolist() == best.tolist()


def test_code_offsets_move_one_codes_logit_and_nothing_else():
    texts = ["Ik wil weer werken.", "Ik ben bang voor mijn toeslagen.", "Het regent vandaag."]
    base = engine(code_offsets={}).fit([])
    moved = engine(code_offsets={"motivation": 1.5}).fit([])
    p0, p1 = base.predict_proba(texts), moved.predict_proba(texts)
    col = base.classes_.index("motivation")
    diff = np.array([[logit(b) - logit(a) for a, b in zip(r0, r1)] for r0, r1 in zip(p0, p1)])
    assert np.allclose(diff[:, col], 1.5, atol=1e-3)
    assert np.allclose(np.delete(diff, col, axis=1), 0.0, atol=1e-6)


def test_fitted_code_offsets_apply_to_their_own_codebook_only():
    from workbench.suggest import calibrate
    from workbench.suggest.batch import load_codebook_file
    from pathlib import Path

    shipped = load_codebook_file(Path(__file__).resolve().parents[1] / "codebooks" / "reintegratie.yaml")
    eng = SuggestEngine(shipped, Embedder(encoder=fake_encoder)).fit([])
    fitted = calibrate.CODE_OFFSETS[("reintegratie", "minilm")]
    assert eng.offsets_.tolist() == pytest.approx([fitted.get(c, 0.0) for c in eng.classes_])
    assert np.any(eng.offsets_ != 0)
    assert not np.any(engine().fit([]).offsets_)  # the fixture codebook has none


def test_suggest_lists_exactly_the_scores_parts_and_rationales_of_score():
    texts = ["Ik wil weer werken.", "Ik ben bang voor mijn toeslagen.", "Het regent vandaag.", ""]
    eng = engine(min_positive=1, min_negative=1).fit([Decision(texts[0], "motivation", True),
                                                       Decision(texts[2], "motivation", False)])
    s = eng.score(texts)
    why = eng._why(s, texts, None)
    out = eng.suggest(texts)
    for i, row in enumerate(out):
        assert [x.code for x in row] == [eng.classes_[c] for c in np.argsort(-s.score[i], kind="stable")]
        for x in row:
            c = eng.classes_.index(x.code)
            assert x.score == round(float(s.score[i, c]), 4) and x.rationale == why[i][c]
            expected = {p: float(v[i, c]) for p, v in s.parts.items() if not np.isnan(v[i, c])}
            assert x.parts == expected and list(x.parts) == list(expected)
    assert any("supervised" in x.parts for x in out[0]) and any("prior" not in x.parts for x in out[0])


def test_gc_paused_pauses_the_collector_and_restores_it_as_it_was():
    import gc

    from workbench.suggest.listing import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()
