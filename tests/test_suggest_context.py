"""The text the engine reads for a segment: its preceding question, trimmed, then the segment."""

from workbench.store.transcripts import preceding_questions
from workbench.suggest.context import QUESTION_CHARS, trim_question, with_context
from tests.helpers import make_project


def test_with_context_puts_the_question_first_and_skips_empty_ones():
    assert with_context("Nee hoor.", "Bent u bang voor uw uitkering?") == "Bent u bang voor uw uitkering? Nee hoor."
    assert with_context("Nee hoor.", "") == "Nee hoor."
    assert with_context("Nee hoor.", None) == "Nee hoor."
    assert with_context("Nee hoor.", "  \n ") == "Nee hoor."


def test_long_questions_keep_their_end_from_a_word_boundary():
    intro = "Dank dat u mee wilt doen aan dit gesprek over uw ervaringen. " * 10
    q = intro + "Wat betekent werken voor uw uitkering?"
    out = trim_question(q)
    assert len(out) <= QUESTION_CHARS and out.endswith("Wat betekent werken voor uw uitkering?")
    assert q.endswith(out) and " " + out in " " + q  # starts at a word, not mid-word
    assert trim_question("Kort?") == "Kort?"


def test_preceding_questions_follow_the_transcript(project, tmp_path):
    segs = make_project(project, tmp_path)
    q = preceding_questions(project, [s.id for s in segs])
    assert [q[s.id] for s in segs] == [
        "Waarom wilt u weer werken?",
        "En hoe zit het met geld?",
        "Hoe was het traject?",
        "Wilde u snel?",
    ]
    assert preceding_questions(project, []) == {}
