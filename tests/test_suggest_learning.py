"""The learning loop: decisions must move scores in the right direction, deterministically,
and leave zero-shot scores untouched when there are none (fake encoder, fixture codebook)."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import cohen_kappa_score

from test_suggest_fakes import fake_encoder, fixture_codebook
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import Decision, SuggestEngine

# Spoken paraphrases of "motivation" that share no keyword with the codebook ("onder de mensen",
# "eruit zijn"), and small talk / other-code segments that are not motivation.
POSITIVE = [
    "Ik wil gewoon weer onder de mensen zijn, eruit zijn, {}.",
    "Lekker de deur uit en onder de mensen, eruit zijn, {}.",
    "Weer eruit zijn en onder de mensen komen, {}.",
]
NEGATIVE = [
    "Het weer was slecht en de trein had vertraging, {}.",
    "Ik heb vandaag boodschappen gedaan bij de markt, {}.",
    "De koffie bij het kantoor was koud, {}.",
]
PLACES = ["in Utrecht", "in Zwolle", "in Gouda", "in Delft", "in Assen", "in Breda", "in Venlo", "in Emmen"]


def items(templates: list[str], places: list[str]) -> list[str]:
    return [t.format(p) for p in places for t in templates]


def engine() -> SuggestEngine:
    return SuggestEngine(fixture_codebook(), Embedder(encoder=fake_encoder))


def decisions() -> list[Decision]:
    train = PLACES[:5]
    pos = [Decision(t, "motivation", True) for t in items(POSITIVE, train)]
    neg = [Decision(t, "motivation", False) for t in items(NEGATIVE, train)]
    return pos + neg


def test_learning_raises_similar_positives_lowers_similar_negatives_and_kappa():
    test_pos, test_neg = items(POSITIVE, PLACES[5:]), items(NEGATIVE, PLACES[5:])
    texts = test_pos + test_neg
    truth = np.array([1] * len(test_pos) + [0] * len(test_neg))
    zero = engine()
    col = zero.code_ids.index("motivation")
    before = zero.score(texts).score[:, col]
    learned = engine().learn(decisions())
    assert learned.trained_codes() == ["motivation"]
    after = learned.score(texts).score[:, col]

    n = len(test_pos)
    assert after[:n].mean() > before[:n].mean() + 0.1  # unseen paraphrases of accepted segments
    assert after[n:].mean() <= before[n:].mean()  # unseen look-alikes of rejected segments
    assert after[:n].min() > after[n:].max()  # learned scores separate the two groups
    kappa_before = cohen_kappa_score(truth, before >= zero.threshold)
    kappa_after = cohen_kappa_score(truth, after >= learned.threshold)
    assert kappa_after > kappa_before
    assert kappa_after == 1.0


def test_no_decisions_gives_exactly_the_zero_shot_scores():
    texts = ["Ik wil weer onder de mensen zijn.", "Ik ben bang voor terugbetalen.", "Goedemorgen."]
    reference = engine().score(texts).score
    eng = engine().learn(decisions())
    assert not np.array_equal(eng.score(texts).score, reference)
    assert np.array_equal(eng.forget().score(texts).score, reference)
    assert eng.trained_codes() == []


def test_learning_is_deterministic_and_order_independent():
    texts = ["Ik wil weer onder de mensen zijn, in Venlo.", "De trein had vertraging, in Emmen."]
    a = engine().learn(decisions()).score(texts).score
    b = engine().learn(list(reversed(decisions()))).score(texts).score
    c = engine().learn(decisions()).score(texts).score
    assert np.array_equal(a, c)
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_rationale_names_the_classifier_and_nearest_accepted_segment():
    [row] = engine().learn(decisions()).suggest(["Ik wil weer onder de mensen zijn, eruit zijn, in Venlo."])
    mot = {s.code: s for s in row}["motivation"]
    assert mot.suggested
    assert "supervised" in mot.rationale and "(30 decisions)" in mot.rationale
    assert "nearest accepted: “" in mot.rationale


def test_classifier_probabilities_equal_sklearn_predict_proba():
    """``CodeClassifiers.predict`` works block by block on the coefficients; it must give what
    scikit-learn gives on the stacked feature matrix the classifiers were trained on."""
    from workbench.suggest import calibrate

    eng = engine().learn(decisions())
    assert eng.trained_codes() == ["motivation"]
    texts = items(POSITIVE, PLACES[5:]) + items(NEGATIVE, PLACES[5:])
    vectors = eng.embedder.encode(texts)
    m = eng.evidence_model_
    features = eng.score(texts).features  # the codebook features are the same with or without decisions
    assert m.vectorizer is not None
    logit = calibrate.linear(features, eng.weights_, calibrate.CODEBOOK_FEATURES, True)
    clf = eng.classifiers_
    ours = clf.predict(vectors, texts, logit)
    col = eng.code_ids.index("motivation")
    [(c, model)] = clf.models.items()
    stacked = clf._with_zero_shot(clf._base(vectors, clf.vectorizer.transform(texts)), logit[:, c])
    theirs = model.predict_proba(stacked)[:, 1]
    np.testing.assert_allclose(ours[:, col], theirs, rtol=1e-5, atol=1e-6)
    assert np.isnan(np.delete(ours, col, axis=1)).all()  # codes without a classifier
