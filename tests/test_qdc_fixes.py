"""The .qdc fixes found with real files: control characters, codebooks without descriptions,
foreign 'Keywords:' lines, #RGB colours."""

from __future__ import annotations

from lxml import etree
from typer.testing import CliRunner

from workbench.cli.main import app
from workbench.codebook import loads_codebook, read_qdc, to_qdc, validate_file
from workbench.codebook.model import Code, Codebook
from qdpx_helpers import SCHEMAS

NS = "{urn:QDA-XML:codebook:1.0}"


def codebook_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook.xsd")))


def test_control_characters_are_refused_at_validation(tmp_path):
    f = tmp_path / "cb.yaml"
    f.write_text('name: x\ncodes:\n  - id: a\n    label: "A\\vB"\n    definition: "Een\\vtwee."\n'
                 '    examples: ["ok", "niet\\x0cok"]\n', encoding="utf-8")
    problems = [p.format(str(f)) for p in validate_file(f)]
    assert any(":4: code 'a': 'label' contains the control character U+000B" in p for p in problems)
    assert any(":5: code 'a': 'definition' contains" in p for p in problems)
    assert any("'examples item 2' contains the control character U+000C" in p for p in problems)


def test_a_codebook_with_control_characters_still_exports_valid_xml():
    cb = Codebook(name="x", codes=[Code(id="a", label="A\x0bB", definition="Een\x0btwee\x01.")])
    doc = etree.fromstring(to_qdc(cb))
    codebook_schema().assertValid(doc)
    code = doc.find(f"{NS}Codes/{NS}Code")
    assert code.get("name") == "A\nB" and code.find(f"{NS}Description").text.startswith("Een\ntwee.")


FOREIGN = b"""<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">
  <Codes>
    <Code guid="{8e2f5d1c-0000-4000-8000-000000000001}" name="Geld" isCodable="true" color="#0A0"/>
    <Code guid="8e2f5d1c-0000-4000-8000-000000000002" name="Werk" isCodable="true">
      <Description>Over werk.
Keywords: baan, werk
id: 12</Description></Code>
  </Codes>
</CodeBook>"""


def test_foreign_codebook_round_trips_without_descriptions_and_keeps_colours(tmp_path):
    imp = read_qdc(FOREIGN, source="nvivo.qdc")
    geld, werk = imp.codebook.flat()
    assert geld.color == "#00AA00" and geld.definition.startswith("TODO")
    assert werk.definition == "Over werk.\nKeywords: baan, werk\nid: 12" and werk.keywords == [] and werk.id == "werk"
    out = to_qdc(imp.codebook)
    doc = etree.fromstring(out)
    codebook_schema().assertValid(doc)
    codes = doc.findall(f"{NS}Codes/{NS}Code")
    assert codes[0].find(f"{NS}Description") is None and codes[0].get("color") == "#00AA00"
    assert codes[0].get("guid") == "8E2F5D1C-0000-4000-8000-000000000001"
    back = read_qdc(out).codebook
    assert [(c.id, c.definition[:4], c.keywords) for c in back.flat()] == [
        ("geld", "TODO", []), ("werk", "Over", [])]


def test_export_of_an_imported_yaml_with_placeholders_warns_and_writes(tmp_path):
    from workbench.codebook import dump_yaml

    src = tmp_path / "nvivo.yaml"
    src.write_text(dump_yaml(read_qdc(FOREIGN).codebook), encoding="utf-8")
    assert any("placeholder" in p.message for p in validate_file(src))   # still not valid to load
    out = tmp_path / "terug.qdc"
    r = CliRunner().invoke(app, ["codebook", "export", "--format", "qdc", "--from", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "warning: 1 code(s) have no written definition" in r.output and "geld" in r.output
    codebook_schema().assertValid(etree.parse(str(out)))


def test_export_still_refuses_real_problems(tmp_path):
    src = tmp_path / "bad.yaml"
    src.write_text("name: x\ncodes:\n  - id: a\n    label: A\n    definition: TODO\n  - id: a\n    label: B\n"
                   "    definition: b\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["codebook", "export", "--format", "qdc", "--from", str(src)])
    assert r.exit_code == 1 and "duplicate code id" in r.output


def test_our_descriptions_still_round_trip():
    cb = loads_codebook("name: x\ncodes:\n  - id: a\n    label: A\n    definition: 'Def: met dubbele punt.'\n"
                        "    keywords: ['geld']\n    memo: 'Keywords: geen veld'\n")
    back = read_qdc(to_qdc(cb)).codebook.get("a")
    assert (back.definition, back.keywords, back.memo) == ("Def: met dubbele punt.", ["geld"], "Keywords: geen veld")
