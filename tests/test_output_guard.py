"""Issue 16, part 1: no --out can destroy a project file; exports are atomic; demo never wipes."""

import os

import pytest

from hostile import coded_project, fingerprint, one_line_error, run


@pytest.fixture
def coded(project, tmp_path):
    coded_project(project, tmp_path)
    return project


def test_codings_export_onto_the_database_is_refused(coded):
    before = fingerprint(coded.root)
    res = run("codings", "export", "--out", "workbench.db", cwd=coded.root)
    one_line_error(res, "workbench.db", "refusing to overwrite the project's own workbench.db")
    assert fingerprint(coded.root) == before


@pytest.mark.parametrize("spelling", ["sub/../workbench.db", "link.csv", "hard.csv", ".//sub/./../workbench.db"])
def test_other_spellings_of_the_database_are_refused(coded, spelling):
    (coded.root / "sub").mkdir()
    os.symlink(coded.root / "workbench.db", coded.root / "link.csv")
    os.link(coded.root / "workbench.db", coded.root / "hard.csv")
    before = fingerprint(coded.root)
    res = run("codings", "export", "--out", spelling, "--force", "--project", coded.root, cwd=coded.root)
    assert res.exit_code == 1, res.output
    assert "refusing to overwrite" in res.stderr and "Traceback" not in res.output
    assert fingerprint(coded.root) == before


def test_disagreements_csv_onto_the_settings_is_refused(coded):
    before = fingerprint(coded.root)
    res = run("disagreements", "--format", "csv", "--out", coded.root / "workbench.toml", "--force",
              "--project", coded.root)
    one_line_error(res, "refusing to overwrite the project's own workbench.toml")
    assert fingerprint(coded.root) == before


@pytest.mark.parametrize("command", [
    ["agreement", "--out", "{link}"],
    ["report", "--out", "{link}"],
    ["disagreements", "--format", "docx", "--out", "{link}"],
    ["codebook", "export", "--format", "yaml", "--out", "{toml}", "--force"],
])
def test_every_out_option_is_guarded(coded, command, tmp_path):
    link = tmp_path / ("table.docx")
    os.symlink(coded.root / "workbench.db", link)
    before = fingerprint(coded.root)
    args = [a.format(link=link, toml=coded.root / "workbench.toml") for a in command]
    res = run(*args, "--project", coded.root)
    one_line_error(res, "refusing to overwrite")
    assert fingerprint(coded.root) == before


def test_a_key_file_or_any_database_is_never_overwritten(coded, tmp_path):
    key = tmp_path / "sleutel.json"
    key.write_text('{"int.txt": {"[PERSOON-1]": ["Jan Jansen"]}}', encoding="utf-8")
    res = run("codings", "export", "--format", "jsonl", "--out", key, "--force", "--project", coded.root)
    one_line_error(res, "re-identification key")
    assert "Jan Jansen" in key.read_text(encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_bytes((coded.root / "workbench.db").read_bytes())
    res = run("codings", "export", "--out", other, "--force", "--project", coded.root)
    one_line_error(res, "refusing to overwrite a database")


def test_a_file_of_another_kind_needs_force(coded, tmp_path):
    thesis = tmp_path / "scriptie.docx"
    thesis.write_bytes(b"PK\x03\x04 my thesis")
    res = run("disagreements", "--format", "csv", "--out", thesis, "--project", coded.root)
    one_line_error(res, "another kind", "--force")
    assert thesis.read_bytes() == b"PK\x03\x04 my thesis"
    res = run("disagreements", "--format", "csv", "--out", thesis, "--force", "--project", coded.root)
    assert res.exit_code == 0, res.output
    assert thesis.read_text(encoding="utf-8").startswith("segment,")
    same = tmp_path / "codings.csv"
    same.write_text("old,export\n", encoding="utf-8")
    assert run("codings", "export", "--out", same, "--project", coded.root).exit_code == 0
    assert same.read_text(encoding="utf-8").startswith("transcript,")


def test_a_folder_as_out_is_named(coded, tmp_path):
    res = run("codings", "export", "--out", tmp_path, "--project", coded.root)
    one_line_error(res, "is a folder, not a file")


def test_a_failed_export_leaves_the_old_file_and_no_half_file(tmp_path):
    from workbench.store.outputs import open_output

    target = tmp_path / "export.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with open_output(target) as fh:
            fh.write("half a line")
            fh.flush()
            assert target.read_text(encoding="utf-8") == "old\n"  # never truncated first
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


def test_codebook_export_keeps_refusing_an_existing_file_without_force(tmp_path):
    out = tmp_path / "cb.yaml"
    out.write_text("mine\n", encoding="utf-8")
    res = run("codebook", "export", "--format", "yaml", "--from", "codebooks/willen-kunnen-doen.yaml",
              "--out", out)
    one_line_error(res, "already exists", "--force")
    assert out.read_text(encoding="utf-8") == "mine\n"


# ------------------------------------------------------------------------------------------ demo
def _tree(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in folder.rglob("*")}


def test_demo_force_never_wipes_a_foreign_folder(tmp_path):
    folder = tmp_path / "werk"
    folder.mkdir()
    (folder / "scriptie.docx").write_bytes(b"four years of work")
    before = _tree(folder)
    res = run("demo", folder, "--force")
    one_line_error(res, "not an earlier demo project")
    assert _tree(folder) == before


def test_demo_replaces_only_its_own_unchanged_folder(tmp_path):
    from workbench import demo as D

    folder = tmp_path / "demo"
    project = D.prepare(folder)  # a fresh folder
    project.close()
    D.finish(folder)
    D.prepare(folder).close()  # unchanged: replaced
    D.finish(folder)
    (folder / "notities.txt").write_text("mijn aantekeningen", encoding="utf-8")
    before = _tree(folder)
    res = run("demo", folder, "--force")
    one_line_error(res, "changed since", "notities.txt")
    assert _tree(folder) == before
    (folder / "notities.txt").unlink()
    with open(folder / "workbench.db", "ab") as fh:
        fh.write(b"\0")  # the project was used after the demo
    res = run("demo", folder)
    one_line_error(res, "changed since", "workbench.db")


def test_demo_uses_an_empty_folder(tmp_path):
    from workbench import demo as D

    folder = tmp_path / "leeg"
    folder.mkdir()
    D.prepare(folder).close()
    assert (folder / "workbench.toml").is_file() and (folder / D.MARKER).is_file()


def test_the_database_in_force_is_protected_wherever_it_is_set(tmp_path, monkeypatch):
    """[database] url and WORKBENCH_DATABASE_URL name the database as surely as [project] database."""
    from workbench.store.outputs import protected_files

    root = tmp_path / "p"
    root.mkdir()
    (root / "workbench.toml").write_text('[project]\nname = "p"\n[database]\nurl = "sqlite:///data/team.db"\n',
                                         encoding="utf-8")
    monkeypatch.delenv("WORKBENCH_DATABASE_URL", raising=False)
    assert root / "data" / "team.db" in protected_files(root)
    monkeypatch.setenv("WORKBENCH_DATABASE_URL", f"sqlite:///{tmp_path}/elders.db")
    assert tmp_path / "elders.db" in protected_files(root)
