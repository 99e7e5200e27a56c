"""Project-mode suggest: stored as coder `model`, humans untouched, cache, learning from decisions."""

from tests.helpers import make_project, small_codebook
from tests.test_suggest_fakes import CountingEncoder
from workbench.store.codebooks import load_codebook
from workbench.store.codings import list_codings, set_decision
from workbench.suggest.project import run_suggest


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
    assert all(s.text in encoded_first for s in segs)
    cb = small_codebook()
    cb.codes[1].definition = "Past het gekochte traject bij de situatie en het tempo van de persoon."
    load_codebook(project, cb)
    second = CountingEncoder()
    run_suggest(project, encoder=second)
    encoded = [t for b in second.batches for t in b]
    assert encoded, "the edited definition must be encoded"
    assert not any(s.text in encoded for s in segs)
    assert all(t not in encoded_first for t in encoded)


def test_decisions_change_scores(project, tmp_path):
    segs = make_project(project, tmp_path)
    before = run_suggest(project, encoder=CountingEncoder(), top_n=10)
    score = {t: sc for sc, t in before.top["motivation"]}
    target = segs[1]  # about money worries
    with project.session() as s:
        set_decision(s, target.id, "motivation", "anna", "rejected")
    after = run_suggest(project, encoder=CountingEncoder(), top_n=10)
    assert after.decisions == 1
    score_after = {t: sc for sc, t in after.top["motivation"]}
    assert score_after[target.text] < score[target.text]
