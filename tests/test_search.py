"""`workbench search` and the desk's search: diacritics folded, words as prefixes, phrases,
filters by code, coder, respondent attribute and wave; the same matches without FTS5."""

import asyncio
import json

import pytest
from typer.testing import CliRunner

from tests.helpers import make_project
from workbench.cli.main import app as cli
from workbench.desk.app import DeskApp
from workbench.desk.state import DeskState
from workbench.review.codings_io import add_coding
from workbench.store.search import find_terms, fold, fts_query, parse_terms, search_segments

SECOND = """Interviewer: Hoe gaat het met de financiën?

Respondent: De financiële kant blijft lastig; de Toeslagen zijn een zorg.

Interviewer: En werk?

Respondent: Ik werk nu twaalf uur bij een werkgever in de buurt.
"""


@pytest.fixture
def two(project, tmp_path):
    first = make_project(project, tmp_path)
    make_project(project, tmp_path, name="tweede.txt", text=SECOND.replace("Respondent:", "Respondent:"))
    return first


def texts(hits):
    return [h.segment.text for h in hits]


def test_query_parsing_folds_and_keeps_phrases():
    assert fold("Financiële ÉÉN") == "financiele een"
    terms = parse_terms('Financiële "meer geld" re-integratie')
    assert [(t.words, t.prefix) for t in terms] == [
        (("financiele",), True), (("meer", "geld"), False), (("re", "integratie"), True)]
    assert fts_query(terms) == '"financiele"* "meer geld" "re integratie"*'
    assert find_terms("De Financiële kant", parse_terms("financiele")) == [(3, 13)]
    assert find_terms("geen geld", parse_terms('"meer geld"')) is None


def test_diacritics_are_folded_both_ways(project, two):
    hits = search_segments(project, "financiele")
    assert texts(hits) == ["De financiële kant blijft lastig; de Toeslagen zijn een zorg."]
    (a, b), = hits[0].matches
    assert hits[0].turn.text[a - hits[0].turn.start:b - hits[0].turn.start] == "financiële"
    assert texts(search_segments(project, "FINANCIËLE")) == texts(hits)


def test_words_match_as_prefixes_and_every_term_must_occur(project, two):
    found = texts(search_segments(project, "toeslag"))
    assert len(found) == 2 and all("oeslagen" in t for t in found)  # prefix, case folded
    assert texts(search_segments(project, "werk")) == ["Ik werk nu twaalf uur bij een werkgever in de buurt."]
    hit, = search_segments(project, "werk")
    assert len(hit.matches) == 2  # werk and werkgever
    assert search_segments(project, "toeslag werkgever") == []
    assert texts(search_segments(project, '"twaalf uur"')) == ["Ik werk nu twaalf uur bij een werkgever in de buurt."]
    assert search_segments(project, '"twaalf uu"') == []  # a phrase is matched as written


def test_interviewer_turns_only_with_all_roles(project, two):
    assert search_segments(project, "financien") == []
    assert texts(search_segments(project, "financien", all_roles=True)) == ["Hoe gaat het met de financiën?"]


def test_filters_by_code_coder_attribute_and_wave(project, two):
    seg = next(s for s in two if "toeslagen" in s.text)
    add_coding(project, seg.id, "financial_uncertainty", "anna")
    assert texts(search_segments(project, "toeslag", codes=["financial_uncertainty"])) == [seg.text]
    assert search_segments(project, "toeslag", codes=["financial_uncertainty"], coder="ben") == []
    assert texts(search_segments(project, "toeslag", coder="anna")) == [seg.text]
    assert search_segments(project, "toeslag", codes=["motivation"]) == []
    hit, = search_segments(project, "toeslag", codes=["financial_uncertainty"])
    assert hit.codes == {"anna": ["financial_uncertainty"]}
    assert len(search_segments(project, "toeslag", where={"uitkering": "iva"})) == 2  # value case folded
    assert search_segments(project, "toeslag", where={"uitkering": "Wajong"}) == []
    assert len(search_segments(project, "toeslag", where={"type": "deelnemer", "wave": "2024"})) == 2
    assert search_segments(project, "toeslag", where={"wave": "2025"}) == []


def test_without_fts5_the_same_segments_are_found(project, two, monkeypatch):
    with_fts = {q: texts(search_segments(project, q)) for q in ("toeslag", "financiele", '"twaalf uur"', "werk")}
    monkeypatch.setattr("workbench.store.search._fts_ids", lambda s, terms, rows: {i for i, _ in rows})
    assert {q: texts(search_segments(project, q)) for q in with_fts} == with_fts


def test_cli_jsonl_json_and_table(project, two):
    root = str(project.root)
    r = CliRunner().invoke(cli, ["search", "toeslag", "--jsonl", "--project", root])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 2 and {"segment", "transcript", "speaker", "timestamp", "matches", "turn", "codes"} <= set(rows[0])
    a, b = rows[0]["matches"][0]
    turn = rows[0]["turn"]
    assert turn["text"][a - turn["start"]:b - turn["start"]].lower().startswith("toeslag")
    r = CliRunner().invoke(cli, ["search", "toeslag", "--json", "--limit", "1", "--project", root])
    assert len(json.loads(r.stdout)) == 1
    r = CliRunner().invoke(cli, ["search", "toeslag", "--project", root])
    assert "2 segment(s)" in r.stdout and "--at" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["   "], "nothing to search for"),
    (["x", "--where", "geenattribuut=1"], "no respondent attribute 'geenattribuut'"),
    (["x", "--where", "zonderis"], "is not attribute=value"),
    (["x", "--code", "nope"], "unknown code(s): nope"),
])
def test_cli_bad_input_is_one_line(project, two, args, message):
    r = CliRunner().invoke(cli, ["search", *args, "--project", str(project.root)])
    assert r.exit_code != 0 and message in r.output and "Traceback" not in r.output


def test_the_desk_searches_all_transcripts_and_jumps_to_a_result(project, two):
    app = DeskApp(DeskState(project, "anna"))

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.state.transcript.name == "int.txt"
            await pilot.press("F", *"werkgever", "enter")
            await pilot.pause()
            await pilot.press("down", "enter")
            await pilot.pause()
            assert app.state.transcript.name == "tweede.txt"
            assert app.state.segment.text.startswith("Ik werk nu twaalf uur")
            await pilot.press("ctrl+f")  # the last query comes back
            await pilot.pause()
            from textual.widgets import Input

            assert app.screen.query_one("#query", Input).value == "werkgever"
            await pilot.press("escape")
    asyncio.run(go())


def test_desk_search_filters_and_blind_mode(project, two):
    seg = next(s for s in two if "toeslagen" in s.text)
    add_coding(project, seg.id, "financial_uncertainty", "ben")
    st = DeskState(project, "anna")
    assert texts(st.search("toeslag code:financial_uncertainty")) == [seg.text]
    assert texts(st.search("toeslag uitkering=IVA")) != []
    blind = DeskState(project, "anna", blind=True)
    assert blind.search("toeslag code:financial_uncertainty") == []  # ben's codes are not shown when blind


def test_open_at_a_segment(project, two):
    target = next(s for s in search_segments(project, "werkgever"))
    st = DeskState(project, "anna", at=target.segment.id)
    assert st.transcript.name == "tweede.txt" and st.segment.id == target.segment.id
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="no segment 99999"):
        DeskState(project, "anna", at=99999)
