"""The .xlsx exports: coded segments, code-by-respondent matrix, frequencies by attribute."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qdpx_helpers import coded_project
from workbench.cli.main import app
from workbench.errors import WorkbenchError
from workbench.interop.xlsx import export_xlsx


def rows(path):
    ws = load_workbook(path).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def coded(project, tmp_path):
    coded_project(project, tmp_path)
    return project


def test_coded_segments_one_row_per_coding(coded, tmp_path):
    out = tmp_path / "seg.xlsx"
    n = export_xlsx(coded, out, table="segments")
    header, *body = rows(out)
    assert header[:7] == ["transcript", "segment", "start", "end", "respondent", "type", "uitkering"]
    assert header[-7:] == ["code", "codepad", "coder", "status", "score", "reden", "tekst"]
    assert n == len(body) == 10   # anna 5 (one span over two segments), ben 2 + 1 rejection, model 2
    by = {(r[header.index("coder")], r[header.index("code")], r[header.index("status")]) for r in body}
    assert ("ben", "zelfoverschatting", "rejected") in by and ("model", "motivation", "suggested") in by
    row = next(r for r in body if r[header.index("code")] == "motivation" and r[0] == "fg.txt")
    assert row[header.index("tekst")] == "structuur" and row[header.index("codepad")] == "Groep > Motivatie"
    assert row[header.index("respondent")] == "P1" and row[header.index("uitkering")] == "WW"
    reason = next(r for r in body if r[header.index("status")] == "rejected")[header.index("reden")]
    assert reason == "niet te snel"
    only_ben = export_xlsx(coded, tmp_path / "ben.xlsx", table="segments", coders=["ben"])
    assert only_ben == 3


def test_code_by_respondent_matrix(coded, tmp_path):
    out = tmp_path / "m.xlsx"
    export_xlsx(coded, out, table="matrix", coder="anna")
    header, *body = rows(out)
    assert header == ["code", "codepad", "D01", "P1", "P2", "P3", "totaal segmenten", "respondenten"]
    m = {r[0]: r[2:] for r in body}
    assert m["motivation"] == [1, 1, 0, 0, 2, 2]
    assert m["financial_uncertainty"] == [1, 0, 1, 1, 3, 3]   # the span over P2 and P3's turns
    assert m["zelfoverschatting"] == [0, 0, 0, 0, 0, 0]


def test_frequencies_by_attribute_count_respondents(coded, tmp_path):
    out = tmp_path / "f.xlsx"
    export_xlsx(coded, out, table="frequencies", by="type")
    header, n_row, *body = rows(out)
    assert header == ["code", "codepad", "deelnemer", "werkgever", "totaal"]
    assert n_row == ["n respondenten", None, 3, 1, 4]
    f = {r[0]: r[2:] for r in body}
    assert f["financial_uncertainty"] == [2, 1, 3]      # anna: D01, P3; ben: D01; anna: P2
    assert f["trajectory_fit"] == [1, 0, 1]
    export_xlsx(coded, out, table="frequencies", by="uitkering", coder="ben")
    header, n_row, *body = rows(out)
    assert header[2:-1] == ["(onbekend)", "IVA", "WW", "Wajong"]


def test_bad_requests_are_one_line(coded, tmp_path):
    with pytest.raises(WorkbenchError, match="needs --by"):
        export_xlsx(coded, tmp_path / "x.xlsx", table="frequencies")
    with pytest.raises(WorkbenchError, match="unknown respondent attribute 'leeftijd'"):
        export_xlsx(coded, tmp_path / "x.xlsx", table="frequencies", by="leeftijd")
    with pytest.raises(WorkbenchError, match="no codings by coder 'zoe'"):
        export_xlsx(coded, tmp_path / "x.xlsx", table="matrix", coder="zoe")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_export_xlsx(coded, tmp_path):
    out = tmp_path / "cli.xlsx"
    r = CliRunner().invoke(app, ["export", str(out), "--table", "matrix", "--project", str(coded.root)])
    assert r.exit_code == 0, r.output
    assert rows(out)[0][0] == "code"
