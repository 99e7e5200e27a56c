"""What the audit lists beyond capitalised words: numbers said aloud, letters spelled out,
dictated plates, dates in words and ages said with a cue, left untagged in the stored text.

People read out what identifies them: "nul zes, twaalf, vierendertig, …", "vier acht drie twee ka
el", "es em ie tee", "ka tee pee streepje vier twee streepje ef", "ik word morgen vierenvijftig",
"geboren in negentien-zesenzestig". The tagger needs a frame for each of these (the name of the
number, "kenteken", "postcode", …); the audit lists the same shapes without the frame, for a person
to judge. What it reads as an amount, a duration, a count, a time, a year, hours per week or a
percentage is not listed: a run of numbers followed by a unit ("… euro", "… uur per week",
"… procent", "… sollicitaties") or by any other noun, fewer than five digits in all, and a number
without a birth or age cue are left alone.

Every finding is the exact stored text, so ``privacy audit --add-deny "TEXT"`` replaces it on
``privacy apply``.
"""

from __future__ import annotations

import re

from workbench.ingest.detect.numbers import _AGE_NUM, _UNIT, YEAR_WORDS, _WORD_2, parse_number, parse_ordinal
from workbench.ingest.detect.spoken_ids import _AMBIGUOUS, _LETTER_NAMES, _SPELLING, _TOKEN, _read, _run

# a number run ends at a pause or one of these words; any other lowercase word after it makes it a
# quantity of something ("tien, twaalf, vijftien sollicitaties", "zeshonderd, zevenhonderd netto")
_AFTER_ID = frozenset("en of dus ja nee dat is was hè he toch maar eh ehm dan hoor geloof denk ik zeg zo "
                      "staat stond klopt moet heb had".split())
_UNIT_AFTER = re.compile(rf"(?i)\s*(?:{_UNIT}|per|%|uur|u|eur|euro's|maand|week|netto|bruto)\b")
_SENTENCE_END = re.compile(r"(?<!\.)[.!?](?!\.)(?:\s|$)|\n")
_SPELLED = re.compile(r"(?<![\w-])(?:[A-Za-z]-){2,}[A-Za-z](?![\w-])")  # "S-M-I-T", "k-l-a-a-s"

_BIRTH = r"(?:geboren|geboortedatum|geboortejaar|geboortedag)"
_BIRTH_DATE = re.compile(  # a year, a day or a number near a birth cue: "geboren in negentien-zesenzestig"
    rf"(?i)\b{_BIRTH}\b[^.!?\n]{{0,40}}?(?<![\w-])(?P<a>{YEAR_WORDS}|(?:19|20)\d\d|'\d\d|{_WORD_2}(?:ste|de)|[1-3]?\d(?:e|ste|de)|"
    rf"{_WORD_2}|[1-3]?\d)\b(?!\s+{_UNIT}\b)"
    rf"|(?P<b>{YEAR_WORDS}|(?:19|20)\d\d|'\d\d)\s+(?:\w+\s+)?{_BIRTH}\b")
_SOON = r"(?:(?:nu|vandaag|morgen|straks|binnenkort|bijna|al|pas|net|dit\s+jaar|volgend\s+jaar|volgende\s+(?:week|maand)|in\s+\w+|over\s+\w+\s+\w+|deze\s+\w+)\s+)*"
_AGE_END = rf"(?:\s+jaar(?:\s+(?:oud|jong))?)?(?=\s*(?:[,.;:!?)\n]|$)|\s+(?:en|dus|maar|hoor|geworden|jarig|al|nu)\b)"
_RELATIVE = (r"zoon|zoontje|dochter|dochtertje|oudste|jongste|middelste|kind|broer|zus|zusje|broertje|man|vrouw|"
             r"partner|vriend|vriendin|moeder|vader|opa|oma|neef|nicht|kleinzoon|kleindochter|buurman|buurvrouw|"
             r"collega|cliënt|client|klant|deelnemer|kandidaat|werknemer")
_AGE = re.compile(
    # "ik word morgen vierenvijftig", "hij werd vorige week zestig", "ze wordt in mei veertig"
    rf"(?i)\b(?:word|wordt|werd|worden|werden)\s+(?:ik|je|hij|zij|ze|u|we)?\s*(?:vorige\s+\w+\s+)?{_SOON}(?P<a>{_AGE_NUM}){_AGE_END}"
    rf"|\b(?:ik|je|hij|zij|ze|u)\s+(?:word|wordt|werd)\s+(?:\w+\s+){{0,3}}?(?P<b>{_AGE_NUM}){_AGE_END}"
    # "vierenvijftig jaar oud", "54 geworden", "zestig jarig"
    rf"|\b(?P<c>{_AGE_NUM})\s+(?:jaar\s+(?:oud|jong)|(?:jaar\s+)?geworden|jarig)\b"
    # "ik ben vierenvijftig.", "ben ik nu zestig", "u bent achtenvijftig, toch?"
    rf"|\b(?:ik\s+ben|ben\s+ik|je\s+bent|ben\s+je|u\s+bent|bent\s+u|hij\s+is|zij\s+is|ze\s+is)\s+(?:(?:nu|al|pas|net|bijna|inmiddels|zelf|toch)\s+)*"
    rf"(?P<d>{_AGE_NUM}){_AGE_END}"
    # "[PERSOON-8], mijn oudste, is dertien", "mijn dochter is nu zeventien": a person or a relative, then the age
    rf"|(?:#{{4,}}|\b(?:{_RELATIVE}))(?:,[^,.!?\n]{{1,30}},)?\s+(?:is|wordt|was|werd)\s+(?:(?:nu|al|pas|net|bijna|inmiddels|ook)\s+)*"
    rf"(?P<g>{_AGE_NUM}){_AGE_END}"
    # "jarig, vierenvijftig", "mijn verjaardag, zestig", "leeftijd: 45", "op mijn vierenvijftigste"
    rf"|\b(?:jarig|verjaardag|leeftijd|hoe\s+oud)\b[^.!?\n#]{{0,40}}?(?P<e>{_AGE_NUM})(?:ste|de)?{_AGE_END}"
    rf"|\b(?:op|sinds|vanaf|na|voor|tot|met)\s+(?:mijn|m'n|zijn|z'n|haar|d'r)\s+(?P<f>{_WORD_2}(?:ste|de)|[1-9]\d(?:e|ste|de))"
    rf"(?=\s*(?:[,.;:!?)\n]|$)|\s+(?:ben|was|ging|heb|had|werd|kreeg|begon|moest|al|pas|toen|jarig|verjaardag)\b)")


def spoken_candidates(text: str, free):
    """Yield ``(kind, start, end, reason)`` in ``text`` (tags already masked) where ``free(a, b)``."""
    for m in _BIRTH_DATE.finditer(text):
        g = "a" if m.group("a") else "b"
        if free(m.start(g), m.end(g)) and _date_part(m.group(g)):
            yield "datum", m.start(g), m.end(g), "bij 'geboren': geboortedatum of -jaar"
    for m in _AGE.finditer(text):
        g = next(g for g in "abcdefg" if m.group(g))
        if free(m.start(g), m.end(g)) and _is_age(m.group(g)):
            yield "leeftijd", m.start(g), m.end(g), "leeftijd (word, ben, jarig, oud, geworden)"
    yield from _said_runs(text, free)
    yield from _spelling_run(text, free)
    for m in _SPELLED.finditer(text):
        if free(*m.span()):
            yield "nummer", m.start(), m.end(), "letters gespeld"


def _date_part(s: str) -> bool:
    """A year, a day (an ordinal) or a number from 13 up (a year's last two digits, a day); not "een"."""
    s = s.strip("'").casefold()
    if s[:1].isdigit():
        return len(s) >= 4 or not s.isdigit() or 13 <= int(s) <= 31 or len(s) == 2
    if parse_ordinal(s) is not None:
        return True
    v = parse_number(s.replace("-", " ")) if " " in s or "-" in s else parse_number(s)
    return v is not None and v >= 13


def _is_age(s: str) -> bool:
    s = s.casefold()
    v = int(re.match(r"\d+", s).group(0)) if s[:1].isdigit() else (parse_number(s) or parse_ordinal(s))
    return v is not None and 12 <= v <= 105


def _said_runs(text: str, free):
    """Runs of number words, digits and letters: a number read out (five digits or more), a postcode
    (four digits, two letters), a plate (six characters in a Dutch side code), letters spelled out."""
    from workbench.ingest.detect.patterns import PATTERNS

    plate = next(p for k, p in PATTERNS if k == "KENTEKEN")
    pos = 0
    for t in _TOKEN.finditer(text):
        if t.start() < pos or _read(t.group(0), "names") is None or not _starts_word(text, t.start()):
            continue
        stop = _SENTENCE_END.search(text, t.start())
        raw = _run(text, t.start(), stop.start() if stop else len(text), "names")
        items = [it for it in raw if it != "-"]
        if not items:
            continue
        pos = items[-1][1]
        found = _classify(text, raw, items, plate)
        if found and free(found[1], found[2]):
            yield found


def _starts_word(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "-'’#")


def _weak(text: str, it) -> bool:
    """A letter name that is also a common word ("en", "o", "er") or a lone lowercase letter."""
    word = text[it[0]:it[1]]
    return it[2] == "letter" and (word.casefold() in _AMBIGUOUS or (word.islower() and word not in _LETTER_NAMES))


def _classify(text: str, raw: list, items: list, plate):
    shown = text[items[0][0]:items[-1][1]]
    # a plate: six characters in a side code, letters and digits mixed ("ka tee pee - vier twee - ef")
    groups: list[list] = [[]]
    for it in raw:
        if it == "-" or (groups[-1] and groups[-1][-1][2] != it[2]):
            groups.append([])
        if it != "-":
            groups[-1].append(it)
    code = "-".join("".join(x[3] for x in g) for g in groups if g)
    kinds = {it[2] for it in items}
    if kinds == {"letter", "digits"} and len(code.replace("-", "")) == 6 and plate.fullmatch(code) \
            and sum(not _weak(text, it) for it in items if it[2] == "letter") >= 1 \
            and (len(items) > 2 or "-" in raw):
        return "nummer", items[0][0], items[-1][1], "kenteken gedicteerd"
    # a postcode: four digits then two letters, at least one of them no common word
    digits, k = "", 0
    while k < len(items) and items[k][2] == "digits" and len(digits) < 4:
        digits += items[k][3]
        k += 1
    letters = items[k:k + 2]
    if len(digits) == 4 and digits[0] != "0" and len(letters) == 2 and all(it[2] == "letter" for it in letters) \
            and len("".join(it[3] for it in letters)) == 2 and not all(_weak(text, it) for it in letters) \
            and (len(items) > 3 or " " in text[items[0][0]:items[1][1]]):
        return "nummer", items[0][0], letters[-1][1], "postcode voorgelezen"
    # letters spelled out: three or more, at most one a common word
    if kinds == {"letter"}:
        strong = [it for it in items if not _weak(text, it) and len(it[3]) == 1]
        if len(items) >= 3 and len(strong) >= len(items) - 1 and len(strong) >= 2:
            return "nummer", items[0][0], items[-1][1], "letters gespeld"
        return None
    # a number read out: digits up to the first common word, five or more digits in two or more tokens
    ident = []
    for it in items:
        if _weak(text, it):
            break
        ident.append(it)
    if ident and text[ident[-1][0]:ident[-1][1]].casefold() == "een" and _ARTICLE_BEFORE_WORD.match(text, ident[-1][1]):
        ident = ident[:-1]  # "sinds 2020 een IVA-uitkering": the article, not the digit 1
    num = [it for it in ident if it[2] == "digits"]
    if len(num) >= 2 and sum(len(it[3]) for it in num) >= 5 and _ends_as_id(text, ident[-1][1]) \
            and not all(text[it[0]:it[1]].isdigit() for it in ident):
        return "nummer", ident[0][0], ident[-1][1], "cijfers voorgelezen"
    return None


_ARTICLE_BEFORE_WORD = re.compile(r"\s+[^\W\d_]")
"""After a run's last "een": a word, so that "een" is the article ("2020 een uitkering")."""


def _ends_as_id(text: str, end: int) -> bool:
    """After the run: a pause, the end, or a small word; not a unit or a noun it counts."""
    if _UNIT_AFTER.match(text, end):
        return False
    nxt = re.match(r"\s*(\w+|\S|$)", text[end:])
    word = nxt.group(1) if nxt else ""
    return not word or not word[0].isalpha() or word.casefold() in _AFTER_ID or word[0].isupper()


def _spelling_run(text: str, free):  # "Karel Theo Pieter": three or more words of a spelling alphabet
    words = list(re.finditer(r"[A-Z][a-zë]+", text))
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j].group(0).casefold() in _SPELLING and \
                (j == i or re.fullmatch(r"[\s,-]+|\s*streepje\s*", text[words[j - 1].end():words[j].start()])):
            j += 1
        if j - i >= 3 and free(words[i].start(), words[j - 1].end()):
            yield "nummer", words[i].start(), words[j - 1].end(), "letters gespeld (spellingsalfabet)"
        i = max(j, i + 1)
