"""REFI-QDA .qdpx export (validated against Project.xsd) and the round trip back into workbench."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from qdpx_helpers import coded_project, project_schema, read_qde, state
from workbench.errors import WorkbenchError
from workbench.interop.qdpx_export import ExportOptions, export_qdpx
from workbench.interop.qdpx_import import QdpxImportOptions, import_qdpx, init_from_qdpx

NS = {"q": "urn:QDA-XML:project:1.0"}
KEEP = QdpxImportOptions(pseudonymise=False)


@pytest.fixture
def coded(project, tmp_path):
    coded_project(project, tmp_path)
    return project


def test_export_validates_and_holds_what_the_standard_asks(coded, tmp_path):
    out = tmp_path / "uit.qdpx"
    res = export_qdpx(coded, out)
    qde = read_qde(out)
    assert not qde.startswith(b"\xef\xbb\xbf")
    doc = etree.fromstring(qde)
    project_schema().assertValid(doc)
    names = zipfile.ZipFile(out).namelist()
    assert names[0] == "project.qde" and all(n.startswith("sources/") for n in names[1:])
    assert res.users == ["anna", "ben"] and res.sources == 2
    book = doc.find("q:CodeBook", NS)
    assert book.get("origin") is None and book.find("q:Sets", NS) is None
    assert doc.find("q:CodeBook/q:Codes/q:Code/q:Code", NS) is not None   # nested
    src = doc.find("q:Sources/q:TextSource", NS)
    assert src.get("plainTextPath") == f"internal://{src.get('guid')}.txt"
    # the interview case refers to its source; focus-group respondents to their own turns
    cases = {c.get("name"): c for c in doc.iterfind("q:Cases/q:Case", NS)}
    assert cases["D01"].find("q:SourceRef", NS) is not None and cases["D01"].find("q:SelectionRef", NS) is None
    assert len(cases["P1"].findall("q:SelectionRef", NS)) == 1 and cases["P1"].find("q:SourceRef", NS) is None
    sets = {s.get("name") for s in doc.iterfind("q:Sets/q:Set", NS)}
    assert {"Golf: 2024", "Golf: 2025", "Respondenttype: deelnemer", "Soort: focusgroep"} <= sets
    # suggestions and rejections stay home by default
    users = {u.get("name") for u in doc.iterfind("q:Users/q:User", NS)}
    assert users == {"anna", "ben"} and doc.find("q:Notes", NS) is None


def test_text_files_are_the_canonical_text_and_selections_point_into_them(coded, tmp_path):
    from workbench.store.exchange import export_snapshot

    out = tmp_path / "uit.qdpx"
    export_qdpx(coded, out)
    doc = etree.fromstring(read_qde(out))
    texts = {t.name: t.text for t in export_snapshot(coded).transcripts}
    with zipfile.ZipFile(out) as zf:
        for src in doc.iterfind("q:Sources/q:TextSource", NS):
            body = zf.read(f"sources/{src.get('guid')}.txt").decode("utf-8")
            assert body == texts[src.get("name")]
            for sel in src.iterfind("q:PlainTextSelection", NS):
                quote = body[int(sel.get("startPosition")):int(sel.get("endPosition"))]
                assert " ".join(quote.split())[:50] == sel.get("name")[:50].rstrip("…")


def test_exporting_twice_gives_the_same_file(coded, tmp_path):
    export_qdpx(coded, tmp_path / "a.qdpx")
    export_qdpx(coded, tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    project_schema().assertValid(etree.fromstring(read_qde(tmp_path / "a.qdpx")))


def test_coders_option_and_unknown_coder(coded, tmp_path):
    res = export_qdpx(coded, tmp_path / "a.qdpx", ExportOptions(coders=["ben"]))
    assert res.users == ["ben"] and res.codings == 2
    doc = etree.fromstring(read_qde(tmp_path / "a.qdpx"))
    project_schema().assertValid(doc)
    assert {u.get("name") for u in doc.iterfind("q:Users/q:User", NS)} == {"ben"}
    with pytest.raises(WorkbenchError, match="no codings by coder 'zoe'"):
        export_qdpx(coded, tmp_path / "b.qdpx", ExportOptions(coders=["zoe"]))
    assert not (tmp_path / "b.qdpx").exists()


def test_include_suggestions_as_own_users_with_notes(coded, tmp_path):
    out = tmp_path / "s.qdpx"
    res = export_qdpx(coded, out, ExportOptions(include_suggestions=True))
    doc = etree.fromstring(read_qde(out))
    project_schema().assertValid(doc)
    assert set(res.users) == {"anna", "ben", "model", "ben (afgewezen)"}
    notes = [n.findtext("q:PlainTextContent", namespaces=NS) for n in doc.iterfind("q:Notes/q:Note", NS)]
    assert any("score 0.91" in n for n in notes) and any("niet te snel" in n for n in notes)
    noted = doc.findall(".//q:Coding/q:NoteRef", NS)
    assert len(noted) == len(notes) == 3


def test_round_trip_keeps_everything(coded, tmp_path):
    out = tmp_path / "uit.qdpx"
    export_qdpx(coded, out)
    back, summary = init_from_qdpx(tmp_path / "terug", out, KEEP)
    before = state(coded)
    assert len(before["codings"]) == 6 and len(before["respondents"]) == 4
    assert any(c[3:5] != (0, 0) for c in before["codings"])
    assert state(back) == before
    assert summary.coders == ["anna", "ben"] and not summary.not_placed


def test_round_trip_with_rejections(coded, tmp_path):
    out = tmp_path / "uit.qdpx"
    export_qdpx(coded, out, ExportOptions(include_suggestions=True))
    back, summary = init_from_qdpx(tmp_path / "terug", out, KEEP)
    both = ("accepted", "rejected")
    assert state(back, both) == state(coded, both)
    assert summary.not_imported   # the model's suggestions are listed, not imported


@pytest.mark.parametrize("positions", ["codepoints", "utf16"])
@pytest.mark.parametrize("crlf", [False, True])
def test_emoji_bom_crlf_round_trip_in_each_positions_mode(project, tmp_path, positions, crlf):
    from helpers import small_codebook
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.review.codings_io import import_codings
    from workbench.store.codebooks import load_codebook

    raw = ("\ufeffInterviewer: Hoe gaat het? 😀\r\n\r\nRespondent: Goed 👍🏽 maar ik wil 𝒮tructuur en "
           "meer geld.\r\n\r\nInterviewer: En verder?\r\n\r\nRespondent: Mijn toeslagen 💶 zijn weg.\r\n")
    f = tmp_path / "emoji.txt"
    f.write_bytes(raw.encode("utf-8"))
    assert import_files(project, [f], ImportOptions(pseudonymise=False)).results[0].status == "imported"
    load_codebook(project, small_codebook())
    text = state(project)["texts"]["emoji.txt"]
    assert "\r" not in text and "\ufeff" not in text
    a = text.index("𝒮tructuur")
    b = text.index("toeslagen")
    (tmp_path / "c.csv").write_text(f"transcript,start,end,code\nemoji.txt,{a},{a + 9},motivation\n"
                                    f"emoji.txt,{b},{b + 17},financial_uncertainty\n", encoding="utf-8")
    import_codings(project, tmp_path / "c.csv", "anna")
    out = tmp_path / "e.qdpx"
    export_qdpx(project, out, ExportOptions(positions=positions, crlf=crlf))
    doc = etree.fromstring(read_qde(out))
    project_schema().assertValid(doc)
    starts = sorted(int(s.get("startPosition")) for s in doc.iterfind(".//q:PlainTextSelection", NS))
    newlines_before = text[:a].count("\n") if crlf else 0
    astral_before = sum(ord(ch) > 0xFFFF for ch in text[:a]) if positions == "utf16" else 0
    assert starts[0] == a + newlines_before + astral_before
    back, summary = init_from_qdpx(tmp_path / "terug", out, KEEP)
    assert len(state(project)["codings"]) == 2
    assert state(back) == state(project)
    expected = "UTF-16" if positions == "utf16" else "code points"
    assert expected in summary.convention


def test_import_needs_an_empty_project(coded, tmp_path):
    out = tmp_path / "uit.qdpx"
    export_qdpx(coded, out)
    with pytest.raises(WorkbenchError, match="empty project"):
        import_qdpx(coded, out, KEEP)


def test_export_refuses_a_wrong_suffix(coded, tmp_path):
    with pytest.raises(WorkbenchError, match=r"\.qdpx"):
        export_qdpx(coded, tmp_path / "x.zip")
