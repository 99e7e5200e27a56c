"""Coders as people: registered names, reserved names refused on every write, supervisors reconcile."""

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from tests.helpers import make_project, suggest_rows
from workbench.cli.main import app
from workbench.errors import WorkbenchError
from workbench.store.codings import list_codings, mark_seen, set_decision
from workbench.vocab import ReservedCoder

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


def _cli(project, *args):
    return runner.invoke(app, [*args, "--project", str(project.root)])


def _one_line_error(res, *needles):
    assert res.exit_code == 1, res.output
    assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    for needle in needles:
        assert needle in res.stderr, res.stderr


def test_coder_add_and_list(tmp_path):
    from workbench.store.project import Project

    proj = Project.init(tmp_path / "p")
    assert "No coders yet" in _cli(proj, "coder", "list").stdout
    assert _cli(proj, "coder", "add", "anna").stdout.strip() == "Added anna (coder)."
    assert _cli(proj, "coder", "add", "Jo de Vries", "--role", "supervisor").stdout.strip() == \
        "Added Jo de Vries (supervisor)."
    assert "already registered (coder)" in _cli(proj, "coder", "add", "anna").stdout
    assert "anna is now a supervisor" in _cli(proj, "coder", "add", "anna", "--role", "supervisor").stdout
    rows = json.loads(_cli(proj, "coder", "list", "--json").stdout)
    assert [(r["name"], r["role"], r["codings"]) for r in rows] == [("Jo de Vries", "supervisor", 0),
                                                                   ("anna", "supervisor", 0)]
    _one_line_error(_cli(proj, "coder", "add", "ben", "--role", "baas"), "role must be coder or supervisor")


@pytest.mark.parametrize("name", ["model", "consensus", "Consensus", " model ", "", "   "])
def test_reserved_and_blank_names_cannot_be_added(project, name):
    before = _cli(project, "coder", "list", "--json").stdout
    res = _cli(project, "coder", "add", name)
    _one_line_error(res)
    assert "reserved coder name" in res.stderr or "cannot be empty" in res.stderr
    assert _cli(project, "coder", "list", "--json").stdout == before


def _writers(project, segs, tmp_path):
    """Every path that writes a coding under a name a person gives, as (label, call(name))."""
    from workbench.agreement.reconcile import reconcile_first_wins
    from workbench.review.codings_io import add_coding, bulk_accept, import_codings, remove_coding
    from workbench.review.session import ReviewSession
    from workbench.store.codings import undo_decisions

    sid = segs[0].id
    csv = tmp_path / "c.csv"
    csv.write_text(f"transcript,segment,code\nint.txt,{sid},motivation\n", encoding="utf-8")

    def in_session(fn):
        def call(name):
            with project.session() as s:
                fn(s, name)
        return call

    return {
        "set_decision": in_session(lambda s, n: set_decision(s, sid, "motivation", n, "accepted")),
        "mark_seen": in_session(lambda s, n: mark_seen(s, sid, n)),
        "undo": in_session(lambda s, n: undo_decisions(s, sid, n)),
        "code add": lambda n: add_coding(project, sid, "motivation", n),
        "code remove": lambda n: remove_coding(project, sid, "motivation", n),
        "bulk accept": lambda n: bulk_accept(project, n, [(sid, "motivation", 0.9)]),
        "codings import": lambda n: import_codings(project, csv, n),
        "codings import --add-coder": lambda n: import_codings(project, csv, n, add_coder=True),
        "review": lambda n: ReviewSession(project, n),
        "reconcile": lambda n: reconcile_first_wins(project, ["anna", "ben"], decided_by=n),
    }


@pytest.mark.parametrize("name", [*ReservedCoder, "Model", "", " "])
def test_reserved_names_are_refused_for_every_path_that_writes_a_coding(project, tmp_path, db_snapshot, name):
    segs = make_project(project, tmp_path)
    suggest_rows(project, [(segs[0].id, "motivation", 0.9)])
    with project.session() as s:
        for coder in ("anna", "ben"):
            set_decision(s, segs[0].id, "motivation", coder, "accepted")
    before = db_snapshot(project)
    for label, write in _writers(project, segs, tmp_path).items():
        with pytest.raises(WorkbenchError) as err:
            write(name)
        msg = str(err.value)
        assert "reserved coder name" in msg or "cannot be empty" in msg or "spaces around" in msg, (label, msg)
    assert db_snapshot(project) == before


def test_unknown_coders_are_refused_with_a_hint(project, tmp_path, db_snapshot):
    segs = make_project(project, tmp_path)
    suggest_rows(project, [(segs[0].id, "motivation", 0.9)])
    before = db_snapshot(project)
    for label, write in _writers(project, segs, tmp_path).items():
        if label == "codings import --add-coder":
            continue
        with pytest.raises(WorkbenchError) as err:
            write("zoe")
        assert "unknown coder 'zoe'" in str(err.value) and "workbench coder add zoe" in str(err.value), label
    assert db_snapshot(project) == before
    res = _cli(project, "code", "add", str(segs[0].id), "motivation", "--coder", "zoe")
    _one_line_error(res, "unknown coder 'zoe'", "run `workbench coder add zoe` first", "coders: anna, ben")


def test_codings_import_registers_a_new_coder_only_when_asked(project, tmp_path):
    segs = make_project(project, tmp_path)
    good = tmp_path / "zoe.csv"
    good.write_text(f"transcript,segment,code\nint.txt,{segs[0].id},motivation\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"transcript,segment,code\nint.txt,{segs[0].id},geen_code\n", encoding="utf-8")
    _one_line_error(_cli(project, "codings", "import", str(good), "--coder", "zoe"), "unknown coder 'zoe'")
    # a file that fails registers nobody
    _one_line_error(_cli(project, "codings", "import", str(bad), "--coder", "zoe", "--add-coder"), "geen_code")
    assert "zoe" not in _cli(project, "coder", "list").stdout
    res = _cli(project, "codings", "import", str(good), "--coder", "zoe", "--add-coder")
    assert res.exit_code == 0, res.output
    assert [c.code_id for c in list_codings(project, coder="zoe")] == ["motivation"]
    assert any(r["name"] == "zoe" and r["role"] == "coder"
               for r in json.loads(_cli(project, "coder", "list", "--json").stdout))


def test_only_a_supervisor_reconciles(project, tmp_path):
    segs = make_project(project, tmp_path)
    with project.session() as s:
        for coder, code in (("anna", "motivation"), ("ben", "trajectory_fit")):
            set_decision(s, segs[0].id, code, coder, "accepted")
    res = _cli(project, "reconcile", "--by", "anna")
    _one_line_error(res, "anna is a coder; only a supervisor reconciles")
    _one_line_error(_cli(project, "reconcile", "--by", "zoe"), "unknown coder 'zoe'", "--role supervisor")
    assert list_codings(project, coder=ReservedCoder.CONSENSUS) == []
    res = runner.invoke(app, ["reconcile", "--by", "sup", "--project", str(project.root)], input="1\nanna\n")
    assert res.exit_code == 0, res.output
    assert [(c.code_id, c.status) for c in list_codings(project, coder=ReservedCoder.CONSENSUS)] == [
        ("motivation", "accepted"), ("trajectory_fit", "rejected")]


@pytest.mark.usefixtures("only_sqlite")
def test_the_coder_migration_registers_the_coders_found_in_codings(tmp_path):
    from tests.test_migrations import _old_style_project

    from workbench.store.coders import list_coders
    from workbench.store.project import Project

    root = _old_style_project(tmp_path)
    con = sqlite3.connect(root / "workbench.db")
    for coder in ("anna", "ben", "model", "consensus", " "):
        con.execute("INSERT INTO coding (segment_id, code_id, coder, status, created_at, updated_at) "
                    "VALUES (1, 'x', ?, 'accepted', '2025-01-01', '2025-01-01')", (coder,))
    con.execute("INSERT INTO seen (segment_id, coder, at) VALUES (1, 'cor', '2025-01-01')")
    con.commit()
    con.close()
    coders = list_coders(Project.open(root))
    assert [(c.name, c.role, c.codings) for c in coders] == [("anna", "coder", 1), ("ben", "coder", 1),
                                                             ("cor", "coder", 0)]
