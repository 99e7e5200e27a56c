"""Position conventions and offsets through an edit (units of the .qdpx import)."""

from __future__ import annotations

from workbench.interop.positions import Convention, detect, normalise, position_table, to_canonical
from workbench.interop.text_map import EditMap
from workbench.interop.text_turns import find_turns


def test_position_table_per_convention():
    norm = normalise("\ufeffa😀\r\nb")
    assert norm.text == "a😀\nb" and norm.crlf == [True] and norm.had_bom
    assert position_table(norm, Convention()) == [0, 1, 2, 4, 5]
    assert position_table(norm, Convention("utf16", "asis")) == [0, 1, 3, 5, 6]
    assert position_table(norm, Convention("codepoints", "lf", bom=True)) == [1, 2, 3, 4, 5]
    table = position_table(norm, Convention("utf16", "asis"))
    assert to_canonical(table, 2, end=False) == 1 and to_canonical(table, 2, end=True) == 2   # inside the emoji
    assert to_canonical(table, 7, end=True) is None


def test_detection_prefers_the_standard_when_nothing_tells_them_apart():
    conv, note = detect([(normalise("plain text"), [(0, 5, None)])])
    assert conv == Convention() and "nothing in the texts" in note


def test_detection_uses_atlas_names_and_word_boundaries():
    text = "😀😀 Ik wil structuur."
    a = text.index("structuur")
    conv, note = detect([(normalise(text), [(a + 2, a + 11, "structuur")])])   # UTF-16 counts
    assert conv.units == "utf16" and "detected" in note
    conv, _ = detect([(normalise(text), [(a, a + 9, "structuur")])])
    assert conv == Convention()


def test_edit_map_moves_offsets_around_replacements():
    old, new = "Ik ben Jan Jansen en ik wil werk.", "Ik ben [PERSOON-1] en ik wil werk."
    m = EditMap()
    m.add(old, new)
    assert new[m.map(old.index("werk"), end=False):m.map(len(old) - 1, end=True)] == "werk"
    a, b = old.index("Jansen"), old.index("Jansen") + 6      # inside the replaced name
    assert new[m.map(a, end=False):m.map(b, end=True)] == "[PERSOON-1]"
    assert m.map(0, end=False) == 0 and m.map(len(old), end=True) == len(new)


def test_turns_are_found_in_place():
    text = "Inleiding zonder spreker.\n\nTweede alinea.\n\nInterviewer: Vraag?\n\n[PERSOON-1]: Antwoord.\n\nVervolg.\n"
    turns = find_turns(text)
    assert [(t.label, text[t.start:t.end]) for t in turns] == [
        (None, "Inleiding zonder spreker."), (None, "Tweede alinea."), ("Interviewer", "Vraag?"),
        ("[PERSOON-1]", "Antwoord.\n\nVervolg.")]   # an unlabelled paragraph continues the speaker
    assert text[turns[3].label_start:].startswith("[PERSOON-1]")
