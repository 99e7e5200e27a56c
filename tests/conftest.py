import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture
def project(tmp_path):
    from workbench.store.project import Project

    return Project.init(tmp_path / "proj")


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
