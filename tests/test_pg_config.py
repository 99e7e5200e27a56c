"""A team project on a real PostgreSQL server: the setting, where the password comes from, and
one clear line (nothing changed) for a wrong URL, an unreachable server, wrong credentials, or a
database on an older or newer schema."""


import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tests.test_store_errors import _tree
from workbench.cli.main import app
from workbench.store.project import Project

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.fixture
def team(tmp_path, pg_url, monkeypatch):
    """A project whose workbench.toml points at a PostgreSQL database (``[database] url``)."""
    monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)
    res = runner.invoke(app, ["init", str(tmp_path / "team"), "--database", pg_url])
    assert res.exit_code == 0, res.output
    return tmp_path / "team"


def _rows(url, password):
    eng = create_engine(url.replace("@", f":{password}@", 1))
    try:
        with eng.connect() as c:
            tables = [r[0] for r in c.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'"))]
            return {t: c.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in sorted(tables)} | {
                "alembic": c.execute(text("SELECT version_num FROM alembic_version")).scalar()}
    finally:
        eng.dispose()


def _fails(root, *needles, args=("transcripts",), env=None):
    before = _tree(root)
    res = runner.invoke(app, [*args, "-p", str(root)], env=env)
    assert res.exit_code == 1, res.output
    err = res.stderr
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err
    assert _tree(root) == before
    return err


def _set_url(root, url):
    cfg = root / "workbench.toml"
    body = cfg.read_text().split("\n[database]\n")[0]
    cfg.write_text(body + f'\n[database]\nurl = "{url}"\n')


def test_init_on_postgresql_then_work_and_status(team, pg_url, pg_cluster):
    toml = (team / "workbench.toml").read_text()
    assert f'url = "{pg_url}"' in toml and pg_cluster.password not in toml
    assert not (team / "workbench.db").exists()
    assert runner.invoke(app, ["coder", "add", "anna", "-p", str(team)]).exit_code == 0
    res = runner.invoke(app, ["db", "status", "--json", "-p", str(team)])
    assert res.exit_code == 0 and '"backend": "postgresql"' in res.output and '"up_to_date": true' in res.output
    assert _rows(pg_url, pg_cluster.password)["coder"] == 1
    # a second init on the same, no longer empty, database is refused
    res = runner.invoke(app, ["init", str(team.parent / "again"), "--database", pg_url])
    assert res.exit_code == 1 and "already holds tables" in res.stderr
    assert not (team.parent / "again" / "workbench.toml").exists()


def test_the_environment_setting_wins_over_the_file(team, pg_url, pg_cluster, tmp_path):
    solo = tmp_path / "solo"
    Project.init(solo).close()
    res = runner.invoke(app, ["db", "status", "--json", "-p", str(solo)], env={"WORKBENCH_DATABASE_URL": pg_url})
    assert res.exit_code == 0 and '"backend": "postgresql"' in res.output


def test_a_password_in_workbench_toml_is_refused(team, pg_url, pg_cluster):
    _set_url(team, pg_url.replace("@", f":{pg_cluster.password}@", 1))
    err = _fails(team, "[database] url holds a password", "PGPASSWORD", "~/.pgpass")
    assert pg_cluster.password not in err


def test_wrong_credentials(team, pg_url, pg_cluster):
    before = _rows(pg_url, pg_cluster.password)
    err = _fails(team, "refused the credentials", "PGPASSWORD", env={"PGPASSWORD": "not-it"})
    assert "not-it" not in err
    _fails(team, "refused the credentials", args=("coder", "add", "ben"), env={"PGPASSWORD": "not-it"})
    assert _rows(pg_url, pg_cluster.password) == before


def test_the_password_can_come_from_pgpass(team, pg_cluster, tmp_path):
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"127.0.0.1:{pg_cluster.port}:*:wbadmin:{pg_cluster.password}\n")
    passfile.chmod(0o600)
    env = {"PGPASSWORD": None, "PGPASSFILE": str(passfile)}
    res = runner.invoke(app, ["coder", "list", "-p", str(team)], env=env)
    assert res.exit_code == 0, res.stderr


def test_an_unreachable_server(team, pg_cluster):
    _set_url(team, f"postgresql+psycopg://wbadmin@127.0.0.1:{pg_cluster.port + 1 if pg_cluster.port < 65535 else 1}/x")
    _fails(team, "cannot reach the database server", "127.0.0.1")


def test_a_database_that_does_not_exist(team, pg_cluster):
    _set_url(team, pg_cluster.url("nosuchdb"))
    _fails(team, "does not exist", "createdb")


def test_a_url_that_is_not_a_url(team):
    _set_url(team, "postgresql+psycopg://wbadmin@127.0.0.1:notaport/x")
    _fails(team, "is not a database URL")


def test_an_older_schema_asks_for_db_upgrade_and_an_upgrade_keeps_the_data(team, pg_url, pg_cluster):
    from alembic import command

    from workbench.store import migrate as M

    assert runner.invoke(app, ["coder", "add", "anna", "-p", str(team)]).exit_code == 0
    eng = create_engine(pg_url.replace("@", f":{pg_cluster.password}@", 1))
    with eng.begin() as conn:
        command.downgrade(M.alembic_config(conn), "0002_transcript_uid_headers")
    eng.dispose()
    before = _rows(pg_url, pg_cluster.password)
    _fails(team, "schema revision 0002_transcript_uid_headers", "run `workbench db upgrade`")
    _fails(team, "run `workbench db upgrade`", args=("coder", "add", "ben"))
    assert _rows(pg_url, pg_cluster.password) == before
    res = runner.invoke(app, ["db", "upgrade", "-p", str(team)])
    assert res.exit_code == 0 and "0003_pg_suggest_run" in res.output
    res = runner.invoke(app, ["coder", "list", "--json", "-p", str(team)])
    assert res.exit_code == 0 and '"anna"' in res.output


def test_a_newer_schema_is_refused_and_untouched(team, pg_url, pg_cluster):
    eng = create_engine(pg_url.replace("@", f":{pg_cluster.password}@", 1))
    with eng.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    eng.dispose()
    before = _rows(pg_url, pg_cluster.password)
    _fails(team, "9999_from_the_future, newer than this workbench")
    _fails(team, "newer than this workbench", args=("db", "upgrade"))
    assert _rows(pg_url, pg_cluster.password) == before


def test_database_roles_keep_one_coder_from_writing_anothers_codings(team, pg_url, pg_cluster, monkeypatch):
    """docs/team.md, Roles: with row-level security a coder's role writes only their own rows;
    a refused write is one line."""
    for name in ("anna", "ben"):
        assert runner.invoke(app, ["coder", "add", name, "-p", str(team)]).exit_code == 0
    db = pg_url.rsplit("/", 1)[1]
    for stmt in ["DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anna') THEN "
                 "CREATE ROLE anna LOGIN PASSWORD 'anna-pw'; END IF; END $$",
                 "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO anna",
                 "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO anna",
                 "ALTER TABLE coding ENABLE ROW LEVEL SECURITY",
                 "CREATE POLICY read_all ON coding FOR SELECT USING (true)",
                 "CREATE POLICY own_rows ON coding FOR ALL USING (coder = current_user) WITH CHECK (coder = current_user)"]:
        pg_cluster.sql(stmt, db)
    from tests.helpers import make_project

    monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)
    proj = Project.open(team)
    seg = make_project(proj, team.parent)[0].id
    proj.close()
    env = {"WORKBENCH_DATABASE_URL": pg_cluster.url(db, "anna"), "PGPASSWORD": "anna-pw"}
    res = runner.invoke(app, ["code", "add", str(seg), "motivation", "--coder", "anna", "-p", str(team)], env=env)
    assert res.exit_code == 0, res.stderr
    err = _fails(team, "refused this change", "row-level security", "docs/team.md",
                 args=("code", "add", str(seg), "motivation", "--coder", "ben"), env=env)
    assert "Traceback" not in err
