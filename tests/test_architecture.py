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
