"""Corrections to deduce's detections so tags cover exactly the name and say what it is.

deduce reads clinical notes; in speech its person spans often take a word along ("Goedemiddag
Sjoerd", "collega Eva Smit", "Annelies Kuiper van Kompas"), take two people for one ("Petra
Marco gebeld"), take a firm for a person ("Hoekstra Installatietechniek", "Albert Heijn"), and
take a capitalised common word at the start of a sentence for a surname ("Mooi."). Its
``locatie`` covers towns, streets and postcodes alike. ``refine`` turns one detection into zero or
more ``(start, end, kind)`` parts with a typed kind.
"""

from __future__ import annotations

import re

from workbench.ingest.detect import lexicon
from workbench.ingest.detect.context import at_sentence_start

# Words kept outside a person tag: greetings, titles, roles and relations ("collega Eva" → "collega [PERSOON-1]").
LEAD_WORDS = frozenset("""
goedemorgen goedemiddag goedenavond goeiemorgen goeiemiddag morgen middag hoi hallo hey hee hé dag doei
beste lieve welkom dank bedankt hoor ja nee oké ok zeg sorry groetjes groeten
collega collega's mevrouw meneer mevr mevr. mw mw. dhr dhr. heer dokter dr dr. juf meester
jobcoach coach arbeidsdeskundige huisarts verzekeringsarts bedrijfsarts teamleider leidinggevende manager
directeur eigenaar baas chef consulent klantmanager trajectbegeleider begeleider casemanager neuroloog
psycholoog psychiater fysiotherapeut therapeut buurman buurvrouw vriend vriendin zus zusje broer broertje
moeder vader mam mama pap papa oom tante neef nicht opa oma zoon dochter man vrouw partner schoonzus
zwager schoonmoeder schoonvader ons onze mijn m'n zijn z'n haar d'r met en of uit bij voor aan
via naar door volgens dankzij tegen over zonder sinds namens vanuit tot om toen want maar dus
ook nog dat die als zoals omdat terwijl hoewel
""".split())
PARTICLES = frozenset("van de der den het ter ten te la le 't in op".split())
_ORG_HEAD = re.compile(r"(?i)^(?:\w*(?:bedrijf|bakkerij|winkel|shop|salon|praktijk|garage|slagerij|drukkerij|"
                       r"kwekerij|groep|centrum|stichting|vereniging|school|lyceum|college|kerk|moskee|"
                       r"voedselbank|camping|hotel|restaurant|café|cafe|kliniek|studio|atelier|makelaar)|"
                       r"vv|sv|rkvv|bv|nv)$")
_ORG_TAIL = re.compile(r"(?i)^\w*(?:techniek|installatie|installaties|bedrijf|bedrijven|transport|bouw|groep|"
                       r"advies|diensten|services|service|holding|beheer|makelaardij|schoonmaak|onderzoek|"
                       r"transcripties|lyceum|college|academie|kerk|ziekenhuis|zorg|partners|consultancy|"
                       r"b\.?v\.?|v\.?o\.?f\.?)$")
_STREET = re.compile(r"(?i)(?:straatweg|straat|weg|laan|plein|dijk|kade|gracht|singel|steeg|dreef|plantsoen|"
                     r"boulevard|allee|markt)(?:\s+\d+\s?[a-z]?)?$|\s\d{1,4}\s?[a-z]?$")
_POSTCODE = re.compile(r"^[1-9]\d{3}\s?[A-Z]{2}\b")
_WORD = re.compile(r"[^\s,]+")


def _trim_person(doc: str, start: int, end: int) -> tuple[int, int]:
    words = list(_WORD.finditer(doc, start, end))
    while words:
        w = words[0].group()
        low = w.casefold()
        nxt_cap = len(words) > 1 and words[1].group()[:1].isupper()
        if low in LEAD_WORDS or (w[:1].islower() and not (low in PARTICLES and nxt_cap)):
            words.pop(0)
            continue
        break
    if not words:
        return start, start
    # "Annelies Kuiper van Kompas", "Harrie van de Buurtbus": a "van" that starts no surname
    for i in range(1, len(words) - 1):
        if words[i].group() != "van":
            continue
        rest = [w.group() for w in words[i + 1:] if w.group().casefold() not in PARTICLES]
        before = [w for w in words[:i] if w.group()[:1].isupper()]
        if rest and (len(before) >= 2 or not lexicon.is_surname(rest[0])):
            words = words[:i]
            break
    return words[0].start(), words[-1].end()


def _person_kind(text: str) -> str:
    words = text.split()
    if len(words) > 1 and re.search(r"(?i)(?:wijk|buurt|kwartier)$", words[-1]):
        return "WIJK"  # "de Schilderswijk"
    if lexicon.is_employer(text):
        return "WERKGEVER"
    if "&" in words or (len(words) >= 2 and (_ORG_HEAD.match(words[0]) or _ORG_TAIL.match(words[-1]))):
        return "ORGANISATIE"
    return "PERSOON"


def _location_kind(text: str) -> str:
    t = " ".join(text.split())
    if _POSTCODE.match(t):
        return "POSTCODE"
    if lexicon.is_place(t) or lexicon.is_place(t.split("-")[0]):
        return "PLAATS"
    if _STREET.search(t) or lexicon.is_street(t):
        return "STRAAT"
    if re.search(r"(?i)(?:wijk|buurt|kwartier)$", t):
        return "WIJK"
    return "LOCATIE"


_PARTICLE_SURNAME = re.compile(r" +((?:(?:van|de|der|den|ter|ten|te|el|al|ben|bin|da|dos|le|la|von|zu)\s+){1,3})"
                               r"(?P<s>[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*)")


def _with_surname(doc: str, start: int, end: int) -> int:
    """ "Jean-Pierre van den Broeck-Vermeulen": deduce took the first name only; a surname after
    particles (on deduce's surname list, or a double name with one part on it) belongs to it."""
    if " " in doc[start:end].strip():
        return end  # "Annelies Kuiper van Kompas": a full name already, "van" starts something else
    m = _PARTICLE_SURNAME.match(doc, end)
    if m and any(lexicon.is_surname(p) for p in [m.group("s"), *m.group("s").split("-")]):
        return m.end()
    return end


_ANNIVERSARY = re.compile(r"(?i)-?jarige?\s+(?:dienst)?(?:jubileum|bestaan|huwelijk|dienstverband|contract|"
                          r"(?:werk)?ervaring|samenwerking|relatie)\b")

def refine(doc: str, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """The corrected part(s) of one deduce detection."""
    if not any(c.isalnum() for c in doc[start:end]):
        return []  # deduce's url pattern can take a lone "?" after an e-mail address
    if kind == "PERSOON":
        start, end = _trim_person(doc, start, end)
        if end <= start:
            return []
        end = _with_surname(doc, start, end)
        text = doc[start:end]
        words = list(_WORD.finditer(doc, start, end))
        if len(words) == 1 and at_sentence_start(doc, start) and (
                lexicon.is_common_word(text) or lexicon.is_interjection(text)):
            return []  # "Mooi.", "Oei.", "Ai, …"
        kind = _person_kind(text)
        if kind == "PERSOON" and len(words) >= 2 and all(lexicon.is_first_name(w.group()) for w in words) \
                and not lexicon.is_surname(words[-1].group()):
            return [(w.start(), w.end(), "PERSOON") for w in words]  # "Petra Marco gebeld": two people
        if kind == "PERSOON" and doc[start:end].endswith("'s"):
            end -= 2  # "Petra's": the name, not the genitive
        return [(start, end, kind)]
    if kind == "LOCATIE":
        words = list(_WORD.finditer(doc, start, end))
        if len(words) == 1 and at_sentence_start(doc, start) and lexicon.is_common_word(words[0].group()):
            return []  # "Best veel, in ieder geval.": a town's name that is a common word opening a sentence
        while len(words) > 1 and words[0].group()[:1].islower():
            words.pop(0)  # "uit de Schilderswijk" → "Schilderswijk"
        start = words[0].start() if words else start
        return [(start, end, _location_kind(doc[start:end]))]
    if kind == "LEEFTIJD" and _ANNIVERSARY.match(doc, end):
        return []  # "het 25-jarig jubileum": an anniversary, not a person's age
    return [(start, end, kind)]
