"""A broken database or database setting gives one line, exit 1, and changes nothing."""

import hashlib
import sqlite3
import sys

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.store.project import Project

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


def _tree(root):
    """Every file under the project folder with its content hash."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _fails_with(root, *needles, args=("transcripts",)):
    before = _tree(root)
    res = runner.invoke(app, [*args, "-p", str(root)])
    assert res.exit_code == 1, res.output
    err = res.stderr
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    assert _tree(root) == before, "the project folder changed"
    return err


@pytest.fixture
def root(tmp_path):
    r = tmp_path / "proj"
    Project.init(r).close()
    return r


def _set_database(root, value: str) -> None:
    cfg = root / "workbench.toml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace('database = "sqlite:///workbench.db"', f"database = {value}"), encoding="utf-8")


def test_a_missing_database_is_an_error_not_a_new_empty_project(root):
    (root / "workbench.db").unlink()
    _fails_with(root, "workbench.db is missing; restore it from a backup or run `workbench init`")
    assert not (root / "workbench.db").exists()


def test_random_bytes_are_not_a_database(root):
    (root / "workbench.db").write_bytes(bytes(range(256)) * 40)
    _fails_with(root, "workbench.db is not a SQLite database (file is not a database)", "backup")


def test_an_empty_file_is_refused(root):
    (root / "workbench.db").write_bytes(b"")
    _fails_with(root, "workbench.db is empty")


def test_a_truncated_database_is_malformed(root):
    con = sqlite3.connect(root / "workbench.db")
    con.executemany("INSERT INTO event (at, actor, action, details) VALUES ('2025-01-01', 'x', 'y', ?)",
                    [("{\"n\": \"%s\"}" % ("z" * 500),) for _ in range(200)])
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    db = root / "workbench.db"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    _fails_with(root, "workbench.db is truncated", "malformed")


def test_damage_found_after_opening_is_one_line_too(root):
    """A page broken inside the file (the header is fine) shows up only when it is read."""
    from workbench.store.events import list_events

    proj = Project.open(root)
    db = root / "workbench.db"
    proj.close()
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root_page = con.execute("SELECT rootpage FROM sqlite_master WHERE name='event'").fetchone()[0]
    con.close()
    data = bytearray(db.read_bytes())
    start = (root_page - 1) * page_size
    data[start:start + page_size] = b"\xff" * page_size
    db.write_bytes(bytes(data))
    from workbench.errors import ProjectError

    with pytest.raises(ProjectError) as err:
        list_events(Project.open(root))
    assert "damaged or unreadable" in str(err.value) and "malformed" in str(err.value)


@pytest.mark.parametrize("value", ['"abc"', '"0"'])
def test_a_schema_version_no_workbench_wrote_is_refused(root, value):
    con = sqlite3.connect(root / "workbench.db")
    con.execute("DROP TABLE alembic_version")
    con.execute(f"UPDATE meta SET value = {value} WHERE key = 'schema_version'")
    con.commit()
    con.close()
    _fails_with(root, f"meta.schema_version is '{value.strip(chr(34))}', which no workbench ever wrote")
    _fails_with(root, "which no workbench ever wrote", args=("db", "upgrade"))


def test_a_database_in_a_missing_folder(root):
    _set_database(root, '"sqlite:///nergens/workbench.db"')
    _fails_with(root, "nergens, does not exist", "[project] database")
    assert not (root / "nergens").exists()


def test_a_value_that_is_not_a_url(root):
    _set_database(root, '"workbench.db"')
    _fails_with(root, "workbench.toml: [project] database = 'workbench.db' is not a database URL")


def test_a_number_is_not_a_url(root):
    _set_database(root, "5")
    _fails_with(root, "[project] database must be a text URL", "not 5")


def test_an_unknown_database_kind(root):
    _set_database(root, '"mysqlx://u@h/d"')
    _fails_with(root, "unknown database kind")


def test_postgresql_without_its_driver(root, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    _set_database(root, '"postgresql+psycopg://team@localhost/studie"')
    _fails_with(root, "database driver", "is not installed", "psycopg")
    _fails_with(root, "is not installed", args=("db", "status"))
