"""Demo stages after import: codebook, suggest, sample codings, agreement, reconcile, report."""

from __future__ import annotations

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from workbench.vocab import CoderRole, ReservedCoder

CODERS = ("anna", "ben")
SUPERVISOR = "demo"  # the demo's supervisor, who reconciles
NAMED_CODES = ("motivation", "financial_uncertainty", "zelfoverschatting", "trajectory_fit")
"""The four codes the sample study is about (see the codebook); shown in the learning check."""


def _bar(con):
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=con, transient=True)


def run_later_stages(con, project, D) -> None:
    from workbench.codebook.loader import load_codebook
    from workbench.store.codebooks import load_codebook as store_codebook

    con.rule("[bold]3. Codebook")
    cb = load_codebook(D.CODEBOOK)
    res = store_codebook(project, cb, actor="demo")
    con.print(f"Loaded {D.CODEBOOK.name}: {cb.name} v{cb.version}, {len(cb.codable())} codable codes "
              f"({len(res.added)} new).")

    con.rule("[bold]4. Suggest codes (offline model + lexical; learns from decisions)")
    from workbench.cli.suggest import describe_top
    from workbench.suggest.project import run_suggest

    with _bar(con) as bar:
        task = bar.add_task("encoding and scoring segments", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = run_suggest(project, progress=progress, top_n=2)
    labels = {c.id: c.label for c in cb.flat()}
    t = Table("code", "suggested", "best-scoring segment", title=f"Suggestions on {result.segments} segments",
              show_lines=True)
    for code, n in result.per_code.items():
        best = result.top.get(code, [])
        top = "\n".join(describe_top(*item, width=110) for item in best)
        t.add_row(f"{labels.get(code, code)}\n[dim]{code}[/]", str(n), top)
    con.print(t)

    con.rule("[bold]5. Human codings (two sample coders, coded blind)")
    from workbench.review.codings_io import import_codings
    from workbench.store.coders import ensure_coders

    ensure_coders(project, CODERS)  # as `workbench coder add anna` / `ben`
    for coder in CODERS:
        path = D.SAMPLES / "codings" / f"{coder}.csv"
        r = import_codings(project, path, coder)
        con.print(f"{coder}: {r.codings} codings on {r.segments} segments from {path.name}")

    con.rule("[bold]6. Agreement (humans, and the model as a coder)")
    from workbench.agreement.metrics import compute_agreement
    from workbench.agreement.project import load_thresholds, load_units
    from workbench.agreement.results import Thresholds
    from workbench.cli.agreement import _print

    coders = [*CODERS, ReservedCoder.MODEL]
    table, code_ids = load_units(project, coders=coders)
    agreement = compute_agreement(table, coders=coders, codes=code_ids,
                                  thresholds=Thresholds.from_config(load_thresholds(project)))
    _print(con, agreement)
    _learning_check(con, project, CODERS[0])

    con.rule("[bold]7. Reconcile (demo mode)")
    from workbench.agreement.reconcile import reconcile_first_wins

    ensure_coders(project, [SUPERVISOR], CoderRole.SUPERVISOR)  # only a supervisor reconciles
    rec = reconcile_first_wins(project, list(CODERS), decided_by=SUPERVISOR)
    con.print(f"Demo mode: where the coders differ, the first coder's choice wins ({rec['first']}). "
              f"{rec['copied'].describe()}; {rec['reconciled']} disagreements "
              "settled that way. In a real study use `workbench reconcile --by NAME`.")

    con.rule("[bold]8. Word report")
    from workbench.report.builder import build_report
    from workbench.synthesis.project import load_report_input

    out = project.root / "rapport_reintegratie.docx"
    with _bar(con) as bar:
        bar.add_task("writing the report", total=None)
        inp = load_report_input(project, coder=ReservedCoder.CONSENSUS, population=D.SAMPLES / "population.csv",
                                title="Ervaringen met re-integratieondersteuning (demo)")
        build_report(inp, out)
    con.print(f"[bold green]Report written:[/] {out}")


def _learning_check(con, project, coder: str) -> None:
    """Does learning help? The model learns the coder's codings on other transcripts (5 folds)."""
    from workbench.suggest.project_eval import evaluate_project

    with _bar(con) as bar:
        task = bar.add_task(f"learning from {coder}'s codings, by transcript", total=None)
        result = evaluate_project(project, coder, progress=lambda d, t: bar.update(task, completed=d, total=t))
    mac = result.macro
    per_code = ", ".join(f"{m.code} {m.kappa_zero_shot:.2f} → {m.kappa:.2f}" for m in result.codes
                         if m.code in NAMED_CODES)
    con.print(f"Learning check ({result.mode}): κ model–{coder} {mac['kappa_zero_shot']:.2f} zero-shot → "
              f"{mac['kappa']:.2f} after learning the other transcripts' codings (macro; ranking, average "
              f"precision {mac['average_precision_zero_shot']:.2f} → {mac['average_precision']:.2f}); {per_code}. "
              f"Details: `workbench evaluate --coder {coder}` (add `--curve` to see how the gain grows "
              "with the number of coded transcripts).")
