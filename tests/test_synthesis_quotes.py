"""Quote choice: diverse, representative, never interviewer lines, trimmed, curly, attributed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from workbench.synthesis.config import ReportConfig
from workbench.synthesis.inputs import SegmentInfo
from workbench.synthesis.quotes import (
    attribution, curly, select_quotes, split_sentences, strip_backchannels, trim_quote,
)

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


@pytest.fixture
def inp():
    return synthetic.make_input()


def test_quotes_come_from_different_respondents_and_groups_first(inp):
    quotes = select_quotes(inp, "motivation", n=3)
    assert len(quotes) == 3
    assert len({q.respondent_id for q in quotes}) == 3
    assert {q.group for q in quotes} == {"deelnemer", "arbeidsdeskundige", "werkgever"}
    five = select_quotes(inp, "motivation", n=5)
    assert len({q.respondent_id for q in five}) == 5


def test_same_respondent_twice_only_when_needed(inp):
    # only D01 and D02 have segments for this code; D01 has three of them
    for sid in (201, 202):
        inp.segments[sid] = SegmentInfo(sid, "int_D01_2025", "D01", "respondent",
                                        f"Ik vind het traject nummer {sid} goed passen bij wat ik wil en kan.", "2025")
    inp.codings = [(7, "trajectory_fit"), (201, "trajectory_fit"), (202, "trajectory_fit"), (5, "trajectory_fit")]
    two = select_quotes(inp, "trajectory_fit", n=2)
    assert {q.respondent_id for q in two} == {"D01", "D02"}
    three = select_quotes(inp, "trajectory_fit", n=3)
    assert [q.respondent_id for q in three].count("D01") == 2


def test_never_interviewer_or_moderator_lines(inp):
    for code in ("motivation", "financial_uncertainty"):
        for q in select_quotes(inp, code, n=5):
            assert inp.segments[q.segment_id].role == "respondent"
            assert synthetic.SECRET_NAME not in q.text
    # a code coded only on an interviewer line yields no quotes
    inp.codings = [(1, "job_search"), (23, "job_search")]
    assert select_quotes(inp, "job_search", n=5) == []


def test_most_central_quote_comes_first(inp):
    inp.codings = [(24, "motivation"), (17, "motivation"), (36, "motivation")]
    inp.segments[17].text = "Meedoen en bijdragen, meedoen en bijdragen: dat wil ik echt heel graag."
    inp.segments[36].text = "Meedoen en bijdragen is voor haar het belangrijkste, zei ze."
    inp.segments[24].text = "De meesten zijn gemotiveerd om mee te doen en iets bij te dragen."
    first = select_quotes(inp, "motivation", n=1)[0]
    # three groups, one quote: the one nearest the centroid
    cands = [17, 36, 24]
    from workbench.synthesis.quotes import _vectors, centrality
    vec = _vectors([inp.segments[c].text for c in cands], inp.embed)
    assert first.segment_id == cands[max(range(3), key=lambda i: centrality(vec)[i])]


def test_tfidf_fallback_without_embedder():
    inp = synthetic.make_input(embed=None)
    quotes = select_quotes(inp, "trajectory_fit", n=3)
    assert len({q.respondent_id for q in quotes}) == 3 and all(-1e-9 <= q.centrality <= 1 + 1e-9 for q in quotes)


def test_group_filter(inp):
    quotes = select_quotes(inp, "trajectory_fit", n=5, group="re-integratiebureau")
    assert {q.respondent_id for q in quotes} == {"RIB01", "RIB02"}


def test_long_quote_is_trimmed_at_sentences_with_ellipsis(inp):
    text = trim_quote(strip_backchannels(synthetic.LONG), max_words=40, keywords=["structuur", "meedoen"])
    assert len(text.replace("(…)", "").split()) <= 40
    assert text.endswith("(…)")
    assert "structuur" in text and "meedoen" in text
    assert not text.lower().startswith(("ja", "nee", "nou"))
    middle = trim_quote("Eerste zin hier. Tweede zin met structuur erin. Derde zin.", 6, ["structuur"])
    assert middle == "(…) Tweede zin met structuur erin. (…)"
    one_long = trim_quote(" ".join(["woord"] * 80), 20)
    assert one_long.endswith(" (…)") and len(one_long.split()) == 21
    assert trim_quote("Kort en goed.", 60) == "Kort en goed."


def test_backchannels_are_stripped():
    assert strip_backchannels("Ja, nee, nou, ik wilde gewoon werken.") == "Ik wilde gewoon werken."
    assert strip_backchannels("Eh ik weet het niet.") == "Ik weet het niet."
    assert strip_backchannels("Nee hoor, dat klopt niet.") == "Nee hoor, dat klopt niet."
    assert strip_backchannels("Ja.") == "Ja."
    assert split_sentences("Dat is zo. Maar bijv. niet altijd! Toch?") == ["Dat is zo.", "Maar bijv. niet altijd!", "Toch?"]


def test_curly_quotes_and_attribution(inp):
    assert curly('Ze zei "ik wil" en ging.') == "“Ze zei ‘ik wil’ en ging.”"
    cfg = ReportConfig(k_anonymity=1)  # no protection: every attribute shows
    assert attribution(inp, inp.segments[2], cfg) == "Deelnemer (IVA, 2024)"
    assert attribution(inp, inp.segments[18], cfg) == "Deelnemer (Wajong, 2025)"
    assert attribution(inp, inp.segments[24], cfg) == "Arbeidsdeskundige (2024)"
    assert attribution(inp, inp.segments[30], cfg) == "Re-integratiebureau (2025)"
    assert attribution(inp, inp.segments[34], cfg) == "Werkgever"
    cfg.attribution["deelnemer"] = ["geslacht"]
    assert attribution(inp, inp.segments[2], cfg) == "Deelnemer (vrouw)"
    q = select_quotes(inp, "support_at_work", n=2, config=ReportConfig(k_anonymity=1))
    lines = {x.formatted for x in q}
    assert "“Met de jobcoach op de kwekerij bespreek ik elke maand hoe het gaat, dat helpt me echt.” – Deelnemer (IVA, 2025)" in lines
    assert all(line.startswith("“") and "” – " in line for line in lines)


def test_too_short_lines_are_skipped_when_others_exist(inp):
    ids = [q.segment_id for q in select_quotes(inp, "motivation", n=5)]
    assert 37 not in ids  # "Ja."


def test_k_anonymity_and_report_labels(inp):
    cfg = ReportConfig()  # k = 3
    # IVA and 2024: D01 and D02 only -> the wave goes; Wajong: two people -> no context at all
    assert attribution(inp, inp.segments[2], cfg) == "Deelnemer (IVA)"
    assert attribution(inp, inp.segments[18], cfg) == "Deelnemer"
    cfg.labels = {"uitkering": {"IVA": "IVA-uitkering"}}
    assert attribution(inp, inp.segments[2], cfg) == "Deelnemer (IVA-uitkering)"
    for rid in ("D03", "D05"):
        next(r for r in inp.respondents if r.id == rid).attributes["uitkering"] = "Wajong2015"
    cfg = ReportConfig(k_anonymity=2, labels={"uitkering": {"Wajong2015": "Wajong"}})
    assert attribution(inp, inp.segments[18], cfg) == "Deelnemer (Wajong)"


def test_no_quote_twice_and_readable_tags(inp):
    inp.segments[2].text = ("Mijn jobcoach [PERSOON-3] belde eh elke week [lacht]. Ik ik vond dat fijn, "
                            "want [PERSOON-3] snapte wat ik wilde met werk en structuur.")
    inp.codings.append((2, "support_at_work"))
    taken: set[int] = set()
    first = select_quotes(inp, "motivation", n=5, exclude=taken)
    second = select_quotes(inp, "support_at_work", n=5, exclude=taken)
    ids = [q.segment_id for q in first + second]
    assert len(ids) == len(set(ids)) and set(ids) == taken
    text = " ".join(q.text for q in first + second)
    assert "[PERSOON" not in text and "[lacht]" not in text and " eh " not in text
    if 2 in ids:
        assert "Mijn jobcoach belde elke week. Ik vond dat fijn, want [jobcoach] snapte" in text


def test_cut_keeps_the_sentence_that_fits_the_code():
    long = ("Ik zat thuis. Het was een lange tijd. We gingen soms wandelen in het park met de hond. "
            "Nu wil ik vooral weer meedoen en structuur in mijn week. Daarna kwam de zomer en was het rustig.")
    out = trim_quote(long, 14, [], score=lambda x: 5.0 if "structuur" in x else 0.0)
    assert "structuur" in out and out.startswith("(…)")


def test_fragment_openings_get_their_question(inp):
    from workbench.synthesis.quote_text import needs_question

    assert needs_question("Misschien.") and needs_question("Dat ze mij serieus namen.")
    assert not needs_question("Ik wil gewoon weer ergens bij horen, dat is het belangrijkste.")
    quotes = select_quotes(inp, "motivation", n=5)
    for q in quotes:
        if needs_question(q.text):
            assert q.question


def test_media_time_follows_the_attribution_only_on_request(inp):
    plain = select_quotes(inp, "motivation", n=3)
    for seg in inp.segments.values():
        seg.timestamp = 60 * seg.id + 5.7
    inp.segments[plain[1].segment_id].timestamp = None   # a source without times
    assert [q.attribution for q in select_quotes(inp, "motivation", n=3)] == [q.attribution for q in plain]
    timed = select_quotes(inp, "motivation", n=3, config=ReportConfig(quote_timestamps=True))
    assert [q.segment_id for q in timed] == [q.segment_id for q in plain]
    first = plain[0].segment_id
    assert timed[0].attribution == f"{plain[0].attribution}, 00:{first:02d}:05"
    assert timed[0].formatted.endswith(f"– {plain[0].attribution}, 00:{first:02d}:05")
    assert timed[1].attribution == plain[1].attribution


# A question goes before a quote only when the answer leans on it and the question names a topic.
@pytest.mark.parametrize("question, content", [
    ("Oké, vertel.", False),
    ("En verder?", False),
    ("Hoe bedoelt u dat precies?", False),
    ("Kunt u daar iets meer over vertellen?", False),
    ("Wat gebeurde er toen?", False),
    ("Wat vond u daarvan?", False),
    ("Hm-hm, ga door.", False),
    ("Mevrouw [PERSOON-2], hoe gaat het?", False),
    ("", False),
    ("En het geld?", True),
    ("Hoe ging het eerste gesprek met de arbeidsdeskundige?", True),
    ("Heeft u zelf gezocht naar werk?", True),
    ("Wat betekent werk voor u?", True),
])
def test_a_question_carries_content_only_beyond_prompts_and_backchannels(question, content):
    from workbench.synthesis.quote_text import question_carries_content

    assert question_carries_content(question) is content


@pytest.mark.parametrize("answer, question, shown", [
    # the answer leans on the question, and the question names a topic: shown
    ("Misschien.", "En het geld?", "En het geld?"),
    ("Dat ze mij serieus namen.", "Wat vond u goed aan het gesprek?", "Wat vond u goed aan het gesprek?"),
    ("Nee, daar ben ik niet bang voor.", "Oké. Mooi. En hoe zit het met uw uitkering?",
     "En hoe zit het met uw uitkering?"),
    # an empty prompt never goes before a quote
    ("Misschien.", "Oké, vertel.", None),
    ("Dat ze mij serieus namen.", "En verder?", None),
    ("Ja, dat wel.", "Hoe bedoelt u dat precies?", None),
    # an answer that reads on its own needs no question
    ("Ik wil gewoon weer ergens bij horen, dat is het belangrijkste.", "Wat betekent werk voor u?", None),
    ("Misschien.", None, None),
])
def test_question_for(answer, question, shown):
    from workbench.synthesis.quote_text import question_for

    assert question_for(answer, question) == shown


def test_a_long_question_keeps_its_last_sentences():
    from workbench.synthesis.quote_text import question_for

    q = ("Ik wil het eerst met u hebben over de periode voordat u zich aanmeldde bij het experiment en "
         "wat u toen allemaal deed op een gewone dag. En dan straks over het werk. Hoe zit het met het geld?")
    assert question_for("Dat weet ik niet.", q, max_words=12) == "(…) En dan straks over het werk. Hoe zit het met het geld?"


def test_an_empty_prompt_is_not_shown_and_its_quote_comes_last(inp):
    inp.segments[39].text = "Oké, vertel."  # interviewer, right before D03's line 10 in the sorted transcript
    for start, seg_id in enumerate((39, 10, 11, 12)):
        inp.segments[seg_id].start = 10 * start
    inp.segments[10].text = "Dat ik later een eigen zaak begin, dat is echt mijn droom en daar werk ik naartoe."
    quotes = select_quotes(inp, "zelfoverschatting", n=5)  # all five candidates
    by_id = {q.segment_id: q for q in quotes}
    assert 10 in by_id and by_id[10].question is None
    assert [q.segment_id for q in quotes][-1] == 10  # a quote that leans on no shown question comes last
    inp.segments[39].text = "Oké. En waar wilt u later naartoe met werk?"
    again = {q.segment_id: q for q in select_quotes(inp, "zelfoverschatting", n=5)}
    assert again[10].question == "En waar wilt u later naartoe met werk?"


@pytest.mark.parametrize("label, role, rtype, word", [
    ("[PERSOON-1]", "interviewer", None, "interviewer"),
    ("[PERSOON-1]", "moderator", None, "moderator"),
    ("[PERSOON-4]", "respondent", "arbeidsdeskundige", "arbeidsdeskundige"),
    ("[PERSOON-2]", "respondent", "deelnemer", "deelnemer"),
    ("[PERSOON-2]", "respondent", "re-integratiebureau", "medewerker re-integratiebureau"),
    ("Jobcoach [PERSOON-3]", "unknown", None, "jobcoach"),
    ("[PERSOON-2]", "respondent", None, None),       # a respondent of unknown type
    ("[PERSOON-2]", "unknown", None, None),          # the transcript does not know who speaks
])
def test_speaker_role_word(label, role, rtype, word):
    from workbench.synthesis.quote_text import speaker_role_word

    assert speaker_role_word(label, role, rtype) == word


@pytest.mark.parametrize("texts, speakers, expected", [
    # the tag is the moderator's label
    (["Zoals [PERSOON-1] net vroeg."], [("[PERSOON-1]", "moderator")], {"[PERSOON-1]": "moderator"}),
    # a focus-group speaker who is an arbeidsdeskundige, named by a colleague
    (["[PERSOON-4] zet modulair in."], [("[PERSOON-4]", "arbeidsdeskundige")] * 3,
     {"[PERSOON-4]": "arbeidsdeskundige"}),
    # the words around the tag alone (as before)
    (["Mijn jobcoach [PERSOON-3] belde."], [], {"[PERSOON-3]": "jobcoach"}),
    # words and speaker agree
    (["Mijn jobcoach [PERSOON-3] belde."], [("Jobcoach [PERSOON-3]", "jobcoach")], {"[PERSOON-3]": "jobcoach"}),
    # ambiguous: the speaker is the interviewer, the words call the tag a jobcoach
    (["Mijn jobcoach [PERSOON-1] belde."], [("[PERSOON-1]", "interviewer")], {}),
    # ambiguous: one label, two roles (a moderator who also answers)
    ([], [("[PERSOON-1]", "moderator"), ("[PERSOON-1]", "arbeidsdeskundige")], {}),
    # unknown: a speaker whose role the transcript does not know
    ([], [("[PERSOON-2]", None), ("[PERSOON-2]", "deelnemer")], {}),
    # a label without a person tag names nobody
    (["[PERSOON-2] zei dat."], [("Interviewer", "interviewer")], {}),
])
def test_tag_roles_from_speakers_only_when_unambiguous(texts, speakers, expected):
    from workbench.synthesis.quote_text import tag_roles

    assert tag_roles({"t": texts}, {"t": speakers}).get("t", {}) == expected


def test_quotes_read_a_speakers_tag_as_the_speakers_role(inp):
    inp.segments[23].speaker = "[PERSOON-1]"  # the moderator of fg_AD_2024
    for seg_id in (24, 25, 26, 27, 28):
        inp.segments[seg_id].speaker = f"[PERSOON-{seg_id}]"  # arbeidsdeskundigen
    inp.segments[25].text = ("Soms moet je het enthousiasme wat afremmen, zoals [PERSOON-26] zegt, want men "
                             "overschat wat haalbaar is. [PERSOON-1] vroeg er net ook naar.")
    quotes = select_quotes(inp, "zelfoverschatting", n=5, group="arbeidsdeskundige")
    text = next(q.text for q in quotes if q.segment_id == 25)
    assert "zoals [arbeidsdeskundige] zegt" in text and "[moderator] vroeg" in text


@pytest.mark.parametrize("spoken, quoted", [
    ("Eh.. Goeie vraag. Ik denk het wel.", "Goeie vraag. Ik denk het wel."),     # no pause left at the start
    ("En je gaat je dan, eh.. Je wordt een soort patiënt.", "En je gaat je dan… Je wordt een soort patiënt."),
    ("Ik weet het niet... misschien.", "Ik weet het niet… misschien."),
    ("Ik wil- wil gewoon werken.", "Ik (…) wil gewoon werken."),
    ("[lacht] Nou, eh, ik denk het wel.", "Nou, ik denk het wel."),
])
def test_spoken_clutter_leaves_no_stray_dots(spoken, quoted):
    from workbench.synthesis.quote_text import clean_spoken

    assert clean_spoken(spoken) == quoted
