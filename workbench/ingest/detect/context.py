"""Places, streets, neighbourhoods and employers found by the words around them.

Dutch does not capitalise common nouns, so a capitalised word after a lowercase preposition is
a name. Which kind of name follows from the frame:

- a work frame ("ik werk bij X", "22 jaar bij de X", "ingehuurd via X", "bij X gewerkt") → WERKGEVER;
- "aan de/op de/op het X", or a word ending in -straat/-weg/-laan/-plein/… (+ house number) → STRAAT;
- "in de X", "uit de X" (no street suffix), "de wijk X", "de buurt X" → WIJK;
- "in/uit/naar/tussen X" where X is a known town (deduce's gazetteer) → PLAATS, other names → LOCATIE;
  and a list that follows ("in Sneek, Joure en Lemmer") keeps the kind;
- an employer or chain from ``workbench/data/employers.txt`` anywhere → WERKGEVER.

A capitalised word that is a common Dutch word ("Mooi", "Prima") or on the allow-list is no name.
"""

from __future__ import annotations

import math
import re

from workbench.ingest.detect import lexicon

_CAP = r"[A-ZÀ-Ý][\w'’.-]*[a-zà-ÿ][\w'’-]*"  # a capitalised word with a lower-case letter
_CAPS = r"[A-ZÀ-Ý][A-ZÀ-Ý0-9&-]{1,}"  # an abbreviation such as DAF, HEMA
_NAMEW = rf"(?:{_CAP}|{_CAPS})"
_NAME = rf"{_NAMEW}(?: +(?:&|en|van|de|der|den|'t) +{_NAMEW}| +{_NAMEW}){{0,3}}"  # "en": "Landbouw en Zorg Twente"
_STREET_SUFFIX = (r"(?:straatweg|straat|weg|laan|plein|dijk|kade|gracht|singel|steeg|dreef|plantsoen|"
                  r"boulevard|allee|markt|wal|hof|baan|haven|park|ring|brink|dam|pad|veld)")
_FREE_SUFFIX = r"(?:straatweg|straat|weg|laan|plein|kade|gracht|singel|steeg|dreef|plantsoen|allee)"
_NUM = r"(?: +\d{1,4}(?: ?[a-zA-Z]\b|-\d+)?)?"

_WORK = (r"(?:werk|werkt|werkte|werkten|werken|gewerkt|zit|zat|zaten|gezeten|stage|ingehuurd|gedetacheerd|"
         r"aangenomen|ontslagen|gestopt|begonnen|solliciteer\w*|gesolliciteerd|in dienst|vakkenvuller|"
         r"baan|baantje|bijbaan|contract|uitzendkracht|jaar|jaren|maanden)")
# the particles of a surname after a first word: "Van der Meer", "De la Cruz", "Ten Have" ("dokter Van der Meer")
_SURNAME_PARTS = r"(?:(?:van|de|der|den|ter|ten|te|la|le|du|in\s+'t|'t)\s+)+"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("WERKGEVER", re.compile(rf"\b{_WORK}\b(?: +[\w'’]+){{0,5}}? +(?:bij|via|voor) +(?:de +|het +)?(?P<name>{_NAME})")),
    ("WERKGEVER", re.compile(rf"\b(?:bij|voor) +(?:de +|het +)?(?P<name>{_NAME})(?: +[\w'’]+){{0,2}} +"
                             rf"(?:gewerkt|gezeten|werk|werkt|werkte|in dienst|begonnen|gestopt|ontslagen)\b")),
    # "aan de Vloeddijk", "aan de Laan op Zuid", "aan de Laan van Meerdervoort 12"
    ("STRAAT", re.compile(rf"\b(?:aan|op) +(?:de|het) +(?P<name>{_CAP}(?: +{_CAP}| +(?:op|van|over|ter|ten|te)"
                          rf"(?: +(?:de|der|den|het|'t))? +{_CAP})?{_NUM})")),
    ("WIJK", re.compile(rf"\b(?:bedrijventerrein|industrieterrein|bedrijvenpark|woonwijk|nieuwbouwwijk) +(?P<name>(?:De +|Het +)?{_CAP})")),
    ("STRAAT", re.compile(rf"(?P<name>(?:(?:{_CAP}|[A-Z][a-z]{{1,3}}\.) +){{0,2}}[A-ZÀ-Ý][\w'’-]*{_FREE_SUFFIX}\b{_NUM}"
                          rf"|{_CAP} +(?:Boulevard|Plein|Laan|Kade|Singel|Allee|Dreef)\b{_NUM})")),
    ("WIJK", re.compile(rf"\b(?:de +)?(?:wijk|buurt|woonwijk|stadsdeel|dorp|buurtschap) +(?P<name>{_CAP}(?: +{_CAP})?)")),
    ("WIJK", re.compile(rf"\b(?:in|uit|naar|vanuit) +de +(?P<name>{_CAP})")),
    ("PLAATS", re.compile(rf"\b(?:[Ii]n|[Uu]it|[Nn]aar|[Vv]anuit|[Rr]ichting|[Tt]ussen|rond|omgeving|nabij|buiten) +"
                          rf"(?P<name>{_CAP}(?: +{_CAP})?)")),
    ("LOCATIE", re.compile(rf"\b(?:kantoor|vestiging|filiaal|locatie|regio) +(?P<name>{_CAP}(?: +{_CAP})?)")),
    # "werk ik veel met Noorderwerk"; "Noorderwerk heet dat", "een groep, Ouders Samen heet die"
    ("ORGANISATIE", re.compile(rf"\b(?:werk\w*|samenwerk\w*) +(?:\w+ +){{0,3}}?met +(?:de +|het +)?(?P<name>{_NAME})")),
    ("ORGANISATIE", re.compile(rf"(?P<name>{_NAME}),? +(?:heet|heette|heten) +(?:dat|het|die|ie|ze)\b")),
    ("ORGANISATIE", re.compile(rf"\b(?:heet|heette|heten|heetten|noemt|noemde)(?: +(?:dat|het|die|ze|zich|toen|nog|"
                               rf"vroeger|eerst|destijds|nu|trouwens|ook|gewoon|officieel|tegenwoordig))+ +(?P<name>{_NAME})")),
    ("ORGANISATIE", re.compile(rf"(?<![\w-])(?:bij|van|via|naar) +(?:de|het) +(?P<name>{_NAME})")),
    # a school or firm named by a code of capitals and digits: "op het KW1C", "bij de MK2B" (two letters or more,
    # so a road stays: "op de A2", "de N34")
    ("ORGANISATIE", re.compile(r"(?<![\w-])(?:op|bij|van|via|naar|aan) +(?:de|het) +"
                               r"(?P<name>(?!(?:MBO|HBO|VMBO|VWO|HAVO|WO|NT|BBL|BOL|MAVO|VSO|PRO)\d)"
                               r"(?=[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d)[A-Z][A-Z0-9]{2,7})(?![\w-])"
                               r"(?!\s+(?:niveau|examen|diploma|certificaat|cursus|traject)\b)")),
    # "gebeld met Oluwaseun", "samen met Zdenka Horvat": verbs of personal contact, then a name
    ("PERSOON", re.compile(rf"\b(?i:gebeld|gesproken|geappt|gemaild|afgesproken|getrouwd|samen|bevriend|gekletst|"
                           rf"gepraat|gedaan)\s+met\s+(?P<name>{_CAP}(?: +{_CAP})?)")),
    # "m'n broer Toon", "collega Petra", "buurvrouw Bijlsma": a relation or role, then a name
    ("PERSOON", re.compile(rf"\b(?i:broer|broertje|zus|zusje|collega|vriend|vriendin|buurman|buurvrouw|zoon|dochter|"
                           rf"neef|nicht|oom|tante|opa|oma|zwager|schoonzus|coach|jobcoach|leidinggevende|teamleider|"
                           rf"baas|meneer|mevrouw|dokter|juf|meester) +(?P<name>{_CAP}(?: +{_SURNAME_PARTS}{_CAP}| +{_CAP})?)")),
]
_LIST_NEXT = re.compile(rf"(?:,| en| of)(?: +(?:in|uit|naar))? +(?P<name>{_CAP})\b")


# verbs of living, coming from and moving: a name after "in/uit/naar" in their sentence is a place
_LIVED = re.compile(r"(?i)\b(?:woon|woont|woonde|woonden|wonen|gewoond|kom|komt|kwam|kwamen|afkomstig|geboren|"
                    r"opgegroeid|getogen|verhuisd|verhuis|verhuist|verhuisde|verhuizen|vertrokken|gevlucht|vandaan)\b")


def _sentence_before(doc: str, start: int) -> str:
    """The words before ``start`` in its sentence (at most 80 characters)."""
    before = doc[max(0, start - 80):start]
    return re.split(r"[.!?:\n]", before)[-1]


_NOTE_BEFORE = re.compile(r"[\[(][a-zà-ÿ][a-zà-ÿ .,?'-]*[\])]$")  # "[lacht]", "(stilte)", not "[PERSOON-1]"


def at_sentence_start(doc: str, i: int) -> bool:
    """True when only spaces (and quotes) stand between position ``i`` and a sentence or turn start."""
    j = i - 1
    while True:
        while j >= 0 and doc[j] in " \t\"'‘“(":
            j -= 1
        note = _NOTE_BEFORE.search(doc, max(0, j - 40), j + 1) if j >= 0 and doc[j] in ")]" else None
        if not note:  # "[lacht] Mooi.", "(stilte) Ai, …": a transcriber's note is no word of the sentence
            break
        j = note.start() - 1
    return j < 0 or doc[j] in ".!?:\n…"


def _is_name(doc: str, start: int, end: int, allow: set[str]) -> bool:
    """Inside a frame a capitalised word is a name, unless the allow-list keeps it."""
    caps = [w for w in re.split(r"[\s-]+", doc[start:end]) if w[:1].isupper()]
    return bool(caps) and not all(lexicon.in_allow(w, allow) for w in caps)


def is_person_not_firm(name: str, kind: str) -> bool:
    """ "de moeder van Jesse", "bij Petra": a first name in a firm's frame is a person (left to deduce)."""
    return kind in ("WERKGEVER", "ORGANISATIE") and " " not in name.strip() and lexicon.is_first_name(name) \
        and not lexicon.is_surname(name)


_ARTICLES = frozenset({"de", "het", "een", "'t", "den", "der"})  # "De" is a first name on deduce's list


def is_full_name(name: str) -> bool:
    """ "via Oksana Kovalenko", "bij Kwame Mensah": a first name and one more name, no firm word
    and not on the employer lexicon, is a person even in a firm's frame ("bij X", "via X")."""
    words = name.split()
    if len(words) != 2 or lexicon.is_employer(name):
        return False
    first, last = words
    if lexicon.is_place(last) or re.search(r"(?i)(?:bedrijf|groep|zorg|werk|diensten|coaching|centrum|school|college|"
                                           r"bureau|punt|plus)$", last):
        return False
    if not lexicon.is_dutch_word(first) and not lexicon.is_dutch_word(last) and not lexicon.is_place(first):
        return True  # "via Tesfay Gebremedhin": two words no Dutch text has, no firm word: a person's name
    return lexicon.is_any_first_name(first) and not lexicon.is_common_word(first) and first.casefold() not in _ARTICLES \
        and not lexicon.is_frequent(last)


def _street_or_wijk(name: str, kind: str) -> str:
    if re.search(rf"{_STREET_SUFFIX}(?: +\d.*)?$", name, re.I):
        return "STRAAT"
    return kind


def context_spans(doc: str, allow: set[str] | None = None):
    """Yield ``(start, end, kind)`` of every name a frame marks."""
    allow = allow or set()
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(doc):
            start, end = m.span("name")
            name = doc[start:end]
            if not _is_name(doc, start, end, allow):
                continue
            if " en " in name:  # "bij Petra en Marco": two people; "van Landbouw en Zorg Twente": one name
                left, right = name.split(" en ", 1)
                if kind not in ("WERKGEVER", "ORGANISATIE") or lexicon.is_any_first_name(left.split()[-1]) or \
                        lexicon.is_any_first_name(right.split()[0]) or lexicon.is_place(right.split()[0]) or \
                        lexicon.is_employer(left) or lexicon.is_employer(right) or lexicon.is_surname(left.split()[-1]):
                    end = start + len(left)
                    name = left
            k = kind
            if is_person_not_firm(name, kind):
                continue
            if " " not in name and lexicon.is_common_word(name) and at_sentence_start(doc, start):
                continue  # "Zo heet dat bij mij", "Dus noemen ze het": an adverb opening the sentence
            if kind in ("WIJK", "ORGANISATIE") and "wijk" not in m.group(0).split()[0:2]:
                k = _street_or_wijk(name, kind)
            elif kind == "PERSOON" and lexicon.is_common_word(name.split()[0]) and not (
                    lexicon.is_first_name(name.split()[0]) or lexicon.is_surname(name.split()[0])):
                continue
            elif kind == "STRAAT" and m.group(0).startswith("op") and not re.search(rf"{_STREET_SUFFIX}(?: +\d.*)?$", name, re.I):
                k = "ORGANISATIE"  # "op het Deltion", "op de Rabobank": a school or a firm more often than a street
            elif kind == "PLAATS":
                if re.search(rf"{_FREE_SUFFIX}$", name):
                    k = "STRAAT"
                elif not lexicon.is_place(name) and not lexicon.is_place(name.split("-")[0]):
                    words = name.split()
                    if len(words) == 2 and lexicon.is_place(words[0]) and not lexicon.is_any_first_name(words[1]) \
                            and not _CAP_NEXT.match(doc, end):  # "naar Maastricht Aachen Airport": a longer name
                        k = "WIJK"  # "in Almere Haven", "uit Rotterdam Zuid": a town's district
                    elif len(words) == 1 and not lexicon.is_first_name(name) and _LIVED.search(_sentence_before(doc, start)):
                        k = "LOCATIE"  # "ze woont in België, in Antwerpen": a town the gazetteer lacks, also a surname
                    elif len(words) > 1 or lexicon.is_first_name(name) or lexicon.is_surname(name):
                        continue  # "in Jan zijn tuin", "naar Petra": deduce decides
                    else:
                        k = "LOCATIE"
            yield start, end, k
            pos = end
            while k in ("PLAATS", "LOCATIE", "WIJK"):  # "in Sneek, Joure en Lemmer"
                nxt = _LIST_NEXT.match(doc, pos)
                nname = nxt.group("name") if nxt else ""
                if not nxt or not _is_name(doc, *nxt.span("name"), allow) or (
                        not lexicon.is_place(nname) and (lexicon.is_first_name(nname) or lexicon.is_surname(nname))):
                    break
                longer = _CAP_NEXT.match(doc, nxt.end("name"))
                if longer and not lexicon.is_place(nname + longer.group(0)):
                    break  # "in Nieuwegein, Talentum Werkt of zoiets": a longer name is no place in the list
                n_end = longer.end() if longer else nxt.end("name")  # "in Utrecht, Den Haag en Leiden"
                nk = "PLAATS" if lexicon.is_place(doc[nxt.start("name"):n_end]) else k
                yield nxt.start("name"), n_end, nk
                pos = n_end


    yield from _lowercase_places(doc)


# "een arbeidsdeskundige in helmond, de ander in …": a town a transcriber wrote in lower case, after
# "in/uit/naar" and before a pause or "en/of"; towns that are frequent words ("best", "echt",
# "dieren", "dorp") stay, and so does a word followed by more words ("naar dieren kijken")
_LOWER_PLACE = re.compile(r"\b(?:in|uit|naar|vanuit|richting)\s+(?P<name>[a-zà-ÿ][a-zà-ÿ'-]{2,})"
                          r"(?=\s*[,.;:!?)]|\s*$|\s+(?:en|of|maar|want|dus)\b)")


def _lowercase_places(doc: str):
    from workbench.ingest.lexicons import dutch_words

    freq = dutch_words()
    for m in _LOWER_PLACE.finditer(doc):
        name = m.group("name")
        f = freq.get(name, 0.0)
        if lexicon.is_place(name.title()) and (f == 0.0 or math.log10(f) + 9 < _PLACE_WORD_ZIPF):
            yield m.start("name"), m.end("name"), "PLAATS"


_PLACE_WORD_ZIPF = 4.5  # a lower-case town at least this frequent as a word is the word


_CAP_BEFORE = re.compile(rf"\b{_CAP} +$")
_CAP_NEXT = re.compile(rf" +{_CAP}\b")


def _in_longer_name(doc: str, start: int, end: int) -> bool:
    """ "Perspectief Plus", "Plus Punt": a capitalised word beside it (not one opening a sentence)."""
    before = _CAP_BEFORE.search(doc, max(0, start - 40), start)
    return bool((before and not at_sentence_start(doc, before.start())) or _CAP_NEXT.match(doc, end))


def employer_spans(doc: str, allow: set[str] | None = None):
    """Yield ``(start, end, "WERKGEVER")`` for every employer or chain on the lexicon."""
    allow = allow or set()
    names = [n for n in lexicon.employers() if n.casefold() not in allow]
    if not names:
        return
    pattern = re.compile(r"(?<![\w@./-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-]|\.\w)")
    for m in pattern.finditer(doc):
        word = m.group(0)
        if " " not in word and lexicon.is_common_word(word) and (
                at_sentence_start(doc, m.start()) or _in_longer_name(doc, m.start(), m.end())):
            continue  # "Plus, ..." opening a sentence is the word; "Perspectief Plus" is another name
        yield m.start(), m.end(), "WERKGEVER"
