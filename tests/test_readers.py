"""Transcript readers: every format on small fixtures, and every input error."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.ingest.readers import SUPPORTED_EXTENSIONS, read_transcript, read_transcript_with_headers
from workbench.ingest.turns import Turn

DATA = Path(__file__).parent / "data" / "readers"


def speakers(turns: list[Turn]) -> list[str | None]:
    return [t.speaker for t in turns]


# --- WebVTT ---------------------------------------------------------------------------------


def test_teams_vtt_voice_tags_cue_merging_and_timestamps():
    turns = read_transcript(DATA / "teams.vtt")
    assert speakers(turns) == ["Eva Kramer", "Sanne Bakker", "Eva Kramer", "Sanne Bakker"]
    first = turns[0]
    assert first.text == (
        "Goedemiddag, fijn dat u tijd heeft voor dit gesprek. Ik ben Eva Kramer en ik doe "
        "onderzoek naar de ondersteuning die u van het UWV krijgt & hoe dat bevalt."
    )
    assert first.timestamp == pytest.approx(2.16)
    assert turns[3].text == (
        "Dat ging via mijn klantmanager. Die wees mij op het experiment, en toen heb ik gebeld."
    )
    assert turns[3].timestamp == pytest.approx(23.3)
    joined = " ".join(t.text for t in turns)
    assert "6d2a1f0e" not in joined and "-->" not in joined and "<" not in joined


def test_zoom_vtt_name_prefixes():
    turns = read_transcript(DATA / "zoom.vtt")
    assert speakers(turns) == ["Eva Kramer", "iPhone van Sanne", "Eva Kramer"]
    assert turns[1].text == "Ja, ik hoor u prima. Even het geluid harder zetten."
    assert turns[1].timestamp == pytest.approx(5.02)
    assert turns[2].text == "Dan beginnen we. Om 10:30 moet ik weg, is dat goed?"
    assert turns[2].timestamp == pytest.approx(62.1)


def test_vtt_notes_classes_multiple_voices_bom_and_crlf(tmp_path):
    vtt = (
        "\ufeffWEBVTT - opname\r\n\r\nNOTE gemaakt door de notulist\r\n\r\n"
        "00:01.000 --> 00:03.000 align:start\r\n<v.loud Eva Kramer>Hallo <b>allemaal</b></v>\r\n"
        "<v Jan>Dag Eva</v>\r\n\r\n"
        "00:00:04.000 --> 00:00:05.500\r\n<v Jan>en verder</v>"
    )
    path = tmp_path / "sessie.VTT"
    path.write_bytes(vtt.encode("utf-8"))
    turns = read_transcript(path)
    assert turns == [
        Turn("Eva Kramer", "Hallo allemaal", 1.0),
        Turn("Jan", "Dag Eva en verder", 1.0),
    ]


def test_vtt_without_speakers_is_one_turn(tmp_path):
    path = tmp_path / "ondertitels.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nEerste zin.\n\n"
        "00:00:02.000 --> 00:00:03.000\nTweede zin.\n",
        encoding="utf-8",
    )
    assert read_transcript(path) == [Turn(None, "Eerste zin. Tweede zin.", 1.0)]


# --- SubRip ---------------------------------------------------------------------------------


def test_srt_crlf_no_trailing_blank_prefixes_and_merging():
    raw = (DATA / "interview.srt").read_bytes()
    assert b"\r\n" in raw and not raw.endswith(b"\n")  # the fixture keeps its quirks
    turns = read_transcript(DATA / "interview.srt")
    assert turns == [
        Turn("Interviewer", "Hoe lang werkt u al bij dit bedrijf?", 1.0),
        Turn(
            "Deelnemer 3",
            "Sinds maart. Drie dagen per week. Daarvoor deed ik vrijwilligerswerk.",
            4.8,
        ),
        Turn("Interviewer", "En bevalt dat?", 13.0),
    ]


# --- Plain text and markdown ----------------------------------------------------------------

TXT = (
    "Transcript interview 12 maart\n"
    "Locatie: thuis bij de deelnemer\n"
    "\n"
    "Interviewer: Hoe gaat het met uw privé-situatie?\n"
    "R: Wisselend. Ik was erg geëmotioneerd\n"
    "toen de brief kwam.\n"
    "\n"
    "Maar   het gaat nu beter.\n"
    "Let op: dit zei ze lachend.\n"
    "[00:12:30] Interviewer: Dank u wel.\n"
)
TXT_TURNS = [  # the title and "Locatie:" lines are a header, not speech (ingest/headers.py)
    Turn("Interviewer", "Hoe gaat het met uw privé-situatie?"),
    Turn(
        "R",
        "Wisselend. Ik was erg geëmotioneerd toen de brief kwam.\n\n"
        "Maar het gaat nu beter. Let op: dit zei ze lachend.",
    ),
    Turn("Interviewer", "Dank u wel.", 750.0),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_txt_encodings_header_wrapping_and_paragraphs(tmp_path, encoding):
    path = tmp_path / f"interview-{encoding}.txt"
    path.write_bytes(TXT.replace("\n", "\r\n").encode(encoding))
    assert read_transcript(path) == TXT_TURNS
    _, headers = read_transcript_with_headers(path)
    assert headers == [("Titel", "Transcript interview 12 maart"), ("Locatie", "thuis bij de deelnemer")]


def test_txt_cp1252_only_bytes(tmp_path):
    path = tmp_path / "oud.TXT"
    text = "I: Één vraag – over ‘geld’.\nR: Daar weet ik niks van."
    path.write_bytes(text.encode("cp1252"))
    turns = read_transcript(path)
    assert turns[0] == Turn("I", "Één vraag – over ‘geld’.")
    assert turns[1].speaker == "R"


def test_txt_label_on_its_own_line_and_vertical_tabs(tmp_path):
    path = tmp_path / "los.txt"
    path.write_text(
        "Interviewer:\nWat vond u van het traject?\nD02:\nTe kort.\x0bVeel te kort.\n",
        encoding="utf-8",
    )
    assert read_transcript(path) == [
        Turn("Interviewer", "Wat vond u van het traject?"),
        Turn("D02", "Te kort. Veel te kort."),
    ]


def test_md_bold_labels_and_extra_labels(tmp_path):
    path = tmp_path / "focusgroep.md"
    path.write_text(
        "# Focusgroep RIB\n\n**Moderator:** Welkom.\n\n**RIB01**: Dank.\n"
        "UWV: Wij sluiten aan.\n",
        encoding="utf-8",
    )
    turns = read_transcript(path)
    assert speakers(turns) == [None, "Moderator", "RIB01"]
    assert turns[2].text == "Dank. UWV: Wij sluiten aan."
    turns = read_transcript(path, extra_labels=["UWV"])
    assert speakers(turns) == [None, "Moderator", "RIB01", "UWV"]
    assert turns[0].text == "# Focusgroep RIB"


# --- Word -----------------------------------------------------------------------------------


def _bold_paragraph(doc, label: str, text: str = ""):
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    if text:
        paragraph.add_run(text)
    return paragraph


def test_docx_bold_labels(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_heading("Interview D01", level=1)
    doc.add_paragraph("Transcript interview 12 maart")
    _bold_paragraph(doc, "Interviewer:", " Hoe bent u bij het experiment gekomen?")
    doc.add_paragraph("")
    _bold_paragraph(doc, "Sanne", " Via mijn klantmanager.")  # bold, no colon, used twice
    doc.add_paragraph("Daarna   ging het snel.")
    _bold_paragraph(doc, "Interviewer", " En toen?")
    _bold_paragraph(doc, "Sanne", " Toen kreeg ik een coach.")
    _bold_paragraph(doc, "Werkgever")  # bold paragraph alone, text follows
    doc.add_paragraph("Wij hadden al ervaring.")
    _bold_paragraph(doc, "Absoluut", " niet verwacht dat het zou lukken.")  # emphasis only
    path = tmp_path / "d01.docx"
    doc.save(path)

    assert read_transcript(path) == [
        Turn(None, "Interview D01"),  # the "Transcript …" title line is a header
        Turn("Interviewer", "Hoe bent u bij het experiment gekomen?"),
        Turn("Sanne", "Via mijn klantmanager.\n\nDaarna ging het snel."),
        Turn("Interviewer", "En toen?"),
        Turn("Sanne", "Toen kreeg ik een coach."),
        Turn(
            "Werkgever",
            "Wij hadden al ervaring.\n\nAbsoluut niet verwacht dat het zou lukken.",
        ),
    ]


def test_docx_tables_in_body_order(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Focusgroep arbeidsdeskundigen")
    meta = doc.add_table(rows=0, cols=2)  # not a speaker table: read as text
    for key, value in [("Datum", "12 maart 2024"), ("Locatie", "Utrecht")]:
        cells = meta.add_row().cells
        cells[0].text, cells[1].text = key, value
    table = doc.add_table(rows=0, cols=2)
    for speaker, text in [
        ("Spreker", "Tekst"),
        ("Moderator", "Welkom allemaal."),
        ("AD1", "Dank je."),
        ("", "Nog een aanvulling."),
        ("AD 2:", "Herkenbaar."),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = speaker, text
    table.rows[-1].cells[1].add_paragraph("Tweede alinea.")
    timed = doc.add_table(rows=0, cols=3)
    cells = timed.add_row().cells
    cells[0].text, cells[1].text, cells[2].text = "00:10:05", "Moderator", "Afronding."
    path = tmp_path / "focusgroep.docx"
    doc.save(path)

    assert read_transcript(path) == [
        Turn(None, "Focusgroep arbeidsdeskundigen\n\nDatum\n\n12 maart 2024\n\nLocatie\n\nUtrecht"),
        Turn("Moderator", "Welkom allemaal."),
        Turn("AD1", "Dank je.\n\nNog een aanvulling."),
        Turn("AD 2", "Herkenbaar.\n\nTweede alinea."),
        Turn("Moderator", "Afronding.", 605.0),
    ]


def test_docx_colon_prefixes_and_line_breaks(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("Interviewer: Wat doet u nu?")
    doc.add_paragraph("R: Ik werk twee dagen.")
    doc.add_paragraph("Let op: dit is een notitie van de interviewer.")
    paragraph = doc.add_paragraph("I: En daarvoor?")
    run = paragraph.add_run()
    run.add_break()
    paragraph.add_run("R: Vrijwilligerswerk.")
    doc.add_paragraph("   ")
    path = tmp_path / "wg01.docx"
    doc.save(path)

    assert read_transcript(path) == [
        Turn("Interviewer", "Wat doet u nu?"),
        Turn("R", "Ik werk twee dagen.\n\nLet op: dit is een notitie van de interviewer."),
        Turn("I", "En daarvoor?"),
        Turn("R", "Vrijwilligerswerk."),
    ]


# --- OpenDocument ---------------------------------------------------------------------------


def test_odt_paragraphs_headings_and_spans(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, LineBreak, P, S, Span

    doc = OpenDocumentText()
    doc.text.addElement(H(outlinelevel=1, text="Interview WG01"))
    p = P()
    p.addElement(Span(text="Interviewer:"))
    p.addText(" Hoe vond u het")
    p.addElement(S(c=3))
    p.addText("om iemand aan te nemen?")
    doc.text.addElement(p)
    doc.text.addElement(P(text="Werkgever: Spannend.  "))
    p = P(text="We hadden een jobcoach")
    p.addElement(LineBreak())
    p.addText("die elke week langskwam.")
    doc.text.addElement(p)
    doc.text.addElement(P(text="Dat hielp."))
    path = tmp_path / "wg01.odt"
    doc.save(str(path))

    assert read_transcript(path) == [
        Turn(None, "Interview WG01"),
        Turn("Interviewer", "Hoe vond u het om iemand aan te nemen?"),
        Turn(
            "Werkgever",
            "Spannend.\n\nWe hadden een jobcoach die elke week langskwam.\n\nDat hielp.",
        ),
    ]


# --- Errors ---------------------------------------------------------------------------------


def _error(path: Path, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        read_transcript(path, **kwargs)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    return info.value


def test_missing_file(tmp_path):
    assert "does not exist" in str(_error(tmp_path / "weg.docx"))


def test_unknown_extension_lists_supported(tmp_path):
    path = tmp_path / "interview.pdf"
    path.write_bytes(b"%PDF-1.4")
    message = str(_error(path))
    assert ".pdf" in message
    assert all(ext in message for ext in SUPPORTED_EXTENSIONS)


def test_directory_is_not_a_transcript(tmp_path):
    path = tmp_path / "map.txt"
    path.mkdir()
    assert "not a file" in str(_error(path))


@pytest.mark.parametrize("name", ["leeg.txt", "leeg.docx", "leeg.vtt", "leeg.srt", "leeg.odt"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "empty" in str(_error(path))


def test_whitespace_only_file_has_no_text(tmp_path):
    path = tmp_path / "spaties.md"
    path.write_text(" \n\t\n\n", encoding="utf-8")
    assert "no text" in str(_error(path))


def test_binary_txt(tmp_path):
    path = tmp_path / "interview.txt"
    path.write_bytes(b"Interviewer: hallo\x00\x01\x02\xff\xfe\x00" * 20)
    assert "binary" in str(_error(path))


def test_docx_renamed_to_txt_gets_a_hint(tmp_path):
    path = tmp_path / "interview.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert ".docx" in str(_error(path))


def test_docx_that_is_really_text(tmp_path):
    path = tmp_path / "nep.docx"
    path.write_text("Interviewer: dit is gewoon tekst", encoding="utf-8")
    assert "Word .docx" in str(_error(path))


@pytest.mark.parametrize("name", ["archief.docx", "archief.odt"])
def test_zip_that_is_not_a_document(tmp_path, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notities.txt", "geen document")
    assert "is not a readable" in str(_error(path))


def test_odt_that_is_really_text(tmp_path):
    path = tmp_path / "nep.odt"
    path.write_text("Interviewer: hallo", encoding="utf-8")
    assert ".odt" in str(_error(path))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nSRT, geen VTT\n", "not a valid WebVTT"),
        ("WEBVTT\n\ndit is geen cue\n\nook niet\n", "no readable cues"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:xx\nkapotte tijd\n", "no readable cues"),
    ],
)
def test_broken_vtt(tmp_path, content, expected):
    path = tmp_path / "kapot.vtt"
    path.write_text(content, encoding="utf-8")
    assert expected in str(_error(path))


def test_broken_srt(tmp_path):
    path = tmp_path / "kapot.srt"
    path.write_text("Dit is een gewone tekst\nzonder cues.\n", encoding="utf-8")
    assert "not a valid SubRip" in str(_error(path))


def test_library_exceptions_never_escape(tmp_path, monkeypatch):
    import workbench.ingest.readers.text as text_reader

    def boom(path, extra_labels=()):
        raise RuntimeError("onverwacht")

    monkeypatch.setattr(text_reader, "read_text", boom)
    path = tmp_path / "a.txt"
    path.write_text("R: hallo", encoding="utf-8")
    assert "onverwacht" in str(_error(path))
