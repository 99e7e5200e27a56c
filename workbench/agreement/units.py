"""Coding decisions per unit and coder: the input of every agreement figure.

A *unit* is whatever was coded independently (a segment, a turn, a quote). For each unit the
table records, per coder, the set of codes that coder applied. The presence of a coder for a
unit means the coder *saw* it (an empty set: saw it and applied no code); a coder absent for a
unit means the judgement is *missing*.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError
from workbench.interop.spreadsheet import SafeWriter

REQUIRED_COLUMNS = ("unit", "coder", "code")


@dataclass
class UnitTable:
    """units → coder → frozenset of codes applied (coder absent = did not see the unit)."""

    data: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    #: preferred order of codes (e.g. first appearance in a file); others follow sorted
    code_order: list[str] = field(default_factory=list)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str | None]]) -> UnitTable:
        """Build from ``(unit, coder, code)`` rows; ``code`` None or "" = saw it, no code."""
        work: dict[str, dict[str, set[str]]] = {}
        order: dict[str, None] = {}
        for unit, coder, code in rows:
            applied = work.setdefault(str(unit), {}).setdefault(str(coder), set())
            if code is not None and str(code) != "":
                applied.add(str(code))
                order[str(code)] = None
        return cls({u: {c: frozenset(s) for c, s in cs.items()} for u, cs in work.items()},
                   list(order))

    @classmethod
    def from_mapping(cls, mapping: dict[str, dict[str, Iterable[str]]]) -> UnitTable:
        """Build from ``{unit: {coder: codes}}``."""
        return cls({str(u): {str(c): frozenset(map(str, s)) for c, s in cs.items()}
                    for u, cs in mapping.items()})

    # -- inspection ---------------------------------------------------------------------
    @property
    def units(self) -> list[str]:
        """Unit ids in insertion order."""
        return list(self.data)

    @property
    def coders(self) -> list[str]:
        """Coder names, sorted (case-insensitive)."""
        names = {c for per_coder in self.data.values() for c in per_coder}
        return sorted(names, key=lambda c: (c.casefold(), c))

    @property
    def codes(self) -> list[str]:
        """Codes applied anywhere: in ``code_order`` (first appearance), others sorted."""
        used = {code for per in self.data.values() for applied in per.values()
                for code in applied}
        first = [c for c in self.code_order if c in used]
        return first + sorted(used.difference(first))

    def __len__(self) -> int:
        return len(self.data)

    def saw(self, unit: str, coder: str) -> bool:
        """True if ``coder`` judged ``unit`` (with or without codes)."""
        return coder in self.data.get(unit, {})

    def codes_of(self, unit: str, coder: str) -> frozenset[str] | None:
        """The codes ``coder`` applied to ``unit``; None if the coder did not see it."""
        return self.data.get(unit, {}).get(coder)

    def units_seen_by(self, coders: Sequence[str], *, all_: bool = True) -> list[str]:
        """Units seen by every coder in ``coders`` (``all_=False``: by at least one)."""
        test = all if all_ else any
        return [u for u, per in self.data.items() if test(c in per for c in coders)]

    # -- selection ----------------------------------------------------------------------
    def select(self, coders: Sequence[str] | None = None,
               codes: Sequence[str] | None = None) -> UnitTable:
        """A copy restricted to ``coders`` and ``codes``.

        Restricting codes keeps every judgement: a coder who only applied other codes to a
        unit still saw it (empty set). Units no selected coder saw are left out.
        """
        keep_codes = None if codes is None else frozenset(codes)
        out: dict[str, dict[str, frozenset[str]]] = {}
        for unit, per in self.data.items():
            chosen = {c: s for c, s in per.items() if coders is None or c in coders}
            if keep_codes is not None:
                chosen = {c: s & keep_codes for c, s in chosen.items()}
            if chosen:
                out[unit] = chosen
        return UnitTable(out, list(self.code_order))

    def to_rows(self) -> list[tuple[str, str, str | None]]:
        """``(unit, coder, code|None)`` rows, one per applied code or one empty judgement."""
        rows: list[tuple[str, str, str | None]] = []
        for unit, per in self.data.items():
            for coder, applied in per.items():
                if applied:
                    rows.extend((unit, coder, code) for code in sorted(applied))
                else:
                    rows.append((unit, coder, None))
        return rows


# -- CSV ------------------------------------------------------------------------------------
def read_units_csv(path: str | Path) -> UnitTable:
    """Read a CSV with columns ``unit,coder,code`` (``,`` ``;`` or tab separated).

    One row per applied code; a row with an empty ``code`` records that the coder saw the
    unit and applied no code. Extra columns are ignored. Raises ``InputError`` naming the
    file and line for anything malformed.
    """
    path = Path(path)
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=where) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path=where, hint="give the path of a CSV file") from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", path=where) from None
    if b"\x00" in raw[:4096]:
        raise InputError("not a CSV text file (binary content)", path=where,
                         hint="save the sheet as CSV with columns unit,coder,code")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError("not a CSV text file (unknown encoding)", path=where,
                             hint="save it as CSV UTF-8") from None
    if not text.strip():
        raise InputError("empty file", path=where, hint="expected a header line unit,coder,code")

    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    for fields in reader:
        if any(f.strip() for f in fields):
            header = [f.strip().lower() for f in fields]
            break
    assert header is not None  # text is not blank
    header_line = reader.line_num
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(f for f in header if f) or "none"
        raise InputError(
            f"line {header_line}: missing column(s) {', '.join(missing)} (found: {found[:80]})",
            path=where, hint="the first line must name the columns unit,coder,code")
    idx = {c: header.index(c) for c in REQUIRED_COLUMNS}

    rows: list[tuple[str, str, str | None]] = []
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            line = reader.line_num
            if len(fields) > len(header):
                raise InputError(f"line {line}: {len(fields)} fields, but the header names "
                                 f"{len(header)} columns", path=where,
                                 hint=f"quote values that contain '{delimiter}'")
            values = {c: (fields[i].strip() if i < len(fields) else "") for c, i in idx.items()}
            for col in ("unit", "coder"):
                if not values[col]:
                    raise InputError(f"line {line}: empty '{col}'", path=where)
            rows.append((values["unit"], values["coder"], values["code"] or None))
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: not valid CSV ({exc})", path=where) from None
    if not rows:
        raise InputError("no data rows below the header", path=where)
    return UnitTable.from_rows(rows)


def write_units_csv(table: UnitTable, path: str | Path) -> None:
    """Write ``table`` as a ``unit,coder,code`` CSV that :func:`read_units_csv` reads back."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = SafeWriter(fh)
        writer.writerow(REQUIRED_COLUMNS)
        for unit, coder, code in table.to_rows():
            writer.writerow((unit, coder, code or ""))
