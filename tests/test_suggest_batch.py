"""Batch JSONL contract: order, every code, sorted, stdin/stdout, errors before any output."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from test_suggest_fakes import DATA, fake_encoder, fixture_codebook
from workbench.suggest.backends import CallableBackend
from workbench.errors import InputError
from workbench.suggest import embed
from workbench.suggest.batch import read_segments, run_batch
from workbench.suggest.embed import Embedder
from workbench.suggest.engine import SuggestEngine

CODABLE = {"motivation", "financial_uncertainty", "trajectory_fit"}
LINES = [
    {"id": "z9", "text": "Ik ben bang dat ik mijn toeslagen moet terugbetalen."},
    {"id": 3, "text": "Het traject was te algemeen voor mij."},
    {"id": "a1", "text": "Ik wil gewoon weer collega's hebben."},
]


def engine() -> SuggestEngine:
    return SuggestEngine(fixture_codebook(), Embedder(encoder=fake_encoder))


def jsonl(rows, blank_after=1) -> str:
    lines = [json.dumps(r) for r in rows]
    lines.insert(blank_after, "   ")
    return "\n".join(lines) + "\n\n"


def check_output(text: str) -> list[dict]:
    out = [json.loads(line) for line in text.splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in LINES]  # input order, ids as given
    for o in out:
        sugg = o["suggestions"]
        assert {s["code"] for s in sugg} == CODABLE
        assert set(sugg[0]) == {"code", "score", "suggested", "rationale"}
        scores = [s["score"] for s in sugg]
        assert scores == sorted(scores, reverse=True)
    return out


def test_stdin_to_stdout():
    stdout = io.StringIO()
    n = run_batch(engine(), "-", "-", stdin=io.StringIO(jsonl(LINES)), stdout=stdout)
    assert n == 3
    out = check_output(stdout.getvalue())
    assert out[0]["suggestions"][0]["code"] == "financial_uncertainty"
    assert out[1]["suggestions"][0]["code"] == "trajectory_fit"


def test_file_to_file(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(jsonl(LINES), encoding="utf-8")
    run_batch(engine(), src, dst)
    check_output(dst.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temp file left


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "line 3: not valid JSON"),
        ('{"text": "geen id"}', 'line 3: missing "id"'),
        ('{"id": "x"}', 'line 3: missing "text"'),
        ('{"id": "x", "text": 5}', 'line 3: "text" must be a string'),
        ('["id", "text"]', "line 3: expected an object"),
    ],
)
def test_bad_line_names_file_and_line_and_writes_nothing(tmp_path, bad, message):
    src, dst = tmp_path / "segments.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps(LINES[0]) + "\n\n" + bad + "\n" + json.dumps(LINES[1]) + "\n")
    with pytest.raises(InputError) as exc:
        run_batch(engine(), src, dst)
    assert message in str(exc.value) and "segments.jsonl" in str(exc.value)
    assert not dst.exists()
    stdout = io.StringIO()
    with pytest.raises(InputError, match="<stdin>"):
        run_batch(engine(), "-", "-", stdin=io.StringIO(src.read_text()), stdout=stdout)
    assert stdout.getvalue() == ""


def test_missing_input_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_segments(tmp_path / "nope.jsonl")


@pytest.fixture
def fake_model(monkeypatch):
    """Let the CLI use the default model path but the fake encoder."""
    monkeypatch.setattr(embed, "make_backend", lambda model=None, batch_size=64: CallableBackend(fake_encoder))


def test_cli_stdin_stdout_has_only_json_on_stdout(fake_model):
    from workbench.cli.main import app

    result = CliRunner().invoke(
        app, ["suggest", "--codebook", str(DATA / "codebook.yaml"), "--jsonl-in", "-"], input=jsonl(LINES)
    )
    assert result.exit_code == 0, result.output
    check_output(result.stdout)


def test_cli_file_output_and_threshold(fake_model, tmp_path):
    from workbench.cli.main import app

    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(jsonl(LINES))
    args = ["suggest", "--codebook", str(DATA / "codebook.yaml"), "--jsonl-in", str(src), "--jsonl-out", str(dst)]
    result = CliRunner().invoke(app, args + ["--threshold", "0"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    out = check_output(dst.read_text())
    assert all(s["suggested"] for o in out for s in o["suggestions"])


def test_cli_mode_errors(tmp_path):
    from workbench.cli.main import app

    r = CliRunner().invoke(app, ["suggest", "--jsonl-in", "-"], input="")
    assert r.exit_code != 0 and "error: " in r.stderr and "--codebook" in r.stderr
    r = CliRunner().invoke(app, ["suggest", "--codebook", str(DATA / "codebook.yaml")])
    assert r.exit_code != 0 and "batch mode" in r.stderr


def test_cli_bad_line_reports_line_and_writes_nothing(fake_model, tmp_path):
    from workbench.cli.main import app

    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps(LINES[0]) + "\n" + '{"id": 2, "text": null}' + "\n")
    args = ["suggest", "--codebook", str(DATA / "codebook.yaml"), "--jsonl-in", str(src), "--jsonl-out", str(dst)]
    r = CliRunner().invoke(app, args)
    assert r.exit_code != 0 and "in.jsonl: line 2" in r.stderr
    assert not dst.exists()


def test_cli_project_mode_calls_run_suggest_and_prints_summary(monkeypatch):
    from types import SimpleNamespace

    from workbench.cli import common
    from workbench.cli.main import app
    from workbench.suggest import project

    calls = {}

    def fake_run(proj, **kw):
        calls.update(kw, project=proj)
        kw["progress"](1, 2)
        return SimpleNamespace(
            segments=2,
            per_code={"motivation": 1, "trajectory_fit": 0},
            top={"motivation": [(0.91, "Ik wil gewoon weer aan het werk.", "Waarom?")], "trajectory_fit": []},
            decisions=0,
            trained=[],
        )

    monkeypatch.setattr(common, "open_project", lambda p: "PROJECT")
    monkeypatch.setattr(project, "run_suggest", fake_run)
    r = CliRunner().invoke(app, ["suggest", "--transcript", "D01.docx", "--codes", "motivation, trajectory_fit"])
    assert r.exit_code == 0, r.output
    assert calls["project"] == "PROJECT" and calls["transcript"] == "D01.docx"
    assert calls["codes"] == ["motivation", "trajectory_fit"] and calls["model"] is None and calls["context"] is None
    assert "motivation" in r.stdout and "0.91" in r.stdout and "Ik wil gewoon weer" in r.stdout
    assert "answering “Waarom?”" in r.stdout


def test_optional_context_is_read_before_the_text_and_checked():
    from test_suggest_fakes import CountingEncoder

    enc = CountingEncoder()
    eng = SuggestEngine(fixture_codebook(), Embedder(encoder=enc))
    rows = [{"id": 1, "text": "Nee, niet echt.", "context": "Bent u bang voor terugbetalen?"}, {"id": 2, "text": "Ja."}]
    stdout = io.StringIO()
    assert run_batch(eng, "-", "-", stdin=io.StringIO(jsonl(rows)), stdout=stdout) == 2
    encoded = {t for b in enc.batches for t in b}
    assert "Bent u bang voor terugbetalen? Nee, niet echt." in encoded and "Ja." in encoded
    assert [json.loads(line)["id"] for line in stdout.getvalue().splitlines()] == [1, 2]
    bad = jsonl([{"id": 1, "text": "x"}, {"id": 2, "text": "y", "context": 5}], blank_after=2)
    with pytest.raises(InputError, match="line 2: \"context\" must be a string"):
        run_batch(eng, "-", "-", stdin=io.StringIO(bad), stdout=io.StringIO())
