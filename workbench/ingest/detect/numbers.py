"""Numbers spoken in Dutch words, and the dates, ages and phone numbers made of them.

``parse_number("drieënvijftig") == 53``, ``parse_number("negentien-eenennegentig") == 1991``
(a year said as two pairs), ``parse_number("tweeduizend één") == 2001``. Transcribers write
numbers the way they are said, so a date of birth reads "twaalf maart, eh, eenennegentig" and
a phone number "nul zes, achtendertig, vijftien, …"; deduce only knows numbers in digits.
"""

from __future__ import annotations

import re

_UNITS = {"nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
          "zeven": 7, "acht": 8, "negen": 9}
_TEENS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
          "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
         "tachtig": 80, "negentig": 90}
_ORDINAL = {"eerste": 1, "derde": 3, "achtste": 8}
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december").split()


def _below_100(w: str) -> int | None:
    if w in _UNITS:
        return _UNITS[w]
    if w in _TEENS:
        return _TEENS[w]
    if w in _TENS:
        return _TENS[w]
    for tens, t in _TENS.items():  # "eenentwintig", "drieënvijftig"
        if w.endswith(tens):
            head = w[: -len(tens)]
            for sep in ("en", "ën"):
                if head.endswith(sep) and head[: -len(sep)] in _UNITS and _UNITS[head[: -len(sep)]] > 0:
                    return _UNITS[head[: -len(sep)]] + t
    return None


def _below_1000(w: str) -> int | None:
    if "honderd" in w:
        head, _, tail = w.partition("honderd")
        h = 1 if head == "" else _below_100(head)
        rest = 0 if tail == "" else _below_100(tail.removeprefix("en"))
        if h is None or rest is None:
            return None
        return h * 100 + rest
    return _below_100(w)


def parse_number(text: str) -> int | None:
    """The value of a Dutch number word or phrase (up to 9999), or None."""
    w = re.sub(r"[\s\-]+", " ", text.casefold().strip()).strip()
    if not w:
        return None
    if "duizend" in w:
        head, _, tail = w.partition("duizend")
        th = 1 if head.strip() == "" else _below_100(head.strip())
        rest = 0 if tail.strip() == "" else _below_1000(tail.strip().replace(" ", "").removeprefix("en"))
        return None if th is None or rest is None else th * 1000 + rest
    parts = w.split()
    if len(parts) == 2:  # "negentien eenennegentig" = 1991, a year said as two pairs
        a, b = _below_100(parts[0]), _below_100(parts[1])
        if a is not None and b is not None and 10 <= a <= 20 and 10 <= b:
            return a * 100 + b
        return None
    if len(parts) == 1:
        return _below_1000(parts[0])
    return None


def parse_ordinal(text: str) -> int | None:
    """ "twaalfde" → 12, "eenentwintigste" → 21, "eerste" → 1."""
    w = text.casefold()
    if w in _ORDINAL:
        return _ORDINAL[w]
    for suffix in ("ste", "de"):
        if w.endswith(suffix):
            n = parse_number(w[: -len(suffix)])
            if n is not None:
                return n
    return None


# ---------------------------------------------------------------- patterns built from the words
_SIMPLE = sorted(list(_UNITS) + list(_TEENS) + list(_TENS), key=len, reverse=True)
_U = "(?:een|één|eén|twee|drie|vier|vijf|zes|zeven|acht|negen)"
_T = "(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
_WORD_2 = rf"(?:{_U}[eë]n{_T}|{'|'.join(_SIMPLE)})"  # 0-99 in one word
_HUNDREDS = rf"(?:(?:{_WORD_2})?honderd(?:en)?(?:{_WORD_2})?)"
_NUM = rf"(?:{_HUNDREDS}|{_WORD_2})"
# a year: "negentien(-| )eenennegentig", "negentienhonderd…", "tweeduizend( en)? (vier|twaalf)"
YEAR_WORDS = (rf"(?:(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
              rf"(?:[\s-]|honderd)(?:en)?{_WORD_2}|(?:twee)?duizend(?:[\s-]*(?:en\s+)?{_NUM})?)")
NUMBER_WORD = _NUM
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY = rf"(?:{_WORD_2}(?:ste|de)?|eerste|derde|achtste|[0-3]?\d)"
_FILL = r"(?:[,\s]+(?:eh|ehm|uh|uhm|nou)\b)*[,\s]+"  # "twaalf maart, eh, eenennegentig"

DATE_IN_WORDS = re.compile(
    rf"(?i)\b(?:{_DAY}\s+{_MONTH}\b(?:{_FILL}(?:{YEAR_WORDS}|{_WORD_2}|(?:19|20)\d\d|'\d\d)\b)?"
    rf"|{_MONTH}\s+(?:{YEAR_WORDS}|(?:19|20)\d\d)\b)")
# "ik ben van negentien-zesenzestig", "geboren in tweeduizend vier", "die is van '77"
BIRTH_YEAR = re.compile(
    rf"(?i)\b(?:ben|bent|is|was|zijn)\s+(?:van|uit)\s+(?P<y>{YEAR_WORDS}|(?:19|20)\d\d|'\d\d)\b"
    rf"|\bgeboren\s+(?:in|op)?\s*(?P<g>{YEAR_WORDS}|(?:19|20)\d\d)\b")

# Ages: "ik ben vierentwintig", "ik word vandaag drieënvijftig", "op m'n achtenvijftigste",
# ", zestig jaar,", "Wajong, eenentwintig, met …" (a bare number between commas after a name or a benefit).
_AGE_NUM = rf"(?:{_WORD_2}|[1-9]\d)"
_NOT_AN_AGE = r"(?!\s+(?:jaar|jaren|maanden|weken|dagen|uur|keer|kilo|euro|procent|mensen|minuten)\b)"
AGE = re.compile(
    rf"(?i)\b(?:ik\s+ben|ik\s+word|ben\s+ik|word\s+ik|hij\s+is|zij\s+is|ze\s+is|die\s+is|hij\s+wordt|"
    rf"zij\s+wordt|ze\s+wordt|dus\s+ik\s+ben|was\s+ik|was\s+hij|was\s+zij)"
    rf"(?:\s+(?:nu|vandaag|net|pas|bijna|al|inmiddels|morgen|dit\s+jaar|volgende\s+week))*\s+"
    rf"(?P<a>{_AGE_NUM}\s+jaar\s+oud|{_AGE_NUM}\s+jaar(?=\s*[,.;:!?]|\s+en\b)|{_AGE_NUM}\b{_NOT_AN_AGE})"
    rf"|\b(?:mijn|m'n|zijn|z'n|haar|d'r)\s+(?P<o>{_WORD_2}(?:ste|de))\b"
    rf"|,\s+(?P<c>{_WORD_2}(?:\s+jaar(?:\s+oud)?)?|[1-9]\d\s+jaar(?:\s+oud)?),")

# A phone number in words: "nul zes, achtendertig, vijftien, …" (starts with "nul", 8+ digits in all)
PHONE_IN_WORDS = re.compile(rf"(?i)\bnul[\s,-]+(?:{_WORD_2}[\s,-]+){{2,}}{_WORD_2}\b")


def _digits(text: str) -> int:
    n = 0
    for tok in re.split(r"[\s,-]+", text.casefold()):
        v = _below_100(tok)
        if v is not None:
            n += 1 if v < 10 else 2
    return n


def number_spans(doc: str):
    """Yield ``(start, end, kind)`` for dates, ages and phone numbers said in words."""
    for m in DATE_IN_WORDS.finditer(doc):
        yield m.start(), m.end(), "DATUM"
    for m in BIRTH_YEAR.finditer(doc):
        g = "y" if m.group("y") else "g"
        yield m.start(g), m.end(g), "DATUM"
    for m in AGE.finditer(doc):
        for g in ("a", "o", "c"):
            if m.group(g):
                value = parse_number(m.group(g).split()[0]) if g != "o" else parse_ordinal(m.group(g))
                if m.group(g)[0].isdigit():
                    value = int(m.group(g).split()[0])
                if value is not None and 12 <= value <= 105:
                    yield m.start(g), m.end(g), "LEEFTIJD"
    for m in PHONE_IN_WORDS.finditer(doc):
        if _digits(m.group(0)) >= 9:
            yield m.start(), m.end(), "TELEFOON"
