"""``workbench report`` (draft Word chapter), ``workbench themes`` (counts in the terminal) and
``workbench quotes`` (the quote finder)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from workbench.cli.common import JsonOpt, OutForceOpt, ProjectOpt, console
from workbench.vocab import ReservedCoder

CoderOpt = Annotated[str, typer.Option(
    "--coder", help="Whose accepted codings: 'consensus' (default) or a coder's name.")]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", help="report.toml with \\[report], \\[quotes], \\[attribution], \\[quantifiers] "
                     "(default: report.toml in the project folder, if any).", dir_okay=False)]


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("themes")(themes)
    app.command("quotes")(quotes)


def _split(values: Optional[list[str]]) -> Optional[list[str]]:
    """Accept both ``--codes a,b`` and ``--codes a --codes b``."""
    if not values:
        return None
    out = [v.strip() for item in values for v in item.split(",") if v.strip()]
    return out or None


def _config(path: Optional[Path], project=None):
    from workbench.synthesis.config import load_config

    if path is None and project is not None:
        candidate = Path(getattr(project, "root", ".")) / "report.toml"
        if candidate.is_file():
            path = candidate
    return load_config(path)


def _load(project_opt, coder: str, codes=None, population=None, title=None):
    from workbench.cli.common import open_project
    from workbench.synthesis.project import load_report_input

    project = open_project(project_opt)
    return project, load_report_input(project, coder=coder, codes=codes, population=population, title=title)


def _show_quantifiers(cfg) -> None:
    from rich.table import Table

    q = cfg.quantifiers
    table = Table(title="Woorden voor aantallen (aandeel respondenten in de groep)")
    for col in ("Aandeel", "Woord", "Voorbeeld"):
        table.add_column(col)
    for row in q.rows():
        table.add_row(*row)
    out = console()
    out.print(table)
    out.print(f"Groepen van {q.small_group} of minder krijgen exacte aantallen in woorden. "
              "Aanpassen: [quantifiers] in report.toml (zie docs/report.md).", markup=False)


def report(
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Word file to write, e.g. reports/rapport.docx.",
                                                dir_okay=False)] = None,
    codes: Annotated[Optional[list[str]], typer.Option(
        "--codes", help="Only these code ids (comma-separated or repeated).")] = None,
    coder: CoderOpt = ReservedCoder.CONSENSUS.value,
    group_by: Annotated[Optional[str], typer.Option(
        "--group-by", help="'type' (default), any respondent attribute (uitkering, werksituatie, periode, …), "
                           "'wave', or two joined by a comma (uitkering,wave).")] = None,
    body_only: Annotated[bool, typer.Option(
        "--body-only", help="Only the chapter (no title page, contents or appendix), to paste into a master report.")] = False,
    init_config: Annotated[bool, typer.Option(
        "--init-config", help="Write report.toml in the project folder (headings, phrasing, labels; old codebook "
                              "headlines as commented, unverified suggestions) and stop.")] = False,
    population: Annotated[Optional[Path], typer.Option(
        "--population", help="CSV attribute,value,count of all participants (methods appendix).",
        dir_okay=False)] = None,
    config: ConfigOpt = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title on the title page.")] = None,
    show_quantifiers: Annotated[bool, typer.Option(
        "--show-quantifiers", help="Print the share-to-word table and stop.")] = False,
    memos: Annotated[bool, typer.Option(
        "--memos", help="Add the coders' memos (codes, transcripts, segments) to the methods appendix.")] = False,
    timestamps: Annotated[bool, typer.Option(
        "--timestamps", help="Add the turn's media time (hh:mm:ss) to each quote's attribution, where known.")] = False,
    force: OutForceOpt = False,
    project: ProjectOpt = None,
) -> None:
    """Draft Word chapter: counts per theme and group, quotes, tables, heatmap, methods appendix."""
    from workbench.errors import InputError

    if show_quantifiers:
        _show_quantifiers(_config(config))
        return
    if init_config:
        from workbench.cli.common import open_project
        from workbench.synthesis.config_template import write_template

        proj = open_project(project)
        path = write_template(proj, force=force)
        console().print(str(path), markup=False)
        return
    if out is None:
        raise InputError("say where to write the report", hint="add --out reports/NAME.docx")
    if out.suffix.lower() != ".docx":
        raise InputError("the report must be a .docx file", path=str(out), hint="e.g. --out reports/rapport.docx")
    from workbench.cli.common import open_project
    from workbench.report import build_report
    from workbench.synthesis.project import load_report_input

    from workbench.store.outputs import check_output, output_path

    proj = open_project(project)
    check_output(out, project=proj, force=force)  # before the work, not only at the end
    cfg = _config(config, proj)
    code_list = _split(codes) or cfg.codes
    cfg.codes = code_list
    if group_by:
        cfg.group_by = group_by
    if body_only:
        cfg.body_only = True
    cfg.quote_timestamps = cfg.quote_timestamps or timestamps
    cfg.validate(str(config) if config else None)
    pop = population or cfg.population
    inp = load_report_input(proj, coder=coder, codes=code_list, population=pop, title=title,
                            **({"memos": True} if memos else {}))
    with output_path(out, project=proj, force=force) as tmp:
        build_report(inp, tmp, cfg)
    console().print(str(out), markup=False)


def themes(
    coder: CoderOpt = ReservedCoder.CONSENSUS.value,
    codes: Annotated[Optional[list[str]], typer.Option("--codes", help="Only these code ids.")] = None,
    group_by: Annotated[str, typer.Option(
        "--group-by", help="'type' (respondent type) or an attribute such as uitkering or wave.")] = "type",
    patterns: Annotated[bool, typer.Option(
        "--patterns", help="Also the machine-found patterns per theme (clusters of its segments), as in the report.")] = False,
    json_out: JsonOpt = False,
    project: ProjectOpt = None,
) -> None:
    """Respondents (and segments) per code and group, plus code co-occurrence."""
    import json

    from workbench.errors import InputError
    from workbench.synthesis.themes import (
        cooccurrence, group_sizes, ordered_groups, report_codes, theme_stats, theme_tree,
    )

    code_list = _split(codes)
    _, inp = _load(project, coder, codes=code_list)
    stats = theme_stats(inp, group_by)
    try:
        nodes = theme_tree(inp, stats, code_list)
    except KeyError as exc:
        raise InputError(f"unknown code id(s) {exc.args[0]}") from None
    ids = report_codes(nodes)
    sizes = group_sizes(inp, group_by)
    groups = ordered_groups([g for g, n in sizes.items() if n > 0], group_by)
    matrix = cooccurrence(inp, ids)
    found = _patterns(inp, ids) if patterns else None
    if json_out:
        rows = []
        for top in nodes:
            for n in top.walk():
                st = n.stats
                rows.append({"id": st.code, "label": st.label, "parent": n.code.parent, "codable": n.code.codable,
                             "respondents": {g: st.count(g) for g in groups},
                             "segments": {g: st.segments.get(g, 0) for g in groups},
                             "total_respondents": st.n_respondents, "total_segments": st.n_segments})
        doc = {"coder": inp.coder, "group_by": group_by, "groups": {g: sizes[g] for g in groups},
               "codes": rows, "cooccurrence": {"codes": ids, "matrix": matrix.tolist()}}
        if found is not None:
            doc["patterns"] = found
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    from rich.markup import escape
    from rich.table import Table

    out = console()
    table = Table(title=f"Respondenten (fragmenten) per code – codering {inp.coder}")
    short = {"deelnemer": "D", "arbeidsdeskundige": "AD", "re-integratiebureau": "RIB", "werkgever": "WG"}
    table.add_column("Code", min_width=24, overflow="fold")
    for g in groups:
        name = short.get(g, g) if group_by == "type" else g
        table.add_column(f"{escape(name)}\nn={sizes[g]}", justify="right", no_wrap=True)
    table.add_column(f"totaal\nn={sum(sizes[g] for g in groups)}", justify="right", no_wrap=True)
    for top in nodes:
        for n in top.walk():
            st = n.stats
            name = ("  " * n.depth) + escape(st.label)
            cells = [f"{st.count(g)} ({st.segments.get(g, 0)})" for g in groups]
            style = "bold" if not n.code.codable else None
            table.add_row(name, *cells, f"{st.n_respondents} ({st.n_segments})", style=style)
    out.print(table)
    if group_by == "type":
        out.print("D = deelnemers, AD = arbeidsdeskundigen, RIB = re-integratiebureaus, WG = werkgevers; "
                  "per cel: respondenten (fragmenten).", markup=False)
    if len(ids) > 1:
        co = Table(title="Samen gecodeerd (fragmenten met beide codes)")
        co.add_column("")
        for i, c in enumerate(ids):
            co.add_column(str(i + 1), justify="right")
        for i, c in enumerate(ids):
            co.add_row(f"{i + 1} {escape(stats[c].label)}", *[str(v) for v in matrix[i]])
        out.print(co)
    if found is not None:
        _print_patterns(out, inp, found)


def _patterns(inp, ids: list[str]) -> dict[str, list[dict]]:
    """Per codable theme, its machine-found patterns (``synthesis/patterns.py``), as plain dicts."""
    from workbench.synthesis.config import ReportConfig
    from workbench.synthesis.patterns import theme_patterns
    from workbench.synthesis.quotes import quote_text

    config = ReportConfig()
    out = {}
    for code in ids:
        try:
            node = inp.codebook.get(code)
        except KeyError:
            continue
        if not node.codable:
            continue
        keywords = node.keywords
        out[code] = [{"respondents": p.respondents, "segments": len(p.segments), "words": p.words,
                      "typical_segment": p.typical,
                      "typical": quote_text(inp, inp.segments[p.typical], code, config, keywords)}
                     for p in theme_patterns(inp, code)]
    return out


def _print_patterns(out, inp, found: dict[str, list[dict]]) -> None:
    labels = {c.id: c.label for c in inp.codebook.flat()}
    out.print("\nPatronen (door de computer gevonden, te toetsen door de analist)", style="bold", markup=False)
    for code, pats in found.items():
        if not pats:
            out.print(f"{labels.get(code, code)}: te weinig fragmenten of geen duidelijke groepen", markup=False)
            continue
        out.print(f"{labels.get(code, code)}", style="bold", markup=False)
        for i, p in enumerate(pats, 1):
            out.print(f"  {i}. {p['respondents']} respondenten, {p['segments']} fragmenten; kenmerkende woorden: "
                      f"{', '.join(p['words']) or '-'}", markup=False)
            out.print(f"     “{p['typical']}” (fragment {p['typical_segment']})", markup=False)


def quotes(
    code: Annotated[str, typer.Option("--code", help="Code id to find quotes for.")],
    group: Annotated[Optional[str], typer.Option(
        "--group", help="Only this respondent type (deelnemer, arbeidsdeskundige, ...).")] = None,
    coder: CoderOpt = ReservedCoder.CONSENSUS.value,
    fmt: Annotated[str, typer.Option("--format", help="md or csv.")] = "md",
    n: Annotated[int, typer.Option("--n", help="How many quotes.", min=1, max=50)] = 5,
    config: ConfigOpt = None,
    project: ProjectOpt = None,
) -> None:
    """Representative, diverse quotes for one code, attributed by role only."""
    import csv
    import sys

    from workbench.errors import InputError
    from workbench.synthesis.dutch_format import fmt_number
    from workbench.synthesis.inputs import RESPONDENT_TYPES
    from workbench.synthesis.quotes import curly, select_quotes

    if fmt not in ("md", "csv"):
        raise InputError(f"unknown --format '{fmt}'", hint="use md or csv")
    if group is not None and group not in RESPONDENT_TYPES:
        raise InputError(f"unknown --group '{group}'", hint="use one of " + ", ".join(RESPONDENT_TYPES))
    proj, inp = _load(project, coder, codes=[code])
    cfg = _config(config, proj)
    try:
        label = inp.codebook.get(code).label
    except KeyError:
        raise InputError(f"unknown code id '{code}'", hint="see the codebook for the ids") from None
    found = select_quotes(inp, code, n=n, group=group, config=cfg)
    if fmt == "csv":
        from workbench.interop.spreadsheet import SafeWriter

        w = SafeWriter(sys.stdout)
        w.writerow(["rank", "segment", "respondent", "group", "transcript", "centrality", "quote", "attribution"])
        for i, q in enumerate(found, 1):
            w.writerow([i, q.segment_id, q.respondent_id or "", q.group or "", q.transcript,
                        f"{q.centrality:.3f}", curly(q.text), q.attribution])
        return
    print(f"## {label}\n")
    if not found:
        print("_Geen citaten: geen respondentfragmenten met deze code._")
    for i, q in enumerate(found, 1):
        print(f"{i}. {q.formatted}  ")
        print(f"   <sub>fragment {q.segment_id} · {q.respondent_id or 'onbekend'} · {q.transcript} · "
              f"centraliteit {fmt_number(q.centrality, 2)}</sub>\n")
