"""REFI-QDA .qdc exchange: export, round trip, foreign import, hostile and malformed XML."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench.codebook import (
    Codebook,
    code_guid,
    dump_yaml,
    from_qdc,
    load_codebook,
    loads_codebook,
    read_qdc,
    read_qdc_file,
    to_qdc,
    validate_file,
)
from workbench.codebook.qdc_text import compose_description, parse_description
from workbench.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "codebook"
SHIPPED = [ROOT / "codebooks" / "reintegratie.yaml", ROOT / "codebooks" / "willen-kunnen-doen.yaml"]
NS = "{urn:QDA-XML:codebook:1.0}"

TRICKY = """\
name: lastig
version: "2.10"
description: |
  Twee regels
  beschrijving.
codes:
  - id: groep
    label: Groep & zo
    codable: false
    definition: Groep.
    memo: "regel een\\nregel twee"
    children:
      - id: a
        label: "A <met> tekens"
        definition: "Eerste alinea: met dubbele punt.\\n\\nTweede alinea."
        include: ["een", "twee\\nregels"]
        exclude: ["niet dit → b"]
        examples: ['- begint met streepje', 'Kop: lijkt een kop', '“Ja,” zei ze.']
        keywords: ['\\btoeslag\\w*', 'a|b']
        headline: Een kop
        color: "#AbCdEf"
  - id: b
    parent: groep
    label: B
    definition: Code b.
    guid: "0A1B2C3D-0000-4000-8000-000000000001"
"""


def roundtrip(cb: Codebook) -> Codebook:
    return read_qdc(to_qdc(cb)).codebook


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_round_trip_keeps_everything(path):
    cb = load_codebook(path)
    back = roundtrip(cb)
    assert back.flat() == cb.flat()  # ids, labels, parents, codable, all text fields, colours
    assert (back.name, back.version, back.language, back.description) == (
        cb.name, cb.version, cb.language, cb.description)
    assert back.flat()[1].keywords == cb.flat()[1].keywords


def test_tricky_round_trip_and_yaml_round_trip(tmp_path):
    cb = loads_codebook(TRICKY)
    back = roundtrip(cb)
    assert back.flat() == cb.flat()
    assert back.description == cb.description.strip()
    b = back.get("b")
    assert b.guid == "0A1B2C3D-0000-4000-8000-000000000001"
    # yaml → qdc → yaml file → load again
    out = tmp_path / "back.yaml"
    out.write_text(dump_yaml(back), encoding="utf-8")
    assert validate_file(out) == []
    assert load_codebook(out).flat() == cb.flat()


def test_export_structure():
    cb = loads_codebook(TRICKY)
    root = ET.fromstring(to_qdc(cb))
    assert root.tag == f"{NS}CodeBook" and root.get("origin").startswith("workbench ")
    top = root.find(f"{NS}Codes").findall(f"{NS}Code")
    assert [c.get("name") for c in top] == ["Groep & zo"]
    assert top[0].get("isCodable") == "false" and top[0].get("color") is None
    kids = top[0].findall(f"{NS}Code")
    assert [(k.get("name"), k.get("isCodable")) for k in kids] == [("A <met> tekens", "true"), ("B", "true")]
    assert kids[0].get("color") == "#AbCdEf"
    assert kids[0].get("guid") == code_guid("lastig", "a")
    assert kids[1].get("guid") == "0A1B2C3D-0000-4000-8000-000000000001"
    braced = cb.model_copy(update={"codes": [cb.codes[0], cb.codes[1].model_copy(
        update={"guid": "{0a1b2c3d-0000-4000-8000-000000000001}"})]})
    assert b'guid="0A1B2C3D-0000-4000-8000-000000000001" name="B"' in to_qdc(braced)
    desc = kids[0].find(f"{NS}Description").text
    assert desc.startswith("Eerste alinea") and "\nInsluiten:\n- een\n" in desc and desc.endswith("id: a")
    members = root.find(f"{NS}Sets/{NS}Set").findall(f"{NS}MemberCode")
    assert [m.get("guid") for m in members] == [kids[0].get("guid"), kids[1].get("guid")]


def test_guids_are_stable_uuid5():
    g = code_guid("reintegratie", "motivation")
    assert g == code_guid("reintegratie", "motivation") and g == g.upper()
    assert uuid.UUID(g).version == 5
    assert g != code_guid("reintegratie", "job_search") != code_guid("ander", "motivation")
    cb = load_codebook(SHIPPED[0])
    assert to_qdc(cb) == to_qdc(cb)


def test_import_foreign_file():
    result = read_qdc_file(DATA / "foreign_atlas.qdc")
    cb = result.codebook
    assert cb.name == "foreign_atlas"
    flat = cb.flat()
    assert [(c.id, c.label, c.parent, c.codable) for c in flat] == [
        ("ervaringen_uwv", "Ervaringen UWV", None, False),
        ("eerste_gesprek", "Eerste gesprek", "ervaringen_uwv", True),
        ("financiele_zorgen", "Financiële zorgen", "ervaringen_uwv", True),
        ("financiele_zorgen_2", "Financiële   zorgen", "ervaringen_uwv", True),
        ("overig", "Overig", None, True),
    ]
    assert cb.get("eerste_gesprek").definition == "Hoe het eerste gesprek met de arbeidsdeskundige verliep."
    assert cb.get("financiele_zorgen_2").color == "#46AA00"
    assert cb.get("eerste_gesprek").color is None
    # braces stripped, GUIDs kept so other tools stay linked
    assert cb.get("ervaringen_uwv").guid == "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
    assert cb.get("financiele_zorgen").guid == "3BB58B12-6F6F-4B0C-8BE5-BBDC91F55294"
    # no description: placeholder, reported in the notes and by validation
    assert cb.get("financiele_zorgen").definition.startswith("TODO")
    assert any("3 codes had no description" in n for n in result.notes)
    assert any("ignored 1 set" in n for n in result.notes)
    # and the GUIDs survive a re-export
    root = ET.fromstring(to_qdc(cb))
    assert root.find(f"{NS}Codes/{NS}Code").get("guid") == "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"


def test_import_foreign_then_validate_reports_placeholders(tmp_path):
    out = tmp_path / "imported.yaml"
    out.write_text(dump_yaml(from_qdc((DATA / "foreign_atlas.qdc").read_bytes())), encoding="utf-8")
    messages = [p.message for p in validate_file(out)]
    assert sum("placeholder" in m for m in messages) == 3 and len(messages) == 3


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf", b'<?xml version="1.0" encoding="utf-8"?>\n',
                                    b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'])
def test_import_with_or_without_declaration_and_bom(prefix):
    body = ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="X"><Codes>'
            '<Code guid="{5DD58B12-6F6F-4B0C-8BE5-BBDC91F55294}" name="Zorg" isCodable="true">'
            '<Description>Over zorg.</Description></Code></Codes></CodeBook>')
    cb = from_qdc(prefix + body.encode("utf-8"))
    assert [(c.id, c.definition) for c in cb.flat()] == [("zorg", "Over zorg.")]


def test_import_utf16_and_project_file():
    body = ('<?xml version="1.0" encoding="utf-16"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
            '<CodeBook><Codes><Code guid="5DD58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="Één" '
            'isCodable="true"/></Codes></CodeBook></Project>')
    cb = from_qdc(body.encode("utf-16"))
    assert [(c.id, c.label) for c in cb.flat()] == [("een", "Één")]


def test_structured_description_read_only_inside_our_marked_block():
    foreign = "Plain definition.\nKeywords: geld, toeslag\nMemo: door Sanne\nid: 17"
    parsed = parse_description(foreign)   # another tool's text: all of it is the definition
    assert (parsed.definition, parsed.keywords, parsed.memo, parsed.id) == (foreign, [], None, None)
    ours = "Plain definition.\n\n--- workbench ---\nInclude:\n- x\nExclude:\n- y → other\nKeywords:\n- z\\w*\nHeadline: H"
    parsed = parse_description(ours)
    assert (parsed.definition, parsed.include, parsed.exclude, parsed.keywords, parsed.headline) == (
        "Plain definition.", ["x"], ["y → other"], ["z\\w*"], "H")
    legacy = "Def.\n\nTrefwoorden:\n- geld\n\nid: oud_id"   # exports made before the marker
    assert (parse_description(legacy).keywords, parse_description(legacy).id) == (["geld"], "oud_id")


def test_description_layout_round_trip():
    cb = loads_codebook(TRICKY)
    a = cb.get("a")
    parsed = parse_description(compose_description(a))
    assert (parsed.definition, parsed.include, parsed.examples, parsed.id) == (
        a.definition, a.include, a.examples, "a")
    g = parse_description(compose_description(cb.get("groep")))
    assert g.memo == "regel een\nregel twee"


HOSTILE = {
    "external entity": b'<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                       b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="a" name="&x;" '
                       b'isCodable="true"/></Codes></CodeBook>',
    "external dtd": b'<!DOCTYPE CodeBook SYSTEM "http://example.invalid/x.dtd"><CodeBook/>',
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                      b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                      b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                      b'<CodeBook><Codes><Code name="&lol3;" guid="x" isCodable="true"/></Codes></CodeBook>',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_xml_is_refused(name):
    with pytest.raises(InputError) as info:
        read_qdc(HOSTILE[name], source="evil.qdc")
    message = str(info.value)
    assert message.startswith("evil.qdc: refused: the XML declares a DOCTYPE or entities")
    assert "\n" not in message


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"<CodeBook><Codes></CodeBook>", "bad.qdc: not well-formed XML at line 1, column"),
        (b"dit is geen xml", "bad.qdc: not well-formed XML at line 1"),
        (b"", "bad.qdc: the file is empty"),
        (b"<Foo/>", "bad.qdc: not a REFI-QDA codebook: the root element is <Foo>"),
    ],
)
def test_malformed_xml_gives_one_line(data, expected):
    with pytest.raises(InputError) as info:
        read_qdc(data, source="bad.qdc")
    assert str(info.value).startswith(expected)
    assert "\n" not in str(info.value)


def test_validate_accepts_qdc_files(tmp_path):
    path = tmp_path / "cb.qdc"
    path.write_bytes(to_qdc(load_codebook(SHIPPED[0])))
    assert validate_file(path) == []
    bad = tmp_path / "bad.qdc"
    bad.write_bytes(HOSTILE["billion laughs"])
    (problem,) = validate_file(bad)
    assert problem.line is None and problem.message.startswith("refused")
