"""Identifying numbers, postcodes and licence plates read out in a transcript.

People dictate what identifies them digit by digit, in words, in groups, or mixed: "mijn BSN is
een twee drie, vier vijf zes, …", "KvK-nummer, eh, achtenveertig, dubbel nul, …", "vier acht drie
twee ka el", "ka tee pee streepje vier twee streepje ef", "Karel Theo Pieter". The fixed-shape
patterns in ``patterns.py`` only read digits and capitals; this module reads the spoken forms.

Each run is read token by token: a digit group ("4832"), a number word ("nul" … "negenennegentig",
"honderd…"), "dubbel"/"driedubbel" before a digit, a capital letter, a Dutch letter name ("ka",
"el", "iks", "ij"), a spelling word ("Karel", "Theo", "Kilo"), with commas, "eh", "streepje" and
dashes between. A run counts only in a frame that makes it an identifier: after the name of a
number (an identifying number of five or more digits), as four digits and two letters (a postcode),
or after "kenteken" / spelled with "streepje" in a Dutch side code (a licence plate). Amounts,
durations, counts, times and years have none of these frames, so they stay.
"""

from __future__ import annotations

import re

from workbench.ingest.detect.numbers import _UNIT, parse_number
from workbench.textrules import FILLER_WORDS

# the name of a number that points at one person's file, account or registration: "burgerservicenummer",
# "BSN", "KvK-nummer", "klantnummer", "IBAN", "polisnummer", "UWV-nummer", … (not "vacaturenummer",
# "artikelnummer", "projectnummer": those point at a thing, the same for everyone)
_OWN = (r"(?:burgerservice|sofi|bsn|kvk|btw|rekening|bankrekening|giro|klant|cli[eë]nt|dossier|relatie|polis|"
        r"lid|lidmaatschaps|registratie|inschrijf|inschrijvings|personeels|zaak|referentie|werknemers|uitkerings|"
        r"verzekerden|verzekerings|verzekerde|pati[eë]nt|contract|order|pas|zorgpas|paspoort|rijbewijs|document|"
        r"identiteitskaart|id-kaart|big|agb|debiteuren|debiteur|huurder|huurders|aanvraag|deelnemers|kandidaat|"
        r"student|studenten|leerling|werkzoekende|werkzoekenden|uwv|svb|digid|pensioen|abonnee|abonnements|"
        r"burger|persoons|onderwijs|aansluit|ean)")
_CUE = re.compile(rf"(?i)(?<![\w-])(?:{_OWN}-?nummers?|BSN|sofi|IBAN|KvK|kenmerk)\b")
_BSN_CUE = re.compile(r"(?i)burgerservice|bsn|sofi")
_PLATE_CUE = re.compile(r"(?i)\b(?:kenteken|nummerbord|nummerplaat)\w*\b")
_POSTCODE_CUE = re.compile(r"(?i)\bpostcode\b")
_POSTCODE_GAP = re.compile(r"(?i)[\s,:;]*(?:(?:is|eh|ehm|dat\s+is)[\s,:;]*)*")  # "postcode, eh, dat is …"

_LETTER_NAMES = {"a": "A", "bee": "B", "cee": "C", "dee": "D", "ee": "E", "ef": "F", "gee": "G", "ha": "H",
                 "ie": "I", "jee": "J", "ka": "K", "el": "L", "em": "M", "en": "N", "o": "O", "pee": "P",
                 "ku": "Q", "kuu": "Q", "er": "R", "es": "S", "tee": "T", "uu": "U", "vee": "V", "wee": "W",
                 "iks": "X", "ij": "Y", "ei": "Y", "zet": "Z", "zed": "Z"}
# letter names that are also common words: a postcode needs one unambiguous letter without "postcode"
_AMBIGUOUS = {"a", "o", "en", "er", "ee", "ie", "ha", "zet", "wee", "vee", "ei"}
_SPELLING = {w.casefold(): w[0] for w in (
    # the Dutch spelling alphabet and its common variants, and the NATO alphabet
    "Anton Bernard Cornelis Dirk Eduard Ferdinand Gerard Hendrik Izaak Johannes Jan Karel Lodewijk Maria Marie "
    "Nico Otto Pieter Quotiënt Quotient Rudolf Simon Theodoor Theo Utrecht Victor Willem Xantippe Ypsilon "
    "IJmuiden Zaandam Alfa Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Juliett Kilo Lima Mike "
    "November Oscar Papa Quebec Romeo Sierra Tango Uniform Whiskey Whisky X-ray Yankee Zulu").split()}
_SPELLING["ijmuiden"] = "Y"
_FILLERS = set(FILLER_WORDS) | {"liggend"}  # the shared fillers, and "liggend streepje"
_DASHES = {"-", "–", "—", "streepje", "streep", "koppelteken"}
_AMOUNT = re.compile(rf"(?i)\s*(?:{_UNIT}|per)\b")  # "…, 12000 euro per jaar": an amount, not the number
_TOKEN = re.compile(r"\.\.\.|…|[\w'’]+(?:-[\w'’]+)*|[-–—]|[,;:]|\S")


def _tokens(doc: str, start: int, stop: int):
    for m in _TOKEN.finditer(doc, start, stop):
        yield m.start(), m.end(), m.group(0)


def _read(word: str, letters: str):
    """ ("digits", "123") for a number token, ("letter", "K") for a letter, None otherwise.
    ``letters``: "caps" (capitals only), "names" (also letter names), "spell" (also spelling words)."""
    low = word.casefold()
    if word.isdigit():
        return "digits", word
    if "-" in word and not low.startswith("x-"):  # "ka-el", "vier-twee"
        parts = [_read(p, letters) for p in word.split("-")]
        if all(parts) and len({p[0] for p in parts}) == 1:
            return parts[0][0], "".join(p[1] for p in parts)
        return None
    if re.fullmatch(r"[a-zëé]+", low):
        value = 1 if low in ("een", "één", "eén") else parse_number(low)
        if value is not None and value < 1000:
            return "digits", str(value)
    if re.fullmatch(r"[A-Z]{1,4}", word):
        return "letter", word
    if letters in ("names", "spell") and low in _LETTER_NAMES:
        return "letter", _LETTER_NAMES[low]
    if letters == "spell" and word[:1].isupper() and (low in _SPELLING or _first_name(word)):
        return "letter", _SPELLING.get(low, word[0].upper())  # "Karel Theo Pieter", "Frits"
    return None


def _first_name(word: str) -> bool:
    from workbench.ingest.detect.lexicon import is_first_name

    return is_first_name(word)


def _run(doc: str, start: int, stop: int, letters: str):
    """The longest run of number and letter tokens from ``start``: a list of (start, end, kind, value)
    items and "-" for an explicit dash; fillers and commas are skipped."""
    items: list = []
    toks = list(_tokens(doc, start, stop))
    i = 0
    while i < len(toks):
        a, b, w = toks[i]
        low = w.casefold()
        if low in ("dubbel", "driedubbel", "tripel") and i + 1 < len(toks):
            nxt = _read(toks[i + 1][2], letters)
            if nxt and len(nxt[1]) == 1:
                items.append((a, toks[i + 1][1], nxt[0], nxt[1] * (3 if low != "dubbel" else 2)))
                i += 2
                continue
            break
        got = _read(w, letters)
        if got:
            items.append((a, b, *got))
        elif low in _DASHES:
            items.append("-")
        elif not (low in _FILLERS or w in (",", ";", "...", "…")):
            break
        i += 1
    while items and items[-1] == "-":
        items.pop()
    return items


def _digit_count(items) -> int:
    return sum(len(it[3]) for it in items if it != "-" and it[2] == "digits")


def _end_of_sentence(doc: str, start: int) -> int:
    m = re.compile(r"(?<!\.)[.!?](?!\.)(?:\s|$)|\n").search(doc, start)
    return m.start() if m else len(doc)


def _id_spans(doc: str):
    for m in _CUE.finditer(doc):
        cue = m.group(0)
        letters = "names" if cue.casefold() == "iban" else "caps"
        stop = _end_of_sentence(doc, m.end())
        # the first token after the name that reads as a number or letter starts the number
        for t in _TOKEN.finditer(doc, m.end(), min(stop, m.end() + 60)):
            got = _read(t.group(0), letters)
            if t.group(0).casefold() not in ("dubbel", "driedubbel") and (
                    got is None or got[0] == "letter" and letters == "caps"):
                continue  # "klantnummer bij het UWV is …": the number starts at its first digit
            items = [it for it in _run(doc, t.start(), stop, letters) if it != "-"]
            while items and items[-1][2] == "letter" and doc[items[-1][0]].islower():
                items.pop()  # "…, nul vier en dan": a trailing letter name is a word
            if _digit_count(items) >= 5 and not _AMOUNT.match(doc, items[-1][1]):
                yield items[0][0], items[-1][1], "BSN" if _BSN_CUE.match(cue) else "ID"
            break


def _postcode_spans(doc: str):
    cues = {m.end() for m in _POSTCODE_CUE.finditer(doc)}
    # a postcode starts with "vier", "48", "4832", "achtenveertig", … after a word boundary
    for t in re.finditer(r"(?<![\w-])(?:[1-9]\d{1,3}|[a-zëé]+)\b", doc):
        if parse_number(t.group(0).casefold()) is None and not t.group(0).isdigit():
            continue
        items = _run(doc, t.start(), min(len(doc), t.start() + 80), "names")
        items = [it for it in items if it != "-"]
        digits = ""
        k = 0
        while k < len(items) and items[k][2] == "digits" and len(digits) < 4:
            digits += items[k][3]
            k += 1
        letters = items[k:k + 2]
        if len(digits) != 4 or digits[0] == "0" or len(letters) == 0 or any(it[2] != "letter" for it in letters):
            continue
        code = "".join(it[3] for it in letters)
        if len(code) != 2:
            continue
        cued = any(c <= t.start() and _POSTCODE_GAP.fullmatch(doc, c, t.start()) for c in cues)
        names = [doc[it[0]:it[1]].casefold() for it in letters]
        if not cued and (all(n in _AMBIGUOUS for n in names) or names[0] == "en"):
            continue
        if k + 2 < len(items) and items[k + 2][2] == "letter" and not cued:
            continue  # more letters follow: spelling, not a postcode
        yield t.start(), letters[-1][1], "POSTCODE"


def _plate_spans(doc: str):
    from workbench.ingest.detect.patterns import PATTERNS

    plate = next(p for k, p in PATTERNS if k == "KENTEKEN")
    cue_ends = [m.end() for m in _PLATE_CUE.finditer(doc)]
    for t in _TOKEN.finditer(doc):
        cued = any(0 <= t.start() - c <= 60 for c in cue_ends) and not re.search(r"[.!?]\s", doc[
            max([c for c in cue_ends if c <= t.start()], default=t.start()):t.start()])
        first = _read(t.group(0), "spell" if cued else "names")
        if first is None:
            continue
        items = _run(doc, t.start(), min(len(doc), t.start() + 120), "spell" if cued else "names")
        if not items or items[0] == "-":
            continue
        groups, dashes = [], 0
        for it in items:
            if it == "-":
                dashes += 1
                groups.append([])
                continue
            if groups and groups[-1] and groups[-1][-1][2] != it[2]:
                groups.append([])
            if not groups:
                groups.append([])
            groups[-1].append(it)
            text = "-".join("".join(x[3] for x in g) for g in groups if g)
            if len(text.replace("-", "")) == 6 and plate.fullmatch(text) and (cued or dashes >= 2):
                yield t.start(), it[1], "KENTEKEN"
                break


def spoken_id_spans(doc: str):
    """Yield ``(start, end, kind)`` for identifying numbers, postcodes and plates said aloud."""
    yield from _id_spans(doc)
    yield from _postcode_spans(doc)
    yield from _plate_spans(doc)
