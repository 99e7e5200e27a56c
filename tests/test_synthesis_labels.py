"""Default labels for attribute values ("Wajong2015" → "Wajong 2015") that the analyst's
[labels.<attribute>] override, and `report --init-config` offering the values found."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

from workbench.synthesis.config import ReportConfig, config_from_mapping
from workbench.synthesis.grouping import Grouping, default_label, label_value
from workbench.synthesis.quotes import attribution

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)


@pytest.mark.parametrize("raw, label", [
    ("Wajong2015", "Wajong 2015"),      # letters and a trailing year apart
    ("Wajong2010", "Wajong 2010"),
    ("wave_2024", "wave 2024"),
    ("geen_werk", "geen werk"),         # snake_case as words
    ("betaald_werk", "betaald werk"),
    ("oWajong", "oWajong"),             # anything else unchanged
    ("IVA", "IVA"),
    ("Wajong", "Wajong"),
    ("25-35", "25-35"),
    ("<25", "<25"),
    ("2024", "2024"),
    ("WGA-2020", "WGA-2020"),
    ("Wajong 2015", "Wajong 2015"),
    ("  betaald   werk ", "betaald werk"),
])
def test_default_label(raw, label):
    assert default_label(raw) == label


def test_the_analysts_labels_override_the_defaults():
    labels = {"uitkering": {"Wajong2015": "Wajong"}}
    assert label_value(labels, "uitkering", "Wajong2015") == "Wajong"
    assert label_value(labels, "uitkering", "Wajong2010") == "Wajong 2010"
    assert label_value(labels, "werksituatie", "geen_werk") == "geen werk"
    assert label_value({"uitkering": {"Wajong2010": "Wajong2010"}}, "uitkering", "Wajong2010") == "Wajong2010"
    assert label_value(labels, "uitkering", None) is None


def test_attribution_and_groups_read_default_labels():
    inp = synthetic.make_input()
    for r in inp.respondents:
        if r.attributes.get("uitkering") == "Wajong":
            r.attributes["uitkering"] = "Wajong2015"
    wajong = next(s for s in inp.segments.values()
                  if s.respondent_id and next(r for r in inp.respondents if r.id == s.respondent_id
                                              ).attributes.get("uitkering") == "Wajong2015")
    assert attribution(inp, wajong, ReportConfig(k_anonymity=1)).startswith("Deelnemer (Wajong 2015")
    assert attribution(inp, wajong, ReportConfig(k_anonymity=1, labels={"uitkering": {"Wajong2015": "Wajong"}})
                       ).startswith("Deelnemer (Wajong")
    assert "Wajong 2015" in Grouping.parse("uitkering").sizes(inp)


def test_init_config_offers_the_values_found_as_commented_suggestions():
    from workbench.synthesis.config_template import template_text

    inp = synthetic.make_input()
    values = {"uitkering": ["IVA", "Wajong2015", "oWajong"], "werksituatie": ["geen_werk", "betaald werk"],
              "leeftijdsgroep": ["<25", "25-35"]}
    text = template_text(inp.codebook, {}, values)
    assert '# Wajong2015 = "Wajong 2015"' in text and '# geen_werk = "geen werk"' in text
    assert '# "betaald werk" = "betaald werk"' in text and '# "<25" = "<25"' in text
    data = tomllib.loads(text)
    assert data["labels"] == {"leeftijdsgroep": {}, "uitkering": {}, "werksituatie": {}}  # all commented
    config_from_mapping(data)  # a valid report.toml as written
    edited = tomllib.loads(text.replace('# Wajong2015 = "Wajong 2015"', 'Wajong2015 = "Wajong"'))
    assert config_from_mapping(edited).labels["uitkering"] == {"Wajong2015": "Wajong"}


def test_professionals_without_a_participant_attribute_are_grouped_by_their_type():
    inp = synthetic.make_input()
    participant = next(r for r in inp.respondents if r.type == "deelnemer")
    participant.attributes.pop("uitkering", None)  # a participant whose benefit is not known
    g = Grouping.parse("uitkering")
    sizes = g.sizes(inp)
    groups = g.order(sizes)
    heads = [g.header(x) for x in groups]
    # the benefit's own values first, then the professionals by type, then the unknown participants
    assert heads[-4:] == ["Arbeidsdeskundigen", "Re-integratiebureaus", "Werkgevers", "Uitkering onbekend"]
    assert sizes["onbekend"] == 1
    assert g.plural("type:arbeidsdeskundige") == "arbeidsdeskundigen"
    assert g.singular("type:werkgever") == "werkgever"
    # an attribute some of a type have: the others of that type are unknown, not a group of their own
    expert = next(r for r in inp.respondents if r.type == "arbeidsdeskundige")
    expert.attributes["uitkering"] = "IVA"
    assert "type:arbeidsdeskundige" not in Grouping.parse("uitkering").sizes(inp)
    expert.attributes.pop("uitkering")
    # the interview year applies to everyone: never replaced by the type
    assert not any(k.startswith("type:") for k in Grouping.parse("wave").sizes(inp))
    two = Grouping.parse("uitkering,wave")
    assert all(two.header(k).startswith(("IVA", "Wajong", "Arbeidsdeskundigen", "Re-integratiebureaus",
                                         "Werkgevers", "Uitkering onbekend")) for k in two.sizes(inp))
