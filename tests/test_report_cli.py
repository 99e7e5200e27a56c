"""CLI: report, themes, quotes with the project adaptor replaced by the synthetic input."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.errors import WorkbenchError

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)

runner = CliRunner()


@pytest.fixture
def fake_project(tmp_path, monkeypatch):
    calls = []

    def load(project, coder="consensus", codes=None, population=None, title=None):
        calls.append({"coder": coder, "codes": codes, "population": population, "title": title})
        if coder == "nobody":
            raise WorkbenchError("there is no consensus coding yet")
        inp = synthetic.make_input()
        if title:
            inp.title = title
        return inp

    monkeypatch.setattr("workbench.cli.common.open_project", lambda p: SimpleNamespace(root=tmp_path))
    monkeypatch.setattr("workbench.synthesis.project.load_report_input", load)
    return SimpleNamespace(root=tmp_path, calls=calls)


def test_show_quantifiers_needs_no_project(tmp_path):
    res = runner.invoke(app, ["report", "--show-quantifiers"])
    assert res.exit_code == 0, res.output
    assert "ongeveer de helft" in res.output and "drie van de zes werkgevers" in res.output
    cfg = tmp_path / "report.toml"
    cfg.write_text('[quantifiers]\nbands = [{ below = 50, word = "sommige" }, { below = 100, word = "het merendeel" }]\n',
                   encoding="utf-8")
    res = runner.invoke(app, ["report", "--show-quantifiers", "--config", str(cfg)])
    assert "het merendeel" in res.output and "ongeveer de helft" not in res.output


def test_report_builds_docx_and_passes_options(fake_project):
    out = fake_project.root / "reports" / "r.docx"
    pop = synthetic.POPULATION
    res = runner.invoke(app, ["report", "--out", str(out), "--codes", "motivation,job_search",
                              "--population", str(pop), "--title", "Mijn rapport"])
    assert res.exit_code == 0, res.output
    assert out.is_file() and str(out) in res.output
    assert fake_project.calls == [{"coder": "consensus", "codes": ["motivation", "job_search"],
                                   "population": pop, "title": "Mijn rapport"}]
    import docx

    heads = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 3"]
    # headings are labels: the codebook no longer writes findings in advance
    assert heads == ["Motivatie om (weer) te werken", "Zoeken naar werk"]


def test_report_uses_project_report_toml(fake_project):
    (fake_project.root / "report.toml").write_text(
        '[report]\nchapter_number = 4\n[headings]\nmotivation = "Werk geeft structuur"\n', encoding="utf-8")
    out = fake_project.root / "r.docx"
    res = runner.invoke(app, ["report", "--out", str(out)])
    assert res.exit_code == 0, res.output
    import docx

    assert docx.Document(str(out)).paragraphs[0] is not None
    d = docx.Document(str(out))
    start = d.part.numbering_part.element.xpath('.//w:abstractNum[@w:abstractNumId="901"]/w:lvl[@w:ilvl="0"]/w:start')
    assert start and start[0].get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "4"
    assert "Werk geeft structuur" in [p.text for p in d.paragraphs if p.style.name == "Heading 3"]


def _error(res) -> str:
    """The one-line error the CLI printed (exit code 1, no traceback)."""
    assert res.exit_code == 1, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    return lines[0]


def test_report_errors(fake_project):
    assert "--out" in _error(runner.invoke(app, ["report"]))
    assert ".docx" in _error(runner.invoke(app, ["report", "--out", "x.pdf"]))
    out = str(fake_project.root / "x.docx")
    assert "no consensus" in _error(runner.invoke(app, ["report", "--out", out, "--coder", "nobody"]))
    assert "one or two" in _error(runner.invoke(app, ["report", "--out", out, "--group-by", "a,b,c"]))
    assert "unknown code" in _error(runner.invoke(app, ["report", "--out", out, "--codes", "nope"]))


def test_themes_json_and_table(fake_project):
    res = runner.invoke(app, ["themes", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["groups"] == {"deelnemer": 6, "arbeidsdeskundige": 3, "re-integratiebureau": 2, "werkgever": 1}
    mot = [c for c in data["codes"] if c["id"] == "motivation"][0]
    assert mot["respondents"]["deelnemer"] == 6 and mot["total_segments"] == 10
    assert data["cooccurrence"]["codes"][0] == "motivation"
    res = runner.invoke(app, ["themes", "--group-by", "uitkering", "--json"])
    assert json.loads(res.output)["groups"]["IVA"] == 4
    res = runner.invoke(app, ["themes"])
    assert res.exit_code == 0 and "Motivatie om (weer) te werken" in res.output and "Samen gecodeerd" in res.output


def test_quotes_csv_and_md(fake_project):
    res = runner.invoke(app, ["quotes", "--code", "motivation", "--format", "csv", "--n", "4"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 4 and len({r["respondent"] for r in rows}) == 4
    assert all(r["quote"].startswith("“") and synthetic.SECRET_NAME not in r["quote"] for r in rows)
    res = runner.invoke(app, ["quotes", "--code", "trajectory_fit", "--group", "deelnemer"])
    assert res.exit_code == 0 and res.output.startswith("## Aansluiting traject")
    assert "– Deelnemer (" in res.output and "Re-integratiebureau" not in res.output
    assert "--group" in _error(runner.invoke(app, ["quotes", "--code", "motivation", "--group", "klant"]))
    assert "nope" in _error(runner.invoke(app, ["quotes", "--code", "nope"]))
    assert "--format" in _error(runner.invoke(app, ["quotes", "--code", "motivation", "--format", "pdf"]))


def test_report_timestamps_adds_media_times_to_quote_attributions(fake_project, monkeypatch):
    import docx

    def load(project, **kw):
        inp = synthetic.make_input()
        for seg in inp.segments.values():
            seg.timestamp = 3600 + seg.id
        return inp

    monkeypatch.setattr("workbench.synthesis.project.load_report_input", load)
    texts = {}
    for args in ([], ["--timestamps"]):
        out = fake_project.root / f"r{len(args)}.docx"
        res = runner.invoke(app, ["report", "--out", str(out), "--codes", "motivation", *args])
        assert res.exit_code == 0, res.output
        texts[bool(args)] = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "–\u00a0Deelnemer" in texts[False] and ", 01:00:" not in texts[False]
    assert ", 01:00:" in texts[True]


def test_themes_prints_the_machine_found_patterns(fake_project):
    """`themes --patterns` gives what the report's 'Patronen' show: per theme its clusters."""
    from workbench.synthesis.patterns import theme_patterns

    res = runner.invoke(app, ["themes", "--patterns", "--json"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)["patterns"]
    inp = synthetic.make_input()
    assert "motivation" in found
    for code, pats in found.items():
        expected = theme_patterns(inp, code)
        assert [(p["respondents"], p["segments"], p["words"], p["typical_segment"]) for p in pats] == \
            [(p.respondents, len(p.segments), p.words, p.typical) for p in expected]
        assert all(p["typical"].strip() for p in pats)
    assert any(found.values()), "the synthetic themes should show at least one pattern"
    res = runner.invoke(app, ["themes", "--patterns"])
    assert res.exit_code == 0 and "Patronen (door de computer gevonden, te toetsen door de analist)" in res.output
    assert "patterns" not in json.loads(runner.invoke(app, ["themes", "--json"]).output)
