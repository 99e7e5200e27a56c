"""Memos travel in a .qdpx as Notes by their author: code memos from the Code, transcript memos
from the TextSource, segment memos from a selection of the segment. Every export validates."""

from __future__ import annotations

import pytest
from lxml import etree

from qdpx_helpers import coded_project, project_schema, read_qde
from workbench.interop.qdpx_export import ExportOptions, export_qdpx

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def with_memos(project, tmp_path):
    from workbench.store.memos import set_memo
    from workbench.store.transcripts import list_transcripts

    segs = coded_project(project, tmp_path)
    tr = list_transcripts(project)[0]
    with project.session() as s:
        set_memo(s, "code", "motivation", "anna", "Geld als doel telt mee.")
        set_memo(s, "transcript", str(tr.id), "ben", "Rustig gesprek, veel stiltes.")
        set_memo(s, "segment", str(segs[2].id), "anna", "Twijfel: traject of contact?")
    return project, segs


def _notes(doc):
    return {n.get("guid"): n for n in doc.iterfind("q:Notes/q:Note", NS)}


def test_memos_are_notes_referred_to_from_what_they_are_about(with_memos, tmp_path):
    project, segs = with_memos
    out = tmp_path / "m.qdpx"
    export_qdpx(project, out)
    doc = etree.fromstring(read_qde(out))
    project_schema().assertValid(doc)
    notes = _notes(doc)
    users = {u.get("guid"): u.get("name") for u in doc.iterfind("q:Users/q:User", NS)}
    by_text = {n.find("q:PlainTextContent", NS).text: users[n.get("creatingUser")] for n in notes.values()}
    assert by_text == {"Geld als doel telt mee.": "anna", "Rustig gesprek, veel stiltes.": "ben",
                       "Twijfel: traject of contact?": "anna"}
    code = next(c for c in doc.iter("{urn:QDA-XML:project:1.0}Code") if c.get("name") == "Motivatie")
    (ref,) = code.findall("q:NoteRef", NS)
    assert notes[ref.get("targetGUID")].find("q:PlainTextContent", NS).text == "Geld als doel telt mee."
    src = doc.find("q:Sources/q:TextSource", NS)
    (ref,) = src.findall("q:NoteRef", NS)
    assert notes[ref.get("targetGUID")].find("q:PlainTextContent", NS).text.startswith("Rustig")
    sel = next(s for s in doc.iterfind(".//q:PlainTextSelection", NS) if s.find("q:NoteRef", NS) is not None)
    text = (tmp_path / "int.txt").read_text(encoding="utf-8")
    assert text[int(sel.get("startPosition")):int(sel.get("endPosition"))] == segs[2].text


@pytest.mark.parametrize("opts", [ExportOptions(), ExportOptions(coders=["ben"]),
                                  ExportOptions(positions="utf16", crlf=True, include_suggestions=True)])
def test_every_export_with_memos_validates(with_memos, tmp_path, opts):
    project, _ = with_memos
    out = tmp_path / "v.qdpx"
    export_qdpx(project, out, opts)
    doc = etree.fromstring(read_qde(out))
    project_schema().assertValid(doc)
    texts = {n.find("q:PlainTextContent", NS).text for n in doc.iterfind("q:Notes/q:Note", NS)}
    if opts.coders == ["ben"]:
        assert "Geld als doel telt mee." not in texts and "Rustig gesprek, veel stiltes." in texts


def test_exporting_memos_twice_gives_the_same_file(with_memos, tmp_path):
    project, _ = with_memos
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export_qdpx(project, a)
    export_qdpx(project, b)
    assert a.read_bytes() == b.read_bytes()
