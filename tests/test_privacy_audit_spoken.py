"""privacy audit: numbers said aloud, letters spelled, plates, dates and ages with a cue, file
names and headers; and the quantities it must leave alone. Sentences written for the test."""

import pytest

from workbench.ingest.importer import ImportOptions, import_files
from workbench.privacy.audit import audit_texts

LISTED = [
    ("R: Mijn nummer is nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig.", "nummer",
     "nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig"),
    ("R: Het staat erop: zeven vier twee drie, negen acht, vijf een. Dat zijn de cijfers.", "nummer",
     "zeven vier twee drie, negen acht, vijf een"),
    ("R: Het is een twee drie, vier vijf zes, zeven acht negen, dat nummer.", "nummer",
     "een twee drie, vier vijf zes, zeven acht negen"),
    ("R: Dat is vier acht drie twee ka el, daar woon ik.", "nummer", "vier acht drie twee ka el"),
    ("R: Zeventig vijftien bee dee, dat was het oude adres.", "nummer", "Zeventig vijftien bee dee"),
    ("R: Het is es em ie tee, met een t op het eind.", "nummer", "es em ie tee"),
    ("R: Je schrijft het K-O-O-I-M-A-N.", "nummer", "K-O-O-I-M-A-N"),
    ("R: Bernard Eduard Rudolf Gerard, zo spel je het.", "nummer", "Bernard Eduard Rudolf Gerard"),
    ("R: Ka tee pee streepje vier twee streepje ef, dat is mijn busje.", "nummer",
     "Ka tee pee streepje vier twee streepje ef"),
    ("R: Ik word morgen vierenvijftig.", "leeftijd", "vierenvijftig"),
    ("R: Vorige maand ben ik zestig geworden, dus ja.", "leeftijd", "zestig"),
    ("R: Ik ben vandaag jarig, zesenvijftig jaar.", "leeftijd", "zesenvijftig"),
    ("R: Ik ben achtenvijftig. En ik wil nog werken.", "leeftijd", "achtenvijftig"),
    ("R: Op mijn vierenvijftigste ben ik gestopt.", "leeftijd", "vierenvijftigste"),
    ("R: [PERSOON-4], mijn middelste, is vijftien, die zit op voetbal.", "leeftijd", "vijftien"),
    ("R: Mijn dochter is nu zeventien.", "leeftijd", "zeventien"),
    ("R: Geboren in negentien-zesenzestig, in het oude ziekenhuis.", "datum", "negentien-zesenzestig"),
    ("R: Ik ben op [DATUM-1] geboren, in 1979, thuis.", "datum", "1979"),
    ("R: Dat was op twaalf maart, eh, eenennegentig.", "datum", "twaalf maart, eh, eenennegentig"),
]

QUANTITIES = [
    "R: Ik krijg vijftienhonderd euro per maand, soms twaalfhonderd vijftig euro.",
    "R: Het kost zeshonderd, zevenhonderd euro in de maand.",
    "R: Het scheelt tussen de zeshonderd en zevenhonderd euro.",
    "R: Ik heb twintig jaar bij de gemeente gewerkt, en daarna nog vijf jaar bij een ander.",
    "R: Ik ben drie jaar bij de bakker geweest.",
    "R: Ik werk veertig uur per week, soms tweeëndertig uur.",
    "R: Twee, drie keer per week, vier of vijf uur.",
    "R: We hebben drie kinderen en twee honden.",
    "R: Ik heb tien, twaalf, vijftien sollicitaties gestuurd.",
    "R: We zijn met twaalf, dertien, veertien man.",
    "R: Het waren er zo'n honderdtwintig, honderddertig mensen.",
    "R: Om half tien begin ik, van negen tot vijf, en om kwart voor twaalf eet ik.",
    "R: In negentien negentig ben ik begonnen, in 2019 gestopt, tweeduizend twaalf, dertien was zwaar.",
    "R: In de jaren tachtig, negentig was dat anders.",
    "R: Vijftig procent van de tijd, of 80%.",
    "R: Ik had er een of twee, hooguit drie. Een twee drie, hup, weg.",
    "R: Er en o en a, dat zijn maar letters.",
    "R: Dat staat in artikel vier, lid twee.",
    "R: [PERSOON-2] is twintig jaar bij ons in dienst. Mijn man is drie dagen weg.",
    "R: Geboren in het ziekenhuis, hier een paar kilometer verderop.",
    "R: Dossier D-24-031 en R-2024-017, opname 2024-03, de A2 op.",
]


@pytest.mark.parametrize("text, kind, item", LISTED)
def test_audit_lists_what_is_said_aloud(text, kind, item):
    found = {(f.kind, f.text) for f in audit_texts([("t", text)], set())}
    assert (kind, item) in found


@pytest.mark.parametrize("text", QUANTITIES)
def test_audit_leaves_amounts_durations_counts_times_years_and_percentages(text):
    found = [(f.kind, f.text) for f in audit_texts([("t", text)], set())]
    assert found == []


def test_audit_lists_a_name_in_the_file_name_and_add_deny_reaches_it(project, tmp_path):
    """A firm named only in the file name is listed; after --add-deny, `privacy apply` replaces it
    in the stored name, and a postcode read aloud in the text, listed too, is replaced there."""
    from workbench.privacy.apply import apply_project
    from workbench.privacy.audit import audit_project
    from workbench.store.transcripts import list_transcripts, transcript_text

    f = tmp_path / "interview Tuinderij Kwelderhof.txt"
    f.write_text("Interviewer: Waar woont u?\n\nRespondent: Dat is vier acht drie twee ka el, vlakbij.\n",
                 encoding="utf-8")
    import_files(project, [f], ImportOptions(pseudonymise=False))
    found = {(x.kind, x.text): x for x in audit_project(project)}
    assert "bestandsnaam" in found[("naam", "Tuinderij Kwelderhof")].contexts[0]
    assert ("nummer", "vier acht drie twee ka el") in found
    project.add_to_list("import", "deny", ["Kwelderhof", "vier acht drie twee ka el"])
    (res,) = apply_project(project)
    (tr,) = list_transcripts(project)
    assert "Kwelderhof" not in tr.name and "[ANONIEM-" in tr.name
    assert "ka el" not in transcript_text(project, tr.id)
    assert res.replaced == 2
    left = {(x.kind, x.text) for x in audit_project(project)}
    assert ("nummer", "vier acht drie twee ka el") not in left and not any("Kwelderhof" in t for _, t in left)


def test_een_before_a_word_is_the_article_not_a_digit():
    """"sinds 2020 een IVA-uitkering": a year and the article, not five digits read out."""
    from workbench.ingest.pseudonymise import default_allow_terms

    allow = {a.casefold() for a in default_allow_terms()}
    text = "R: En daardoor heb ik sinds 2020 een IVA-uitkering. Mijn nummer is nul zes, twaalf, vierendertig, een."
    found = [(f.kind, f.text) for f in audit_texts([("t", text)], allow)]
    assert found == [("nummer", "nul zes, twaalf, vierendertig, een")]
