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
    return proj


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
