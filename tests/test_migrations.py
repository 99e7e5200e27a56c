"""Schema revisions with Alembic: new projects, pre-Alembic projects, upgrades, refusals."""

import hashlib
import sqlite3

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.errors import ProjectError
from workbench.store import migrate as M
from workbench.store.project import Project

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()

TEST_REVISION = '''
import sqlalchemy as sa
from alembic import op

revision = "9000_test_extra"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("test_extra", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("test_extra")
'''


def _sql(path, query):
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _old_style_project(tmp_path):
    """A project as workbench made it before Alembic: baseline tables, meta.schema_version = 1."""
    from alembic import command
    from sqlalchemy import create_engine

    root = tmp_path / "old"
    Project.init(root).close()
    (root / "workbench.db").unlink()
    engine = create_engine(f"sqlite:///{root / 'workbench.db'}")
    with engine.begin() as conn:
        command.upgrade(M.alembic_config(conn), M.BASELINE)
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('schema_version', '1')")
        conn.exec_driver_sql("INSERT INTO codebook (name, version, language, loaded_at) "
                             "VALUES ('oud', '1', 'nl', '2025-01-01')")
    engine.dispose()
    return root


@pytest.fixture
def test_revision(tmp_path, monkeypatch):
    """A second revision on top of this program's head, seen only by this test."""
    folder = tmp_path / "test_versions"
    folder.mkdir()
    (folder / "9000_test_extra.py").write_text(TEST_REVISION.format(down=M.head_revision()))
    monkeypatch.setattr(M, "VERSION_LOCATIONS", [*M.VERSION_LOCATIONS, folder])
    return "9000_test_extra"


def test_a_new_project_is_at_head(project):
    st = M.status(project)
    assert st.revision == M.head_revision() and st.pending == [] and st.backend == "sqlite"
    assert _sql(project.db_path, "SELECT value FROM meta WHERE key='schema_version'") == [(M.ALEMBIC_MARKER,)]


def test_the_migrations_build_exactly_the_orm_schema(tmp_path):
    """create_all (new projects) and running every migration (old ones) give the same schema."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from workbench.store.schema import Base

    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        command.upgrade(M.alembic_config(conn), "head")
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_an_old_style_project_is_stamped_and_keeps_its_data(tmp_path):
    root = _old_style_project(tmp_path)
    assert M.status(Project.open(root, migrate=False)).revision == M.BASELINE
    proj = Project.open(root)
    assert M.status(proj).revision == M.head_revision()
    assert _sql(root / "workbench.db", "SELECT name FROM codebook") == [("oud",)]
    backups = list(root.glob(f"workbench.db.bak-{M.BASELINE}-*"))
    assert len(backups) == 1
    assert _sql(backups[0], "SELECT value FROM meta WHERE key='schema_version'") == [("1",)]


def test_an_upgrade_backs_up_then_applies_the_new_revision(tmp_path, test_revision):
    old_head = M.pending_revisions(None)[-2]
    M.VERSION_LOCATIONS, saved = M.VERSION_LOCATIONS[:1], M.VERSION_LOCATIONS
    root = tmp_path / "p"
    Project.init(root).close()  # made by "this program before the new revision"
    M.VERSION_LOCATIONS = saved
    st = M.status(Project.open(root, migrate=False))
    assert st.revision == old_head and st.pending == [test_revision]

    res = runner.invoke(app, ["db", "status", "-p", str(root), "--json"])
    assert res.exit_code == 0 and '"pending": [\n  "9000_test_extra"\n ]' in res.stdout

    proj = Project.open(root)
    assert M.status(proj).revision == test_revision
    assert _sql(root / "workbench.db", "SELECT count(*) FROM test_extra") == [(0,)]
    (backup,) = root.glob(f"workbench.db.bak-{old_head}-*")
    assert _sql(backup, "SELECT version_num FROM alembic_version") == [(old_head,)]
    assert _sql(backup, "SELECT name FROM sqlite_master WHERE name='test_extra'") == []


def test_db_upgrade_command(tmp_path, test_revision):
    M.VERSION_LOCATIONS, saved = M.VERSION_LOCATIONS[:1], M.VERSION_LOCATIONS
    root = tmp_path / "p"
    Project.init(root).close()
    M.VERSION_LOCATIONS = saved
    res = runner.invoke(app, ["db", "upgrade", "-p", str(root)])
    assert res.exit_code == 0 and f"Applied {test_revision}." in res.stdout and "Backup:" in res.stdout
    res = runner.invoke(app, ["db", "upgrade", "-p", str(root)])
    assert res.exit_code == 0 and "Already up to date." in res.stdout


def test_a_database_newer_than_this_program_is_refused_and_untouched(project):
    db = project.db_path
    project.close()
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = _digest(db)
    listing = sorted(p.name for p in db.parent.iterdir())
    res = runner.invoke(app, ["transcripts", "-p", str(db.parent)])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "9999_from_the_future, newer than this workbench" in res.stderr
    assert "upgrade workbench" in res.stderr and "Traceback" not in res.stderr
    assert _digest(db) == before and sorted(p.name for p in db.parent.iterdir()) == listing
    res = runner.invoke(app, ["db", "upgrade", "-p", str(db.parent)])
    assert res.exit_code == 1 and _digest(db) == before


def test_postgresql_behind_head_is_never_upgraded_on_open():
    head, known = M.head_revision(), M.known_revisions()
    behind = M.DbState(backend="postgresql", has_tables=True, revision=M.BASELINE)
    legacy = M.DbState(backend="postgresql", has_tables=True, legacy="1")
    fake_head = "9000_test_extra"
    assert M.decide(behind, fake_head, known | {fake_head}) == M.Action.ASK_UPGRADE
    assert M.decide(legacy, head, known) == M.Action.ASK_UPGRADE
    with pytest.raises(ProjectError) as err:
        M.check_open(legacy, "postgresql+psycopg://team@db/studie")
    assert "run `workbench db upgrade`" in str(err.value) and "\n" not in str(err.value)
    # the same states on SQLite upgrade automatically
    assert M.decide(M.DbState("sqlite", True, revision=M.BASELINE), fake_head, known | {fake_head}) == M.Action.UPGRADE
    assert M.decide(M.DbState("sqlite", True, legacy="1"), head, known) == M.Action.UPGRADE


def test_decide_covers_current_newer_empty_and_foreign():
    head, known = M.head_revision(), M.known_revisions()
    assert M.decide(M.DbState("sqlite", True, revision=head), head, known) == M.Action.CURRENT
    assert M.decide(M.DbState("postgresql", True, revision=head), head, known) == M.Action.CURRENT
    assert M.decide(M.DbState("sqlite", True, revision="zzz"), head, known) == M.Action.NEWER
    assert M.decide(M.DbState("sqlite", True, legacy="3"), head, known) == M.Action.NEWER
    assert M.decide(M.DbState("sqlite", False), head, known) == M.Action.EMPTY
    for legacy in (None, "abc", "0", ""):
        assert M.decide(M.DbState("sqlite", True, legacy=legacy), head, known) == M.Action.FOREIGN
