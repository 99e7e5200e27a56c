"""Occurrence-level measures for ``privacy_eval.py``: did an identifier survive *where it was said*?

The database-wide measure of ``privacy_eval.py`` counts an identifier as surviving when its
string occurs anywhere in the project, also as an ordinary word elsewhere: the age
"vierentwintig" counts as leaked when another speaker says "vierentwintig uur", the surname
"Zwart" when someone wants it "zwart op wit", the firm "Stap Verder" when "stap" is said. That
over-counts. This module reads each source file as workbench reads it, finds every occurrence of
an annotated form, and asks whether the stored text of *that transcript* (its text, name and
headers) still holds the form next to the same neighbouring word (or a tag in the neighbour's
place). A form found nowhere in the source text (a file-name form such as ``Samira_el_Idrissi``)
falls back to "anywhere in that transcript".

Dates get one more question, since the issue allows a date kept to the month: of a date whose
whole string is gone, does the *day* survive (the date minus its year: "12 maart", "12-03")? A
date with only its month or year left is counted as coarsened, not leaked.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

_TAG = r"\[[A-Z]+-\d+\]\S*"


def _norm(s: str) -> str:
    return " ".join(s.split())


def _has_capital(pattern: str) -> bool:
    """A name written with a capital is matched with its case ("Best" the town, not "m'n best")."""
    return any(c.isupper() for c in re.sub(r"\\.|\[[A-Z]+-|\(\?<?[!=]", "", pattern))


def source_texts(files: list[Path]) -> dict[str, str]:
    """File name → what workbench reads from it (headers, turns and the file name), normalised."""
    from workbench.ingest.readers import read_transcript_with_headers

    out = {}
    for path in files:
        turns, headers = read_transcript_with_headers(path)
        parts = [path.name] + [f"{k}: {v}" for k, v in headers]
        parts += [f"{t.speaker}: {t.text}" if t.speaker else t.text for t in turns]
        out[path.name] = _norm("\n".join(parts))
    return out


def stored_by_file(db: Path, key_file: Path) -> dict[str, str]:
    """Original file name → the stored name, headers and text of its transcript, normalised."""
    key = json.loads(key_file.read_text(encoding="utf-8")) if key_file.exists() else {}
    uid_to_file = {uid: e.get("file", "") for uid, e in key.get("transcripts", {}).items()}
    con = sqlite3.connect(db)
    out = {}
    for uid, name, text, headers in con.execute("select uid, name, text, headers from transcript"):
        out[uid_to_file.get(uid, name)] = _norm("\n".join([name, headers or "", text]))
    con.close()
    return out


def _bounded(needle: str) -> str:
    return r"(?<![^\W_])" + re.escape(_norm(needle)) + r"(?![^\W_])"


def _find(pattern: str, text: str):
    return re.finditer(pattern, text, 0 if _has_capital(pattern) else re.I)


def _kept_at(pattern: str, source: str, start: int, end: int, stored: str) -> bool:
    """The text matching ``pattern`` at ``source[start:end]`` is in ``stored`` with its neighbour
    before or after it (or a tag in that neighbour's place)."""
    before = re.search(r"(\w+)(\W*)$", source[max(0, start - 60):start])  # the word before, and what is between
    after = re.match(r"(\W*)(\w+)", source[end:end + 60])
    tries = []
    if before:
        tries.append(rf"(?:{re.escape(before.group(1))}|{_TAG}){re.escape(before.group(2))}{pattern}")
    if after:
        tries.append(rf"{pattern}{re.escape(after.group(1))}(?:{re.escape(after.group(2))}|\[[A-Z]+-\d+\])")
    flags = 0 if _has_capital(pattern) else re.I
    return any(re.search(t, stored, flags) for t in tries or [pattern])


def survives_in_context(needle: str, source: str, stored: str, within: str | None = None) -> bool:
    """``needle`` survives in ``stored`` at one of its places in ``source``: with the word before
    it, or the word after it, as in the source (or a tag where that word was). With ``within``
    (the identifier ``needle`` is a part of), only its places inside that identifier count."""
    pattern = _bounded(needle)
    if within is not None:
        places = []
        for outer in _find(_bounded(within), source):
            places += [m for m in _find(pattern, source) if outer.start() <= m.start() and m.end() <= outer.end()]
    else:
        places = list(_find(pattern, source))
    if not places:  # a form written differently in the source (a file name): anywhere in the transcript
        return next(_find(pattern, stored), None) is not None
    return any(_kept_at(pattern, source, m.start(), m.end(), stored) for m in places)


def day_of(date: str) -> str | None:
    """A date without its year ("12 maart 2024" → "12 maart", "2025-02-06" → "02-06"), or None."""
    from workbench.ingest.detect.numbers import YEAR_WORDS

    rest = re.sub(rf"(?i)\b(?:(?:19|20)\d\d|'\d\d|{YEAR_WORDS})\b", " ", date)
    rest = " ".join(rest.strip(" -/.,").split())
    return rest or None


def classify_date(text: str, source: str, stored: str) -> str:
    """Of a date whose whole string is gone: "leaked" (its day survives where it was said),
    "coarsened" (only its month or year is left there, as the issue allows) or "removed"."""
    day = day_of(text)
    if day and survives_in_context(day, source, stored, within=text):
        return "leaked"
    rest = [w for w in re.findall(r"\w+", text) if w.casefold() != (day or "").casefold()]
    return "coarsened" if any(survives_in_context(w, source, stored, within=text) for w in rest if len(w) >= 4) \
        else "removed"
