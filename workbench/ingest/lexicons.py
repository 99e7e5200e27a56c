"""Word lists the privacy rules share, read from kept packages (never downloaded):

- Dutch first names, surnames, name particles, place names and streets: deduce's lookup tables
  (``deduce/data/lookup/src``), the same lists deduce itself matches against;
- Dutch words with their frequency: ``wordfreq`` (the "large" Dutch list, ~300,000 words);
- deduce's list of common words and stop words that are never names.

Each list is read once per process and kept as a casefolded frozenset.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def _deduce_src() -> Path:
    import deduce

    return Path(deduce.__file__).parent / "data" / "lookup" / "src"


def _items(*parts: str) -> frozenset[str]:
    folder = _deduce_src().joinpath(*parts)
    out: set[str] = set()
    for path in folder.rglob("items.txt"):
        out.update(ln.strip().casefold() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip())
    return frozenset(out)


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    return _items("names", "lst_first_name")


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    """Surnames, also without their particle ("de vries" gives "vries" too)."""
    full = _items("names", "lst_surname") | _items("names", "lst_interfix_surname")
    return frozenset(full | {s.split()[-1] for s in full if " " in s})


@lru_cache(maxsize=None)
def particles() -> frozenset[str]:
    return _items("names", "lst_interfix") | {"de", "van", "der", "den", "ter", "ten", "het", "'t", "in", "op"}


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """Dutch residences, municipalities, provinces and regions (the gazetteer of the audit)."""
    return _items("locations", "lst_placename")


@lru_cache(maxsize=None)
def streets() -> frozenset[str]:
    return _items("locations", "lst_street")


@lru_cache(maxsize=None)
def never_names() -> frozenset[str]:
    """Common Dutch words and stop words that deduce never reads as a name."""
    return _items("whitelist", "lst_common_word") | _items("whitelist", "lst_stop_word")


@lru_cache(maxsize=None)
def dutch_words() -> dict[str, float]:
    """Dutch words (casefolded) with their frequency per word of running text."""
    import wordfreq

    return wordfreq.get_frequency_dict("nl", wordlist="large")


def is_dutch_word(word: str, min_frequency: float = 1e-7) -> bool:
    return dutch_words().get(word.casefold(), 0.0) >= min_frequency


def is_name_word(word: str) -> bool:
    """A first name or surname of deduce's lists that is not a common word."""
    w = word.casefold()
    return (w in first_names() or w in surnames()) and w not in never_names()
