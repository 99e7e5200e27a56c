"""Rules from ARCHITECTURE.md that the code itself can be checked against."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_only_the_store_package_talks_to_the_database():
    offenders = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "store":
            continue
        bad = sorted(n for n in _imports(path) if n.split(".")[0] == "sqlalchemy" or n == "workbench.store.schema")
        if bad:
            offenders[str(rel)] = bad
    assert not offenders, f"database access outside workbench/store/: {offenders}"


def test_the_check_sees_an_offending_import(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from sqlalchemy import select\n    from workbench.store import schema as S\n")
    assert {"sqlalchemy", "workbench.store.schema"} <= _imports(bad)


def _opens_sessions(path: Path) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "session"
               for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


def test_the_cli_parses_and_prints_and_opens_no_transaction():
    offenders = sorted(p.name for p in (PACKAGE / "cli").glob("*.py") if _opens_sessions(p))
    assert not offenders, f"CLI modules that open a database transaction themselves: {offenders}"


def test_the_cli_check_sees_a_transaction(tmp_path):
    bad = tmp_path / "x.py"
    bad.write_text("def f(proj):\n    with proj.session() as s:\n        pass\n")
    assert _opens_sessions(bad)
