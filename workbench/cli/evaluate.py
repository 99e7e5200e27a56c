"""``workbench evaluate``: suggestion quality on a gold file, or learning checked on a project's
own codings (cross-validation by transcript)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import ContextOpt, JsonOpt, ModelOpt, ProjectOpt, ThresholdOpt, console, progress_bar


def evaluate(
    codebook: Annotated[Optional[Path], typer.Option("--codebook", help="Gold mode: codebook YAML file.")] = None,
    gold: Annotated[
        Optional[Path], typer.Option("--gold", help="Gold mode: JSONL of {id, text, codes, voice, context}.")
    ] = None,
    train_fraction: Annotated[
        float,
        typer.Option("--train-fraction", help="Gold mode: share of the gold learnt as decisions (0 = zero-shot)."),
    ] = 0.0,
    per_train_count: Annotated[
        Optional[int], typer.Option("--per-train-count", help="Gold mode: learn K accepted segments per code instead.")
    ] = None,
    seeds: Annotated[
        Optional[int], typer.Option("--seeds", help="Gold mode: random splits to average over (default 5).")
    ] = None,
    focus: Annotated[
        Optional[str],
        typer.Option("--focus", help="Gold mode with learning: also report the mean gain of these codes (comma-separated)."),
    ] = None,
    protocol: Annotated[
        str,
        typer.Option("--protocol", help="Gold mode: how decisions are made: 'draw' (K accepted per code, drawn at "
                     "random) or 'review' (a simulated review pass until each --focus code has K decisions)."),
    ] = "draw",
    order: Annotated[
        Optional[str], typer.Option("--order", help="With --protocol review: the queue order (document, score, uncertain).")
    ] = None,
    relearn_every: Annotated[
        Optional[int], typer.Option("--relearn-every", help="With --protocol review: segments between relearns (default 10).")
    ] = None,
    coder: Annotated[
        Optional[str],
        typer.Option("--coder", help="Project mode: check learning against this coder's codings."),
    ] = None,
    folds: Annotated[
        Optional[int], typer.Option("--folds", help="Project mode: groups of transcripts (default 5).")
    ] = None,
    curve: Annotated[
        bool,
        typer.Option("--curve", help="Project mode: learning curve, learning 1, 2, 4, … transcripts per fold."),
    ] = False,
    project: ProjectOpt = None,
    context: ContextOpt = None,
    model: ModelOpt = None,
    threshold: ThresholdOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Measure suggestion quality (precision, recall, F1, Cohen's kappa per code).

    Gold mode (--codebook, --gold): score a labelled JSONL file, zero-shot or after learning part of it.

    Project mode (--coder): does learning help here? Learns a coder's codings on some transcripts, scores the rest.
    """
    import json

    from workbench.errors import InputError

    if protocol not in ("draw", "review"):
        raise InputError(f"--protocol must be 'draw' or 'review', not {protocol!r}")
    review_only = (order, relearn_every)
    if protocol != "review" and any(v is not None for v in review_only):
        raise InputError("--order and --relearn-every are for --protocol review", hint="add --protocol review")
    if coder is not None:
        gold_only = (codebook, gold, per_train_count, seeds, focus)
        if train_fraction or protocol != "draw" or any(v is not None for v in gold_only):
            raise InputError(
                "--codebook, --gold, --train-fraction, --per-train-count, --seeds, --focus and --protocol are for "
                "gold mode; "
                "drop --coder",
                hint="project mode uses the project's codebook; --folds sets the groups of transcripts",
            )
        if curve:
            points = _project(project, coder, folds, context, model, threshold, curve=True)
            if as_json:
                typer.echo(json.dumps(_curve_json(points), indent=2, ensure_ascii=False))
            else:
                _print_curve(coder, points)
            return
        result = _project(project, coder, folds, context, model, threshold)
    else:
        if codebook is None or gold is None:
            raise InputError(
                "evaluate needs --codebook FILE and --gold FILE, or --coder NAME in a project",
                hint="see `workbench evaluate --help`",
            )
        if folds is not None or project is not None or context is not None or curve:
            raise InputError("--folds, --curve, --project and --context are for project mode; add --coder NAME",
                             hint="gold lines carry their question in a \"context\" field")
        codes = [c.strip() for c in (focus or "").split(",") if c.strip()]
        if protocol == "review":
            if train_fraction:
                raise InputError("--train-fraction is for --protocol draw",
                                 hint="with --protocol review, --per-train-count K is the decisions per code")
            result = _review(codebook, gold, 20 if per_train_count is None else per_train_count,
                             3 if seeds is None else seeds, model, threshold, codes, order or "document",
                             10 if relearn_every is None else relearn_every)
        else:
            seeds = 5 if seeds is None else seeds
            result = _gold(codebook, gold, train_fraction, per_train_count, seeds, model, threshold, codes)
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    _print_eval(result)


def _gold(codebook, gold, train_fraction, per_train_count, seeds, model, threshold, focus=()):
    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import DEFAULT_THRESHOLD
    from workbench.suggest.evaluate import evaluate as run_evaluate
    from workbench.suggest.evaluate import load_gold

    cb = load_codebook_file(codebook)
    items = load_gold(gold, cb)
    return run_evaluate(
        cb,
        items,
        embedder=Embedder(model),
        train_fraction=train_fraction,
        per_train_count=per_train_count,
        seeds=seeds,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        focus=focus,
    )


def _review(codebook, gold, per_code, seeds, model, threshold, focus, order, relearn_every):
    from workbench.review.simulate import evaluate_review
    from workbench.suggest.batch import load_codebook_file
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import DEFAULT_THRESHOLD
    from workbench.suggest.evaluate import load_gold

    cb = load_codebook_file(codebook)
    return evaluate_review(cb, load_gold(gold, cb), embedder=Embedder(model), per_code=per_code, order=order,
                           seeds=seeds, threshold=DEFAULT_THRESHOLD if threshold is None else threshold, focus=focus,
                           relearn_every=relearn_every)


def _project(project, coder, folds, context, model, threshold, curve: bool = False):
    """``evaluate_project`` (or, with ``curve``, ``learning_curve``) behind a progress bar."""
    from workbench.cli.common import open_project
    from workbench.suggest.project_eval import DEFAULT_FOLDS, evaluate_project, learning_curve

    proj = open_project(project)
    bar, callback = progress_bar("learning curve by transcript" if curve else "learning by transcript")
    run = learning_curve if curve else evaluate_project
    with bar:
        return run(proj, coder, folds=DEFAULT_FOLDS if folds is None else folds, model=model, threshold=threshold,
                   context=context, progress=callback)


def _f(v) -> str:
    """Two decimals; "–" for a missing or undefined (nan) value."""
    return "–" if v is None or v != v else f"{v:.2f}"


def _gain(after, before) -> str:
    """Signed difference with two decimals; "–" when either side is missing or undefined."""
    return "–" if before is None or after is None or after != after or before != before else f"{after - before:+.2f}"


def _ci(g) -> str:
    """``[low, high]`` of a paired gain ``[gain, low, high]``; "–" when missing or undefined."""
    return "–" if not g or g[1] != g[1] else f"[{g[1]:+.2f}, {g[2]:+.2f}]"


def _curve_json(points) -> dict:
    return {"points": [{"transcripts_per_fold": n, "result": r.to_json()} for n, r in points]}


def _print_curve(coder: str, points) -> None:
    """One summary row per size, then the gain per code and size."""
    from rich import box
    from rich.table import Table

    def label(n) -> str:
        return str(n) if n is not None else "all"

    last = points[-1][1]
    out = console()
    mac0 = last.macro
    title = (f"{coder}'s codings: macro kappa and ranking (AP) as more transcripts are learnt\n{last.seeds} folds "
             f"by transcript, {last.n_test:.0f} segments scored per fold, threshold {last.threshold:g}\n"
             f"without learning: kappa {_f(mac0['kappa_zero_shot'])}, AP {_f(mac0.get('average_precision_zero_shot'))}")
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1))
    for name in ("transcripts learnt", "segments learnt", "accepted per code", "kappa learnt", "kappa gain",
                 "AP learnt", "AP gain"):
        table.add_column(name, justify="right", min_width=len(max(name.split(), key=len)))
    for n, r in points:
        accepted = [m.train_positive for m in r.codes]
        mac = r.macro
        table.add_row(label(n), f"{r.n_train:.0f}", f"{min(accepted):.0f}–{max(accepted):.0f}",
                      _f(mac["kappa"]), _gain(mac["kappa"], mac["kappa_zero_shot"]), _f(mac.get("average_precision")),
                      _gain(mac.get("average_precision"), mac.get("average_precision_zero_shot")),
                      style="bold" if n is None else None)
    out.print(table)
    per_code = Table(title="kappa gain per code, by transcripts learnt per fold", box=box.SIMPLE_HEAD,
                     pad_edge=False, collapse_padding=True, padding=(0, 1))
    per_code.add_column("code", no_wrap=True)
    per_code.add_column("before", justify="right")
    for n, _ in points:
        per_code.add_column(label(n), justify="right", no_wrap=True)
    for c, m in enumerate(last.codes):
        per_code.add_row(m.code, _f(m.kappa_zero_shot), *(_gain(r.codes[c].kappa, r.codes[c].kappa_zero_shot)
                                                         for _, r in points))
        per_code.add_row("  accepted learnt", "", *(f"{r.codes[c].train_positive:.0f}" for _, r in points),
                         style="dim")
    out.print(per_code)
    out.print("transcripts learnt: per fold, added in a fixed random order; all = every transcript outside the fold.")
    out.print("accepted learnt: mean per fold. Gains under about 0.05 are within the spread between folds.")
    out.print("before: kappa on the same segments without any decisions; gain: what learning added.")
    out.print("AP: macro average precision, how well sorting by score (the review queue's order) puts each code's "
              "segments first; 1 = perfect.")


def _print_eval(result) -> None:
    from rich import box
    from rich.table import Table

    def count(v: float) -> str:  # a mean over runs: one decimal unless whole
        return f"{v:g}" if float(v).is_integer() else f"{v:.1f}"

    title = f"{result.mode}, threshold {result.threshold:g}, "
    if not result.n_train:
        title += f"{count(result.n_test)} scored"
    else:
        per = f"per {result.split} " if result.seeds > 1 else ""
        title += f"{per}{count(result.n_test)} scored and {count(result.n_train)} learnt"
        title += f", {result.seeds} seeds" if result.split == "seed" else ""  # a fold mode names its folds
    learning = "kappa_zero_shot" in result.macro
    several = result.seeds > 1
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, padding=(0, 1))
    table.add_column("code", no_wrap=True)
    names = ["n", "prec.", "recall", "F1", "kappa"]
    names += ["± sd"] if several else []
    names += ["before", "gain"] if learning else []
    paired = bool(result.gain)
    names += ["gain 95% CI"] if paired else []
    for name in names:
        table.add_column(name, justify="right", no_wrap=True)
    for m in result.codes:
        row = [m.code, count(m.support), _f(m.precision), _f(m.recall), _f(m.f1), _f(m.kappa)]
        row += [_f(m.kappa_sd)] if several else []
        row += [_f(m.kappa_zero_shot), _gain(m.kappa, m.kappa_zero_shot)] if learning else []
        row += [_ci(result.gain.get(m.code))] if paired else []
        table.add_row(*row)
    mac = result.macro
    row = ["macro", "", _f(mac["precision"]), _f(mac["recall"]), _f(mac["f1"]), _f(mac["kappa"])]
    row += [""] if several else []
    row += [_f(mac["kappa_zero_shot"]), _gain(mac["kappa"], mac["kappa_zero_shot"])] if learning else []
    row += [_ci(result.gain.get("macro"))] if paired else []
    table.add_row(*row, style="bold")
    out = console()
    out.print(table)
    if several:
        out.print(f"n: positives scored (mean over {result.split}s); "
                  f"± sd: spread of kappa over the {result.seeds} {result.split}s.")
    if learning:
        out.print("before: kappa on the same segments without any decisions; gain: what learning added.")
    if paired:
        out.print("gain 95% CI: paired bootstrap (learnt vs not, same segments), resampling seeds and the "
                  "segments scored in each; an interval that excludes 0 is a gain (or loss) beyond noise.")
        if "focus" in result.gain:
            g, lo, hi = result.gain["focus"]
            out.print(f"mean kappa gain of {', '.join(result.focus)}: {g:+.3f} [{lo:+.3f}, {hi:+.3f}]")
    if "average_precision" in mac:
        ranking = _f(mac["average_precision"])
        if "average_precision_zero_shot" in mac:
            ranking = f"{_f(mac['average_precision_zero_shot'])} before, {ranking} learnt"
        out.print(f"ranking, macro average precision: {ranking} (how well sorting by score, as the review "
                  "queue does, puts each code's segments first; 1 = perfect).")
    if result.reliability:
        rows = [r for r in result.reliability if r["n"]]
        cells = ", ".join(f"{r['low']:.1f}–{r['high']:.1f}: {_f(r['observed'])} of {r['n']}" for r in rows)
        out.print(f"calibration, share of (segment, code) pairs that carry the code per score bin: {cells}.")
    if result.mode.startswith("review"):
        cells = ", ".join(f"{m.code} {count(m.train_decisions)} ({count(m.train_positive)} accepted)"
                          for m in result.codes)
        out.print(f"decisions per code in the review pass (accepted + rejected codings, mean over seeds): {cells}.")
    if result.dropped_anchor_duplicates:
        out.print(f"{result.dropped_anchor_duplicates} gold items equal to anchor examples were left out.")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
