"""One rule for "too few positives": `workbench agreement` (table and --json) and the report's
methods appendix judge every code the same way, from workbench.toml [agreement]."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from workbench.agreement.units import UnitTable
from workbench.cli.main import app
from workbench.report import build_report

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


def _table() -> UnitTable:
    """300 segments: job_search on 14 and 14 of them (4.7%, 16 units with the code; the demo's
    "Zoeken naar werk"), motivation on about a third with good agreement, contact_ad on three."""
    rows = []
    for i in range(300):
        anna, ben = set(), set()
        if i < 14:
            anna.add("job_search")
        if i < 12 or i in (14, 15):
            ben.add("job_search")
        if i % 3 == 0:
            anna.add("motivation")
            if i != 3:
                ben.add("motivation")
        if i in (100, 101, 102):
            anna.add("contact_ad")
            ben.add("contact_ad")
        for coder, codes in (("anna", anna), ("ben", ben)):
            rows += [(str(i), coder, c) for c in sorted(codes)] or [(str(i), coder, None)]
    return UnitTable.from_rows(rows)


@pytest.fixture
def two_coders(project, monkeypatch):
    codes = ["motivation", "job_search", "contact_ad"]
    monkeypatch.setattr("workbench.agreement.project.load_units",
                        lambda proj, coders=None, codes_=None, **kw: (_table(), codes))
    return project


def _both(project, tmp_path) -> tuple[dict, dict]:
    """code -> flag from `agreement --json`; code -> the appendix's κ cell."""
    res = CliRunner().invoke(app, ["agreement", "--json", "--coders", "anna,ben", "--project", str(project.root)])
    assert res.exit_code == 0, res.output
    flags = {c["code"]: c["flag"] for c in json.loads(res.stdout)["per_code"]}
    from workbench.synthesis.project import _agreement_rows

    rows, rule = _agreement_rows(project, ["anna", "ben"])
    inp = synthetic.make_input(agreement=rows, agreement_rule=rule)
    d = docx.Document(str(build_report(inp, tmp_path / "r.docx")))
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Code")
    labels = {c.label: c.id for c in inp.codebook.flat()}
    cells = {labels[r.cells[0].text]: r.cells[-1].text for r in table.rows[1:]}
    return flags, cells


def test_agreement_and_the_appendix_judge_alike(two_coders, tmp_path):
    flags, cells = _both(two_coders, tmp_path)
    assert flags == {"motivation": "green", "job_search": "few", "contact_ad": "few"}
    for code, flag in flags.items():
        assert (cells[code] == "niet te beoordelen") is (flag == "few"), code
    d = docx.Document(str(tmp_path / "r.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "minder dan vijf fragmenten toegekend of bij minder dan 5% van de beoordelingen" in text


def test_the_rule_is_read_from_workbench_toml_by_both(two_coders, tmp_path):
    toml = Path(two_coders.root) / "workbench.toml"
    text = toml.read_text(encoding="utf-8").replace("[agreement]\n", "[agreement]\nmin_positive_share = 0.04\n")
    toml.write_text(text, encoding="utf-8")
    from workbench.store.project import Project

    reopened = Project.open(two_coders.root)
    try:
        flags, cells = _both(reopened, tmp_path)
    finally:
        reopened.close()
    assert flags["job_search"] != "few" and flags["contact_ad"] == "few"
    for code, flag in flags.items():
        assert (cells[code] == "niet te beoordelen") is (flag == "few"), code


def test_a_prevalence_just_under_the_bound_is_not_shown_as_the_bound():
    from workbench.report.coding_method import _prevalence

    rule = {"min_positives": 5, "min_positive_share": 0.05}
    assert _prevalence(0.0499, True, rule) == "4,99%"   # not "5%" beside "niet te beoordelen"
    assert _prevalence(0.0427, True, rule) == "4%"
    assert _prevalence(0.17, False, rule) == "17%"
    assert _prevalence(None, False, rule) == "NB"
