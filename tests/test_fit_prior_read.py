"""bench/fit_prior.py --read: how gold lines with a "doc" are read in the sixth round's context experiment."""

import importlib.util
import sys
from pathlib import Path

import pytest

from workbench.suggest.evaluate import GoldItem

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fit_prior():
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("fit_prior_under_test", ROOT / "bench" / "fit_prior.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ITEMS = [
    GoldItem("1", "Ik wil graag weer werken, dat mis ik.", [], context="Wat betekent werk voor u?", doc="a"),
    GoldItem("2", "Ja, dat ook.", [], context="", doc="a"),  # a naaste chiming in
    GoldItem("3", "Nee.", [], context="En geld?", doc="a"),
    GoldItem("4", "Eerste beurt.", [], context="", doc="b"),  # new transcript: nothing before it
    GoldItem("5", "Los.", [], context="Vraag?"),  # no doc: as written
]


def test_question_reads_the_lines_as_written(fit_prior):
    assert fit_prior.doc_contexts(ITEMS, "question") == [g.context for g in ITEMS]


def test_fill_gives_a_follow_on_turn_the_last_question_of_its_doc(fit_prior):
    assert fit_prior.doc_contexts(ITEMS, "fill") == [
        "Wat betekent werk voor u?", "Wat betekent werk voor u?", "En geld?", "", "Vraag?"]


def test_prev_adds_the_previous_respondent_turn_only_when_it_directly_precedes(fit_prior):
    out = fit_prior.doc_contexts(ITEMS, "prev")
    assert out[1] == "Wat betekent werk voor u? Ik wil graag weer werken, dat mis ik."
    assert out[2] == "En geld?" and out[3] == "" and out[4] == "Vraag?"


def test_prev_short_puts_the_previous_turn_before_the_question_of_a_short_answer(fit_prior):
    assert fit_prior.doc_contexts(ITEMS, "prev+short")[2] == "Ja, dat ook. En geld?"


def test_a_focus_group_answer_with_the_repeated_question_follows_the_previous_answer(fit_prior):
    group = [GoldItem("1", "Eerste antwoord.", [], context="Wat vindt u?", doc="g"),
             GoldItem("2", "Ik ook.", [], context="Wat vindt u?", doc="g")]
    assert fit_prior.doc_contexts(group, "prev")[1] == "Wat vindt u? Eerste antwoord."
