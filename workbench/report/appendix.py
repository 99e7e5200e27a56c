"""Appendix "Methodologische toelichting": material per stream and wave, respondents versus
population, codebook and coders, agreement, and the quantifier table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from workbench.report.chapter import Numbering
from workbench.report.docx_helpers import add_caption, add_source, add_table
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
    num.sections += 1
    doc.add_heading(f"{num.prefix}.{num.sections} {text}" if config.number_headings else text, level=2)


def _material(doc, inp: ReportInput, num: Numbering, config: ReportConfig) -> None:
    _h2(doc, num, "Interviews en focusgroepen", config)
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
    label = num.table()
    add_caption(doc, f"{label} Aantal interviews en focusgroepen per stroom en jaar")
    rows = []
    for stream in ordered_groups({s for s, _ in cells}):
        for kind in ("Interview", "Focusgroep"):
            c = cells.get((stream, kind))
            if c is None:
                continue
            rows.append([type_plural(stream).capitalize(), kind] + [fmt_int(c.get(w, 0)) for w in waves]
                        + [fmt_int(sum(c.values())), fmt_int(len(people[(stream, kind)]))])
    header = ["Stroom", "Vorm"] + [str(w) for w in waves] + ["Totaal", "Respon\u00addenten"]
    widths = [4.2, 2.6] + [1.8] * len(waves) + [1.8, 3.0]
    add_table(doc, header, rows, widths, numeric=set(range(2, len(header))))
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
    label = num.table()
    add_caption(doc, f"{label} Geïnterviewde {who} vergeleken met alle {who}, in procenten")
    rows, last_attr = [], None
    for r in cmp.rows:
        rows.append([attribute_label(r.attribute) if r.attribute != last_attr else "", r.value,
                     fmt_pct(r.respondents_pct), fmt_pct(r.population_pct)])
        last_attr = r.attribute
    header = ["Kenmerk", "Waarde", f"Respondenten\n(n = {fmt_int(cmp.n_respondents)})",
              f"Populatie\n(N = {fmt_int(cmp.n_population)})"]
    add_table(doc, header, rows, [3.6, 4.4, 4.0, 4.0], numeric={2, 3})
    merged = "; ".join(f"{join_and(sorted(v))} geteld als {k}" for k, v in cmp.merged.items())
    add_source(doc, f"Bron: workbench (respondenten); {Path(path).name} (populatie). NB = niet bekend. "
                    "Percentages van respondenten met een bekende waarde." + (f" {merged}." if merged else ""))
    doc.add_paragraph(overrepresentation_sentence(cmp))


def _coding(doc, inp: ReportInput, num: Numbering, config: ReportConfig) -> None:
    _h2(doc, num, "Codeboek, codering en overeenstemming", config)
    coders = join_and(inp.coders) if inp.coders else "onbekend"
    doc.add_paragraph(
        f"De fragmenten zijn gecodeerd met het codeboek ‘{inp.codebook.name}’, versie {inp.codebook_version}. "
        f"Codeurs: {coders}. Dit rapport is gebaseerd op de codering ‘{inp.coder}’; alleen geaccepteerde "
        "coderingen van uitspraken van respondenten tellen mee, uitspraken van interviewers en moderatoren niet."
    )
    if not inp.agreement:
        doc.add_paragraph("Voor deze codering is geen overeenstemming tussen codeurs berekend.")
        return
    labels = {c.id: c.label for c in inp.codebook.flat()}
    label = num.table()
    add_caption(doc, f"{label} Overeenstemming tussen codeurs per code")
    judged = any("flag" in row for row in inp.agreement)  # prevalence and a judgement (from a project)
    rows = []
    for row in inp.agreement:
        code = str(row.get("code", ""))
        units = row.get("units")
        cells = [labels.get(code, code), fmt_int(units) if units is not None else "NB",
                 fmt_number(row.get("alpha"), 2), fmt_number(row.get("kappa"), 2)]
        if judged:
            prev = row.get("prevalence")
            cells += [fmt_pct(prev * 100 if prev is not None else None), _judgement(row.get("flag"))]
        rows.append(cells)
    head = ["Code", "Eenheden", "Krippen\u00addorffs α", "Cohens κ"]
    if judged:
        add_table(doc, head + ["Preva\u00adlentie", "Oordeel"], rows, [4.4, 2.0, 2.6, 2.2, 2.0, 2.8],
                  numeric={1, 2, 3, 4})
    else:
        add_table(doc, head, rows, [6.4, 2.6, 3.8, 3.2], numeric={1, 2, 3})
    few = ("; ‘te weinig’ = de code is bij te weinig fragmenten toegekend om de overeenstemming te "
           "beoordelen" if any(row.get("flag") == "few" for row in inp.agreement) else "")
    add_source(doc, f"Bron: workbench, codeurs {coders}. NB = niet te berekenen (bijvoorbeeld geen variatie)"
                    f"{few}.")


def _judgement(flag: str | None) -> str:
    return {"green": "betrouwbaar", "amber": "voorlopig", "red": "onvoldoende", "few": "te weinig"}.get(flag or "", "NB")


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
    label = num.table()
    add_caption(doc, f"{label} Memo’s bij codes, transcripten en fragmenten")
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
    label = num.table()
    add_caption(doc, f"{label} Aandeel van de respondentgroep en het bijbehorende woord")
    rows = [[rng, word, example] for rng, word, example in q.rows()]
    add_table(doc, ["Aandeel", "Woord", "Voorbeeld"], rows, [3.6, 3.5, 8.9])
    add_source(doc, "Bron: workbench, instelbaar in report.toml ([quantifiers]).")


def write_appendix(doc, inp: ReportInput, config: ReportConfig) -> Numbering:
    """Write the methods appendix as its own Heading 1 chapter."""
    num = Numbering(f"B{config.appendix}")
    heading = doc.add_heading(f"Bijlage {config.appendix} Methodologische toelichting", level=1)
    heading.paragraph_format.page_break_before = True
    _material(doc, inp, num, config)
    _population(doc, inp, num, config)
    _coding(doc, inp, num, config)
    _memos(doc, inp, num, config)
    _quantifiers(doc, num, config)
    return num
