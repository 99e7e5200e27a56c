"""Loading codebooks into a project: identity by id, relabel keeps codings, removal needs force."""

import pytest
from typer.testing import CliRunner

from tests.helpers import make_project, small_codebook
from workbench.cli.main import app
from workbench.errors import WorkbenchError
from workbench.store.codebooks import coding_counts, load_codebook, project_codebook
from workbench.store.codings import list_codings, set_decision
from workbench.store.events import list_events


def test_relabel_and_move_keep_codings(project, tmp_path):
    segs = make_project(project, tmp_path)
    with project.session() as s:
        set_decision(s, segs[0].id, "motivation", "anna", "accepted")
    cb = small_codebook()
    cb.codes[0].children[0].label = "Motivatie (nieuw label)"
    moved = cb.codes[0].children.pop(0)
    cb.codes.append(moved)  # motivation moves to the top level
    res = load_codebook(project, cb)
    assert "motivation" in res.changed and not res.removed
    assert [c.code_id for c in list_codings(project, coder="anna")] == ["motivation"]
    got = project_codebook(project)
    assert got.get("motivation").label == "Motivatie (nieuw label)"
    assert got.get("motivation").parent is None


def test_removing_a_code_with_codings_needs_force_and_is_logged(project, tmp_path):
    segs = make_project(project, tmp_path)
    with project.session() as s:
        set_decision(s, segs[0].id, "zelfoverschatting", "anna", "accepted")
    cb = small_codebook()
    cb.codes = [c for c in cb.codes if c.id != "zelfoverschatting"]
    with pytest.raises(WorkbenchError, match="--force"):
        load_codebook(project, cb)
    assert "zelfoverschatting" in {c.id for c in project_codebook(project).flat()}
    res = load_codebook(project, cb, force=True)
    assert res.removed == ["zelfoverschatting"]
    assert "zelfoverschatting" not in {c.id for c in project_codebook(project).flat()}
    ev = [e for e in list_events(project) if e.action == "code-removed"]
    assert ev and ev[0].code_id == "zelfoverschatting" and ev[0].details["codings"] == 1


def test_two_codebooks_and_clashing_ids(project, tmp_path):
    from workbench.codebook.model import Code, Codebook

    make_project(project, tmp_path)
    other = Codebook(name="wkd", codes=[Code(id="willen", label="Willen", definition="Wil.")])
    load_codebook(project, other)
    ids = {c.id for c in project_codebook(project).flat()}
    assert {"willen", "motivation"} <= ids
    assert {c.id for c in project_codebook(project, name="wkd").flat()} == {"willen"}
    clash = Codebook(name="x", codes=[Code(id="motivation", label="M", definition="d")])
    with pytest.raises(WorkbenchError, match="already belong"):
        load_codebook(project, clash)


def test_cli_load_show_export(project, tmp_path):
    make_project(project, tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["codebook", "load", "codebooks/reintegratie.yaml", "--project", str(project.root)])
    # the project already has codebook "mini" with clashing ids: refused, one line
    assert res.exit_code == 1 and "already belong" in res.output
    res = runner.invoke(app, ["codebook", "show", "--project", str(project.root)])
    assert res.exit_code == 0 and "Motivatie" in res.output and "no codings" in res.output
    out = tmp_path / "cb.qdc"
    res = runner.invoke(app, ["codebook", "export", "--format", "qdc", "--out", str(out),
                              "--project", str(project.root)])
    assert res.exit_code == 0 and b"urn:QDA-XML:codebook:1.0" in out.read_bytes()
    assert coding_counts(project) == {}


def test_a_new_project_folder_loads_the_shipped_codebook_by_name(project, monkeypatch, tmp_path):
    # A project folder made by `workbench init` has no codebooks/ beside it: the name is enough.
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["codebook", "load", "reintegratie", "-p", str(project.root)])
    assert r.exit_code == 0, r.output
    assert "Loaded reintegratie" in r.output
    assert project_codebook(project).get("zelfoverschatting") is not None


def test_an_unknown_codebook_name_is_one_line_naming_the_shipped_ones(project, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["codebook", "load", "reintegratiee", "-p", str(project.root)])
    assert r.exit_code != 0
    assert "reintegratiee" in r.output and "reintegratie, willen-kunnen-doen" in r.output
    assert "Traceback" not in r.output
