"""Codings from Taguette highlights and QualCoder coding reports: quotes found in the stored,
pseudonymised text; unplaceable rows listed, the rest imported; --strict; semicolons; .xlsx."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from helpers import TEXT, make_project
from workbench.cli.main import app
from workbench.errors import InputError, WorkbenchError
from workbench.interop.codings_import import import_codings_from
from workbench.interop.quote_match import find_quote

PSEUDO = TEXT.replace("Ik wil gewoon weer", "Ik wil bij [INSTELLING-1] in [LOCATIE-1] gewoon weer")


def codings(project, coder=None):
    from workbench.store.codings import list_codings
    from workbench.store.transcripts import list_segments

    segs = {s.id: s for s in list_segments(project)}
    out = set()
    for c in list_codings(project, coder=coder):
        seg = segs[c.segment_id]
        a, b = (c.span_start, c.span_end) if c.span_start is not None else (seg.start, seg.end)
        out.add((c.coder, c.code_id, a, b))
    return out


def test_quote_matching_allows_whitespace_and_tags_for_names():
    text = "R: Bij [INSTELLING-1] in [LOCATIE-1] wil ik  structuur, zei [PERSOON-1]."
    assert text[slice(*find_quote(text, "Bij Bakkerij Smit in Utrecht wil ik\nstructuur"))].endswith("structuur")
    assert text[slice(*find_quote(text, "structuur, zei Jan de Vries."))] == "structuur, zei [PERSOON-1]."
    assert find_quote(text, "Jan de Vries") is None        # tags alone prove nothing
    assert find_quote(text, "niet in de tekst") is None
    assert find_quote("hier staat de x echt", "<p>de <b>x</b> staat</p>") is None
    assert find_quote("hier staat de x echt", "<p>staat de <b>x</b></p>") == (5, 15)   # Taguette's HTML
    assert find_quote("a &amp; b", "a &amp;amp; b") is not None  # HTML entities in Taguette exports


def test_taguette_csv_places_rows_and_lists_the_rest(project, tmp_path):
    make_project(project, tmp_path, text=PSEUDO)
    f = tmp_path / "highlights.csv"
    f.write_text("id,document,tag,content\n"
                 '1,int.docx,Motivatie,"Ik wil bij Werkpad in Utrecht gewoon   weer ergens bij horen"\n'
                 "2,int.txt,financial_uncertainty,dat ik moet terugbetalen\n"
                 "3,int.txt,Onbekende code,het traject\n"
                 "4,ander.docx,motivation,structuur\n"
                 "5,int.txt,trajectory_fit,dit zei niemand ooit\n", encoding="utf-8")
    res = import_codings_from(project, f, "taguette", "anna")
    assert res.placed == 2 and res.rows == 5 and res.coders == ["anna"]
    assert [u.split(":")[0] for u in res.unplaced] == ["line 4", "line 5", "line 6"]
    assert "unknown code 'Onbekende code'" in res.unplaced[0] and "unknown document" in res.unplaced[1]
    a = PSEUDO.index("Ik wil bij")
    assert ("anna", "motivation", a, PSEUDO.index("horen") + 5) in codings(project)
    b = PSEUDO.index("dat ik moet terugbetalen")
    assert ("anna", "financial_uncertainty", b, b + len("dat ik moet terugbetalen")) in codings(project)


def test_strict_refuses_the_whole_file(project, tmp_path, db_snapshot):
    make_project(project, tmp_path)
    f = tmp_path / "h.csv"
    f.write_text("id,document,tag,content\n1,int.txt,motivation,structuur in mijn dag\n"
                 "2,int.txt,motivation,staat er niet\n", encoding="utf-8")
    before = db_snapshot(project)
    with pytest.raises(InputError, match="line 3: quote not found"):
        import_codings_from(project, f, "taguette", "anna", strict=True)
    assert db_snapshot(project) == before


def test_no_placeable_row_is_an_error_and_changes_nothing(project, tmp_path, db_snapshot):
    make_project(project, tmp_path)
    f = tmp_path / "h.csv"
    f.write_text("id,document,tag,content\n1,int.txt,motivation,staat er niet\n", encoding="utf-8")
    before = db_snapshot(project)
    with pytest.raises(InputError, match="no row could be placed"):
        import_codings_from(project, f, "taguette", "anna")
    assert db_snapshot(project) == before


def test_taguette_xlsx_and_semicolon_csv(project, tmp_path):
    from openpyxl import Workbook

    make_project(project, tmp_path)
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "document", "tag", "content"])
    ws.append([1, "int", "Motivatie", "structuur in mijn dag"])
    wb.save(tmp_path / "h.xlsx")
    assert import_codings_from(project, tmp_path / "h.xlsx", "taguette", "anna").placed == 1
    semi = tmp_path / "nl.csv"
    semi.write_text("id;document;tag;content\n1;int.txt;Zelfoverschatting;32 uur, achteraf\n", encoding="cp1252")
    assert import_codings_from(project, semi, "taguette", "ben").placed == 1
    assert {(c, k) for c, k, _, _ in codings(project)} == {("anna", "motivation"), ("ben", "zelfoverschatting")}


def test_taguette_needs_a_coder_and_its_columns(project, tmp_path):
    make_project(project, tmp_path)
    f = tmp_path / "h.csv"
    f.write_text("id,document,tag,content\n1,int.txt,motivation,structuur\n", encoding="utf-8")
    with pytest.raises(InputError, match="--coder"):
        import_codings_from(project, f, "taguette", None)
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a Taguette highlights export"):
        import_codings_from(project, f, "taguette", "anna")


def test_qualcoder_report_with_bom_several_coders_and_cases(project, tmp_path):
    make_project(project, tmp_path)
    f = tmp_path / "report.csv"
    f.write_bytes(("\ufeffCodename,Coded,File,Case,Coder,Coded_Memo\n"
                   "Motivatie,structuur in mijn dag,int.txt,,sanne,\n"
                   "Financiële onzekerheid,toeslagen omlaag gaan,,D01,piet,\n"
                   "Motivatie,niet gevonden,int.txt,,piet,\n").encode("utf-8"))
    with pytest.raises(WorkbenchError, match="unknown coder"):  # coders are people: registered first
        import_codings_from(project, f, "qualcoder", None)
    res = import_codings_from(project, f, "qualcoder", None, add_coder=True)
    assert res.coders == ["piet", "sanne"] and len(res.unplaced) == 1
    assert {(c, k) for c, k, _, _ in codings(project)} == {("sanne", "motivation"), ("piet", "financial_uncertainty")}


def test_cli_lists_unplaced_rows_and_strict_exits_non_zero(project, tmp_path):
    make_project(project, tmp_path)
    f = tmp_path / "h.csv"
    f.write_text("id,document,tag,content\n1,int.txt,motivation,structuur in mijn dag\n"
                 "2,int.txt,motivation,staat er niet\n", encoding="utf-8")
    p = ["--project", str(project.root)]
    r = CliRunner().invoke(app, ["codings", "import", str(f), "--from", "taguette", "--coder", "anna", "--strict", *p])
    assert r.exit_code == 1 and "line 3: quote not found" in r.output and r.output.count("\n") == 1
    r = CliRunner().invoke(app, ["codings", "import", str(f), "--from", "taguette", "--coder", "anna", *p])
    assert r.exit_code == 0 and "from 1 of 2 rows" in r.output and "line 3: quote not found" in r.output


def test_native_csv_lists_unplaced_rows_unless_strict(project, tmp_path):
    make_project(project, tmp_path)
    f = tmp_path / "c.csv"
    f.write_text("transcript;quote;code\nint.txt;structuur in mijn dag;motivation\nint.txt;nergens;motivation\n",
                 encoding="utf-8")
    res = import_codings_from(project, f, "workbench", "anna")
    assert res.placed == 1 and res.unplaced == ["line 3: quote not found in int.txt"]
    with pytest.raises(InputError, match="line 3"):
        import_codings_from(project, f, "workbench", "ben", strict=True)
