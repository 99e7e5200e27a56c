"""Quantifier table: boundaries, small groups in exact words, config override, number format."""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.synthesis.config import config_from_mapping, load_config
from workbench.synthesis.dutch_format import (
    capitalize_first, fmt_date, fmt_int, fmt_number, fmt_pct, fmt_share, join_and, number_word,
)
from workbench.synthesis.quantifiers import QuantifierTable, load_quantifiers, table_from_mapping


@pytest.mark.parametrize("count,total,word", [
    (0, 40, "geen"), (1, 40, "een enkeling"), (2, 40, "enkele"), (5, 40, "enkele"),
    (6, 40, "een aantal"),  # exactly 15% starts the next band
    (9, 40, "een aantal"), (10, 40, "meerdere"), (14, 40, "een deel"), (17, 40, "een deel"),
    (18, 40, "ongeveer de helft"), (21, 40, "ongeveer de helft"), (22, 40, "veel"),
    (27, 40, "veel"), (28, 40, "de meeste"), (35, 40, "de meeste"), (36, 40, "vrijwel alle"),
    (39, 40, "vrijwel alle"), (40, 40, "alle"),
])
def test_default_band_boundaries(count, total, word):
    assert QuantifierTable().word(count, total) == word


def test_words_are_monotone_over_shares():
    q = QuantifierTable()
    order = ["geen", "een enkeling"] + [b.word for b in q.bands] + ["alle"]
    ranks = [order.index(q.word(k, 62)) for k in range(0, 63)]
    assert ranks == sorted(ranks)


def test_large_group_phrase_has_counts_and_verb_number():
    q = QuantifierTable()
    deel = q.describe(16, 40, "deelnemers", "deelnemer")
    assert deel.text == "een deel van de deelnemers (16 van de 40)"
    assert deel.sentence_start().startswith("Een deel")
    assert deel.verb("noemt", "noemen") == "noemt"
    meeste = q.describe(30, 40, "deelnemers", "deelnemer")
    assert meeste.text == "de meeste deelnemers (30 van de 40)" and meeste.plural
    one = q.describe(1, 62, "deelnemers", "deelnemer")
    assert one.text == "een enkele deelnemer (1 van de 62)" and not one.plural
    assert q.describe(4081, 5000, "deelnemers", "deelnemer").text.endswith("(4.081 van de 5.000)")


def test_small_groups_get_exact_counts_in_words():
    q = QuantifierTable()  # small_group = 10
    assert q.describe(3, 6, "werkgevers", "werkgever").text == "drie van de zes werkgevers"
    assert q.describe(3, 6, "werkgevers", "werkgever").plural
    one = q.describe(1, 8, "re-integratiebureaus", "re-integratiebureau")
    assert one.text == "één van de acht re-integratiebureaus" and not one.plural
    assert one.sentence_start() == "Eén van de acht re-integratiebureaus"
    assert q.describe(6, 6, "werkgevers", "werkgever").text == "alle zes de werkgevers"
    assert q.describe(2, 2, "werkgevers", "werkgever").text == "beide werkgevers"
    assert q.describe(1, 1, "werkgevers", "werkgever").text == "de enige werkgever"
    assert q.describe(10, 10, "x", "x").exact and not q.describe(10, 11, "x", "x").exact


def test_config_override_changes_words_and_small_group(tmp_path):
    cfg = tmp_path / "report.toml"
    cfg.write_text(
        '[quantifiers]\nsmall_group = 4\none = "één"\n'
        'bands = [\n  { below = 30, word = "sommige" },\n  { below = 60, word = "een deel" },\n'
        '  { below = 100, word = "het merendeel" },\n]\n', encoding="utf-8")
    q = load_quantifiers(cfg)
    assert q.small_group == 4
    assert q.word(2, 10) == "sommige" and q.word(3, 10) == "een deel" and q.word(6, 10) == "het merendeel"
    assert q.describe(7, 10, "deelnemers", "deelnemer").text == "het merendeel van de deelnemers (7 van de 10)"
    assert q.describe(1, 10, "deelnemers", "deelnemer").text == "één deelnemer (1 van de 10)"
    assert q.describe(2, 4, "werkgevers", "werkgever").text == "twee van de vier werkgevers"
    assert load_config(cfg).quantifiers.word(2, 10) == "sommige"


def test_bands_as_a_simple_mapping_and_custom_phrase():
    q = table_from_mapping({"bands": {"50": "weinig", "100": "velen"}})
    assert q.word(4, 10) == "weinig" and q.word(5, 10) == "velen"
    assert q.describe(4, 20, "deelnemers", "deelnemer").text == "weinig deelnemers (4 van de 20)"


@pytest.mark.parametrize("data,msg", [
    ({"bands": [{"below": 50, "word": "a"}, {"below": 40, "word": "b"}]}, "rise strictly"),
    ({"bands": [{"below": 50, "word": "a"}]}, "must end at below = 100"),
    ({"bands": [{"word": "a"}]}, "bad band"),
    ({"small_group": "veel"}, "whole number"),
    ({"colour": 1}, "unknown key"),
])
def test_bad_quantifier_config_is_one_clear_error(data, msg):
    with pytest.raises(InputError, match=msg):
        table_from_mapping(data, "report.toml")


def test_bad_report_config(tmp_path):
    with pytest.raises(InputError, match="unknown section"):
        config_from_mapping({"rapport": {}})
    with pytest.raises(InputError, match="per_theme"):
        config_from_mapping({"quotes": {"per_theme": 9}})
    bad = tmp_path / "r.toml"
    bad.write_text("[report\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(InputError, match="not found"):
        load_config(tmp_path / "missing.toml")


def test_report_config_sections(tmp_path):
    cfg = config_from_mapping({
        "report": {"chapter_number": 3, "population": "pop.csv", "overrepresentation_points": 5},
        "quotes": {"per_theme": 2, "max_words": 30},
        "attribution": {"werkgever": ["sector"]},
    }, str(tmp_path / "report.toml"))
    assert cfg.chapter_number == 3 and cfg.overrep_points == 5.0
    assert cfg.population == tmp_path / "pop.csv"
    assert cfg.quotes_per_theme == 2 and cfg.max_quote_words == 30
    assert cfg.attribution["werkgever"] == ["sector"] and cfg.attribution["deelnemer"] == ["uitkering", "wave"]


@pytest.mark.parametrize("value,decimals,text", [
    (4081, 0, "4.081"), (1234567, 0, "1.234.567"), (2.333, 2, "2,33"), (2.335, 2, "2,34"),
    (0.5, 0, "1"), (-1234.5, 1, "-1.234,5"), (None, 0, "NB"), (float("nan"), 1, "NB"), (7, 2, "7,00"),
])
def test_dutch_number_format(value, decimals, text):
    assert fmt_number(value, decimals) == text


def test_percentages_words_and_dates():
    from datetime import date

    assert fmt_pct(45.2) == "45%" and fmt_pct(45.25, 1) == "45,3%" and fmt_pct(None) == "NB"
    assert fmt_share(0.452) == "45%" and fmt_share(None) == "NB"
    assert fmt_int(4081) == "4.081" and fmt_int(None) == "NB"
    assert [number_word(n) for n in (1, 6, 13, 20)] == ["één", "zes", "dertien", "twintig"]
    assert number_word(21) == "21" and number_word(4081) == "4.081"
    assert capitalize_first("één van de zes") == "Eén van de zes"
    assert join_and(["a", "b", "c"]) == "a, b en c" and join_and(["a"]) == "a"
    assert fmt_date(date(2025, 5, 3)) == "3 mei 2025"
