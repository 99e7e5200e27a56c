"""`workbench db copy --to URL`: SQLite → PostgreSQL → SQLite without loss, checked per table."""

import json

import pytest
from typer.testing import CliRunner

from tests.helpers import make_project, suggest_rows
from workbench.cli.main import app
from workbench.store.codings import list_codings, set_decision
from workbench.store.copy import copy_database
from workbench.store.events import list_events
from workbench.store.memos import list_memos, set_memo
from workbench.store.project import Project

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


def _fill(project, tmp_path):
    segs = [s.id for s in make_project(project, tmp_path)]
    suggest_rows(project, [(segs[0], "motivation", 0.91), (segs[1], "financial_uncertainty", 0.55)])
    with project.session() as s:
        set_decision(s, segs[0], "motivation", "anna", "accepted", reason="duidelijk ‘structuur’")
        set_decision(s, segs[1], "financial_uncertainty", "ben", "rejected")
        set_memo(s, "segment", segs[0], "anna", "Let op: émotie 🙂")
    return segs


def _state(project):
    strip = lambda rows: [{k: v for k, v in r.__dict__.items()} for r in rows]  # noqa: E731
    return strip(list_codings(project)), strip(list_events(project)), strip(list_memos(project))


def test_sqlite_to_postgresql_and_back_loses_nothing(project, tmp_path, pg_url, monkeypatch):
    segs = _fill(project, tmp_path)
    before = _state(project)
    uid = project.uid  # made on first use, so before the copy
    report = copy_database(project, pg_url)
    assert report.ok and {t.table for t in report.tables} >= {"coding", "event", "memo", "coder", "segment", "meta"}
    by = {t.table: t for t in report.tables}
    assert by["coding"].source_rows == len(before[0]) and by["event"].target_rows == len(before[1])

    monkeypatch.setenv("WORKBENCH_DATABASE_URL", pg_url)
    pg = Project.open(project.root)
    assert pg.backend == "postgresql" and _state(pg) == before and pg.uid == uid
    # back to a new SQLite file, before anything changes: the same checksums as the original
    back = tmp_path / "back.db"
    report_back = copy_database(pg, f"sqlite:///{back}")
    assert report_back.ok
    assert [(t.table, t.source_sum) for t in report_back.tables] == [(t.table, t.source_sum) for t in report.tables]
    # the copy is a working project: new rows get new ids after the copied ones
    with pg.session() as s:
        set_decision(s, segs[2], "trajectory_fit", "cor", "accepted")
    assert len(list_codings(pg)) == len(before[0]) + 1
    pg.close()


def test_the_cli_prints_a_row_count_and_checksum_per_table(project, tmp_path, pg_url):
    _fill(project, tmp_path)
    res = runner.invoke(app, ["db", "copy", "--to", pg_url, "-p", str(project.root), "--json"])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["ok"] and all(t["source_rows"] == t["target_rows"] and t["source_sum"] == t["target_sum"]
                              for t in data["tables"])
    # a second copy into the now filled database is refused, and changes nothing
    res = runner.invoke(app, ["db", "copy", "--to", pg_url, "-p", str(project.root)])
    assert res.exit_code == 1 and "not empty" in res.stderr and res.stderr.count("\n") == 1


def test_a_copy_refuses_an_existing_file_and_a_password(project, tmp_path, pg_url):
    (tmp_path / "there.db").write_bytes(b"x")
    res = runner.invoke(app, ["db", "copy", "--to", f"sqlite:///{tmp_path / 'there.db'}", "-p", str(project.root)])
    assert res.exit_code == 1 and "exists already" in res.stderr
    assert (tmp_path / "there.db").read_bytes() == b"x"
    res = runner.invoke(app, ["db", "copy", "--to", pg_url.replace("@", ":geheim@"), "-p", str(project.root)])
    assert res.exit_code == 1 and "holds a password" in res.stderr and "geheim" not in res.stderr


def test_a_failed_copy_leaves_no_file(project, tmp_path, monkeypatch):
    import workbench.store.copy as C

    _fill(project, tmp_path)
    orig_tables = C._tables

    def tables():
        for t in orig_tables():
            if t.name == "event":
                raise RuntimeError("disk full")
            yield t

    monkeypatch.setattr(C, "_tables", tables)
    target = tmp_path / "copy.db"
    with pytest.raises(RuntimeError):
        copy_database(project, f"sqlite:///{target}")
    assert not target.exists()
