"""``workbench agreement`` through typer's CliRunner on the real app."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

import workbench.agreement
import workbench.cli.common
from workbench.agreement.units import UnitTable
from workbench.cli.main import app
from workbench.errors import WorkbenchError

DATA = Path(__file__).parent / "data" / "agreement"
KRIPP = str(DATA / "krippendorff_2011_c.csv")
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["agreement", *args])


def error_of(result) -> str:
    """The user-facing error: the 'error: …' line on stderr, or the raised WorkbenchError."""
    assert result.exit_code != 0
    if isinstance(result.exception, WorkbenchError):
        return str(result.exception)
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def three_coders_csv(tmp_path) -> Path:
    lines = ["unit,coder,code"]
    for i in range(30):
        lines.append(f"s{i},anna,{'motivation' if i % 3 == 0 else ''}")
        lines.append(f"s{i},ben,{'motivation' if i % 3 == 0 or i == 1 else ''}")
        lines.append(f"s{i},model,{'motivation' if i % 2 == 0 else ''}")
        if i % 5 == 0:
            lines += [f"s{i},anna,financial_uncertainty", f"s{i},ben,financial_uncertainty"]
    path = tmp_path / "three.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_from_csv_is_one_object_with_overall_alpha():
    result = invoke("--from-csv", KRIPP, "--level", "nominal", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["alpha"] == pytest.approx(0.743, abs=5e-4)
    assert data["level"] == "nominal"
    assert [c["code"] for c in data["per_code"]] == ["1", "2", "3", "4", "5"]
    assert data["per_code"][0]["alpha"] == pytest.approx(0.7204, abs=1e-4)
    assert data["units"]["complete"] == 8


def test_json_binary_with_model_and_selection(three_coders_csv):
    result = invoke("--from-csv", str(three_coders_csv), "--json")
    data = json.loads(result.stdout)
    assert data["main_coders"] == ["anna", "ben"] and data["comparison_coders"] == ["model"]
    pairs = [p["pair"] for p in data["per_code"][0]["pairwise"]]
    assert pairs == ["anna–ben", "model–anna", "model–ben"]
    assert data["alpha"] == pytest.approx(data["pooled"]["alpha"])
    only = json.loads(invoke("--from-csv", str(three_coders_csv), "--json", "--coders",
                             "anna,ben", "--codes", "motivation").stdout)
    assert only["coders"] == ["anna", "ben"] and only["codes"] == ["motivation"]
    assert only["per_code"][0]["kappa"] == pytest.approx(data["per_code"][0]["kappa"])


def test_table_output_counts_units_and_shows_flags(three_coders_csv):
    result = invoke("--from-csv", KRIPP, "--level", "nominal", "--no-color")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Units counted: 8 of 12 seen by every coder; 4 dropped" in out
    assert "Nominal α: 0.74 (amber" in out
    assert "amber" in out and "\x1b[" not in out
    result = invoke("--from-csv", str(three_coders_csv), "--no-color")
    assert "κ anna–ben" in result.stdout or "anna–ben" in result.stdout
    assert "model–anna" in result.stdout and "model–ben" in result.stdout
    assert "nobody" not in result.stdout  # both codes were used


def test_thresholds_from_options():
    data = json.loads(invoke("--from-csv", KRIPP, "--level", "nominal", "--json",
                             "--amber", "0.5", "--green", "0.7").stdout)
    assert data["thresholds"] == {"amber": 0.5, "green": 0.7}
    assert data["alpha_flag"] == "green"


@pytest.mark.parametrize("args, expected", [
    (["--level", "ordinal"], "unknown --level"),
    (["--codes", "motivation"], "code(s) not in the file: motivation"),
    (["--wave", "2024"], "do not apply to --from-csv"),
    (["--coders", "A"], "at least two coders"),
    (["--out", "table.xlsx"], "use a .docx or .csv"),
])
def test_usage_errors_are_input_errors(args, expected):
    assert expected in error_of(invoke("--from-csv", KRIPP, *args))


def test_bad_csv_prints_one_error_line(tmp_path, monkeypatch, capsys):
    from workbench.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_text("segment,who\ns1,anna\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["workbench", "agreement", "--from-csv", str(bad)])
    with pytest.raises(SystemExit) as info:
        main.run()
    assert info.value.code != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert f"{bad}: line 1: missing column(s) unit, coder, code" in err


def test_out_writes_docx_and_keeps_json_clean(tmp_path):
    out = tmp_path / "agreement.docx"
    result = invoke("--from-csv", KRIPP, "--level", "nominal", "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # the 'wrote' message goes to stderr
    assert f"wrote {out}" in result.stderr
    from docx import Document

    assert Document(str(out)).tables[0].style.name == "Table Grid"
    csv_out = tmp_path / "agreement.csv"
    result = invoke("--from-csv", KRIPP, "--level", "nominal", "--out", str(csv_out))
    assert csv_out.read_text().startswith("row,code,label")


@pytest.fixture
def fake_project(monkeypatch):
    """Replace the lead's project adaptor by a stub that records its arguments."""
    calls = {}
    rows = []
    for i in range(12):
        rows += [(str(i), "anna", "motivation" if i < 6 else None),
                 (str(i), "ben", "motivation" if i < 5 else None),
                 (str(i), "model", "motivation" if i % 2 else None)]

    def load_units(project, coders=None, codes=None, transcripts=None, wave=None):
        calls.update(project=project, coders=coders, codes=codes, transcripts=transcripts,
                     wave=wave)
        return UnitTable.from_rows(rows), ["motivation", "financial_uncertainty"]

    fake = types.ModuleType("workbench.agreement.project")
    fake.load_units = load_units
    monkeypatch.setitem(sys.modules, "workbench.agreement.project", fake)
    monkeypatch.setattr(workbench.agreement, "project", fake, raising=False)
    monkeypatch.setattr(workbench.cli.common, "open_project", lambda p: f"PROJECT:{p}")
    return fake, calls


def test_project_mode_calls_load_units(fake_project, tmp_path):
    fake, calls = fake_project
    result = invoke("--project", str(tmp_path), "--coders", "anna,ben,model", "--transcripts",
                    "D01.txt, AD01.txt", "--wave", "2025", "--json")
    assert result.exit_code == 0, result.output
    assert calls == {"project": f"PROJECT:{tmp_path}", "coders": ["anna", "ben", "model"],
                     "codes": None, "transcripts": ["D01.txt", "AD01.txt"], "wave": "2025"}
    data = json.loads(result.stdout)
    assert data["codes"] == ["motivation", "financial_uncertainty"]
    assert data["per_code"][1]["alpha"] is None  # codebook code nobody applied
    assert data["comparison_coders"] == ["model"]


def test_project_mode_table_and_threshold_hook(fake_project, tmp_path):
    fake, _ = fake_project
    fake.load_thresholds = lambda project: {"amber": 0.1, "green": 0.2}
    result = invoke("--project", str(tmp_path), "--no-color")
    assert result.exit_code == 0, result.output
    assert "Agreement between anna, ben (binary, per code)" in result.stdout
    assert "Compared with each coder separately: model" in result.stdout
    assert "model–anna" in result.stdout
    assert "financial_uncertainty: undefined: no variation (nobody applied" in result.stdout
    data = json.loads(invoke("--project", str(tmp_path), "--json", "--green", "0.95").stdout)
    assert data["thresholds"] == {"amber": 0.1, "green": 0.95}


def test_project_mode_without_adaptor(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "workbench.agreement.project", None)
    monkeypatch.delattr(workbench.agreement, "project", raising=False)
    monkeypatch.setattr(workbench.cli.common, "open_project", lambda p: object())
    assert "use --from-csv" in error_of(invoke("--project", str(tmp_path)))
