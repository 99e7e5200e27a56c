"""Identifying numbers, postcodes and licence plates read out, and the numbers that must stay
(amounts, durations, counts, times, years, percentages, hours). Every sentence is written for the
test; each class has cases the rule must find and a case it must leave alone."""

import pytest

from workbench.ingest.detect.spoken_ids import spoken_id_spans


def found(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], k) for a, b, k in spoken_id_spans(text)]


# ------------------------------------------------------------------ numbers after their name
@pytest.mark.parametrize("text, number, kind", [
    ("Mijn BSN is een twee drie, vier vijf zes, zeven acht twee.", "een twee drie, vier vijf zes, zeven acht twee",
     "BSN"),
    ("Mijn burgerservicenummer, eh, dat is nul vier vijf, dubbel zes, zeven, acht negen nul.",
     "nul vier vijf, dubbel zes, zeven, acht negen nul", "BSN"),
    ("Het KvK-nummer is eh vier acht, drie twee, één één, nul nul.", "vier acht, drie twee, één één, nul nul", "ID"),
    ("Het KvK-nummer is 6120 4471, staat op de site.", "6120 4471", "ID"),
    ("Mijn klantnummer bij het UWV is zeven zeven één acht, twee twee drie één.",
     "zeven zeven één acht, twee twee drie één", "ID"),
    ("Het dossiernummer is eh... vier vijf 67 acht negen.", "vier vijf 67 acht negen", "ID"),
    ("Mijn polisnummer, even kijken, tweeëntachtig, dertig, veertien, nul.", "tweeëntachtig, dertig, veertien, nul",
     "ID"),
    ("Mijn IBAN, eh, NL eenennegentig ABNA nul vier één zeven één zes.",
     "NL eenennegentig ABNA nul vier één zeven één zes", "ID"),
])
def test_an_identifying_number_read_out_after_its_name(text, number, kind):
    assert (number, kind) in found(text)


@pytest.mark.parametrize("text", [
    "Mijn klantnummer heb ik twee keer moeten opzoeken.",  # too few digits to identify anyone
    "Het telefoonnummer van het UWV, nul negen nul nul, dat belt iedereen.",  # a phone, read elsewhere
    "Ik had een wachtnummer, drie twee vier vijf zes, heel lang.",
    "Het vacaturenummer is 20341, die staat op de site van de gemeente.",  # a thing, the same for everyone
    "Mijn dossiernummer? Geen idee. Ik werk twintig uur, dertig euro per uur.",  # past the sentence's end
    "Mijn polisnummer en de premie, twaalfduizend, eh, 12000 euro per jaar.",  # an amount after the name
])
def test_a_number_without_an_identifying_name_stays(text):
    assert found(text) == []


# ------------------------------------------------------------------ postcodes
@pytest.mark.parametrize("text, code", [
    ("Ik woon op vier acht drie twee ka el, in het dorp.", "vier acht drie twee ka el"),
    ("De postcode is achtenveertig tweeëndertig K L.", "achtenveertig tweeëndertig K L"),
    ("postcode 4832 ka-el, dat is hier.", "4832 ka-el"),
    ("Postcode vier acht drie twee, ka el.", "vier acht drie twee, ka el"),
    ("Het adres is drie vijf twee één iks zet in Utrecht.", "drie vijf twee één iks zet"),
])
def test_a_postcode_read_out(text, code):
    assert (code, "POSTCODE") in found(text)


@pytest.mark.parametrize("text", [
    "Ik heb vier acht drie twee en o ja, dat was het.",  # "en", "o": words, not letters
    "Het waren er vierentwintig, ka el was het niet.",  # two digits are no postcode
])
def test_numbers_before_words_that_are_letter_names_stay(text):
    assert [k for _, k in found(text) if k == "POSTCODE"] == []


# ------------------------------------------------------------------ licence plates dictated
@pytest.mark.parametrize("text, plate", [
    ("Mijn kenteken is ka tee pee streepje vier twee streepje ef.", "ka tee pee streepje vier twee streepje ef"),
    ("Het kenteken was Karel Theo Pieter, vier twee, Ferdinand.", "Karel Theo Pieter, vier twee, Ferdinand"),
    ("Kenteken: zeven, Kilo Lima Mike, eenentwintig.", "zeven, Kilo Lima Mike, eenentwintig"),
    ("Ka tee liggend streepje pee ef streepje vier twee, zei ze.", "Ka tee liggend streepje pee ef streepje vier twee"),
    ("Hij zei gee zet streepje drie drie streepje bee dee.", "gee zet streepje drie drie streepje bee dee"),
])
def test_a_licence_plate_dictated(text, plate):
    assert (plate, "KENTEKEN") in found(text)


@pytest.mark.parametrize("text", [
    "Mijn kenteken heb ik al twintig jaar, met Karel erbij.",
    "Het kenteken van Jan en Pieter staat op de brief.",
])
def test_words_near_kenteken_that_spell_no_plate_stay(text):
    assert [k for _, k in found(text) if k == "KENTEKEN"] == []


# ------------------------------------------------------------------ numbers that identify no one
@pytest.mark.parametrize("text", [
    "Dat kostte vijftienhonderd euro, twaalf vijftig per maand.",
    "Ik heb twintig jaar bij de gemeente gewerkt.",
    "We hebben drie kinderen, twee jongens.",
    "We beginnen om half tien, tot kwart over twaalf.",
    "In negentien negentig ben ik begonnen.",
    "Ik werk tweeëndertig uur per week, dat is tachtig procent.",
    "Nummer drie vier vijf zes zeven in de rij, zei ze.",
])
def test_amounts_durations_counts_times_years_and_percentages_stay(text):
    assert found(text) == []


# ------------------------------------------------------------------ ages said in words, in more frames
@pytest.mark.parametrize("text, age", [
    ("Toen ik negenenveertig was ging het mis.", "negenenveertig"),
    ("Toen ik eenmaal negenenveertig was, ging het mis.", "negenenveertig"),
    ("Met mijn zestigste ben ik gestopt.", "zestigste"),
    ("Ik ben net vijftig geworden.", "vijftig"),
    ("Over twee weken word ik vijfenvijftig, dan stop ik.", "vijfenvijftig"),
    ("In september word ik achtenvijftig.", "achtenvijftig"),
    ("Sinds mijn achttiende werk ik al.", "achttiende"),
])
def test_an_age_in_words_in_its_frames(text, age):
    from workbench.ingest.detect.numbers import number_spans

    assert (age, "LEEFTIJD") in [(text[a:b], k) for a, b, k in number_spans(text)]


@pytest.mark.parametrize("text", [
    "Toen ik eenmaal twintig jaar bij de gemeente werkte, ging het mis.",
    "Ik werk tweeëndertig uur per week, dat is tachtig procent.",
    "Dat kostte vijftienhonderd euro.",
    "In negentien negentig ben ik begonnen, om half tien.",
    "We hebben drie kinderen.",
])
def test_durations_hours_amounts_years_and_counts_are_no_age(text):
    from workbench.ingest.detect.numbers import number_spans

    assert [k for _, _, k in number_spans(text) if k == "LEEFTIJD"] == []
