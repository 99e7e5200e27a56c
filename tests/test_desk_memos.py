"""Memos on segments, codes and transcripts: written in the desk, stored, logged, undoable and
exported with `codings export`."""

import asyncio
import csv
import io

from typer.testing import CliRunner

from tests.helpers import make_project
from workbench.cli.main import app as cli
from workbench.desk.app import DeskApp
from workbench.desk.state import DeskState
from workbench.store.events import list_events
from workbench.store.memos import list_memos


def run(app, script, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)
            await pilot.pause()
    asyncio.run(go())


def test_memos_written_in_the_desk_are_stored_logged_and_undone(project, tmp_path):
    segs = make_project(project, tmp_path)
    app = DeskApp(DeskState(project, "anna"))

    async def script(pilot):
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"wil erbij horen", "ctrl+s")  # segment memo
        await pilot.pause()
        await pilot.press("M", *"rustig gesprek", "ctrl+s")  # transcript memo
        await pilot.pause()
        await pilot.press("tab")  # to the codes filter, then the tree
        await pilot.press("tab", "down")
        await pilot.pause()
        node = app.query_one("#codes").cursor_node
        await pilot.press("k", *"let op grens", "ctrl+s")  # memo on the highlighted code
        await pilot.pause()
        memos = {(m.kind, m.target): m.text for m in list_memos(project)}
        assert memos == {("segment", str(segs[0].id)): "wil erbij horen",
                         ("transcript", str(segs[0].transcript_id)): "rustig gesprek",
                         ("code", node.data): "let op grens"}
        await pilot.press("escape", "u")  # undo the code memo
        await pilot.pause()
        assert ("code", node.data) not in {(m.kind, m.target) for m in list_memos(project)}

    run(app, script)
    actions = [e.action for e in list_events(project, coder="anna")]
    assert actions.count("memo") == 3 and "memo-undo" in actions


def test_editing_to_empty_deletes_and_other_coders_memos_stay_apart(project, tmp_path):
    segs = make_project(project, tmp_path)
    anna, ben = DeskState(project, "anna"), DeskState(project, "ben")
    target = anna.memo_target("segment")
    anna.set_memo("segment", target, "eerste")
    ben.set_memo("segment", target, "van ben")
    anna.set_memo("segment", target, "  ")
    assert [(m.author, m.text) for m in list_memos(project)] == [("ben", "van ben")]
    assert anna.undo().startswith("undone")
    assert anna.memo("segment", target) == "eerste"


def test_codings_export_has_memo_and_span_columns_and_a_memo_file(project, tmp_path):
    segs = make_project(project, tmp_path)
    st = DeskState(project, "anna")
    st.add("motivation", (st.segment.start + 19, st.segment.start + 35))
    st.set_memo("segment", st.memo_target("segment"), "wil erbij horen")
    st.set_memo("transcript", st.memo_target("transcript"), "rustig gesprek")
    memo_file = tmp_path / "memos.csv"
    res = CliRunner().invoke(cli, ["codings", "export", "--project", str(project.root), "--memos", str(memo_file)])
    assert res.exit_code == 0, res.output
    (row,) = list(csv.DictReader(io.StringIO(res.stdout)))
    assert row["memo"] == "wil erbij horen" and row["code"] == "motivation"
    assert (int(row["span_start"]), int(row["span_end"])) == (segs[0].start + 19, segs[0].start + 35)
    memos = list(csv.DictReader(memo_file.open(encoding="utf-8")))
    assert {(m["kind"], m["memo"], m["transcript"]) for m in memos} == {
        ("segment", "wil erbij horen", "int.txt"), ("transcript", "rustig gesprek", "int.txt")}
    assert next(m for m in memos if m["kind"] == "segment")["segment_text"] == segs[0].text


def test_report_memos_from_the_project_in_order(project, tmp_path):
    from workbench.store.codebooks import project_codebook
    from workbench.synthesis.project import _memos

    segs = make_project(project, tmp_path)
    st = DeskState(project, "anna")
    st.set_memo("segment", st.memo_target("segment"), "wil erbij horen")
    st.set_memo("transcript", st.memo_target("transcript"), "rustig gesprek")
    st.set_memo("code", "motivation", "geld als doel telt mee")
    rows = _memos(project, project_codebook(project))
    assert [(r["kind"], r["author"], r["memo"]) for r in rows] == [
        ("code", "anna", "geld als doel telt mee"), ("transcript", "anna", "rustig gesprek"),
        ("segment", "anna", "wil erbij horen")]
    assert rows[0]["about"] == "code ‘Motivatie’" and rows[1]["about"] == "transcript int.txt"
    assert rows[2]["about"].startswith("fragment in int.txt: “" + segs[0].text[:20])
