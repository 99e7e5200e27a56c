"""Classes of identifier found by the seventh privacy round, each on sentences written for the test
(none copied from a blind set): ages of children and groups, an age said as a sentence of its own,
speaker labels in capitals, a word spelled out and said whole, a name broken off, a town in lower
case, a school's code, firms named after a surname with particles, dates glued in file names."""

import pytest

from workbench.ingest.detect.numbers import number_spans
from workbench.ingest.headers import coarsen_dates
from workbench.ingest.pseudonymise import Pseudonymiser


def _ages(text: str) -> list[str]:
    return [text[a:b] for a, b, k in number_spans(text) if k == "LEEFTIJD"]


@pytest.mark.parametrize("text, age", [
    ("R: Mijn zoon was toen zeven. Dat was zwaar voor hem.", "zeven"),
    ("R: De jongste was toen pas vier, de oudste tien.", "vier"),
    ("R: Volgende week word ik dertig. Nu ben ik nog negenentwintig.", "negenentwintig"),
    ("R: Op de afdeling zitten meiden van achttien, die snappen mij niet.", "achttien"),
    ("R: Er kwam een vrouw van een jaar of veertig binnen.", "veertig"),
    ("R: Er zit een jongen van rond de twintig naast me.", "twintig"),
    ("I: Hoe oud bent u?\n\nR: Zevenenvijftig. Nee, wacht. Achtenvijftig! Ik vergeet het steeds.", "Achtenvijftig"),
    ("Marloes: Marloes. Vierendertig. Ik woon in Arnhem.", "Vierendertig"),
    ("Henk: En ik ben Henk. Ja, ik ben in Delfzijl geboren. Zesenvijftig. Ik werk nog.", "Zesenvijftig"),
])
def test_an_age_is_found(text, age):
    assert age in _ages(text)


@pytest.mark.parametrize("text", [
    "R: Mijn zoon is een held.",
    "R: Mijn dochter was toen twee keer ziek.",
    "R: Mijn man was toen drie dagen weg.",
    "R: Er waren mensen van twintig bedrijven.",
    "I: Hoeveel uur werkt u?\n\nR: Ja. Twintig. Soms meer.",
    "R: Ik heb er veel gestuurd. Veertig. Allemaal afgewezen.",
    "R: Mooi. Twintig.",
    "R: Ik ben Piet. Ik werk hier. Twintig jaar.",
    "R: Dat was in Zwolle. Dertig. Dertig kilometer rijden.",
    "R: Ik ben nog twee jaar bezig.",
])
def test_a_count_or_duration_is_no_age(text):
    assert _ages(text) == []


def _found(doc: str) -> list[tuple[str, str]]:
    return [(doc[s.start:s.end], s.kind) for s in Pseudonymiser().detect(doc)]


def test_labels_in_capitals_that_are_names_are_persons_and_roles_stay():
    doc = ("FENNA: Zo, ik zie u.\n\nMAGDALENA: Ja, ik hoor u.\n\nINTERVIEWER: Goed.\n\nRESPONDENT: Ja.\n\n"
           "UWV: Dat klopt.\n\nNOTULIST: Genoteerd.\n\n")
    found = _found(doc)
    assert ("FENNA", "PERSOON") in found and ("MAGDALENA", "PERSOON") in found
    assert not any(t in ("INTERVIEWER", "RESPONDENT", "UWV", "NOTULIST", "Zo") for t, _ in found)


def test_a_word_spelled_out_is_tagged_where_it_is_said_whole():
    doc = "R: Przybylski. Dat is P-R-Z-Y-B-Y-L-S-K-I, met een y.\n\n"
    found = dict(_found(doc))
    assert "Przybylski" in found and "P-R-Z-Y-B-Y-L-S-K-I" in found


def test_a_name_broken_off_and_said_again_is_the_person():
    doc = "R: Toen kwam er een meneer, Hoog... Hoogeveen heette hij, met Piet Hoogeveen van het bureau.\n\n"
    assert ("Hoog", "PERSOON") in _found(doc)


def test_a_name_broken_off_that_is_no_name_stays():
    doc = "R: Het was mooi- mooier dan ik dacht. Samen met Kees Mooiman.\n\n"
    assert not any(t.casefold() == "mooi" for t, _ in _found(doc))


def test_a_town_in_lower_case_after_in_is_a_place_and_words_stay():
    doc = "R: De een woont in roermond, de ander in Venlo. Ik ga naar huis, ik doe mijn best, in totaal.\n\n"
    found = _found(doc)
    assert ("roermond", "PLAATS") in found
    assert not any(t in ("huis", "best", "totaal") for t, _ in found)


def test_a_school_code_after_op_het_is_an_organisation_and_roads_and_levels_stay():
    doc = "R: Ik zat op het KW3B, toen op de A12 naar huis, en op het MBO2 niveau, en op het NT2 examen.\n\n"
    found = _found(doc)
    assert ("KW3B", "ORGANISATIE") in found
    assert not any(t in ("A12", "MBO2", "NT2") for t, _ in found)


def test_a_firm_named_after_a_surname_with_particles_is_one_name():
    doc = "R: Ik werkte bij Hoveniersbedrijf Van der Stoep, en later bij de Sint-Lambertuskerk als koster.\n\n"
    found = _found(doc)
    assert any(t == "Hoveniersbedrijf Van der Stoep" for t, _ in found)
    assert any(t == "Sint-Lambertuskerk" for t, _ in found)


def test_dialect_yes_and_regional_nouns_are_no_names():
    doc = "R: Joa, dat klopt. Jao, zeker. Ik ben een echte Achterhoeker, hij een Randstedeling.\n\n"
    assert not any(t in ("Joa", "Jao", "Achterhoeker", "Randstedeling") for t, _ in _found(doc))


@pytest.mark.parametrize("name, out", [
    ("R012_Kees_Ede_3okt2024", "R012_Kees_Ede_oktober 2024"),
    ("gesprek 14-mei-2025", "gesprek mei 2025"),
    ("opname_7_juni_2023.mp3", "opname_juni 2023.mp3"),
    ("12 meiden 2020", "12 meiden 2020"),
])
def test_dates_glued_in_file_names_are_kept_to_the_month(name, out):
    assert coarsen_dates(name) == out


def test_nine_digits_read_from_a_letter_are_an_id_even_when_the_check_fails_and_amounts_stay():
    from workbench.ingest.detect.patterns import pattern_spans

    said = "R: Wacht, het staat op de brief. 271 904 385. Heb je dat nodig?"
    assert [(said[a:b], k) for a, b, k in pattern_spans(said)] == [("271 904 385", "ID")]
    for amount in ("R: Het kostte 271.904.385 euro.", "R: Een omzet van 271 904 385 euro per jaar."):
        assert list(pattern_spans(amount)) == []


def test_an_age_after_a_relative_in_apposition():
    assert _ages("R: Femke, mijn middelste, is veertien, die zit op hockey.") == ["veertien"]
    assert _ages("R: Mijn oudste, is dat niet raar?") == []


def test_a_firms_distinctive_word_alone_in_the_file_name_gets_the_firms_tag():
    res = Pseudonymiser().run(["Interviewer", "Werkgever"],
                              ["Hoe heet uw bedrijf?", "Kwekerij De Zonnedauw, hier in Lemelerveld."],
                              "werkgever Zonnedauw 2024-05-21.txt")
    assert "Zonnedauw" not in res.name and "[ORGANISATIE-1]" in res.name


def test_an_adverb_opening_a_naming_frame_is_no_firm():
    doc = "R: Ik ben dan een beetje leeg. Zo heet dat bij mij. Later werkte ik bij Tuinderij Bloemrijk, Bloemrijk heet dat.\n\n"
    found = _found(doc)
    assert not any(t == "Zo" for t, _ in found)
    assert any("Bloemrijk" in t for t, _ in found)


def test_a_surname_with_capitalised_particles_after_a_title_is_one_name():
    doc = "R: Toen zei dokter Van den Broek, de internist, dat het goed ging.\n\n"
    assert ("Van den Broek", "PERSOON") in _found(doc)


def test_a_firm_with_en_between_capitals_is_one_name_and_two_people_or_chains_stay_two():
    found = _found("R: We werken samen met Tuinbouw en Welzijn Salland, een netwerk.\n\n")
    assert ("Tuinbouw en Welzijn Salland", "ORGANISATIE") in found
    found = _found("R: Ik heb gewerkt bij Jumbo en Aldi. Ik werk bij Petra en Marco thuis.\n\n")
    assert ("Jumbo", "WERKGEVER") in found and ("Aldi", "WERKGEVER") in found
    assert ("Petra", "PERSOON") in found and ("Marco", "PERSOON") in found


def test_a_school_type_heads_a_school_name():
    assert ("Praktijkonderwijs Het Baken", "ORGANISATIE") in _found("R: Ik zat op Praktijkonderwijs Het Baken.\n\n")
