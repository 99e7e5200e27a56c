"""Agreement on a project (units seen, the model as a coder), disagreements and reconciliation."""

import json

import pytest

from docx import Document
from typer.testing import CliRunner

from tests.helpers import make_project, suggest_rows
from workbench.agreement.metrics import compute_agreement
from workbench.agreement.project import load_units
from workbench.agreement.reconcile import (
    consensus_origin, find_disagreements, reconcile_first_wins, reconcile_from_csv,
)
from workbench.cli.main import app
from workbench.store.codings import list_codings, mark_seen, set_decision
from workbench.store.events import list_events

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL


def _code(project, coder, decisions, seen):
    with project.session() as s:
        for sid in seen:
            mark_seen(s, sid, coder)
        for sid, code in decisions:
            set_decision(s, sid, code, coder, "accepted")


def _setup(project, tmp_path):
    segs = make_project(project, tmp_path)
    a, b, c, d = (s.id for s in segs)
    _code(project, "anna", [(a, "motivation"), (b, "financial_uncertainty"), (c, "trajectory_fit")], [a, b, c, d])
    # ben did not see d; disagrees on c (no code) and adds motivation on b
    _code(project, "ben", [(a, "motivation"), (b, "financial_uncertainty"), (b, "motivation")], [a, b, c])
    suggest_rows(project, [(a, "motivation", 0.9), (b, "financial_uncertainty", 0.8), (c, "zelfoverschatting", 0.7),
                           (d, "zelfoverschatting", 0.6)])
    return a, b, c, d


def test_units_only_count_segments_every_coder_saw(project, tmp_path):
    a, b, c, d = _setup(project, tmp_path)
    table, codes = load_units(project, coders=["anna", "ben"])
    assert set(table.units) == {str(x) for x in (a, b, c, d)}
    assert table.units_seen_by(["anna", "ben"]) == [str(a), str(b), str(c)]
    res = compute_agreement(table, coders=["anna", "ben"], codes=codes)
    fin = next(r for r in res.per_code if r.code == "financial_uncertainty")
    assert fin.n_units == 3 and fin.n_dropped == 1 and fin.percent_agreement == 1.0
    unused = next(r for r in res.per_code if r.code == "job_search" or r.code == "zelfoverschatting")
    assert unused.alpha is None  # nobody (human) used it: undefined, not 0 or 1


def test_model_is_a_coder(project, tmp_path):
    a, b, c, d = _setup(project, tmp_path)
    table, _ = load_units(project, coders=["anna", "model"])
    assert table.codes_of(str(c), "model") == frozenset({"zelfoverschatting"})
    assert table.codes_of(str(d), "model") == frozenset({"zelfoverschatting"})
    res = CliRunner().invoke(app, ["agreement", "--coders", "anna,ben,model", "--json", "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)  # notes (e.g. on model echo) go to stderr
    assert data["comparison_coders"] == ["model"]


def test_disagreements_and_first_wins_reconcile(project, tmp_path):
    a, b, c, d = _setup(project, tmp_path)
    diffs, common, _ = find_disagreements(project, ["anna", "ben"])
    assert common == 3 and {x.segment_id for x in diffs} == {b, c}
    by = {x.segment_id: x for x in diffs}
    assert by[c].codes == {"anna": ["trajectory_fit"], "ben": []} and by[c].context_before
    res = reconcile_first_wins(project, ["anna", "ben"], decided_by="demo")
    assert res["reconciled"] == 2 and res["first"] == "anna"
    cons = {(x.segment_id, x.code_id): x.status for x in list_codings(project, coder="consensus")}
    assert cons[(a, "motivation")] == "accepted"
    assert cons[(b, "motivation")] == "rejected" and cons[(b, "financial_uncertainty")] == "accepted"
    assert cons[(c, "trajectory_fit")] == "accepted"
    assert (d, "trajectory_fit") not in cons  # only anna saw d: her (empty) coding is copied
    events = [e for e in list_events(project, coder="consensus") if e.action == "reconciled"]
    assert events and all("besloten door demo" in e.details["reason"] for e in events)


def test_reconcile_from_csv_and_cli_outputs(project, tmp_path):
    a, b, c, d = _setup(project, tmp_path)
    dec = tmp_path / "dec.csv"
    dec.write_text(f"segment,codes,reason\n{b},financial_uncertainty;motivation,beide zijn er\n{c},,geen code\n",
                   encoding="utf-8")
    reconcile_from_csv(project, dec, decided_by="supervisor", coders=["anna", "ben"])
    cons = {(x.segment_id, x.code_id): x for x in list_codings(project, coder="consensus")}
    assert cons[(b, "motivation")].status == "accepted"
    assert "beide zijn er (besloten door supervisor)" == cons[(b, "motivation")].reason
    assert consensus_origin(cons[(b, "motivation")].reason) == ("settled", "supervisor")
    assert (c, "trajectory_fit") not in cons or cons[(c, "trajectory_fit")].status == "rejected"
    runner = CliRunner()
    out = tmp_path / "diff.docx"
    res = runner.invoke(app, ["disagreements", "--format", "docx", "--out", str(out), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    assert doc.tables and doc.tables[0].style.name == "Table Grid"
    assert any("Fragment" in p.text for p in doc.paragraphs)
    res = runner.invoke(app, ["disagreements", "--format", "csv", "--project", str(project.root)])
    assert res.exit_code == 0 and res.output.startswith("segment,transcript")
    # interactive reconcile: take ben's codes on the first disagreement with a reason, skip the second
    res = runner.invoke(app, ["reconcile", "--by", "sup", "--project", str(project.root)], input="2\nben heeft gelijk\ns\n")
    assert res.exit_code == 0, res.output
    assert "Saved 1 consensus decisions" in res.output


def test_reconcile_csv_with_a_bad_row_writes_nothing(project, tmp_path, db_snapshot):
    import pytest

    from workbench.errors import InputError

    a, b, c, d = _setup(project, tmp_path)
    dec = tmp_path / "dec.csv"
    dec.write_text(f"segment,codes,reason\n{b},motivation,ok\n{c},onbekend,fout\n", encoding="utf-8")
    before = db_snapshot(project)
    with pytest.raises(InputError, match="line 3: unknown code"):
        reconcile_from_csv(project, dec, decided_by="sup", coders=["anna", "ben"])
    assert db_snapshot(project) == before


def test_the_disagreements_csv_round_trips_through_reconcile(project, tmp_path):
    """The file a supervisor fills in (consensus_codes) is the file reconcile reads; an empty
    cell is a decision not yet taken, '-' is "no code"."""
    import csv

    a, b, c, d = _setup(project, tmp_path)
    out = tmp_path / "verschillen.csv"
    runner = CliRunner()
    res = runner.invoke(app, ["disagreements", "--format", "csv", "--out", str(out), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {int(r["segment"]) for r in rows} == {b, c}
    for r in rows:  # the supervisor decides b, leaves c open
        if int(r["segment"]) == b:
            r["consensus_codes"], r["reason"] = "financial_uncertainty", "geld staat voorop"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    res = runner.invoke(app, ["reconcile", "--by", "sup", "--from-csv", str(out), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    assert "1 decisions from" in res.output and "1 rows without a decision left open" in res.output
    cons = {(x.segment_id, x.code_id): x.status for x in list_codings(project, coder="consensus")}
    assert cons[(b, "financial_uncertainty")] == "accepted" and cons[(b, "motivation")] == "rejected"
    assert not any(sid == c for sid, _ in cons)  # still open
    # '-' decides "no code"
    for r in rows:
        if int(r["segment"]) == c:
            r["consensus_codes"] = "-"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    res = runner.invoke(app, ["reconcile", "--by", "sup", "--from-csv", str(out), "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    cons = {(x.segment_id, x.code_id): x.status for x in list_codings(project, coder="consensus")}
    assert cons[(c, "trajectory_fit")] == "rejected"


def test_reconcile_says_agreed_and_single_coded_apart(project, tmp_path):
    a, b, c, d = _setup(project, tmp_path)
    res = reconcile_first_wins(project, ["anna", "ben"], decided_by="demo")
    assert (res["agreed"], res["single"]) == (1, 1)  # a agreed; d seen by anna only
    assert "1 segments where the coders agree and 1 coded by one coder only" in res["copied"].describe()
    (summary,) = [e for e in list_events(project, coder="demo") if e.action == "consensus-copied"]
    assert (summary.details["agreed"], summary.details["single_coded"]) == (1, 1)
    actions = {e.action for e in list_events(project, coder="consensus") if e.segment_id == a}
    assert actions == {"agreed"}
    kinds = {consensus_origin(x.reason)[0] for x in list_codings(project, coder="consensus")}
    assert kinds == {"agreed", "first-wins"}  # what reconcile wrote, read back (d has no code to copy)


def test_a_note_typed_once_appears_once_with_its_codes(project, tmp_path):
    from workbench.agreement.disagreements_export import write_docx

    a, b, c, d = _setup(project, tmp_path)
    with project.session() as s:  # as review stores one note: on every code decided with it
        set_decision(s, b, "financial_uncertainty", "ben", "accepted", reason="twijfel over geld")
        set_decision(s, b, "motivation", "ben", "accepted", reason="twijfel over geld")
    diffs, _, _ = find_disagreements(project, ["anna", "ben"])
    by = {x.segment_id: x for x in diffs}
    assert by[b].reasons["ben"] == ["financial_uncertainty, motivation: twijfel over geld"]
    out = tmp_path / "d.docx"
    write_docx(diffs, ["anna", "ben"], {}, out, 3)
    text = "\n".join(cell.text for t in Document(str(out)).tables for row in t.rows for cell in row.cells)
    assert text.count("twijfel over geld") == 1
