"""Issue 16, part 3: links, encodings, terminal names, CSV formulas, respondents, parallel imports."""

import csv
import io
import os

from hostile import coded_project, fingerprint, run

TEXT = "Interviewer: Hoe ging het?\n\nRespondent: Eén keer per week ga ik naar het werk, dat is financiële rust.\n"
CSV = "id,file,speaker,type\nD01,{name},Respondent,deelnemer\n"


def test_a_symlinked_transcript_is_refused(project, tmp_path):
    secret = tmp_path / "elders" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = tmp_path / "x.txt"
    os.symlink(secret, link)
    before = fingerprint(project.root)
    res = run("import", link, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 1
    assert "x.txt: is a symbolic link; give the transcript file itself" in res.stderr
    assert fingerprint(project.root) == before


def _stored_text(project):
    from workbench.store.transcripts import list_segments

    return " ".join(s.text for s in list_segments(project, codable_only=True))


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_a_warning(project, tmp_path):
    data = TEXT.encode("utf-8")
    at = data.index(b"werk")
    f = tmp_path / "kapot.txt"
    f.write_bytes(data[:at] + b"\xff" + data[at:])
    res = run("import", f, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 0, res.output
    assert f"kapot.txt: 1 byte that is not valid UTF-8 (at byte offset {at})" in res.stderr
    stored = _stored_text(project)
    assert "Eén" in stored and "financiële" in stored and "Ã" not in stored


def test_cp1252_is_read_as_cp1252_without_a_warning(project, tmp_path):
    f = tmp_path / "oud.txt"
    f.write_bytes(TEXT.encode("cp1252"))
    res = run("import", f, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 0, res.output
    assert "warning" not in res.stderr
    assert "financiële" in _stored_text(project)


def test_names_on_the_terminal_lose_control_characters(project, tmp_path):
    evil = tmp_path / "a\x1b[2J\x1b]0;pwned\x07b\nc.txt"
    evil.write_text("", encoding="utf-8")  # empty: fails, and the failure names the file
    res = run("import", evil, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 1
    failed = [ln for ln in res.stderr.splitlines() if ln.startswith("failed")]
    assert len(failed) == 1 and "\x1b" not in res.stderr and "\x07" not in res.stderr
    assert "ab c.txt" in failed[0]
    evil.write_text(TEXT, encoding="utf-8")
    assert run("import", evil, "--no-pseudonymise", "--project", project.root).exit_code == 0
    listing = run("transcripts", "--project", project.root)
    assert listing.exit_code == 0 and "\x1b" not in listing.output and "\x07" not in listing.output


def test_printable_rule():
    from workbench.textrules import printable

    assert printable("a\x1b[31mrood\x1b[0m\tb\nc\x00\u202e") == "arood b c"


def test_csv_exports_escape_formulas(project, tmp_path):
    coded_project(project, tmp_path)
    res = run("codings", "export", "--project", project.root)
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and all(r["reason"] == "'=HYPERLINK(\"http://x\")" for r in rows)
    out = tmp_path / "verschillen.csv"
    assert run("disagreements", "--format", "csv", "--out", out, "--project", project.root).exit_code == 0
    cells = [c for row in csv.reader(out.open(encoding="utf-8")) for c in row]
    assert 'motivation: =HYPERLINK("http://x")' in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_safe_cell_follows_owasp():
    from workbench.interop.spreadsheet import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+31 6", "-x", "@SUM(A1)", "\tx", "-0.25", "tekst", 3)] == \
        ["'=1+1", "'+31 6", "'-x", "'@SUM(A1)", "'\tx", "-0.25", "tekst", 3]


def test_respondents_are_not_applied_when_no_transcript_is_stored(project, tmp_path):
    bad = tmp_path / "leeg.txt"
    bad.write_text("", encoding="utf-8")
    resp = tmp_path / "resp.csv"
    resp.write_text(CSV.format(name="leeg.txt"), encoding="utf-8")
    before = fingerprint(project.root)
    res = run("import", bad, "--respondents", resp, "--no-pseudonymise", "--project", project.root)
    assert res.exit_code == 1 and "respondents:" not in res.stdout
    assert fingerprint(project.root) == before
    good = tmp_path / "goed.txt"
    good.write_text(TEXT, encoding="utf-8")
    resp.write_text(CSV.format(name="goed.txt"), encoding="utf-8")
    res = run("import", bad, good, "--respondents", resp, "--no-pseudonymise", "--project", project.root)
    assert "respondents: 1 new" in res.stdout
    from workbench.store.transcripts import list_respondents

    assert [r.id for r in list_respondents(project)] == ["D01"]


def test_a_parallel_import_of_the_same_file_is_skipped_not_replaced(project, tmp_path, monkeypatch):
    from workbench.ingest import importer
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.store.project import Project
    from workbench.store.transcripts import list_transcripts

    f = tmp_path / "twee.txt"
    f.write_text(TEXT, encoding="utf-8")
    real_read = importer._read

    def read_while_another_import_runs(path, limits, notify):
        monkeypatch.setattr(importer, "_read", real_read)
        other = import_files(Project.open(project.root), [f], ImportOptions(pseudonymise=False))
        assert other.results[0].status == "imported"
        return real_read(path, limits, notify)

    monkeypatch.setattr(importer, "_read", read_while_another_import_runs)
    rep = import_files(project, [f], ImportOptions(pseudonymise=False))
    assert (rep.results[0].status, rep.results[0].message) == ("skipped", "identical file already imported")
    assert len(list_transcripts(project)) == 1
