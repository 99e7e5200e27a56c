"""``workbench suggest``: in a project, or JSONL in → JSONL out (batch mode)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ContextOpt, ModelOpt, ProjectOpt, ThresholdOpt, console, progress_bar

CodebookOpt = Annotated[Optional[Path], typer.Option("--codebook", help="Codebook YAML file.")]


def suggest(
    codebook: CodebookOpt = None,
    jsonl_in: Annotated[
        Optional[str], typer.Option("--jsonl-in", help="Batch mode: JSONL of {id, text} (- = stdin).")
    ] = None,
    jsonl_out: Annotated[
        str, typer.Option("--jsonl-out", help="Batch mode: where to write suggestions (- = stdout).")
    ] = "-",
    model: ModelOpt = None,
    threshold: ThresholdOpt = None,
    project: ProjectOpt = None,
    transcript: Annotated[
        Optional[str], typer.Option("--transcript", help="Project mode: only this transcript.")
    ] = None,
    codes: Annotated[
        Optional[str], typer.Option("--codes", help="Project mode: comma-separated code ids (default: all).")
    ] = None,
    context: ContextOpt = None,
) -> None:
    """Suggest codes for segments: for the project's transcripts, or JSONL in → JSONL out."""
    from workbench.errors import InputError

    if jsonl_in is not None:
        if codebook is None:
            raise InputError("batch mode (--jsonl-in) needs --codebook FILE")
        if project is not None or transcript is not None or codes is not None or context is not None:
            raise InputError(
                "--project, --transcript, --codes and --context are for project mode; drop --jsonl-in",
                hint="in batch mode give each line a \"context\" field instead",
            )
        _batch(codebook, jsonl_in, jsonl_out, model, threshold)
        return
    if codebook is not None or jsonl_out != "-":
        raise InputError(
            "--codebook and --jsonl-out are for batch mode", hint="add --jsonl-in FILE, or use the project's codebook"
        )
    _project(project, transcript, codes, model, threshold, context)


def _batch(codebook: Path, jsonl_in: str, jsonl_out: str, model, threshold) -> None:
    from workbench.suggest.batch import load_codebook_file, run_batch
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import DEFAULT_THRESHOLD, SuggestEngine

    cb = load_codebook_file(codebook)
    embedder = Embedder(model)
    engine = SuggestEngine(cb, embedder, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
    bar, callback = progress_bar("suggesting")
    with bar:
        n = run_batch(engine, jsonl_in, jsonl_out, progress=callback)  # checks all input first
    if jsonl_out != "-":
        console(stderr=True).print(f"wrote suggestions for {n} segments to {jsonl_out}")


def _project(project, transcript, codes, model, threshold, context) -> None:
    from workbench.cli.common import open_project
    from workbench.errors import WorkbenchError

    try:
        from workbench.suggest.project import run_suggest
    except ImportError as exc:
        raise WorkbenchError(
            "project mode is not available in this installation (workbench.suggest.project is missing)",
            hint="use batch mode: --codebook FILE --jsonl-in FILE",
        ) from exc
    code_list = [c.strip() for c in codes.split(",") if c.strip()] if codes else None
    proj = open_project(project)
    bar, callback = progress_bar("suggesting")
    with bar:
        result = run_suggest(
            proj, transcript=transcript, codes=code_list, model=model, threshold=threshold, progress=callback,
            context=context,
        )
    _print_summary(result)


def describe_top(score: float, text: str, question: str, width: int = 60) -> str:
    """One best-scoring segment for a summary table; a short answer shows the question it answers."""
    from rich.markup import escape

    from workbench.suggest.context import trim_question
    from workbench.suggest.rationale import quote

    line = f"{score:.2f} {escape(quote(text, width))}"
    if question and len(text) < width:
        q = trim_question(question, width)  # the end: that is where the question is
        q = q if len(q) == len(" ".join(question.split())) else "…" + q
        line += f"\n[dim]  answering “{escape(q)}”[/]"
    return line


def _print_summary(result) -> None:
    from rich.table import Table

    table = Table(title=f"Suggestions for {result.segments} segments")
    table.add_column("code")
    table.add_column("suggested", justify="right")
    table.add_column("best-scoring segment")
    for code, n in sorted(result.per_code.items(), key=lambda kv: -kv[1]):
        top = (result.top or {}).get(code) or []
        table.add_row(code, str(n), describe_top(*top[0]) if top else "")
    out = console()
    out.print(table)
    decisions, trained = getattr(result, "decisions", None), getattr(result, "trained", None)
    if decisions:
        out.print(f"learnt from {decisions} decisions; own classifier for: {', '.join(trained) or 'no code yet'}")
    if getattr(result, "kept", 0):
        out.print(f"run {result.run_id}: {result.kept} suggestion(s) left as they were: a coder decided on them "
                  "while this run was scoring")


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)
