"""Population CSV, respondent-versus-population shares and the over-representation sentence."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.synthesis.population import compare_population, load_population, overrepresentation_sentence

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


def test_load_population_sums_to_n():
    pop = load_population(synthetic.POPULATION)
    assert list(pop)[:2] == ["uitkering", "geslacht"]
    assert all(sum(v.values()) == 4081 for v in pop.values())


def test_semicolon_dutch_headers_and_thousands(tmp_path):
    p = tmp_path / "pop.csv"
    p.write_text("kenmerk;waarde;aantal\nuitkering;IVA;2.100\nuitkering;Wajong;1.981\n", encoding="utf-8")
    assert load_population(p) == {"uitkering": {"IVA": 2100, "Wajong": 1981}}


@pytest.mark.parametrize("text,msg", [
    ("a,b,c\n1,2,3\n", "needs columns"),
    ("attribute,value,count\nuitkering,IVA,veel\n", "line 2"),
    ("attribute,value,count\n", "no rows"),
])
def test_bad_population_files(tmp_path, text, msg):
    p = tmp_path / "pop.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=msg):
        load_population(p)
    with pytest.raises(InputError, match="not found"):
        load_population(tmp_path / "nope.csv")


def test_compare_shares_unknown_and_overrepresented():
    inp = synthetic.make_input()
    cmp = compare_population(inp, load_population(synthetic.POPULATION), "deelnemer", 10)
    rows = {(r.attribute, r.value): r for r in cmp.rows}
    assert cmp.n_respondents == 6 and cmp.n_population == 4081
    assert rows[("uitkering", "IVA")].respondents_pct == pytest.approx(400 / 6)
    assert rows[("uitkering", "IVA")].population_pct == pytest.approx(100 * 2100 / 4081)
    # D05 has no periode: shares over the five known
    assert rows[("periode", "experiment")].respondents_pct == pytest.approx(80.0)
    # nobody has werksituatie: unknown, never 0%
    assert rows[("werksituatie", "geen werk")].respondents_pct is None
    over = {(r.attribute, r.value) for r in cmp.overrepresented}
    assert over == {("uitkering", "IVA"), ("periode", "experiment")}
    s = overrepresentation_sentence(cmp)
    assert s.startswith("Ten opzichte van alle deelnemers (N = 4.081)")
    assert "uitkering ‘IVA’ (67% tegenover 51%)" in s and "‘experiment’ (80% tegenover 64%)" in s


def test_no_overrepresentation_sentence():
    inp = synthetic.make_input()
    cmp = compare_population(inp, load_population(synthetic.POPULATION), "deelnemer", 50)
    assert cmp.overrepresented == []
    assert overrepresentation_sentence(cmp).startswith("Geen enkele groep is onder de geïnterviewde deelnemers 50 procentpunt")


def test_benefit_variants_count_under_the_population_value():
    inp = synthetic.make_input()
    inp.respondents[2].attributes["uitkering"] = "Wajong2015"  # D03
    inp.respondents[4].attributes["uitkering"] = "oWajong"  # D05
    inp.respondents[0].attributes["uitkering"] = "WIA-onbekend"  # no population value inside
    cmp = compare_population(inp, load_population(synthetic.POPULATION), "deelnemer", 10)
    rows = {(r.attribute, r.value): r for r in cmp.rows}
    assert rows[("uitkering", "Wajong")].respondents_pct == pytest.approx(200 / 6)
    assert cmp.merged == {"Wajong": {"Wajong2015", "oWajong"}}
    assert rows[("uitkering", "WIA-onbekend")].population_pct is None
