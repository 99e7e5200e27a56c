"""Transcription-service headers and footers: recognised in every format, never speech.

Transcripts from a transcription service start with lines such as ``Bestand: gesprek_03.mp3``,
``Duur: 00:47:12``, ``Datum opname: 10 juni 2025``, ``Transcriptie door: <bureau>`` and carry
footers such as ``Pagina 2 van 7``. Read as text they would become a respondent turn, a segment,
an agreement unit and a count in the report. The rules live here, once: readers built on
``turns_from_lines`` ask :func:`header_line` for every line, and :func:`split_headers` takes
what remains (a header read as a speaker label, a footer inside a turn) out of the turns of
every reader. The importer pseudonymises the values and stores them as the transcript's
metadata; dates are kept to the month (:func:`month_of`).
"""

from __future__ import annotations

import re

from workbench.ingest.turns import Turn

# Header keys, compared case-insensitively with what stands before the colon.
HEADER_KEYS = (
    "bestand", "bestandsnaam", "audiobestand", "opname", "opnamebestand", "duur", "opnameduur", "lengte",
    "lengte opname", "datum", "datum opname", "opnamedatum", "datum interview", "datum gesprek",
    "interviewdatum", "gespreksdatum", "tijd", "tijdstip", "aanvang", "locatie", "plaats", "transcriptie",
    "transcriptie door", "getranscribeerd door", "uitgewerkt door", "uitgeschreven door", "transcribent",
    "transcriptiebureau", "transcriptiedienst", "opdrachtgever", "project", "projectnummer", "kenmerk",
    "referentie", "interviewnummer", "respondentnummer", "aantal sprekers", "sprekers", "aanwezig",
    "onderwerp", "versie", "taal", "file", "filename", "duration", "date", "recorded", "recording date",
    "transcribed by", "transcript by", "length", "speakers", "respondentcode", "respondent code",
    "respondentnummer", "code respondent", "deelnemerscode", "interviewcode", "gesprekscode", "legenda",
    "gespreksvorm", "soort gesprek", "type gesprek", "type interview", "setting",
)
# Role keys: a header block names who took part ("Interviewer: <naam>"), but the same words are
# speaker labels in the dialogue below it. They count as header only inside the leading block
# (see :func:`_leading_block`).
ROLE_KEYS = (
    "interviewer", "interviewers", "interviewster", "onderzoeker", "onderzoekers", "respondent",
    "respondenten", "geïnterviewde", "geinterviewde", "moderator", "gespreksleider", "notulist",
    "observator", "deelnemer", "deelnemers", "aanwezigen",
)
# A rule line between the header block and the dialogue: "-----", "=====", "_____", "* * *".
SEPARATOR = re.compile(r"^\s*(?:[-=_~*#]\s*){3,}$")
_KEYS = sorted(HEADER_KEYS, key=len, reverse=True)
_KEY_ALT = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in _KEYS)
_TS = r"(?:\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\s*)?"
_HEADER_LINE = re.compile(rf"^\s*{_TS}[*_]*(?P<key>{_KEY_ALT})[*_]*\s*:[*_]*\s*(?P<value>.*?)\s*$", re.I)
# "Transcriptie door Bureau X" without a colon
_BY_LINE = re.compile(r"^\s*(?P<key>(?:getranscribeerd|uitgewerkt|uitgeschreven|transcriptie|transcribed)\s+"
                      r"(?:door|by))\s+(?P<value>\S.*?)\s*$", re.I)
# A title line: "Transcript interview 12 maart", "Uitwerking gesprek 3"
_TITLE_LINE = re.compile(r"^\s*(?:transcript|transcriptie|uitwerking|verbatim\s+transcript|verslag|gespreksverslag)\b(?!\s*:|\s+(?:door|by)\b)"
                         r"[^:]{0,80}$", re.I)
FOOTER = re.compile(r"(?:\bPagina|\bPage|\bBlz\.?|\bp\.)\s*\d+\s*(?:van|/|of)\s*\d+\b", re.I)
_FOOTER_LINE = re.compile(rf"^\s*(?:-\s*)?(?:{FOOTER.pattern}|\d+\s*/\s*\d+|"
                          r"\[?(?:einde|end)(?:\s+(?:van\s+(?:de|het)\s+)?(?:opname|transcriptie|transcript|"
                          r"interview|gesprek|recording))?\]?\.?)\s*(?:-\s*)?$", re.I)
# Within wrapped text: another key starts mid-line ("x.mp3 Duur: 00:45:12")
_INLINE_KEY = re.compile(rf"\s(?=(?:{_KEY_ALT})\s*:)", re.I)


def header_line(line: str) -> tuple[str, str] | None:
    """``(key, value)`` if ``line`` is a header or footer line, else None."""
    if _FOOTER_LINE.match(line):
        return "pagina", line.strip()
    if _TITLE_LINE.match(line):
        return "Titel", line.strip()
    m = _HEADER_LINE.match(line) or _BY_LINE.match(line)
    if m and (m.group("value") or m.re is _HEADER_LINE):
        return " ".join(m.group("key").split()).capitalize(), m.group("value")
    return None


def _key(label: str | None) -> str:
    """A label as compared with the key lists: ``"**Datum  opname:**"`` → ``"datum opname"``."""
    return " ".join((label or "").strip("*_: ").split()).casefold()


def is_header_key(label: str | None) -> bool:
    return bool(label) and _key(label) in HEADER_KEYS


def _split_inline(key: str, value: str) -> list[tuple[str, str]]:
    """``"x.mp3 Duur: 00:45:12"`` under key Bestand → two entries."""
    parts = [p.strip(" |;,") for p in _INLINE_KEY.split(value)]  # "14 mei 2024 | Locatie: …"
    out = [(key, parts[0])]
    for part in parts[1:]:
        hit = header_line(part)
        if hit:
            out.extend(_split_inline(*hit))
        else:
            out[-1] = (out[-1][0], f"{out[-1][1]} {part}".strip())
    return out


_PARTICLES = frozenset("van de der den ter ten te het 't el al ben bin da di du le la von zu op in en".split())
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[A-Z]\.|\[[^\]]+\])$")


def _names_only(value: str) -> bool:
    """True for "Sanne Wouters", "Henk Bolhuis (partner)", "Daan, Eva en Rik": names, as a
    header lists who took part; False for "Welkom." or "Ja, dat klopt", which are speech."""
    value = re.sub(r"\([^)]*\)", " ", value).strip()
    tokens = [t for t in re.split(r"[\s,;&/]+", value) if t]
    return bool(tokens) and not re.search(r"[!?…]$|(?<![A-Z])\.$", value) and \
        all(_NAME_TOKEN.match(t) or t.casefold() in _PARTICLES for t in tokens)


def _leading_block(turns: list[Turn]) -> int:
    """How many of the first speech turns are a metadata block rather than dialogue.

    A transcript often opens with ``Respondentcode: …``, ``Interviewer: <naam>``,
    ``Respondent: <naam> (moeder)``, ``Legenda: I = interviewer …`` above a rule line. Each is
    read as a labelled turn. The block is the leading run of turns that are one short paragraph
    (no question) under a header key, or under a role key with names only as its value, each
    label once; it ends at a rule line, at a label seen before or at the first other turn. It counts as header only with evidence:
    a header key in it or a rule line after it (header lines elsewhere, such as page footers,
    are not enough: "Interviewer: Welkom." can open a dialogue)."""
    seen: set[str] = set()
    speech = [t for t in turns if not getattr(t, "header", False)]
    n, evidence = 0, False
    for i, turn in enumerate(speech):
        key = _key(turn.speaker)
        paras = turn.text.split("\n\n")
        ends_block = len(paras) > 1 and all(SEPARATOR.match(p) for p in paras[1:])
        value = paras[0].strip()
        short = len(value.split()) <= 14 and not value.endswith("?") and (len(paras) == 1 or ends_block)
        if i == 0 and turn.speaker is None and short:  # a title line above the block
            n += 1
            continue
        if key in seen or not short or not (key in HEADER_KEYS or (key in ROLE_KEYS and _names_only(value))):
            break
        seen.add(key)
        evidence = evidence or key in HEADER_KEYS or ends_block
        n += 1
        if ends_block:
            break
    # header lines the reader set aside from within the block (``Projectnummer: …``)
    evidence = evidence or any(getattr(t, "header", False) and t.position is not None and t.position <= n
                               for t in turns)
    if n and speech[n - 1].speaker is None:  # a title alone is not a block
        return 0
    return n if evidence else 0


def split_headers(turns: list[Turn]) -> tuple[list[Turn], list[tuple[str, str]]]:
    """Take headers and footers out of ``turns``: returns (speech turns, [(key, value), …])."""
    speech: list[Turn] = []
    headers: list[tuple[str, str]] = []
    block = _leading_block(turns)
    for turn in turns:
        in_block = block > 0 and not getattr(turn, "header", False)
        if in_block:
            block -= 1
            turn = Turn(turn.speaker, "\n\n".join(p for p in turn.text.split("\n\n") if not SEPARATOR.match(p)),
                        turn.timestamp, header=True)
        if getattr(turn, "header", False) or is_header_key(turn.speaker):
            key = " ".join((turn.speaker or "").strip("*_: ").split()).capitalize()
            headers.extend(_split_inline(key, " ".join(turn.text.split())))
            continue
        kept = []
        for para in turn.text.split("\n\n"):
            if SEPARATOR.match(para):
                continue
            hit = header_line(para) if "\n" not in para else None
            if hit:
                headers.extend(_split_inline(*hit))
                continue
            for m in FOOTER.finditer(para):
                headers.append(("Pagina", m.group(0)))
            para = " ".join(FOOTER.sub(" ", para).split())
            if para:
                kept.append(para)
        if kept:
            speech.append(Turn(turn.speaker, "\n\n".join(kept), turn.timestamp))
    headers = [(k, v) for k, v in headers if k.casefold() != "pagina"] + \
              ([("Pagina's", str(sum(k.casefold() == "pagina" for k, _ in headers)))]
               if any(k.casefold() == "pagina" for k, _ in headers) else [])
    return speech, [(k, v) for k, v in headers if v]


_MONTHS = ("januari februari maart april mei juni juli augustus september oktober november december").split()
_MONTH_ALT = "|".join(_MONTHS) + r"|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>(?:19|20)\d{2})(?!\d)")
_YMD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.]?(?P<m>\d{2})[-/.]?(?P<d>\d{2})(?!\d)")
# "10 juni 2025", and as file names write it: "14mei2025", "14-mei-2025", "3_okt_2024"
_WORDS = re.compile(rf"(?<![^\W_])(?P<d>\d{{1,2}})[\s_.-]*(?P<mon>{_MONTH_ALT})(?![^\W\d_])\.?[\s_.-]*"
                    rf"(?P<y>(?:19|20)\d{{2}})(?!\d)", re.I)


def _month_number(word: str) -> int:
    w = word.casefold().rstrip(".")
    return next(i + 1 for i, m in enumerate(_MONTHS) if m.startswith(w[:3]))


def coarsen_dates(text: str) -> str:
    """Every full date in ``text`` kept to its month: ``10-06-2025``, ``2025-06-10``,
    ``20250610`` → ``2025-06``; ``10 juni 2025`` → ``juni 2025``."""
    def ymd(m):
        y, mo = int(m.group("y")), int(m.group("m"))
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 and 1 <= int(m.group("d")) <= 31 else m.group(0)

    text = _WORDS.sub(lambda m: f"{_MONTHS[_month_number(m.group('mon')) - 1]} {m.group('y')}", text)
    return _YMD.sub(ymd, _DMY.sub(ymd, text))


def month_of(text: str) -> str | None:
    """The first date in ``text`` as ``YYYY-MM`` (None when there is none)."""
    for pattern in (_DMY, _YMD):
        m = pattern.search(text)
        if m and 1 <= int(m.group("m")) <= 12:
            return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}"
    m = _WORDS.search(text)
    if m:
        return f"{int(m.group('y')):04d}-{_month_number(m.group('mon')):02d}"
    return None
