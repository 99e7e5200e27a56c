"""General rules added for transcripts nobody here wrote: names by Dutch spelling, firm shapes,
the employer lexicon, dates and ages in more of the ways people say them. Every sentence is
written for the test (none is taken from an evaluation set); each rule has a case it must find
and a case it must leave alone."""

import pytest

from helpers import found
from workbench.ingest.detect.context import context_spans, employer_spans
from workbench.ingest.detect.numbers import number_spans
from workbench.ingest.detect.patterns import pattern_spans
from workbench.ingest.detect.unknown_names import unknown_name_spans
from workbench.ingest.pseudonymise import Pseudonymiser


# ------------------------------------------------------------------ names by spelling alone
@pytest.mark.parametrize("text, name, kind", [
    ("Toen hebben ze Loopbrug ingeschakeld voor mij.", "Loopbrug", "NAAM"),
    ("Dus toen kwam Westerkracht met een voorstel.", "Westerkracht", "NAAM"),
    ("Ik heb veel gehad aan Samen Verder, die hielpen.", "Samen Verder", "NAAM"),  # two common words, capitalised
    ("Dat heb ik aan Gerdien gevraagd.", "Gerdien", "PERSOON"),
    ("Het was vlak bij Werkhoven, best ver.", "Werkhoven", "PLAATS"),
])
def test_a_capitalised_non_word_inside_a_sentence_is_a_name(text, name, kind):
    assert (name, kind) in found(unknown_name_spans(text), text)


@pytest.mark.parametrize("text", [
    "Mooi. Prima. Precies, dat klopt. Top.",                      # sentence openers
    "We hadden Kerst met de hele familie en daarna Oud en Nieuw.",  # frequent words, even if capitalised
    "Ik heb een WW-uitkering en de Wajong-uitkering loopt door.",  # a domain term in a compound
    "We gebruiken Teams, Excel en Word.",
    "Hij zei: Kom maar langs.",                                   # after a colon a sentence starts
])
def test_openers_frequent_words_and_domain_compounds_are_no_names(text):
    allow = {"wajong", "teams"}
    assert found(unknown_name_spans(text, allow), text) == []


def test_words_another_rule_found_are_left_to_that_rule():
    text = "Ik ben bij Hanna Kowalska van Loopbrug geweest."
    a = text.index("Hanna")
    got = found(unknown_name_spans(text, covered=[(a, a + len("Hanna Kowalska"))]), text)
    assert got == [("Loopbrug", "NAAM")]


# ------------------------------------------------------------------ firm shapes
@pytest.mark.parametrize("text, name", [
    ("Mijn werkgever is Zorggroep Hoogeland, al jaren.", "Zorggroep Hoogeland"),      # a sector head
    ("Ik rijd voor Kampen Logistiek, op de vrachtwagen.", "Kampen Logistiek"),        # a sector tail
    ("Ik werk nu bij Verhoeven Schoonmaak BV. Fijn.", "Verhoeven Schoonmaak BV"),     # a legal form
    ("De firma Claassen en Zonen zocht iemand.", "Claassen en Zonen"),
    ("Ik ging naar de Dommelgroep voor dagbesteding.", "Dommelgroep"),              # a -groep compound
])
def test_firms_by_sector_words_and_legal_forms(text, name):
    assert (name, "ORGANISATIE") in found(pattern_spans(text), text)


@pytest.mark.parametrize("text", ["Focusgroep met vijf mensen.", "Thuiszorg komt elke dag.", "Werkgroep is leuk."])
def test_a_common_compound_opening_a_sentence_is_a_noun(text):
    assert found(pattern_spans(text), text) == []


def test_a_firm_called_by_its_name_after_heette():
    text = "Het bureau heette toen nog Stapsteen, nu iets anders."
    assert ("Stapsteen", "ORGANISATIE") in found(context_spans(text), text)


def test_the_employer_lexicon_source_and_a_chain_word_inside_another_name():
    from importlib import resources

    header = resources.files("workbench.data").joinpath("employers.txt").read_text(encoding="utf-8")[:2000]
    assert "Source:" in header
    text = "Ik zit bij Pameijer en ik vond Perspectief Plus goed. Bij Plus werk ik ook."
    got = found(employer_spans(text), text)
    assert ("Pameijer", "WERKGEVER") in got
    assert [n for n, _ in got].count("Plus") == 1  # only the chain of the last sentence


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize("text, date", [
    ("Ik ben van juni tachtig, een zomerkind.", "juni tachtig"),
    ("Ik ben in 1988 geboren, in Zwolle.", "1988"),
    ("Ik ben een kind van '79, echt waar.", "'79"),
    ("Het gesprek is op donderdag 21-11 om tien uur.", "21-11"),
    ("Sinds 3/4 zit ik thuis.", "3/4"),
])
def test_more_dates(text, date):
    assert (date, "DATUM") in found(number_spans(text), text)


@pytest.mark.parametrize("text", [
    "In mei twintig mensen gesproken.",
    "Het is 3-2 geworden voor de thuisclub.",
    "Ik werd in 2019 ziek.",
    "Ik ben in maart begonnen met het traject.",
])
def test_counts_scores_and_plain_years_are_no_dates(text):
    assert [k for _, k in found(number_spans(text), text)] == []


# ------------------------------------------------------------------ ages
@pytest.mark.parametrize("text, age", [
    ("Ik ben nu 58 jaar dus dat telt mee.", "58 jaar"),
    ("Een vrouw van eenenvijftig nemen ze niet meer aan.", "eenenvijftig"),
    ("Ik ben vorige maand 40 geworden.", "40"),
    ("Ik word in september vierenzestig.", "vierenzestig"),
    ("Leeftijd: 45.", "45"),
    ("Mijn dochter is inmiddels zeventien.", "zeventien"),
    ("Hoe oud bent u?\n\nR: Eh, tweeënvijftig.", "tweeënvijftig"),
    ("Als zestigjarige word je niet meer gebeld.", "zestig"),
    ("Ik ben zesenveertig, bijna zevenenveertig.", "zevenenveertig"),
])
def test_more_ages(text, age):
    assert (age, "LEEFTIJD") in found(number_spans(text), text)


def test_an_age_is_not_taken_for_a_year():
    text = "Ik word in september vierenzestig."
    assert ("september vierenzestig", "DATUM") not in found(number_spans(text), text)


@pytest.mark.parametrize("text", [
    "Mijn zoon is vijftien minuten te laat.",
    "Mijn man is veertig uur per week weg.",
    "Het werd twaalf uur voordat ik thuis was.",
    "Ik ben twintig jaar bij de gemeente geweest.",
    "Hoe oud ben je? Dat zeg ik liever niet.",
])
def test_durations_and_times_are_no_ages(text):
    assert found(number_spans(text), text) == []


# ------------------------------------------------------------------ the whole pipeline
def test_names_nobody_listed_are_gone_and_common_words_stay():
    texts = ["Mooi. Hoe ging het verder?",
             "Prima. Eerst hebben ze Loopbrug ingeschakeld, toen Samen Verder. Loopbrug was beter. "
             "Ik werk nu bij Verhoeven Schoonmaak BV en ik ben vorige maand 40 geworden."]
    out = Pseudonymiser().run(["Interviewer", "R"], texts, "x.txt")
    joined = " ".join(out.texts)
    for ident in ("Loopbrug", "Samen Verder", "Verhoeven", " 40 "):
        assert ident not in joined, ident
    assert joined.startswith("Mooi.") and "Prima." in joined
    assert out.texts[1].count("[NAAM-1]") == 2  # one name, one tag, also where it opens a sentence
