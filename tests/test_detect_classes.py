"""Classes of identifiers and of ordinary words found while reading the misses of the privacy
development sets. Every sentence here is written for the test (none is copied from a blind set);
each class has a case the rule must find and a case it must leave alone."""

import pytest

from helpers import found
from workbench.ingest.detect.appositions import apposition_spans
from workbench.ingest.detect.context import at_sentence_start, context_spans
from workbench.ingest.detect.lexicon import in_allow
from workbench.ingest.detect.numbers import number_spans
from workbench.ingest.detect.patterns import pattern_spans
from workbench.ingest.detect.unknown_names import unknown_name_spans
from workbench.ingest.pseudonymise import Pseudonymiser


def run(*texts: str) -> tuple[str, dict]:
    out = Pseudonymiser().run(["R"] * len(texts), list(texts), "x.txt")
    return " ".join(out.texts), out.key


# ------------------------------------------------------------------ e-mail and phone as said
@pytest.mark.parametrize("text, mail", [
    ("Mail maar naar jan punt de graaf at ziggo punt nl, dat lees ik.", "jan punt de graaf at ziggo punt nl"),
    ("Het is kees streepje bos et kpnmail punt nl.", "kees streepje bos et kpnmail punt nl"),
    ("Stuur het naar info apenstaartje bakkerijbos punt com.", "info apenstaartje bakkerijbos punt com"),
])
def test_an_e_mail_address_spelled_out(text, mail):
    assert (mail, "EMAIL") in found(pattern_spans(text), text)


@pytest.mark.parametrize("text", ["Ik was at home, punt uit.", "Hij zit at the office en belt later."])
def test_english_at_without_a_spoken_domain_is_no_address(text):
    assert [k for _, k in found(pattern_spans(text), text) if k == "EMAIL"] == []


@pytest.mark.parametrize("text, phone", [
    ("Bel me op 06 – 41 27 88 03 na vijven.", "06 – 41 27 88 03"),
    ("Mijn nummer is 06-41 27 88 03.", "06-41 27 88 03"),
    ("Via +31 6 4127 8803 ben ik bereikbaar.", "+31 6 4127 8803"),
    ("Kantoor: (050) 312 45 67, vraag naar mij.", "(050) 312 45 67"),
    ("Of 0031 6 41278803 vanuit het buitenland.", "0031 6 41278803"),
])
def test_phone_numbers_with_dashes_spaces_and_country_codes(text, phone):
    assert (phone, "TELEFOON") in found(pattern_spans(text), text)


def test_a_date_and_a_count_are_no_phone_numbers():
    text = "Op 01-02-2024 waren er 12 34 56 mensen, zei hij."
    assert [k for _, k in found(pattern_spans(text), text) if k == "TELEFOON"] == []


# ------------------------------------------------------------------ ages asked back, Flemish ages
@pytest.mark.parametrize("text, age", [
    ("Dus u bent nu achtenveertig?", "achtenveertig"),
    ("Je bent vierendertig, klopt dat?", "vierendertig"),
    ("Ge zijt geen vijfentwintig meer, hè.", "vijfentwintig"),
    ("Bent u al zestig?", "zestig"),
])
def test_an_age_said_to_the_respondent(text, age):
    assert (age, "LEEFTIJD") in found(number_spans(text), text)


@pytest.mark.parametrize("text", ["Je bent twintig minuten te laat.", "U bent niet de enige.",
                                  "Ben je een van de twee?"])
def test_second_person_without_an_age(text):
    assert found(number_spans(text), text) == []


# ------------------------------------------------------------------ a firm's short form, a person's firm
def test_a_short_form_after_a_firm_gets_the_firms_kind():
    text = "Ik help bij Stichting Welzijn Oostkust, de SWO, en soms bij Hulpdienst Zeewind (HDZ)."
    firm = text.index("Stichting")
    other = text.index("Hulpdienst")
    spans = [(firm, firm + len("Stichting Welzijn Oostkust"), "ORGANISATIE"),
             (other, other + len("Hulpdienst Zeewind"), "ORGANISATIE")]
    got = found(apposition_spans(text, spans), text)
    assert ("SWO", "ORGANISATIE") in got and ("HDZ", "ORGANISATIE") in got


def test_a_domain_abbreviation_after_a_firm_stays():
    text = "Ik werkte bij Jansen Bouw, de WW kwam pas later."
    a = text.index("Jansen")
    assert found(apposition_spans(text, [(a, a + len("Jansen Bouw"), "WERKGEVER")], {"ww"}), text) == []


def test_an_attendance_list_gives_each_persons_firm():
    text, key = run("Aanwezig: Karin Bos (Werkbrug Oost), Ahmed Yilmaz (Samen Sterk), Piet Smit (moeder), "
                    "Lies Vos (IVA), Rob Kok (R031).")
    assert "Werkbrug" not in text and "Samen Sterk" not in text
    assert "(moeder)" in text and "(IVA)" in text and "(R031)" in text


def test_an_abbreviation_before_a_region_word_is_a_firm():
    text, _ = run("Ik heb lang bij RIB West gewerkt, met collega's van XYZ Noord.")
    assert "RIB West" not in text and "XYZ Noord" not in text


# ------------------------------------------------------------------ words that open a sentence
@pytest.mark.parametrize("doc, word, start", [
    ("Ja. [lacht] Mooi.", "Mooi", True),
    ("Nou (stilte) Goed.", "Goed", False),            # a note inside a sentence does not end it
    ("Dat zei [PERSOON-1] Mooi", "Mooi", False),       # a tag is a word of the sentence
])
def test_a_transcribers_note_before_a_word(doc, word, start):
    assert at_sentence_start(doc, doc.index(word)) is start


def test_interjections_notes_and_prepositions_are_no_names():
    text, key = run("Ai, dat was een zware tijd. [lacht] Mooi. Jee, wat een gedoe.",
                    "Via Gertruud kwam ik daar terecht. Via via hoor je dat. Gertruud is top.")
    assert text.startswith("Ai, dat was") and "[lacht] Mooi." in text and "Jee," in text
    assert "Via via" in text and "Gertruud" not in text
    assert all("Via" not in o for originals in key.values() for o in originals)


# ------------------------------------------------------------------ ordinary capitalised words
@pytest.mark.parametrize("word, allow, kept", [
    ("IVA'ers", {"iva"}, True), ("Wajongers", {"wajong"}, True), ("WhatsAppen", {"whatsapp"}, True),
    ("Mees", {"mee"}, False),  # a short stem with a plain ending is a name, not "mee" + s
])
def test_inflections_of_a_listed_term(word, allow, kept):
    assert in_allow(word, allow) is kept


def test_holidays_software_and_inflected_terms_stay():
    text, key = run("Met Kerst en op Koningsdag werk ik niet, en tijdens de Ramadan minder.",
                    "Ik maak de roosters in Excel en brieven in Word. Je kunt me beter WhatsAppen.",
                    "Ik spreek vooral IVA'ers. Op Keti Koti kook ik voor de buurt. Na de Elfstedentocht rust ik.")
    assert key == {}, key


def test_course_titles_after_a_course_word_stay_and_firms_do_not():
    text = "Ik volg de opleiding Helpende Zorg en deed de training Sociale Vaardigheden bij Samen Sterk."
    got = [n for n, _ in found(unknown_name_spans(text), text)]
    assert "Helpende Zorg" not in got and "Sociale Vaardigheden" not in got
    assert "Samen Sterk" in got
    out, _ = run(text)
    assert "Helpende Zorg" in out and "Samen Sterk" not in out


def test_a_field_label_is_no_name():
    text = "Duur: 45:10 Transcript: letterlijk, met Kwartelhof erbij."
    assert [n for n, _ in found(unknown_name_spans(text), text)] == ["Kwartelhof"]


def test_a_lone_question_mark_is_never_tagged():
    text, key = run("Is uw adres nog steeds p.vermeer71@ziggo.nl? Ja.")
    assert text.endswith("[EMAIL-1]? Ja.") and list(key) == ["[EMAIL-1]"]


# ------------------------------------------------------------------ lists of places, firm heads
def test_a_place_list_stops_at_a_longer_name_and_takes_two_word_towns():
    text = "Ik zat in Zwolle, Werkbrug Noord of zo. Ze hebben kantoren in Utrecht, Den Haag en Leiden."
    got = found(context_spans(text), text)
    assert ("Werkbrug", "LOCATIE") not in got and ("Werkbrug", "PLAATS") not in got
    assert ("Den Haag", "PLAATS") in got and ("Leiden", "PLAATS") in got


@pytest.mark.parametrize("text, firm", [
    ("Ze kwam terecht bij een apotheek, Apotheek Zuidhorn, achter de balie.", "Apotheek Zuidhorn"),
    ("Ik help in Bibliotheek Oosterpoort op dinsdag.", "Bibliotheek Oosterpoort"),
])
def test_more_firm_heads(text, firm):
    assert (firm, "ORGANISATIE") in found(pattern_spans(text), text)


def test_a_capitalised_term_the_speakers_also_write_in_lower_case_is_no_name():
    text = "We werken met de Krachtwijzer. Elke krachtwijzer is anders. Ook Loopbrug doet mee."
    got = [n for n, _ in found(unknown_name_spans(text), text)]
    assert got == ["Loopbrug"]


def test_a_web_address_in_lower_case_does_not_make_a_name_a_term():
    text = "Ik zit bij Loopbrug, zie loopbrug.nl voor meer."
    assert ("Loopbrug", "NAAM") in found(unknown_name_spans(text), text)


# ------------------------------------------------------------------ persons with particles, persons in firm frames
def test_a_surname_with_particles_after_a_first_name_is_one_person():
    text, key = run("Ik heb gesproken met Marie-José van den Heuvel-Smit over mijn rooster.")
    assert text == "Ik heb gesproken met [PERSOON-1] over mijn rooster."


def test_a_firm_after_a_first_name_and_van_stays_a_firm():
    text, _ = run("Toen belde Harrie van de Buurtbus, die rijdt elke dinsdag.")
    assert "[PERSOON-1] van de [" in text


def test_a_first_name_and_surname_in_a_firm_frame_are_a_person():
    text, key = run("Via Gerrit Kooistra kwam ik bij Loopbrug terecht.")
    assert "Gerrit Kooistra" in key.get("[PERSOON-1]", [])


def test_an_article_before_a_firm_name_is_no_first_name():
    text, key = run("Ik ben Femke, van De Werkbrug in Groningen.")
    assert "De Werkbrug" in key.get("[ORGANISATIE-1]", [])
