"""Names that deduce misses in spoken Dutch, found by the words around them.

deduce finds persons, places and care institutions, and addresses with a house number. In
interviews, respondents also name the street they live on ("ik woon aan de Vloeddijk"), their
re-integration firm ("een re-integratiebureau, Werkpad"; "Zuidwerk Re-integratie"), their job
coach's firm ("Jobcoach Oost") and the shop or café where they work ("de kringloopwinkel, Het
Anker"). Dutch does not capitalise common nouns, so a capitalised word in such a frame is a name.
Each pattern's group ``name`` is the part to tag; the caller skips names on the allow-list.
"""

from __future__ import annotations

import re

_NAME = r"[A-Z][\w'-]*[a-z][\w'-]*"  # one capitalised word with at least one lower-case letter
_NAMES = rf"(?:(?:De|Het|'t) +)?{_NAME}(?: +{_NAME})*"  # spaces only: a name never runs into the next turn

_STREET_SUFFIX = (r"(?:straat|laan|weg|dijk|plein|kade|gracht|singel|steeg|dreef|markt|hof|park|plantsoen|"
                  r"wal|baan|haven|boulevard|allee|ring|brink|weide|dam)")
_ORG_NOUN = (r"(?:re-?integratiebureau|reïntegratiebureau|bureau|kringloopwinkel|kringloop|winkel|buurtcaf[eé]|"
             r"caf[eé]|lunchroom|restaurant|kinderdagverblijf|kinderopvang|zorgboerderij|dagbesteding|"
             r"hoveniersbedrijf|installatiebedrijf|bedrijf|bedrijfje|bakkerij|fietsenmakerij|supermarkt|stichting|"
             r"vereniging|werkplaats|leerwerkbedrijf|sociale werkvoorziening|uitzendbureau|verpleeghuis|"
             r"verzorgingshuis|buurthuis|clubhuis|zorgcentrum|school|praktijkschool|kerk|club|sportclub|"
             r"voetbalclub|sportschool|moskee|tehuis|woongroep|ziekenhuis)")
_ORG_SUFFIX = r"(?:Re-?integratie|Reïntegratie|Coaching|Jobcoaching|Begeleiding|Detachering|Uitzendbureau|B\.V\.|BV)"

CUE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "aan de Vloeddijk", "in de Kanaalstraat 4": a street after a preposition and "de"
    ("STRAAT", re.compile(rf"\b(?:aan|op|in|naar|bij|vanaf|langs|over|via|uit|richting) +de +"
                           rf"(?P<name>[A-Z][a-zà-ÿ]+(?:-[A-Za-zà-ÿ]+)*{_STREET_SUFFIX}(?: +\d+[a-z]?)?)\b")),
    # "Zuidwerk Re-integratie", "Zuiderlicht Coaching", "OpMaat Werk en Coaching"
    ("ORGANISATIE", re.compile(rf"(?P<name>\b{_NAMES}(?: +(?:en|&))? +{_ORG_SUFFIX})(?!\w)")),
    # "Jobcoach Oost" (the firm; "de jobcoach, Sandra" is a person and left to deduce)
    ("ORGANISATIE", re.compile(rf"(?P<name>\bJobcoach +{_NAME}(?: +{_NAME})*)")),
    # "een re-integratiebureau, Perspectief Plus", "het buurtcafé, De Ontmoeting"
    ("ORGANISATIE", re.compile(rf"\b(?i:[a-z-]*{_ORG_NOUN}),? +(?P<name>{_NAMES})")),
    # "het traject bij Werkpad", "van Kompasroute in Zwolle"
    # (not "-van" inside a double surname: "Wierzbicka-van Leeuwen")
    ("ORGANISATIE", re.compile(rf"(?<![\w-])(?:[Bb]ij|[Vv]an|[Vv]ia) +(?P<name>{_NAMES})")),
]


# Capitalised words that start a sentence or clause, never a name on their own.
_NOT_NAMES = frozenset("""
de het een en maar of want dus dan toen als dat die dit deze daar hier er ik je jij u hij zij ze we wij
ja nee nou oké eh hm ook nog niet wel heel echt soms veel eigenlijk gewoon misschien zeker natuurlijk
wat hoe wie waar waarom welke alles niemand iedereen mijn zijn haar ons onze hun jullie
""".split())


# Words that open a sentence before a name ("Bij Zuidwerk Re-integratie."); articles stay with it.
_OPENERS = (_NOT_NAMES - {"de", "het"}) | set("bij van via met voor naar in op aan uit om door sinds tot".split())
_WORD = re.compile(r"\S+")


def cue_spans(doc: str):
    """Yield ``(start, end, kind)`` of every name found by a cue pattern."""
    for kind, pattern in CUE_PATTERNS:
        for m in pattern.finditer(doc):
            start, end = m.span("name")
            words = list(_WORD.finditer(doc, start, end))
            while len(words) > 1 and words[0].group().casefold() in _OPENERS:
                words.pop(0)
            if len(words) == 1 and words[0].group().casefold() in _NOT_NAMES:
                continue
            yield words[0].start(), end, kind


_SUFFIX_WORD = re.compile(rf"{_ORG_SUFFIX}$")
# a firm noun at the end of a name: "Catharina Ziekenhuis" → "Catharina", "Kompas Onderzoek" → "Kompas"
_FIRM_NOUN = re.compile(r"(?i)(?:Ziekenhuis|Onderzoek|Installatietechniek|Installatie|Transcripties|Lyceum|College|"
                        r"Groep|Advies|Techniek|Transport|Bouw|Diensten|Services)$")


def org_name_parts(words: list[str]) -> list[str]:
    """The distinctive part of an organisation's name, to be replaced wherever it recurs:
    "Zuidwerk Re-integratie" → "Zuidwerk", "Bakkerij De Korenschoof" → "De Korenschoof".
    Short parts ("Oost" of "Jobcoach Oost", "Plus") would tag ordinary words and are left alone."""
    if len(words) < 2:
        return []
    if _SUFFIX_WORD.match(words[-1]) or _FIRM_NOUN.match(words[-1]):
        part = " ".join(words[:-2] if words[-2] in ("en", "&") else words[:-1])
    elif words[0][:1].isupper() and words[0].casefold() not in ("de", "het", "'t"):
        part = " ".join(words[1:])
    else:
        return []
    return [part] if part[:1].isupper() and len(part) >= 6 and part.casefold() not in _NOT_NAMES else []
