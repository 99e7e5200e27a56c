"""The simulated review pass behind ``workbench evaluate --protocol review`` (workbench/review/simulate.py)."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from test_suggest_fakes import DATA, fake_encoder, fixture_codebook
from workbench.errors import InputError
from workbench.review.queue import QueueItem, Suggestion
from workbench.review.simulate import GoldSegment, decide, evaluate_review, reading_order, walk
from workbench.suggest import embed
from workbench.suggest.backends import CallableBackend
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import SuggestEngine
from workbench.suggest.evaluate import GoldItem

CODES = ["motivation", "financial_uncertainty", "trajectory_fit"]
TEXTS = {
    "motivation": ["Ik wil gewoon weer collega's hebben.", "Ik wil graag weer aan het werk, structuur.",
                   "Thuis zitten is niks, ik wil ergens bij horen."],
    "financial_uncertainty": ["Ik ben bang dat ik de toeslag moet terugbetalen.", "Wat doet mijn uitkering dan?",
                              "Die verrekening met de uitkering snap ik niet."],
    "trajectory_fit": ["De coach had geen idee wat ik nodig had.", "Dat traject was heel standaard.",
                       "Het traject paste niet bij mij."],
    "": ["Het regende de hele dag.", "Ja, dat klopt.", "Goedemorgen, zullen we beginnen?"],
}


def gold(n_docs: int = 6) -> list[GoldItem]:
    """``n_docs`` transcripts of 8 lines each, cycling through the texts above."""
    out = []
    keys = list(TEXTS)
    for d in range(n_docs):
        for j in range(8):
            code = keys[(d + j) % len(keys)]
            text = TEXTS[code][(d * 8 + j) % 3] + f" ({d}.{j})"
            out.append(GoldItem(f"g{d}_{j}", text, [code] if code else [], "deelnemer", "", f"doc{d}"))
    return out


def item(ranking: dict[str, float], threshold: float = 0.4) -> QueueItem:
    it = QueueItem(GoldSegment(0))
    it.set_ranking([Suggestion(c, s, None) for c, s in sorted(ranking.items(), key=lambda kv: -kv[1])], threshold)
    return it


def test_a_decision_is_what_review_stores_for_the_codes_shown_and_added():
    shown = item({"motivation": 0.8, "trajectory_fit": 0.5, "financial_uncertainty": 0.1})
    # the researcher keeps the right suggestion, rejects the wrong one and adds the missing code
    assert decide(shown, ["motivation", "financial_uncertainty"]) == (["motivation", "financial_uncertainty"],
                                                                     ["trajectory_fit"])
    # no suggestion: the closest codes are shown and, none being right, all rejected ("none of these")
    closest = item({"motivation": 0.3, "trajectory_fit": 0.2, "financial_uncertainty": 0.1, "x": 0.05})
    assert decide(closest, []) == ([], ["motivation", "trajectory_fit", "financial_uncertainty"])
    assert decide(closest, ["x"]) == (["x"], ["motivation", "trajectory_fit", "financial_uncertainty"])


def test_reading_order_keeps_transcripts_whole():
    g = gold(4)
    assert reading_order(g, 0) == list(range(len(g)))
    order = reading_order(g, 1)
    assert sorted(order) == list(range(len(g))) and order == reading_order(g, 1)
    firsts = {tuple(g[i].doc for i in reading_order(g, s)[::8]) for s in range(1, 6)}
    assert len(firsts) > 1  # the seeds take the transcripts in different orders
    for start in range(0, len(g), 8):  # each transcript read whole and in its own order
        block = order[start:start + 8]
        assert len({g[i].doc for i in block}) == 1 and block == sorted(block)
    flat = [GoldItem(x.id, x.text, x.codes) for x in g]  # no transcripts: the file from a random start
    rolled = reading_order(flat, 1)
    assert rolled == list(np.roll(np.arange(len(g)), -rolled[0]))


def engine_factory():
    cb = fixture_codebook()
    embedder = Embedder(encoder=fake_encoder)
    return lambda: SuggestEngine(cb, embedder)


def test_walk_stops_once_every_target_code_has_its_decisions_and_counts_them_as_stored():
    g, make = gold(), engine_factory()
    zero = make().fit([]).predict_proba([x.text for x in g])
    w = walk(g, make, zero, order="document", per_code=4, targets=["motivation", "trajectory_fit"],
             relearn_every=5, max_fraction=0.9)
    targets = ["motivation", "trajectory_fit"]
    assert all(w.per_code[c] >= 4 for c in targets)
    counted = {c: sum(d.code == c for d in w.decisions) for c in w.per_code}
    assert counted == w.per_code  # a decision on a code = one accepted or rejected coding of it
    last = g[w.reviewed[-1]].text  # one segment less would not have been enough
    assert any(w.per_code[c] - sum(d.code == c and d.text == last for d in w.decisions) < 4 for c in targets)
    assert sum(d.accepted for d in w.decisions) == sum(len(g[i].codes) for i in w.reviewed)  # every gold code
    assert w.relearns == (len(w.reviewed) - 1) // 5 and len(set(w.reviewed)) == len(w.reviewed)


def test_walk_follows_the_queue_order_and_its_cap():
    g, make = gold(), engine_factory()
    zero = np.zeros((len(g), 3), np.float32)
    zero[:, 0] = np.linspace(0.0, 0.95, len(g))  # segment 16 has the best score nearest the threshold
    nearest = int(np.argmin(np.abs(zero[:, 0] - 0.4)))
    w = walk(g, make, zero, order="uncertain", per_code=1000, targets=CODES, relearn_every=0, max_fraction=0.25)
    assert w.reviewed[0] == nearest and len(w.reviewed) == int(0.25 * len(g))
    w = walk(g, make, zero, order="document", per_code=1000, targets=CODES, relearn_every=0, max_fraction=0.25)
    assert w.reviewed == list(range(int(0.25 * len(g))))


def test_evaluate_review_scores_the_segments_not_reviewed_and_is_deterministic():
    cb, g = fixture_codebook(), gold()
    kw = dict(embedder=Embedder(encoder=fake_encoder), per_code=3, seeds=2, focus=["motivation"], relearn_every=4)
    a, b = evaluate_review(cb, g, **kw), evaluate_review(cb, g, **kw)
    assert a.to_json() == b.to_json()
    assert a.mode == "review, document order, 3 decisions per code"
    assert a.n_train + a.n_test == len(g) and a.n_train <= len(g) // 2
    by = {m.code: m for m in a.codes}
    assert by["motivation"].train_decisions >= 3 and by["motivation"].train_positive >= 1
    assert {"macro", "focus", "motivation"} <= set(a.gain)
    with pytest.raises(InputError, match="--order"):
        evaluate_review(cb, g, embedder=Embedder(encoder=fake_encoder), order="random")


def test_cli_evaluate_review_protocol(monkeypatch):
    from workbench.cli.main import app

    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(fake_encoder))
    base = ["evaluate", "--codebook", str(DATA / "codebook.yaml"), "--gold", str(DATA / "gold_tiny.jsonl")]
    result = CliRunner().invoke(app, base + ["--protocol", "review", "--order", "uncertain", "--per-train-count", "1",
                                             "--seeds", "1", "--focus", "motivation"])
    assert result.exit_code == 0, result.output
    assert "review, uncertain order" in result.stdout and "decisions per code in the review pass" in result.stdout
    refused = CliRunner().invoke(app, base + ["--order", "document"])
    assert refused.exit_code != 0 and "--protocol review" in refused.output
