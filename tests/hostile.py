"""Shared pieces for the hostile-input tests: a coded project and its fingerprint."""

import hashlib
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from workbench.cli.main import app


def run(*args, cwd=None):
    """Invoke the CLI (optionally from ``cwd``); returns the result with stdout and stderr apart."""
    import os

    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(app, [str(a) for a in args])
    finally:
        os.chdir(old)


def coded_project(project, tmp_path: Path):
    """The small test project with two coders' codings, one with a formula-like reason."""
    from helpers import make_project

    segs = make_project(project, tmp_path)
    for coder, code in (("anna", "motivation"), ("ben", "financial_uncertainty")):
        res = run("code", "add", segs[0].id, code, "--coder", coder, "--reason", '=HYPERLINK("http://x")',
                  "--project", project.root)
        assert res.exit_code == 0, res.output
    return segs


def fingerprint(root: Path) -> tuple:
    """Row counts of every table and a hash of the database and settings bytes."""
    root = Path(root)
    db = sqlite3.connect(root / "workbench.db")
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        counts = tuple((t, db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables)
    finally:
        db.close()
    digest = hashlib.sha256()
    for name in ("workbench.db", "workbench.toml"):
        digest.update((root / name).read_bytes())
    return counts, digest.hexdigest()


def one_line_error(res, *needles: str) -> str:
    """The CLI failed with exit 1 and one line on stderr holding every needle, no traceback."""
    assert res.exit_code == 1, (res.exit_code, res.output)
    err = res.stderr
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in res.output
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]
