"""Media timestamps from every timed format reach the store, `segments --jsonl` and the desk;
`o` opens the recording at the segment's moment (or prints the command when there is no player)."""

import asyncio
import json

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app as cli
from workbench.desk.media import media_command, open_media
from workbench.mediatime import format_timestamp

VTT = """WEBVTT

00:00:02.000 --> 00:00:05.000
<v Interviewer>Hoe begon het traject?

00:01:05.500 --> 00:01:09.000
<v Respondent>Via de klantmanager, die belde mij op een dinsdag.
"""
SRT = """1
00:00:02,000 --> 00:00:05,000
Interviewer: Hoe begon het traject?

2
00:01:05,500 --> 00:01:09,000
Respondent: Via de klantmanager, die belde mij op een dinsdag.
"""
TXT = """[00:00:02] Interviewer: Hoe begon het traject?

[00:01:05] Respondent: Via de klantmanager, die belde mij op een dinsdag.
"""


def _docx(path):
    import docx

    d = docx.Document()
    d.add_paragraph("[00:00:02] Interviewer: Hoe begon het traject?")
    d.add_paragraph("[00:01:05] Respondent: Via de klantmanager, die belde mij op een dinsdag.")
    d.save(path)


def _import(project, path):
    from workbench.ingest.importer import ImportOptions, import_files

    csv = path.with_name("resp.csv")
    csv.write_text(f"id,file,speaker,type\nR01,{path.name},Respondent,deelnemer\n", encoding="utf-8")
    rep = import_files(project, [path], ImportOptions(pseudonymise=False, respondents_csv=csv))
    assert rep.results[0].status == "imported", rep.results[0].message


@pytest.mark.parametrize("name,content", [("a.vtt", VTT), ("b.srt", SRT), ("c.txt", TXT), ("d.docx", None)])
def test_every_timed_format_keeps_turn_timestamps(project, tmp_path, name, content):
    path = tmp_path / name
    _docx(path) if content is None else path.write_text(content, encoding="utf-8")
    _import(project, path)
    res = CliRunner().invoke(cli, ["segments", "--all", "--jsonl", "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [int(r["timestamp"]) for r in rows] == [2, 65]
    assert rows[1]["role"] == "respondent"


def test_untimed_transcripts_have_no_timestamp(project, tmp_path):
    path = tmp_path / "e.txt"
    path.write_text("Interviewer: Hoe begon het?\n\nRespondent: Via de klantmanager.\n", encoding="utf-8")
    _import(project, path)
    from workbench.store.transcripts import list_segments

    assert [s.timestamp for s in list_segments(project, codable_only=False)] == [None, None]


def test_media_commands():
    assert format_timestamp(3723.9) == "01:02:03" and format_timestamp(None) == ""
    have = {"mpv": "/usr/bin/mpv"}
    assert media_command("rec.mp3", 65.5, have.get)[:2] == ["mpv", "--start=65"]
    none = {}.get
    cmd = media_command("rec.mp3", 65.5, none, platform="linux")
    assert cmd[0] == "xdg-open" and cmd[1].startswith("file://") and cmd[1].endswith("rec.mp3#t=65")
    assert media_command("rec.mp3", 1, none, platform="darwin")[0] == "open"
    msg = open_media("rec.mp3", 65.5, none, platform="linux")
    assert msg.startswith("no player found; run: xdg-open 'file://") and msg.endswith("#t=65'")  # shell-quoted


def test_the_desk_shows_times_and_prints_the_play_command(project, tmp_path, monkeypatch):
    path = tmp_path / "a.vtt"
    path.write_text(VTT, encoding="utf-8")
    _import(project, path)
    from tests.helpers import small_codebook
    from workbench.store.codebooks import load_codebook

    load_codebook(project, small_codebook())
    rec = tmp_path / "opname.m4a"
    rec.write_bytes(b"\0")
    monkeypatch.setattr("shutil.which", lambda name: None)
    from textual.widgets import Static

    from workbench.desk.app import DeskApp
    from workbench.desk.state import DeskState

    app = DeskApp(DeskState(project, "anna", media=rec))

    async def go():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            item = app.query_one("#transcript").children[app.state.pos]
            assert "00:01:05 Respondent:" in str(item.query_one(Static).render())
            await pilot.press("o")
            status = str(app.query_one("#status", Static).render())
            assert "no player found; run: xdg-open" in status and "opname.m4a#t=65" in status

    asyncio.run(go())
