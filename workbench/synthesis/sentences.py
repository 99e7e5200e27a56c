"""Generated Dutch sentences: theme openings per group, summary lines, chapter intro.

These are drafts in the house style; the analyst rewrites and interprets them.
"""

from __future__ import annotations

from workbench.synthesis.dutch_format import capitalize_first, fmt_int, join_and, lower_first, number_word
from workbench.synthesis.inputs import ReportInput, type_label, type_plural
from workbench.synthesis.quantifiers import QuantifierTable
from workbench.synthesis.themes import ThemeStats, ordered_groups, reinterviewed


def count_words(n: int, singular: str, plural: str) -> str:
    """Running-text count: words up to twenty, digits above ("drie interviews", "41 interviews")."""
    return f"{number_word(n) if n <= 20 else fmt_int(n)} {singular if n == 1 else plural}"


def theme_subject(label: str) -> str:
    """The theme label as it reads inside a sentence ("financiële onzekerheid")."""
    return lower_first(label.strip().rstrip("."))


def group_sentence(stats: ThemeStats, group: str, size: int, label: str, quant: QuantifierTable) -> str:
    """ "Een deel van de deelnemers (9 van de 20) brengt <label> ter sprake." """
    q = quant.describe(stats.count(group), size, type_plural(group), type_label(group).lower())
    return f"{q.sentence_start()} {q.verb('brengt', 'brengen')} {theme_subject(label)} ter sprake."


def theme_opening(stats: ThemeStats, sizes: dict[str, int], label: str, quant: QuantifierTable,
                  mention_absent: bool = True) -> list[str]:
    """One sentence per group that mentions the theme (fixed group order), plus one naming the
    groups in which it does not come up."""
    out, absent = [], []
    for g in ordered_groups([g for g, n in sizes.items() if n > 0]):
        if stats.count(g) > 0:
            out.append(group_sentence(stats, g, sizes[g], label, quant))
        elif stats.segments.get(g):
            n = stats.segments[g]
            out.append(f"Bij de {type_plural(g)} komt dit thema aan bod in {count_words(n, 'fragment', 'fragmenten')}, "
                       "zonder dat vastligt wie het noemde.")
        else:
            absent.append(type_plural(g))
    if absent and mention_absent and out:
        out.append(f"Bij de {join_and(absent)} komt dit thema niet aan bod.")
    return out


def summary_sentence(stats: ThemeStats, sizes: dict[str, int], label: str, quant: QuantifierTable) -> str:
    """Ranked-summary line: share over all respondents plus the group where it is most common."""
    total = sum(sizes.values())
    q = quant.describe(stats.n_respondents, total, "respondenten", "respondent")
    text = f"{q.sentence_start()} {q.verb('brengt', 'brengen')} {theme_subject(label)} ter sprake"
    present = [g for g, n in sizes.items() if n > 0]
    shares = {g: stats.count(g) / sizes[g] for g in present if stats.count(g) > 0}
    if len(present) > 1 and shares:
        top = max(shares.values())
        best = [type_plural(g) for g in ordered_groups(list(shares)) if shares[g] == top]
        if len(shares) == 1:
            text += f"; het gaat alleen om {best[0]}"
        else:
            text += f"; naar verhouding doen de {join_and(best)} dat het vaakst"
    return text + "."


def chapter_intro(inp: ReportInput, n_codes: int) -> str:
    """Opening paragraph of the chapter: material, perspectives, how counts are meant."""
    interviews = sum(1 for t in inp.transcripts if t.kind != "focusgroep")
    groups = sum(1 for t in inp.transcripts if t.kind == "focusgroep")
    sizes = inp.group_sizes()
    per_group = [count_words(sizes[g], type_label(g).lower(), type_plural(g)) for g in ordered_groups(list(sizes))]
    material = [count_words(interviews, "interview", "interviews")] if interviews else []
    if groups:
        material.append(count_words(groups, "focusgroep", "focusgroepen"))
    total = count_words(len(inp.respondents), "respondent", "respondenten")
    text = (f"Dit hoofdstuk beschrijft wat respondenten vertellen over {count_words(n_codes, 'thema', 'thema’s')} "
            f"uit het codeboek ‘{inp.codebook.name}’. ")
    if material:
        text += f"Het is gebaseerd op {join_and(material)} met in totaal {total}"
        text += f": {join_and(per_group)}. " if per_group else ". "
    again = len(reinterviewed(inp))
    if again:
        text += f"{capitalize_first(count_words(again, 'respondent is', 'respondenten zijn'))} in meer dan één jaar gesproken. "
    text += ("Per thema komen de perspectieven aan bod in een vaste volgorde: deelnemers, arbeidsdeskundigen, "
             "re-integratiebureaus en werkgevers. Subthema’s staan van vaakst naar minst vaak genoemd. "
             "Aantallen tellen respondenten, niet fragmenten; welke woorden bij welke aandelen horen, "
             "staat in de methodologische toelichting.")
    return text
