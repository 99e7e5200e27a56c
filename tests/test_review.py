"""The review loop driven by scripted key presses, blind mode, bulk accept, codings import/export."""

import io

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tests.helpers import make_project, suggest_rows
from workbench.cli.main import app
from workbench.review.loop import run_review
from workbench.review.session import ReviewSession
from workbench.store.codings import list_codings, seen_segments
from workbench.store.events import list_events

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL


def _console():
    buf = io.StringIO()
    return Console(file=buf, width=100, no_color=True), buf


def _setup(project, tmp_path):
    segs = make_project(project, tmp_path)
    s1, s2, s3, s4 = (s.id for s in segs)
    suggest_rows(project, [(s1, "motivation", 0.91), (s2, "financial_uncertainty", 0.88),
                           (s2, "motivation", 0.55), (s3, "trajectory_fit", 0.7), (s4, "zelfoverschatting", 0.6)])
    return s1, s2, s3, s4


def test_accept_reject_add_undo_and_resume(project, tmp_path):
    s1, s2, s3, s4 = _setup(project, tmp_path)
    con, buf = _console()
    session = ReviewSession(project, "anna", order="document")
    # s1: accept all; s2: mark 1 + Enter (accept fin., reject motivation); s3: reject; back (undo s3);
    # s3 again: add code by label prefix + note + Enter; then quit before s4
    keys = iter(["a", "1", "\n", "r", "b", "c", "n", "\n", "q"])
    notes = iter(["Zelfover", "te hoog gegrepen"])
    summary = run_review(session, keys, lambda prompt: next(notes), con)
    mine = {(c.segment_id, c.code_id): c for c in list_codings(project, coder="anna")}
    assert mine[(s1, "motivation")].status == "accepted"
    assert mine[(s2, "financial_uncertainty")].status == "accepted"
    assert mine[(s2, "motivation")].status == "rejected"
    # s3: the rejection was undone; then trajectory_fit rejected (not marked) and zelfoverschatting added
    assert mine[(s3, "trajectory_fit")].status == "rejected"
    assert mine[(s3, "zelfoverschatting")].status == "accepted"
    assert mine[(s3, "zelfoverschatting")].reason == "te hoog gegrepen"
    assert (s4, "zelfoverschatting") not in mine
    assert summary["decided"] == 3 and summary["remaining"] == 1
    assert "learns from" in buf.getvalue()
    actions = [e.action for e in list_events(project, coder="anna")]
    assert "undo" in actions and "added" in actions
    # resume: only s4 is left
    again = ReviewSession(project, "anna", order="document")
    assert [it.segment.id for it in again.items] == [s4]
    assert again.progress() == {"done": 3, "total": 4}


def test_interrupt_keeps_decisions(project, tmp_path):
    s1, *_ = _setup(project, tmp_path)
    session = ReviewSession(project, "ben", order="document")
    con, _ = _console()

    def keys():
        yield "a"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_review(session, keys(), lambda p: "", con)
    assert [c.code_id for c in list_codings(project, coder="ben", status="accepted")] == ["motivation"]
    assert s1 in seen_segments(project, "ben")


def test_blind_mode_hides_suggestions_and_other_coders(project, tmp_path):
    s1, s2, s3, s4 = _setup(project, tmp_path)
    con, buf = _console()
    run_review(ReviewSession(project, "anna", order="document"), iter(["a", "q"]), lambda p: "", con)
    blind = ReviewSession(project, "ben", blind=True)
    assert len(blind.items) == 4 and all(not it.suggestions for it in blind.items)
    con, buf = _console()
    # Enter with no code = seen, nothing applies; then add a code by id on the next
    run_review(blind, iter(["\n", "c", "\n", "q"]), lambda p: "trajectory_fit", con)
    out = buf.getvalue()
    assert "score" not in out and "test rationale" not in out and "anna" not in out
    assert {c.code_id for c in list_codings(project, coder="ben")} == {"trajectory_fit"}
    assert seen_segments(project, "ben") == {s1, s2}
    # anna's decision is untouched
    assert [c.status for c in list_codings(project, coder="anna")] == ["accepted"]


def test_bulk_accept_with_confirmation(project, tmp_path):
    _setup(project, tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["review", "--accept-above", "0.85", "--coder", "cor", "--project", str(project.root)],
                        input="n\n")
    assert res.exit_code == 1 and "2 suggestions" in res.output
    assert list_codings(project, coder="cor") == []
    res = runner.invoke(app, ["review", "--accept-above", "0.85", "--coder", "cor", "--yes",
                              "--project", str(project.root)])
    assert res.exit_code == 0
    assert {c.code_id for c in list_codings(project, coder="cor")} == {"motivation", "financial_uncertainty"}


def test_codings_import_export_round_trip(project, tmp_path):
    segs = make_project(project, tmp_path)
    text = segs[1].text
    csv = tmp_path / "c.csv"
    # by segment id, by quote, and by a span that crosses two segments
    csv.write_text("transcript,segment,start,end,quote,code,reason\n"
                   f"int.txt,{segs[0].id},,,,motivation,structuur\n"
                   f"int.txt,,,,{text[5:40]},financial_uncertainty,\n"
                   f"int.txt,,{segs[2].start + 3},{segs[3].start + 10},,trajectory_fit,\n"
                   f"int.txt,{segs[3].id},,,,,\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["codings", "import", str(csv), "--coder", "anna", "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    got = {(c.segment_id, c.code_id): c for c in list_codings(project, coder="anna")}
    assert got[(segs[0].id, "motivation")].reason == "structuur"
    assert (segs[1].id, "financial_uncertainty") in got
    span = got[(segs[2].id, "trajectory_fit")]
    assert (segs[3].id, "trajectory_fit") in got and span.span_start == segs[2].start + 3
    assert segs[3].id in seen_segments(project, "anna")
    out = tmp_path / "out.csv"
    res = runner.invoke(app, ["codings", "export", "--coder", "anna", "--out", str(out),
                              "--project", str(project.root)])
    assert res.exit_code == 0
    exported = out.read_text(encoding="utf-8")
    assert "structuur" in exported and exported.count("\n") == 5
    # re-import the export (segment ids) as another coder gives the same codings
    res = runner.invoke(app, ["codings", "import", str(out), "--coder", "ben", "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    assert {(c.segment_id, c.code_id) for c in list_codings(project, coder="ben")} == set(got)


@pytest.mark.parametrize("content,needle", [
    ("a,b\n1,2\n", "missing columns"),
    ("transcript,segment,code\nnope.txt,1,motivation\n", "line 2: unknown transcript"),
    ("transcript,segment,code\nint.txt,1,nonsense\n", "line 2: unknown code"),
    ("transcript,quote,code\nint.txt,dit staat er niet in,motivation\n", "line 2: quote not found"),
])
def test_codings_import_bad_input(project, tmp_path, db_snapshot, content, needle):
    make_project(project, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    before = db_snapshot(project)
    res = CliRunner().invoke(app, ["codings", "import", str(bad), "--coder", "anna", "--project", str(project.root)])
    assert res.exit_code == 1 and needle in res.output and "bad.csv" in res.output
    assert "Traceback" not in res.output
    assert db_snapshot(project) == before


def test_code_add_remove_and_log(project, tmp_path):
    segs = make_project(project, tmp_path)
    runner = CliRunner()
    p = ["--project", str(project.root)]
    assert runner.invoke(app, ["code", "add", str(segs[0].id), "motivation", "--coder", "anna",
                               "--reason", "duidelijk", *p]).exit_code == 0
    assert runner.invoke(app, ["code", "remove", str(segs[0].id), "motivation", "--coder", "anna", *p]).exit_code == 0
    res = runner.invoke(app, ["code", "add", "999", "motivation", "--coder", "anna", *p])
    assert res.exit_code == 1 and "no segment 999" in res.output
    res = runner.invoke(app, ["code", "add", str(segs[0].id), "motivatie", "--coder", "anna", *p])
    assert res.exit_code == 1 and "unknown code 'motivatie'" in res.output and "motivation" in res.output
    res = runner.invoke(app, ["code", "remove", str(segs[0].id), "motivation", "--coder", "anna", *p])
    assert res.exit_code == 1 and "anna has no coding motivation" in res.output
    res = runner.invoke(app, ["log", "--coder", "anna", "--json", *p])
    import json

    events = json.loads(res.output)
    assert [e["action"] for e in events] == ["added", "removed"]
    assert events[0]["details"]["reason"] == "duidelijk"


def test_add_and_remove_coding_functions(project, tmp_path):
    from workbench.errors import WorkbenchError
    from workbench.review.codings_io import add_coding, remove_coding
    from workbench.store.codings import list_codings

    segs = make_project(project, tmp_path)
    assert add_coding(project, segs[1].id, "trajectory_fit", "ben") is True
    assert add_coding(project, segs[1].id, "trajectory_fit", "ben") is False  # already there
    assert [(c.segment_id, c.code_id, c.status) for c in list_codings(project, coder="ben")] == [
        (segs[1].id, "trajectory_fit", "accepted")]
    with pytest.raises(WorkbenchError, match="unknown code"):
        add_coding(project, segs[1].id, "no_such_code", "ben")
    remove_coding(project, segs[1].id, "trajectory_fit", "ben", reason="te ruim")
    assert list_codings(project, coder="ben") == []
    with pytest.raises(WorkbenchError, match="ben has no coding"):
        remove_coding(project, segs[1].id, "trajectory_fit", "ben")


def test_back_keeps_a_code_added_on_the_current_segment(project, tmp_path):
    s1, s2, s3, s4 = _setup(project, tmp_path)
    con, buf = _console()
    session = ReviewSession(project, "anna", order="document")
    # s1 accepted; on s2 add zelfoverschatting, then b (back to s1), Enter on s1 (nothing marked:
    # reject), and on s2 the added code is still there: Enter saves it
    keys = iter(["a", "c", "b", "\n", "\n", "q"])
    answers = iter(["zelfover"])
    run_review(session, keys, lambda prompt: next(answers), con)
    mine = {(c.segment_id, c.code_id): c.status for c in list_codings(project, coder="anna")}
    assert mine[(s2, "zelfoverschatting")] == "accepted"


def test_an_added_code_can_be_taken_back_and_an_ambiguous_prefix_offers_a_choice(project, tmp_path):
    s1, *_ = _setup(project, tmp_path)
    con, buf = _console()
    session = ReviewSession(project, "anna", order="document")
    assert session.find_codes("on") == ["motivation", "financial_uncertainty"]  # ambiguous
    # c "on" -> pick 2 (financial_uncertainty); c "zelfover"; x -> pick 1 of the two added; Enter
    keys = iter(["c", "c", "x", "\n", "q"])
    answers = iter(["on", "2", "zelfover", "1"])
    run_review(session, keys, lambda prompt: next(answers), con)
    mine = {(c.segment_id, c.code_id): c.status for c in list_codings(project, coder="anna")}
    assert mine[(s1, "zelfoverschatting")] == "accepted"
    assert (s1, "financial_uncertainty") not in mine  # taken back before saving
    assert "1 motivation" in buf.getvalue() and "2 financial_uncertainty" in buf.getvalue()


def test_a_wrong_choice_changes_nothing(project, tmp_path):
    s1, *_ = _setup(project, tmp_path)
    con, buf = _console()
    session = ReviewSession(project, "anna", order="document")
    run_review(session, iter(["c", "x", "q"]), lambda prompt: {"code (id or label prefix): ": "on"}.get(prompt, "9"), con)
    assert session.added == [] and "no choice '9'" in buf.getvalue()
    assert "no code added on this segment" in buf.getvalue()
