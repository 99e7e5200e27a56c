"""Projects as ATLAS.ti, MAXQDA, NVivo and QualCoder write them, built here by hand, one quirk each."""

from __future__ import annotations

import pytest

from qdpx_helpers import FakePseudonymiser, state, write_qdpx
from workbench.interop.qdpx_import import QdpxImportOptions, import_qdpx

KEEP = QdpxImportOptions(pseudonymise=False)
CODE_A = "0b0f6a2e-1111-4aaa-8aaa-000000000001"
CODE_B = "0b0f6a2e-1111-4aaa-8aaa-000000000002"
USER = "0b0f6a2e-2222-4aaa-8aaa-000000000001"
SRC = "0b0f6a2e-3333-4aaa-8aaa-000000000001"


def qde(ns: str, sources: str, *, extra: str = "", codebook: str | None = None) -> str:
    codebook = codebook if codebook is not None else f"""
  <CodeBook><Codes>
    <Code guid="{{{CODE_A}}}" name="Motivatie" isCodable="true"/>
    <Code guid="{CODE_B.upper()}" name="Geldzorgen" isCodable="true" color="#F0A"><Description>Zorgen over geld.</Description></Code>
  </Codes></CodeBook>"""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{ns}" name="Buitenland" origin="tool">
  <Users><User guid="{{{USER}}}" name="Sanne"/></Users>{codebook}{extra}
  <Sources>{sources}</Sources>
</Project>"""


def selection(guid_no: int, start: int, end: int, code: str, name: str | None = None) -> str:
    named = f' name="{name}"' if name is not None else ""
    return (f'<PlainTextSelection guid="{{0b0f6a2e-4444-4aaa-8aaa-{guid_no:012d}}}"{named} startPosition="{start}" '
            f'endPosition="{end}"><Coding guid="0b0f6a2e-5555-4aaa-8aaa-{guid_no:012d}" creatingUser="{USER}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


def coded_words(project) -> dict[str, list[str]]:
    """code -> the words its codings cover, read from the stored text."""
    from workbench.store.exchange import export_snapshot

    snap = export_snapshot(project)
    text = {t.id: t.text for t in snap.transcripts}
    out: dict[str, list[str]] = {}
    for c in snap.codings:
        out.setdefault(c.code_id, []).append(text[c.transcript_id][c.start:c.end])
    return {k: sorted(set(v)) for k, v in out.items()}


TEXT = "Interviewer: Hoe gaat het? 😀\nRespondent: Goed 👍🏽 maar ik wil structuur en meer geld 💶 voor mijn gezin."


def _cp(text: str, word: str) -> tuple[int, int]:
    a = text.index(word)
    return a, a + len(word)


def _u16(text: str, k: int) -> int:
    return k + sum(ord(ch) > 0xFFFF for ch in text[:k])


def test_atlas_style_named_qde_braces_lowercase_namespace_1_0_and_names(project, tmp_path):
    a, b = _cp(TEXT, "structuur")
    c, d = _cp(TEXT, "meer geld")
    src = (f'<TextSource guid="{{{SRC}}}" name="interview_1" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, a, b, "{" + CODE_A + "}", "structuur")}{selection(2, c, d, CODE_B, "meer geld")}</TextSource>')
    path = write_qdpx(tmp_path / "atlas.qdpx", qde("urn:QDA-XML:project:1:0", src),
                      {f"Sources/{SRC.upper()}.txt": TEXT}, qde_name="Mijn project.qde")
    summary = import_qdpx(project, path, KEEP)
    assert coded_words(project) == {"motivatie": ["structuur"], "geldzorgen": ["meer geld"]}
    assert summary.coders == ["Sanne"] and "code points" in summary.convention
    cb = state(project)["codebook"]
    assert [c["color"] for c in cb["codes"]] == [None, "#FF00AA"]   # #RGB kept, as #RRGGBB
    assert cb["codes"][0]["definition"].startswith("TODO")          # no description: placeholder


def test_nvivo_style_utf16_positions_crlf_counted_twice_and_bom(project, tmp_path):
    raw = "\ufeff" + TEXT.replace("\n", "\r\n")
    a, b = _cp(TEXT, "structuur")
    c, d = _cp(TEXT, "meer geld")
    # NVivo for Windows: UTF-16 units, CRLF as two, no name attribute
    pos = [_u16(TEXT, k) + TEXT[:k].count("\n") for k in (a, b, c, d)]
    src = (f'<TextSource guid="{SRC}" name="Interview 1" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, pos[0], pos[1], CODE_A)}{selection(2, pos[2], pos[3], CODE_B)}</TextSource>')
    path = write_qdpx(tmp_path / "nvivo.qdpx", qde("urn:QDA-XML:project:1.0", src),
                      {f"sources/{SRC}.txt": raw.encode("utf-8")})
    summary = import_qdpx(project, path, KEEP)
    assert coded_words(project) == {"motivatie": ["structuur"], "geldzorgen": ["meer geld"]}
    assert "UTF-16" in summary.convention and "detected" in summary.convention
    assert state(project)["texts"]["Interview 1"] == TEXT   # BOM stripped, CRLF -> LF


def test_positions_can_be_forced(project, tmp_path):
    a, b = _cp(TEXT, "structuur")
    src = (f'<TextSource guid="{SRC}" name="i" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, _u16(TEXT, a), _u16(TEXT, b), CODE_A)}</TextSource>')
    path = write_qdpx(tmp_path / "f.qdpx", qde("urn:QDA-XML:project:1.0", src), {f"sources/{SRC}.txt": TEXT})
    summary = import_qdpx(project, path, QdpxImportOptions(pseudonymise=False, positions="codepoints"))
    assert "as asked" in summary.convention
    assert coded_words(project)["motivatie"] != ["structuur"]


def test_maxqda_style_relative_path_with_base_path(project, tmp_path):
    folder = tmp_path / "bronnen"
    folder.mkdir()
    (folder / "int1.txt").write_text(TEXT, encoding="utf-8")
    a, b = _cp(TEXT, "structuur")
    src = (f'<TextSource guid="{SRC}" name="int1" plainTextPath="relative://int1.txt">'
           f'{selection(1, a, b, CODE_A)}</TextSource>')
    doc = qde("urn:QDA-XML:project:1.0", src).replace('origin="tool"', f'basePath="{folder.as_uri()}"')
    path = write_qdpx(tmp_path / "maxqda.qdpx", doc)
    import_qdpx(project, path, KEEP)
    assert coded_words(project) == {"motivatie": ["structuur"]}


def test_absolute_path_and_archive_copy_preferred(project, tmp_path):
    outside = tmp_path / "elders.txt"
    outside.write_text(TEXT, encoding="utf-8")
    src = f'<TextSource guid="{SRC}" name="abs" plainTextPath="absolute://{outside}"/>'
    import_qdpx(project, write_qdpx(tmp_path / "abs.qdpx", qde("urn:QDA-XML:project:1.0", src)), KEEP)
    assert state(project)["texts"]["abs"] == TEXT


def test_qualcoder_style_inline_text_other_sources_listed_and_cases(project, tmp_path):
    a, b = _cp(TEXT, "structuur")
    var = "0b0f6a2e-6666-4aaa-8aaa-000000000001"
    extra = f"""
  <Variables><Variable guid="{var}" name="uitkering" typeOfVariable="Text"/></Variables>
  <Cases><Case guid="0b0f6a2e-7777-4aaa-8aaa-000000000001" name="R7">
    <VariableValue><VariableRef targetGUID="{var}"/><TextValue>WIA</TextValue></VariableValue>
    <SourceRef targetGUID="{{{SRC}}}"/></Case></Cases>"""
    src = (f'<TextSource guid="{SRC}" name="qc"><PlainTextContent>{TEXT}</PlainTextContent>'
           f'{selection(1, a, b, CODE_A)}</TextSource>'
           '<PDFSource guid="0b0f6a2e-8888-4aaa-8aaa-000000000001" name="brief.pdf" path="internal://x.pdf"/>'
           '<PictureSource guid="0b0f6a2e-8888-4aaa-8aaa-000000000002" name="foto.jpg"/>'
           '<AudioSource guid="0b0f6a2e-8888-4aaa-8aaa-000000000003" name="opname.m4a"/>')
    summary = import_qdpx(project, write_qdpx(tmp_path / "qc.qdpx", qde("urn:QDA-XML:project:1.0", src, extra=extra)),
                          KEEP)
    assert summary.skipped_sources == ["brief.pdf (PDF)", "foto.jpg (picture)", "opname.m4a (audio)"]
    st = state(project)
    assert st["respondents"] == [{"id": "R7", "type": "onbekend", "attributes": {"uitkering": "WIA"}}]
    assert st["speaks"] == {"R7": ["qc"]}
    assert coded_words(project) == {"motivatie": ["structuur"]}


def test_pseudonymisation_maps_every_selection_through_the_edit(project, tmp_path):
    text = ("Interviewer: Vertel eens.\nJan Jansen: Bij Bakkerij Smit in Utrecht wil ik structuur, "
            "zei Jan Jansen.\nInterviewer: En geld?\nJan Jansen: Meer geld.")
    a, b = _cp(text, "structuur")
    c, d = _cp(text, "Bakkerij Smit in Utrecht wil ik")  # covers names
    e, f = _cp(text, "Meer geld")
    src = (f'<TextSource guid="{SRC}" name="Jan Jansen.txt" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, a, b, CODE_A)}{selection(2, c, d, CODE_B)}{selection(3, e, f, CODE_B)}</TextSource>')
    extra = ('<Cases><Case guid="0b0f6a2e-7777-4aaa-8aaa-000000000001" name="Jan Jansen">'
             f'<SourceRef targetGUID="{SRC}"/></Case></Cases>')
    path = write_qdpx(tmp_path / "p.qdpx", qde("urn:QDA-XML:project:1.0", src, extra=extra),
                      {f"sources/{SRC}.txt": text})
    fake = FakePseudonymiser({"Jan Jansen": "[PERSOON-1]", "Bakkerij Smit": "[INSTELLING-1]",
                              "Utrecht": "[LOCATIE-1]"})
    summary = import_qdpx(project, path, QdpxImportOptions(), pseudo=fake)
    st = state(project)
    (name, stored), = st["texts"].items()
    assert "Jan" not in stored and "Smit" not in stored and "Utrecht" not in stored and "Jan" not in name
    assert stored.startswith("Interviewer: Vertel eens.\n[PERSOON-1]: Bij [INSTELLING-1] in [LOCATIE-1]")
    assert coded_words(project) == {"motivatie": ["structuur"],
                                    "geldzorgen": ["Meer geld", "[INSTELLING-1] in [LOCATIE-1] wil ik"]}
    assert [r["id"] for r in st["respondents"]] == ["R01"]   # a case named after a person
    assert summary.pseudonymised


def test_users_become_coders_and_turns_get_roles(project, tmp_path):
    from workbench.store.transcripts import list_segments

    a, b = _cp(TEXT, "structuur")
    src = (f'<TextSource guid="{SRC}" name="i" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, a, b, CODE_A)}</TextSource>')
    import_qdpx(project, write_qdpx(tmp_path / "u.qdpx", qde("urn:QDA-XML:project:1.0", src),
                                    {f"sources/{SRC}.txt": TEXT}), KEEP)
    segs = list_segments(project, codable_only=False)
    assert {s.role for s in segs} == {"interviewer", "respondent"}
    assert all(not s.codable for s in segs if s.role == "interviewer")
    assert state(project)["codings"][0][1] == "Sanne"


@pytest.mark.parametrize("positions", ["codepoints", "utf16"])
def test_cli_import_and_init_from(tmp_path, positions):
    from typer.testing import CliRunner

    from workbench.cli.main import app

    a, b = _cp(TEXT, "structuur")
    src = (f'<TextSource guid="{SRC}" name="i" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, a, b, CODE_A)}</TextSource>')
    path = write_qdpx(tmp_path / "c.qdpx", qde("urn:QDA-XML:project:1.0", src), {f"sources/{SRC}.txt": TEXT})
    r = CliRunner().invoke(app, ["init", str(tmp_path / "nieuw"), "--from", str(path), "--no-pseudonymise",
                                 "--positions", positions])
    assert r.exit_code == 0, r.output
    assert "1 transcripts" in r.output and "NOT pseudonymised" in r.output
    r = CliRunner().invoke(app, ["import", str(path), "--no-pseudonymise", "--project", str(tmp_path / "nieuw")])
    assert r.exit_code == 1 and "empty project" in r.output


def test_real_pseudonymisation_keeps_codings_on_their_words(project, tmp_path):
    text = ("Interviewer: Vertel eens over uw traject.\nMarieke de Vries: Ik werkte in Utrecht en mijn jobcoach "
            "Pieter Smit hielp me met structuur. Mijn nummer is 06-12345678.\nInterviewer: En geld?\n"
            "Marieke de Vries: Meer geld zou fijn zijn.")
    a, b = _cp(text, "structuur")
    c, d = _cp(text, "Ik werkte in Utrecht")
    e, f = _cp(text, "Meer geld")
    src = (f'<TextSource guid="{SRC}" name="Interview Marieke de Vries" plainTextPath="internal://{SRC}.txt">'
           f'{selection(1, a, b, CODE_A)}{selection(2, c, d, CODE_B)}{selection(3, e, f, CODE_B)}</TextSource>')
    path = write_qdpx(tmp_path / "p.qdpx", qde("urn:QDA-XML:project:1.0", src), {f"sources/{SRC}.txt": text})
    summary = import_qdpx(project, path)
    (name, stored), = state(project)["texts"].items()
    for secret in ("Marieke", "Vries", "Utrecht", "Pieter", "Smit", "12345678"):
        assert secret not in stored and secret not in name
    words = coded_words(project)
    assert words["motivatie"] == ["structuur"] and "Meer geld" in words["geldzorgen"]
    assert any(w.startswith(("Ik werkte in [PLAATS-", "Ik werkte in [LOCATIE-")) for w in words["geldzorgen"])
    assert summary.pseudonymised


def test_key_file_is_written_outside_the_project_only(project, tmp_path):
    import json

    from workbench.errors import WorkbenchError

    text = "Interviewer: Ja?\nRespondent: Ik ben Jan Jansen."
    src = f'<TextSource guid="{SRC}" name="Jan Jansen" plainTextPath="internal://{SRC}.txt"/>'
    path = write_qdpx(tmp_path / "k.qdpx", qde("urn:QDA-XML:project:1.0", src), {f"sources/{SRC}.txt": text})
    fake = FakePseudonymiser({"Jan Jansen": "[PERSOON-1]"})
    with pytest.raises(WorkbenchError, match="outside the project"):
        import_qdpx(project, path, QdpxImportOptions(key_file=project.root / "sleutel.json"), pseudo=fake)
    key = tmp_path / "veilig" / "sleutel.json"
    import_qdpx(project, path, QdpxImportOptions(key_file=key), pseudo=fake)
    data = json.loads(key.read_text(encoding="utf-8"))
    assert data["format"] == "workbench-reidentification-key"
    (entry,) = data["transcripts"].values()  # filed under the transcript's stable id
    assert entry["tags"] == {"[PERSOON-1]": ["Jan Jansen"]} and entry["file"] == "k.qdpx"
