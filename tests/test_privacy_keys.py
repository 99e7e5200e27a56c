"""The re-identification key file and output file modes (issue 15, item 7)."""

import json
import os
import stat

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.ingest.importer import ImportOptions, import_files
from workbench.store.transcripts import list_transcripts

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


def _interview(tmp_path, name, person):
    p = tmp_path / name
    p.write_text(f"Interviewer: Dag {person}, hoe gaat het?\n\n"
                 f"Respondent: Goed. Ik ben {person} en ik wil graag weer werken.\n", encoding="utf-8")
    return p


@pytest.fixture
def three(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    return [_interview(src, "a.txt", "Kees Jansen"), _interview(src, "b.txt", "Fatima el Amrani"),
            _interview(src, "c.txt", "Willem de Boer")]


def _key(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_key_entries_by_stable_id_mode_0600(project, three, tmp_path):
    key = tmp_path / "veilig" / "key.json"
    rep = import_files(project, three, ImportOptions(key_file=key))
    assert rep.key_file == key.resolve() and rep.key_entries == 3
    data = _key(key)
    stored = {t.uid: t.name for t in list_transcripts(project)}
    assert set(data["transcripts"]) == set(stored)  # keyed by uid, not by display name
    for uid, entry in data["transcripts"].items():
        assert entry["name"] == stored[uid]
    by_file = {e["file"]: e for e in data["transcripts"].values()}
    assert "Kees Jansen" in json.dumps(by_file["a.txt"]["tags"])
    assert "Kees Jansen" not in json.dumps(by_file["b.txt"]["tags"])  # never another person's interview
    assert data["project"]["uid"] == project.uid
    assert _mode(key) == 0o600


def test_interrupted_batch_leaves_exactly_the_stored_keys_and_a_rerun_completes_it(project, three, tmp_path,
                                                                                   monkeypatch):
    import workbench.store.transcripts as T

    key = tmp_path / "key.json"
    real, calls = T.add_transcript, []

    def add_then_interrupt(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second file is being stored
        return real(*args, **kwargs)

    monkeypatch.setattr(T, "add_transcript", add_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        import_files(project, three, ImportOptions(key_file=key))
    monkeypatch.setattr(T, "add_transcript", real)
    stored = {t.uid for t in list_transcripts(project)}
    assert len(stored) == 1 and set(_key(key)["transcripts"]) == stored
    rep = import_files(project, three, ImportOptions(key_file=key))
    assert [r.status for r in rep.results] == ["skipped", "imported", "imported"]
    assert set(_key(key)["transcripts"]) == {t.uid for t in list_transcripts(project)}
    assert len(_key(key)["transcripts"]) == 3


def test_a_key_entry_of_a_transcript_never_stored_is_dropped(project, three, tmp_path):
    key = tmp_path / "key.json"
    import_files(project, three[:1], ImportOptions(key_file=key))
    data = _key(key)
    data["transcripts"]["deadbeef"] = {"name": "x", "file": "x.txt", "tags": {}}  # killed before its commit
    key.write_text(json.dumps(data), encoding="utf-8")
    import_files(project, three[1:2], ImportOptions(key_file=key))
    assert "deadbeef" not in _key(key)["transcripts"] and len(_key(key)["transcripts"]) == 2


def test_imports_at_once_keep_each_others_key_entries(project, tmp_path):
    """Two imports (two processes) with one key file: each writes its entry into the key as it is
    on disk then, under a lock, so neither writes over the other's; a young entry of a transcript
    another import has not committed yet is not pruned."""
    from workbench.ingest.keyfile import KeyFile

    key = tmp_path / "key.json"
    first, second = KeyFile.open(project, key), KeyFile.open(project, key)  # both opened before either wrote
    first.put("u1", name="a.txt", file="a.txt", tags={"[PERSOON-1]": ["Kees Jansen"]})
    second.put("u2", name="b.txt", file="b.txt", tags={"[PERSOON-1]": ["Fatima el Amrani"]})
    assert set(_key(key)["transcripts"]) == {"u1", "u2"}
    assert second.prune(stored={"u2"}) == 0  # u1 is young: its import may be about to commit
    assert first.prune(stored={"u2"}, recent=0) == 1 and set(_key(key)["transcripts"]) == {"u2"}
    second.restore("u2", None)
    assert _key(key)["transcripts"] == {}
    assert stat.S_IMODE(os.stat(str(key) + ".lock").st_mode) == 0o600


def test_a_rerun_adds_the_key_of_a_file_imported_without_one(project, three, tmp_path):
    import_files(project, three[:1], ImportOptions())
    key = tmp_path / "key.json"
    rep = import_files(project, three[:1], ImportOptions(key_file=key))
    assert rep.results[0].status == "skipped" and "key entry was added" in rep.results[0].message
    (entry,) = _key(key)["transcripts"].values()
    assert "Kees Jansen" in json.dumps(entry)


@pytest.mark.parametrize("content", ["Mijn boodschappenlijst\n", '{"some": "json"}', "[]"])
def test_a_file_that_is_not_a_key_file_is_refused_untouched(project, three, tmp_path, db_snapshot, content):
    other = tmp_path / "notes.json"
    other.write_text(content, encoding="utf-8")
    before = db_snapshot(project)
    res = runner.invoke(app, ["import", str(three[0]), "--key-file", str(other), "--project", str(project.root)])
    assert res.exit_code != 0 and "not a workbench key file" in res.output and "Traceback" not in res.output
    assert other.read_text(encoding="utf-8") == content
    assert db_snapshot(project)["transcript"] == before["transcript"]


def test_the_key_of_another_project_is_refused(project, three, tmp_path):
    from workbench.store.project import Project

    key = tmp_path / "key.json"
    other = Project.init(tmp_path / "other")
    import_files(other, three[:1], ImportOptions(key_file=key))
    before = key.read_bytes()
    res = runner.invoke(app, ["import", str(three[1]), "--key-file", str(key), "--project", str(project.root)])
    assert res.exit_code != 0 and "key file of 'other'" in res.output
    assert key.read_bytes() == before


def test_cli_says_where_the_key_went_or_that_none_is_kept(project, three, tmp_path):
    res = runner.invoke(app, ["import", str(three[0]), "--project", str(project.root)])
    assert res.exit_code == 0 and "no re-identification key is kept" in res.output
    key = tmp_path / "k.json"
    res = runner.invoke(app, ["import", str(three[1]), "--key-file", str(key), "--project", str(project.root)])
    assert res.exit_code == 0 and str(key.resolve()) in res.output.replace("\n", "")


def test_key_file_setting_is_the_default(project, three, tmp_path):
    key = tmp_path / "default-key.json"
    cfg = project.root / "workbench.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "[import]\n", f'[import]\nkey_file = "{key.as_posix()}"\n'), encoding="utf-8")
    res = runner.invoke(app, ["import", str(three[0]), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    assert len(_key(key)["transcripts"]) == 1 and _mode(key) == 0o600


def test_a_key_file_setting_inside_the_project_is_refused(project, three):
    cfg = project.root / "workbench.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("[import]\n", '[import]\nkey_file = "key.json"\n'),
                   encoding="utf-8")
    res = runner.invoke(app, ["import", str(three[0]), "--project", str(project.root)])
    assert res.exit_code != 0 and "outside the project" in res.output
    assert not (project.root / "key.json").exists()


def test_reports_and_exports_get_ordinary_permissions(tmp_path):
    from workbench.files import ordinary_mode, write_atomic, write_text_atomic

    old = os.umask(0o022)
    try:
        p = write_text_atomic(tmp_path / "export.jsonl", "{}\n")
        assert _mode(p) == 0o644 == ordinary_mode()
        d = write_atomic(tmp_path / "r.docx", lambda tmp: open(tmp, "wb").write(b"x"))
        assert _mode(d) == 0o644
        assert _mode(write_text_atomic(tmp_path / "key.json", "{}", private=True)) == 0o600
        os.umask(0o027)
        assert _mode(write_text_atomic(tmp_path / "e2.jsonl", "{}\n")) == 0o640
    finally:
        os.umask(old)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_the_word_report_is_not_private(tmp_path):
    from docx import Document

    from workbench.report.builder import _save

    old = os.umask(0o022)
    try:
        out = _save(Document(), tmp_path / "rapport.docx")
    finally:
        os.umask(old)
    assert _mode(out) == 0o644


def test_privacy_apply_says_where_the_new_originals_went_or_that_none_are_kept(project, tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("Interviewer: Waar werkt u?\n\nRespondent: Bij de Spaarmarkt, al jaren.\n", encoding="utf-8")
    import_files(project, [f], ImportOptions(pseudonymise=False))
    project.add_to_list("import", "deny", ["Spaarmarkt"])
    res = runner.invoke(app, ["privacy", "apply", "--dry-run", "--project", str(project.root)])
    assert res.exit_code == 0 and "key" not in res.output  # a dry run writes nothing, says nothing of keys
    res = runner.invoke(app, ["privacy", "apply", "--project", str(project.root)])
    assert res.exit_code == 0 and "no re-identification key is kept" in res.output
    project.add_to_list("import", "deny", ["al jaren"])
    key = tmp_path / "k.json"
    res = runner.invoke(app, ["privacy", "apply", "--key-file", str(key), "--project", str(project.root)])
    assert res.exit_code == 0 and str(key.resolve()) in res.output.replace("\n", "") and _mode(key) == 0o600
