"""Detection rules of ingest/detect/, one class of identifier per test, on sentences written for
the test (none is taken from an evaluation set)."""

import pytest

from helpers import found
from workbench.ingest.detect.context import context_spans, employer_spans
from workbench.ingest.detect.lexicon import is_common_word
from workbench.ingest.detect.numbers import number_spans, parse_number, parse_ordinal
from workbench.ingest.detect.patterns import pattern_spans
from workbench.ingest.detect.refine import refine


# ------------------------------------------------------------------ numbers in words
@pytest.mark.parametrize("words, value", [
    ("zeven", 7), ("veertien", 14), ("eenennegentig", 91), ("drieënveertig", 43), ("vierenvijftig", 54),
    ("negentien-eenennegentig", 1991), ("negentien tweeëntachtig", 1982), ("tweeduizend één", 2001),
    ("tweeduizendzes", 2006), ("negentienhonderdachtenzestig", 1968), ("honderdtwaalf", 112),
])
def test_dutch_number_words(words, value):
    assert parse_number(words) == value


def test_not_a_number_and_ordinals():
    assert parse_number("koffie") is None and parse_number("en") is None
    assert parse_ordinal("zevenentwintigste") == 27 and parse_ordinal("eerste") == 1


@pytest.mark.parametrize("text, expected", [
    ("Ik ben geboren op twaalf maart negentien-eenennegentig, in Hengelo.",
     ("twaalf maart negentien-eenennegentig", "DATUM")),
    ("Geboren op twaalf maart, eh, eenennegentig.", ("twaalf maart, eh, eenennegentig", "DATUM")),
    ("Hij is jarig op zevenentwintig november.", ("zevenentwintig november", "DATUM")),
    ("Mijn vrouw is van negentien-tweeëntachtig.", ("negentien-tweeëntachtig", "DATUM")),
    ("Ik ben van tweeduizend zes, dus nog jong.", ("tweeduizend zes", "DATUM")),
])
def test_dates_in_words(text, expected):
    assert expected in found(number_spans(text), text)


@pytest.mark.parametrize("text, age", [
    ("Ik word vandaag vierenvijftig, dus taart.", "vierenvijftig"),
    ("Nou, ik ben tweeëndertig.", "tweeëndertig"),
    ("En dan sta je op je negenenveertigste op straat, op m'n negenenveertigste.", "negenenveertigste"),
    ("Een meneer, Wim, eenenzestig, met rugklachten.", "eenenzestig"),
    ("Mijn buurman, zeventig jaar, fietst nog elke dag.", "zeventig jaar"),
    ("Ik ben 47.", "47"),
])
def test_ages_are_found_so_a_date_cannot_give_the_birthday_back(text, age):
    assert (age, "LEEFTIJD") in found(number_spans(text), text)


@pytest.mark.parametrize("text", [
    "Ik ben twintig jaar bij de gemeente geweest.",
    "Ik ben drie dagen ziek geweest.",
    "In tweeduizend twintig kwam corona.",        # a year not tied to a person
    "Ik werk vier uur per dag.",
])
def test_durations_and_counts_are_not_ages_or_dates(text):
    assert found(number_spans(text), text) == []


def test_a_phone_number_said_in_words():
    text = "Mijn nummer? Nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig."
    assert ("Nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig", "TELEFOON") in found(number_spans(text), text)


# ------------------------------------------------------------------ employers and firms
@pytest.mark.parametrize("text, name", [
    ("Ik werk nu bij Bouwmaat Noord, in het magazijn.", "Bouwmaat Noord"),
    ("Ik zat zeventien jaar bij de Gasunie, op de planning.", "Gasunie"),
    ("Ik was ingehuurd via Tempoflex, drie maanden.", "Tempoflex"),
    ("Vroeger heb ik bij Vandermolen gewerkt.", "Vandermolen"),
    ("Ik heb elf jaar bij de Koopmans gezeten.", "Koopmans"),
])
def test_an_employer_after_a_verb_of_working(text, name):
    assert (name, "WERKGEVER") in found(context_spans(text), text)


def test_employer_lexicon_and_its_limits():
    text = "Hij vult vakken bij de Lidl en zij zit bij de ING. Plus, het is dichtbij."
    got = found(employer_spans(text), text)
    assert ("Lidl", "WERKGEVER") in got and ("ING", "WERKGEVER") in got
    assert ("Plus", "WERKGEVER") not in got  # a common word opening a sentence is the word
    assert found(employer_spans("mijn dinger", {"ing"}), "mijn dinger") == []


def test_a_first_name_in_a_firms_frame_is_a_person():
    text = "Ik ben de vader van Jesse."
    assert ("Jesse", "ORGANISATIE") not in found(context_spans(text), text)


@pytest.mark.parametrize("text, name", [
    ("Ik zit op voetbal bij VV Oranje Zwart.", "VV Oranje Zwart"),
    ("Mijn vader had Bakkerij Smeets, op de hoek.", "Bakkerij Smeets"),
    ("Nu bij Tegelzetbedrijf Van Dongen.", "Tegelzetbedrijf Van Dongen"),
    ("Het bureau van Van Rooij & Zonen.", "Van Rooij & Zonen"),
    ("Wij gingen naar de Mariakerk op zondag.", "Mariakerk"),
])
def test_firms_by_shape(text, name):
    assert (name, "ORGANISATIE") in found(pattern_spans(text), text)


@pytest.mark.parametrize("text, name", [
    ("Ik zit in een groep, Samen Sterk Drenthe heet die.", "Samen Sterk Drenthe"),
    ("Ik werk veel samen met Zuidkracht, die zijn goed.", "Zuidkracht"),
])
def test_firms_by_frame(text, name):
    assert (name, "ORGANISATIE") in found(context_spans(text), text)


# ------------------------------------------------------------------ streets, neighbourhoods, places
@pytest.mark.parametrize("text, name, kind", [
    ("Ik woon aan de Vossenberg, al jaren.", "Vossenberg", "STRAAT"),              # no street suffix
    ("De winkel zit op de Lange Nieuwstraat.", "Lange Nieuwstraat", "STRAAT"),
    ("Stuur het naar Kerkweg 12a, graag.", "Kerkweg 12a", "STRAAT"),              # with house number
    ("Wij wonen in de wijk Groenewoud, vlak bij het park.", "Groenewoud", "WIJK"),
    ("Ze woont in de Rivierenbuurt.", "Rivierenbuurt", "WIJK"),
    ("Ze woont in de Vogelaar.", "Vogelaar", "WIJK"),
    ("Ik kom uit Ootmarsum, daar is het rustig.", "Ootmarsum", "PLAATS"),        # deduce's gazetteer
    ("Hij woont in Overvecht, bij zijn moeder.", "Overvecht", "LOCATIE"),         # a name not in it
    ("We reden tussen Goes, Kapelle en Yerseke.", "Yerseke", "PLAATS"),          # a list keeps the kind
    ("Ons kantoor Zuidas is gesloten.", "Zuidas", "LOCATIE"),
])
def test_places_by_frame(text, name, kind):
    assert (name, kind) in found(context_spans(text), text)


def test_a_list_of_places_stops_at_a_person():
    text = "Goede reis naar Assen, Marieke."
    got = found(context_spans(text), text)
    assert ("Assen", "PLAATS") in got and not any(n == "Marieke" for n, _ in got)


# ------------------------------------------------------------------ other shapes
@pytest.mark.parametrize("text, ident, kind", [
    ("mail naar piet.de.vries (at) outlook.com graag", "piet.de.vries (at) outlook.com", "EMAIL"),
    ("Dat is p punt jansen apenstaartje kpn punt nl.", "p punt jansen apenstaartje kpn punt nl", "EMAIL"),
    ("Volg me op @tuinman_henk.", "@tuinman_henk", "URL"),
    ("Mijn kenteken is 4-KLT-56.", "4-KLT-56", "KENTEKEN"),
    ("Het dossier heet AB-2023-1177.", "AB-2023-1177", "ID"),
    ("Rekening NL91 ABNA 0417 1643 00.", "NL91 ABNA 0417 1643 00", "ID"),
    ("Bel 020 612 34 56 of +31 6 12345678.", "+31 6 12345678", "TELEFOON"),
    ("Bel 020 612 34 56 of +31 6 12345678.", "020 612 34 56", "TELEFOON"),
])
def test_fixed_shapes(text, ident, kind):
    assert (ident, kind) in found(pattern_spans(text), text)


# ------------------------------------------------------------------ deduce's spans corrected
def test_greetings_titles_and_roles_stay_outside_the_tag():
    for text, name in [("Goedemiddag Ruben, fijn.", "Ruben"), ("M'n collega Fleur Jansen belde.", "Fleur Jansen"),
                       ("Toen kwam mevrouw Bakker langs.", "Bakker"), ("De jobcoach Lisa Smit zei het.", "Lisa Smit")]:
        start = text.index(name.split()[0]) - len("Goedemiddag ") if name == "Ruben" else text.index(name)
        start = min(start, text.index(name))
        lead = text.rfind(" ", 0, text.index(name) - 1) + 1 if name != "Ruben" else 0
        parts = refine(text, lead, text.index(name) + len(name), "PERSOON")
        assert [(text[a:b], k) for a, b, k in parts] == [(name, "PERSOON")]


def test_a_van_that_starts_no_surname_is_cut():
    text = "Ik ben Fleur Jansen van Kompasroute."
    a = text.index("Fleur")
    assert [(text[s:e], k) for s, e, k in refine(text, a, len(text) - 1, "PERSOON")] == [("Fleur Jansen", "PERSOON")]
    text = "Dat is Jan van den Berg."
    a = text.index("Jan")
    assert [(text[s:e]) for s, e, _ in refine(text, a, len(text) - 1, "PERSOON")] == ["Jan van den Berg"]


def test_two_first_names_in_a_row_are_two_people():
    text = "Ik heb Fleur Sanne gebeld."
    a = text.index("Fleur")
    parts = refine(text, a, a + len("Fleur Sanne"), "PERSOON")
    assert [(text[s:e], k) for s, e, k in parts] == [("Fleur", "PERSOON"), ("Sanne", "PERSOON")]


def test_common_words_opening_a_sentence_are_no_names():
    for word in ("Mooi", "Prima", "Precies", "Oei", "Top"):
        assert is_common_word(word)
        text = f"{word}. Dan gaan we verder."
        assert refine(text, 0, len(word), "PERSOON") == []
    assert not is_common_word("Petra") and not is_common_word("Marco")  # first names stay names


def test_firms_and_places_that_deduce_calls_persons_or_locations():
    text = "Ik werk bij Albert Heijn en bij Jansen Installatietechniek, in de Schilderswijk."
    def kind(name, tag):
        a = text.index(name)
        return refine(text, a, a + len(name), tag)[0][2]
    assert kind("Albert Heijn", "PERSOON") == "WERKGEVER"
    assert kind("Jansen Installatietechniek", "PERSOON") == "ORGANISATIE"
    assert kind("de Schilderswijk", "PERSOON") == "WIJK"
    text = "Adres: Dorpsstraat 5, 1234 AB Lutjebroek, in Lutjebroek."
    assert refine(text, text.index("Dorpsstraat"), text.index(","), "LOCATIE")[0][2] == "STRAAT"
    assert refine(text, text.index("1234"), text.index(", in"), "LOCATIE")[0][2] == "POSTCODE"
