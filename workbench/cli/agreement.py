"""``workbench agreement``: inter-coder agreement per code (Cohen's κ, Krippendorff's α)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, OutForceOpt, ProjectOpt, console

FLAG_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red", "few": "dim"}


def register(app: typer.Typer) -> None:
    app.command("agreement")(agreement)


def _split(value: Optional[str]) -> Optional[list[str]]:
    if value is None:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    return items or None


def agreement(
    from_csv: Annotated[Optional[Path], typer.Option(
        "--from-csv", help="CSV with columns unit,coder,code (empty code = seen, no code).",
        dir_okay=False)] = None,
    level: Annotated[str, typer.Option(
        "--level", help="binary: per code, applied or not; nominal: one code per unit.")
    ] = "binary",
    coders: Annotated[Optional[str], typer.Option(
        "--coders", help="Comma-separated coders (default: all). 'model' = the suggester.")
    ] = None,
    codes: Annotated[Optional[str], typer.Option(
        "--codes", help="Comma-separated code ids (default: all).")] = None,
    transcripts: Annotated[Optional[str], typer.Option(
        "--transcripts", help="Comma-separated transcripts (project only).")] = None,
    wave: Annotated[Optional[str], typer.Option("--wave", help="Only this wave (project only).")
                    ] = None,
    json_out: JsonOpt = False,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Also write the table to FILE.docx (report table) or FILE.csv.",
        dir_okay=False)] = None,
    force: OutForceOpt = False,
    amber: Annotated[Optional[float], typer.Option(
        "--amber", help="α from which a code is amber (default 0.667).")] = None,
    green: Annotated[Optional[float], typer.Option(
        "--green", help="α from which a code is green (default 0.800).")] = None,
    min_positives: Annotated[Optional[int], typer.Option(
        "--min-positives", min=0, help="A code applied to fewer units is flagged 'too few positives' "
        "instead of red/amber/green (default 5; workbench.toml [agreement] min_positives).")] = None,
    min_positive_share: Annotated[Optional[float], typer.Option(
        "--min-positive-share", min=0.0, max=1.0, help="A code with a lower prevalence is flagged 'too few "
        "positives' too (default 0.05; workbench.toml [agreement] min_positive_share).")] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain text, no colours.")
                        ] = False,
    project: ProjectOpt = None,
) -> None:
    """Agreement between coders per code: units counted, prevalence, % agreement, κ, α."""
    from workbench.agreement.export import export_agreement
    from workbench.agreement.metrics import LEVELS, compute_agreement
    from workbench.agreement.results import Thresholds
    from workbench.errors import InputError, WorkbenchError

    if level not in LEVELS:
        raise InputError(f"unknown --level '{level}'", hint="use binary or nominal")
    coder_list, code_list = _split(coders), _split(codes)
    overrides = {k: v for k, v in (("amber", amber), ("green", green), ("min_positives", min_positives),
                                   ("min_positive_share", min_positive_share)) if v is not None}

    proj = None
    if from_csv is not None:
        from workbench.agreement.units import read_units_csv

        if transcripts or wave:
            raise InputError("--transcripts and --wave select from a project; they do not "
                             "apply to --from-csv")
        table = read_units_csv(from_csv)
        if code_list:
            unknown = [c for c in code_list if c not in table.codes]
            if unknown:
                raise InputError(f"code(s) not in the file: {', '.join(unknown)}",
                                 path=str(from_csv),
                                 hint=f"codes in the file: {', '.join(table.codes)[:200]}")
        config: dict = {}
        notes: list[str] = []
    else:
        from workbench.cli.common import open_project

        proj = open_project(project)
        try:
            from workbench.agreement import project as adaptor
        except ModuleNotFoundError as exc:
            if exc.name != "workbench.agreement.project":
                raise
            raise WorkbenchError("agreement on a project is not available in this version",
                                 hint="use --from-csv FILE") from None
        table, code_list = adaptor.load_units(
            proj, coders=coder_list, codes=code_list,
            transcripts=_split(transcripts), wave=wave)
        load_thresholds = getattr(adaptor, "load_thresholds", None)  # optional config hook
        config = dict(load_thresholds(proj) or {}) if load_thresholds else {}
        echo_notes = getattr(adaptor, "model_echo_notes", None)  # optional hook, like the thresholds
        notes = echo_notes(proj, table) if echo_notes else []
    thresholds = Thresholds.from_config({**config, **overrides})

    result = compute_agreement(table, coders=coder_list, codes=code_list, level=level,
                               thresholds=thresholds)
    if json_out:
        import json

        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        con = console()
        if no_color:
            con.no_color = True
        _print(con, result)
    for note in notes:
        console(stderr=True).print(f"note: {note}", markup=False)
    if out is not None:
        from workbench.store.outputs import output_path

        with output_path(out, project=proj, force=force) as tmp:
            export_agreement(result, tmp)
        typer.echo(f"wrote {out}", err=json_out)


def _print(con, result) -> None:
    """Rich table with coloured flags, then the unit counts and notes."""
    from rich.text import Text

    from workbench.agreement import layout

    t = result.thresholds
    mode = "binary, per code" if result.level == "binary" else "nominal, one code per unit"
    con.print(f"Agreement between {', '.join(result.main_coders)} ({mode})", markup=False)
    if result.comparison_coders:
        con.print(f"Compared with each coder separately: {', '.join(result.comparison_coders)}",
                  markup=False)
    dropped = (f"; {result.n_units_dropped} dropped (not seen by every coder)"
               if result.n_units_dropped else "; none dropped")
    con.print(f"Units counted: {result.n_units_complete} of {result.n_units_total} seen by "
              f"every coder{dropped}")

    cols = layout.columns(result)
    rows = layout.rows(result)
    widths = [_width(col, rows) for col in cols]
    if sum(w + 3 for w in widths) + 1 <= con.width:
        con.print(_table(cols, widths, rows, t))
    else:  # too wide: the pairwise κ columns get a table of their own
        pair = [i for i, c in enumerate(cols) if c.key.startswith("kappa ")]
        main = [i for i in range(len(cols)) if i not in pair]
        con.print(_table([cols[i] for i in main], [widths[i] for i in main], rows, t))
        if pair:
            con.print("Pairwise κ:")
            keep = [0, *pair]
            con.print(_table([cols[i] for i in keep], [widths[i] for i in keep], rows, t))

    overall = result.overall
    if overall is not None:
        name = "Nominal α" if result.level == "nominal" else "Pooled α"
        flag = overall.flag or "undefined"
        con.print(Text.assemble(
            f"{name}: {layout.fmt_coef(overall.alpha)} (",
            (flag, FLAG_STYLE.get(overall.flag or "", "")),
            f"; {overall.n_units_alpha} units seen by two or more coders)"))
    con.print(f"Flags: {layout.thresholds_text(t, dutch=False)}; 'too few positives' when fewer than "
              f"{t.min_positives} units have the code (--min-positives) or its prevalence is under "
              f"{t.min_positive_share:.0%} (--min-positive-share).")
    con.print("% agr., κ: units seen by every coder; α: units seen by two or more coders.")
    for c in result.per_code:
        if c.note:
            con.print(f"  {c.code}: {c.note}", markup=False)


def _width(col, rows) -> int:
    from workbench.agreement import layout

    widest = max(len(layout.fmt_cell(col, r)) for r in rows)
    if col.kind == "text":
        return min(widest, 16)
    return max(widest, *(len(word) for word in col.en.split()))


def _table(cols, widths, rows, thresholds):
    """One rich table; α and κ cells coloured by the thresholds, summary rows in italics."""
    from rich.table import Table
    from rich.text import Text

    from workbench.agreement import layout

    table = Table(header_style="bold")
    for col, width in zip(cols, widths):
        table.add_column(col.en, justify="left" if col.kind == "text" else "right",
                         overflow="fold", min_width=width)
    for i, row in enumerate(rows):
        cells = []
        for col in cols:
            style = ""
            if col.kind == "flag":
                style = FLAG_STYLE.get(row.flag or "", "")
            elif col.kind == "coef":
                judged = "few" if row.flag == "few" else thresholds.flag(row.values.get(col.key))
                style = FLAG_STYLE.get(judged or "", "").replace("bold ", "")
            cells.append(Text(layout.fmt_cell(col, row), style=style))
        end = row.kind == "code" and i + 1 < len(rows) and rows[i + 1].kind != "code"
        table.add_row(*cells, end_section=end, style="" if row.kind == "code" else "italic")
    return table
