"""Capitalised words that name no one in the way they are used, though a name list has them.

- A nationality or origin word that is also a surname on deduce's list ("Vlaming", "Hollands",
  "Fries") is the word, not the person, after an indefinite article or a word of kind ("een
  Vlaming", "zo'n echte Hollander", "gewoon Hollands brood"), or as an adjective form (-s, -se, -sch)
  between a lower-case word and a lower-case noun ("lekker Hollands eten"). After a title it stays a
  person ("meneer Vlaming"); a word that is also a first name ("Frans") is never kept here.
- Teams adds "(Gast)", "(Guest)", "(Extern)" to a display name: the marker is no name.
"""

from __future__ import annotations

import re
from functools import lru_cache

_KIND_BEFORE = frozenset("een geen zo'n zo’n echte echt gewoon typisch typische halve half".split())
_TITLES = frozenset("meneer mevrouw heer dokter familie collega juf meester mr dr ir".split())
TEAMS_MARKERS = re.compile(r"\((?:Gast|Guest|Extern|External|Externe)\)")


@lru_cache(maxsize=None)
def _origin_words() -> frozenset[str]:
    from workbench.ingest.pseudonymise import _data_lines

    return frozenset(w.casefold() for w in _data_lines("nationalities.txt") + _data_lines("origins_languages.txt"))


def kept_in_use(doc: str, start: int, end: int) -> bool:
    """True when ``doc[start:end]`` is an origin word used as one (see the module note), or a Teams
    guest marker in brackets."""
    from workbench.ingest.detect import lexicon

    word = doc[start:end]
    if word in ("Gast", "Guest", "Extern", "External", "Externe") and TEAMS_MARKERS.match(doc, start - 1):
        return True
    if word.casefold() not in _origin_words() or lexicon.is_first_name(word):
        return False
    prev = re.search(r"([\w'’]+)\s+$", doc[max(0, start - 30):start])
    nxt = re.match(r"\s+([\w'’]+)", doc[end:end + 30])
    p = prev.group(1) if prev else ""
    if not p or p.casefold() in _TITLES or not p[0].islower():
        return False
    if p.casefold() in _KIND_BEFORE:
        return True
    return bool(re.search(r"(?:s|se|sch|sche)$", word) and nxt and nxt.group(1)[0].islower())
