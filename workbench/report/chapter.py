"""The findings chapter: intro, overview (table, heatmap, waves), one section per theme, summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.shared import Cm, Pt

from workbench.report.docx_helpers import (
    LANDSCAPE_TEXT_WIDTH_CM, TEXT_WIDTH_CM, add_placeholder, add_source, add_table, content_widths, fitting_font, hyphenate,
    page_section,
)
from workbench.report.patterns_section import write_patterns
from workbench.synthesis.config import ReportConfig
from workbench.synthesis.dutch_format import fmt_int, join_and
from workbench.synthesis.grouping import WAVE
from workbench.synthesis.inputs import ReportInput
from workbench.synthesis.phrasing import code_kind
from workbench.synthesis.quotes import curly, in_group_order, select_quotes
from workbench.synthesis.sentences import chapter_intro, chapter_title, summary_sentences, theme_opening
from workbench.synthesis.themes import (
    ThemeNode, ThemeStats, cooccurrence, group_sizes, ordered_groups, ranked, wave_comparison,
)

PLACEHOLDER_THEME = ("[Interpretatie analist: beschrijf wat de respondenten hierover vertellen, welke "
                     "verschillen tussen de groepen opvallen en wat dit betekent voor de onderzoeksvraag.]")
PLACEHOLDER_CONCLUSION = ("[Conclusie analist: beantwoord hier de onderzoeksvraag van dit hoofdstuk op basis "
                          "van de thema’s hierboven.]")


@dataclass
class Numbering:
    """Running numbers for captions ("Tabel 2.1", "Figuur 2.1", "Tabel B1.1"), written as SEQ
    fields inside bookmarks; ``field`` is the chapter-number field (None: typed ``prefix``)."""

    prefix: str
    chapter_field: bool = False
    tables: int = 0
    figures: int = 0
    sections: int = 0
    log: list[str] = field(default_factory=list)

    def _caption(self, doc, kind: str, n: int, title: str) -> tuple[str, str]:
        from workbench.report.word_fields import caption

        label = f"{kind} {self.prefix}.{n}"
        name = f"_Ref_{kind}_{self.prefix}_{n}".replace(".", "_")
        prefix_field = ("STYLEREF 1 \\s", self.prefix) if self.chapter_field else None
        caption(doc, kind, prefix_field, "" if self.chapter_field else self.prefix, n, title, name,
                None if self.chapter_field else f"Bijlage{kind}")
        self.log.append(label)
        return label, name

    def table(self, doc, title: str) -> tuple[str, str]:
        self.tables += 1
        return self._caption(doc, "Tabel", self.tables, title)

    def figure(self, doc, title: str) -> tuple[str, str]:
        self.figures += 1
        return self._caption(doc, "Figuur", self.figures, title)


def heading_text(code, config: ReportConfig) -> str:
    """The analyst's heading from report.toml ``[headings]``, else the code's label."""
    return (config.headings.get(code.id) or code.label).strip()


def source_line(inp: ReportInput, extra: str = "") -> str:
    n_seg = sum(1 for s in inp.segments.values() if s.is_respondent)
    text = (f"Bron: workbench, codering {inp.coder}, N = {fmt_int(len(inp.respondents))} respondenten, "
            f"{fmt_int(n_seg)} fragmenten van respondenten.")
    return f"{text} {extra}".strip()


def _h2(doc, num: Numbering, text: str, config: ReportConfig):
    num.sections += 1  # the number itself comes from the Heading 2 list (word_fields.heading_numbering)
    return doc.add_heading(text, level=2)


NB_HYPHEN = "\u2011"
MAX_PORTRAIT_GROUPS = 5  # more group columns than this: the table gets a landscape page


def _frequency_table(doc, inp, nodes, stats, sizes, num, config):
    """Table 2.1. With more than :data:`MAX_PORTRAIT_GROUPS` groups it stands on a landscape page
    of its own; grouped by two attributes, the first heads its second's columns (IVA over 2024
    and 2025) instead of every column repeating it."""
    grouping = config.grouping()
    groups = ordered_groups([g for g, n in sizes.items() if n > 0], grouping)
    landscape = len(groups) > MAX_PORTRAIT_GROUPS
    if landscape:
        page_section(doc, landscape=True)
    ref = num.table(doc, f"Aantal respondenten en fragmenten per {grouping.caption_terms()}")
    spans = grouping.spans(groups) if len(grouping.by) == 2 else None
    if spans:  # span words may break at soft hyphens too ("Arbeids-deskundigen" over two columns)
        spans = [(hyphenate(text), n) for text, n in spans]
    heads = [grouping.column_header(g) if spans else grouping.header(g) for g in groups]
    header = ["Thema"] + [hyphenate(f"{h}\n(n = {fmt_int(sizes[g])})") for h, g in zip(heads, groups)]
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
    width = LANDSCAPE_TEXT_WIDTH_CM if landscape else TEXT_WIDTH_CM
    sized = list(header)  # a column alone under its span must also fit the span's words
    col = 1
    for text, span in spans or []:
        if span == 1:
            sized[col] = f"{text}\n{sized[col]}"
        col += span
    pt = fitting_font(sized, rows, width)  # many groups: smaller type rather than words broken in two
    add_table(doc, header, rows, content_widths(sized, rows, width, pt),
              numeric=set(range(1, len(header))), font_pt=pt, header_pt=pt - 1,
              bold_rows=bold, indent_rows=indent, total_cm=width,
              spans=[("", 1), *spans, ("", 1)] if spans else None)
    extra = ""
    if WAVE in grouping.by:
        extra = " Wie in twee jaren is gesproken, telt in beide jaren; het totaal telt zo iemand twee keer."
    add_source(doc, source_line(inp, "Per cel: aantal respondenten (aantal fragmenten). Vetgedrukte regels "
                                     "tellen de onderliggende codes samen; een respondent telt één keer." + extra))
    if landscape:
        page_section(doc, landscape=False)
    return ref


def _heatmap(doc, inp, codes, stats, num) -> str | None:
    if len(codes) < 2 or not any(stats[c].n_segments for c in codes):
        return None
    from workbench.report.figures import cooccurrence_png, figure_width_cm

    matrix = cooccurrence(inp, codes)
    ref = num.figure(doc, "Codes die samen in één fragment voorkomen (aantal fragmenten)")
    png = cooccurrence_png(matrix, [stats[c].label for c in codes])
    doc.add_picture(png, width=Cm(figure_width_cm(len(codes))))
    add_source(doc, source_line(inp, "Grijze diagonaal: aantal fragmenten met die code."))
    return ref


def _wave_table(doc, inp, codes, stats, num) -> str | None:
    wc = wave_comparison(inp, codes)
    if wc is None:
        return None
    first, last = wc.waves
    n = len(wc.respondents)
    ref = num.table(doc, f"Thema’s bij respondenten die in {first} én {last} zijn gesproken (n = {fmt_int(n)})")
    rows = [[stats[c].label, fmt_int(r["first"]), fmt_int(r["last"]), fmt_int(r["both"])]
            for c, r in wc.rows.items()]
    header = ["Thema", str(first), str(last), "In beide jaren"]
    add_table(doc, header, rows, content_widths(header, rows), numeric={1, 2, 3})
    add_source(doc, f"Bron: workbench, codering {inp.coder}, herhaald geïnterviewde respondenten, n = {fmt_int(n)}. "
                    "Per cel: aantal respondenten dat het thema in dat jaar noemt.")
    return ref


def _theme_body(doc, inp, node: ThemeNode, sizes, config: ReportConfig, ctx: dict) -> None:
    st = node.stats
    kind = code_kind(node.code.id, config.phrasing)
    sentences = theme_opening(st, sizes, node.code.label, config.quantifiers, config.mention_absent_groups,
                              kind, config.grouping(), total=len(inp.respondents))
    if sentences:
        doc.add_paragraph(" ".join(sentences))
    if config.patterns:
        write_patterns(doc, inp, node.code.id, config, ctx)
    add_placeholder(doc, PLACEHOLDER_THEME)
    quotes = select_quotes(inp, node.code.id, config.quotes_per_theme, config=config,
                           exclude=ctx["quoted"], attributor=ctx["attributor"])
    for q in in_group_order(quotes):
        if q.question:
            qp = doc.add_paragraph(style="Quote")
            qp.add_run(f"Interviewer: {q.question}").italic = True
            qp.paragraph_format.space_after = Pt(0)
            qp.paragraph_format.keep_with_next = True  # never a question at the foot of a page, its answer overleaf
        # no-break space keeps the dash with the role label, no-break hyphens keep "Re-integratiebureau" whole
        doc.add_paragraph(f"{curly(q.text)} –\u00a0{q.attribution.replace('-', NB_HYPHEN)}", style="Quote")


def _uncoded(nodes: list[ThemeNode]) -> list[str]:
    return [n.code.label for n in nodes if n.code.codable and n.stats.n_segments == 0]


def _section(doc, inp, top: ThemeNode, sizes, num, config, ctx) -> None:
    _h2(doc, num, heading_text(top.code, config), config)
    if top.code.codable and top.stats.n_segments:
        _theme_body(doc, inp, top, sizes, config, ctx)
    coded = [n for n in top.walk() if n is not top and n.code.codable and n.stats.n_segments]
    for node in coded:
        doc.add_heading(heading_text(node.code, config), level=3)
        _theme_body(doc, inp, node, sizes, config, ctx)
    missing = _uncoded([n for n in top.walk() if n is not top])
    if missing:
        labels = join_and([f"‘{m}’" for m in missing])
        word = "Niet gecodeerd" if coded or top.stats.n_segments else "Binnen dit thema is nog niets gecodeerd"
        doc.add_paragraph(f"{word}: {labels}.")


def write_chapter(doc, inp: ReportInput, nodes: list[ThemeNode], stats: dict[str, ThemeStats],
                  codes: list[str], config: ReportConfig, ctx: dict | None = None) -> Numbering:
    """Write the findings chapter; returns its numbering (for cross-references and tests).
    ``ctx`` collects what the appendix reports (quoted segments, the attributor)."""
    from workbench.report.word_fields import add_ref
    from workbench.synthesis.attribution import Attributor

    ctx = ctx if ctx is not None else {}
    ctx.setdefault("quoted", set())
    ctx.setdefault("attributor", Attributor(inp, config))
    ctx.setdefault("patterns", 0)
    num = Numbering(str(config.chapter_number), chapter_field=config.number_headings)
    grouping = config.grouping()
    sizes = group_sizes(inp, grouping)
    doc.add_heading(config.chapter_title or chapter_title(inp), level=1).paragraph_format.page_break_before = \
        not config.body_only
    kinds = {c: code_kind(c, config.phrasing) for c in codes}
    doc.add_paragraph(chapter_intro(inp, len(codes), kinds, with_appendix=not config.body_only))

    _h2(doc, num, "Overzicht van de codering", config)
    intro = doc.add_paragraph()  # filled in once the caption numbers are known
    table_ref = _frequency_table(doc, inp, nodes, stats, sizes, num, config)
    fig_ref = _heatmap(doc, inp, codes, stats, num) if config.heatmap else None
    wave_ref = _wave_table(doc, inp, codes, stats, num)
    for ref, text in ((table_ref, f" toont per thema hoeveel respondenten het noemen en in hoeveel fragmenten, "
                                  f"per {grouping.describe()}. "),
                      (fig_ref, " laat zien welke codes samen in één fragment voorkomen. "),
                      (wave_ref, " volgt de respondenten die in beide jaren zijn gesproken. ")):
        if ref:
            add_ref(intro, ref[1], ref[0])
            intro.add_run(text)

    for top in nodes:
        if top.code.codable and not top.children and not top.stats.n_segments:
            continue  # an uncoded top-level code gets no empty section; listed in the summary
        _section(doc, inp, top, sizes, num, config, ctx)

    _h2(doc, num, "Samenvatting en conclusie", config)
    coded = [s for s in ranked(stats, codes) if s.n_segments]
    if coded:
        doc.add_paragraph(" ".join(summary_sentences(coded, sizes, config.quantifiers, kinds, grouping,
                                                     total=len(inp.respondents))))
    missing = [stats[c].label for c in codes if not stats[c].n_segments]
    if missing:
        doc.add_paragraph(f"Niet gecodeerd: {join_and([f'‘{m}’' for m in missing])}.")
    add_placeholder(doc, PLACEHOLDER_CONCLUSION)
    return num
