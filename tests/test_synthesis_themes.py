"""Theme counts over respondents, ordering, co-occurrence, wave comparison, sentences."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from workbench.synthesis.config import ReportConfig
from workbench.synthesis.inputs import SegmentInfo
from workbench.synthesis.sentences import chapter_intro, summary_sentence, summary_sentences, theme_opening
from workbench.synthesis.themes import (
    cooccurrence, group_sizes, ranked, reinterviewed, report_codes, theme_stats, theme_tree, wave_comparison,
)

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


def test_counts_are_over_respondents_not_segments():
    inp = synthetic.make_input()
    st = theme_stats(inp)["motivation"]
    # D01 has two motivation segments (2024 and 2025) but counts once
    assert st.count("deelnemer") == 6
    assert st.segments["deelnemer"] == 8
    assert st.n_respondents == 8 and st.n_segments == 10
    # interviewer/moderator lines coded "motivation" (segments 1 and 23) are not counted
    assert 1 not in st.segment_ids and 23 not in st.segment_ids
    fin = theme_stats(inp)["financial_uncertainty"]
    assert 8 not in fin.segment_ids and fin.count("deelnemer") == 3


def test_adding_segments_of_the_same_person_does_not_change_respondent_count():
    inp = synthetic.make_input()
    for i in range(5):
        inp.segments[100 + i] = SegmentInfo(100 + i, "int_D02_2024", "D02", "respondent", "Geld is een zorg.", "2024")
        inp.codings.append((100 + i, "financial_uncertainty"))
    st = theme_stats(inp)["financial_uncertainty"]
    assert st.count("deelnemer") == 4 and st.segments["deelnemer"] == 8


def test_parents_roll_up_children_and_denominators_come_from_the_project():
    inp = synthetic.make_input()
    stats = theme_stats(inp)
    assert stats["drijfveren"].n_respondents == 10
    assert stats["drijfveren"].count("arbeidsdeskundige") == 3
    assert group_sizes(inp) == {"deelnemer": 6, "arbeidsdeskundige": 3, "re-integratiebureau": 2, "werkgever": 1}
    by_benefit = group_sizes(inp, "uitkering")
    assert by_benefit["IVA"] == 4 and "onbekend" not in by_benefit
    # professionals have no benefit: they form the groups of their type, not "uitkering onbekend"
    assert by_benefit["type:arbeidsdeskundige"] == 3 and by_benefit["type:werkgever"] == 1


def test_sub_themes_most_mentioned_first_parents_in_codebook_order():
    inp = synthetic.make_input()
    stats = theme_stats(inp)
    nodes = theme_tree(inp, stats)
    assert [n.code.id for n in nodes] == ["drijfveren", "dienstverlening", "aan_het_werk"]
    assert [c.code.id for c in nodes[0].children] == ["motivation", "zelfoverschatting", "financial_uncertainty"]
    assert [c.code.id for c in nodes[1].children] == ["trajectory_fit", "contact_ad"]
    assert report_codes(nodes)[0] == "motivation"
    only = theme_tree(inp, stats, ["job_search"])
    assert [n.code.id for n in only] == ["aan_het_werk"] and report_codes(only) == ["job_search"]
    assert [s.code for s in ranked(stats, report_codes(nodes))][:2] == ["motivation", "trajectory_fit"]


def test_cooccurrence_counts_segments_with_both_codes():
    inp = synthetic.make_input()
    codes = ["motivation", "zelfoverschatting", "trajectory_fit"]
    m = cooccurrence(inp, codes)
    assert m[0, 1] == m[1, 0] == 2  # segments 10 and 40
    assert m[1, 2] == 1  # segment 26
    assert m[0, 0] == 10 and m[0, 2] == 0


def test_wave_comparison_for_reinterviewed_respondents():
    inp = synthetic.make_input()
    assert reinterviewed(inp) == ["D01"]
    wc = wave_comparison(inp, ["motivation", "financial_uncertainty", "support_at_work"])
    assert wc.waves == ("2024", "2025") and wc.respondents == ["D01"]
    assert wc.rows["motivation"] == {"first": 1, "last": 1, "both": 1}
    assert wc.rows["financial_uncertainty"] == {"first": 1, "last": 0, "both": 0}
    assert wc.rows["support_at_work"] == {"first": 0, "last": 1, "both": 0}
    inp.transcripts = [t for t in inp.transcripts if t.name != "int_D01_2025"]
    inp.segments = {k: s for k, s in inp.segments.items() if s.transcript != "int_D01_2025"}
    assert wave_comparison(inp, ["motivation"]) is None


def test_theme_opening_sentences_in_fixed_group_order():
    inp = synthetic.make_input()
    stats = theme_stats(inp)
    q = ReportConfig().quantifiers
    lines = theme_opening(stats["trajectory_fit"], group_sizes(inp), "Aansluiting traject", q)
    assert lines == [  # one sentence for the groups, not the same sentence per group
        "Drie van de zes deelnemers, één van de drie arbeidsdeskundigen en beide re-integratiebureaus "
        "brengen aansluiting traject ter sprake.",
        "Bij de werkgevers komt dit thema niet aan bod.",
    ]
    observed = theme_opening(stats["trajectory_fit"], group_sizes(inp), "Aansluiting traject", q, kind="observe")
    assert observed[0] == ("We zien aansluiting traject bij drie van de zes deelnemers, één van de drie "
                           "arbeidsdeskundigen en beide re-integratiebureaus.")
    q.small_group = 3  # deelnemers (6) now get a word and the counts in brackets
    first = theme_opening(stats["motivation"], group_sizes(inp), "Motivatie om (weer) te werken", q)[0]
    assert first.startswith("Alle deelnemers (6 van de 6), ")


def test_many_groups_get_the_count_over_all_respondents_and_a_pointer_to_the_table():
    from workbench.synthesis.grouping import Grouping

    inp = synthetic.make_input()
    grouping = Grouping.parse("uitkering,wave")
    stats = theme_stats(inp, grouping)
    sizes = grouping.sizes(inp)
    q = ReportConfig().quantifiers
    groups_with = [g for g in sizes if stats["motivation"].count(g)]
    lines = theme_opening(stats["motivation"], sizes, "Motivatie om (weer) te werken", q, grouping=grouping,
                          total=len(inp.respondents))
    if len(groups_with) > 4:
        assert lines[0].startswith("Veel respondenten (8 van de 12) brengen motivatie om (weer) te werken ter "
                                   "sprake, verspreid over")
        assert "de aantallen per uitkering en jaar staan in het overzicht van de codering." in lines[0]
    else:
        assert len(lines[0].split(" ter sprake")) == 2


def test_summary_and_intro_sentences():
    inp = synthetic.make_input()
    stats = theme_stats(inp)
    q = ReportConfig().quantifiers
    s = summary_sentence(stats["motivation"], group_sizes(inp), "Motivatie om (weer) te werken", q)
    assert s == "Veel respondenten (8 van de 12) brengen motivatie om (weer) te werken ter sprake."
    ranked_stats = sorted((st for st in stats.values() if st.n_segments and st.code in {c.id for c in inp.codebook.codable()}),
                          key=lambda st: -st.n_respondents)
    lines = summary_sentences(ranked_stats, group_sizes(inp), q, {"zelfoverschatting": "observe"})
    assert lines[0].startswith("Het vaakst komt ‘Motivatie om (weer) te werken’ voor: veel respondenten (8 van de 12)")
    assert len(lines) < len(ranked_stats) + 1 and len(set(lines)) == len(lines)
    assert any(line.startswith("Bij ") and "zien we zelfoverschatting" in line for line in lines)
    assert lines[-1].startswith("Naar verhouding komt ")
    intro = chapter_intro(inp, 7)
    assert "negen interviews en twee focusgroepen" in intro and "twaalf respondenten" in intro
    assert "zes deelnemers, drie arbeidsdeskundigen, twee re-integratiebureaus en één werkgever" in intro


def test_groups_by_wave_read_as_relative_clauses_and_the_summary_counts_people_once():
    from workbench.synthesis.grouping import Grouping

    inp = synthetic.make_input()
    grouping = Grouping.parse("uitkering,wave")
    assert grouping.plural("IVA · 2025") == "respondenten met uitkering IVA die in 2025 zijn gesproken"
    assert grouping.singular("IVA · 2024") == "respondent met uitkering IVA die in 2024 is gesproken"
    assert grouping.plural("onbekend · 2024") == "respondenten van wie uitkering onbekend is en die in 2024 zijn gesproken"
    stats = theme_stats(inp, grouping)
    sizes = grouping.sizes(inp)
    q = ReportConfig().quantifiers
    lines = theme_opening(stats["job_search"], sizes, "Zoeken naar werk", q, grouping=grouping, total=12)
    assert ", brengen zoeken naar werk ter sprake." in lines[0]  # a comma closes the relative clause
    assert lines[-1].startswith("Bij de respondenten met") and ", komt dit thema niet aan bod." in lines[-1]
    assert sum(sizes.values()) > len(inp.respondents)  # D01 is in two waves
    ranked_stats = sorted((st for st in stats.values() if st.n_segments), key=lambda st: -st.n_respondents)
    summary = summary_sentences(ranked_stats, sizes, q, {}, grouping, total=len(inp.respondents))
    assert f"van de {len(inp.respondents)})" in summary[0] and f"van de {sum(sizes.values())})" not in " ".join(summary)
