"""The findings chapter: intro, overview (table, heatmap, waves), one section per theme, summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.shared import Cm

from workbench.report.docx_helpers import add_caption, add_placeholder, add_source, add_table, hyphenate
from workbench.synthesis.config import ReportConfig
from workbench.synthesis.dutch_format import fmt_int, join_and
from workbench.synthesis.inputs import ReportInput, type_plural
from workbench.synthesis.quotes import curly, in_group_order, select_quotes
from workbench.synthesis.sentences import chapter_intro, summary_sentence, theme_opening
from workbench.synthesis.themes import (
    ThemeNode, ThemeStats, cooccurrence, ordered_groups, ranked, wave_comparison,
)

PLACEHOLDER_THEME = ("[Interpretatie analist: beschrijf wat de respondenten hierover vertellen, welke "
                     "verschillen tussen de groepen opvallen en wat dit betekent voor de onderzoeksvraag.]")
PLACEHOLDER_CONCLUSION = ("[Conclusie analist: beantwoord hier de onderzoeksvraag van dit hoofdstuk op basis "
                          "van de thema’s hierboven.]")


@dataclass
class Numbering:
    """Running numbers for captions ("Tabel 2.1", "Figuur 2.1", "Tabel B1.1")."""

    prefix: str
    tables: int = 0
    figures: int = 0
    sections: int = 0
    log: list[str] = field(default_factory=list)

    def table(self) -> str:
        self.tables += 1
        return f"Tabel {self.prefix}.{self.tables}"

    def figure(self) -> str:
        self.figures += 1
        return f"Figuur {self.prefix}.{self.figures}"


def heading_text(code) -> str:
    return (code.headline or code.label).strip()


def source_line(inp: ReportInput, extra: str = "") -> str:
    n_seg = sum(1 for s in inp.segments.values() if s.is_respondent)
    text = (f"Bron: workbench, codering {inp.coder}, N = {fmt_int(len(inp.respondents))} respondenten, "
            f"{fmt_int(n_seg)} fragmenten van respondenten.")
    return f"{text} {extra}".strip()


def _h2(doc, num: Numbering, text: str, config: ReportConfig):
    num.sections += 1
    title = f"{num.prefix}.{num.sections} {text}" if config.number_headings else text
    return doc.add_heading(title, level=2)


def _frequency_table(doc, inp, nodes, stats, sizes, num, config) -> str:
    groups = ordered_groups([g for g, n in sizes.items() if n > 0])
    label = num.table()
    add_caption(doc, f"{label} Aantal respondenten en fragmenten per code en respondentgroep")
    header = ["Thema"] + [hyphenate(f"{type_plural(g).capitalize()}\n(n = {fmt_int(sizes[g])})") for g in groups]
    header.append(f"Totaal\n(n = {fmt_int(sum(sizes[g] for g in groups))})")
    rows, bold, indent = [], set(), set()
    for top in nodes:
        for node in top.walk():
            st = node.stats
            cells = [node.code.label]
            for g in groups:
                people = st.count(g)
                segs = st.segments.get(g, 0)
                cells.append(f"{fmt_int(people) if people or not segs else 'NB'} ({fmt_int(segs)})")
            cells.append(f"{fmt_int(st.n_respondents)} ({fmt_int(st.n_segments)})")
            if not node.code.codable:
                bold.add(len(rows))
            if node.depth > 0:
                indent.add(len(rows))
            rows.append(cells)
    first = 4.4
    rest = (16.0 - first) / (len(groups) + 1)
    add_table(doc, header, rows, [first] + [rest] * (len(groups) + 1), numeric=set(range(1, len(header))),
              bold_rows=bold, indent_rows=indent)
    add_source(doc, source_line(inp, "Per cel: aantal respondenten (aantal fragmenten). Vetgedrukte regels "
                                     "tellen de onderliggende codes samen; een respondent telt één keer."))
    return label


def _heatmap(doc, inp, codes, stats, num) -> str | None:
    if len(codes) < 2 or not any(stats[c].n_segments for c in codes):
        return None
    from workbench.report.figures import cooccurrence_png, figure_width_cm

    matrix = cooccurrence(inp, codes)
    label = num.figure()
    add_caption(doc, f"{label} Codes die samen in één fragment voorkomen (aantal fragmenten)")
    png = cooccurrence_png(matrix, [stats[c].label for c in codes])
    doc.add_picture(png, width=Cm(figure_width_cm(len(codes))))
    add_source(doc, source_line(inp, "Grijze diagonaal: aantal fragmenten met die code."))
    return label


def _wave_table(doc, inp, codes, stats, num) -> str | None:
    wc = wave_comparison(inp, codes)
    if wc is None:
        return None
    first, last = wc.waves
    label = num.table()
    n = len(wc.respondents)
    add_caption(doc, f"{label} Thema’s bij respondenten die in {first} én {last} zijn gesproken "
                     f"(n = {fmt_int(n)})")
    rows = [[stats[c].label, fmt_int(r["first"]), fmt_int(r["last"]), fmt_int(r["both"])]
            for c, r in wc.rows.items()]
    add_table(doc, ["Thema", str(first), str(last), "In beide jaren"], rows, [7.6, 2.8, 2.8, 2.8],
              numeric={1, 2, 3})
    add_source(doc, f"Bron: workbench, codering {inp.coder}, herhaald geïnterviewde respondenten, n = {fmt_int(n)}. "
                    "Per cel: aantal respondenten dat het thema in dat jaar noemt.")
    return label


def _theme_body(doc, inp, node: ThemeNode, sizes, config: ReportConfig) -> None:
    st = node.stats
    sentences = theme_opening(st, sizes, node.code.label, config.quantifiers, config.mention_absent_groups)
    if sentences:
        doc.add_paragraph(" ".join(sentences))
    add_placeholder(doc, PLACEHOLDER_THEME)
    for q in in_group_order(select_quotes(inp, node.code.id, config.quotes_per_theme, config=config)):
        # no-break space keeps the dash with the role label
        doc.add_paragraph(f"{curly(q.text)} –\u00a0{q.attribution}", style="Quote")


def _uncoded(nodes: list[ThemeNode]) -> list[str]:
    return [n.code.label for n in nodes if n.code.codable and n.stats.n_segments == 0]


def _section(doc, inp, top: ThemeNode, sizes, num, config) -> None:
    _h2(doc, num, heading_text(top.code), config)
    if top.code.codable and top.stats.n_segments:
        _theme_body(doc, inp, top, sizes, config)
    coded = [n for n in top.walk() if n is not top and n.code.codable and n.stats.n_segments]
    for node in coded:
        doc.add_heading(heading_text(node.code), level=3)
        _theme_body(doc, inp, node, sizes, config)
    missing = _uncoded([n for n in top.walk() if n is not top])
    if missing:
        labels = join_and([f"‘{m}’" for m in missing])
        word = "Niet gecodeerd" if coded or top.stats.n_segments else "Binnen dit thema is nog niets gecodeerd"
        doc.add_paragraph(f"{word}: {labels}.")


def write_chapter(doc, inp: ReportInput, nodes: list[ThemeNode], stats: dict[str, ThemeStats],
                  codes: list[str], config: ReportConfig) -> Numbering:
    """Write the findings chapter; returns its numbering (for cross-references and tests)."""
    num = Numbering(str(config.chapter_number))
    sizes = inp.group_sizes()
    title = f"{config.chapter_number} {config.chapter_title}" if config.number_headings else config.chapter_title
    doc.add_heading(title, level=1).paragraph_format.page_break_before = True
    doc.add_paragraph(chapter_intro(inp, len(codes)))

    _h2(doc, num, "Overzicht van de codering", config)
    intro = doc.add_paragraph()  # filled in once the caption numbers are known
    table_label = _frequency_table(doc, inp, nodes, stats, sizes, num, config)
    fig_label = _heatmap(doc, inp, codes, stats, num) if config.heatmap else None
    wave_label = _wave_table(doc, inp, codes, stats, num)
    parts = [f"{table_label} toont per thema hoeveel respondenten het noemen en in hoeveel fragmenten."]
    if fig_label:
        parts.append(f"{fig_label} laat zien welke codes samen in één fragment voorkomen.")
    if wave_label:
        parts.append(f"{wave_label} volgt de respondenten die in beide jaren zijn gesproken.")
    intro.add_run(" ".join(parts))

    for top in nodes:
        if top.code.codable and not top.children and not top.stats.n_segments:
            continue  # an uncoded top-level code gets no empty section; listed in the summary
        _section(doc, inp, top, sizes, num, config)

    _h2(doc, num, "Samenvatting en conclusie", config)
    coded = [s for s in ranked(stats, codes) if s.n_segments]
    if coded:
        doc.add_paragraph("De thema’s van vaakst naar minst vaak genoemd, geteld over respondenten:")
        for st in coded:
            doc.add_paragraph(summary_sentence(st, sizes, st.label, config.quantifiers))
    missing = [stats[c].label for c in codes if not stats[c].n_segments]
    if missing:
        doc.add_paragraph(f"Niet gecodeerd: {join_and([f'‘{m}’' for m in missing])}.")
    add_placeholder(doc, PLACEHOLDER_CONCLUSION)
    return num
