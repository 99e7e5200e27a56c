"""Identifiers with a fixed shape that deduce misses in transcripts, each with its tag type."""

from __future__ import annotations

import re

ORG_HEAD = (r"(?:Bakkerij|Tandartspraktijk|Huisartsenpraktijk|Praktijk|Kapsalon|Garage|Stichting|Camping|"
            r"Restaurant|Hotel|Supermarkt|Zorgboerderij|Kinderopvang|Atelier|Caf[eé]|Bouwbedrijf|Barbershop|"
            r"Schildersbedrijf|Hoveniersbedrijf|Installatiebedrijf|Transportbedrijf|Reintegratiebureau|"
            r"Re-integratiebureau|Bureau|Winkel|Drukkerij|Slagerij|Kwekerij|Werkplaats|Voedselbank|Apotheek|Drogisterij|"
            r"Bibliotheek|Boekhandel|Bloemisterij|Tuincentrum|Bouwmarkt|Dierenkliniek|Dierenartsenpraktijk|"
            r"Fysiotherapie|Sportschool|Fietsenmaker|Kringloop|Kringloopwinkel|Buurthuis|Wijkcentrum|Woonzorgcentrum|"
            r"Verpleeghuis|Kinderdagverblijf|Sportvereniging|Zwembad|Theater|Museum|Hospice|"
            r"[A-Z][a-z]+bedrijf|Praktijkschool|Praktijkonderwijs|Dagbesteding|Basisschool|Kerk|Moskee|VV|SV|RKVV|Firma|Fa\.|GGZ|ROC|"
            r"[A-Z][a-z]*(?:groep|zorg|diensten|centrum|instituut|opleidingen))")
_USER = r"[\w.+-]+"
_SEP = r"(?:\s*[-–—]\s*|\s)"  # between digit groups of a phone number
_TLD = r"(?:nl|com|net|org|be|eu|frl|info|de|nu)"
_PART = r"(?:(?:van|de|der|den|het|te|ter|ten|el|al|da|di|le|la)[\s,]+){0,3}[\w-]+"  # "de graaf", "el amrani"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Kwekerij Van den Munckhof", "Bouwbedrijf Van der Heijden": the particles of a surname too
    ("ORGANISATIE", re.compile(ORG_HEAD + r"(?:\s+(?:de|het|De|Het|'t|van|Van|den|der|Den|Der|ter|ten|te|in))*"
                               r"(?:\s+[A-Z][\w'-]+)+")),
    # "Sharmi's Bakkerij", "Jansen Transport": a name before a firm noun
    ("ORGANISATIE", re.compile(r"\b(?!(?:De|Het|Een|Dit|Dat|Die|Deze|Ons|Onze|Mijn|Uw|Hun|Zijn|Haar|Ons)\s)"
                               r"[A-Z][\w'’-]+(?:'s)?\s+(?:Bakkerij|Kapsalon|Schoonmaak|Transport|Installatie\w*|"
                               r"Bouw|Techniek|Groep|Lyceum|College|Transcripties|Onderzoek|Advies|Diensten|Airport|Universiteit|"
                               r"Hogeschool|Ziekenhuis|Stadion|Academie|Logistiek|Facilitair|Zorg|Thuiszorg|Welzijn|"
                               r"Metaal|Catering|Beveiliging|Uitzendbureau|Uitzendgroep|Personeelsdiensten|Opleidingen|"
                               r"Schoonmaakdiensten|Kinderopvang|Makelaardij|Accountants|Administratie|Automatisering|"
                               r"Services|Solutions|Support|Care|Group|Foods?|MC|UMC|Gasthuis|Medisch Centrum)\b")),
    # a legal form after a name: "Hendriks Schoonmaak BV", "Timmermans en Zonen", "De Wit & Co"
    ("ORGANISATIE", re.compile(r"\b(?:[A-Z][\w'’-]+\s+(?:(?:van|de|der|den)\s+)*){1,4}"
                               r"(?:B\.V\.|BV|N\.V\.|NV|V\.O\.F\.|VOF|vof|Holding|(?:en|&)\s+Z(?:onen|n\.?)|&\s+Co\b\.?)")),
    # one capitalised compound naming an institution (not a frequent word): "Bethelkerk", "Vechtdalcollege", "Maasstadziekenhuis"
    # (with a hyphenated head: "Sint-Stefanuskerk", "Onze-Lieve-Vrouwekerk")
    ("ORGANISATIE", _COMPOUND := re.compile(r"\b(?:[A-Z][a-z]+-)*[A-Z][a-z]{2,}(?:kerk|moskee|school|college|lyceum|ziekenhuis|"
                                            r"kliniek|academie|stadion|groep|zorg|diensten|bedrijven|gasthuis|service|services)\b")),
    ("ORGANISATIE", re.compile(r"\b[A-Z][\w'-]+(?: [A-Z][\w'-]+)? & [A-Z][\w'-]+(?: [A-Z][\w'-]+)?")),  # "Kracht & Koers"
    ("BSN", re.compile(r"(?<![\d-])\d{3}[ .]?\d{3}[ .]?\d{3}(?![\d-])")),
    # "06-12345678", "+31 6 1234 5678", "06 – 18 44 20 91", "(010) 123 45 67": spaces, hyphens or dashes
    ("TELEFOON", re.compile(rf"(?<![\d+])(?:(?:\+|00)31{_SEP}?(?:\(0\))?{_SEP}?|\(?0)(?:6\)?{_SEP}?|\d{{2,3}}\)?{_SEP}?)"
                            rf"\d{{2,3}}(?:{_SEP}?\d{{2,4}}){{2,3}}(?!\d)")),
    # "013 - 4 66 20 57", "0 6 12 34 56 78": ten digits from a 0 in groups of one to four (counted in code)
    ("TELEFOON", _PHONE_GROUPS := re.compile(rf"(?<![\d+])0\d{{1,3}}(?:{_SEP}\d{{1,4}}){{2,6}}(?![\d-])")),
    ("POSTCODE", re.compile(r"(?<!\d)[1-9]\d{3} ?[A-Z]{2}(?![\w])")),
    ("EMAIL", re.compile(rf"{_USER}@[\w-]+(?:\.[\w-]+)+")),
    # "hatice.kaya (at) gmail.com", "naam punt achternaam apenstaartje hotmail punt com"
    ("EMAIL", re.compile(rf"(?i){_USER}\s*[\(\[]\s*(?:at|apenstaartje)\s*[\)\]]\s*[\w-]+(?:\s*(?:\.|\bpunt\b|\bdot\b)\s*[\w-]+)+")),
    ("EMAIL", re.compile(r"(?i)\b(?:[\w-]+[\s,]+punt[\s,]+)*[\w-]+(?:[\s,]+[\w-]+)?[\s,]+apenstaartje[\s,]+[\w-]+"
                         r"(?:[\s,]+punt[\s,]+[\w-]+)+")),
    # spelled out with a bare "at"/"et"/"ad": "naam punt achternaam at provider punt nl". The spoken
    # "punt" before a top-level domain makes the English "at" safe to read as "@".
    ("EMAIL", re.compile(rf"(?i)\b(?:{_PART}[\s,]+(?:punt|streepje|underscore|laag streepje)[\s,]+)*{_PART}[\s,]+"
                         rf"(?:at|et|ad|apenstaartje)[\s,]+(?:[\w-]+[\s,]+punt[\s,]+)*[\w-]+[\s,]+punt[\s,]+{_TLD}\b")),
    ("URL", re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{3,}[A-Za-z0-9_]")),  # social media handle
    ("URL", re.compile(r"(?i)\b(?:https?://|www\.)[\w.-]+\.[a-z]{2,}(?:/[\w./%-]*)?|\b[\w-]+\.(?:com|nl|be|org|net|frl|eu)/[\w./%-]+")),
    # a handle said without its "@" after the platform: "op LinkedIn, ik sta erop als jan-smit-utrecht"
    ("URL", _HANDLE := re.compile(r"(?i)\b(?:linkedin|instagram|insta|facebook|tiktok|twitter|snapchat|youtube|"
                                  r"pinterest)\b[^.\n]{0,60}?\b(?:als|is|heet|onder|naam|account)\s+"
                                  r"(?P<id>[a-z0-9][\w.-]{3,}[a-z0-9])(?![\w@-])")),
    ("ID", re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{2,4}){2,5}\b")),  # IBAN
    ("ID", _DOSSIER := re.compile(r"\b[A-Z]{1,4}-\d{2,4}-\d{2,6}\b")),  # a file or dossier number: KK-2024-0871
    # digits after the name of a number: "mijn klantnummer staat op elke brief, 7718 2231 0"
    ("ID", re.compile(r"(?i)\b(?:klant|dossier|relatie|polis|lid|registratie|personeels|zaak|referentie|cliënt|client|"
                      r"werknemers|uitkerings|verzekerden|patiënt|patient|contract|order)nummer\w*\b[^.\n\d]{0,40}?"
                      r"(?P<id>\d[\d .-]{3,}\d)(?!\d)")),
    # Dutch licence plates: 7-XKP-21, F-447-XK, 12-AB-34, AB-123-C
    # Dutch licence plates, every side code (1-14): 7-XKP-21, F-447-XK, XKP-21-F, 9-XX-999, 999-XX-9, …
    ("KENTEKEN", re.compile(r"(?<![\w-])(?:[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|"
                            r"[A-Z]{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|"
                            r"\d{1,2}-[A-Z]{2,3}-\d{1,2}|[A-Z]{1,2}-\d{2,3}-[A-Z]{1,2}|[A-Z]{3}-\d{2}-[A-Z]|"
                            r"[A-Z]-\d{2}-[A-Z]{3}|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d)(?![\w-])")),
]


_NEW_TAILS = ("groep", "zorg", "diensten", "bedrijven", "gasthuis")


def _plain_compound(doc: str, m: re.Match) -> bool:
    """ "Focusgroep …" opening a sentence: a common word before -groep/-zorg makes it a noun."""
    from workbench.ingest.detect.context import at_sentence_start
    from workbench.ingest.detect.lexicon import is_frequent

    word = m.group(0)
    tail = next((t for t in _NEW_TAILS if word.endswith(t)), None)
    if tail is None or not at_sentence_start(doc, m.start()):
        return False
    head = word[: -len(tail)].rstrip("s").casefold()
    return is_frequent(head) or is_frequent(head + "s")


def elfproef(digits: str) -> bool:
    d = [int(c) for c in digits]
    return len(d) == 9 and (sum((9 - i) * d[i] for i in range(8)) - d[8]) % 11 == 0


# A research team's respondent code ("R-2024-017", "D-2025-044": one letter, the year, a serial) is
# itself the pseudonym the reports use, not an identifier.
_RESPONDENT_CODE = re.compile(r"[A-Z]-(?:20)?[12]\d-\d{3}")


_MONEY_AFTER = re.compile(r"(?i)\s*(?:euro|eur|€|,-|dollar|pond|kilo|km|meter|liter)\b")


def pattern_spans(doc: str):
    from workbench.ingest.detect.lexicon import is_frequent

    for kind, pattern in PATTERNS:
        for m in pattern.finditer(doc):
            if kind == "BSN" and not elfproef(re.sub(r"\D", "", m.group(0))):
                # nine digits that fail the 11-proef still identify a file or a person ("184 302 667",
                # misread or misheard); with dots or a currency after them they are an amount
                if "." not in m.group(0) and not _MONEY_AFTER.match(doc, m.end()):
                    yield m.start(), m.end(), "ID"
                continue
            if pattern is _PHONE_GROUPS and len(re.sub(r"\D", "", m.group(0))) != 10:
                continue
            if pattern is _DOSSIER and _RESPONDENT_CODE.fullmatch(m.group(0)):
                continue
            if pattern is _HANDLE and not re.search(r"[\d._-]", m.group("id")) and is_frequent(m.group("id")):
                continue  # "op LinkedIn is handig": a word, not a handle
            if "id" in pattern.groupindex:
                yield m.start("id"), m.end("id"), kind
                continue
            if pattern is _COMPOUND and (is_frequent(m.group(0)) or _plain_compound(doc, m)):
                continue  # "Basisschool", "Thuiszorg", "Werkgroep" are words, "Bethelkerk" is a name
            yield m.start(), m.end(), kind
    from workbench.ingest.detect.spoken_ids import spoken_id_spans  # the same identifiers read out

    yield from spoken_id_spans(doc)
