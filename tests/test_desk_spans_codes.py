"""Free spans and new codes made in the desk, driven through Textual's pilot."""

import asyncio

import pytest

from tests.helpers import make_project
from workbench.desk.app import DeskApp
from workbench.desk.state import DeskState
from workbench.store.codings import list_codings
from workbench.store.events import list_events


def run(app, script, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)
            await pilot.pause()
    asyncio.run(go())


def test_select_words_and_code_exactly_those(project, tmp_path):
    segs = make_project(project, tmp_path)
    s1 = segs[0]  # "Ik wil gewoon weer ergens bij horen, structuur in mijn dag."
    app = DeskApp(DeskState(project, "anna"))

    async def script(pilot):
        await pilot.press("s")
        await pilot.pause()
        # cursor at the start; move past "Ik wil gewoon weer " (19 characters), select "ergens bij horen"
        await pilot.press(*["right"] * 19, *["shift+right"] * 16, "enter")
        await pilot.pause()
        await pilot.press(*"motiv", "enter")
        await pilot.pause()

    run(app, script)
    (c,) = list_codings(project, coder="anna")
    text = project_text(project, s1.transcript_id)
    assert c.code_id == "motivation" and c.segment_id == s1.id
    assert text[c.span_start:c.span_end] == "ergens bij horen"
    assert [e.action for e in list_events(project, coder="anna")] == ["span-coded"]


def project_text(project, tid):
    from workbench.store.transcripts import transcript_text

    return transcript_text(project, tid)


def test_a_span_outside_the_segment_is_refused(project, tmp_path):
    make_project(project, tmp_path)
    st = DeskState(project, "anna")
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="within the current segment"):
        st.add("motivation", (st.segment.start - 5, st.segment.start + 3))
    st.add("motivation", (st.segment.start, st.segment.end))  # the whole segment is a plain coding
    assert list_codings(project, coder="anna")[0].span_start is None


BOOK = """# Ons codeboek (comment that must survive)
name: mini
version: "1"
codes:
  - id: groep
    label: Groep
    definition: Categorie.
    codable: false
    children:
      # the two motives
      - id: motivation
        label: Motivatie
        definition: Redenen om te werken.
      - id: financial_uncertainty
        label: Financiële onzekerheid
        definition: Zorgen over geld en toeslagen.
  - id: trajectory_fit
    label: Aansluiting traject
    definition: Past het traject.
  - id: zelfoverschatting
    label: Zelfoverschatting
    definition: Te veel willen.
"""


def test_new_code_from_the_desk_goes_to_project_and_yaml_file(project, tmp_path):
    make_project(project, tmp_path)
    book = tmp_path / "mini.yaml"
    book.write_text(BOOK, encoding="utf-8")
    app = DeskApp(DeskState(project, "anna", codebook_file=book))

    async def script(pilot):
        await pilot.press("N")
        await pilot.pause()
        await pilot.press(*"structuur", "enter", *"Structuur", "enter", *"Behoefte aan ritme.", "enter",
                          *"groep", "enter")
        await pilot.pause()
        await pilot.press("c", *"struct", "enter")  # and use it at once
        await pilot.pause()

    run(app, script)
    from workbench.codebook.loader import load_codebook as read_file
    from workbench.store.codebooks import project_codebook

    code = project_codebook(project).get("structuur")
    assert (code.label, code.definition, code.parent) == ("Structuur", "Behoefte aan ritme.", "groep")
    text = book.read_text(encoding="utf-8")
    assert "# Ons codeboek (comment that must survive)" in text and "# the two motives" in text
    assert read_file(book).get("structuur").parent == "groep"  # nested under groep in the file
    assert "\n      - id: structuur\n        label: Structuur\n" in text  # in the file's own layout
    assert [c.code_id for c in list_codings(project, coder="anna")] == ["structuur"]
    assert "code-added" in [e.action for e in list_events(project, coder="anna")]


def test_a_bad_new_code_is_refused_with_one_line_and_nothing_written(project, tmp_path, db_snapshot):
    make_project(project, tmp_path)
    book = tmp_path / "mini.yaml"
    book.write_text(BOOK, encoding="utf-8")
    st = DeskState(project, "anna", codebook_file=book)
    before = db_snapshot(project)
    assert "already exists" in st.check_new_code({"id": "motivation", "label": "x", "definition": "y"})
    assert "lower-case" in st.check_new_code({"id": "Werk Druk", "label": "x", "definition": "y"})
    assert "parent" in st.check_new_code({"id": "werkdruk", "label": "x", "definition": "y", "parent": "nope"})
    assert "definition is required" in st.check_new_code({"id": "werkdruk", "label": "x"})
    app = DeskApp(st)

    async def script(pilot):
        from textual.widgets import Static

        await pilot.press("N", *"motivation", "enter", "x", "enter", "y", "enter", "enter")
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one("#msg", Static).render())
        await pilot.press("escape")

    run(app, script)
    assert db_snapshot(project) == before
    assert book.read_text(encoding="utf-8") == BOOK


def test_a_span_across_segments_codes_each_of_them_and_undoes_as_one(project, tmp_path):
    segs = make_project(project, tmp_path)
    s1, s2 = segs[0], segs[1]
    text = project_text(project, s1.transcript_id)
    a = text.index("structuur")
    b = text.index("Ik ben bang") + len("Ik ben bang")
    app = DeskApp(DeskState(project, "anna"))

    async def script(pilot):
        await pilot.press("s")
        await pilot.pause()
        # through the rest of s1, the interviewer's question, into s2
        await pilot.press(*["right"] * (a - s1.start), *["shift+right"] * (b - a), "enter")
        await pilot.pause()
        await pilot.press(*"financ", "enter")
        await pilot.pause()
        rows = {c.segment_id: c for c in list_codings(project, coder="anna")}
        assert set(rows) == {s1.id, s2.id}  # the question between them is not coded
        assert all(text[c.span_start:c.span_end] == text[a:b] for c in rows.values())
        assert rows[s1.id].code_id == "financial_uncertainty"
        await pilot.press("u")
        await pilot.pause()
        assert list_codings(project, coder="anna") == []
        await pilot.press("U")
        await pilot.pause()
        assert len(list_codings(project, coder="anna")) == 2

    run(app, script, size=(80, 24))


def test_a_span_over_questions_only_is_refused(project, tmp_path):
    segs = make_project(project, tmp_path)
    st = DeskState(project, "anna")
    text = project_text(project, segs[0].transcript_id)
    q = text.index("En hoe zit het")
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="covers no respondent segment"):
        st.add_span("motivation", q, q + 10)
