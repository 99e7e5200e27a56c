"""Taguette's highlights export (``id, document, tag, content``; CSV or .xlsx; no offsets).

Every row is one highlight: its document, one tag and the highlighted text, which is found in
the stored, pseudonymised transcript (see :mod:`workbench.interop.coding_rows`). Taguette keeps
no coder, so ``--coder`` names one.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.interop.coding_rows import ForeignRow
from workbench.interop.table_io import pick, read_table

REQUIRED = ("document", "tag", "content")


def read_taguette(path: Path, coder: str | None) -> list[ForeignRow]:
    rows = read_table(path)
    cols = set(rows[0][1]) if rows else set()
    missing = [c for c in REQUIRED if c not in cols and not (c == "content" and "highlight" in cols)]
    if not rows or missing:
        raise InputError(f"not a Taguette highlights export: missing column(s) {', '.join(missing or REQUIRED)}",
                         path=str(path), hint="export from Taguette: Highlights → Export → CSV or Excel")
    if not coder:
        raise InputError("Taguette exports carry no coder", path=str(path), hint="pass --coder NAME")
    return [ForeignRow(line, r.get("document", ""), r.get("tag", ""), pick(r, "content", "highlight"), coder)
            for line, r in rows]
