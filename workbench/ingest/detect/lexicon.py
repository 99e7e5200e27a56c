"""Word lists the detection rules consult, loaded once and kept in memory.

- first names, surnames, place names and streets: deduce's own lookup tables (its ``src`` lists,
  shipped with the package), so a name alone is recognised without deduce's full pipeline;
- common Dutch words: ``wordfreq``'s Dutch frequency list, so a capitalised word that opens a
  sentence ("Mooi.", "Prima.", "Precies.") is not taken for a name;
- employers and chains: ``workbench/data/employers.txt``, national chains, banks, large employers
  and public transport firms whose name, said by a respondent, tells where they work.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

COMMON_ZIPF = 3.0  # a word at least this frequent in Dutch (per billion words: 10**(z-9)) is common


def _deduce_src() -> Path:
    import deduce

    return Path(deduce.__file__).parent / "data" / "lookup" / "src"


def _read(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


@lru_cache(maxsize=None)
def first_names() -> frozenset[str]:
    return frozenset(w.casefold() for w in _read(_deduce_src() / "names" / "lst_first_name" / "items.txt"))


@lru_cache(maxsize=None)
def world_first_names() -> frozenset[str]:
    """First names of many countries in Latin script (Faker's person lists for ~90 locales: Polish,
    Turkish, Arabic, Ghanaian, Nigerian, …), less every word that is frequent in Dutch ("Prima",
    "Alleen"). Used to tell a person from a firm, never alone to tag a word."""
    import importlib
    import pkgutil

    try:
        import faker.providers.person as person
    except ImportError:  # the list is an aid to typing; without it deduce's list still serves
        return frozenset()
    out: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{mod.name}"), "Provider", None)
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names = provider.__dict__.get(attr) if provider is not None else None
            if isinstance(names, (list, tuple, dict)):
                out.update(n.casefold() for n in names if re.fullmatch(r"[A-Za-zÀ-ÿĀ-ž'’-]{3,}", n))
    return frozenset(w for w in out if not is_frequent(w))


def is_any_first_name(word: str) -> bool:
    """A first name on deduce's list or on the world list."""
    w = word.casefold()
    return w in first_names() or w in world_first_names()


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    src = _deduce_src() / "names"
    return frozenset(w.casefold() for w in _read(src / "lst_surname" / "items.txt")
                     + _read(src / "lst_interfix_surname" / "items.txt"))


@lru_cache(maxsize=None)
def places() -> frozenset[str]:
    """Towns, villages and municipalities (not provinces or regions)."""
    src = _deduce_src() / "locations" / "lst_placename"
    return frozenset(w.casefold() for sub in ("lst_residence", "lst_municipality")
                     for w in _read(src / sub / "items.txt"))


@lru_cache(maxsize=None)
def streets() -> frozenset[str]:
    return frozenset(w.casefold() for w in _read(_deduce_src() / "locations" / "lst_street" / "items.txt"))


@lru_cache(maxsize=None)
def _common() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return {w: f for w, f in get_frequency_dict("nl").items() if f >= 10 ** (COMMON_ZIPF - 9)}


def is_common_word(word: str) -> bool:
    """A frequent Dutch word that is not also a first name ("mooi", "prima", "precies", "oei";
    not "Petra" or "Marco", which are frequent in Dutch text because they are names)."""
    w = word.casefold().strip(".,:;!?'\"")
    return bool(w) and w in _common() and w not in first_names()


def is_frequent(word: str) -> bool:
    """A frequent Dutch word, names included ("kerst", "mee", and also "petra")."""
    w = word.casefold().strip(".,:;!?'\"")
    return bool(w) and w in _common()


def is_dutch_word(word: str, min_zipf: float = 1.0) -> bool:
    """Any Dutch word at all, however rare (wordfreq's Dutch list, at ``min_zipf`` or more)."""
    from wordfreq import zipf_frequency

    w = word.casefold().strip(".,:;!?'\"")
    return bool(w) and zipf_frequency(w, "nl") >= min_zipf


# Dutch and Flemish interjections and fillers (the "tussenwerpsels" of the Algemene Nederlandse
# Spraakkunst, 2nd ed., §14, with the spoken forms transcribers write). Some are also first names
# on deduce's list ("Ai", "Jee"), so frequency alone does not keep them; at a sentence start they
# are never a name. The last line: regional forms of "ja" and "nee" (Twents and Achterhoeks "joa",
# Brabants and Limburgs "jao", "nae"), as transcribers write dialect down.
INTERJECTIONS = frozenset("""
ai au aai ach och ah aha oh o oei oeps oef jee jeetje jeminee goh gut tja tsja nou hè he hé hee hey
hoi hallo joh ja jawel nee neen hm hmm hmhm mm mhm uh uhm eh ehm ehh pff pfoe bah jakkes jippie
hoera hup hop ho sst sjonge sjongejonge tjonge tjongejonge allee allez amai awel ewel zeg kijk
okee oké okay ok yes top nou-ja
joa jao jaa jaja jazeker nae neu neuh nèh nah
""".split())


# Inflections of a listed term: "IVA'ers", "WhatsAppen", "Wajongers". After an apostrophe any stem
# counts; a plain suffix needs a stem of four letters or more ("Mees" is a name, not "mee" + s).
_MARKED_SUFFIXES = ("'ers", "’ers", "'er", "’er", "'en", "’en", "'s", "’s", "'je", "’je")
_PLAIN_SUFFIXES = ("ers", "er", "en", "s", "je", "tje")


def in_allow(word: str, allow) -> bool:
    """``word`` or its stem (without a plural, agent or verb ending) is on the allow-list."""
    w = word.casefold().strip(".,:;!?\"")
    if w in allow:
        return True
    for suf in _MARKED_SUFFIXES:
        if w.endswith(suf) and w[: -len(suf)] in allow:
            return True
    return any(w.endswith(suf) and len(w) - len(suf) >= 4 and w[: -len(suf)] in allow for suf in _PLAIN_SUFFIXES)


def phrase_in_allow(text: str, allow) -> bool:
    """A name of several words on the allow-list as a whole ("Naar Werk"), also as the head of a
    compound ("Naar Werk-traject")."""
    words = text.split()
    if len(words) < 2:
        return False
    words[-1] = re.sub(r"-[a-zà-ÿ][\w-]*$", "", words[-1])
    return " ".join(words).casefold().strip(".,:;!?\"") in allow


def is_interjection(word: str) -> bool:
    """An interjection, also written reduplicated with hyphens as transcribers do ("Hm-hm", "Ja-ja")."""
    w = word.casefold().strip(".,:;!?'\"")
    if w in INTERJECTIONS:
        return True
    parts = w.split("-")
    return len(parts) > 1 and all(p in INTERJECTIONS for p in parts)


def is_first_name(word: str) -> bool:
    return word.casefold() in first_names()


def is_surname(word: str) -> bool:
    return word.casefold() in surnames()


def is_place(text: str) -> bool:
    return " ".join(text.split()).casefold() in places()


def is_street(text: str) -> bool:
    return " ".join(text.split()).casefold() in streets()


@lru_cache(maxsize=None)
def employers() -> tuple[str, ...]:
    """Employer and chain names, longest first (so "Albert Heijn" wins over a shorter entry)."""
    text = resources.files("workbench.data").joinpath("employers.txt").read_text(encoding="utf-8")
    names = {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@lru_cache(maxsize=None)
def _employer_set() -> frozenset[str]:
    return frozenset(employers())


def is_employer(text: str) -> bool:
    return " ".join(text.split()) in _employer_set()
