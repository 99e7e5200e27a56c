"""Names deduce misses in spoken Dutch, found by the words around them (ingest/name_cues.py)."""

import pytest

from workbench.ingest.name_cues import cue_spans, org_name_parts
from workbench.ingest.pseudonymise import Pseudonymiser


def found(text: str) -> list[tuple[str, str]]:
    return [(kind, text[a:b]) for a, b, kind in cue_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("Ik woon hier aan de Vloeddijk, al jaren.", ("STRAAT", "Vloeddijk")),
    ("De kringloop, hier in de Kanaalstraat 14b.", ("STRAAT", "Kanaalstraat 14b")),
    ("Bij een re-integratiebureau, Perspectief Plus. Om werkfit te worden.", ("ORGANISATIE", "Perspectief Plus")),
    ("Drie ochtenden in het buurtcafé, De Ontmoeting, hier in de wijk.", ("ORGANISATIE", "De Ontmoeting")),
    ("Hij stelde een traject voor. Bij Zuidwerk Re-integratie. Met modules.", ("ORGANISATIE", "Zuidwerk Re-integratie")),
    ("Monique, OpMaat Werk en Coaching, Den Bosch.", ("ORGANISATIE", "OpMaat Werk en Coaching")),
    ("Sandra, van Jobcoach Oost. Die kwam elke week.", ("ORGANISATIE", "Jobcoach Oost")),
    ("Het traject bij Werkpad is afgerond.", ("ORGANISATIE", "Werkpad")),
])
def test_a_name_in_a_telling_frame_is_found(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize("text", [
    "Ik woon aan de rand van de stad, bij het station.",          # no capitalised name
    "Bij een bedrijf. Dat was goed, van harte.",                  # a new sentence is not a name
    "De jobcoach was er ook bij.\n\nInterviewer: Hoe ging dat?",  # never across a turn
    "Het is een bureau, Ik weet het niet meer.",                  # a capitalised pronoun is no name
])
def test_ordinary_speech_is_left_alone(text):
    assert found(text) == []


def test_distinctive_part_of_an_organisation_name():
    assert org_name_parts(["Zuidwerk", "Re-integratie"]) == ["Zuidwerk"]
    assert org_name_parts(["Zuiderlicht", "Coaching"]) == ["Zuiderlicht"]
    assert org_name_parts(["Jobcoach", "Oost"]) == []          # "Oost" alone would tag a compass point
    assert org_name_parts(["Werkpad"]) == []
    assert org_name_parts("OpMaat Werk en Coaching".split()) == ["OpMaat Werk"]
    assert org_name_parts("Bakkerij De Korenschoof".split()) == ["De Korenschoof"]
    assert org_name_parts("De Ontmoeting".split()) == []  # the article is no organisation


def test_cues_in_a_transcript_allow_list_and_deny_list_win():
    labels = ["Interviewer", "Respondent", "Respondent"]
    texts = ["Waar werkt u?",
             "In het buurtcafé, De Ontmoeting, hier aan de Vloeddijk. Via Zuidwerk Re-integratie.",
             "Zuidwerk belde me later nog. Het loopt via de Belastingdienst en bij UWV, van Werkwaarts ook."]
    pseudo = Pseudonymiser(deny=["Werkwaarts"])
    pseudo.collect(labels, texts)  # as the importer does for every file of a batch first
    out = pseudo.run(labels, texts, "x.txt")
    joined = " ".join(out.texts)
    for ident in ("Ontmoeting", "Vloeddijk", "Zuidwerk", "Werkwaarts"):
        assert ident not in joined
    assert "Belastingdienst" in joined and "UWV" in joined  # allow-listed public bodies stay
    assert "[ANONIEM-1]" in joined  # the project's deny-list keeps its own tag
    # the firm's short name gets the same tag as its full name
    assert out.texts[1].endswith("Via [ORGANISATIE-2].") and out.texts[2].startswith("[ORGANISATIE-2] belde")
    assert out.key["[ORGANISATIE-2]"] == ["Zuidwerk Re-integratie", "Zuidwerk"]
