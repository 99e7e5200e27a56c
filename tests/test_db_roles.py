"""Coders mapped to PostgreSQL roles (`workbench coder add NAME --db-role`): the server's
row-level security keeps one coder from writing or rewriting another's decisions, while a
supervisor reconciles. On SQLite the flag says plainly that it needs PostgreSQL."""

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.helpers import make_project
from workbench.cli.main import app
from workbench.errors import WorkbenchError
from workbench.store.codings import list_codings, set_consensus, set_decision
from workbench.store.project import Project


def _runner():
    return CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


def _one_line(res) -> str:
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code != 0 and len(lines) == 1 and "Traceback" not in res.stderr, (res.exit_code, res.stderr)
    return " ".join(lines[0].split())


def test_db_role_on_sqlite_says_it_needs_postgresql(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)
    Project.init(tmp_path / "p").close()
    res = _runner().invoke(app, ["coder", "add", "ria", "--db-role", "-p", str(tmp_path / "p")])
    line = _one_line(res)
    assert "--db-role needs a PostgreSQL database" in line and "SQLite" in line
    res = _runner().invoke(app, ["coder", "list", "-p", str(tmp_path / "p"), "--json"])
    assert res.exit_code == 0 and "ria" not in res.stdout  # nothing registered either


@pytest.fixture
def team(pg_cluster, pg_url, tmp_path, monkeypatch):
    """A PostgreSQL project made by the owner (the cluster's admin), with ria and bas as coders
    and sam as supervisor, each mapped to a login role with their own password (names of their
    own: roles belong to the whole server, and other tests make an anna)."""
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", pg_url)
    project = Project.init(tmp_path / "proj")
    segs = [s.id for s in make_project(project, tmp_path)]
    project.close()
    root = str(tmp_path / "proj")
    runner = _runner()
    for name, role in (("ria", "coder"), ("bas", "coder"), ("sam", "supervisor")):
        res = runner.invoke(app, ["coder", "add", name, "--role", role, "--db-role", "--login", "-p", root],
                            env={"WORKBENCH_ROLE_PASSWORD": f"pw-{name}"})
        assert res.exit_code == 0, res.stderr
        assert f"Database role {name} " in res.stdout  # created, or updated (roles are the whole server's)
    again = runner.invoke(app, ["coder", "add", "ria", "--db-role", "-p", root])  # idempotent
    assert again.exit_code == 0 and "Database role ria updated" in again.stdout, again.stderr
    db = pg_url.rsplit("/", 1)[1]

    def as_(name: str) -> dict:
        return {"WORKBENCH_DATABASE_URL": pg_cluster.url(db, user=name), "PGPASSWORD": f"pw-{name}"}

    return root, segs, as_, runner


def _open_as(env: dict, root: str, monkeypatch) -> Project:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return Project.open(root)


def test_a_coder_connected_as_their_role_cannot_change_another_coders_decisions(team, monkeypatch):
    root, segs, as_, runner = team
    s1, s2 = segs[0], segs[1]
    for who in ("bas", "ria"):
        res = runner.invoke(app, ["code", "add", str(s1), "motivation", "--coder", who, "-p", root], env=as_(who))
        assert res.exit_code == 0, res.stderr
    # through the CLI: the server refuses; one clear line, non-zero exit, nothing written
    res = runner.invoke(app, ["code", "add", str(s2), "motivation", "--coder", "bas", "-p", root], env=as_("ria"))
    line = _one_line(res)
    assert "the database server refused this change" in line and "row-level security" in line
    # review checks who is connected before the first key
    res = runner.invoke(app, ["review", "--coder", "bas", "-p", root], env=as_("ria"), input="q\n")
    assert "connected to the database as ria" in _one_line(res)

    ria = _open_as(as_("ria"), root, monkeypatch)
    try:
        # past workbench's own checks, the server itself refuses: writing bas's row ...
        with pytest.raises(WorkbenchError, match="refused this change"):
            ria.write(lambda s: set_decision(s, s1, "motivation", "bas", "rejected"))
        # ... or the consensus (only a supervisor's role writes it) ...
        with pytest.raises(WorkbenchError, match="refused this change"):
            ria.write(lambda s: set_consensus(s, s1, "motivation", "accepted", decided_by="sam"))
        # ... and plain SQL does not reach bas's rows, nor rewrites the audit log
        with ria.engine.begin() as conn:
            assert conn.execute(text("UPDATE coding SET status = 'rejected' WHERE coder = 'bas'")).rowcount == 0
            assert conn.execute(text("DELETE FROM seen WHERE coder = 'bas'")).rowcount == 0
        with pytest.raises(Exception, match="permission denied"), ria.engine.begin() as conn:
            conn.execute(text("DELETE FROM event"))
        # ria still writes her own decisions and reads everyone's
        ria.write(lambda s: set_decision(s, s2, "zelfoverschatting", "ria", "accepted"))
        # and may run `suggest`: the model's rows are any coder's to write
        from tests.test_suggest_fakes import fake_encoder
        from workbench.suggest.project import run_suggest

        run_suggest(ria, encoder=fake_encoder)
        assert list_codings(ria, coder="model")
        got = {(c.segment_id, c.code_id, c.coder, c.status) for c in list_codings(ria)}
    finally:
        ria.close()
    assert (s1, "motivation", "bas", "accepted") in got
    assert not any(c == "bas" and sid == s2 for sid, _, c, _ in got)
    assert (s2, "zelfoverschatting", "ria", "accepted") in got


def test_a_supervisor_connected_as_their_role_reconciles(team, tmp_path, monkeypatch):
    root, segs, as_, runner = team
    s1 = segs[0]
    for who, code in (("ria", "motivation"), ("bas", "financial_uncertainty")):
        res = runner.invoke(app, ["code", "add", str(s1), code, "--coder", who, "-p", root], env=as_(who))
        assert res.exit_code == 0, res.stderr
    decisions = tmp_path / "besluit.csv"
    decisions.write_text(f"segment,codes,reason\n{s1},motivation;financial_uncertainty,allebei\n", encoding="utf-8")
    res = runner.invoke(app, ["reconcile", "--by", "ria", "--from-csv", str(decisions), "-p", root], env=as_("ria"))
    assert "only a supervisor reconciles" in _one_line(res)
    res = runner.invoke(app, ["reconcile", "--by", "sam", "--from-csv", str(decisions), "-p", root], env=as_("sam"))
    assert res.exit_code == 0, res.stderr
    project = _open_as(as_("sam"), root, monkeypatch)
    try:
        got = {(c.code_id, c.status) for c in list_codings(project, coder="consensus")}
    finally:
        project.close()
    assert got == {("motivation", "accepted"), ("financial_uncertainty", "accepted")}
