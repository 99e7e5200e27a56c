import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


TEST_CODERS = ("anna", "ben", "cor")
TEST_SUPERVISORS = ("demo", "sup", "supervisor")


@pytest.fixture
def project(tmp_path):
    """A new project with the tests' coders registered (as `workbench coder add` would)."""
    from workbench.store.coders import ensure_coders
    from workbench.store.project import Project
    from workbench.vocab import CoderRole

    proj = Project.init(tmp_path / "proj")
    ensure_coders(proj, TEST_CODERS)
    ensure_coders(proj, TEST_SUPERVISORS, CoderRole.SUPERVISOR)
    yield proj
    proj.close()


@pytest.fixture
def db_snapshot():
    """A function returning every row of every table, to assert 'nothing changed'."""
    def snap(project):
        from sqlalchemy import text

        from workbench.store.schema import Base

        out = {}
        with project.engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                out[table.name] = conn.execute(text(f"SELECT * FROM {table.name}")).fetchall()
        return out

    return snap


# ---------------------------------------------------------------- both engines
@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL server on loopback for the whole run (see tests/pg_cluster.py).
    Skips only when no PostgreSQL binaries are installed (fails instead when
    WORKBENCH_REQUIRE_POSTGRESQL is set, as CI does); a server that will not start fails."""
    from tests.pg_cluster import find_bin, start_cluster

    if find_bin("initdb") is None:
        why = "no PostgreSQL binaries (initdb) installed; `make install` installs them"
        if os.environ.get("WORKBENCH_REQUIRE_POSTGRESQL"):  # CI (.ci/run): a skip would prove nothing
            pytest.fail(f"{why} (WORKBENCH_REQUIRE_POSTGRESQL is set)", pytrace=False)
        pytest.skip(why)
    cluster = start_cluster()
    old = os.environ.get("PGPASSWORD")
    os.environ["PGPASSWORD"] = cluster.password  # as a team member would: never in workbench.toml
    try:
        yield cluster
    finally:
        if old is None:
            os.environ.pop("PGPASSWORD", None)
        else:
            os.environ["PGPASSWORD"] = old
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster):
    """The URL of a fresh, empty PostgreSQL database (no password in it)."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_backend(request, monkeypatch):
    """Run a test on SQLite and on PostgreSQL: for PostgreSQL, WORKBENCH_DATABASE_URL points every
    project the test makes at a fresh database. A module opts in with
    ``pytestmark = pytest.mark.usefixtures("db_backend")``."""
    if request.param == "sqlite":
        monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)
        yield "sqlite"
        return
    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", url)
    yield "postgresql"


@pytest.fixture
def only_sqlite(request):
    """Skip the test on PostgreSQL (it checks a SQLite file): ``@pytest.mark.usefixtures("only_sqlite")``."""
    if "db_backend" in request.fixturenames and request.getfixturevalue("db_backend") != "sqlite":
        pytest.skip("checks the SQLite file")
