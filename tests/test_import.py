"""Import end to end: speakers, respondents, pseudonymisation, segments, offsets, re-import."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.ingest.importer import ImportOptions, import_files
from workbench.store.transcripts import list_respondents, list_segments, list_transcripts

INTERVIEW = """Interviewer: Goedemiddag meneer Jansen, fijn dat u tijd heeft.

Respondent: Ja, eh, ik ben Kees Jansen en ik woon in Tilburg, aan de Dorpsstraat 12. Mijn nummer is 06-12345678 en mijn mail kees.jansen@gmail.com. Ik heb een IVA-uitkering van het UWV.

Interviewer: Hm-hm.

Respondent: Ja.

Respondent: Ik wil graag weer werken, want thuis zitten is niks voor mij. Maar ik ben bang dat mijn toeslagen omlaag gaan. Jansen is mijn achternaam, dat zei ik al.
"""

CSV = "id,file,speaker,type,uitkering,geslacht,leeftijdsgroep,periode,werksituatie,wave,extra\n" \
      "D01,interview_Kees_Jansen.txt,Respondent,deelnemer,IVA,man,45-55,experiment,geen werk,2024,x\n"


@pytest.fixture
def files(tmp_path):
    t = tmp_path / "interview_Kees_Jansen.txt"
    t.write_text(INTERVIEW, encoding="utf-8")
    c = tmp_path / "respondents.csv"
    c.write_text(CSV, encoding="utf-8")
    return t, c


def test_import_pseudonymises_links_and_segments(project, files, tmp_path):
    t, c = files
    key = tmp_path / "keys" / "key.json"
    rep = import_files(project, [t], ImportOptions(respondents_csv=c, key_file=key))
    assert [r.status for r in rep.results] == ["imported"]
    (tr,) = list_transcripts(project)
    assert "Jansen" not in tr.name and "Kees" not in tr.name and tr.name.endswith(".txt")
    assert tr.wave == "2024" and tr.respondent_type == "deelnemer" and tr.kind == "interview"
    with project.session() as s:
        from workbench.store.schema import Transcript

        text = s.get(Transcript, tr.id).text
    for ident in ("Kees", "Jansen", "Tilburg", "Dorpsstraat", "06-12345678", "kees.jansen@gmail.com"):
        assert ident not in text
    assert "UWV" in text and "IVA" in text  # allow-list kept
    # consistent tags: the surname alone gets the full name's tag
    assert text.count("[PERSOON-1]") >= 3
    segs = list_segments(project, codable_only=True)
    assert segs and all(s.respondent_id == "D01" and s.role == "respondent" for s in segs)
    for s in segs:
        assert text[s.start:s.end] == s.text
    # backchannel "Ja." and interviewer turns are not codable segments
    assert not any(s.text.strip() == "Ja." for s in segs)
    (resp,) = list_respondents(project)
    assert resp.attributes["uitkering"] == "IVA" and resp.attributes["extra"] == "x"
    # the key is outside the project and holds the originals; the DB does not
    k = json.loads(key.read_text(encoding="utf-8"))
    assert "Kees Jansen" in json.dumps(k)
    assert b"Kees" not in (project.root / "workbench.db").read_bytes()


def test_reimport_identical_is_noop_and_changed_needs_replace(project, files, db_snapshot):
    t, c = files
    import_files(project, [t], ImportOptions(respondents_csv=c))
    before = db_snapshot(project)
    rep = import_files(project, [t], ImportOptions())
    assert rep.results[0].status == "skipped"
    assert db_snapshot(project)["segment"] == before["segment"]
    t.write_text(INTERVIEW + "\nRespondent: Nog iets over mijn coach.\n", encoding="utf-8")
    rep = import_files(project, [t], ImportOptions())
    assert rep.results[0].status == "failed" and "--replace" in rep.results[0].message
    assert db_snapshot(project)["transcript"] == before["transcript"]
    rep = import_files(project, [t], ImportOptions(replace=True))
    assert rep.results[0].status == "replaced"
    assert len(list_transcripts(project)) == 1


def test_focus_group_speakers_map_to_respondents(project, tmp_path):
    fg = tmp_path / "fg.txt"
    fg.write_text("Moderator: Welkom allemaal.\n\nAD1: Veel deelnemers zijn gemotiveerd.\n\n"
                  "AD2: Dat zie ik ook, al zijn ze bang voor hun toeslagen.\n\n"
                  "AD3: Sommigen willen te snel, dat moeten we afremmen.\n", encoding="utf-8")
    csv = tmp_path / "r.csv"
    csv.write_text("id,file,speaker,type,geslacht,wave\nAD01,fg.txt,AD1,arbeidsdeskundige,vrouw,2024\n"
                   "AD02,fg.txt,AD2,arbeidsdeskundige,man,2024\nAD03,fg.txt,AD3,arbeidsdeskundige,man,2024\n"
                   ",fg.txt,Moderator,moderator,,\n", encoding="utf-8")
    import_files(project, [fg], ImportOptions(respondents_csv=csv))
    (tr,) = list_transcripts(project)
    assert tr.kind == "focusgroep" and tr.respondents == ["AD01", "AD02", "AD03"]
    assert {s.respondent_id for s in list_segments(project, codable_only=True)} == {"AD01", "AD02", "AD03"}
    assert all(s.role == "interviewer" or s.role == "moderator" or s.respondent_id
               for s in list_segments(project, codable_only=False))


def test_respondent_option_and_unknown_respondent(project, tmp_path, db_snapshot):
    t = tmp_path / "a.txt"
    t.write_text("I: Hoe gaat het?\n\nR: Goed, ik werk nu twee dagen per week.\n", encoding="utf-8")
    before = db_snapshot(project)
    rep = import_files(project, [t], ImportOptions(respondent="D99"))
    assert rep.results[0].status == "failed" and "D99" in rep.results[0].message
    assert db_snapshot(project) == before


def test_max_segment_chars_splits_at_sentences(project, tmp_path):
    t = tmp_path / "long.txt"
    sentence = "Ik wil graag weer aan het werk, want dat geeft me structuur en contact met mensen. "
    t.write_text("Interviewer: Vertel.\n\nRespondent: " + sentence * 20 + "\n", encoding="utf-8")
    import_files(project, [t], ImportOptions(max_chars=300))
    segs = list_segments(project, codable_only=True)
    assert len(segs) > 1 and all(len(s.text) <= 300 for s in segs)
    assert all(s.text.endswith(".") for s in segs)


runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()


@pytest.mark.parametrize("name,content,needle", [
    ("broken.docx", b"this is not a zip", "broken.docx"),
    ("empty.txt", b"", "empty.txt"),
    ("binary.txt", bytes(range(256)) * 4, "binary.txt"),
    ("notes.pdf", b"%PDF-1.4", "notes.pdf"),
])
def test_bad_files_one_line_nonzero_db_unchanged(project, tmp_path, db_snapshot, name, content, needle):
    p = tmp_path / name
    p.write_bytes(content)
    before = db_snapshot(project)
    res = runner.invoke(app, ["import", str(p), "--project", str(project.root)])
    assert res.exit_code != 0
    assert needle in res.output and "Traceback" not in res.output
    assert db_snapshot(project) == before


@pytest.mark.parametrize("csv_text,needle", [
    ("name,file\nx,y\n", "missing column"),
    ("\x00\x01\x02binary", "not a CSV"),
])
def test_bad_respondents_csv(project, files, tmp_path, db_snapshot, csv_text, needle):
    t, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text, encoding="utf-8")
    before = db_snapshot(project)
    res = runner.invoke(app, ["import", str(t), "--respondents", str(bad), "--project", str(project.root)])
    assert res.exit_code != 0 and needle in res.output and "bad.csv" in res.output
    assert db_snapshot(project) == before


def test_missing_file_and_batch_report(project, files, tmp_path):
    t, c = files
    res = runner.invoke(app, ["import", str(t), str(tmp_path / "nope.txt"), "--respondents", str(c),
                              "--project", str(project.root)])
    assert res.exit_code == 1
    assert "nope.txt: file not found" in res.output and "1 imported" in res.output and "1 failed" in res.output
    # the imported file is shown by its pseudonymised name only
    assert "interview_[PERSOON-1].txt" in res.output and "Kees" not in res.output


def test_key_file_inside_project_refused(project, files):
    t, c = files
    res = runner.invoke(app, ["import", str(t), "--key-file", str(project.root / "key.json"),
                              "--project", str(project.root)])
    assert res.exit_code != 0 and "outside the project" in res.output


def test_newer_schema_refused(project):
    from sqlalchemy import text

    from workbench.errors import ProjectError
    from workbench.store.project import Project

    with project.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(ProjectError, match="newer|upgrade"):
        Project.open(project.root)


def test_segments_jsonl_cli(project, files):
    t, c = files
    import_files(project, [t], ImportOptions(respondents_csv=c))
    res = runner.invoke(app, ["segments", "--jsonl", "--project", str(project.root)])
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert rows and set(rows[0]) >= {"id", "transcript", "respondent", "speaker", "start", "end", "text"}


def test_sentence_end_between_two_names_stays_in_the_text():
    from workbench.ingest.pseudonymise import Pseudonymiser

    text = "Ja, met mevrouw Vermeulen. Linda Vermeulen. Dat was hier. Dhr. J. Jansen was er ook."
    out = Pseudonymiser().run(["Respondent"], [text], "x.txt")
    (clean,) = out.texts
    for ident in ("Vermeulen", "Linda", "Jansen"):
        assert ident not in clean
    # deduce finds "Vermeulen. Linda Vermeulen" as one name; the full stop between them is kept
    assert "mevrouw [PERSOON-1]. [PERSOON-1]. Dat was hier." in clean
    # an initial is not a sentence end: "J. Jansen" stays one name
    assert "Dhr. [PERSOON-2] was er ook." in clean
    assert out.key["[PERSOON-2]"] == ["J. Jansen"]
