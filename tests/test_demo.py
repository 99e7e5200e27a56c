"""The README's main job end to end on the shipped samples (slow-ish: one run per module)."""

import re
import sqlite3

import pytest
from docx import Document
from typer.testing import CliRunner

from workbench.cli.main import app

# Identifiers written into the fictional samples; none may survive into the project or report.
IDENTIFIERS = ["Lotte Bakker", "Kevin Brouwer", "Youssef Amrani", "Hanneke Smit", "Ilse Verbeek",
               "Eva Kramer", "kevin.brouwer93@hotmail.com", "06-28 47 19 63", "237 519 811",
               "i.verbeek@meerzicht-onderzoek.nl", "Korenschoof", "Werkwaarts"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "project"
    res = CliRunner().invoke(app, ["demo", str(out)])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_demo_runs_every_stage(demo):
    out, output = demo
    for stage in ("Import", "Codebook", "Suggest", "Human codings", "Agreement", "Reconcile", "Word report"):
        assert stage in output
    assert "14 transcripts, 31 respondents" in output
    assert "first coder's choice wins (anna)" in output
    assert re.search(r"Learning check \(anna.s codings, 5 folds by transcript\): κ model–anna [0-9.]+ zero-shot → [0-9.]+",
                     " ".join(output.split()))
    assert (out / "rapport_reintegratie.docx").is_file()
    assert str(out / "rapport_reintegratie.docx") in output.replace("\n", "")


def test_demo_stores_and_reports_only_pseudonymised_text(demo):
    out, output = demo
    db = sqlite3.connect(out / "workbench.db")
    stored = "\n".join(r[0] for r in db.execute("SELECT text FROM transcript"))
    stored += "\n".join(r[0] or "" for r in db.execute("SELECT speaker FROM speaker_turn"))
    stored += "\n".join(r[0] for r in db.execute("SELECT name FROM transcript"))
    doc = Document(str(out / "rapport_reintegratie.docx"))
    report = "\n".join(p.text for p in doc.paragraphs)
    report += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for ident in IDENTIFIERS:
        assert ident not in stored, ident
        assert ident not in report, ident
        assert ident not in output, ident
    assert "[PERSOON-" in stored


def test_demo_report_structure(demo):
    out, _ = demo
    doc = Document(str(out / "rapport_reintegratie.docx"))
    styles = [p.style.name for p in doc.paragraphs]
    assert "Heading 1" in styles and "Heading 2" in styles
    # a quote that needs its question has it, in italics, in a Quote paragraph of its own before it
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote" and not p.text.startswith("Interviewer: ")]
    assert len(quotes) >= 9 and len(set(quotes)) == len(quotes)
    assert not re.search(r"\[[A-Z]+-\d+\]", "\n".join(quotes))  # no numbered tag in a quote
    assert all(re.search(r"” –\s(Deelnemer|Arbeidsdeskundige|Re[-\u2011]integratiebureau|Werkgever)", q) for q in quotes)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("Tabel") for c in captions) and any(c.startswith("Figuur") for c in captions)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Methodologische toelichting" in text and "Samenvatting" in text
    assert "4.081" in "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)


def test_demo_never_replaces_a_real_project(tmp_path):
    from workbench.store.project import Project

    real = Project.init(tmp_path / "studie")
    res = CliRunner().invoke(app, ["demo", str(real.root)])
    assert res.exit_code == 1 and "not an earlier demo project" in res.output
    assert (real.root / "workbench.toml").is_file() and (real.root / "workbench.db").is_file()
