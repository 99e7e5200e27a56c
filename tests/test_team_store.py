"""Several writers on one project: suggestion runs that never undo a person's decision, times from
the database, retried short transactions, and a review that never loses a keypress. Every test
runs on SQLite and on PostgreSQL."""

import io
import sqlite3
import threading
from datetime import datetime, timezone

import pytest
from rich.console import Console

from tests.helpers import make_project, suggest_rows
from workbench.review.loop import run_review
from workbench.review.session import ReviewSession
from workbench.store.codings import list_codings, mark_seen, set_decision
from workbench.store.events import list_events
from workbench.store.retry import DatabaseBusy, run_write
from workbench.store.suggestions import begin_run, finish_run, write_suggestions

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL


def _model(project):
    return {(c.segment_id, c.code_id): c for c in list_codings(project, coder="model")}


def test_a_run_never_replaces_a_suggestion_a_coder_decided_on_meanwhile(project, tmp_path):
    s1, s2, *_ = (s.id for s in make_project(project, tmp_path))
    suggest_rows(project, [(s1, "motivation", 0.9), (s2, "motivation", 0.8), (s2, "zelfoverschatting", 0.7)])
    old = _model(project)
    run = begin_run(project, "suggest", ["motivation", "zelfoverschatting"], 2)
    # while the run scores, anna decides on s1/motivation
    with project.session() as s:
        set_decision(s, s1, "motivation", "anna", "rejected")
    rows = [(s1, "motivation", 0.5, "new"), (s2, "motivation", 0.6, "new")]
    written, kept = write_suggestions(project, run, rows, [s1, s2], ["motivation", "zelfoverschatting"])
    finish_run(project, run, written, kept)
    now = _model(project)
    assert (written, kept) == (1, 1)
    assert now[(s1, "motivation")].score == 0.9 and now[(s1, "motivation")].id == old[(s1, "motivation")].id
    assert now[(s2, "motivation")].score == 0.6  # replaced in place: same row
    assert now[(s2, "motivation")].id == old[(s2, "motivation")].id
    assert (s2, "zelfoverschatting") not in now  # not suggested any more
    anna = list_codings(project, coder="anna")
    assert [(c.segment_id, c.code_id, c.status) for c in anna] == [(s1, "motivation", "rejected")]
    ev = [e for e in list_events(project, action="suggest")][-1]
    assert ev.details["run"] == run.id and ev.details["kept"] == 1


def test_a_decision_before_the_run_started_does_not_protect_a_suggestion(project, tmp_path):
    s1, *_ = (s.id for s in make_project(project, tmp_path))
    suggest_rows(project, [(s1, "motivation", 0.9)])
    with project.session() as s:
        set_decision(s, s1, "motivation", "anna", "accepted")
    run = begin_run(project, "suggest", ["motivation"], 1)
    assert write_suggestions(project, run, [(s1, "motivation", 0.4, "r")], [s1], ["motivation"]) == (1, 0)
    assert _model(project)[(s1, "motivation")].score == 0.4


def test_times_have_microseconds_and_come_from_the_database(project, tmp_path, monkeypatch, db_backend):
    s1, s2, *_ = (s.id for s in make_project(project, tmp_path))

    class Frozen(datetime):  # this machine's clock, stuck in the past
        @classmethod
        def now(cls, tz=None):
            return datetime(2000, 1, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)

    monkeypatch.setattr("workbench.store.clock.datetime", Frozen)
    with project.session() as s:
        set_decision(s, s1, "motivation", "anna", "accepted")
    (c,) = list_codings(project, coder="anna")
    with project.engine.connect() as conn:
        from sqlalchemy import text

        stored = conn.execute(text("SELECT updated_at FROM coding WHERE coder = 'anna'")).scalar_one()
    stored = stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)
    if db_backend == "postgresql":
        assert stored.year > 2000  # the server's clock, not this machine's
        assert stored.microsecond or stored.second  # not cut to the second
    else:
        assert stored.replace(tzinfo=None) == datetime(2000, 1, 1, 12, 0, 0, 123456)
    assert c.updated_at.startswith(str(stored.year))


def test_later_writes_get_later_times(project, tmp_path):
    s1, s2, *_ = (s.id for s in make_project(project, tmp_path))
    for sid in (s1, s2):
        with project.session() as s:
            set_decision(s, sid, "motivation", "anna", "accepted")
    with project.engine.connect() as conn:
        from sqlalchemy import text

        times = [r[0] for r in conn.execute(text(
            "SELECT at FROM event WHERE actor = 'anna' ORDER BY id"))]
    assert times[0] < times[1]


def test_run_write_retries_the_whole_transaction_when_the_database_is_busy(project, tmp_path):
    from sqlalchemy.exc import OperationalError

    s1, *_ = (s.id for s in make_project(project, tmp_path))
    calls = []

    def work(s):
        calls.append(1)
        set_decision(s, s1, "motivation", "anna", "accepted")
        if len(calls) < 3:  # the first two attempts fail after writing: nothing of them may stay
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
        return "done"

    assert run_write(project, work, sleep=lambda _: None) == "done"
    assert len(calls) == 3
    assert len(list_codings(project, coder="anna")) == 1
    assert len([e for e in list_events(project, coder="anna") if e.action == "accepted"]) == 1


def test_run_write_gives_up_with_one_line_and_writes_nothing(project, tmp_path):
    from sqlalchemy.exc import OperationalError

    s1, *_ = (s.id for s in make_project(project, tmp_path))

    def work(s):
        set_decision(s, s1, "motivation", "anna", "accepted")
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(DatabaseBusy) as err:
        run_write(project, work, attempts=3, sleep=lambda _: None)
    assert "3 tries" in str(err.value) and "\n" not in str(err.value)
    assert list_codings(project, coder="anna") == []


def test_review_keeps_a_decision_the_database_cannot_take_and_saves_it_later(project, tmp_path, monkeypatch):
    segs = [s.id for s in make_project(project, tmp_path)]
    suggest_rows(project, [(segs[0], "motivation", 0.9), (segs[1], "financial_uncertainty", 0.8)])
    session = ReviewSession(project, "anna")
    real = type(project).write
    busy = {"on": True}

    def write(self, work, **kw):
        if busy["on"]:
            raise DatabaseBusy("the database stayed busy")
        return real(self, work, **kw)

    monkeypatch.setattr(type(project), "write", write)
    session.accept_all()  # the keypress: not written, but kept
    assert session.unsaved and "kept" in session.notice
    assert list_codings(project, coder="anna") == []
    busy["on"] = False
    session.accept_all()  # the next decision writes both, oldest first
    assert not session.unsaved and session.notice is None
    got = {(c.segment_id, c.code_id) for c in list_codings(project, coder="anna")}
    assert got == {(segs[0], "motivation"), (segs[1], "financial_uncertainty")}


def test_review_saves_what_it_could_not_write_to_a_file_at_the_end(project, tmp_path, monkeypatch):
    import json

    segs = [s.id for s in make_project(project, tmp_path)]
    suggest_rows(project, [(segs[0], "motivation", 0.9)])
    session = ReviewSession(project, "anna")

    def write(self, work, **kw):
        raise DatabaseBusy("the database stayed busy")

    monkeypatch.setattr(type(project), "write", write)
    buf = io.StringIO()
    summary = run_review(session, iter(["a", "q"]), lambda _: "", Console(file=buf, width=100))
    assert summary["unsaved"] == 1
    (path,) = (project.root / "logs").glob("unsaved-anna-*.json")
    data = json.loads(path.read_text())
    assert data["decisions"][0]["segment_id"] == segs[0] and data["decisions"][0]["accepted"] == ["motivation"]
    assert str(path) in " ".join(buf.getvalue().split()).replace(" ", "") or path.name in buf.getvalue()


def test_review_skips_a_segment_judged_elsewhere_and_shows_superseded_suggestions_as_they_are(project, tmp_path):
    segs = [s.id for s in make_project(project, tmp_path)]
    suggest_rows(project, [(sid, "motivation", 0.9) for sid in segs])
    session = ReviewSession(project, "anna")
    assert session.current().segment.id == segs[0]
    # meanwhile: anna judges segs[1] in another window; a new run re-scores segs[2]
    with project.session() as s:
        mark_seen(s, segs[1], "anna")
    run = begin_run(project, "suggest", ["motivation", "trajectory_fit"], 1)
    write_suggestions(project, run, [(segs[2], "trajectory_fit", 0.77, "newer")], [segs[2]],
                      ["motivation", "trajectory_fit"])
    session.reject_all()
    assert session.current().segment.id == segs[2]  # segs[1] skipped
    assert [(x.code, x.score) for x in session.current().suggestions] == [("trajectory_fit", 0.77)]
    session.accept_all()
    assert {(c.segment_id, c.code_id, c.status) for c in list_codings(project, coder="anna")} == {
        (segs[0], "motivation", "rejected"), (segs[2], "trajectory_fit", "accepted")}
    assert session.skipped_elsewhere == 1


def test_sqlite_write_waits_for_another_writer(project, tmp_path, only_sqlite):
    s1, *_ = (s.id for s in make_project(project, tmp_path))
    other = sqlite3.connect(project.db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    other.execute("UPDATE meta SET value = value WHERE key = 'schema_version'")
    done = threading.Event()
    release = threading.Timer(0.3, lambda: (other.execute("COMMIT"), done.set()))
    release.start()
    project.write(lambda s: set_decision(s, s1, "motivation", "anna", "accepted"))
    assert done.is_set()  # the write waited for the lock instead of failing
    other.close()
    assert len(list_codings(project, coder="anna")) == 1


def test_a_network_drive_is_named_when_opening(tmp_path, monkeypatch, only_sqlite):
    from typer.testing import CliRunner

    from workbench.cli.main import app
    from workbench.store.db import network_filesystem
    from workbench.store.project import Project

    mounts = "/dev/sda1 / ext4 rw 0 0\n//nas/team /mnt/team cifs rw 0 0\n"
    assert network_filesystem(tmp_path, mounts) is None
    from pathlib import Path

    assert network_filesystem(Path("/mnt/team/studie"), mounts) == "cifs"
    Project.init(tmp_path / "p").close()
    monkeypatch.setattr("workbench.store.db.network_filesystem", lambda path, mounts=None: "cifs")
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    res = runner.invoke(app, ["transcripts", "-p", str(tmp_path / "p")])
    assert res.exit_code == 0
    assert "network drive (cifs)" in res.stderr and "PostgreSQL" in res.stderr
