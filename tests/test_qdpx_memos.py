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


# ---------------------------------------------------------------------------------- import

def memo_state(project) -> list[tuple]:
    """Every memo as (kind, what it is about by name and span, author, text)."""
    from workbench.store.memos import list_memos
    from workbench.store.transcripts import list_segments, list_transcripts

    trs = {str(t.id): t.name for t in list_transcripts(project)}
    segs = {str(s.id): (trs[str(s.transcript_id)], s.start, s.end) for s in list_segments(project)}
    about = {"segment": segs.get, "transcript": trs.get, "code": lambda t: t}
    return sorted((m.kind, about[m.kind](m.target), m.author, m.text) for m in list_memos(project))


def test_memos_round_trip_into_an_empty_project(with_memos, tmp_path):
    from qdpx_helpers import state
    from workbench.interop.qdpx_import import QdpxImportOptions, init_from_qdpx

    project, _ = with_memos
    out = tmp_path / "m.qdpx"
    export_qdpx(project, out)
    back, summary = init_from_qdpx(tmp_path / "terug", out, QdpxImportOptions(pseudonymise=False))
    before = memo_state(project)
    assert len(before) == 3 and all(b[1] for b in before)
    assert memo_state(back) == before
    assert summary.memos == 3 and state(back) == state(project)


SRC = "0b0f6a2e-3333-4aaa-8aaa-000000000001"
CODE = "0b0f6a2e-1111-4aaa-8aaa-000000000001"
SANNE, PIM = "0b0f6a2e-2222-4aaa-8aaa-000000000001", "0b0f6a2e-2222-4aaa-8aaa-000000000002"
TEXT = ("Interviewer: Hoe ging het bij de coach?\nRespondent: Jan Jansen hielp me echt, ik wil structuur.\n"
        "Interviewer: En geld?\nRespondent: Meer geld graag.")


def _note(no: int, text: str, user: str | None = SANNE, inline: bool = True) -> str:
    by = f' creatingUser="{{{user.upper()}}}"' if user else ""
    g = f"0b0f6a2e-6666-4aaa-8aaa-{no:012d}"
    if inline:
        return f'<Note guid="{g}" name="n{no}"{by}><PlainTextContent>{text}</PlainTextContent></Note>'
    return f'<Note guid="{g}" name="n{no}"{by} plainTextPath="internal://{g}.txt"/>'


def _ref(no: int) -> str:
    return f'<NoteRef targetGUID="{{0B0F6A2E-6666-4AAA-8AAA-{no:012d}}}"/>'


def foreign(tmp_path):
    """An archive as MAXQDA/ATLAS.ti write memos: Notes referred to from a Code, the TextSource and a
    selection; one in a file of its own, one by a user who only wrote notes, one on the project."""
    a = TEXT.index("structuur")
    b = TEXT.index("Meer geld")
    doc = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Buitenland">
  <Users><User guid="{SANNE}" name="Sanne"/><User guid="{PIM}" name="Pim"/></Users>
  <CodeBook><Codes><Code guid="{CODE}" name="Motivatie" isCodable="true">{_ref(1)}</Code></Codes></CodeBook>
  <Sources><TextSource guid="{SRC}" name="int" plainTextPath="internal://{SRC}.txt">
    <PlainTextSelection guid="0b0f6a2e-4444-4aaa-8aaa-000000000001" startPosition="{a}" endPosition="{a + 9}">
      <Coding guid="0b0f6a2e-5555-4aaa-8aaa-000000000001" creatingUser="{SANNE}"><CodeRef targetGUID="{CODE}"/></Coding>
      {_ref(3)}
    </PlainTextSelection>
    <PlainTextSelection guid="0b0f6a2e-4444-4aaa-8aaa-000000000002" startPosition="{b}" endPosition="{b + 9}">{_ref(4)}
    </PlainTextSelection>{_ref(2)}
  </TextSource></Sources>
  <Notes>{_note(1, "Jan Jansen noemt dit vaak.")}{_note(2, "", inline=False)}{_note(3, "Jan Jansen als reden.", PIM)}
    {_note(4, "Geld, zegt Jan Jansen.", None)}{_note(5, "Over het hele project.")}</Notes>
  {_ref(5)}
</Project>"""
    from qdpx_helpers import write_qdpx

    return write_qdpx(tmp_path / "f.qdpx", doc, {f"sources/{SRC}.txt": TEXT,
                                                  "sources/0b0f6a2e-6666-4aaa-8aaa-000000000002.txt":
                                                  "\ufeffGesprek met Jan Jansen:\r\nrustig.\r\n"})


def _texts(project) -> dict[tuple, str]:
    return {(m[0], m[2]): (m[1], m[3]) for m in memo_state(project)}


def test_foreign_notes_become_memos_pseudonymised_like_the_text(project, tmp_path):
    from qdpx_helpers import FakePseudonymiser
    from workbench.interop.qdpx_import import QdpxImportOptions, import_qdpx
    from workbench.store.coders import list_coders
    from workbench.store.events import list_events

    fake = FakePseudonymiser({"Jan Jansen": "[PERSOON-1]"})
    summary = import_qdpx(project, foreign(tmp_path), QdpxImportOptions(), pseudo=fake)
    memos = _texts(project)
    stored = memo_state(project)
    assert "Jan" not in str(stored)
    seg = next(m[1] for m in stored if m[0] == "segment" and m[2] == "Pim")
    assert "structuur" in TEXT.replace("Jan Jansen", "[PERSOON-1]")[seg[1]:seg[2]]
    assert memos == {
        ("code", "Sanne"): ("motivatie", "[PERSOON-1] noemt dit vaak."),
        ("transcript", "Sanne"): (memos[("transcript", "Sanne")][0], "Gesprek met [PERSOON-1]:\nrustig."),
        ("segment", "Pim"): (seg, "[PERSOON-1] als reden."),
        ("segment", "geimporteerd"): (memos[("segment", "geimporteerd")][0], "Geld, zegt [PERSOON-1]."),
    }
    assert {c.name for c in list_coders(project)} >= {"Sanne", "Pim", "geimporteerd"}
    assert summary.memos == 4 and any("1 note(s) not on a code" in n for n in summary.not_imported)
    assert sum(e.action == "memo-imported" for e in list_events(project)) == 4


def test_no_pseudonymise_keeps_note_text_as_is(project, tmp_path):
    from workbench.interop.qdpx_import import QdpxImportOptions, import_qdpx

    import_qdpx(project, foreign(tmp_path), QdpxImportOptions(pseudonymise=False))
    memos = _texts(project)
    assert memos[("code", "Sanne")][1] == "Jan Jansen noemt dit vaak."
    assert memos[("segment", "Pim")][1] == "Jan Jansen als reden."
