"""The review queue shows every segment, in three orders; closest codes; relearning while reviewing."""

import io
import threading

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.helpers import TEXT, make_project, suggest_rows
from tests.test_suggest_fakes import fake_encoder
from workbench.cli.main import app
from workbench.errors import WorkbenchError
from workbench.review.loop import run_review
from workbench.review.queue import Suggestion
from workbench.review.rescore import Rescored, project_scorer
from workbench.review.session import ReviewSession
from workbench.store.codings import learning_decisions, list_codings, seen_segments
from workbench.store.events import list_events

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL

CODES = ["motivation", "financial_uncertainty", "trajectory_fit", "zelfoverschatting"]


def _console():
    buf = io.StringIO()
    return Console(file=buf, width=100, no_color=True), buf


class FakeScorer:
    """Hands back fixed best scores per segment (the best code first); records every call."""

    def __init__(self, best: dict[int, float], decisions: int = 0):
        self.best = dict(best)
        self.decisions = decisions
        self.calls: list[list[int]] = []

    def __call__(self, ids: list[int]) -> Rescored:
        self.calls.append(list(ids))
        ranked = {}
        for sid in ids:
            top = self.best[sid]
            ranked[sid] = [Suggestion(c, round(top - 0.1 * i, 4), f"why {c}") for i, c in enumerate(CODES)]
        return Rescored(self.decisions, 0.4, ranked)


def _ids(session):
    return [it.segment.id for it in session.items[session.pos:]]


def test_queue_includes_segments_without_suggestions(project, tmp_path):
    s1, s2, s3, s4 = (s.id for s in make_project(project, tmp_path))
    suggest_rows(project, [(s1, "motivation", 0.91), (s3, "trajectory_fit", 0.7)])
    session = ReviewSession(project, "anna")
    assert session.order == "document"
    assert _ids(session) == [s1, s2, s3, s4]
    assert [len(it.suggestions) for it in session.items] == [1, 0, 1, 0]
    # without scores a segment without suggestions comes last in score order
    assert _ids(ReviewSession(project, "anna", order="score")) == [s1, s3, s2, s4]
    # the filters still narrow the queue to suggested segments
    assert _ids(ReviewSession(project, "anna", code="trajectory_fit")) == [s3]
    assert _ids(ReviewSession(project, "anna", min_score=0.8)) == [s1]


@pytest.mark.parametrize("order,expected", [
    ("document", [0, 1, 2, 3]),
    ("score", [0, 2, 3, 1]),  # 0.91, 0.45, 0.39, 0.33
    ("uncertain", [3, 2, 1, 0]),  # |best - 0.4|: 0.01, 0.05, 0.07, 0.51
])
def test_each_order_sorts_as_specified(project, tmp_path, order, expected):
    ids = [s.id for s in make_project(project, tmp_path)]
    scorer = FakeScorer(dict(zip(ids, [0.91, 0.33, 0.45, 0.39])))
    session = ReviewSession(project, "anna", order=order, scorer=scorer)
    session.relearn()
    assert scorer.calls == [ids]
    assert _ids(session) == [ids[i] for i in expected]


def test_bad_order_and_relearn_every_are_refused(project, tmp_path):
    make_project(project, tmp_path)
    with pytest.raises(WorkbenchError, match="document, score, uncertain"):
        ReviewSession(project, "anna", order="random")
    with pytest.raises(WorkbenchError, match="relearn-every"):
        ReviewSession(project, "anna", relearn_every=-1)
    res = CliRunner().invoke(app, ["review", "--coder", "anna", "--order", "best", "--project", str(project.root)])
    assert res.exit_code == 1 and "--order must be one of" in res.output and "Traceback" not in res.output


def test_closest_codes_shown_and_a_key_accepts_one(project, tmp_path):
    s1, s2, s3, s4 = (s.id for s in make_project(project, tmp_path))
    scorer = FakeScorer({s1: 0.8, s2: 0.3, s3: 0.6, s4: 0.2})
    session = ReviewSession(project, "anna", scorer=scorer, relearn_every=0)
    session.relearn()
    assert [len(it.suggestions) for it in session.items] == [4, 0, 3, 0]  # scores of 0.4 and more
    assert [c.code for c in session.items[1].candidates] == CODES[:3]
    con, buf = _console()
    # s1: accept all; s2 (no suggestion): key 2 marks the second closest code, Enter saves; s3: r; then quit
    run_review(session, iter(["a", "2", "\n", "q"]), lambda p: "", con)
    out = buf.getvalue()
    assert "no suggestion ≥ 0.40; closest codes" in out
    assert "1 Motivatie (motivation) score 0.30" in out and "3 Aansluiting traject (trajectory_fit) score 0.10" in out
    mine = {(c.segment_id, c.code_id): c for c in list_codings(project, coder="anna")}
    assert mine[(s2, "financial_uncertainty")].status == "accepted"
    assert mine[(s2, "financial_uncertainty")].score == pytest.approx(0.2)
    # the other closest codes were shown and passed over: rejected, as unmarked suggestions are
    assert mine[(s2, "motivation")].status == "rejected" and mine[(s2, "trajectory_fit")].status == "rejected"
    assert (s2, "zelfoverschatting") not in mine
    assert ("added", "financial_uncertainty") in {(e.action, e.code_id) for e in list_events(project, coder="anna")}


def test_accept_all_needs_suggestions_and_reject_all_rejects_the_closest_codes(project, tmp_path):
    ids = [s.id for s in make_project(project, tmp_path)]
    s1 = ids[0]
    scorer = FakeScorer({sid: 0.3 for sid in ids})
    session = ReviewSession(project, "anna", scorer=scorer, relearn_every=0)
    session.relearn()
    con, buf = _console()
    run_review(session, iter(["a", "9", "r", "q"]), lambda p: "", con)
    out = buf.getvalue()
    assert "no suggestions to accept" in out and "no code numbered 9" in out
    assert seen_segments(project, "anna") == {s1}
    assert {(c.code_id, c.status) for c in list_codings(project, coder="anna")} == {
        (c, "rejected") for c in CODES[:3]}


def test_relearns_after_n_decisions_and_resorts(project, tmp_path):
    make_project(project, tmp_path)
    ids = [s.id for s in make_project(project, tmp_path, "b.txt", TEXT.replace("Waarom", "Waarom toch"))]
    scorer = FakeScorer({sid: 0.9 - 0.1 * i for i, sid in enumerate(ids)}, decisions=20)
    session = ReviewSession(project, "anna", order="score", scorer=scorer, relearn_every=2)
    session.relearn()
    assert _ids(session) == ids
    # after the first relearn the engine thinks the last segments are the best ones
    scorer.best = {sid: 0.1 + 0.1 * i for i, sid in enumerate(ids)}
    con, buf = _console()
    keys = iter(["r", "r", "q"])  # two decisions, then the loop relearns before showing the third
    run_review(session, keys, lambda p: "", con)
    assert len(scorer.calls) == 2 and scorer.calls[1] == ids[2:]
    assert _ids(session) == list(reversed(ids[2:]))
    assert "relearning from the decisions and rescoring 6 segments" in buf.getvalue()
    assert "relearnt from 20 decisions; queue re-sorted" in buf.getvalue()
    assert session.since_relearn == 0 and not session.relearn_due()


def test_background_relearn_keeps_the_loop_going_and_applies_before_the_next_segment(project, tmp_path):
    make_project(project, tmp_path)
    ids = [s.id for s in make_project(project, tmp_path, "b.txt", TEXT.replace("Waarom", "Waarom toch"))]
    gate = threading.Event()

    class Gated(FakeScorer):
        def __call__(self, ids):
            assert gate.wait(60), "the test never opened the gate"
            return super().__call__(ids)

    scorer = Gated({sid: 0.9 - 0.1 * i for i, sid in enumerate(ids)}, decisions=7)
    session = ReviewSession(project, "anna", order="score", scorer=scorer, relearn_every=2, background=True)
    gate.set()
    session.relearn()
    gate.clear()
    scorer.best = {sid: 0.1 + 0.1 * i for i, sid in enumerate(ids)}
    shown_while_learning = []

    def keys():
        yield "r"
        yield "r"  # the relearn starts in the background; the third segment is shown meanwhile
        assert session.relearning
        shown_while_learning.append(session.current().segment.id)
        gate.set()
        session._job.join()
        yield "r"  # the result is applied before the fourth segment is shown
        yield "q"

    con, buf = _console()
    run_review(session, keys(), lambda p: "", con)
    assert shown_while_learning == [ids[2]] and scorer.calls[1] == ids[2:]
    assert _ids(session) == list(reversed(ids[3:]))
    assert seen_segments(project, "anna") == set(ids[:3])
    out = buf.getvalue()
    assert "rescoring in the background" in out and "relearnt from 7 decisions; queue re-sorted" in out
    # the new suggestions are stored for the segments still ahead only
    assert {c.segment_id for c in list_codings(project, coder="model")} >= set(ids[3:])


def test_a_result_arriving_mid_segment_leaves_the_current_segment_alone(project, tmp_path):
    ids = [s.id for s in make_project(project, tmp_path)]
    scorer = FakeScorer({sid: 0.5 for sid in ids})
    session = ReviewSession(project, "anna", order="score", scorer=scorer)
    session.relearn()
    session.toggle(1)
    scorer.best = {sid: 0.1 + 0.2 * i for i, sid in enumerate(ids)}
    session.start_relearn()
    session.poll(keep_current=True)
    assert session.marked == {1} and session.current().segment.id == ids[0]
    assert session.current().best() == pytest.approx(0.5)
    assert _ids(session)[1:] == list(reversed(ids[1:]))


def test_a_failing_relearn_is_one_line_and_the_review_goes_on(project, tmp_path):
    ids = [s.id for s in make_project(project, tmp_path)]

    def broken(_ids):
        raise WorkbenchError("model folder /nope not found")

    session = ReviewSession(project, "anna", scorer=broken, relearn_every=1)
    con, buf = _console()
    run_review(session, iter(["r", "r", "q"]), lambda p: "", con)
    assert buf.getvalue().count("could not relearn (model folder /nope not found)") == 1
    assert session.scorer is None and seen_segments(project, "anna") == set(ids[:2])


def test_relearn_off_and_in_blind_mode(project, tmp_path):
    ids = [s.id for s in make_project(project, tmp_path)]
    scorer = FakeScorer({sid: 0.5 for sid in ids})
    off = ReviewSession(project, "anna", scorer=scorer, relearn_every=0)
    run_review(off, iter(["r", "r", "r", "q"]), lambda p: "", _console()[0])
    assert scorer.calls == []
    blind = ReviewSession(project, "ben", order="score", blind=True, scorer=scorer, relearn_every=1)
    assert blind.order == "document" and blind.relearn() is None
    run_review(blind, iter(["\n", "\n", "q"]), lambda p: "", _console()[0])
    assert scorer.calls == []


def _set_threshold(project, value: float) -> None:
    """As if ``[suggest] threshold`` were edited in workbench.toml (validated like a real edit)."""
    from workbench.settings import Settings

    project.config.setdefault("suggest", {})["threshold"] = value
    project.settings = Settings.from_toml(project.config)


def test_relearn_with_the_engine_stores_suggestions_and_learns_decisions(project, tmp_path):
    """The real engine (fake encoder): scores stored as the model's, decisions learnt, closest codes."""
    ids = [s.id for s in make_project(project, tmp_path)]
    _set_threshold(project, 0.99)
    session = ReviewSession(project, "anna", scorer=project_scorer(project, encoder=fake_encoder), relearn_every=2)
    first = session.relearn()
    assert first.decisions == 0 and first.threshold == 0.99 and set(first.ranked) == set(ids)
    for it in session.items:
        ranked = first.ranked[it.segment.id]
        assert [s.code for s in ranked if s.score >= 0.99] == [s.code for s in it.suggestions]
        assert it.suggestions or [s.code for s in it.candidates] == [s.code for s in ranked[:3]]
    stored = {(c.segment_id, c.code_id) for c in list_codings(project, coder="model")}
    assert stored == {(sid, s.code) for sid, ranked in first.ranked.items() for s in ranked if s.score >= 0.99}
    con, buf = _console()
    run_review(session, iter(["r", "r", "q"]), lambda p: "", con)
    n = len(learning_decisions(project))
    assert n >= 2 and f"relearnt from {n} decisions" in buf.getvalue()
    events = [e for e in list_events(project, action="suggest") if e.details.get("source") == "review"]
    assert [e.details["segments"] for e in events] == [4, 2] and events[1].details["decisions"] == n
    decided = {(c.segment_id, c.code_id, c.score) for c in list_codings(project, coder="model", segment_ids=ids[:2])}
    _set_threshold(project, 0.0)  # everything is suggested: stored for the two left
    session.relearn()
    assert len(list_codings(project, coder="model", segment_ids=ids[2:])) == 2 * len(CODES)
    # segments already decided are not rescored (the model would echo the coder there)
    assert {(c.segment_id, c.code_id, c.score) for c in list_codings(project, coder="model", segment_ids=ids[:2])} \
        == decided


def test_cli_scores_at_start_and_reviews(project, tmp_path, monkeypatch):
    import workbench.review.rescore as rescore

    ids = [s.id for s in make_project(project, tmp_path)]
    real = rescore.project_scorer
    monkeypatch.setattr(rescore, "project_scorer", lambda proj, model=None: real(proj, model, encoder=fake_encoder))
    res = CliRunner().invoke(app, ["review", "--coder", "anna", "--order", "uncertain", "--no-color",
                                   "--project", str(project.root)], input="r\nq\n")
    assert res.exit_code == 0, res.output
    assert "segment 1 of 4" in res.output
    assert "Saved 1 decisions" in res.output
    assert len(seen_segments(project, "anna")) == 1 and set(ids) >= seen_segments(project, "anna")


def test_defaults_agree_with_the_engine_and_the_cli():
    from workbench.cli.review import DEFAULT_RELEARN_EVERY as CLI_EVERY
    from workbench.review.session import DEFAULT_RELEARN_EVERY, DEFAULT_THRESHOLD
    from workbench.suggest.engine import DEFAULT_THRESHOLD as ENGINE_THRESHOLD

    assert DEFAULT_THRESHOLD == ENGINE_THRESHOLD and CLI_EVERY == DEFAULT_RELEARN_EVERY
