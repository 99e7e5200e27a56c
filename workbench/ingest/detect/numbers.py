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
_TEEN = "(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
_T = "(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
_WORD_2 = rf"(?:{_U}[eë]n{_T}|{'|'.join(_SIMPLE)})"  # 0-99 in one word
_HUNDREDS = rf"(?:(?:{_WORD_2})?honderd(?:en)?(?:{_WORD_2})?)"
_NUM = rf"(?:{_HUNDREDS}|{_WORD_2})"
# a year: "negentien(-| )eenennegentig", "negentienhonderd…", "tweeduizend( en)? (vier|twaalf)"
YEAR_WORDS = (rf"(?:(?:tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien)"
              rf"(?:[\s-]|honderd)?(?:en)?{_WORD_2}|(?:twee)?duizend(?:[\s-]*(?:en\s+)?{_NUM})?)")
NUMBER_WORD = _NUM
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DAY = rf"(?:{_WORD_2}(?:ste|de)?|eerste|derde|achtste|[0-3]?\d(?:e|ste|de)?)"  # "3e mei", "de derde mei"
_MONTH_SHORT = r"(?:jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)"  # "12 okt.", after a day or before a year
_FILL = r"(?:[,\s]+(?:eh|ehm|uh|uhm|nou)\b)*[,\s]+"  # "twaalf maart, eh, eenennegentig"

_UNIT = (r"(?:jaar|jaren|maanden|weken|dagen|uur|keer|kilo|euro|procent|mensen|minuten|man|vrouwen|kinderen|"
         r"kilometer|km|meter|cent|seconden|stuks|punten|graden|sollicitaties|brieven|collega's|klanten)")
DATE_IN_WORDS = re.compile(
    # "12 okt.", "3 jan. 1985", "12 okt '91": a day and an abbreviated month, with the year after it
    rf"(?i)\b(?:{_DAY}\s+{_MONTH_SHORT}\b(?:\.?\s+(?:(?:19|20)\d\d|'\d\d|{YEAR_WORDS})\b)?"
    # "sept. 1979", "okt '91": an abbreviated month with a year
    rf"|(?<![\w.]){_MONTH_SHORT}\.?\s+(?:(?:19|20)\d\d|'\d\d)\b"
    rf"|{_DAY}\s+{_MONTH}\b(?:{_FILL}(?:{YEAR_WORDS}|{_WORD_2}|(?:19|20)\d\d|'\d\d|\d\d(?!\s*{_UNIT}\b))\b)?"
    rf"|{_MONTH}\s+(?:{YEAR_WORDS}|(?:19|20)\d\d|'\d\d)\b"
    # "juni tachtig", "maart eenennegentig": a month and a year said as its last two digits
    rf"|{_MONTH}\s+(?:{_TEEN}|{_U}[eë]n{_T}|{_T})\b(?!\s+{_UNIT}\b))")
# "op dinsdag 14-11", "sinds 3/4": a day and month in digits without a year (deduce wants the year)
SHORT_DATE = re.compile(
    r"(?i)\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|op|per|sinds|vanaf|tot|voor|na)\s+"
    r"(?P<d>(?:[12]\d|3[01]|0?[1-9])[-/](?:1[0-2]|0?[1-9]))(?![-/.]?\d)(?!\s+(?:van|deel|uur|procent)\b)")
# "ik ben van negentien-zesenzestig", "geboren in tweeduizend vier", "die is van '77",
# "in 1991 geboren", "een kind van '80", "bouwjaar negentien-tachtig" (of a person)
BIRTH_YEAR = re.compile(
    rf"(?i)\b(?:ben|bent|is|was|zijn)\s+(?:van|uit)\s+(?P<y>{YEAR_WORDS}|(?:19|20)\d\d|'\d\d|"
    # "ik ben van zevenentachtig, dus": two digits in words before a pause
    rf"(?:{_TEEN}|{_U}[eë]n{_T}|{_T})(?=\s*[,.;:!?]|\s*$|\s+(?:dus|hoor|geloof|denk|ofzo)\b))\b"
    rf"|\bgeboren\s+(?:in|op)?\s*(?P<g>{YEAR_WORDS}|(?:19|20)\d\d)\b"
    rf"|\b(?:in\s+)?(?P<b>{YEAR_WORDS}|(?:19|20)\d\d|'\d\d)\s+geboren\b"
    rf"|\b(?:kind|kindje|jaargang|lichting|bouwjaar|geboortejaar)\s+(?:is\s+|was\s+)?(?:van\s+)?"
    rf"(?P<k>{YEAR_WORDS}|(?:19|20)\d\d|'\d\d|{_WORD_2})\b")

# Ages: "ik ben vierentwintig", "ik word vandaag drieënvijftig", "op m'n achtenvijftigste",
# ", zestig jaar,", "Wajong, eenentwintig, met …" (a bare number between commas after a name or a benefit).
_AGE_NUM = rf"(?:{_WORD_2}|[1-9]\d)"
_NOT_AN_AGE = rf"(?!\s+{_UNIT}\b)"
# the age itself: "vierenvijftig", "54 jaar oud", "58 jaar, …", "58 jaar dus …" (not "20 jaar bij de bank")
_AGE_TAIL = (rf"(?:{_AGE_NUM}\s+jaar\s+oud|{_AGE_NUM}\s+jaar(?=\s*[,.;:!?]|\s+(?:en|dus|maar|nu|inmiddels|hoor|"
             rf"hè|he|jong|geworden|geleden\s+geboren)\b)|{_AGE_NUM}\b{_NOT_AN_AGE})")
# a noun an age is said of: "mijn cliënt is eenenzestig", "de buurman is tachtig"
_ROLE = (r"(?:cliënt|client|klant|deelnemer|kandidaat|werknemer|collega|buurman|buurvrouw|baas|opa|oma|oom|tante|neef|"
         r"nicht|kleinzoon|kleindochter|schoonmoeder|schoonvader|echtgenoot|echtgenote|middelste|stagiair|leerling)")
# "mijn twintigste" is an age after "op/sinds/vanaf/…" or before a pause, a verb or "verjaardag"
_AGE_PREP = r"(?:op|sinds|vanaf|na|voor|vóór|tot|rond|rondom|tegen|met|bij|tussen|omstreeks)"
_AGE_NEXT = (r"(?=\s*(?:[,.;:!?)\n]|$)|\s+(?:verjaardag|levensjaar|jaar|ben|was|ging|heb|had|werd|kreeg|begon|moest|"
             r"al|pas|toen|en|of|is|zijn|kwam|stond)\b)")
# after "op/sinds/voor mijn twintigste": a pause, a verb, a verb and its subject ("werk ik") or a
# preposition or adverb ("met niks", "nog"); never a noun ("voor mijn twintigste sollicitatie")
_AGE_INVERTED = (r"(?:" + _AGE_NEXT + r"|(?=\s+[a-z]+\s+(?:ik|je|jij|hij|zij|ze|we|wij|u|het|er)\b|"
                 r"\s+(?:in|op|bij|aan|naar|als|uit|van|mee|met|zonder|door|over|om|tot|na|nog|weer|heel|echt|gewoon|"
                 r"eigenlijk|zelf|zelfs|wel|niet|nooit|thuis|gewerkt|gestopt|begonnen)\b|"
                 # a past participle: "op zijn vijftiende gekomen", "op mijn achttiende verhuisd" (a verb, no noun)
                 r"\s+(?!(?:gezicht|gebied|gedicht|gebed|gebit|gezin|geld|gemeld)\b)"
                 r"(?:ge|ver|be|ont|her)[a-zà-ÿ]{2,}(?:en|d|t)\b))")
# "het 25-jarig jubileum": an anniversary, not a person's age
_NOT_A_PERSON = (r"(?:jubileum|dienstjubileum|bestaan|huwelijk|dienstverband|contract|ervaring|werkervaring|"
                 r"samenwerking|relatie)")
_SOON = (r"(?:\s+(?:nu|nog|vandaag|net|pas|bijna|al|inmiddels|intussen|ondertussen|morgen|ook|toen|zelf|gewoon|dit\s+jaar|"
         r"volgende\s+week|volgend\s+jaar))*")
AGE = re.compile(
    rf"(?i)\b(?:ik\s+ben|ik\s+word|ben\s+ik|word\s+ik|hij\s+is|zij\s+is|ze\s+is|die\s+is|hij\s+wordt|"
    rf"zij\s+wordt|ze\s+wordt|dus\s+ik\s+ben|was\s+ik|was\s+hij|was\s+zij|ik\s+was|hij\s+was|zij\s+was|ze\s+was|"
    # the interviewer's check and the Flemish forms: "je bent nu negenentwintig", "ge zijt geen dertig meer"
    rf"je\s+bent|jij\s+bent|u\s+bent|ben\s+je|ben\s+jij|bent\s+u|je\s+wordt|u\s+wordt|word\s+je|wordt\s+u|"
    rf"ge\s+zijt|gij\s+zijt|zijt\s+ge|ge\s+wordt|was\s+je|was\s+u|"
    # "morgen wordt ze zeventien", "toen werd hij vijftig", "dan is ze dertig"
    rf"wordt\s+(?:ze|zij|hij)|werd\s+(?:ik|ze|zij|hij)|is\s+(?:ze|zij|hij))(?:\s+(?:geen|niet|pas|toch))?"
    rf"{_SOON}\s+(?P<a>{_AGE_TAIL})"
    rf"|\b(?:(?P<op>{_AGE_PREP})\s+)?(?:mijn|m'n|zijn|z'n|haar|d'r)\s+(?P<o>{_WORD_2}(?:ste|de)|[1-9]\d?(?:e|ste|de))\b"
    rf"(?(op){_AGE_INVERTED}|{_AGE_NEXT})"
    rf"|,\s+(?P<c>{_WORD_2}(?:\s+jaar(?:\s+oud)?)?|[1-9]\d\s+jaar(?:\s+oud)?),"
    # "een man van vierenvijftig", "een vrouw van 61 jaar"
    rf"|\b(?:man|vrouw|jongen|meisje|jongeman|iemand|meneer|mevrouw|dame|heer|kerel|deelnemer|klant|cliënt|client|"
    rf"oudste|jongste|"
    rf"meid|knul|jochie|jongetje|vent|gast|tiener|puber|zoon|zoontje|dochter|dochtertje|kind|kandidaat|werknemer|"
    # "jongens van zestien", "meiden van een jaar of twintig": an age said of a group
    rf"jongens|meiden|meisjes|mannen|vrouwen|jongeren|kinderen|tieners|pubers|jongelui|dames|heren)"
    rf"\s+van\s+(?:(?:bijna|ruim|pas|net|een\s+jaar\s+of|rond\s+de|zo'n|ongeveer|pakweg|circa)\s+)?(?P<v>{_AGE_TAIL})"
    # "vorige maand 40 geworden", "ik word in september vierenzestig", "ik werd in mei vijftig"
    rf"|\b(?P<g>{_AGE_NUM})(?:\s+jaar)?\s+geworden\b"
    rf"|\b(?:ik|hij|zij|ze|je|u)\s+(?:word|werd|wordt)\s+(?:[\w']+\s+){{1,3}}?(?P<w>{_AGE_NUM})\b(?:\s+jaar)?{_NOT_AN_AGE}"
    # "leeftijd: 45", "mijn leeftijd is zevenendertig"
    rf"|\bleeftijd(?:\s+is|\s*[:,]|\s+van)?\s+(?P<l>{_AGE_TAIL})"
    # "mijn zoon is vijftien", "de oudste is inmiddels twintig"
    rf"|\b(?P<rn>zoon|zoontje|dochter|dochtertje|man|vrouw|partner|moeder|vader|broer|zus|kind|oudste|jongste|vriend|"
    rf"vriendin|{_ROLE})(?:,\s+|\s+)(?:is|wordt|was|werd)\s+(?:(?:nu|al|pas|net|bijna|inmiddels|ook|toen|nog|intussen)\s+)*"
    rf"(?P<r>{_AGE_TAIL})"
    # "Hoe oud bent u?" — "Eh, tweeënvijftig."
    rf"|\bhoe\s+oud\b[^?\n]{{0,40}}\?(?:\s*\n+[^:\n]{{0,60}}:)?\s*(?:(?:eh|ehm|uh|uhm|nou|ja|oh|pff)\b[,.]?\s*)*"
    rf"(?P<q>{_AGE_TAIL})"
    # "vierenvijftigjarige", "een zestigjarige"
    rf"|\b(?P<j>{_WORD_2}|[1-9]\d)-?jarige?\b(?!\s+{_NOT_A_PERSON}\b)")
_AGE_GROUPS = ("a", "o", "c", "v", "g", "w", "l", "r", "q", "j")
# "zesenveertig, bijna zevenenveertig": a second age right after the first
_AGE_MORE = re.compile(rf"(?i),?\s+(?:bijna|ruim|of|en\s+bijna|dus)\s+(?P<m>{_AGE_NUM})\b{_NOT_AN_AGE}")

# A phone number in words: "nul zes, achtendertig, vijftien, …" (starts with "nul", 8+ digits in all)
PHONE_IN_WORDS = re.compile(rf"(?i)\bnul[\s,-]+(?:{_WORD_2}[\s,-]+){{2,}}{_WORD_2}\b")


def _digits(text: str) -> int:
    n = 0
    for tok in re.split(r"[\s,-]+", text.casefold()):
        v = _below_100(tok)
        if v is not None:
            n += 1 if v < 10 else 2
    return n


_CHILD = frozenset("zoon zoontje dochter dochtertje kind oudste jongste middelste".split())
_CHILD_AGE_NEXT = re.compile(r"\s*(?:[,.;:!?)\n]|$)|\s+(?:jaar|en|of|die|dus|hoor|maar|bij|thuis|rondlopen)\b")
_CHILD_NOUNS = _CHILD | frozenset("kindje jochie jongetje meisje meisjes kinderen".split())


def _age_value(text: str, group: str, youngest: int = 12) -> int | None:
    """The age said, when it is a plausible age of a person (12 to 105; a child's from 2)."""
    first = text.split()[0].strip("(")
    if first[0].isdigit():
        value = int(re.match(r"\d+", first).group(0))
    elif group == "o":
        value = parse_ordinal(first)
    elif group == "j":
        value = parse_number(first.removesuffix("-"))
    else:
        value = parse_number(first)
    if first.casefold() in ("een", "één", "eén"):
        return None
    return value if value is not None and youngest <= value <= 105 else None


def number_spans(doc: str):
    """Yield ``(start, end, kind)`` for dates, ages and phone numbers said in words."""
    age_matches = list(AGE.finditer(doc))  # the costliest pattern: read once
    ages = {m.end(g) for m in age_matches for g in _AGE_GROUPS if m.group(g)}
    for m in DATE_IN_WORDS.finditer(doc):
        if m.end() in ages and m.group(0).split()[0].casefold() in MONTHS:
            continue  # "ik word in september vierenzestig": an age, not the year 1964
        yield m.start(), m.end(), "DATUM"
    for m in SHORT_DATE.finditer(doc):
        yield m.start("d"), m.end("d"), "DATUM"
    for m in BIRTH_YEAR.finditer(doc):
        g = next(g for g in ("y", "g", "b", "k") if m.group(g))
        if g == "k" and (parse_number(m.group(g)) or 99) < 20:
            continue  # "een kind van negen" is a child's age, not the year '09 (the age frame tags it)
        yield m.start(g), m.end(g), "DATUM"
    for m in age_matches:
        for g in _AGE_GROUPS:
            youngest = 2 if g == "r" and m.group("r") and m.group("rn").casefold() in _CHILD else 12
            if g == "v" and m.group("v") and m.group(0).split()[0].casefold() in _CHILD_NOUNS \
                    and _CHILD_AGE_NEXT.match(doc, m.end("v")):
                youngest = 2  # "een kind van negen", "een jochie van zes" (not "kinderen van tien bedrijven")
            if g == "q" and m.group("q"):
                youngest = 1  # the answer to "hoe oud is ze?" is an age, a child's too ("Negen.")
            if m.group(g) and _age_value(m.group(g), g, youngest) is not None:
                yield m.start(g), m.end(g), "LEEFTIJD"
                more = _AGE_MORE.match(doc, m.end(g))
                if more and _age_value(more.group("m"), "m") is not None:
                    yield more.start("m"), more.end("m"), "LEEFTIJD"
    from workbench.ingest.detect.said_ages import bare_age_spans, frame_spans  # frames that need the words above

    frames = list(frame_spans(doc))
    yield from frames
    ages = [(a, b) for a, b, k in frames if k == "LEEFTIJD"]
    ages += [(m.start(g), m.end(g)) for m in age_matches for g in _AGE_GROUPS if m.group(g)]
    yield from bare_age_spans(doc, ages)
    for m in PHONE_IN_WORDS.finditer(doc):
        if _digits(m.group(0)) >= 9:
            yield m.start(), m.end(), "TELEFOON"
