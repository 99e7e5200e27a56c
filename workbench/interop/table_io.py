"""Reading a spreadsheet of rows: CSV (comma, semicolon as Dutch Excel writes it, or tab; UTF-8
with or without byte-order mark, else cp1252) or .xlsx (the first sheet, via openpyxl)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from workbench.errors import InputError


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row with lower-cased, stripped column names) for every non-empty row."""
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", path=str(p))
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx(p)
    raw = p.read_bytes()
    if b"\x00" in raw[:4096]:
        raise InputError("not a CSV file (binary content)", path=str(p), hint="save it as CSV or .xlsx")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError("the file is empty", path=str(p))
    try:
        delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _rows(list(enumerate(reader, start=1)))


def _xlsx(p: Path) -> list[tuple[int, dict[str, str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx file ({exc.__class__.__name__})", path=str(p)) from None
    try:
        ws = wb.worksheets[0]
        rows = [(i, ["" if v is None else str(v) for v in row])
                for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
    finally:
        wb.close()
    return _rows(rows)


def _rows(rows: list[tuple[int, list[str]]]) -> list[tuple[int, dict[str, str]]]:
    if not rows:
        return []
    header = [h.strip().lower().lstrip("\ufeff") for h in rows[0][1]]
    out = []
    for line, values in rows[1:]:
        if not any(v.strip() for v in values):
            continue
        out.append((line, {h: (values[i] if i < len(values) else "").strip() for i, h in enumerate(header) if h}))
    return out


def pick(row: dict[str, str], *names: str) -> str:
    """The first non-empty value among the named columns."""
    return next((row[n] for n in names if row.get(n)), "")
