"""Commands: disagreements, reconcile."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import OutForceOpt, ProjectOpt, console, open_project, printable


def _split(value: Optional[str]) -> Optional[list[str]]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def disagreements(
    coders: Annotated[Optional[str], typer.Option(help="Comma-separated coders (default: all humans).")] = None,
    codes: Annotated[Optional[str], typer.Option(help="Comma-separated code ids.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or docx.")] = "table",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (csv/docx).")] = None,
    force: OutForceOpt = False,
    project: ProjectOpt = None,
) -> None:
    """List segments where coders differ: text with context, each coder's codes and reasons."""
    from workbench.agreement.reconcile import compare

    if format not in ("table", "csv", "docx"):
        raise typer.BadParameter("--format must be table, csv or docx")
    proj = open_project(project)
    cmp = compare(proj, _split(coders), _split(codes))
    diffs, common, names = cmp.diffs, cmp.common, cmp.coders
    if format == "csv":
        from workbench.agreement.disagreements_export import write_csv

        if out:
            from workbench.store.outputs import open_output

            with open_output(out, project=proj, force=force, kind=".csv") as fh:
                write_csv(diffs, names, fh)
        else:
            write_csv(diffs, names, sys.stdout)
        if out:
            console(stderr=True).print(f"Wrote {len(diffs)} disagreements to {out}")
        return
    if format == "docx":
        from workbench.agreement.disagreements_export import write_docx
        from workbench.store.codebooks import project_codebook

        labels = {c.id: c.label for c in project_codebook(proj).flat()}
        from workbench.store.outputs import output_path

        path = out or Path("verschillen.docx")
        with output_path(path, project=proj, force=force, kind=".docx") as tmp:
            write_docx(diffs, names, labels, tmp, common)
        console().print(f"Wrote {len(diffs)} disagreements to {path}")
        return
    from rich.table import Table

    con = console()
    con.print(f"{len(diffs)} of {common} segments seen by every coder differ.")
    t = Table("segment", "transcript", "text", *names, show_lines=True)
    for d in diffs:
        text = d.text if len(d.text) < 300 else d.text[:297] + "…"
        t.add_row(str(d.segment_id), printable(d.transcript), text,
                  *["\n".join(d.codes[c]) or "–" for c in names])
    con.print(t)


def reconcile(
    by: Annotated[str, typer.Option("--by", help="The supervisor who decides (a registered coder with role "
                                    "supervisor; logged with every decision).")],
    coders: Annotated[Optional[str], typer.Option(help="Comma-separated coders (first = first coder).")] = None,
    from_csv: Annotated[Optional[Path], typer.Option("--from-csv", help=(
        "CSV: segment,codes,reason (codes ';'-separated), or the filled-in file of "
        "`disagreements --format csv` (consensus_codes; '-' = no code, empty = not decided)."))] = None,
    project: ProjectOpt = None,
) -> None:
    """Set the consensus coding (coder 'consensus') that reports use by default."""
    from workbench.agreement.reconcile import (apply_decision, check_supervisor, compare, copy_agreed,
                                               reconcile_from_csv)

    proj = open_project(project)
    check_supervisor(proj, by)
    con = console()
    if from_csv:
        res = reconcile_from_csv(proj, from_csv, by, _split(coders))
        open_rows = f"; {res['undecided']} rows without a decision left open" if res["undecided"] else ""
        con.print(f"Consensus: {res['copied'].describe()}; {res['reconciled']} decisions from {from_csv}{open_rows}.")
        return
    cmp = compare(proj, _split(coders))
    names, diffs, code_ids = cmp.coders, cmp.diffs, cmp.code_ids
    copied = copy_agreed(proj, cmp, by)
    con.print(f"{copied.describe()}; "
              f"{len(diffs)} disagreements to settle. Keys: 1-{len(names)} take that coder's codes, "
              "u union, i intersection, e edit, s skip, q quit.")
    done = 0
    for n, d in enumerate(diffs, 1):
        con.rule(printable(f"{n} of {len(diffs)} · segment {d.segment_id} · {d.transcript}"))
        if d.context_before:
            con.print(f"[dim]{d.context_before[:300]}[/]")
        con.print(f"[bold]{d.speaker or '?'}: {d.text}[/]")
        if d.context_after:
            con.print(f"[dim]{d.context_after[:300]}[/]")
        for i, c in enumerate(names, 1):
            con.print(f" {i} {c}: {', '.join(d.codes[c]) or '(geen code)'}"
                      + (f"  [dim]{'; '.join(d.reasons.get(c, []))}[/]" if d.reasons.get(c) else ""))
        choice = typer.prompt("decision", default="s").strip().lower()
        if choice == "q":
            break
        if choice == "s":
            continue
        if choice.isdigit() and 1 <= int(choice) <= len(names):
            wanted = set(d.codes[names[int(choice) - 1]])
        elif choice == "u":
            wanted = set().union(*map(set, d.codes.values()))
        elif choice == "i":
            wanted = set.intersection(*map(set, d.codes.values()))
        elif choice == "e":
            raw = typer.prompt("codes (comma-separated, empty = none)", default="")
            wanted = {c.strip() for c in raw.split(",") if c.strip()}
            bad = wanted - set(code_ids)
            if bad:
                con.print(f"[red]unknown code(s): {', '.join(sorted(bad))}; skipped[/]")
                continue
        else:
            con.print("[yellow]not understood; skipped[/]")
            continue
        reason = typer.prompt("reason", default="")
        apply_decision(proj, d, wanted, code_ids, by, reason)
        done += 1
    con.print(f"Saved {done} consensus decisions (logged under {by}).")


def register(app: typer.Typer) -> None:
    app.command()(disagreements)
    app.command()(reconcile)
