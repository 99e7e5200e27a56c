"""Agreement with the model warns when the model had learnt the coder's own decisions first."""

from typer.testing import CliRunner

from tests.helpers import make_project
from tests.test_suggest_fakes import CountingEncoder
from workbench.agreement.project import load_units, model_echo_notes
from workbench.store.codings import set_decision
from workbench.suggest.project import run_suggest


def _a_minute_ago(project, table, column, coder):
    """Timestamps have one-second resolution: move a coder's rows clearly into the past."""
    from sqlalchemy import text

    with project.engine.begin() as conn:
        conn.execute(text(f"UPDATE {table} SET {column} = datetime({column}, '-1 minute') WHERE coder = :c"),
                     {"c": coder})


def _decided_a_minute_ago(project, coder="anna"):
    _a_minute_ago(project, "coding", "updated_at", coder)


def _notes(project):
    table, _ = load_units(project, coders=["anna", "model"])
    return model_echo_notes(project, table)


def test_no_note_when_the_model_scored_before_the_coder_decided(project, tmp_path):
    segs = make_project(project, tmp_path)
    run_suggest(project, encoder=CountingEncoder())
    _a_minute_ago(project, "seen", "at", "model")  # scored a minute ago, decided now
    with project.session() as s:
        set_decision(s, segs[0].id, "motivation", "anna", "accepted")
        set_decision(s, segs[1].id, "motivation", "anna", "rejected")
    assert _notes(project) == []
    # re-scoring after the decisions: the model has now learnt them on these very segments
    _decided_a_minute_ago(project)
    run_suggest(project, encoder=CountingEncoder())
    [note] = _notes(project)
    assert "scored 2 of these segments after anna had decided them" in note
    assert "workbench evaluate --coder anna" in note


def test_no_note_without_the_model_and_cli_prints_the_note_on_stderr(project, tmp_path):
    from workbench.cli.main import app

    segs = make_project(project, tmp_path)
    with project.session() as s:
        set_decision(s, segs[0].id, "motivation", "anna", "accepted")
    _decided_a_minute_ago(project)
    run_suggest(project, encoder=CountingEncoder())
    table, _ = load_units(project, coders=["anna"])
    assert model_echo_notes(project, table) == []
    res = CliRunner().invoke(app, ["agreement", "--coders", "anna,model", "-p", str(project.root), "--json"])
    assert res.exit_code == 0, res.output
    assert "note: the model last scored 1 of these segments after anna" in res.stderr
    assert "note:" not in res.stdout  # the JSON stays clean
