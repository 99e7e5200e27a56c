"""privacy audit, privacy apply and import --replace keeping codings (items 3 and 4)."""

import json

import pytest
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.ingest.importer import ImportOptions, import_files
from workbench.ingest.offsets import OffsetMap, match_segments
from workbench.store.events import list_events
from workbench.store.transcripts import list_segments, list_transcripts, transcript_text

runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()

TEXT = """Interviewer: Waar werkt u nu?

Respondent: Ik werk nu bij de Spaarmarkt, daarvoor zat ik tweeëntwintig jaar bij de Grootbank.

Interviewer: En hoe bevalt dat?

Respondent: Prima. De Spaarmarkt is een fijne plek, ik ben geboren op twaalf maart, eh, eenennegentig.

Respondent: Bel me maar op 06-12345678 als er iets is.
"""


@pytest.fixture
def coded(project, tmp_path):
    """One imported interview, its source file deleted, with codings of three coders (one with a span).
    Imported without pseudonymisation, so that the leaks stay whatever the detection rules become."""
    from workbench.store.codings import replace_suggestions, set_decision

    f = tmp_path / "gesprek.txt"
    f.write_text(TEXT, encoding="utf-8")
    import_files(project, [f], ImportOptions(pseudonymise=False))
    f.unlink()  # apply works on the stored text alone
    segs = list_segments(project, codable_only=True)
    text = transcript_text(project, segs[0].transcript_id)
    with project.session() as s:
        for seg in segs:
            set_decision(s, seg.id, "werk", "anna", "accepted")
        replace_suggestions(s, [(seg.id, "werk", 0.7, "") for seg in segs], [seg.id for seg in segs], ["werk"])
        a = text.index("daarvoor")
        set_decision(s, segs[0].id, "baan", "ben", "accepted", span=(a, segs[0].end))
    return segs


def _codings(project):
    from workbench.store.codings import list_codings

    return sorted((c.segment_id, c.code_id, c.coder, c.status) for c in list_codings(project))


def test_audit_lists_names_numbers_and_dates_with_context(project, coded):
    from workbench.privacy.audit import audit_project

    found = {(f.kind, f.text): f for f in audit_project(project)}
    assert found[("naam", "Spaarmarkt")].count == 2
    assert "bij de Spaarmarkt" in found[("naam", "Spaarmarkt")].contexts[0]
    assert ("naam", "Grootbank") in found
    assert any(k == "datum" and "twaalf maart" in t for k, t in found)
    assert not any(t in ("Prima", "De", "Interviewer", "Respondent") for _, t in found)  # ordinary words, labels
    assert not any("[" in t for _, t in found)  # tags are not findings
    res = runner.invoke(app, ["privacy", "audit", "--json", "--project", str(project.root)])
    rows = json.loads(res.output)
    assert res.exit_code == 0 and {"kind", "text", "count", "contexts", "transcripts"} <= set(rows[0])


def test_audit_lists_a_name_that_opens_a_sentence_when_it_is_no_dutch_word():
    from workbench.privacy.audit import audit_texts

    text = "Respondent: Kwikstaartwerk regelde alles. Mooi was dat. Daarna ging het goed. UWV deed niets."
    found = {(f.kind, f.text) for f in audit_texts([("t", text)], {"uwv"})}
    assert ("naam", "Kwikstaartwerk") in found
    assert not any(t in ("Mooi", "Daarna", "UWV") for _, t in found)


def test_audit_add_deny_keeps_the_settings_file_readable(project):
    res = runner.invoke(app, ["privacy", "audit", "--add-deny", "Spaarmarkt", "--add-deny", "Grootbank",
                              "--add-deny", "spaarmarkt", "--project", str(project.root)])
    assert res.exit_code == 0 and "2 added" in res.output
    cfg = (project.root / "workbench.toml").read_text(encoding="utf-8")
    assert "# Words always kept" in cfg  # comments kept
    from workbench.store.project import Project

    assert Project.open(project.root).setting("import", "deny") == ["Spaarmarkt", "Grootbank"]


def test_apply_fixes_a_leak_and_every_coding_survives(project, coded, tmp_path):
    from workbench.privacy.apply import apply_project

    before = _codings(project)
    seg_ids = [s.id for s in list_segments(project, codable_only=False)]
    project.add_to_list("import", "deny", ["Spaarmarkt", "Grootbank"])
    key = tmp_path / "key.json"
    (res,) = apply_project(project, key_file=key)
    assert res.replaced >= 4 and res.codings == len(before)
    assert _codings(project) == before  # every coder's codings, on the same segment ids
    segs = list_segments(project, codable_only=False)
    assert [s.id for s in segs] == seg_ids
    text = transcript_text(project, segs[0].transcript_id)
    assert "Spaarmarkt" not in text and "Grootbank" not in text
    for s in segs:
        assert text[s.start:s.end] == s.text
    assert segs[1].text.startswith("Ik werk nu bij de [")
    from workbench.store.codings import list_codings

    (spanned,) = [c for c in list_codings(project) if c.coder == "ben"]
    assert text[spanned.span_start:spanned.span_end].startswith("daarvoor zat ik")
    assert text[spanned.span_start:spanned.span_end].endswith("].")
    (ev,) = list_events(project, action="privacy-apply")
    assert ev.details["replaced"] == res.replaced and "Spaarmarkt" not in json.dumps(ev.details)
    entry = next(iter(json.loads(key.read_text(encoding="utf-8"))["transcripts"].values()))
    assert "Spaarmarkt" in json.dumps(entry["tags"]) and "06-12345678" in json.dumps(entry["tags"])
    (again,) = apply_project(project)
    assert again.replaced == 0  # nothing left to do
    assert _codings(project) == before


def test_apply_dry_run_changes_nothing(project, coded, db_snapshot):
    project.add_to_list("import", "deny", ["Spaarmarkt"])
    before = db_snapshot(project)
    res = runner.invoke(app, ["privacy", "apply", "--dry-run", "--project", str(project.root)])
    assert res.exit_code == 0 and "would replace" in res.output
    assert db_snapshot(project) == before


def test_replace_keeps_codings_of_unchanged_segments_and_lists_the_dropped(project, tmp_path):
    from workbench.store.codings import set_decision

    f = tmp_path / "gesprek.txt"
    f.write_text(TEXT, encoding="utf-8")
    import_files(project, [f], ImportOptions(pseudonymise=False))
    (tid,) = [t.id for t in list_transcripts(project)]
    old = {s.text: s.id for s in list_segments(project, codable_only=True)}
    with project.session() as s:
        for sid in old.values():
            set_decision(s, sid, "werk", "anna", "accepted")
    f.write_text("Interviewer: Eerst even dit.\n\n" + TEXT.replace("Bel me maar", "Mail me maar"), encoding="utf-8")
    res = runner.invoke(app, ["import", str(f), "--replace", "--no-pseudonymise", "--project", str(project.root)])
    assert res.exit_code == 0 and "replaced" in res.output and "1 codings dropped" in res.output
    assert "dropped: anna accepted werk" in res.output
    (tr,) = list_transcripts(project)
    assert tr.id == tid
    new = {s.text: s.id for s in list_segments(project, codable_only=True)}
    text = transcript_text(project, tid)
    for seg in list_segments(project, codable_only=True):
        assert text[seg.start:seg.end] == seg.text
    kept = [t for t in old if t in new]
    assert len(kept) == len(old) - 1 and all(old[t] == new[t] for t in kept)
    assert sorted(c[0] for c in _codings(project)) == sorted(old[t] for t in kept)


def test_offset_map_moves_spans_through_replacements():
    text = "Ik ben Kees Jansen en woon in Tilburg."
    m = OffsetMap([(7, 18, "[PERSOON-1]"), (30, 37, "[LOCATIE-1]")])
    new = m.apply(text)
    assert new == "Ik ben [PERSOON-1] en woon in [LOCATIE-1]."
    assert new[slice(*m.span(0, 6))] == "Ik ben"
    assert new[slice(*m.span(19, 38))] == "en woon in [LOCATIE-1]."
    assert new[slice(*m.span(12, 18))] == "[PERSOON-1]"  # a span inside a replacement grows to the tag
    with pytest.raises(ValueError):
        OffsetMap([(0, 5, "x"), (3, 8, "y")])


def test_match_segments_pairs_repeated_texts_in_order():
    assert match_segments(["a", "ja", "b", "ja"], ["x", "a", "ja", "c", "ja"]) == {0: 1, 1: 2, 3: 4}


def test_apply_gives_a_leftover_original_its_known_tag_from_the_key(project, tmp_path):
    from workbench.ingest.keyfile import KeyFile
    from workbench.privacy.apply import apply_project

    f = tmp_path / "t.txt"
    f.write_text("Interviewer: Hoe ging het?\n\nRespondent: [PERSOON-1] belde, en toen zei Jansen dat het goed was.\n",
                 encoding="utf-8")
    import_files(project, [f], ImportOptions(pseudonymise=False))
    (tr,) = list_transcripts(project)
    key = tmp_path / "key.json"
    KeyFile.open(project, key).put(tr.uid, name=tr.name, file="t.txt", tags={"[PERSOON-1]": ["Kees Jansen"]})
    apply_project(project, key_file=key)
    seg = list_segments(project, codable_only=True)[0]
    assert seg.text == "[PERSOON-1] belde, en toen zei [PERSOON-1] dat het goed was."


def test_audit_skips_origin_words_known_compounds_and_place_words_opening_a_sentence():
    from workbench.ingest.pseudonymise import default_allow_terms
    from workbench.privacy.audit import audit_texts

    allow = {t.casefold() for t in default_allow_terms()}
    text = ("Ik spreek Turks en mijn man is Nederlander, een Syrische buurvrouw helpt. Mijn IVA-uitkering "
            "en de Wajong-DGA bleven. Een ding nog. Echt waar. We woonden in Echt bij Hanneke Zwartbol.")
    found = {f.text: f for f in audit_texts([("t", text)], allow)}
    assert not {"Turks", "Nederlander", "Syrische", "IVA-uitkering", "Wajong-DGA", "Een"} & set(found)
    assert found["Echt"].count == 1  # the village mid-sentence, not "Echt waar."
    assert "Hanneke Zwartbol" in found or "Zwartbol" in found


def test_audit_skips_interjections_also_reduplicated_but_not_a_name():
    from workbench.ingest.pseudonymise import default_allow_terms
    from workbench.privacy.audit import audit_texts

    allow = {t.casefold() for t in default_allow_terms()}
    text = ("R: Hm-hm. Ja-ja, dat weet ik. I: Au. Dat klinkt pijnlijk. R: Mm-hmm. "
            "R: Toen belde Gerbrandina Wolterbeek van het bureau.")
    found = {f.text for f in audit_texts([("t", text)], allow)}
    assert not {"Hm-hm", "Ja-ja", "Au", "Mm-hmm"} & found
    assert {"Gerbrandina Wolterbeek", "Wolterbeek", "Gerbrandina"} & found


def test_audit_reads_a_word_after_a_transcribers_note_as_opening_a_sentence():
    from workbench.ingest.pseudonymise import default_allow_terms
    from workbench.privacy.audit import audit_texts

    allow = {t.casefold() for t in default_allow_terms()}
    text = ("R: Ik heb nu een fiets. [lacht] Een auto is te duur. I: [lacht] Afgesproken. "
            "R: (zucht) Wisselend. R: [pauze] Drie weken ging het. We woonden toen in Een, bij Assen.")
    found = {f.text: f for f in audit_texts([("t", text)], allow)}
    assert not {"Afgesproken", "Wisselend", "Drie"} & set(found)
    assert found["Een"].count == 1  # the village mid-sentence, not "[lacht] Een auto"
