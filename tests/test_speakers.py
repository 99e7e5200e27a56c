"""Speaker label detection and roles."""

from __future__ import annotations

import pytest

from workbench.ingest.speakers import (
    is_role_label,
    is_speaker_label,
    parse_timestamp,
    speaker_role,
    split_speaker,
)


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [
        ("Interviewer: Hoe gaat het met u?", "Interviewer", "Hoe gaat het met u?"),
        ("I: Goedemorgen.", "I", "Goedemorgen."),
        ("R: Goed hoor.", "R", "Goed hoor."),
        ("Respondent: Nou, wisselend.", "Respondent", "Nou, wisselend."),
        ("Moderator: Welkom allemaal.", "Moderator", "Welkom allemaal."),
        ("AD1: Ik zie dat vaak.", "AD1", "Ik zie dat vaak."),
        ("AD 2: Bij ons ook.", "AD 2", "Bij ons ook."),
        ("Deelnemer 3: Ik wilde gewoon werken.", "Deelnemer 3", "Ik wilde gewoon werken."),
        ("Naam Achternaam: Dat klopt.", "Naam Achternaam", "Dat klopt."),
        ("Werkgever: Wij zochten iemand.", "Werkgever", "Wij zochten iemand."),
        ("Mevrouw de Vries: Ja, dat was lastig.", "Mevrouw de Vries", "Ja, dat was lastig."),
        ("Petra van der Berg: Klopt.", "Petra van der Berg", "Klopt."),
        ("Van Dijk: Eens.", "Van Dijk", "Eens."),
        ("De heer Jansen: Precies.", "De heer Jansen", "Precies."),
        ("Jansen-de Vries: Zeker.", "Jansen-de Vries", "Zeker."),
        ("P.J. Bakker: Ja.", "P.J. Bakker", "Ja."),
        ("D01: Ik ben 34.", "D01", "Ik ben 34."),
        ("RIB02: Wij bieden coaching.", "RIB02", "Wij bieden coaching."),
        ("Eva Kramer (UWV): Dat regel ik.", "Eva Kramer (UWV)", "Dat regel ik."),
        ("**Interviewer:** Nog een vraag.", "Interviewer", "Nog een vraag."),
        ("**Eva Kramer**: Nog een vraag.", "Eva Kramer", "Nog een vraag."),
        ("Interviewer : spatie voor de dubbele punt", "Interviewer", "spatie voor de dubbele punt"),
        ("Interviewer:", "Interviewer", ""),
        ("  Int:   Hallo  ", "Int", "Hallo"),
    ],
)
def test_labels_are_detected(line, label, rest):
    assert split_speaker(line) == (label, rest, None)


@pytest.mark.parametrize(
    ("line", "label", "rest", "seconds"),
    [
        ("[00:01:23] Naam: Dat weet ik niet.", "Naam", "Dat weet ik niet.", 83.0),
        ("00:01:23 Naam: Dat weet ik niet.", "Naam", "Dat weet ik niet.", 83.0),
        ("(01:02:03) Interviewer: Oké.", "Interviewer", "Oké.", 3723.0),
        ("[12:05] I: Volgende vraag.", "I", "Volgende vraag.", 725.0),
        ("00:00:07.500 - R: Ja.", "R", "Ja.", 7.5),
        ("Spreker 1 (00:01:05): Goed.", "Spreker 1", "Goed.", 65.0),
        ("[00:00:09]Eva Kramer: Zonder spatie.", "Eva Kramer", "Zonder spatie.", 9.0),
    ],
)
def test_timestamps_are_read(line, label, rest, seconds):
    assert split_speaker(line) == (label, rest, pytest.approx(seconds))


@pytest.mark.parametrize(
    "line",
    [
        "Let op: dit is belangrijk.",
        "Nou ja: zo gaat dat.",
        "http://www.uwv.nl is de website.",
        "Zie https://www.uwv.nl: daar staat het.",
        "om 10:30 had ik een afspraak: bij de arbeidsdeskundige.",
        "10:30 uur: start van het gesprek",
        "Dat is eigenlijk wat ik er zelf van vind: niet veel.",
        "Wat Ik Er Echt Van Vind: niks",
        "Grote Gele Vrolijke Blauwe Huizen: vijf woorden",
        "Mijn moeder zei: ga toch werken.",
        "Jan zei: nee.",
        "dus: zo ging het",
        "Datum: 12 maart 2024",
        "NB: dit is later toegevoegd.",
        "UWV: uitvoeringsinstituut.",
        "Interviewer:zonder spatie",
        "Gewoon een zin zonder dubbele punt.",
        "[00:01:23] gewoon tekst zonder spreker",
        "**Interviewer: niet gesloten",
    ],
)
def test_non_labels_are_left_alone(line):
    label, rest, timestamp = split_speaker(line)
    assert label is None and timestamp is None
    assert rest == line.strip()


def test_extra_labels_extend_the_rules():
    assert split_speaker("UWV: Wij bellen u.")[0] is None
    expected = ("UWV", "Wij bellen u.", None)
    assert split_speaker("UWV: Wij bellen u.", extra_labels={"uwv"}) == expected
    assert split_speaker("Let op: x", extra_labels=["Let op"]) == ("Let op", "x", None)


def test_is_speaker_label_and_role_label():
    assert is_speaker_label("Mevrouw de Vries")
    assert is_speaker_label("Interviewer:")
    assert not is_speaker_label("mijn moeder")
    assert not is_speaker_label("")
    assert is_role_label("Deelnemer 3") and is_role_label("AD1") and is_role_label("I")
    assert not is_role_label("Eva Kramer")


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Interviewer", "interviewer"),
        ("I", "interviewer"),
        ("Int", "interviewer"),
        ("Int.", "interviewer"),
        ("Onderzoeker", "interviewer"),
        ("Interviewster", "interviewer"),
        ("interviewer 2", "interviewer"),
        ("I1", "interviewer"),
        ("Interviewer (Eva)", "interviewer"),
        ("Moderator", "moderator"),
        ("Gespreksleider", "moderator"),
        ("Mod", "moderator"),
        ("M", "moderator"),
        ("Respondent", None),
        ("R", None),
        ("AD1", None),
        ("Eva Kramer", None),
        ("Mevrouw", None),
        (None, None),
        ("", None),
    ],
)
def test_speaker_role(label, role):
    assert speaker_role(label) == role


def test_parse_timestamp():
    assert parse_timestamp("00:01:23") == 83.0
    assert parse_timestamp("1:02:03,250") == pytest.approx(3723.25)
    assert parse_timestamp("12:05") == 725.0
    assert parse_timestamp("00:75:00") is None
    assert parse_timestamp("tien uur") is None
