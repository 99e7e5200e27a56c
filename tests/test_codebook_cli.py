"""`workbench codebook …` through typer's CliRunner on the real app."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.codebook import load_codebook, loads_codebook

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "codebook"
REINTEGRATIE = ROOT / "codebooks" / "reintegratie.yaml"


@pytest.fixture
def runner():
    return CliRunner()


def test_validate_ok(runner):
    result = runner.invoke(app, ["codebook", "validate", str(REINTEGRATIE), str(DATA / "valid.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{REINTEGRATIE}: OK (12 codes)", f"{DATA / 'valid.yaml'}: OK (2 codes)"]


def test_validate_problems_one_line_each(runner):
    bad = DATA / "invalid.yaml"
    result = runner.invoke(app, ["codebook", "validate", str(DATA / "valid.yaml"), str(bad)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert lines[0].endswith("valid.yaml: OK (2 codes)")
    assert lines[1:] == [
        f"{bad}:7: code 'groep' is codable: false (a grouping category) but has anchor examples; "
        f"move them to a child code or set codable: true",
        f"{bad}:10: code 'a': missing required field 'definition'",
        f"{bad}:12: code 'a': unknown field 'defintion' (did you mean 'definition'?)",
        f"{bad}:18: code 'b': keyword 'toeslag(' is not a valid regular expression: "
        f"missing ), unterminated subpattern at position 7",
    ]
    assert "Traceback" not in result.output


def test_validate_missing_and_hostile_files_no_traceback(runner, tmp_path):
    evil = tmp_path / "evil.qdc"
    evil.write_bytes(b'<!DOCTYPE x [<!ENTITY a "b">]><CodeBook/>')
    result = runner.invoke(app, ["codebook", "validate", str(tmp_path / "nope.yaml"), str(evil)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{tmp_path / 'nope.yaml'}: file not found"
    assert result.output.splitlines()[1].startswith(f"{evil}: refused")
    assert "Traceback" not in result.output


def test_validate_needs_a_file(runner):
    assert runner.invoke(app, ["codebook", "validate"]).exit_code == 2


def test_export_qdc_and_back_to_yaml(runner, tmp_path):
    qdc = tmp_path / "cb.qdc"
    result = runner.invoke(app, ["codebook", "export", "--from", str(REINTEGRATIE), "--format", "qdc",
                                 "--out", str(qdc)])
    assert result.exit_code == 0, result.output
    assert qdc.read_bytes().startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook')
    result = runner.invoke(app, ["codebook", "export", "--from", str(qdc), "--format", "yaml"])
    assert result.exit_code == 0, result.output
    assert loads_codebook(result.stdout).flat() == load_codebook(REINTEGRATIE).flat()


def test_export_refuses_to_overwrite(runner, tmp_path):
    out = tmp_path / "cb.yaml"
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["codebook", "export", "--from", str(REINTEGRATIE), "--format", "yaml",
                                 "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {out}: already exists (use --force to overwrite)\n"
    assert out.read_text() == "keep me"
    result = runner.invoke(app, ["codebook", "export", "--from", str(REINTEGRATIE), "--format", "yaml",
                                 "--out", str(out), "--force"])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Codeboek")


def test_export_invalid_yaml_is_an_error_line(runner):
    result = runner.invoke(app, ["codebook", "export", "--from", str(DATA / "invalid.yaml"), "--format", "qdc"])
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {DATA / 'invalid.yaml'}:7: code 'groep'")
    assert "(and 3 more problems)" in line


def test_import_qdc(runner, tmp_path):
    src = tmp_path / "atlas.qdc"
    shutil.copy(DATA / "foreign_atlas.qdc", src)
    out = tmp_path / "codebook.yaml"
    result = runner.invoke(app, ["codebook", "import-qdc", str(src), "--out", str(out), "--name", "atlas"])
    assert result.exit_code == 0, result.output
    assert "note: 3 codes had no description" in result.stderr
    cb = loads_codebook(out.read_text(encoding="utf-8").replace("TODO:", "Ingevuld:"))
    assert cb.name == "atlas" and len(cb.flat()) == 5
    # the imported file is flagged until the definitions are written
    result = runner.invoke(app, ["codebook", "validate", str(out)])
    assert result.exit_code == 1 and result.output.count("placeholder") == 3


def test_import_qdc_bad_xml(runner, tmp_path):
    src = tmp_path / "broken.qdc"
    src.write_bytes(b"<CodeBook><Codes></CodeBook>")
    result = runner.invoke(app, ["codebook", "import-qdc", str(src)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {src}: not well-formed XML at line 1, column")


def test_schema(runner):
    result = runner.invoke(app, ["codebook", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Codebook" and "Code" in schema["$defs"]
    assert json.loads((ROOT / "docs" / "codebook.schema.json").read_text(encoding="utf-8")) == schema
