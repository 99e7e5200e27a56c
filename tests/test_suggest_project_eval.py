"""`workbench evaluate --coder`: learning checked on a project's own codings, by transcript."""

import json

import pytest
from typer.testing import CliRunner

from tests.helpers import TEXT, make_project
from tests.test_suggest_fakes import CountingEncoder
from workbench.suggest.backends import CallableBackend
from workbench.errors import WorkbenchError
from workbench.store.codings import mark_seen, set_decision
from workbench.suggest.engine import SuggestEngine
from workbench.suggest.project import scored_texts
from workbench.suggest.project_eval import default_sizes, evaluate_project, learning_curve

GOLD = {"structuur": "motivation", "toeslagen": "financial_uncertainty", "traject": "trajectory_fit",
        "32 uur": "zelfoverschatting"}


def _three_transcripts(project, tmp_path):
    """Three interviews, worded apart; anna codes every respondent segment, ben rejects every code."""
    for i in range(3):
        text = TEXT.replace("Respondent: ", f"Respondent: ({i}) ")
        text += f"\nInterviewer: Nog iets?\n\nRespondent: Nee, dat was het ({i}).\n"
        segs = make_project(project, tmp_path, f"int{i}.txt", text)
    with project.session() as s:
        for seg in segs:
            mark_seen(s, seg.id, "anna")
            for word, code in GOLD.items():
                if word in seg.text:
                    set_decision(s, seg.id, code, "anna", "accepted")
            if "dat was het" in seg.text:
                set_decision(s, seg.id, "motivation", "anna", "rejected")
            for code in GOLD.values():
                set_decision(s, seg.id, code, "ben", "rejected")
    return segs


def test_each_fold_learns_only_the_coders_decisions_on_the_other_transcripts(project, tmp_path, monkeypatch):
    segs = _three_transcripts(project, tmp_path)
    texts = dict(zip((s.id for s in segs), scored_texts(project, [(s.id, s.text) for s in segs], "question")))
    by_transcript = {}
    for s in segs:
        by_transcript.setdefault(s.transcript_id, set()).add(texts[s.id])
    learnt, scored = [], []
    real_fit, real_predict = SuggestEngine.fit, SuggestEngine.predict_proba

    def spy_fit(self, decisions=()):
        decisions = list(decisions)
        if decisions:
            learnt.append(decisions)
        return real_fit(self, decisions)

    def spy_predict(self, batch, contexts=None, progress=None):
        scored.append([f"{c} {t}" if c else t for t, c in zip(batch, contexts)])  # as read
        return real_predict(self, batch, contexts, progress)

    monkeypatch.setattr(SuggestEngine, "fit", spy_fit)
    monkeypatch.setattr(SuggestEngine, "predict_proba", spy_predict)
    result = evaluate_project(project, "anna", folds=5, encoder=CountingEncoder())

    assert result.seeds == 3 and result.split == "fold"  # at most one fold per transcript
    assert result.mode == "anna's codings, 3 folds by transcript"
    assert result.n_test == len(segs) / 3 and result.n_train == 2 * len(segs) / 3
    assert len(learnt) == 3 and len(scored) == 4  # one zero-shot pass, then one per fold
    for decisions, batch in zip(learnt, scored[1:]):
        [held_out] = [t for t in by_transcript.values() if set(batch) == t]
        assert decisions and not any(d.read in held_out for d in decisions)
        # anna's verdicts only: 4 accepted and 1 rejected per transcript learnt; none of ben's rejections
        assert sorted(d.accepted for d in decisions) == [False] * 2 + [True] * 8
    by_code = {m.code: m for m in result.codes}
    assert by_code["motivation"].support == 1 and by_code["motivation"].train_positive == 2
    assert all(m.kappa_zero_shot is not None for m in result.codes)
    assert "kappa_zero_shot" in result.macro


def test_project_evaluation_errors_are_clear(project, tmp_path):
    segs = make_project(project, tmp_path)
    with pytest.raises(WorkbenchError, match="cannot be its own gold standard"):
        evaluate_project(project, "model", encoder=CountingEncoder())
    with pytest.raises(WorkbenchError, match="coder 'anna' has not coded any segment"):
        evaluate_project(project, "anna", encoder=CountingEncoder())
    with project.session() as s:
        set_decision(s, segs[0].id, "motivation", "anna", "accepted")
    with pytest.raises(WorkbenchError, match="only one transcript"):
        evaluate_project(project, "anna", encoder=CountingEncoder())
    with pytest.raises(WorkbenchError, match="--folds must be at least 2"):
        evaluate_project(project, "anna", folds=1, encoder=CountingEncoder())


def test_cli_project_mode_json_and_mode_conflicts(project, tmp_path, monkeypatch):
    from workbench.cli.main import app
    from workbench.suggest import embed

    _three_transcripts(project, tmp_path)
    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(CountingEncoder()))
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", "--coder", "anna", "--folds", "2", "-p", str(project.root), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["split"] == "fold" and out["seeds"] == 2 and len(out["codes"]) == 4
    res = runner.invoke(app, ["evaluate", "--coder", "anna", "--folds", "2", "-p", str(project.root)])
    assert res.exit_code == 0 and "2 folds by transcript" in res.stdout and "gain" in res.stdout
    for args, message in [
        (["--coder", "anna", "--gold", "g.jsonl"], "are for gold mode; drop --coder"),
        (["--coder", "anna", "--seeds", "5"], "are for gold mode; drop --coder"),
        (["--codebook", "c.yaml", "--gold", "g.jsonl", "--folds", "3"], "are for project mode; add --coder"),
        ([], "needs --codebook FILE and --gold FILE, or --coder NAME"),
    ]:
        res = runner.invoke(app, ["evaluate", *args])
        assert res.exit_code == 1 and message in res.output and "Traceback" not in res.output


def test_default_curve_sizes_double_below_the_training_side():
    assert default_sizes(1) == [] and default_sizes(2) == [1]
    assert default_sizes(8) == [1, 2, 4] and default_sizes(11) == [1, 2, 4, 8]


def test_learning_curve_learns_nested_prefixes_of_the_training_transcripts(project, tmp_path, monkeypatch):
    segs = _three_transcripts(project, tmp_path)
    texts = dict(zip((s.id for s in segs), scored_texts(project, [(s.id, s.text) for s in segs], "question")))
    transcript_of = {texts[s.id]: s.transcript_id for s in segs}
    learnt = []
    real_fit = SuggestEngine.fit

    def spy_fit(self, decisions=()):
        decisions = list(decisions)
        if decisions:
            learnt.append({transcript_of[d.read] for d in decisions})
        return real_fit(self, decisions)

    monkeypatch.setattr(SuggestEngine, "fit", spy_fit)
    calls = []
    points = learning_curve(project, "anna", folds=3, encoder=CountingEncoder(),
                            progress=lambda done, total: calls.append((done, total)))
    assert [n for n, _ in points] == [1, None]  # each fold trains on 2 transcripts: 1, then all
    assert calls[-1] == (7, 7) and len(calls) == 7  # zero-shot + 3 folds x 2 sizes
    # per fold: first one transcript, then that one plus the other
    assert [len(t) for t in learnt] == [1, 2] * 3
    assert all(small < full for small, full in zip(learnt[::2], learnt[1::2]))
    one, full = points[0][1], points[1][1]
    assert one.n_train == len(segs) / 3 and full.n_train == 2 * len(segs) / 3
    assert "1 transcript learnt per fold" in one.mode and "learnt per fold" not in full.mode
    by_code = [(a.code, a.kappa_zero_shot, a.train_positive, b.train_positive) for a, b in zip(one.codes, full.codes)]
    for code, before, small, big in by_code:
        assert before == full.codes[[m.code for m in full.codes].index(code)].kappa_zero_shot  # same scored rows
        assert small * 2 == big  # every transcript has the same codings
    whole = evaluate_project(project, "anna", folds=3, encoder=CountingEncoder())
    assert [m.kappa for m in whole.codes] == [m.kappa for m in full.codes]
    assert learning_curve(project, "anna", folds=3, sizes=[0, 1, 2, 5], encoder=CountingEncoder())[0][0] == 1


def test_cli_learning_curve_table_and_json(project, tmp_path, monkeypatch):
    from workbench.cli.main import app
    from workbench.suggest import embed

    _three_transcripts(project, tmp_path)
    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(CountingEncoder()))
    runner = CliRunner()
    base = ["evaluate", "--coder", "anna", "--folds", "3", "--curve", "-p", str(project.root)]
    res = runner.invoke(app, [*base, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [p["transcripts_per_fold"] for p in out["points"]] == [1, None]
    assert out["points"][0]["result"]["split"] == "fold" and len(out["points"][1]["result"]["codes"]) == 4
    res = runner.invoke(app, base)
    assert res.exit_code == 0, res.output
    assert "macro kappa and ranking (AP) as more transcripts are learnt" in res.stdout
    assert "without learning: kappa" in res.stdout and "AP gain" in res.stdout
    assert "accepted learnt" in res.stdout and "all" in res.stdout
    res = runner.invoke(app, ["evaluate", "--coder", "nobody", "--curve", "-p", str(project.root)])
    assert res.exit_code == 1 and res.stdout == ""
    assert res.stderr.startswith("error: coder 'nobody' has not coded any segment") and res.stderr.count("\n") == 1
    res = runner.invoke(app, ["evaluate", "--codebook", "c.yaml", "--gold", "g.jsonl", "--curve"])
    assert res.exit_code == 1 and "are for project mode; add --coder" in res.output
