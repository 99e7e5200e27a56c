"""Consistent, typed tags on a whole transcript (deduce plus ingest/detect/), on turns written for the test."""

import re

import pytest

from workbench.ingest.pseudonymise import Pseudonymiser

LABELS = ["Interviewer", "Ruben", "Interviewer", "Ruben", "Interviewer", "Ruben"]
TEXTS = [
    "Goedemiddag Ruben, fijn dat het lukt. Mooi. Vertel eens over uzelf?",
    "Prima. Ik ben Ruben Hoogland. Ik woon aan de Vossenberg in de wijk Groenewoud, in Hengelo. "
    "Ik word vandaag vierenvijftig, geboren op negen mei negentien-eenenzeventig.",
    "Precies. En uw werk?",
    "Ik heb negentien jaar bij de Gasunie gezeten. Nu werk ik bij Hoveniersbedrijf Brinkman, drie dagen. "
    "Brinkman is een goede baas. M'n collega Fleur Jansen helpt me. Ik heb Fleur Sanne gebeld, eerst Fleur en toen Sanne.",
    "En de boodschappen?",
    "Die doe ik bij de Albert Heijn. Fleur zegt altijd: Ruben, rustig aan.",
]


@pytest.fixture(scope="module")
def out():
    return Pseudonymiser().run(LABELS, TEXTS, "interview_Ruben_Hoogland.txt")


def tag_of(out, original):
    return next(t for t, origs in out.key.items() if original in origs)


def test_identifiers_are_gone_and_tags_are_typed(out):
    joined = " ".join(out.texts)
    for ident in ("Ruben", "Hoogland", "Vossenberg", "Groenewoud", "Hengelo", "vierenvijftig",
                  "negentien-eenenzeventig", "Gasunie", "Brinkman", "Fleur", "Jansen", "Sanne", "Albert Heijn"):
        assert ident not in joined, ident
    assert tag_of(out, "Vossenberg").startswith("[STRAAT-")
    assert tag_of(out, "Groenewoud").startswith("[WIJK-")
    assert tag_of(out, "Hengelo").startswith("[PLAATS-")
    assert tag_of(out, "vierenvijftig").startswith("[LEEFTIJD-")
    assert tag_of(out, "Gasunie").startswith("[WERKGEVER-")
    assert tag_of(out, "Albert Heijn").startswith("[WERKGEVER-")
    assert re.search(r"\[DATUM-\d+\]", out.texts[1])


def test_one_person_keeps_one_tag_across_greeting_label_first_and_full_name(out):
    ruben = tag_of(out, "Ruben Hoogland")
    assert out.texts[0].startswith(f"Goedemiddag {ruben},")  # the greeting stays
    assert out.labels[1] == ruben
    assert out.texts[5].endswith(f"{ruben}, rustig aan.")
    assert ruben in out.name and "Hoogland" not in out.name


def test_roles_stay_outside_the_tag_and_two_names_in_a_row_are_two_people(out):
    fleur = tag_of(out, "Fleur Jansen")
    assert f"M'n collega {fleur} helpt me." in out.texts[3]
    sanne = tag_of(out, "Sanne")
    assert sanne != fleur and re.search(rf"{re.escape(fleur)} {re.escape(sanne)} gebeld", out.texts[3])


def test_a_firms_short_name_shares_its_tag(out):
    firm = tag_of(out, "Hoveniersbedrijf Brinkman")
    assert firm.startswith(("[ORGANISATIE-", "[WERKGEVER-"))
    assert f"{firm} is een goede baas." in out.texts[3]


def test_common_words_opening_a_sentence_are_kept(out):
    assert "Mooi." in out.texts[0] and out.texts[1].startswith("Prima.") and out.texts[2].startswith("Precies.")


def test_keep_employers_keeps_the_chain_lexicon():
    out = Pseudonymiser(keep_employers=True).run(["R"], ["Ik vul vakken bij de Albert Heijn."], "x.txt")
    assert out.texts == ["Ik vul vakken bij de Albert Heijn."]
    out = Pseudonymiser().run(["R"], ["Ik vul vakken bij de Albert Heijn."], "x.txt")
    assert out.texts == ["Ik vul vakken bij de [WERKGEVER-1]."]
