"""Issue 16, part 4: one line for every broken file, a log file for the unexpected."""

import pytest

from hostile import fingerprint, one_line_error, run

HEAD = "name: x\nversion: '1'\nlanguage: nl\ncodes:\n"


@pytest.mark.parametrize("value,needle", [
    ("!!python/name:os.system A", "YAML tag '!!python/name:os.system' is not allowed"),
    ("!eigen A", "YAML tag '!eigen' is not allowed"),
])
def test_codebook_yaml_tags_are_one_line(project, tmp_path, value, needle):
    f = tmp_path / "tag.yaml"
    f.write_text(HEAD + f"  - id: a\n    label: {value}\n    definition: d\n", encoding="utf-8")
    before = fingerprint(project.root)
    one_line_error(run("codebook", "load", f, "--project", project.root), f"{f}:6:", needle)
    assert fingerprint(project.root) == before
    res = run("codebook", "validate", f)
    assert res.exit_code == 1 and needle in res.output and "Traceback" not in res.output


@pytest.mark.parametrize("body", [
    "".join("  " * (i + 1) + f"- id: c{i}\n" + "  " * (i + 2) + "label: L\n" + "  " * (i + 2)
            + "definition: D\n" + "  " * (i + 2) + "children:\n" for i in range(1500)),
    "  - " + "[" * 1500 + "]" * 1500 + "\n",
    "".join("  " * (i + 1) + f"- id: c{i}\n" + "  " * (i + 2) + "label: L\n" + "  " * (i + 2)
            + "definition: D\n" + "  " * (i + 2) + "children:\n" for i in range(120)),
])
def test_deeply_nested_codebooks_are_one_line(project, tmp_path, body):
    f = tmp_path / "diep.yaml"
    f.write_text(HEAD + body, encoding="utf-8")
    before = fingerprint(project.root)
    line = one_line_error(run("codebook", "load", f, "--project", project.root), str(f))
    assert "nest" in line
    assert fingerprint(project.root) == before


@pytest.mark.parametrize("line,needle", [
    ('{"id": "a", "text": ' + "[" * 100_000 + "]" * 100_000 + "}", "line 2: JSON nested too deeply"),
    ('{"id": ' + "9" * 5000 + ', "text": "x"}', "line 2: not usable JSON (Exceeds the limit"),
])
def test_batch_suggest_deep_or_huge_json_is_one_line(tmp_path, line, needle):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "ok", "text": "goed"}\n' + line + "\n", encoding="utf-8")
    res = run("suggest", "--codebook", "codebooks/reintegratie.yaml", "--jsonl-in", f, "--jsonl-out", tmp_path / "o.jsonl")
    one_line_error(res, str(f), needle)
    assert not (tmp_path / "o.jsonl").exists()


def test_a_folder_given_as_a_file_is_named(project, tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    res = run("import", folder, "--project", project.root)
    assert res.exit_code == 1 and "map: is a folder, not a file" in res.stderr
    for args in (["codings", "import", folder, "--coder", "anna"], ["codebook", "load", folder],
                 ["reconcile", "--by", "sup", "--from-csv", folder]):
        one_line_error(run(*args, "--project", project.root), "is a folder")


def test_per_file_import_errors_go_to_stderr(project, tmp_path):
    good = tmp_path / "goed.txt"
    good.write_text("Interviewer: Hoe?\n\nRespondent: Goed, ik werk weer.\n", encoding="utf-8")
    res = run("import", good, tmp_path / "weg.txt", "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 1
    assert "weg.txt: file not found" in res.stderr and "weg.txt" not in res.stdout
    assert "imported" in res.stdout and "1 imported" in res.stdout


def test_an_unexpected_error_is_one_line_with_a_log_file(project, monkeypatch):
    import workbench.store.transcripts as store

    def broken(*a, **k):
        raise RuntimeError("kapot")

    monkeypatch.setattr(store, "list_transcripts", broken)
    res = run("transcripts", "--project", project.root)
    line = one_line_error(res, "unexpected RuntimeError: kapot", "the details are in")
    logs = list((project.root / "logs").glob("workbench-error-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: kapot" in text


def test_an_unexpected_error_without_a_project_logs_to_the_temp_folder(tmp_path, monkeypatch):
    import tempfile

    import workbench.codebook.loader as loader

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(loader, "parse_file", lambda p: (_ for _ in ()).throw(ValueError("raar")))
    res = run("codebook", "export", "--format", "yaml", "--from", "x.yaml")
    one_line_error(res, "unexpected ValueError: raar", str(tmp_path))
    assert len(list(tmp_path.glob("workbench-error-*.log"))) == 1
