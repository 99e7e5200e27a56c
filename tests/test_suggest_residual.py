"""Learning on top of the shipped prior: the residual model (workbench/suggest/supervised.py)."""

from __future__ import annotations

import numpy as np
import pytest

from test_suggest_prior import engine, logit, make_prior, shipped  # noqa: F401  (fixture)
from workbench.suggest.engine import Decision
from workbench.suggest.supervised import fit_residual

DIM = 20


def style_data(rng, n_pos=20, n_neg=80, along=0):
    """Standardised 'embeddings': a writer's positives lean along axis ``along``; the prior knows nothing."""
    Z = rng.normal(size=(n_pos + n_neg, DIM))
    y = np.r_[np.ones(n_pos), np.zeros(n_neg)].astype(int)
    Z[:n_pos, along] += 2.5
    return Z, np.zeros(len(y)), y


def score(model, Z, offset):
    slope, w, *b = model
    return (b[0] if b else 0.0) + offset * (1.0 + slope) + Z @ w


def test_decisions_raise_segments_of_their_style_and_not_others():
    rng = np.random.default_rng(0)
    Z, off, y = style_data(rng)
    model = fit_residual(Z, off, y, penalty=10.0)
    probe = np.zeros((3, DIM))
    probe[0, 0] = 2.5   # the learnt style
    probe[1, 1] = 2.5   # another direction entirely
    probe[2, 0] = -2.5  # the opposite of the style
    z = score(model, probe, np.zeros(3))
    assert z[0] > 1.0 and abs(z[1]) < 0.5 * z[0] and z[2] < -1.0


def test_the_share_of_positives_among_decisions_is_not_learnt():
    """Decisions drawn to hold many positives (as "K accepted per code" does) must not lift every
    segment's score: the fit's intercept absorbs the share and is dropped."""
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(100, DIM))
    y = (rng.random(100) < 0.8).astype(int)  # 80% accepted, unrelated to the text
    off = np.zeros(100)
    slope, w, _ = fit_residual(Z, off, y, penalty=10.0)
    fresh = rng.normal(size=(200, DIM))
    assert abs(np.mean(score((slope, w), fresh, np.zeros(200)))) < 0.3


def test_the_slope_follows_the_writer_scale_of_the_prior():
    rng = np.random.default_rng(2)
    off = rng.normal(scale=1.0, size=300)
    y = (rng.random(300) < 1 / (1 + np.exp(-3.0 * off))).astype(int)  # this writer: three times as sharp
    slope, _, _ = fit_residual(np.zeros((300, DIM)), off, y)
    assert slope > 0.5
    y = (rng.random(300) < 0.5).astype(int)  # the prior says nothing about this writer
    slope, _, _ = fit_residual(np.zeros((300, DIM)), off, y)
    assert slope < 0.0


def test_fit_is_deterministic():
    rng = np.random.default_rng(3)
    Z, off, y = style_data(rng)
    a, b = fit_residual(Z, off + 0.1, y), fit_residual(Z.copy(), off + 0.1, y.copy())
    assert a[0] == b[0] and np.array_equal(a[1], b[1])


def test_engine_learns_a_distinct_style_on_top_of_the_prior(shipped):  # noqa: F811
    codes = engine(prior=None).fit([]).classes_
    shipped(make_prior(codes))
    col = codes.index("motivation")
    style = [f"Joh, ik wil gewoon weer lekker aan de bak, echt waar, dag {i}." for i in range(8)]
    other = [f"De trein naar {w} had vandaag weer vertraging." for w in ("Zwolle", "Ede", "Gouda", "Assen",
                                                                          "Breda", "Venlo", "Hoorn", "Delft")]
    decisions = [Decision(t, "motivation", True) for t in style] + [Decision(t, "motivation", False) for t in other]
    probe = ["Joh, ik wil gewoon weer lekker aan de bak, echt.", "De bus naar Zwolle had vertraging.",
             "Mijn kat slaapt de hele middag op de bank."]
    before = engine().fit([]).predict_proba(probe)[:, col]
    first = engine().fit(decisions)
    after = first.predict_proba(probe)[:, col]
    assert first.trained_codes_ == ["motivation"]
    gain = logit(after) - logit(before)
    assert gain[0] > 0.0 and gain[1] <= 0.0 and gain[2] <= 0.0  # its style rises, the others do not
    assert gain[0] > gain[1] + 1.0 and gain[0] > gain[2] + 1.0
    again = engine().fit(list(reversed(decisions))).predict_proba(probe)[:, col]
    assert np.allclose(after, again, atol=1e-6)


@pytest.mark.parametrize("bad", [0, 1])
def test_fit_residual_needs_both_labels_in_the_engine_not_here(bad):
    """One class only is still a valid fit (the engine never asks for it): scores stay finite."""
    rng = np.random.default_rng(4)
    slope, w, _ = fit_residual(rng.normal(size=(10, DIM)), np.zeros(10), np.full(10, bad))
    assert np.isfinite(slope) and np.all(np.isfinite(w))


def test_a_kept_intercept_moves_the_threshold_and_shrinks_towards_zero():
    """``intercept_penalty`` keeps what the dropped intercept absorbs: decisions where the writer says
    yes more often than the prior thinks lift every score, the less the stronger the penalty."""
    rng = np.random.default_rng(4)
    Z, off = rng.normal(size=(200, DIM)), np.zeros(200)
    y = (rng.random(200) < 0.8).astype(int)
    assert fit_residual(Z, off, y)[2] == 0.0  # default: dropped
    weak, strong = fit_residual(Z, off, y, intercept_penalty=1.0)[2], fit_residual(Z, off, y, intercept_penalty=100.0)[2]
    assert weak > 1.0 and 0.0 < strong < weak


def test_a_slope_pivoted_at_the_threshold_leaves_the_threshold_where_it_is():
    """With a pivot the slope turns the prior's logit about that point: a segment the prior puts exactly
    there keeps its score whatever the slope; others move away from it."""
    from workbench.suggest.supervised import CodeClassifiers

    cl = CodeClassifiers(1)
    cl.standardise = (np.zeros(DIM), np.ones(DIM))
    cl.residuals, cl.pivot = {0: (0.5, np.zeros(DIM), 0.0)}, -0.4
    p = cl.predict(np.zeros((2, DIM), np.float32), ["", ""], np.array([[-0.4], [1.0]]))[:, 0]
    logit = np.log(p) - np.log1p(-p)
    assert logit == pytest.approx([-0.4, 1.0 + 0.5 * (1.0 + 0.4)], abs=1e-5)
    rng = np.random.default_rng(5)
    off = rng.normal(size=300)
    y = (rng.random(300) < 1 / (1 + np.exp(-3.0 * off))).astype(int)
    assert fit_residual(np.zeros((300, DIM)), off, y, pivot=-0.4)[0] > 0.5  # the writer's sharper scale
