"""Appendix "Methodologische toelichting": material per stream and wave, respondents versus
population, codebook and coders, agreement, and the quantifier table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from workbench.report.chapter import Numbering
from workbench.report.docx_helpers import add_source, add_table, content_widths
from workbench.synthesis.config import ReportConfig
from workbench.synthesis.dutch_format import fmt_int, fmt_number, fmt_pct, join_and, number_word
from workbench.synthesis.inputs import ReportInput, type_label, type_plural
from workbench.synthesis.population import (
    attribute_label, compare_population, load_population, overrepresentation_sentence,
)
from workbench.synthesis.sentences import count_words
from workbench.synthesis.themes import ordered_groups, reinterviewed, respondent_waves

NO_WAVE = "onbekend"


def _stream(inp: ReportInput, t, respondents) -> str:
    if t.respondent_type:
        return t.respondent_type
    types = Counter(respondents[r].type for r in t.respondents if r in respondents)
    return types.most_common(1)[0][0] if types else NO_WAVE


def _h2(doc, num: Numbering, text: str, config: ReportConfig) -> None:
    from workbench.report.word_fields import APPENDIX_LIST, number_paragraph

    num.sections += 1
    h = doc.add_heading(text, level=2)
    number_paragraph(h, APPENDIX_LIST if config.number_headings else None, 1)


def _material(doc, inp: ReportInput, num: Numbering, config: ReportConfig) -> None:
    kinds = {t.kind == "focusgroep" for t in inp.transcripts}
    _h2(doc, num, {frozenset({False}): "Interviews", frozenset({True}): "Focusgroepen"}.get(
        frozenset(kinds), "Interviews en focusgroepen"), config)
    respondents = inp.respondent_map()
    waves = sorted({t.wave or NO_WAVE for t in inp.transcripts})
    cells: dict[tuple[str, str], Counter] = {}
    people: dict[tuple[str, str], set] = {}
    for t in inp.transcripts:
        key = (_stream(inp, t, respondents), "Focusgroep" if t.kind == "focusgroep" else "Interview")
        cells.setdefault(key, Counter())[t.wave or NO_WAVE] += 1
        people.setdefault(key, set()).update(t.respondents)
    if not cells:
        doc.add_paragraph("Er zijn geen transcripten in het project.")
        return
    num.table(doc, "Aantal interviews en focusgroepen per stroom en jaar")
    rows = []
    for stream in ordered_groups({s for s, _ in cells}):
        for kind in ("Interview", "Focusgroep"):
            c = cells.get((stream, kind))
            if c is None:
                continue
            rows.append([type_plural(stream).capitalize(), kind] + [fmt_int(c.get(w, 0)) for w in waves]
                        + [fmt_int(sum(c.values())), fmt_int(len(people[(stream, kind)]))])
    header = ["Stroom", "Vorm"] + [str(w) for w in waves] + ["Totaal", "Respon\u00addenten"]
    add_table(doc, header, rows, content_widths(header, rows), numeric=set(range(2, len(header))))
    add_source(doc, "Bron: workbench, projectadministratie. Respondenten: unieke personen (een herhaald "
                    "geïnterviewde telt één keer).")

    sentences = []
    again = reinterviewed(inp)
    if again:
        by_type = Counter(respondents[r].type for r in again if r in respondents)
        per = join_and([count_words(by_type[t], type_label(t).lower(), type_plural(t))
                        for t in ordered_groups(list(by_type))])
        waves_seen = sorted(set().union(*(respondent_waves(inp)[r] for r in again)))
        verb = "is" if len(again) == 1 else "zijn"
        sentences.append(f"In totaal {verb} {count_words(len(again), 'respondent', 'respondenten')} in meer dan "
                         f"één jaar gesproken ({join_and(waves_seen)}): {per}.")
    else:
        sentences.append("Geen enkele respondent is in meer dan één jaar gesproken.")
    groups: dict[tuple[str, str], list[int]] = {}
    for t in inp.transcripts:
        if t.kind == "focusgroep":
            groups.setdefault((_stream(inp, t, respondents), t.wave or NO_WAVE), []).append(len(t.respondents))
    if groups:
        parts = []
        order = ordered_groups({s for s, _ in groups})
        for (stream, wave), sizes in sorted(groups.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])):
            nums = join_and([number_word(s) if s <= 20 else fmt_int(s) for s in sizes])
            parts.append(f"{nums} {type_plural(stream)} ({wave})")
        word = "De focusgroep telde" if sum(map(len, groups.values())) == 1 else "De focusgroepen telden"
        sentences.append(f"{word} {join_and(parts)}.")
    doc.add_paragraph(" ".join(sentences))


def _population(doc, inp: ReportInput, num: Numbering, config: ReportConfig) -> None:
    _h2(doc, num, "Respondenten en populatie", config)
    path = inp.population or config.population
    if path is None:
        doc.add_paragraph("Er is geen populatiebestand opgegeven, dus de respondenten zijn niet met de populatie "
                          "vergeleken (gebruik workbench report --population BESTAND.csv).")
        return
    cmp = compare_population(inp, load_population(path), config.population_type, config.overrep_points)
    who = type_plural(config.population_type)
    num.table(doc, f"Geïnterviewde {who} vergeleken met alle {who}, in procenten")
    rows, last_attr = [], None
    for r in cmp.rows:
        rows.append([attribute_label(r.attribute) if r.attribute != last_attr else "", r.value,
                     fmt_pct(r.respondents_pct), fmt_pct(r.population_pct)])
        last_attr = r.attribute
    header = ["Kenmerk", "Waarde", f"Respondenten\n(n = {fmt_int(cmp.n_respondents)})",
              f"Populatie\n(N = {fmt_int(cmp.n_population)})"]
    add_table(doc, header, rows, content_widths(header, rows), numeric={2, 3})
    merged = "; ".join(f"{join_and(sorted(v))} geteld als {k}" for k, v in cmp.merged.items())
    add_source(doc, f"Bron: workbench (respondenten); {Path(path).name} (populatie). NB = niet bekend. "
                    "Percentages van respondenten met een bekende waarde." + (f" {merged}." if merged else ""))
    doc.add_paragraph(overrepresentation_sentence(cmp))


def _coding(doc, inp: ReportInput, num: Numbering, config: ReportConfig, ctx: dict) -> None:
    from workbench.report.coding_method import agreement_rows, method_paragraphs, too_few_rule

    _h2(doc, num, "Codeboek, codering en overeenstemming", config)
    for text in method_paragraphs(inp, config, ctx):
        doc.add_paragraph(text)
    if not inp.agreement:
        doc.add_paragraph("Voor deze codering is geen overeenstemming tussen codeurs berekend.")
        return
    num.table(doc, "Overeenstemming tussen codeurs per code")
    header = ["Code", "Eenheden", "Prevalentie", "Krippen\u00addorffs α", "Cohens κ"]
    rows = agreement_rows(inp)
    add_table(doc, header, rows, content_widths(header, rows), numeric={1, 2, 3, 4})
    coders = join_and(inp.coders) if inp.coders else "onbekend"
    add_source(doc, f"Bron: workbench, codeurs {coders}. Prevalentie: aandeel van de beoordelingen waarin de code is "
                    f"toegekend. ‘niet te beoordelen’: {too_few_rule(inp)} (κ en α zijn dan instabiel of 0 "
                    "zonder betekenis). NB = niet te berekenen.")


def _memos(doc, inp: ReportInput, num: Numbering, config: ReportConfig) -> None:
    """The coders' memos, only when the report was asked for them (`report --memos`)."""
    if inp.memos is None:
        return
    _h2(doc, num, "Memo’s van de codeurs", config)
    if not inp.memos:
        doc.add_paragraph("Er zijn geen memo’s geschreven.")
        return
    doc.add_paragraph("De memo’s die de codeurs bij codes, transcripten en fragmenten schreven, zoals ze "
                      "zijn vastgelegd. Ze lichten keuzes bij het coderen toe.")
    num.table(doc, "Memo’s bij codes, transcripten en fragmenten")
    add_table(doc, ["Over", "Codeur", "Memo"], [[m["about"], m["author"], m["memo"]] for m in inp.memos],
              [5.6, 2.2, 8.2])
    add_source(doc, f"Bron: workbench, memo’s van {join_and(sorted({m['author'] for m in inp.memos}))}.")


def _quantifiers(doc, num: Numbering, config: ReportConfig) -> None:
    _h2(doc, num, "Woorden voor aantallen", config)
    q = config.quantifiers
    doc.add_paragraph(
        "Aantallen in de tekst tellen respondenten, niet fragmenten. Ze staan in woorden volgens de tabel "
        f"hieronder; bij groepen van {count_words(q.small_group, 'persoon', 'personen')} of minder staat het "
        "exacte aantal (bijvoorbeeld ‘drie van de zes werkgevers’).")
    num.table(doc, "Aandeel van de respondentgroep en het bijbehorende woord")
    rows = [[rng, word, example] for rng, word, example in q.rows()]
    add_table(doc, ["Aandeel", "Woord", "Voorbeeld"], rows, [3.6, 3.5, 8.9])
    add_source(doc, "Bron: workbench, instelbaar in report.toml ([quantifiers]).")


def write_appendix(doc, inp: ReportInput, config: ReportConfig, ctx: dict | None = None) -> Numbering:
    """Write the methods appendix as its own Heading 1 chapter ("Bijlage 1", a list number)."""
    from workbench.report.word_fields import APPENDIX_LIST, number_paragraph

    num = Numbering(f"B{config.appendix}")
    title = "Methodologische toelichting"
    heading = doc.add_heading(title if config.number_headings else f"Bijlage {config.appendix} {title}", level=1)
    number_paragraph(heading, APPENDIX_LIST if config.number_headings else None, 0)
    heading.paragraph_format.page_break_before = True
    _material(doc, inp, num, config)
    _population(doc, inp, num, config)
    _coding(doc, inp, num, config, ctx or {})
    _memos(doc, inp, num, config)
    _quantifiers(doc, num, config)
    return num
