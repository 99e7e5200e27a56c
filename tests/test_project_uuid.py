"""Migration 0002: every project has a uuid, the seed of its exported REFI-QDA GUIDs."""

from __future__ import annotations

import sqlite3

from test_migrations import _old_style_project
from workbench.store.exchange import ensure_project_uuid
from workbench.store.project import Project


def _uuid_rows(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT value FROM meta WHERE key='project_uuid'").fetchall()
    finally:
        con.close()


def test_an_old_project_gets_a_uuid_when_upgraded_and_keeps_it(tmp_path):
    root = _old_style_project(tmp_path)
    assert _uuid_rows(root / "workbench.db") == []
    proj = Project.open(root)
    (value,), = _uuid_rows(root / "workbench.db")
    assert len(value) == 36 and ensure_project_uuid(proj) == value


def test_new_projects_have_their_own_uuid(tmp_path):
    a, b = Project.init(tmp_path / "a"), Project.init(tmp_path / "b")
    assert ensure_project_uuid(a) != ensure_project_uuid(b)
    assert ensure_project_uuid(a) == ensure_project_uuid(Project.open(tmp_path / "a"))


def test_the_key_file_names_the_same_project_id_as_the_exports(tmp_path):
    import uuid

    proj = Project.init(tmp_path / "p")
    try:
        assert proj.uid == uuid.UUID(ensure_project_uuid(proj)).hex
        with sqlite3.connect(proj.root / "workbench.db") as con:
            stored = con.execute("SELECT value FROM meta WHERE key='project_uid'").fetchone()
        assert stored == (proj.uid,)
    finally:
        proj.close()
