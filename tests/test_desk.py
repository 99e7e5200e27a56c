"""The desk (`workbench open`) driven by real key presses through Textual's pilot, with the
database checked after each step; and its state object directly."""

import asyncio

import pytest

from tests.helpers import make_project, suggest_rows
from workbench.desk.app import DeskApp
from workbench.desk.state import DeskState
from workbench.store.codings import list_codings
from workbench.store.events import list_events


def _setup(project, tmp_path):
    segs = make_project(project, tmp_path)
    s1, s2, s3, s4 = (s.id for s in segs)
    suggest_rows(project, [(s1, "motivation", 0.91), (s2, "financial_uncertainty", 0.88),
                           (s2, "motivation", 0.55), (s3, "trajectory_fit", 0.7)])
    return s1, s2, s3, s4


def _mine(project, coder="anna"):
    return {(c.segment_id, c.code_id): c for c in list_codings(project, coder=coder)}


def run(app, script, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)
            await pilot.pause()
    asyncio.run(go())


def test_accept_reject_add_remove_undo_redo_by_keys(project, tmp_path):
    s1, s2, s3, s4 = _setup(project, tmp_path)
    app = DeskApp(DeskState(project, "anna"))

    async def script(pilot):
        st = app.state
        assert st.segment.id == s1  # the first respondent segment, not the interviewer's question
        await pilot.press("a")  # accept the top suggestion
        assert _mine(project)[(s1, "motivation")].status == "accepted"
        await pilot.press("down", "down")  # past the interviewer's next question
        assert st.segment.id == s2
        await pilot.press("2", "r")  # reject suggestion 2 (motivation, 0.55)
        assert _mine(project)[(s2, "motivation")].status == "rejected"
        await pilot.press("c", *"zelfo", "enter")  # add a code by typing part of its name
        await pilot.pause()
        assert _mine(project)[(s2, "zelfoverschatting")].status == "accepted"
        await pilot.press("x", *"zelf", "enter")  # remove one of my two codes there
        await pilot.pause()
        assert (s2, "zelfoverschatting") not in _mine(project)
        await pilot.press("u")  # undo the removal: the code is back
        assert _mine(project)[(s2, "zelfoverschatting")].status == "accepted"
        await pilot.press("u")  # undo the add
        assert (s2, "zelfoverschatting") not in _mine(project)
        await pilot.press("U")  # redo the add
        assert _mine(project)[(s2, "zelfoverschatting")].status == "accepted"
        # the rejection of motivation on s2 survived all of that
        assert _mine(project)[(s2, "motivation")].status == "rejected"

    run(app, script)
    actions = [e.action for e in list_events(project, coder="anna")]
    assert {"accepted", "rejected", "added", "removed", "undo", "redo"} <= set(actions)


def test_undo_never_overwrites_a_change_made_elsewhere(project, tmp_path):
    s1, *_ = _setup(project, tmp_path)
    st = DeskState(project, "anna")
    st.accept("motivation")
    from workbench.review.codings_io import remove_coding

    remove_coding(project, s1, "motivation", "anna")  # another window removes it
    add_back = st.undo()
    assert "changed elsewhere" in add_back
    assert (s1, "motivation") not in _mine(project)  # left as the other change made it
    assert st.undo() == "nothing to undo"


def test_blind_mode_hides_model_and_other_coders(project, tmp_path):
    s1, *_ = _setup(project, tmp_path)
    DeskState(project, "ben").add("trajectory_fit")
    app = DeskApp(DeskState(project, "anna", blind=True))

    async def script(pilot):
        from textual.widgets import Static

        text = str(app.query_one("#suggestions", Static).render())
        assert "hidden" in text
        item = app.query_one("#transcript").children[app.state.pos]
        shown = str(item.query_one(Static).render())
        assert "trajectory_fit" not in shown and "motivation" not in shown
        await pilot.press("a")  # nothing to accept when blind
        assert _mine(project) == {}

    run(app, script)


def test_badges_show_decisions_and_suggestions_differently(project, tmp_path):
    s1, *_ = _setup(project, tmp_path)
    DeskState(project, "ben").add("trajectory_fit")
    from workbench.desk.panes import code_colours, segment_text

    st = DeskState(project, "anna")
    text = segment_text(st, st.pos, code_colours(st.codebook)).plain
    assert "~motivation 0.91" in text and "ben:trajectory_fit" in text
    st.cycle_view()  # mine
    assert "trajectory_fit" not in segment_text(st, st.pos, code_colours(st.codebook)).plain


def test_interviewer_turns_are_not_coded(project, tmp_path):
    _setup(project, tmp_path)
    st = DeskState(project, "anna")
    st.goto(0)
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="context"):
        st.add("motivation")


def test_reserved_and_unknown_names_are_one_clear_error(project, tmp_path):
    _setup(project, tmp_path)
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="reserved"):
        DeskState(project, "model")
    with pytest.raises(WorkbenchError, match="no transcript 'nope'"):
        DeskState(project, "anna", transcript="nope")


def test_moving_by_key_updates_the_suggestions_pane(project, tmp_path):
    s1, s2, s3, s4 = _setup(project, tmp_path)
    app = DeskApp(DeskState(project, "anna"))

    async def script(pilot):
        from textual.widgets import Static

        pane = lambda: str(app.query_one("#suggestions", Static).render())  # noqa: E731
        assert "Motivatie" in pane() and "Financiële" not in pane()
        await pilot.press("J")  # next respondent segment
        assert app.state.segment.id == s2
        assert "Financiële onzekerheid" in pane() and "test rationale financial_uncertainty" in pane()
        await pilot.press("K")
        assert app.state.segment.id == s1 and "Financiële" not in pane()

    run(app, script)


@pytest.mark.parametrize("args,message", [
    ([], "give your name with --coder NAME"),
    (["--coder", "anna", "--media", "nope.mp3"], "recording not found"),
    (["--coder", "anna", "--codebook-file", "nope.yaml"], "codebook file not found"),
    (["--coder", "anna", "zzz"], "no transcript 'zzz'"),
    (["--coder", "model"], "'model' is reserved"),
])
def test_open_refuses_bad_input_with_one_line(project, tmp_path, args, message):
    from typer.testing import CliRunner

    from workbench.cli.main import app as cli

    _setup(project, tmp_path)
    res = CliRunner().invoke(cli, ["open", "--project", str(project.root), *args])
    assert res.exit_code == 1
    assert message in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_open_refuses_an_invalid_codebook_file(project, tmp_path):
    from typer.testing import CliRunner

    from workbench.cli.main import app as cli

    _setup(project, tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncodes:\n  - id: a\n    label: A\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["open", "--project", str(project.root), "--coder", "anna",
                                   "--codebook-file", str(bad)])
    assert res.exit_code == 1 and "bad.yaml" in res.output and "definition" in res.output
