"""Agreement figures against published reference values and independent implementations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from workbench.agreement.metrics import (
    NO_CODE,
    cohen_kappa,
    compute_agreement,
    krippendorff_alpha,
    percent_agreement,
)
from workbench.agreement.results import Thresholds
from workbench.agreement.units import UnitTable, read_units_csv
from workbench.errors import InputError, WorkbenchError

DATA = Path(__file__).parent / "data" / "agreement"


def binary_table(coder_values: dict[str, list[int | None]], code: str = "x") -> UnitTable:
    """One code: 1 applied, 0 seen without it, None missing."""
    rows = []
    for coder, values in coder_values.items():
        for i, v in enumerate(values):
            if v is not None:
                rows.append((f"u{i:03d}", coder, code if v else None))
    return UnitTable.from_rows(rows)


# -- published reference values -------------------------------------------------------------
def test_krippendorff_2011_section_c_nominal_from_csv():
    """Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
    for Communication, University of Pennsylvania, section C: 4 observers, 12 units, values
    1-5 with missing data; nominal α = 0.743."""
    table = read_units_csv(DATA / "krippendorff_2011_c.csv")
    result = compute_agreement(table, level="nominal")
    assert result.coders == ["A", "B", "C", "D"]
    assert result.alpha == pytest.approx(0.743, abs=5e-4)
    assert result.nominal.alpha == pytest.approx(0.7434, abs=1e-4)
    # unit 12 has a single value: not pairable, so α uses 11 of the 12 units
    assert result.nominal.n_units_alpha == 11
    assert (result.n_units_total, result.n_units_complete, result.n_units_dropped) == (12, 8, 4)
    assert result.nominal.kappa is None  # four coders: no Cohen's κ
    assert len(result.nominal.pairwise) == 6
    assert result.nominal.flag == "amber"


def test_krippendorff_2011_section_a_binary_two_observers():
    """Krippendorff (2011), section A: binary data, two observers, ten units: α = 0.095."""
    table = binary_table({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
                          "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]})
    code = compute_agreement(table).per_code[0]
    assert code.alpha == pytest.approx(0.095, abs=5e-4)
    assert code.percent_agreement == pytest.approx(0.6)
    assert code.flag == "red"


def wikipedia_kappa_table() -> UnitTable:
    """Wikipedia, "Cohen's kappa", worked example: 50 proposals read by A and B; both yes 20,
    A yes / B no 5, A no / B yes 10, both no 15; p_o = 0.70, p_e = 0.50, κ = 0.40."""
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    rows = []
    for i, (a, b) in enumerate(pairs):
        rows += [(f"p{i}", "A", a), (f"p{i}", "B", b)]
    return UnitTable.from_rows(rows)


def test_cohen_kappa_wikipedia_example_binary_and_nominal():
    table = wikipedia_kappa_table()
    binary = compute_agreement(table, codes=["yes"])
    yes = binary.per_code[0]
    assert yes.kappa == pytest.approx(0.40)
    assert yes.percent_agreement == pytest.approx(0.70)
    assert yes.n_units == 50
    assert yes.prevalence == pytest.approx((25 + 30) / 100)
    nominal = compute_agreement(table, level="nominal")
    assert nominal.nominal.kappa == pytest.approx(0.40)
    assert nominal.nominal.percent_agreement == pytest.approx(0.70)


# -- independent implementations -------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cohen_kappa_matches_sklearn_on_random_data(seed):
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(seed)
    a = rng.integers(0, 4, 300)
    b = np.where(rng.random(300) < 0.6, a, rng.integers(0, 4, 300))
    assert cohen_kappa(a.tolist(), b.tolist()) == pytest.approx(cohen_kappa_score(a, b))

    codes = ["motivation", "financial_uncertainty", "zelfoverschatting", "trajectory_fit"]
    rows = [(f"s{i}", c, codes[v]) for c, vals in (("anna", a), ("ben", b))
            for i, v in enumerate(vals)]
    result = compute_agreement(UnitTable.from_rows(rows), level="nominal")
    assert result.nominal.kappa == pytest.approx(cohen_kappa_score(a, b))
    for k, code in enumerate(codes):  # per code: this code vs the rest
        fig = next(c for c in result.per_code if c.code == code)
        assert fig.kappa == pytest.approx(cohen_kappa_score(a == k, b == k))


def test_binary_alpha_with_missing_matches_krippendorff_reliability_data():
    import krippendorff

    rng = np.random.default_rng(7)
    data = (rng.random((3, 80)) < 0.3).astype(float)
    data[rng.random((3, 80)) < 0.15] = np.nan
    values = {c: [None if np.isnan(v) else int(v) for v in data[i]]
              for i, c in enumerate(["anna", "ben", "carla"])}
    code = compute_agreement(binary_table(values)).per_code[0]
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert code.alpha == pytest.approx(expected)
    assert code.n_units_alpha == int(((~np.isnan(data)).sum(axis=0) >= 2).sum())


def test_percent_agreement_is_mean_pairwise():
    assert percent_agreement([(1, 1, 0), (1, 1, 1)]) == pytest.approx((1 / 3 + 1) / 2)
    assert percent_agreement([]) is None


# -- undefined figures -----------------------------------------------------------------------
def test_no_variation_is_undefined_never_zero_or_one():
    rows = [(f"s{i}", c, "always") for i in range(6) for c in ("anna", "ben")]
    rows += [("s0", "anna", "varies"), ("s1", "ben", "varies")]
    result = compute_agreement(UnitTable.from_rows(rows),
                               codes=["always", "never", "varies"])
    fig = {c.code: c for c in result.per_code}
    for code, why in (("always", "always applied"), ("never", "nobody applied")):
        assert fig[code].alpha is None and fig[code].kappa is None
        assert fig[code].flag is None
        assert why in fig[code].note
        assert fig[code].percent_agreement == 1.0  # agreement itself is still a fact
    assert fig["varies"].alpha is not None and fig["varies"].kappa is not None
    assert result.macro.n_codes == 3 and result.macro.n_codes_alpha == 1
    assert result.macro.alpha == pytest.approx(fig["varies"].alpha)
    assert result.to_dict()["per_code"][1]["alpha"] is None


def test_alpha_and_kappa_undefined_helpers():
    assert cohen_kappa([], []) is None
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None
    assert cohen_kappa([1, 1], [0, 0]) == 0.0  # coders differ: defined
    assert krippendorff_alpha([[1, None], [None, 0]]) == (None, 0)
    assert krippendorff_alpha([[1, 1], [1, 1]]) == (None, 2)


# -- units counted -----------------------------------------------------------------------------
def test_coders_who_saw_different_subsets():
    # anna saw u0-u5, ben u2-u7: complete u2-u5 (4), dropped 4 (seen by one coder only)
    table = binary_table({"anna": [1, 0, 1, 0, 1, 0, None, None],
                          "ben": [None, None, 1, 0, 0, 0, 1, 1]})
    result = compute_agreement(table)
    code = result.per_code[0]
    assert (result.n_units_total, result.n_units_complete, result.n_units_dropped) == (8, 4, 4)
    assert (code.n_units, code.n_dropped, code.n_units_alpha) == (4, 4, 4)
    assert code.percent_agreement == pytest.approx(3 / 4)
    assert code.prevalence == pytest.approx(3 / 8)


def test_alpha_uses_units_seen_by_two_of_three_coders():
    table = binary_table({"anna": [1, 0, 1, 0, None], "ben": [1, 0, 0, None, 1],
                          "carla": [1, 0, 1, 0, None]})
    code = compute_agreement(table).per_code[0]
    assert code.n_units == 3 and code.n_dropped == 2
    assert code.n_units_alpha == 4  # u4 has one value only
    assert code.kappa is None  # three coders
    assert [p.n_units for p in code.pairwise] == [3, 4, 3]  # anna-ben, anna-carla, ben-carla


# -- pooled, nominal, model -----------------------------------------------------------------
def test_pooled_treats_every_unit_code_decision_as_one_item():
    rows = [("s1", "anna", "a"), ("s1", "ben", "a"), ("s2", "anna", "b"), ("s2", "ben", None),
            ("s3", "anna", None), ("s3", "ben", "b")]
    result = compute_agreement(UnitTable.from_rows(rows))
    assert result.pooled.n_units == 6
    # decisions (anna, ben): a: (1,1) (0,0) (0,0); b: (0,0) (1,0) (0,1)
    assert result.pooled.kappa == pytest.approx(cohen_kappa([1, 0, 0, 0, 1, 0],
                                                            [1, 0, 0, 0, 0, 1]))
    assert result.alpha == result.pooled.alpha


def test_nominal_rejects_several_codes_per_unit():
    rows = [("s1", "anna", "a"), ("s1", "anna", "b"), ("s1", "ben", "a")]
    with pytest.raises(InputError, match=r"unit 's1': coder 'anna' applied 2 codes \(a, b\)"):
        compute_agreement(UnitTable.from_rows(rows), level="nominal")


def test_nominal_no_code_is_a_category_or_missing():
    rows = [("s1", "anna", "a"), ("s1", "ben", "a"), ("s2", "anna", None), ("s2", "ben", "b"),
            ("s3", "anna", "b"), ("s3", "ben", "b")]
    table = UnitTable.from_rows(rows)
    as_category = compute_agreement(table, level="nominal").nominal
    assert as_category.n_units_alpha == 3 and as_category.percent_agreement == pytest.approx(2 / 3)
    as_missing = compute_agreement(table, level="nominal", empty_as_missing=True).nominal
    assert as_missing.n_units_alpha == 2 and as_missing.alpha == pytest.approx(1.0)
    assert NO_CODE not in compute_agreement(table, level="nominal").codes


def test_model_is_compared_with_each_human_not_pooled_with_them():
    rng = np.random.default_rng(3)
    anna = (rng.random(60) < 0.4).astype(int).tolist()
    ben = [v if rng.random() < 0.85 else 1 - v for v in anna]
    model = (rng.random(60) < 0.5).astype(int).tolist()
    table = binary_table({"anna": anna, "ben": ben, "model": model})
    result = compute_agreement(table)
    humans = compute_agreement(table, coders=["anna", "ben"])
    assert result.main_coders == ["anna", "ben"] and result.comparison_coders == ["model"]
    code, human_code = result.per_code[0], humans.per_code[0]
    assert code.kappa == pytest.approx(human_code.kappa)
    assert code.alpha == pytest.approx(human_code.alpha)
    assert code.pair("model", "anna").kappa == pytest.approx(cohen_kappa(model, anna))
    assert code.pair("model", "ben").kappa == pytest.approx(cohen_kappa(model, ben))
    assert result.pair_labels == [("anna", "ben"), ("model", "anna"), ("model", "ben")]
    # one human and the model: the model is simply the second coder
    solo = compute_agreement(table, coders=["anna", "model"])
    assert solo.main_coders == ["anna", "model"] and solo.comparison_coders == []
    assert solo.per_code[0].kappa == pytest.approx(cohen_kappa(anna, model))


def test_selection_errors():
    table = binary_table({"anna": [1, 0], "ben": [1, 1]})
    with pytest.raises(InputError, match="unknown coder.*carl"):
        compute_agreement(table, coders=["anna", "carl"])
    with pytest.raises(InputError, match="at least two coders"):
        compute_agreement(table, coders=["anna"])
    with pytest.raises(InputError, match="unknown level"):
        compute_agreement(table, level="ordinal")


# -- thresholds and JSON -----------------------------------------------------------------------
def test_thresholds_flags_and_config():
    t = Thresholds()
    assert [t.flag(v) for v in (0.6669, 0.667, 0.7999, 0.8, None)] == \
        ["red", "amber", "amber", "green", None]
    custom = Thresholds.from_config({"amber": 0.5, "green": 0.7})
    assert custom.flag(0.6) == "amber" and custom.flag(0.7) == "green"
    assert Thresholds.from_config(None) == Thresholds()
    assert Thresholds.from_config({"green": "0.9"}).green == 0.9
    with pytest.raises(WorkbenchError, match="unknown agreement threshold"):
        Thresholds.from_config({"yellow": 0.5})
    with pytest.raises(WorkbenchError, match="amber <= green"):
        Thresholds(amber=0.9, green=0.8)
    table = binary_table({"A": [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], "B": [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]})
    lenient = compute_agreement(table, thresholds=Thresholds(amber=0.05, green=0.09))
    assert lenient.per_code[0].flag == "green"


def test_to_dict_is_plain_json():
    result = compute_agreement(read_units_csv(DATA / "krippendorff_2011_c.csv"), level="nominal")
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["alpha"] == pytest.approx(0.7434, abs=1e-4)
    assert data["units"] == {"total": 12, "complete": 8, "dropped": 4}
    assert [c["code"] for c in data["per_code"]] == ["1", "2", "3", "4", "5"]
    assert "alpha" in data["unit_basis"]


def test_too_few_positives_is_its_own_state_not_red():
    """One positive in 25 units: κ is 0 or undefined, which says nothing; the flag says so."""
    from workbench.agreement.layout import fmt_flag
    table = binary_table({"anna": [1] + [0] * 24, "ben": [0] * 25}, code="motivation")
    res = compute_agreement(table)
    (c,) = res.per_code
    assert c.positives == 1 and c.prevalence == 1 / 50
    assert c.flag == "few" and "too few positives to judge" in c.note
    assert fmt_flag(c.flag) == "too few positives" and fmt_flag(c.flag, dutch=True) == "te weinig om te beoordelen"
    assert compute_agreement(table, thresholds=Thresholds(min_positives=1)).per_code[0].flag == "few"  # 2% < 5%
    assert compute_agreement(table, thresholds=Thresholds(min_positives=1, min_positive_share=0)
                             ).per_code[0].flag == "red"
    assert Thresholds.from_config({"min_positives": "2"}).min_positives == 2
    with pytest.raises(WorkbenchError, match="whole number"):
        Thresholds.from_config({"min_positives": "veel"})


def test_a_rare_code_is_too_few_to_judge_by_its_prevalence_too():
    """Sixteen units with the code but a prevalence under 5%: κ is computed, and not judged."""
    a = [1] * 14 + [0] * 286
    b = [1] * 12 + [0, 0, 1, 1] + [0] * 284
    (c,) = compute_agreement(binary_table({"anna": a, "ben": b})).per_code
    assert c.positives == 16 and c.prevalence == pytest.approx(28 / 600)
    assert c.kappa is not None and c.flag == "few" and "its prevalence is 4.67% (minimum 5%)" in c.note
    assert "applied to" not in c.note  # sixteen units are enough; the share is not
    loose = Thresholds(min_positive_share=0.04)
    assert compute_agreement(binary_table({"anna": a, "ben": b}), thresholds=loose).per_code[0].flag != "few"
    assert Thresholds.from_config({"min_positive_share": "0.1"}).min_positive_share == 0.1
    with pytest.raises(WorkbenchError, match="between 0 and 1"):
        Thresholds(min_positive_share=5)
