"""Project-mode suggest: stored as coder `model`, humans untouched, cache, learning from decisions."""

from tests.helpers import make_project, small_codebook
from tests.test_suggest_fakes import CountingEncoder
from workbench.store.codebooks import load_codebook
from workbench.store.codings import list_codings, set_decision
from workbench.suggest.project import run_suggest, scored_texts


def test_suggest_stores_model_codings_and_keeps_human_ones(project, tmp_path):
    segs = make_project(project, tmp_path)
    with project.session() as s:
        set_decision(s, segs[0].id, "trajectory_fit", "anna", "rejected", reason="nee")
    res = run_suggest(project, encoder=CountingEncoder())
    assert res.segments == 4 and set(res.per_code) == {"motivation", "financial_uncertainty", "trajectory_fit",
                                                       "zelfoverschatting"}
    model = list_codings(project, coder="model")
    assert model and all(c.status == "suggested" and c.rationale for c in model)
    assert {(c.segment_id, c.code_id) for c in model if c.code_id == "financial_uncertainty"} >= {(segs[1].id, "financial_uncertainty")}
    human = list_codings(project, coder="anna")
    assert [(c.status, c.reason) for c in human] == [("rejected", "nee")]
    # a second run replaces the model's suggestions instead of adding duplicates
    run_suggest(project, encoder=CountingEncoder())
    assert len(list_codings(project, coder="model")) == len(model)


def test_resuggest_after_codebook_edit_encodes_only_code_texts(project, tmp_path):
    segs = make_project(project, tmp_path)
    first = CountingEncoder()
    run_suggest(project, encoder=first)
    encoded_first = {t for b in first.batches for t in b}
    scored = scored_texts(project, [(s.id, s.text) for s in segs], "question")
    assert all(t in encoded_first for t in scored)
    cb = small_codebook()
    cb.codes[1].definition = "Past het gekochte traject bij de situatie en het tempo van de persoon."
    load_codebook(project, cb)
    second = CountingEncoder()
    run_suggest(project, encoder=second)
    encoded = [t for b in second.batches for t in b]
    assert encoded, "the edited definition must be encoded"
    assert not any(t in encoded for t in scored)
    assert all(t not in encoded_first for t in encoded)


def test_decisions_change_scores(project, tmp_path):
    segs = make_project(project, tmp_path)
    before = run_suggest(project, encoder=CountingEncoder(), top_n=10)
    score = {t: sc for sc, t, _ in before.top["motivation"]}
    target = segs[1]  # about money worries
    with project.session() as s:
        set_decision(s, target.id, "motivation", "anna", "rejected")
    after = run_suggest(project, encoder=CountingEncoder(), top_n=10)
    assert after.decisions == 1
    score_after = {t: sc for sc, t, _ in after.top["motivation"]}
    assert score_after[target.text] < score[target.text]


def test_segments_are_read_after_the_interviewers_question(project, tmp_path):
    segs = make_project(project, tmp_path)
    enc = CountingEncoder()
    run_suggest(project, encoder=enc)
    encoded = {t for b in enc.batches for t in b}
    money = next(s for s in segs if "toeslagen" in s.text)
    assert f"En hoe zit het met geld? {money.text}" in encoded
    assert money.text not in encoded


def test_context_none_scores_segments_alone_and_unknown_mode_is_an_error(project, tmp_path):
    import pytest

    from workbench.errors import WorkbenchError

    segs = make_project(project, tmp_path)
    enc = CountingEncoder()
    run_suggest(project, encoder=enc, context="none")
    encoded = {t for b in enc.batches for t in b}
    assert all(s.text in encoded for s in segs)
    assert not any("hoe zit het met geld" in t for t in encoded)
    with pytest.raises(WorkbenchError, match="unknown suggest context 'vraag'"):
        run_suggest(project, encoder=CountingEncoder(), context="vraag")


def test_decisions_are_learnt_with_the_same_question_context(project, tmp_path):
    segs = make_project(project, tmp_path)
    from workbench.suggest.project import make_engine
    from workbench.store.codebooks import project_codebook

    with project.session() as s:
        set_decision(s, segs[1].id, "financial_uncertainty", "anna", "accepted")
    engine, n, _ = make_engine(project, project_codebook(project), encoder=CountingEncoder())
    assert n == 1
    assert [d.read for d in engine.decisions_] == [f"En hoe zit het met geld? {segs[1].text}"]
    assert [(d.text, d.context) for d in engine.decisions_] == [(segs[1].text, "En hoe zit het met geld?")]


def test_rationale_says_when_a_keyword_is_only_in_the_question():
    from tests.test_suggest_fakes import fake_encoder
    from workbench.suggest.embed import Embedder
    from workbench.suggest.engine import SuggestEngine

    engine = SuggestEngine(small_codebook(), Embedder(encoder=fake_encoder))
    [row] = engine.suggest(["Ja, dat merk ik wel."], contexts=["Moet u toeslagen terugbetalen?"])
    fin = next(s for s in row if s.code == "financial_uncertainty")
    assert "(in the question)" in fin.rationale
    [row] = engine.suggest(["Ik moet mijn toeslagen terugbetalen."], contexts=["Hoe gaat het?"])
    fin = next(s for s in row if s.code == "financial_uncertainty")
    assert "keywords:" in fin.rationale and "(in the question)" not in fin.rationale


def test_summary_shows_the_question_a_short_best_segment_answers():
    from rich.console import Console

    from workbench.cli.suggest import describe_top

    def render(markup: str) -> str:
        con = Console(width=200, record=True)
        con.print(markup)
        return con.export_text()

    short = render(describe_top(0.97, "Ja, dat klopt.", "Speelt geld daarbij een rol?"))
    assert "0.97 “Ja, dat klopt.”" in short and "answering “Speelt geld daarbij een rol?”" in short
    long_text = "Ik ben echt bang dat ik mijn huurtoeslag moet terugbetalen als ik meer ga werken, dat is het."
    assert "answering" not in render(describe_top(0.9, long_text, "Speelt geld een rol?"))
    assert "answering" not in render(describe_top(0.9, "Ja.", ""))
    assert "[bold]" in render(describe_top(0.5, "[bold] is geen opmaak", ""))  # text is escaped, not markup


def test_a_long_question_is_shown_by_its_end():
    from workbench.cli.suggest import describe_top

    question = "Dank u wel voor dat uitgebreide antwoord over uw werk en uw gezin. " * 3 + "Was dat spannend?"
    out = describe_top(0.8, "Ja.", question, width=40)
    assert out.endswith("Was dat spannend?”[/]") and "answering “…" in out
