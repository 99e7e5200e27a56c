"""Generated Dutch sentences: theme openings per group, the summary, chapter title and intro.

Every sentence states a count over respondents, the material or the method, never a finding:
what the data mean is the analyst's to write. Verbs come from the phrasing table
(:mod:`workbench.synthesis.phrasing`); group nouns from the :class:`Grouping`.
"""

from __future__ import annotations

from workbench.synthesis.dutch_format import capitalize_first, fmt_int, join_and, number_word
from workbench.synthesis.grouping import Grouping
from workbench.synthesis.inputs import ReportInput, type_plural
from workbench.synthesis.phrasing import OBSERVE, PHRASES, RAISE, joined_predicate, predicate, theme_subject
from workbench.synthesis.quantifiers import QuantifierTable
from workbench.synthesis.themes import ThemeStats, ordered_groups, reinterviewed

__all__ = ["count_words", "theme_subject", "group_sentence", "theme_opening", "summary_sentences",
           "summary_sentence", "chapter_title", "chapter_intro"]


def count_words(n: int, singular: str, plural: str) -> str:
    """Running-text count: words up to twenty, digits above ("drie interviews", "41 interviews")."""
    return f"{number_word(n) if n <= 20 else fmt_int(n)} {singular if n == 1 else plural}"


def group_sentence(stats: ThemeStats, group: str, size: int, label: str, quant: QuantifierTable,
                   kind: str = RAISE, grouping: Grouping | None = None) -> str:
    """ "Een deel van de deelnemers (9 van de 20) brengt <label> ter sprake." (or the kind's verb)"""
    grouping = grouping or Grouping()
    q = quant.describe(stats.count(group), size, grouping.plural(group), grouping.singular(group))
    return predicate(kind, q, theme_subject(label))


MAX_GROUPS_IN_SENTENCE = 4  # more groups with the theme: the count over all respondents instead


def theme_opening(stats: ThemeStats, sizes: dict[str, int], label: str, quant: QuantifierTable,
                  mention_absent: bool = True, kind: str = RAISE, grouping: Grouping | None = None,
                  total: int | None = None) -> list[str]:
    """One sentence naming every group that has the theme with its count (report order of
    groups; never the same sentence repeated per group), plus one naming the groups in which it
    does not come up (only when more than one group exists). With more than
    :data:`MAX_GROUPS_IN_SENTENCE` such groups the count is over all ``total`` respondents and the
    reader is pointed to the overview table for the groups."""
    grouping = grouping or Grouping()
    out, absent, subjects = [], [], []
    present = [g for g, n in sizes.items() if n > 0]
    for g in ordered_groups(present, grouping):
        if stats.count(g) > 0:
            subjects.append(quant.describe(stats.count(g), sizes[g], grouping.plural(g), grouping.singular(g)))
        elif stats.segments.get(g):
            n = stats.segments[g]
            out.append(f"Bij de {grouping.plural(g)} komt dit thema voor in {count_words(n, 'fragment', 'fragmenten')}, "
                       "zonder dat vastligt van wie.")
        else:
            absent.append(grouping.plural(g))
    if len(subjects) > MAX_GROUPS_IN_SENTENCE and total:
        q = quant.describe(stats.n_respondents, total, "respondenten", "respondent")
        out.insert(0, f"{predicate(kind, q, theme_subject(label))[:-1]}, verspreid over "
                      f"{count_words(len(subjects), 'groep', 'groepen')}; de aantallen per {grouping.describe()} "
                      "staan in het overzicht van de codering.")
    elif subjects:
        out.insert(0, joined_predicate(kind, subjects, theme_subject(label)))
    if absent and mention_absent and out and len(absent) <= MAX_GROUPS_IN_SENTENCE:
        clause = any(" die " in a or " wie " in a for a in absent)  # "Bij de … die in 2025 zijn gesproken, komt …"
        out.append(f"Bij {join_and([f'de {a}' for a in absent]) if clause else 'de ' + join_and(absent)}"
                   f"{',' if clause else ''} komt dit thema niet aan bod.")
    return out


def summary_sentence(stats: ThemeStats, sizes: dict[str, int], label: str, quant: QuantifierTable,
                     kind: str = RAISE) -> str:
    """One theme over all respondents ("Veel respondenten (8 van de 12) brengen X ter sprake.")."""
    total = sum(sizes.values())
    q = quant.describe(stats.n_respondents, total, "respondenten", "respondent")
    return predicate(kind, q, theme_subject(label))


def summary_sentences(ranked_stats: list[ThemeStats], sizes: dict[str, int], quant: QuantifierTable,
                      kinds: dict[str, str], grouping: Grouping | None = None, total: int | None = None) -> list[str]:
    """The ranked summary in few, different sentences: the most mentioned theme first, then the
    others joined by quantifier word and verb kind ("Een deel van de respondenten brengt A (5 van
    de 12) en B (4 van de 12) ter sprake."), then where each theme is relatively most common."""
    grouping = grouping or Grouping()
    if not ranked_stats:
        return []
    # the respondents, each once (grouped by wave, a respondent spoken in two years is in two groups)
    total = total or sum(sizes.values())
    whole = {"_": total}
    first, rest = ranked_stats[0], ranked_stats[1:]
    lead = summary_sentence(first, whole, first.label, quant, kinds.get(first.code, RAISE))
    lead = "één" + lead[3:] if lead.startswith("Eén") else lead[:1].lower() + lead[1:]
    out = [f"Het vaakst komt ‘{first.label}’ voor: {lead}"]
    buckets: dict[tuple[str, str], list[ThemeStats]] = {}
    for st in rest:
        word = quant.describe(st.n_respondents, total, "respondenten", "respondent").word
        buckets.setdefault((word, kinds.get(st.code, RAISE)), []).append(st)
    for (word, kind), items in buckets.items():
        if len(items) == 1:
            st = items[0]
            out.append(summary_sentence(st, whole, st.label, quant, kind))
            continue
        q = quant.describe(items[0].n_respondents, total, "respondenten", "respondent", with_counts=False)
        parts = join_and([f"{theme_subject(st.label)} ({fmt_int(st.n_respondents)} van de {fmt_int(total)})"
                          for st in items])
        out.append(predicate(kind, q, parts))
    present = [g for g, n in sizes.items() if n > 0]
    if len(present) > 1:
        tops = []
        for st in ranked_stats:
            shares = {g: st.count(g) / sizes[g] for g in present if st.count(g) > 0}
            if len(shares) > 1:
                best = max(shares.values())
                groups = [grouping.plural(g) for g in ordered_groups(list(shares), grouping) if shares[g] == best]
                if len(groups) == 1:
                    tops.append(f"{theme_subject(st.label)} bij de {groups[0]}")
            elif len(shares) == 1:
                only = next(iter(shares))
                tops.append(f"{theme_subject(st.label)} alleen bij de {grouping.plural(only)}")
        if tops:
            out.append(f"Naar verhouding komt {join_and(tops[:4])} het meest voor"
                       + (" (de overige thema’s staan in de tabel)." if len(tops) > 4 else "."))
    return out


def chapter_title(inp: ReportInput) -> str:
    """ "Bevindingen uit de interviews", "… uit interviews en focusgroepen": only what is there."""
    kinds = {"focusgroep" if t.kind == "focusgroep" else "interview" for t in inp.transcripts}
    if kinds == {"interview"}:
        return "Bevindingen uit de interviews"
    if kinds == {"focusgroep"}:
        return "Bevindingen uit de focusgroepen"
    return "Bevindingen uit interviews en focusgroepen" if kinds else "Bevindingen"


def chapter_intro(inp: ReportInput, n_codes: int, kinds: dict[str, str] | None = None,
                  with_appendix: bool = True) -> str:
    """Opening paragraph of the chapter: material, perspectives present, how counts are meant.
    Without the appendix (``--body-only``) it points to no methods section the file does not hold."""
    interviews = sum(1 for t in inp.transcripts if t.kind != "focusgroep")
    groups = sum(1 for t in inp.transcripts if t.kind == "focusgroep")
    sizes = {g: n for g, n in inp.group_sizes().items() if n > 0}
    order = ordered_groups(list(sizes))
    per_group = [count_words(sizes[g], g if g in ("onbekend",) else _singular(g), type_plural(g)) for g in order]
    material = [count_words(interviews, "interview", "interviews")] if interviews else []
    if groups:
        material.append(count_words(groups, "focusgroep", "focusgroepen"))
    total = count_words(len(inp.respondents), "respondent", "respondenten")
    text = (f"Dit hoofdstuk beschrijft wat in de codering naar voren komt over "
            f"{count_words(n_codes, 'thema', 'thema’s')} uit het codeboek ‘{inp.codebook.name}’. ")
    if material:
        text += f"Het is gebaseerd op {join_and(material)} met in totaal {total}"
        text += f": {join_and(per_group)}. " if len(per_group) > 1 else ". "
    again = len(reinterviewed(inp))
    if again:
        text += f"{capitalize_first(count_words(again, 'respondent is', 'respondenten zijn'))} in meer dan één jaar gesproken. "
    if len(order) > 1:
        text += f"Per thema komen de groepen aan bod in deze volgorde: {join_and([type_plural(g) for g in order])}. "
    text += "Subthema’s staan van vaakst naar minst vaak genoemd. Aantallen tellen respondenten, niet fragmenten"
    if kinds and OBSERVE in kinds.values():
        text += ("; bij thema’s die een oordeel van de analist zijn (‘" + PHRASES[OBSERVE].plural.format(thema="…")
                 + "’) gaat het om wat de analist in de uitspraken ziet, niet om wat respondenten zelf zeggen")
    if with_appendix:
        text += "; welke woorden bij welke aandelen horen, staat in de methodologische toelichting"
    return text + "."


def _singular(rtype: str) -> str:
    from workbench.synthesis.inputs import type_label

    return type_label(rtype).lower()
