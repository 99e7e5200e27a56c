"""Ages and dates with a day, as a respondent, a parent or a professional says them.

A table by class, written for this test from Dutch as it is spoken (no sentence is taken from an
evaluation set). A row with a string must have that string inside a [LEEFTIJD]/[DATUM] tag; a row
in a kept list is a must-keep: durations, counts, times, money, relative ages, age brackets of a
whole decade, a month or a year alone. The whole pipeline is run (deduce included).

Decisions: a decade bracket ("in de vijftig", "een vijftiger", "boven de vijftig") is kept, as it is
the age group a report would give anyway; a narrower frame ("begin/midden/eind twintig", "tegen de
zestig", "de vijftig gepasseerd") is tagged; "rond de dertig" is kept, as it is as often a count.
A date with a day is tagged; a month or a year alone is kept.
"""

import pytest

from workbench.ingest.pseudonymise import Pseudonymiser

AGES = [
    # ordinal ages
    ("Sinds mijn twintigste werk ik in de zorg.", "twintigste"),
    ("Op m'n 18e ben ik uit huis gegaan.", "18e"),
    ("Vanaf mijn zestiende heb ik altijd gewerkt.", "zestiende"),
    ("Rond mijn dertigste kreeg ik de diagnose.", "dertigste"),
    ("Op mijn 16de ging ik van school.", "16de"),
    ("Vanaf z'n achttiende krijgt hij Wajong.", "achttiende"),
    ("Sinds haar 12e heeft ze epilepsie.", "12e"),
    ("Op mijn 45ste ben ik ontslagen.", "45ste"),
    ("Na m'n vijftigste werd het moeilijk.", "vijftigste"),
    ("En dan sta ik op m'n zestigste met lege handen.", "zestigste"),
    ("Ik werk al sinds mijn twintigste in de zorg.", "twintigste"),
    # toen ik X was
    ("Toen ik zeventien was ben ik gestopt met school.", "zeventien"),
    ("Toen ik 23 was kreeg ik mijn eerste baan.", "23"),
    ("Toen hij veertien jaar was, ging het mis.", "veertien"),
    ("Ik was vijftien toen mijn vader overleed.", "vijftien"),
    ("Ik was toen net achttien.", "achttien"),
    ("Toen ze negentien werd is ze verhuisd.", "negentien"),
    # X jaar oud / jong
    ("Ik ben eenenzestig jaar jong, zeg ik altijd.", "eenenzestig"),
    ("Zevenenveertig jaar oud en dan zonder werk.", "Zevenenveertig"),
    ("Hij was toen drieëntwintig jaar oud.", "drieëntwintig"),
    ("Een man, 54 jaar oud, kwam binnen.", "54"),
    # ik ben / werd / word X
    ("Ik werd vorig jaar vijftig.", "vijftig"),
    ("Ik word volgende maand 63.", "63"),
    ("Ik ben inmiddels ook al 59.", "59"),
    ("Ik ben nu tweeënzestig jaar.", "tweeënzestig"),
    # hij / zij is X
    ("Hij is zesentwintig en woont nog thuis.", "zesentwintig"),
    ("Zij is 34, alleenstaande moeder.", "34"),
    ("Ze is net negentien.", "negentien"),
    # relatives and professionals
    ("Onze zoon is nu zestien.", "zestien"),
    ("Onze dochter wordt in maart achttien.", "achttien"),
    ("Mijn jongste is net 12.", "12"),
    ("Mijn cliënt is eenenzestig en wil nog wel.", "eenenzestig"),
    ("Mijn buurman is tachtig en fietst nog.", "tachtig"),
    ("Cliënt (52) is sinds vorig jaar werkloos.", "52"),
    ("Leeftijd 45, alleenstaand.", "45"),
    # X-jarige, een jongen van X
    ("Een 55-jarige vindt geen werk meer.", "55"),
    ("Onze 17-jarige zoon zit thuis.", "17"),
    ("Het is een jongen van zeventien.", "zeventien"),
    ("Een meid van 22 die niks kon vinden.", "22"),
    ("We hebben een dochter van veertien.", "veertien"),
    # brackets narrower than a decade
    ("Ze is begin twintig.", "twintig"),
    ("Hij is eind dertig, denk ik.", "dertig"),
    ("Ik loop tegen de zestig.", "zestig"),
    ("Hij liep toen al tegen de veertig aan.", "veertig"),
    ("Ik ben de vijftig al gepasseerd.", "vijftig"),
    ("Net de 60 gepasseerd, en dan solliciteren.", "60"),
    # geworden, school, leeftijd
    ("Net 18 geworden en toen stond ik op straat.", "18"),
    ("Ik ben met zestien van school gegaan.", "zestien"),
    ("Met 17 van school af, geen diploma.", "17"),
    ("Met mijn zestien jaar stond ik al in de fabriek.", "zestien"),
    ("Mijn leeftijd, 58, speelt natuurlijk mee.", "58"),
    ("Met mijn leeftijd van 61 jaar neemt niemand je aan.", "61"),
    # X jaar, bijna X+1
    ("Zesenvijftig jaar, bijna zevenenvijftig.", "Zesenvijftig"),
    ("Zesenvijftig jaar, bijna zevenenvijftig.", "zevenenvijftig"),
    ("Ik ben 44, bijna 45.", "45"),
    # fronted, plural, with a possessive
    ("Vijfenvijftig ben ik nu.", "Vijfenvijftig"),
    ("Ja, zeventien is ze nu.", "zeventien"),
    ("Mijn kinderen zijn 14 en 16.", "14"),
    ("Mijn kinderen zijn 14 en 16.", "16"),
    ("Onze oudste van negentien woont nog thuis.", "negentien"),
    ("Met mijn 58 jaar, ja, wie wil mij nog hebben?", "58"),
    # birth years
    ("Ik ben van '87.", "'87"),
    ("Bouwjaar zevenentachtig, haha.", "zevenentachtig"),
    ("Geboren in 1987 in een klein dorp.", "1987"),
    ("Ik ben van zevenentachtig, dus.", "zevenentachtig"),
    ("Mijn geboortejaar is 1979.", "1979"),
    ("Ik ben geboren in negentienachtenzeventig.", "negentienachtenzeventig"),
    ("Hij is geboren in tweeduizend twee.", "tweeduizend twee"),
]

AGES_KEPT = [
    "Ik ben twee jaar ouder dan mijn broer.",
    "Hij is vijf jaar jonger dan ik.",
    "Ik heb twintig jaar bij de bank gewerkt.",
    "Ik zat tweeëntwintig jaar bij de bank.",
    "Vierentwintig uur per dag zorg, dat is zwaar.",
    "Dat is drie jaar geleden.",
    "Ik ben twaalf jaar geleden gestopt.",
    "Ik ben vijftien jaar getrouwd.",
    "Ik werk er nu veertien jaar.",
    "Ik ben 32 uur gaan werken.",
    "Ik ben twintig kilo afgevallen.",
    "Hij is twaalf keer gebeld.",
    "Ik word om elf uur opgehaald.",
    "Het kost vijftig euro per maand.",
    "Ik kreeg 1200 euro netto.",
    "Het is zijn twintigste sollicitatie.",
    "Dit is mijn derde traject.",
    "Ik ben de derde van vijf kinderen.",
    "Ze is drieëntwintig keer afgewezen.",
    "Toen ik twintig jaar bij de bank werkte, ging het goed.",
    "Hij is in de vijftig.",
    "Hij is een vijftiger.",
    "Mensen boven de vijftig worden niet aangenomen.",
    "We waren met zijn twintigen.",
    "Een groep van twintig mensen.",
    "Ik ben met vijftien mensen begonnen.",
    "Ik was veertig minuten te laat.",
    "Ik heb er met vijftig man gewerkt.",
    "Het 25-jarig jubileum van de stichting.",
    "Ze vierden hun veertigjarig huwelijk.",
    "Er waren rond de dertig mensen.",
    "Bij ons op de afdeling zijn het er rond de dertig.",
    "Het waren er tegen de vijftig, schat ik.",
    "Hij is rond de dertig, denk ik.",
    "Het was tegen de veertig graden.",
    "Eind twintig twintig ging het mis.",
    "Begin jaren negentig ben ik gaan werken.",
    "Toen de bus twintig minuten te laat was, ben ik gaan lopen.",
    "Met twintig collega's ging ik naar de training.",
    "Ik was veertig kilometer van huis.",
    "Voor mijn twintigste sollicitatie had ik een pak gekocht.",
]

DATES = [
    ("Dat was op de zesde van de vijfde.", "zesde van de vijfde"),
    ("Op de twaalfde heb ik weer een gesprek.", "twaalfde"),
    ("Maandag de 3e ben ik begonnen.", "3e"),
    ("Sinds 3/5 zit ik thuis.", "3/5"),
    ("Vanaf 3 mei jl. ben ik ziek.", "3 mei"),
    ("Op derde mei was de intake.", "derde mei"),
    ("Twaalf maart was mijn laatste werkdag.", "Twaalf maart"),
    ("Op 12-3 had ik een gesprek.", "12-3"),
    ("Dat was de 14e, een dinsdag.", "14e"),
    ("Op 1 april begin ik.", "1 april"),
    ("Op één april begin ik.", "één april"),
    ("Vrijdag de achtste moet ik terugkomen.", "achtste"),
    ("Tot de eenendertigste van deze maand.", "eenendertigste"),
    ("De tweede van de derde heb ik getekend.", "tweede van de derde"),
    ("Op 5 juni '24 was de intake.", "5 juni"),
    ("Op de 3e mei was de intake.", "3e mei"),
    ("Zaterdag 12 okt. was het feest.", "12 okt"),
    ("Vanaf 1 sept ben ik begonnen.", "1 sept"),
    ("Tweeëntwintig april heb ik getekend.", "Tweeëntwintig april"),
    # dates of birth, words and digits mixed
    ("Geboren op 12 maart '91.", "12 maart '91"),
    ("Geboren op twaalf maart 91.", "twaalf maart 91"),
    ("Geboortedatum: 12 maart negentien eenennegentig.", "12 maart negentien eenennegentig"),
    ("Ik ben geboren op de twaalfde van de derde, eenennegentig.", "twaalfde van de derde"),
    ("Ik ben geboren op 12-03-1991.", "12-03-1991"),
    # a birthday
    ("Ik ben jarig op 12 maart.", "12 maart"),
    ("Ik ben jarig op de twaalfde.", "twaalfde"),
    ("Ik ben 3 juni jarig.", "3 juni"),
    ("Mijn verjaardag is de zesde.", "zesde"),
    ("Ik ben op twaalf maart jarig.", "twaalf maart"),
    ("Geb. 3-5-'91, zegt het dossier.", "3-5-'91"),
    ("Geboortedatum 03-05-91.", "03-05-91"),
]

DATES_KEPT = [
    "In maart ben ik begonnen.",
    "In 2019 werd ik ziek.",
    "Begin mei hoor ik meer.",
    "Drie keer per week ga ik erheen.",
    "Ik werk op maandag en dinsdag.",
    "De eerste keer was eng.",
    "Op de eerste dag kreeg ik een rondleiding.",
    "Voor de derde keer afgewezen.",
    "Ik woon op de tweede verdieping.",
    "Ik zit in de vierde klas.",
    "Voor 3/4 van de tijd zit ik thuis.",
    "Op de twaalfde verdieping zit het UWV.",
    "Hij werd tweede bij de wedstrijd.",
    "Dat was de 14e sollicitatie.",
    "Ik stond op de derde plaats van de wachtlijst.",
    "Vrijdag de eerste keer dat ik alleen ging.",
    "De derde van de vijf kinderen is nog thuis.",
    "Ik ben in maart jarig.",
    "Volgend jaar wordt de regeling herzien.",
    "Hij is een vijftigplusser.",
    "Twintig ben ik er wel kwijt aan de huur.",
    "Eind mei hoor ik het.",
]

_KINDS = {"LEEFTIJD", "DATUM"}


@pytest.fixture(scope="module")
def tagger():
    return Pseudonymiser()


def _covered(tagger, text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in tagger.detect(text) if s.kind in _KINDS]


def _row_id(row):
    return row[0][:40] + " | " + str(row[1])


@pytest.mark.parametrize("text, said", AGES + DATES, ids=[_row_id(r) for r in AGES + DATES])
def test_an_age_or_a_date_with_a_day_is_tagged(tagger, text, said):
    a = text.index(said)
    spans = _covered(tagger, text)
    assert any(s <= a and a + len(said) <= e for s, e in spans), (text, [text[s:e] for s, e in spans])


@pytest.mark.parametrize("text", AGES_KEPT + DATES_KEPT)
def test_durations_counts_times_money_and_brackets_are_kept(tagger, text):
    assert [text[s:e] for s, e in _covered(tagger, text)] == []
