"""Ages and dates with a day in the frames people use when they speak, beyond a plain "ik ben X".

Ages: "toen ik zeventien was", "zevenenveertig jaar oud", "(52)" after a noun, "tegen de zestig",
"de vijftig gepasseerd", "ze is begin twintig", "met zestien van school", "zesenvijftig, bijna
zevenenvijftig". Dates with a day, without a month name: "de zesde van de vijfde", "op de
twaalfde", "maandag de 3e", "jarig op de twaalfde", "de 14e, een dinsdag".

A decade alone ("in de vijftig", "een vijftiger", "boven de vijftig") is kept: it is the age group a
report gives anyway. "Rond de veertig" is kept too: it is as often a count ("het hele bureau, rond de
veertig"). A month or a year alone is kept. Each frame needs a cue before the number and,
where a noun could follow ("op de twaalfde verdieping", "de derde keer"), a pause or a verb after it.
"""

from __future__ import annotations

import re

from workbench.ingest.detect.numbers import YEAR_WORDS, _AGE_NUM, _NOT_AN_AGE, _T, _WORD_2, parse_number, parse_ordinal

_SUBJ = (r"(?:ik|hij|zij|ze|je|jij|u|die|mijn\s+\w+|m'n\s+\w+|onze\s+\w+|ons\s+\w+|zijn\s+\w+|z'n\s+\w+|haar\s+\w+|"
         r"de\s+\w+|het\s+\w+)")
_ADV = r"(?:(?:nog|pas|net|bijna|ongeveer|ook|al|toen|eenmaal|zelf|maar|zo'n|een\s+jaar\s+of)\s+)*"
# after a number that may be an age or a day: a pause, a verb, a pronoun or an adverb; never a noun
_NEXT = (r"(?=\s*(?:[,.;:!?)\n]|$)|\s+(?:heb|had|hebben|ben|was|is|waren|moet|moest|kwam|komt|ging|gaat|begon|begin|"
         r"begint|krijg|kreeg|word|werd|wordt|zit|zat|sta|stond|mag|mocht|kan|kon|zou|zal|ga|ik|we|wij|hij|zij|ze|je|u|"
         r"al|pas|weer|dus|toen|ook|om|en|of|nog|dan|daar|want|maar|hoor|ofzo|aan|denk|geloof|jaar)\b)")
_AGE_FRAMES = re.compile(
    # "toen ik zeventien was", "toen hij veertien jaar was", "toen onze zoon twaalf werd"
    rf"(?i)\btoen\s+{_SUBJ}\s+{_ADV}(?P<a>{_AGE_NUM})(?:\s+jaar(?:\s+oud)?)?\s+(?:was|werd|ben|is|waren|wordt)\b"
    # "zevenenveertig jaar oud", "eenenzestig jaar jong"
    rf"|\b(?P<b>{_AGE_NUM})\s+jaar\s+(?:oud|jong)\b"
    # "Cliënt (52)", "mevrouw De Vries (61 jaar)"
    rf"|(?<=[^\W\d_])\s*\((?P<c>[1-9]\d)(?:\s*(?:jaar|jr\.?))?\)"
    # "ik loop tegen de zestig", "net de 60 gepasseerd", "ze is begin twintig", "rond de dertig"
    # (a verb or a copula before: "het waren er tegen de veertig" and "rond de veertig" are counts)
    rf"|\b(?:loop|loopt|liep|liepen|lopen|ga|gaat|ging|zit|zat|ben|bent|is|was)\s+(?:\w+\s+){{0,2}}?tegen\s+de\s+"
    rf"(?P<d>{_T}|[2-9]0)(?:\s+aan)?{_NEXT}"
    rf"|\bde\s+(?P<e>{_AGE_NUM})\s+(?:(?:al|net|ruim|inmiddels|ook|ook\s+al)\s+)*gepasseerd\b"
    rf"|\b(?:ben|bent|is|was|waren|zijn|zijt|werd|word|wordt|van)\s+(?:(?:nu|al|pas|ook|toen|inmiddels|ergens|zo)\s+)*"
    rf"(?:begin|midden|half|eind|achter\s+in\s+de|voor\s+in\s+de|net\s+over\s+de)\s+(?P<f>{_T}|[2-9]0)"
    rf"(?!\s+(?:twintig|tien|\d))(?:\s+jaar)?{_NEXT}"
    # "met zestien van school", "met mijn zestien jaar stond ik al in de fabriek"
    rf"|\bmet\s+(?:(?:mijn|m'n|zijn|z'n|haar|d'r)\s+)?(?P<g>{_AGE_NUM})(?:\s+jaar)?\s+(?:van\s+school|uit\s+huis|"
    rf"het\s+huis\s+uit|de\s+deur\s+uit|op\s+mezelf|stond|ging|kwam|begon|moest|werd|ben|was|had|heb|kreeg|al)\b")
# "Vijfenvijftig ben ik nu.", "Ja, zeventien is ze.": an age put first, the clause ending after the subject
_FRONTED = re.compile(rf"(?im)(?:^|(?<=[.!?:;,]\s))(?P<h>{_AGE_NUM})\s+(?:ben|is|was|word|wordt|werd)\s+"
                      rf"(?:ik|hij|zij|ze|die|je|jij|u)(?:\s+(?:nu|al|pas|net|inmiddels|toch|ook|geworden|dus))*"
                      rf"(?=\s*[,.;:!?)]|\s*$)")
# "mijn kinderen zijn 14 en 16"
_PLURAL = re.compile(rf"(?i)\b(?:kinderen|kids|jongens|meiden|zoons|zonen|dochters|tweeling|kleinkinderen)\s+"
                     rf"(?:zijn|waren|worden)\s+(?:(?:nu|al|inmiddels|ook)\s+)*(?P<i>{_AGE_NUM})"
                     rf"(?:\s+en\s+(?P<k>{_AGE_NUM}))?\b{_NOT_AN_AGE}")
# "zesenvijftig jaar, bijna zevenenvijftig": two ages a year apart
_NEXT_YEAR = re.compile(rf"(?i)\b(?P<x>{_AGE_NUM})(?:\s+jaar)?,?\s+(?:bijna|haast|straks|binnenkort)\s+"
                        rf"(?P<y>{_AGE_NUM})\b{_NOT_AN_AGE}")

_NAME = r"(?P<name>\b[A-ZÀ-Ý][a-zà-ÿ][\w'’-]*)"  # a capitalised word that may be a name (checked in code)
_YEARS_OLD = r"(?i:\s+jaar(?:\s+oud)?)?"  # "…, 54 jaar oud"
# an age in apposition to a person: "ik ben Jan, achtenvijftig jaar.", "een meneer, Kees, 54, wilde …",
# "een Turkse vrouw, eenenveertig jaar, met …"; after a person noun or a name (checked in code), before a pause
_PERSON_NOUN = (r"(?:man|vrouw|meneer|mevrouw|jongen|meisje|jongeman|jongedame|dame|heer|kerel|knul|meid|cliënt|client|"
                r"klant|deelnemer|kandidaat|werknemer|collega|zoon|dochter|broer|zus|moeder|vader|buurman|buurvrouw|"
                r"stagiair|leerling|medewerker|medewerkster|weduwe|weduwnaar|alleenstaande)")
_APPOSED = re.compile(
    rf"(?:\b(?i:{_PERSON_NOUN})|{_NAME})\s*,\s+(?P<p>{_AGE_NUM}){_YEARS_OLD}"
    rf"(?=\s*(?:[,.;:!?)]|$)|\s+(?i:en|met|uit|die|dus|maar|nu|inmiddels)\b)")
# "Jordy is drieëntwintig, …": a name, then a copula and the age (the name checked in code)
_NAME_IS = re.compile(rf"{_NAME}\s+(?:is|wordt|werd|was)\s+"
                      rf"(?i:(?:nu|al|pas|net|bijna|inmiddels|intussen|ook|zelf)\s+)*(?P<p>{_AGE_NUM}){_YEARS_OLD}"
                      rf"(?=\s*(?:[,.;:!?)]|$)|\s+(?i:en|dus|maar|nu|inmiddels|geworden|hoor)\b)")
# "Ik ben Dennis. Eenendertig.": an introduction, then the age as a sentence of its own
_INTRO_AGE = re.compile(rf"\b(?i:ik\s+ben|ik\s+heet|mijn\s+naam\s+is)\s+[A-ZÀ-Ý][^\s.,!?]*(?:\s+[^\s.,!?]+){{0,3}}[.,!]\s+"
                        rf"(?P<p>(?i:{_AGE_NUM})){_YEARS_OLD}(?=\s*[.,!;]|\s*$)")
# "ik ben vandaag jarig, zesenvijftig jaar.", "morgen ben ik jarig. Vijftig!": a birthday, then the age alone
_BIRTHDAY_AGE = re.compile(rf"(?i)\bjarig\b[^.!?\n]{{0,30}}[,.!?]\s+(?:(?:al|alweer|dan|pas|net)\s+)?"
                           rf"(?P<p>{_AGE_NUM})(?:\s+jaar(?:\s+oud)?)?(?=\s*[,.!?;]|\s*$)")
_NOT_BEFORE_NAME = re.compile(r"(?i)\b(?:bij|in|naar|uit|voor|op|aan|via|sinds|van|tot|rond|om)\s+(?:de\s+|het\s+)?$")

# "elf-twee-zesenzeventig", "drie-elf-negentien-zesenzestig": day, month and year said as numbers
_WORD_DATE = re.compile(rf"(?i)(?<![\w-])(?P<d>{_WORD_2})-(?P<m>{_WORD_2})-(?P<y>{_WORD_2}|{YEAR_WORDS})(?![\w-])")

_DAY_ORD = rf"(?:{_WORD_2}(?:ste|de)|eerste|derde|achtste|[1-3]?\d(?:e|ste|de))"
_MONTH_ORD = rf"(?:{_WORD_2}(?:ste|de)|eerste|derde|achtste|1[0-2](?:e|de)?|0?[1-9](?:e|de)?)"
_WEEKDAY = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_DAY_FRAMES = re.compile(
    # "de zesde van de vijfde", "de 12e van de 3e"
    rf"(?i)\b(?P<dm>(?P<d1>{_DAY_ORD})\s+van\s+de\s+(?P<m1>{_MONTH_ORD}))(?:\s+maand)?{_NEXT}"
    # "op de twaalfde", "tot de eenendertigste van deze maand", "jarig op de twaalfde", "verjaardag is de zesde"
    rf"|\b(?:op|tot|vanaf|sinds|voor|vóór|na|rond|per|tegen|jarig|verjaardag\s+(?:is|valt)(?:\s+op)?)\s+de\s+"
    rf"(?P<d2>{_DAY_ORD})(?=\s+van\s+(?:deze|die|de|vorige|volgende)\s+maand\b|{_NEXT.removeprefix('(?=')}"
    # "maandag de 3e", "vrijdag de achtste"
    rf"|\b{_WEEKDAY}\s+(?:de\s+)?(?P<d3>{_DAY_ORD}){_NEXT}"
    # "de 14e, een dinsdag", "de 14e van deze maand"
    rf"|\bde\s+(?P<d4>[1-3]?\d(?:e|ste|de))"
    rf"(?=,?\s+(?:een\s+)?{_WEEKDAY}\b|\s+van\s+(?:deze|die|vorige|volgende)\s+maand\b)")


# an age said as a sentence of its own: "Ruud. Eenenzestig.", "… ik ben hier geboren hoor. Negenentwintig.",
# "Tweeënveertig. Nee. Drieënveertig!" (checked in code: what comes before it in the turn)
_BARE = re.compile(rf"(?m)(?:(?<=[.!?]\s)|(?<=[.!?]\s\s))(?P<p>(?i:{_AGE_NUM}))(?i:\s+jaar(?:\s+oud)?)?(?=\s*[.!]+(?:\s|$))")
_INTRO_CUE = re.compile(r"(?i)\b(?:ik\s+ben\s+(?-i:[A-ZÀ-Ý])|ik\s+heet|mijn\s+naam\s+is|geboren|jarig|verjaardag)")
_NAME_SENTENCE = re.compile(r"(?:(?:En|Ja|Nou|Oké)[,]?\s+)?(?:(?i:ik\s+ben|ik\s+heet)\s+)?"
                            r"(?P<n>[A-ZÀ-Ý][\w'’-]+(?:\s+(?:[A-ZÀ-Ý][\w'’-]+|van|de|der|den|ter|ten|el))*)[.!]\s")


def bare_age_spans(doc: str, ages: list[tuple[int, int]]):
    """Yield ``(start, end, "LEEFTIJD")`` for a number said as a sentence of its own (12 to 105) right
    after an age found (a correction: "Tweeënveertig. Nee. Drieënveertig!"), after an introduction
    or a birth in the sentence before it, or in a turn that opens with the speaker's name
    ("Ruud. Eenenzestig.", a round of introductions)."""
    from workbench.ingest.detect import lexicon

    for m in _BARE.finditer(doc):
        v = _value(m.group("p"))
        if v is None or not 12 <= v <= 105:
            continue
        line = doc.rfind("\n", 0, m.start()) + 1
        before = doc[line:m.start()]
        label = re.match(r"[^:\n]{1,60}:\s+", before)
        turn = before[label.end():] if label else before
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", turn.strip()) if x]
        after_age = any(0 < m.start() - e <= 40 and "\n" not in doc[e:m.start()] for _, e in ages)
        intro = bool(_INTRO_CUE.search(" ".join(sentences[-1:])))
        opener = _NAME_SENTENCE.fullmatch(turn) if len(sentences) == 1 else None
        named = bool(opener) and all(lexicon.is_first_name(w) or not lexicon.is_frequent(w)
                                     for w in opener.group("n").split() if w[:1].isupper())
        if after_age or intro or named:
            yield m.start("p"), m.end("p"), "LEEFTIJD"


def _value(word: str, ordinal: bool = False) -> int | None:
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group(0))
    return parse_ordinal(word) if ordinal else parse_number(word)


def frame_spans(doc: str):
    """Yield ``(start, end, kind)`` for the ages and day dates said in the frames above."""
    for m in _AGE_FRAMES.finditer(doc):
        g = next(g for g in "abcdefg" if m.group(g))
        v = _value(m.group(g))
        if v is not None and 12 <= v <= 105:
            yield m.start(g), m.end(g), "LEEFTIJD"
    for m in (*_FRONTED.finditer(doc), *_PLURAL.finditer(doc)):
        for g in ("h", "i", "k"):
            v = _value(m.group(g)) if g in m.groupdict() and m.group(g) else None
            if v is not None and 12 <= v <= 105:
                yield m.start(g), m.end(g), "LEEFTIJD"
    for m in _APPOSED.finditer(doc):
        v = _value(m.group("p"))
        if v is not None and 12 <= v <= 105 and (not m.group("name") or _a_person(doc, m.start("name"), m.group("name"))):
            yield m.start("p"), m.end("p"), "LEEFTIJD"
    for m in _NAME_IS.finditer(doc):
        v = _value(m.group("p"))
        if v is not None and 12 <= v <= 105 and _a_person(doc, m.start("name"), m.group("name")) \
                and not m.group("name").casefold() in ("het", "dat", "dit", "die", "er", "wat", "dan", "toen"):
            yield m.start("p"), m.end("p"), "LEEFTIJD"
    for m in (*_INTRO_AGE.finditer(doc), *_BIRTHDAY_AGE.finditer(doc)):
        v = _value(m.group("p"))
        if v is not None and 12 <= v <= 105:
            yield m.start("p"), m.end("p"), "LEEFTIJD"
    for m in _NEXT_YEAR.finditer(doc):
        x, y = _value(m.group("x")), _value(m.group("y"))
        if x is not None and y == x + 1 and 12 <= x <= 105:
            yield m.start("x"), m.end("x"), "LEEFTIJD"
            yield m.start("y"), m.end("y"), "LEEFTIJD"
    for m in _WORD_DATE.finditer(doc):
        d, mo, y = _value(m.group("d")), _value(m.group("m")), _value(m.group("y").replace("-", " "))
        if d and mo and y is not None and 1 <= d <= 31 and 1 <= mo <= 12 and (20 <= y <= 99 or 1900 <= y <= 2099):
            yield m.start(), m.end(), "DATUM"
    for m in _DAY_FRAMES.finditer(doc):
        if m.group("dm"):
            d, mo = _value(m.group("d1"), True), _value(m.group("m1"), True)
            if d and mo and 1 <= d <= 31 and 1 <= mo <= 12:
                yield m.start("dm"), m.end("dm"), "DATUM"
            continue
        g = next(g for g in ("d2", "d3", "d4") if m.group(g))
        d = _value(m.group(g), True)
        if d is not None and 1 <= d <= 31:
            yield m.start(g), m.end(g), "DATUM"


def _a_person(doc: str, start: int, name: str) -> bool:
    """The capitalised word before ", 54," names a person: on the name lists or no common word, and
    not a place, a month or a firm's frame ("bij Jumbo, twintig jaar." is a duration)."""
    from workbench.ingest.detect import lexicon

    if name.casefold() in _CALENDAR or _NOT_BEFORE_NAME.search(doc, max(0, start - 20), start):
        return False
    if lexicon.is_first_name(name) or lexicon.is_surname(name):
        return True  # "Gerrit Bosch, 54,": a surname that is also a hamlet
    return not lexicon.is_place(name) and not lexicon.is_frequent(name)


_CALENDAR = frozenset("januari februari maart april mei juni juli augustus september oktober november december "
                      "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split())
