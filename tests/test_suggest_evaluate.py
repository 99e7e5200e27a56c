"""Evaluation metrics (checked by hand) and the evaluate workflow on a tiny gold file."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from test_suggest_fakes import DATA, fake_encoder, fixture_codebook
from workbench.suggest.backends import CallableBackend
from workbench.errors import InputError
from workbench.suggest import embed
from workbench.suggest.embed import Embedder
from workbench.suggest.evaluate import _split_count, _split_fraction, evaluate, load_gold, metrics


def test_metrics_match_hand_computation():
    y_true = np.array([[1, 1], [1, 0], [0, 0], [0, 1], [1, 0], [0, 0]], dtype=bool)
    y_pred = np.array([[1, 1], [0, 0], [0, 0], [1, 0], [1, 1], [0, 0]], dtype=bool)
    a, b = metrics(["a", "b"], y_true, y_pred)
    # a: TP=2 FP=1 FN=1 TN=2 -> P=R=F1=2/3; po=4/6, pe=.5*.5+.5*.5=.5 -> kappa=(2/3-.5)/.5=1/3
    assert a.support == 3
    assert a.precision == pytest.approx(2 / 3) and a.recall == pytest.approx(2 / 3) and a.f1 == pytest.approx(2 / 3)
    assert a.kappa == pytest.approx(1 / 3)
    # b: TP=1 FP=1 FN=1 TN=3 -> P=R=F1=.5; po=4/6, pe=(2/6)^2+(4/6)^2=20/36 -> kappa=(24/36-20/36)/(16/36)=.25
    assert (b.precision, b.recall, b.f1) == pytest.approx((0.5, 0.5, 0.5))
    assert b.kappa == pytest.approx(0.25)


def test_average_precision_matches_hand_computation():
    y_true = np.array([[1], [0], [1], [0]], dtype=bool)
    scores = np.array([[0.9], [0.8], [0.7], [0.1]])
    [m] = metrics(["a"], y_true, scores >= 0.5, scores)
    # ranked 1,0,1,0: precision at the two positives is 1/1 and 2/3 -> AP = (1 + 2/3) / 2 = 5/6
    assert m.average_precision == pytest.approx(5 / 6)
    [m] = metrics(["a"], np.zeros((3, 1), bool), np.zeros((3, 1), bool), np.array([[0.2], [0.5], [0.9]]))
    assert math.isnan(m.average_precision)  # no positives: undefined
    [m] = metrics(["a"], y_true, scores >= 0.5)
    assert m.average_precision is None  # no scores given


def test_kappa_undefined_when_both_constant_and_zero_when_predicting_nothing():
    [m] = metrics(["a"], np.zeros((4, 1), bool), np.zeros((4, 1), bool))
    assert math.isnan(m.kappa) and m.support == 0
    [m] = metrics(["a"], np.array([[1], [0], [0], [0]], bool), np.zeros((4, 1), bool))
    assert m.kappa == 0.0 and m.recall == 0.0 and m.precision == 0.0


def test_load_gold_checks_lines(tmp_path):
    cb = fixture_codebook()
    items = load_gold(DATA / "gold_tiny.jsonl", cb)
    assert [i.id for i in items] == ["t1", "t2", "t3", "t4", "t5", "t6"]
    assert items[4].codes == ["financial_uncertainty", "motivation"]
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "1", "text": "x", "codes": []}\n{"id": "2", "text": "y", "codes": ["drijfveren"]}\n')
    with pytest.raises(InputError, match="line 2: code 'drijfveren' is not a codable code"):
        load_gold(bad, cb)
    bad.write_text('{"id": "1", "text": "x", "codes": "motivation"}\n')
    with pytest.raises(InputError, match="line 1: \"codes\" must be a list"):
        load_gold(bad, cb)


def test_zero_shot_evaluation_leaves_out_anchor_copies():
    cb = fixture_codebook()
    items = load_gold(DATA / "gold_tiny.jsonl", cb)
    res = evaluate(cb, items, embedder=Embedder(encoder=fake_encoder))
    assert res.mode == "zero-shot" and res.n_test == 5 and res.dropped_anchor_duplicates == 1  # t6 = anchor
    by = {m.code: m for m in res.codes}
    assert by["financial_uncertainty"].support == 2 and by["motivation"].support == 2
    assert res.macro["f1"] == pytest.approx(np.mean([m.f1 for m in res.codes]))
    assert json.loads(json.dumps(res.to_json()))["mode"] == "zero-shot"


def test_learning_evaluation_averages_over_seeds():
    cb = fixture_codebook()
    items = load_gold(DATA / "gold_tiny.jsonl", cb) * 3  # enough rows to split
    res = evaluate(cb, items, embedder=Embedder(encoder=fake_encoder), train_fraction=0.5, seeds=2)
    assert res.seeds == 2 and res.n_train + res.n_test == 15
    assert all(m.train_positive > 0 for m in res.codes)


def test_splits_are_stratified_and_reproducible():
    y = np.zeros((40, 2), bool)
    y[:10, 0] = True
    y[10:30, 1] = True
    train, test = _split_fraction(y, 0.5, seed=1)
    assert len(train) == 20 and set(train).isdisjoint(test)
    assert y[train, 0].sum() == 5 and y[train, 1].sum() == 10
    assert np.array_equal(train, _split_fraction(y, 0.5, seed=1)[0])
    train, test = _split_count(y, 4, seed=0)
    assert y[train, 0].sum() == 4 and y[train, 1].sum() == 4 and len(train) + len(test) == 40
    train, _ = _split_count(y, 8, seed=0)
    assert y[train, 0].sum() == 5  # keeps at least 5 positives for testing


def test_cli_evaluate_json(monkeypatch):
    from workbench.cli.main import app

    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(fake_encoder))
    args = ["evaluate", "--codebook", str(DATA / "codebook.yaml"), "--gold", str(DATA / "gold_tiny.jsonl"), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {c["code"] for c in data["codes"]} == {"motivation", "financial_uncertainty", "trajectory_fit"}
    assert set(data["macro"]) == {"precision", "recall", "f1", "kappa", "average_precision"}
    assert all(0.0 <= c["average_precision"] <= 1.0 for c in data["codes"] if c["support"])
    bins = data["reliability"]
    assert len(bins) == 10 and sum(b["n"] for b in bins) == data["n_test"] * 3  # every (segment, code) pair once
    assert sum(b["positives"] for b in bins) == sum(c["support"] for c in data["codes"])
    table = CliRunner().invoke(app, args[:-1])
    assert table.exit_code == 0 and "macro" in table.stdout and "kappa" in table.stdout
    assert "ranking, macro average precision:" in table.stdout and "calibration" in table.stdout


def test_reliability_table_bins_scores_and_counts_observed_shares():
    from workbench.suggest.evaluate import reliability

    y = np.array([[1, 0], [0, 0], [1, 1]])
    s = np.array([[0.95, 0.05], [0.92, 0.12], [1.0, 0.15]])
    bins = reliability(y, s)
    top, low1 = bins[9], bins[1]
    assert (top["n"], top["positives"]) == (3, 2) and top["observed"] == pytest.approx(2 / 3)
    assert top["mean_score"] == pytest.approx((0.95 + 0.92 + 1.0) / 3)  # 1.0 falls in the last bin
    assert (low1["n"], low1["positives"], low1["observed"]) == (2, 1, 0.5)
    assert bins[5]["n"] == 0 and bins[5]["observed"] is None


def test_learning_evaluation_reports_zero_shot_kappa_on_the_same_segments(monkeypatch):
    cb = fixture_codebook()
    items = load_gold(DATA / "gold_tiny.jsonl", cb) * 3
    res = evaluate(cb, items, embedder=Embedder(encoder=fake_encoder), train_fraction=0.5, seeds=2)
    # Recompute the paired baseline by hand: zero-shot scores of exactly the scored segments.
    from workbench.suggest.engine import SuggestEngine
    from workbench.suggest.evaluate import _labels

    kept = [g for g in items if g.text.strip() not in {e.strip() for c in cb.flat() for e in c.examples}]
    engine = SuggestEngine(cb, Embedder(encoder=fake_encoder))
    y = _labels(kept, engine.code_ids)
    scores = engine.score([g.text for g in kept]).score
    predicted = scores >= engine.threshold
    expected, expected_ap = [], []
    for seed in range(2):
        _, test = _split_fraction(y, 0.5, seed)
        run = metrics(engine.code_ids, y[test], predicted[test], scores[test])
        expected.append([m.kappa for m in run])
        expected_ap.append([m.average_precision for m in run])
    for c, m in enumerate(res.codes):
        want = np.nanmean([run[c] for run in expected])
        assert m.kappa_zero_shot == pytest.approx(want, nan_ok=True)
        want_ap = np.nanmean([run[c] for run in expected_ap])
        assert m.average_precision_zero_shot == pytest.approx(want_ap, nan_ok=True)
        assert m.average_precision is not None
    assert "kappa_zero_shot" in res.macro and "average_precision_zero_shot" in res.macro
    zero = evaluate(cb, items, embedder=Embedder(encoder=fake_encoder))
    assert "kappa_zero_shot" not in zero.macro and all(m.kappa_zero_shot is None for m in zero.codes)

    from workbench.cli.main import app

    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(fake_encoder))
    gold = DATA / "gold_tiny.jsonl"
    args = ["evaluate", "--codebook", str(DATA / "codebook.yaml"), "--gold", str(gold), "--train-fraction", "0.5"]
    table = CliRunner().invoke(app, args + ["--seeds", "2"])
    assert table.exit_code == 0, table.output
    assert "before" in table.stdout and "gain" in table.stdout


def test_gold_context_is_read_before_the_text(tmp_path):
    from test_suggest_fakes import CountingEncoder

    cb = fixture_codebook()
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "1", "text": "Ja, heel erg.", "codes": ["financial_uncertainty"],
                    "context": "Bent u bang voor terugbetalen?"}) + "\n"
        + json.dumps({"id": "2", "text": "Nee.", "codes": []}) + "\n",
        encoding="utf-8",
    )
    items = load_gold(gold, cb)
    assert items[0].scored == "Bent u bang voor terugbetalen? Ja, heel erg." and items[1].scored == "Nee."
    enc = CountingEncoder()
    evaluate(cb, items, embedder=Embedder(encoder=enc))
    encoded = {t for b in enc.batches for t in b}
    assert "Bent u bang voor terugbetalen? Ja, heel erg." in encoded and "Ja, heel erg." not in encoded
    gold.write_text(json.dumps({"id": "1", "text": "x", "codes": [], "context": ["?"]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: \"context\" must be a string"):
        load_gold(gold, cb)


def test_fast_kappa_matches_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    from workbench.suggest.evaluate import fast_kappa

    rng = np.random.default_rng(0)
    y, p = rng.random((50, 3)) < 0.3, rng.random((50, 3)) < 0.4
    assert np.allclose(fast_kappa(y, p), [cohen_kappa_score(y[:, c], p[:, c]) for c in range(3)])
    assert math.isnan(fast_kappa(np.zeros((4, 1), bool), np.zeros((4, 1), bool))[0])


def test_paired_gain_interval_brackets_the_gain_and_sees_a_real_one():
    from workbench.suggest.evaluate import paired_gain

    rng = np.random.default_rng(1)
    runs = []
    for _ in range(3):
        y = rng.random((200, 2)) < 0.3
        zero = np.where(rng.random((200, 2)) < 0.7, y, ~y).astype(float)  # right 70% of the time
        learnt = zero.copy()
        learnt[:, 0] = np.where(rng.random(200) < 0.9, y[:, 0], ~y[:, 0])  # code a: right 90%
        runs.append((y, learnt, zero))
    g = paired_gain(runs, ["a", "b"], 0.5, focus=["a"], boot=300)
    assert g["a"][1] > 0.1 and g["a"][1] <= g["a"][0] <= g["a"][2]  # a clear gain
    assert g["b"] == [0.0, 0.0, 0.0]  # learnt = zero-shot: no gain, no spread
    assert g["focus"] == pytest.approx(g["a"]) and g["macro"][0] == pytest.approx(g["a"][0] / 2)
    assert paired_gain(runs, ["a", "b"], 0.5, boot=50) == paired_gain(runs, ["a", "b"], 0.5, boot=50)


def test_learning_evaluation_reports_the_paired_gain_and_checks_focus():
    cb = fixture_codebook()
    items = load_gold(DATA / "gold_tiny.jsonl", cb) * 3
    res = evaluate(cb, items, embedder=Embedder(encoder=fake_encoder), train_fraction=0.5, seeds=2,
                   focus=["motivation"])
    assert set(res.gain) == {"motivation", "financial_uncertainty", "trajectory_fit", "macro", "focus"}
    assert res.gain["focus"] == res.gain["motivation"]
    with pytest.raises(InputError, match="--focus"):
        evaluate(cb, items, embedder=Embedder(encoder=fake_encoder), train_fraction=0.5, seeds=1, focus=["nope"])


def test_cli_evaluate_prints_the_gain_interval(monkeypatch):
    from workbench.cli.main import app

    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(fake_encoder))
    args = ["evaluate", "--codebook", str(DATA / "codebook.yaml"), "--gold", str(DATA / "gold_tiny.jsonl"),
            "--per-train-count", "1", "--seeds", "2", "--focus", "motivation,trajectory_fit"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "gain 95% CI" in result.stdout and "mean kappa gain of motivation, trajectory_fit:" in result.stdout
