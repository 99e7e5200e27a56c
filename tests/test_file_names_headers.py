"""Stored names (own detection, collisions, ambiguity) and transcription headers (items 5 and 6)."""

import json

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.ingest.file_names import KeyTagger, clean_file_name
from workbench.ingest.headers import coarsen_dates, header_line, split_headers
from workbench.ingest.importer import ImportOptions, import_files
from workbench.ingest.turns import Turn
from workbench.store.transcripts import list_segments, list_transcripts

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.mark.parametrize("name,gone,kept", [
    ("Gesprek_Marloes_Verhoeven_0687654321.txt", ["Marloes", "Verhoeven", "0687654321"], ["Gesprek", ".txt"]),
    ("interview_2024_Sjoerd_de_Graaf.docx", ["Sjoerd", "Graaf", "_de_"], ["interview_2024_", ".docx"]),
    ("Gesprek met Yvonne van den Heuvel 06-1122 3344.vtt", ["Yvonne", "Heuvel", "1122"], ["Gesprek met"]),
    ("interview_Qirina_Brouwersma.txt", ["Qirina", "Brouwersma"], ["interview_"]),  # not on any list
    ("respondent_R03_interview_2025-06-10.txt", ["2025-06-10"], ["R03", "interview_2025-06"]),
    ("focusgroep_AD_wave2_def.odt", [], ["focusgroep_AD_wave2_def.odt"]),
    ("Interview Mooi gesprek.txt", [], ["Mooi"]),
])
def test_file_names_get_their_own_detection(name, gone, kept):
    key = {}
    out = clean_file_name(name, KeyTagger(key))
    for g in gone:
        assert g not in out, out
    for k in kept:
        assert k in out, out
    assert all(g.strip("_") in json.dumps(key) for g in gone if g.strip("_").isalnum())  # originals kept in the key


def test_a_name_known_from_the_text_keeps_its_tag_in_the_file_name(project, tmp_path):
    f = tmp_path / "Gesprek_Marloes_Verhoeven_0687654321.txt"
    f.write_text("Interviewer: Welkom.\n\nRespondent: Ik ben Marloes Verhoeven en ik werk weer.\n", encoding="utf-8")
    import_files(project, [f], ImportOptions())
    (tr,) = list_transcripts(project)
    assert tr.name.startswith("Gesprek_[PERSOON-1]_") and "0687654321" not in tr.name
    assert "[PERSOON-1]" in list_segments(project, codable_only=True)[0].text


def test_collisions_get_a_suffix_and_an_ambiguous_name_is_refused(project, tmp_path):
    files = []
    for person in ("Kees Jansen", "Anna Bakker"):
        d = tmp_path / person.split()[0]
        d.mkdir()
        f = d / f"{person.replace(' ', '_')}_interview_2025-06-10.txt"
        f.write_text(f"Interviewer: Dag {person}.\n\nRespondent: Ik ben {person}, ik wil werken.\n", encoding="utf-8")
        files.append(f)
    import_files(project, files, ImportOptions())
    names = sorted(t.name for t in list_transcripts(project))
    assert names == ["[PERSOON-1]_interview_2025-06-2.txt", "[PERSOON-1]_interview_2025-06.txt"]
    res = runner.invoke(app, ["segments", "--transcript", "[persoon-1]_interview_2025-06",
                              "--project", str(project.root)])
    assert res.exit_code != 0 and "ambiguous" in res.output and "Traceback" not in res.output
    for n in names:
        assert n in res.output
    res = runner.invoke(app, ["segments", "--transcript", names[0], "--jsonl", "--project", str(project.root)])
    assert res.exit_code == 0 and names[0] in res.output


HEADER_LINES = ["Bestand: Gesprek_Marloes_Verhoeven.mp3", "Duur: 00:47:12", "Datum opname: 10 juni 2025",
                "Transcriptie door: Typfabriek Noord"]


def _write(fmt, path):
    speech = [("Interviewer", "Hoe gaat het met werken?"), ("Respondent", "Het gaat goed, ik werk drie dagen.")]
    if fmt == "txt":
        path.write_text("\n".join(HEADER_LINES) + "\n\n" + "\n".join(f"{s}: {t}" for s, t in speech)
                        + "\nPagina 1 van 1\n", encoding="utf-8")
    elif fmt == "docx":
        from docx import Document

        doc = Document()
        for line in HEADER_LINES:
            doc.add_paragraph(line)
        for s, t in speech:
            doc.add_paragraph(f"{s}: {t}")
        doc.add_paragraph("Pagina 1 van 1")
        doc.save(path)
    elif fmt == "vtt":
        cues = [f"00:00:0{i}.000 --> 00:00:0{i}.900\n{line}" for i, line in enumerate(HEADER_LINES)]
        cues += [f"00:00:1{i}.000 --> 00:00:1{i}.900\n<v {s}>{t}</v>" for i, (s, t) in enumerate(speech)]
        path.write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    elif fmt == "srt":
        cues = [f"{i + 1}\n00:00:0{i},000 --> 00:00:0{i},900\n{line}" for i, line in enumerate(HEADER_LINES)]
        cues += [f"{i + 9}\n00:00:1{i},000 --> 00:00:1{i},900\n{s}: {t}" for i, (s, t) in enumerate(speech)]
        path.write_text("\n\n".join(cues) + "\n", encoding="utf-8")
    elif fmt == "odt":
        from odf.opendocument import OpenDocumentText
        from odf.text import P

        doc = OpenDocumentText()
        for line in HEADER_LINES + [f"{s}: {t}" for s, t in speech] + ["Pagina 1 van 1"]:
            doc.text.addElement(P(text=line))
        doc.save(str(path))
    return path


@pytest.mark.parametrize("fmt", ["txt", "docx", "vtt", "srt", "odt"])
def test_headers_are_not_speech_in_any_format(fmt, tmp_path):
    from workbench.ingest.readers import read_transcript_with_headers

    turns, headers = read_transcript_with_headers(_write(fmt, tmp_path / f"t.{fmt}"))
    assert [t.speaker for t in turns] == ["Interviewer", "Respondent"]
    assert not any(w in t.text for t in turns for w in ("Bestand", "Duur", "Pagina", "Typfabriek"))
    keys = dict(headers)
    assert keys["Bestand"] == "Gesprek_Marloes_Verhoeven.mp3" and keys["Duur"] == "00:47:12"
    assert keys["Datum opname"] == "10 juni 2025" and keys["Transcriptie door"] == "Typfabriek Noord"


def test_headers_are_stored_pseudonymised_and_never_segmented(project, tmp_path):
    import_files(project, [_write("txt", tmp_path / "t.txt")], ImportOptions())
    (tr,) = list_transcripts(project)
    assert tr.date == "2025-06"
    h = tr.headers
    assert h["Duur"] == "00:47:12"
    assert "Marloes" not in json.dumps(h) and "Typfabriek" not in json.dumps(h) and "10 juni" not in json.dumps(h)
    segs = list_segments(project, codable_only=False)
    assert [s.speaker for s in segs] == ["Interviewer", "Respondent"]
    assert not any("Bestand" in s.text or "Pagina" in s.text for s in segs)


def test_a_page_footer_inside_wrapped_speech_is_taken_out():
    turns, headers = split_headers([Turn("R", "ik werkte daar Pagina 3 van 9 twintig jaar")])
    assert turns[0].text == "ik werkte daar twintig jaar" and ("Pagina's", "1") in headers
    assert header_line("Datum: geen idee") == ("Datum", "geen idee")
    assert header_line("Ik zei: ja") is None and header_line("Respondent: ja") is None


def test_dates_are_kept_to_the_month():
    assert coarsen_dates("opname_2025-06-10_en_10-06-2025 op 10 juni 2025, 20250610") == \
        "opname_2025-06_en_2025-06 op juni 2025, 2025-06"


def _read_txt(tmp_path, text):
    from workbench.ingest.readers import read_transcript_with_headers

    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return read_transcript_with_headers(path)


def test_a_metadata_block_above_a_rule_line_is_header_not_speakers(tmp_path):
    turns, headers = _read_txt(tmp_path, (
        "VERSLAG GESPREK NAASTE\nRespondentcode: N12, partner van deelnemer D07\n"
        "Interviewer:   Sanne Wouters\nRespondent:    Henk Bolhuis (partner)\nDuur: 51 minuten\n"
        "Legenda: I = interviewer, R = respondent\n\n------------------------\n\n"
        "I: Fijn dat ik mocht komen.\n\nR: Graag gedaan, kom binnen.\n\nI: Hoe gaat het met werken?\n"))
    assert [t.speaker for t in turns] == ["I", "R", "I"]
    keys = dict(headers)
    assert keys["Interviewer"] == "Sanne Wouters" and keys["Respondent"] == "Henk Bolhuis (partner)"
    assert keys["Respondentcode"].startswith("N12") and keys["Legenda"].startswith("I = interviewer")
    assert not any("---" in t.text for t in turns)


def test_role_labels_opening_a_dialogue_stay_speech(tmp_path):
    # No header key, no rule line: "Interviewer: Welkom." is the first thing said, even with a
    # page footer elsewhere in the file.
    turns, _ = _read_txt(tmp_path, "Interviewer: Welkom.\n\nRespondent: Dank je.\n\n"
                                   "Interviewer: Hoe ging het?\n\nPagina 1 van 1\n")
    assert [t.speaker for t in turns] == ["Interviewer", "Respondent", "Interviewer"]
    assert turns[0].text == "Welkom."


def test_a_repeated_role_label_ends_the_metadata_block(tmp_path):
    turns, headers = _read_txt(tmp_path, "Projectnummer: 2024-9\nInterviewer: Daan\n"
                                         "Interviewer: Goedemorgen, zullen we beginnen\n\nRespondent: Ja hoor.\n")
    assert dict(headers)["Interviewer"] == "Daan"
    assert [t.speaker for t in turns] == ["Interviewer", "Respondent"]


def test_role_labels_after_header_lines_stay_speech_when_they_say_something(tmp_path):
    turns, headers = _read_txt(tmp_path, "Datum: 3 mei 2025\nInterviewer: Welkom.\n"
                                         "Respondent: Dank je\n\nInterviewer: Hoe ging het?\n")
    assert [t.speaker for t in turns] == ["Interviewer", "Respondent", "Interviewer"]
    assert dict(headers) == {"Datum": "3 mei 2025"}
