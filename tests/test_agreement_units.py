"""UnitTable and the unit,coder,code CSV reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.agreement.units import UnitTable, read_units_csv, write_units_csv
from workbench.errors import InputError

DATA = Path(__file__).parent / "data" / "agreement"


def write(tmp_path: Path, text: str, name: str = "units.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_from_rows_seen_without_code_vs_missing():
    t = UnitTable.from_rows([("s1", "anna", "motivation"), ("s1", "anna", "zelfoverschatting"),
                             ("s1", "ben", None), ("s2", "ben", "motivation"),
                             ("s2", "ben", "motivation")])
    assert t.codes_of("s1", "anna") == {"motivation", "zelfoverschatting"}
    assert t.codes_of("s1", "ben") == frozenset()  # saw it, no code
    assert t.saw("s1", "ben") and not t.saw("s2", "anna")
    assert t.codes_of("s2", "anna") is None  # missing
    assert t.codes_of("s2", "ben") == {"motivation"}  # duplicates collapse
    assert t.coders == ["anna", "ben"]
    assert t.units == ["s1", "s2"]
    assert t.codes == ["motivation", "zelfoverschatting"]
    later = UnitTable.from_rows([("s1", "anna", "zelf"), ("s2", "anna", "b"), ("s2", "ben", "a")])
    assert later.codes == ["zelf", "b", "a"]  # order of first appearance
    assert later.select(codes=["a", "zelf"]).codes == ["zelf", "a"]
    assert t.units_seen_by(["anna", "ben"]) == ["s1"]
    assert t.units_seen_by(["anna", "ben"], all_=False) == ["s1", "s2"]


def test_select_keeps_judgements_when_codes_are_filtered():
    t = UnitTable.from_rows([("s1", "anna", "a"), ("s1", "ben", "b"), ("s2", "carl", "a")])
    sub = t.select(coders=["anna", "ben"], codes=["a"])
    assert sub.codes_of("s1", "ben") == frozenset()  # still seen, code b filtered out
    assert sub.units == ["s1"]  # s2 seen by nobody selected
    assert sub.coders == ["anna", "ben"]


def test_read_csv_empty_code_means_seen(tmp_path):
    path = write(tmp_path, "unit,coder,code\ns1,anna,motivation\ns1,ben,\ns2,anna,\n")
    t = read_units_csv(path)
    assert t.codes_of("s1", "ben") == frozenset()
    assert t.codes_of("s2", "anna") == frozenset()
    assert t.codes_of("s2", "ben") is None


def test_read_csv_semicolon_bom_extra_columns_and_case(tmp_path):
    text = "\ufeffUnit;Coder;Code;memo\ns1;anna;motivation;x\ns1;ben;motivation;\n"
    t = read_units_csv(write(tmp_path, text))
    assert t.codes_of("s1", "ben") == {"motivation"}


def test_round_trip(tmp_path):
    t = read_units_csv(DATA / "krippendorff_2011_c.csv")
    out = tmp_path / "back.csv"
    write_units_csv(t, out)
    assert read_units_csv(out).data == t.data


@pytest.mark.parametrize("text, expected", [
    ("", "empty file"),
    ("  \n\n", "empty file"),
    ("unit,coder\ns1,anna\n", "line 1: missing column(s) code"),
    ("\n\nsegment,who,code\ns1,anna,x\n", "line 3: missing column(s) unit, coder"),
    ("unit,coder,code\n", "no data rows"),
    ("unit,coder,code\ns1,anna,x\n,ben,x\n", "line 3: empty 'unit'"),
    ("unit,coder,code\ns1,,x\n", "line 2: empty 'coder'"),
    ("unit,coder,code\ns1,anna,x\ns2,ben,x,y,z\n", "line 3: 5 fields"),
])
def test_read_csv_errors_name_file_and_line(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_units_csv(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_read_csv_binary_file_is_not_a_csv(tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00\x08\x00binary")
    with pytest.raises(InputError, match="not a CSV"):
        read_units_csv(path)


def test_read_csv_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_units_csv(tmp_path / "nope.csv")


def test_read_csv_multiline_quoted_field_line_numbers(tmp_path):
    text = 'unit,coder,code\n"s1\nsecond line",anna,x\ns2,,x\n'
    with pytest.raises(InputError, match="line 4: empty 'coder'"):
        read_units_csv(write(tmp_path, text))
