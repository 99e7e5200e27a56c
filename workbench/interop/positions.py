"""Character positions between workbench's canonical text and the counts other QDA tools use.

The canonical text is LF-only and counted in Unicode code points. REFI-QDA says positions are
code points, but NVivo for Windows counts UTF-16 code units and a CRLF as two, and some tools
count a byte-order mark. A :class:`Convention` says how a tool counted; :func:`position_table`
gives, for every canonical offset ``k`` (0..len(text)), the position that tool would write, so
both directions are a lookup (export) or a bisection (import).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

BOM = "\ufeff"


@dataclass(frozen=True)
class Convention:
    units: str = "codepoints"   # codepoints | utf16
    newline: str = "asis"       # asis: as the file has it | lf: CRLF counts one | crlf: every LF counts two
    bom: bool = False           # a byte-order mark at the start counts as one position

    def describe(self) -> str:
        units = "UTF-16 code units" if self.units == "utf16" else "code points"
        nl = {"asis": "", "lf": ", CRLF counted as one", "crlf": ", each line break counted as two"}[self.newline]
        return units + nl + (", byte-order mark counted" if self.bom else "")


STANDARD = Convention()
CANDIDATES = [Convention(u, n, b) for u in ("codepoints", "utf16") for n in ("asis", "lf", "crlf")
              for b in (False, True)]


@dataclass
class Normalised:
    """A foreign text made canonical: BOM stripped, CRLF and CR turned into LF."""

    text: str
    crlf: list[bool]   # per LF of ``text``: was it a CRLF in the file?
    had_bom: bool


def normalise(raw: str) -> Normalised:
    had_bom = raw.startswith(BOM)
    if had_bom:
        raw = raw[1:]
    crlf: list[bool] = []
    out: list[str] = []
    for m in re.finditer(r"\r\n|\r|\n|[^\r\n]+", raw):
        piece = m.group(0)
        if piece in ("\r\n", "\r", "\n"):
            crlf.append(piece == "\r\n")
            out.append("\n")
        else:
            out.append(piece)
    return Normalised("".join(out), crlf, had_bom)


def position_table(norm: Normalised, conv: Convention) -> list[int]:
    """``table[k]`` = the foreign position of canonical offset ``k`` under ``conv``."""
    widths = []
    nl = iter(norm.crlf)
    for ch in norm.text:
        w = 2 if conv.units == "utf16" and ord(ch) > 0xFFFF else 1
        if ch == "\n":
            was_crlf = next(nl, False)
            w = {"asis": 2 if was_crlf else 1, "lf": 1, "crlf": 2}[conv.newline]
        widths.append(w)
    first = 1 if conv.bom and norm.had_bom else 0
    return list(accumulate(widths, initial=first))


def export_table(text: str, *, utf16: bool, crlf: bool) -> list[int]:
    """Positions to write for a canonical (LF) text exported with or without CRLF."""
    norm = Normalised(text, [crlf] * text.count("\n"), False)
    return position_table(norm, Convention("utf16" if utf16 else "codepoints", "asis"))


def to_canonical(table: list[int], pos: int, *, end: bool) -> int | None:
    """The canonical offset of a foreign position; ``None`` when it lies outside the text.
    A position inside a character (half a surrogate pair, between CR and LF) snaps outwards."""
    if pos < table[0] or pos > table[-1]:
        return None
    if end:
        return bisect_left(table, pos)
    return max(bisect_right(table, pos) - 1, 0)


def at_word_boundary(text: str, k: int) -> bool:
    if k <= 0 or k >= len(text):
        return True
    return not (text[k - 1].isalnum() and text[k].isalnum())


def _squash(s: str) -> str:
    return " ".join(s.split()).casefold()


def score(text: str, a: int, b: int, name: str | None) -> int:
    """How plausible a selection ``text[a:b]`` is: ends on word boundaries, and ATLAS.ti's
    ``name`` attribute (the selected text, sometimes shortened) matches it."""
    pts = at_word_boundary(text, a) + at_word_boundary(text, b)
    if name and name.strip():
        got, want = _squash(text[a:b]), _squash(name.rstrip("…").rstrip("."))
        if want and (got == want or (len(want) >= 8 and got.startswith(want))):
            pts += 5
    return pts


def detect(sources: list[tuple[Normalised, list[tuple[int, int, str | None]]]],
           forced: Convention | None = None) -> tuple[Convention, str]:
    """The convention that places the selections best, and a sentence saying why.

    ``sources``: per text, its selections as (start, end, name). Conventions that put any
    selection outside its text lose; ties go to the standard (code points)."""
    if forced is not None:
        return forced, f"positions read as {forced.describe()} (as asked)"
    texts = [n for n, _ in sources]
    has_bom = any(n.had_bom for n in texts)
    has_crlf = any(any(n.crlf) for n in texts)
    has_astral = any(max(n.text, default="\0") > "\uffff" for n in texts)
    # conventions that count these texts alike are tried once (the first of them)
    candidates = [c for c in CANDIDATES if (has_bom or not c.bom) and (has_astral or c.units == "codepoints")
                  and (has_crlf or c.newline != "lf")]
    if len(candidates) == 1:
        return STANDARD, (f"positions read as {STANDARD.describe()} (the standard; nothing in the texts "
                          "tells the conventions apart)")
    results = []
    for conv in candidates:
        total, outside, tables = 0, 0, set()
        for norm, sels in sources:
            table = position_table(norm, conv)
            tables.add(tuple(table[-1:]))
            for s, e, name in sels:
                a, b = to_canonical(table, s, end=False), to_canonical(table, e, end=True)
                if a is None or b is None or b < a:
                    outside += 1
                    continue
                total += score(norm.text, a, b, name)
        results.append((outside, -total, conv))
    best = min(results, key=lambda r: (r[0], r[1]))
    ties = [r for r in results if r[:2] == best[:2]]
    conv = STANDARD if any(r[2] == STANDARD for r in ties) else best[2]
    if len(ties) == len(results):
        return conv, f"positions read as {conv.describe()} (the standard; nothing in the texts tells the conventions apart)"
    if conv == STANDARD:
        return conv, f"positions read as {conv.describe()} (the standard; the selections fit it best)"
    return conv, f"positions read as {conv.describe()} (detected: the selections fit it best)"
