"""Validation of codebook YAML: one message per error kind, with its line number."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from workbench.codebook import (
    CodebookError,
    Problem,
    check_codebook,
    codebook_json_schema,
    load_codebook,
    loads_codebook,
    validate_file,
)
from workbench.errors import WorkbenchError

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [ROOT / "codebooks" / "reintegratie.yaml", ROOT / "codebooks" / "willen-kunnen-doen.yaml"]

BASE = """\
name: test
codes:
  - id: groep
    label: Groep
    codable: false
    definition: Een groep.
    children:
      - id: a
        label: A
        definition: Code a.
"""


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    path = tmp_path / "cb.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return validate_file(path)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_base_is_valid(tmp_path):
    assert problems_of(tmp_path, BASE) == []


@pytest.mark.parametrize(
    "extra, line, pattern",
    [
        # duplicate id
        ("  - id: a\n    label: A2\n    definition: d\n", 11, r"duplicate code id 'a' \(first defined on line 8\)"),
        # unknown parent with did-you-mean
        ("  - id: b\n    label: B\n    parent: grope\n    definition: d\n", 13,
         r"code 'b': unknown parent 'grope' \(did you mean 'groep'\?\)"),
        # missing label
        ("  - id: b\n    definition: d\n", 11, r"code 'b': missing required field 'label'"),
        # missing definition
        ("  - id: b\n    label: B\n", 11, r"code 'b': missing required field 'definition'"),
        # empty definition
        ("  - id: b\n    label: B\n    definition: ''\n", 13, r"code 'b': 'definition' is empty"),
        # bad regular expression
        ("  - id: b\n    label: B\n    definition: d\n    keywords:\n      - ok\n      - 'toeslag('\n",
         16, r"code 'b': keyword 'toeslag\(' is not a valid regular expression: missing \)"),
        # keyword that fires everywhere
        ("  - id: b\n    label: B\n    definition: d\n    keywords: ['\\w*']\n", 14,
         r"keyword '\\w\*' matches empty text"),
        # unknown field with did-you-mean
        ("  - id: b\n    label: B\n    definition: d\n    exlcude: [x]\n", 14,
         r"code 'b': unknown field 'exlcude' \(did you mean 'exclude'\?\)"),
        # bad slug
        ("  - id: Mijn Code\n    label: B\n    definition: d\n", 11,
         r"code id 'Mijn Code' is not a valid slug.*'mijn_code'"),
        # bad colour
        ("  - id: b\n    label: B\n    definition: d\n    color: rood\n", 14,
         r"code 'b': colour 'rood' is not of the form #rrggbb"),
        # a text where a list belongs
        ("  - id: b\n    label: B\n    definition: d\n    include: een regel\n", 14,
         r"'include' must be a list"),
        # an unquoted quote with ': ' read as a mapping
        ("  - id: b\n    label: B\n    definition: d\n    examples:\n      - ja nou: echt\n", 15,
         r"'examples' item 1 must be text, found a mapping \(quote text"),
        # rule pointing to a grouping category
        ("  - id: b\n    label: B\n    definition: d\n    exclude: ['iets anders → groep']\n", 14,
         r"exclude rule points to 'groep', which is codable: false"),
        # rule pointing to an unknown code
        ("  - id: b\n    label: B\n    definition: d\n    exclude: ['iets anders -> c']\n", 14,
         r"exclude rule points to unknown code 'c'"),
        # nested code naming another parent
        ("  - id: b\n    label: B\n    definition: d\n    children:\n      - id: c\n        label: C\n"
         "        parent: a\n        definition: d\n", 17, r"code 'c' is nested under 'b' but says parent: 'a'"),
        # bad boolean
        ("  - id: b\n    label: B\n    definition: d\n    codable: nee\n", 14,
         r"'codable' must be true or false, found 'nee'"),
        # import placeholder left in
        ("  - id: b\n    label: B\n    definition: 'TODO: definitie ontbreekt'\n", 13,
         r"definition is still a placeholder"),
        # bad guid
        ("  - id: b\n    label: B\n    definition: d\n    guid: xyz\n", 14, r"guid 'xyz' is not a GUID"),
    ],
)
def test_error_kinds(tmp_path, extra, line, pattern):
    p = only(problems_of(tmp_path, BASE + extra))
    assert p.line == line
    assert re.search(pattern, p.message), p.message
    assert "\n" not in p.message


def test_parent_cycle(tmp_path):
    text = BASE + (
        "  - id: x\n    label: X\n    parent: y\n    definition: d\n"
        "  - id: y\n    label: Y\n    parent: x\n    definition: d\n"
    )
    p = only(problems_of(tmp_path, text))
    assert p.line == 13
    assert p.message == "parent cycle: x → y → x"


def test_own_parent(tmp_path):
    p = only(problems_of(tmp_path, BASE + "  - id: x\n    label: X\n    parent: x\n    definition: d\n"))
    assert (p.line, p.message) == (13, "code 'x' is its own parent")


def test_grouping_category_with_examples_and_keywords(tmp_path):
    text = BASE.replace("    codable: false\n", "    codable: false\n    examples: [x]\n    keywords: [y]\n")
    problems = problems_of(tmp_path, text)
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (6, "code 'groep' is codable: false"),
        (7, "code 'groep' is codable: false"),
    ]
    assert "anchor examples" in problems[0].message and "keywords" in problems[1].message


def test_grouping_category_without_children(tmp_path):
    text = BASE + "  - id: leeg\n    label: Leeg\n    codable: false\n    definition: d\n"
    p = only(problems_of(tmp_path, text))
    assert p.line == 13 and "has no child codes" in p.message


def test_top_level_unknown_field_and_duplicate_key(tmp_path):
    problems = problems_of(tmp_path, "nmae: x\n" + BASE)
    assert (problems[0].line, problems[0].message) == (
        1, "top-level unknown field 'nmae' (did you mean 'name'?)")
    p = only(problems_of(tmp_path, BASE.replace("        label: A\n", "        label: A\n        label: B\n")))
    assert (p.line, p.message) == (10, "duplicate key 'label' (first on line 9)")


@pytest.mark.parametrize(
    "text, line, pattern",
    [
        ("", 1, r"the file is empty"),
        ("   \n# alleen commentaar\n", 1, r"the file is empty"),
        ("- a\n- b\n", 1, r"expected a mapping .* found a list"),
        ("gewoon tekst\n", 1, r"expected a mapping .* found 'gewoon tekst'"),
        ("name: x\ncodes:\n  - id: a\n    label: ja: nee\n", 4, r"not valid YAML: mapping values.*quotes"),
        ("name: x\ncodes: [\n", 3, r"not valid YAML"),
        ("name: x\n\tcodes: []\n", 2, r"not valid YAML.*tabs"),
        ("name: x\ncodes: []\n", 2, r"no codable codes"),
    ],
)
def test_file_level_problems(tmp_path, text, line, pattern):
    p = only(problems_of(tmp_path, text))
    assert p.line == line
    assert re.search(pattern, p.message), p.message


def test_unreadable_files(tmp_path):
    assert validate_file(tmp_path / "missing.yaml") == [Problem(None, "file not found")]
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("name: x\nlabel: caf\xe9\n".encode("latin-1"))
    assert only(validate_file(bad)) == Problem(2, "not UTF-8 text; save the file as UTF-8")


def test_problem_format():
    assert Problem(3, "oops").format("a.yaml") == "a.yaml:3: oops"
    assert Problem(None, "file not found").format("a.yaml") == "a.yaml: file not found"


def test_load_codebook_raises_with_all_problems(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(BASE + "  - id: a\n    label: A\n    definition: d\n  - id: Q\n    label: Q\n"
                    "    definition: d\n", encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    err = info.value
    assert isinstance(err, WorkbenchError)
    assert [p.line for p in err.problems] == [11, 14]
    assert str(err).startswith(f"{path}:11: duplicate code id 'a'")
    assert "1 more problem" in str(err) and "\n" not in str(err)


def test_numbers_and_dates_stay_text():
    cb = loads_codebook("name: 2024\nversion: 1.10\ncodes:\n  - id: '1'\n    label: 12\n"
                        "    definition: d\n    examples: [3]\n")
    assert (cb.name, cb.version, cb.codes[0].label, cb.codes[0].examples) == ("2024", "1.10", "12", ["3"])


def test_parent_and_nesting_give_same_tree():
    cb = loads_codebook(BASE + "  - id: b\n    label: B\n    parent: groep\n    definition: d\n")
    assert [(c.id, c.parent) for c in cb.flat()] == [("groep", None), ("a", "groep"), ("b", "groep")]
    nested = cb.nested()
    assert [c.id for c in nested.codes[0].children] == ["a", "b"]
    assert nested.flat() == cb.flat()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_codebooks_validate(path):
    assert validate_file(path) == []
    assert check_codebook(load_codebook(path)) == []


def test_reintegratie_structure():
    cb = load_codebook(SHIPPED[0])
    tree = {c.id: [k.id for k in c.children] for c in cb.nested().codes}
    assert tree == {
        "drijfveren": ["motivation", "financial_uncertainty", "zelfoverschatting"],
        "dienstverlening": ["registration", "contact_ad", "trajectory_fit"],
        "aan_het_werk": ["job_search", "support_at_work", "benefits_of_work"],
    }
    assert all(not c.codable for c in cb.nested().codes)
    named = {"motivation", "financial_uncertainty", "zelfoverschatting", "trajectory_fit"}
    for code in cb.codable():
        assert code.include and code.exclude and code.color and code.keywords
        assert len(code.examples) >= (8 if code.id in named else 5), code.id
        assert len(set(code.examples)) == len(code.examples)
        # exclusions say where to code instead
        assert all("→" in rule for rule in code.exclude), code.id
    assert cb.get("financial_uncertainty").label == "Financiële onzekerheid"


def test_reintegratie_keywords_generalise():
    cb = load_codebook(SHIPPED[0])

    def fires(code_id: str, text: str) -> bool:
        return any(p.search(text) for p in cb.get(code_id).keyword_patterns())

    assert fires("financial_uncertainty", "Krijg ik dan nog wel mijn Zorgtoeslag?")
    assert fires("financial_uncertainty", "dat wordt allemaal verrekend met de uitkering")
    assert fires("financial_uncertainty", "ik moest het terug te betalen")
    assert fires("financial_uncertainty", "straks word ik herkeurd")
    # no code fires on plain talk about work or money
    for code in cb.codable():
        assert not any(p.search("ik werk voor geld") for p in code.keyword_patterns()), code.id


def test_willen_kunnen_doen_structure():
    cb = load_codebook(SHIPPED[1])
    ids = {c.id for c in cb.codable()}
    assert {"willen", "kunnen", "doen", "doenvermogen", "evenwicht", "verstoring", "herorientatie",
            "groei", "vastzittend_in_evenwicht", "vechtend_in_ontregeling",
            "verdwaald_in_herorientatie", "geremd_in_groei", "rennend_door_het_proces"} <= ids
    assert "in actie te komen en vol te houden, zelfs bij tegenslagen" in cb.get("doenvermogen").definition
    assert cb.get("doenvermogen").parent == "doen"
    for code in cb.codable():
        assert len(code.examples) >= 3, code.id


def test_docs_example_validates(tmp_path):
    doc = (ROOT / "docs" / "codebook-format.md").read_text(encoding="utf-8")
    example = re.search(r"## Example\n\n```yaml\n(.*?)```", doc, re.S).group(1)
    assert problems_of(tmp_path, example) == []


def test_published_schema_is_current():
    published = json.loads((ROOT / "docs" / "codebook.schema.json").read_text(encoding="utf-8"))
    assert published == codebook_json_schema()
    assert published["$defs"]["Code"]["additionalProperties"] is False
