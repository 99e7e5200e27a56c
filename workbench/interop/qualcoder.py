"""QualCoder's coding report (CSV, UTF-8 with byte-order mark, or .xlsx).

Columns, case-insensitive: ``Codename`` (the code), ``Coded`` (the coded text), ``File`` and/or
``Case``, ``Coder`` (several coders in one file). ``--coder`` fills in rows without a coder.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.interop.coding_rows import ForeignRow
from workbench.interop.table_io import pick, read_table

CODE = ("codename", "code name", "code")
TEXT = ("coded", "coded text", "text", "codedtext")
FILE = ("file", "filename", "file name", "document")


def read_qualcoder(path: Path, coder: str | None) -> list[ForeignRow]:
    rows = read_table(path)
    cols = set(rows[0][1]) if rows else set()
    if not rows or not (cols & set(CODE)) or not (cols & set(TEXT)) or not (cols & {*FILE, "case"}):
        raise InputError("not a QualCoder coding report: need columns Codename, Coded and File or Case",
                         path=str(path), hint="export from QualCoder: Reports → Coding reports → export as CSV")
    return [ForeignRow(line, pick(r, *FILE), pick(r, *CODE), pick(r, *TEXT), r.get("coder") or coder or "",
                       r.get("case", "")) for line, r in rows]
