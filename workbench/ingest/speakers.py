"""Speaker labels in transcript lines: detection (`split_speaker`) and roles (`speaker_role`).

Detection is deliberately conservative: a false label splits a respondent's answer in two,
which is worse than missing an unusual label (those can be passed as ``extra_labels``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "split_speaker", "is_speaker_label", "is_role_label", "speaker_role", "parse_timestamp",
]

# "1:23", "01:02:03", "01:02:03.450", "00:01:02,5"
_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_TS_RE = re.compile(rf"^(?:(\d+):)?(\d{{1,2}}):(\d{{2}})(?:[.,](\d{{1,3}}))?$")

# A leading timestamp: bracketed (mm:ss allowed) or bare (h:mm:ss required), then a separator.
_LEAD_TS = re.compile(
    rf"^\s*(?:[\[(](?P<b>{_TS})[\])]|(?P<t>\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?)(?=\s))"
    r"\s*(?:[-–—]\s+)?"
)
# Label (no colon inside), an optional timestamp after it, optional markdown emphasis,
# then a colon followed by whitespace or the end of the line (so "http://" and "10:30" fail).
_LABEL = re.compile(
    r"^(?P<open>\*\*|__|\*|_)?(?P<label>[^:\n*_\[(][^:\n]{0,79}?)"
    rf"(?:\s*[\[(](?P<ts>{_TS})[\])])?"
    r"\s*(?P<c1>\*\*|__|\*|_)?\s*:(?P<c2>\*\*|__|\*|_)?(?=\s|$)"
)

_PARTICLES = {
    "de", "der", "den", "van", "het", "'t", "’t", "te", "ter", "ten", "in", "op", "onder",
    "la", "le", "du", "da", "di", "del", "von", "zu", "dos", "el", "al", "bin", "ben",
}
_TITLES = {
    "mevrouw", "mevr", "mevr.", "mw", "mw.", "meneer", "mijnheer", "dhr", "dhr.",
    "dr", "dr.", "drs", "drs.", "ir", "ir.", "mr", "mr.", "prof", "prof.", "ing", "ing.",
}
# Role words accepted in any capitalisation, with an optional number ("Deelnemer 3").
_ROLE_WORDS = {
    "interviewer", "interviewster", "interviewers", "onderzoeker", "onderzoekster",
    "respondent", "respondente", "resp", "moderator", "moderatrice", "co-moderator",
    "gespreksleider", "gespreksleidster", "facilitator", "deelnemer", "deelneemster",
    "werkgever", "werkneemster", "werknemer", "arbeidsdeskundige", "re-integratiebureau",
    "reintegratiebureau", "jobcoach", "coach", "klantmanager", "casemanager", "observator",
    "notulist", "spreker", "speaker", "participant", "geïnterviewde", "geinterviewde",
    "vraag", "antwoord", "int", "mod",
}
# Abbreviations accepted only as written in capitals.
_ROLE_ABBREVIATIONS = {"AD", "RIB", "WG", "IV", "INT", "MOD", "RESP", "DLN"}
# Words that start headers, notes or sentences rather than speaker labels.
_COMMON = {
    "ja", "nee", "nou", "dus", "maar", "en", "of", "want", "toen", "daarna", "eerst", "ook",
    "nu", "hier", "daar", "dat", "dit", "die", "deze", "wat", "wie", "hoe", "waar", "waarom",
    "wanneer", "welke", "ik", "jij", "je", "u", "hij", "zij", "ze", "wij", "we", "jullie",
    "mijn", "zijn", "haar", "ons", "onze", "hun", "let", "kortom", "conclusie", "opmerking",
    "opmerkingen", "noot", "tip", "tips", "voorbeeld", "bijvoorbeeld", "samenvatting",
    "datum", "tijd", "tijdstip", "locatie", "plaats", "duur", "onderwerp", "titel", "aanwezig",
    "aanwezigen", "transcript", "transcriptie", "toelichting", "thema", "code", "codes", "doel",
    "actie", "acties", "besluit", "note", "update", "oké", "oke", "okay", "ok", "goed", "prima",
    "precies", "zeker", "inderdaad", "hm", "hmm", "uh", "eh", "ehm", "uhm", "nb", "ps",
    "overigens", "verder", "daarnaast", "bovendien", "echter", "stel", "zie", "stelling",
    "punt", "agenda", "memo", "reactie", "citaat", "quote", "bron", "link", "website", "email",
    "e-mail", "tel", "telefoon", "adres", "functie", "organisatie", "leeftijd", "geslacht",
    "uitkering", "periode", "werksituatie", "status", "versie", "project", "opdrachtgever",
    "interviewdatum", "ronde", "tot", "thuis", "eindelijk", "soms", "altijd", "nooit",
    "natuurlijk", "eigenlijk", "gewoon", "misschien", "vandaag", "gisteren", "morgen",
    "toch", "zo", "nog", "wel", "niet", "als", "omdat", "dan", "date", "time",
    "location", "subject", "title", "question", "answer", "summary", "example",
}
_INITIALS = re.compile(r"^(?:[A-ZÀ-Þ]\.)+$")
_NUMBER = re.compile(r"^\d{1,3}[a-z]?$")
_CODE_ID = re.compile(r"^[A-Z]{1,4}\s?\d{1,3}[a-z]?$")  # AD1, AD 2, D01, RIB01, P3
_PAREN_SUFFIX = re.compile(r"\s*\([^()]{1,40}\)$")
_TRAILING_NUMBER = re.compile(r"[\s._-]*\d{1,3}[a-z]?$")


def parse_timestamp(value: str) -> float | None:
    """Seconds for "h:mm:ss", "mm:ss" with optional ".mmm"/",mmm"; None if not a timestamp."""
    m = _TS_RE.match(value.strip())
    if not m:
        return None
    hours, minutes, seconds, frac = m.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if frac:
        total += int(frac) / 10 ** len(frac)
    return float(total)


def _is_name_word(token: str) -> bool:
    """A capitalised word: "Kramer", "Jansen-de", "D'Angelo", "Özdemir" (not all capitals)."""
    core = token.replace("-", "").replace("'", "").replace("’", "")
    if not core.isalpha() or not token[0].isupper():
        return False
    return len(core) == 1 or not core.isupper()


def _is_name(tokens: list[str]) -> bool:
    """Title? + (initials | particle | Name)* ending in a Name or a number; <= 4 name words."""
    i = 0
    if len(tokens) > 1 and tokens[0].casefold() == "de" and tokens[1] == "heer":
        i = 2  # "De heer Jansen"
    elif tokens and tokens[0].casefold() in _TITLES:
        i = 1
    rest = tokens[i:]
    if not rest:
        return i > 0  # a title alone ("Mevrouw:")
    if len(rest) > 1 and _NUMBER.match(rest[-1]):
        rest = rest[:-1]  # "Spreker 2", "Eva 2"
    names = 0
    for pos, tok in enumerate(rest):
        last = pos == len(rest) - 1
        low = tok.casefold()
        if low in _PARTICLES and (tok.islower() or pos == 0) and not last:
            continue
        if _INITIALS.match(tok) and not last:
            continue
        if not _is_name_word(tok):
            return False
        names += 1
    return 1 <= names <= 4


def is_role_label(label: str) -> bool:
    """True for role words and ids ("Interviewer", "Deelnemer 3", "AD1", "I"), not names."""
    core = _PAREN_SUFFIX.sub("", " ".join(label.split()).rstrip(":").strip())
    base = _TRAILING_NUMBER.sub("", core) or core
    return bool(
        base.casefold() in _ROLE_WORDS
        or base in _ROLE_ABBREVIATIONS
        or _CODE_ID.match(core)
        or re.fullmatch(r"[A-Z]", core)
    )


def is_speaker_label(candidate: str, extra_labels: Iterable[str] = ()) -> bool:
    """True if ``candidate`` (the text before the colon, no colon) looks like a speaker label."""
    label = " ".join(candidate.split()).rstrip(":").strip()
    if not label or len(label) > 60:
        return False
    extras = {e.strip().rstrip(":").casefold() for e in extra_labels}
    if label.casefold() in extras:
        return True
    if is_role_label(label):
        return True
    core = _PAREN_SUFFIX.sub("", label) or label  # "Eva Kramer (UWV)", "Interviewer (Eva)"
    tokens = core.split()
    if len(tokens) > 6 or tokens[0].casefold() in _COMMON:
        return False
    return _is_name(tokens)


def split_speaker(
    line: str, extra_labels: Iterable[str] = ()
) -> tuple[str | None, str, float | None]:
    """Split a leading speaker label off ``line``.

    Returns ``(label, rest, timestamp_seconds)``; ``(None, line.strip(), None)`` when the line
    does not start with a label. Recognised: ``Interviewer: ...``, ``AD 2: ...``,
    ``[00:01:23] Eva Kramer: ...``, ``00:01:23 Naam: ...``, ``Spreker 1 (00:01): ...``,
    ``**Interviewer:** ...`` (markdown). ``extra_labels`` adds labels (case-insensitive) that
    the built-in rules would reject, e.g. ``{"UWV"}``.
    """
    text = line.strip()
    timestamp = None
    body = text
    lead = _LEAD_TS.match(text)
    if lead:
        timestamp = parse_timestamp(lead.group("b") or lead.group("t"))
        body = text[lead.end():]
    m = _LABEL.match(body)
    if not m:
        return None, text, None
    opener, c1, c2 = m.group("open"), m.group("c1"), m.group("c2")
    if opener and opener not in (c1, c2) or not opener and (c1 or c2):
        return None, text, None
    label = " ".join(m.group("label").split())
    if not is_speaker_label(label, extra_labels):
        return None, text, None
    if m.group("ts") and timestamp is None:
        timestamp = parse_timestamp(m.group("ts"))
    return label, body[m.end():].strip(), timestamp


def _role_key(label: str) -> str:
    key = _PAREN_SUFFIX.sub("", label.strip().strip("*_").rstrip(":").strip())
    key = _TRAILING_NUMBER.sub("", key).rstrip(".").strip()
    return key.casefold()


_INTERVIEWER = {"interviewer", "interviewster", "i", "int", "iv", "onderzoeker", "onderzoekster"}
_MODERATOR = {
    "moderator", "moderatrice", "co-moderator", "gespreksleider", "gespreksleidster",
    "mod", "m", "facilitator",
}


def speaker_role(label: str | None) -> str | None:
    """"interviewer" or "moderator" for the usual non-respondent labels, else None."""
    if not label:
        return None
    key = _role_key(label)
    if key in _INTERVIEWER:
        return "interviewer"
    if key in _MODERATOR:
        return "moderator"
    return None
