"""``workbench suggest`` (project or JSONL batch mode) and ``workbench evaluate``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, ProjectOpt, console

ModelOpt = Annotated[
    Optional[str],
    typer.Option("--model", help="Local sentence-transformers folder (default: packaged all-MiniLM-L6-v2)."),
]
ThresholdOpt = Annotated[
    Optional[float],
    typer.Option("--threshold", min=0.0, max=1.0, help="Score from which a code is suggested (default 0.4)."),
]
CodebookOpt = Annotated[Optional[Path], typer.Option("--codebook", help="Codebook YAML file.")]


def _progress_bar(label: str):
    """A rich progress bar on stderr and a ``progress(done, total)`` callback driving it."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def callback(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, callback


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
    context: Annotated[
        Optional[str],
        typer.Option(
            "--context",
            help="Project mode: 'question' reads the interviewer's preceding question with each segment, "
            "'none' the segment alone (default: workbench.toml, else question).",
        ),
    ] = None,
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
    bar, callback = _progress_bar("suggesting")
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
    bar, callback = _progress_bar("suggesting")
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


def evaluate(
    codebook: Annotated[Path, typer.Option("--codebook", help="Codebook YAML file.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL: {id, text, codes, voice} per line.")],
    train_fraction: Annotated[
        float, typer.Option("--train-fraction", help="Share of the gold learnt as decisions (0 = zero-shot).")
    ] = 0.0,
    per_train_count: Annotated[
        Optional[int], typer.Option("--per-train-count", help="Learn K accepted segments per code instead.")
    ] = None,
    seeds: Annotated[int, typer.Option("--seeds", help="Random splits to average over.")] = 5,
    model: ModelOpt = None,
    threshold: ThresholdOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Measure suggestion quality (precision, recall, F1, Cohen's kappa per code) on a gold set."""
    import json

    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import DEFAULT_THRESHOLD
    from workbench.suggest.evaluate import evaluate as run_evaluate
    from workbench.suggest.evaluate import load_gold

    cb = load_codebook_file(codebook)
    items = load_gold(gold, cb)
    result = run_evaluate(
        cb,
        items,
        embedder=Embedder(model),
        train_fraction=train_fraction,
        per_train_count=per_train_count,
        seeds=seeds,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
    )
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    _print_eval(result)


def _print_eval(result) -> None:
    from rich import box
    from rich.table import Table

    def f(v: float | None) -> str:
        return "–" if v is None or v != v else f"{v:.2f}"

    def gain(after: float, before: float | None) -> str:
        return "–" if before is None or after != after or before != before else f"{after - before:+.2f}"

    title = (
        f"{result.mode}, threshold {result.threshold:g}, {result.n_test:g} scored"
        + (f", {result.n_train:g} learnt, {result.seeds} seeds" if result.n_train else "")
    )
    learning = "kappa_zero_shot" in result.macro
    several = result.seeds > 1
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1))
    table.add_column("code", no_wrap=True)
    names = ["n", "prec.", "recall", "F1", "kappa"]
    names += ["± sd"] if several else []
    names += ["before", "gain"] if learning else []
    for name in names:
        table.add_column(name, justify="right", no_wrap=True)
    for m in result.codes:
        support = f"{m.support:g}" if float(m.support).is_integer() else f"{m.support:.1f}"
        row = [m.code, support, f(m.precision), f(m.recall), f(m.f1), f(m.kappa)]
        row += [f(m.kappa_sd)] if several else []
        row += [f(m.kappa_zero_shot), gain(m.kappa, m.kappa_zero_shot)] if learning else []
        table.add_row(*row)
    mac = result.macro
    row = ["macro", "", f(mac["precision"]), f(mac["recall"]), f(mac["f1"]), f(mac["kappa"])]
    row += [""] if several else []
    row += [f(mac["kappa_zero_shot"]), gain(mac["kappa"], mac["kappa_zero_shot"])] if learning else []
    table.add_row(*row, style="bold")
    out = console()
    out.print(table)
    if several:
        out.print(f"n: positives scored (mean over seeds); ± sd: spread of kappa over the {result.seeds} seeds.")
    if learning:
        out.print("before: kappa on the same segments without any decisions; gain: what learning added.")
    if result.dropped_anchor_duplicates:
        out.print(f"{result.dropped_anchor_duplicates} gold items equal to anchor examples were left out.")


def register(app: typer.Typer) -> None:
    app.command("suggest")(suggest)
    app.command("evaluate")(evaluate)
