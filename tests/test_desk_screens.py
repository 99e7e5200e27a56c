"""What the desk shows, read off the screen as a terminal would draw it, at 80×24 and 120×40.

The screen is rendered as Textual's own ``export_screenshot`` does (the compositor's full update
printed to a recording console), but kept as plain text so the tests assert what a researcher
reads: pane titles, whole code labels, the turns, badges, the memo mark and the status line.
(pytest-textual-snapshot would pin pytest below 9 in this environment, so no pixel snapshots.)
"""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console

from tests.helpers import make_project, suggest_rows
from workbench.desk.app import DeskApp
from workbench.desk.state import DeskState

SIZES = [(80, 24), (120, 40)]
LABELS = ["Motivatie", "Financiële onzekerheid", "Aansluiting traject", "Zelfoverschatting"]


def screen_text(app) -> list[str]:
    w, h = app.size
    console = Console(width=w, height=h, file=io.StringIO(), force_terminal=True, record=True,
                      legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False).rstrip("\n").split("\n")


def screens(app, size, steps) -> list[list[str]]:
    """The screen after start-up and after each step (a tuple of keys)."""
    shots = []

    async def go():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            shots.append(screen_text(app))
            for keys in steps:
                await pilot.press(*keys)
                await pilot.pause()
                shots.append(screen_text(app))

    asyncio.run(go())
    return shots


@pytest.fixture
def desk(project, tmp_path):
    segs = make_project(project, tmp_path)
    suggest_rows(project, [(segs[0].id, "motivation", 0.91), (segs[1].id, "financial_uncertainty", 0.88)])
    return project


def _pane(lines: list[str], title: str) -> tuple[int, int]:
    """(top line, left column) of the pane whose border carries ``title``."""
    for i, line in enumerate(lines):
        k = line.find(f"─ {title} ─")
        if k >= 0:
            return i, line.rfind("╭", 0, k)
    raise AssertionError(f"no pane titled {title!r}:\n" + "\n".join(lines))


def _inside(lines: list[str], title: str) -> list[str]:
    """The text inside one bordered pane, line by line (borders stripped)."""
    top, left = _pane(lines, title)
    right = lines[top].index("╮", left)
    out = []
    for line in lines[top + 1:]:
        if line[left] == "╰":
            break
        out.append(line[left + 1:right].rstrip())
    return out


@pytest.mark.parametrize("size", SIZES)
def test_start_screen_shows_every_pane_whole(desk, size):
    w, h = size
    (lines,) = screens(DeskApp(DeskState(desk, "anna")), size, [])
    assert len(lines) == h and all(len(line) <= w for line in lines)
    assert "int.txt (1/1) — coder anna · codes of all" in lines[0]
    transcript = "\n".join(_inside(lines, "transcript"))
    assert transcript.startswith("Interviewer: Waarom wilt u weer werken?")
    assert "Respondent: Ik wil gewoon weer ergens bij" in transcript
    assert "~motivation 0.91" in transcript and "~financial_uncertainty 0.88" in transcript
    codes = [line.strip() for line in _inside(lines, "codes")]
    assert codes[0] == "▼ Groep"
    for label in LABELS:   # whole labels, with their counts, also at 80 columns
        assert any(line.endswith(f"0 {label}") for line in codes), (label, codes)
    suggestions = _inside(lines, "suggestions")
    assert suggestions[0].split() == ["1", "0.91", "Motivatie"]
    assert "test rationale motivation" in suggestions[1]
    assert lines[-1].lstrip().startswith("a accept  r reject  c add code")
    if size == (120, 40):   # the whole interview fits; the footer names search
        assert "Respondent: Ik wilde meteen 32 uur, achteraf was dat veel te veel" in transcript
        assert "F search all transcripts" in lines[-1]
    else:
        assert "32 uur" not in transcript


@pytest.mark.parametrize("size", SIZES)
def test_accepting_a_memo_and_the_code_filter_show_on_screen(desk, size):
    app = DeskApp(DeskState(desk, "anna"))
    accepted, dialog, memo, filtered = screens(app, size, [("a",), ("m", *"twijfel"), ("ctrl+s",),
                                                           ("slash", *"onzeker")])[1:]
    transcript = "\n".join(_inside(accepted, "transcript"))
    assert "\n motivation\n" in transcript and "~motivation" not in transcript  # a decision, not a suggestion
    assert "~financial_uncertainty 0.88" in transcript   # the next segment's suggestion is still one
    assert any(line.strip().endswith("1 Motivatie") for line in _inside(accepted, "codes"))
    assert _inside(accepted, "suggestions")[0].split() == ["1", "✓", "0.91", "Motivatie"]
    assert accepted[-2].strip() == "accept motivation on segment 2"
    # the memo dialog lies over the panes, whole, with its keys
    assert any("Memo on segment 2 — ctrl+s saves, Escape cancels" in line for line in dialog)
    assert any("twijfel" in line for line in dialog)
    assert "\n motivation   ✎ memo" in "\n".join(_inside(memo, "transcript"))
    assert not any("Memo on segment" in line for line in memo)
    codes = [line.strip() for line in _inside(filtered, "codes") if line.strip()]
    assert any(line.endswith("0 Financiële onzekerheid") for line in codes)
    assert not any("Aansluiting traject" in line or "Zelfoverschatting" in line for line in codes)
    assert "onzeker" in filtered[1]   # the filter box shows what was typed


def test_a_filter_that_matches_nothing_says_so(desk):
    app = DeskApp(DeskState(desk, "anna"))
    (lines,) = screens(app, (80, 24), [("slash", *"geld")])[1:]
    assert not [line for line in _inside(lines, "codes") if line.strip()]
    assert any("no code matches 'geld'" in line for line in lines)


@pytest.mark.parametrize("size", SIZES)
def test_timestamps_stand_before_the_speaker(project, tmp_path, size):
    from tests.helpers import small_codebook
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.store.codebooks import load_codebook

    vtt = tmp_path / "gesprek.vtt"
    vtt.write_text("WEBVTT\n\n00:00:02.000 --> 00:00:05.000\n<v Interviewer>Hoe begon het traject?\n\n"
                   "00:01:05.500 --> 00:01:09.000\n<v Respondent>Via de klantmanager, die belde mij op.\n",
                   encoding="utf-8")
    assert import_files(project, [vtt], ImportOptions(pseudonymise=False)).results[0].status == "imported"
    load_codebook(project, small_codebook())
    (lines,) = screens(DeskApp(DeskState(project, "anna")), size, [])
    transcript = _inside(lines, "transcript")
    assert transcript[0].startswith("00:00:02 Interviewer: Hoe begon het traject?")
    assert any(line.startswith("00:01:05 Respondent: Via de klantmanager") for line in transcript)
