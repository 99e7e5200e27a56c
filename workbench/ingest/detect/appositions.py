"""Names that follow another name as its apposition, found by position alone.

Speakers say a firm's name and then its short form ("de Evangelische Broedergemeente, de EBG,";
"Stichting Werkbrug (SWB)"), and a focus group's attendance list gives each person's firm in
brackets ("Jan Smit (Werkkracht Oost)"). An abbreviation or a capitalised name in that position
names the same thing, or the person's organisation, whatever its words: it gets the kind of the
firm before it, or ``ORGANISATIE`` after a person.

An abbreviation followed by a region word ("RIB Zuid", "WSP Noord") is the name of one office
or firm, even when the abbreviation itself is a domain term on the allow-list; so is a firm found
by another rule followed by a region word ("Talentfabriek Noord").
"""

from __future__ import annotations

import re

from workbench.ingest.detect import lexicon

_ABBR = r"[A-Z][A-Z&]{1,6}(?![\w-])"  # letters only: "(R024)" is a research id
_CAPW = r"[A-ZÀ-Ý][\w'’-]*[a-zà-ÿ][\w'’-]*"
# ", de EBG," / " (EBG)" right after a firm
_SHORT_FORM = re.compile(rf"(?:,\s+(?:de\s+|het\s+)?|\s*\(\s*)(?P<name>{_ABBR})(?=\s*[,)]|\s*$|\s+\w)")
# "Jan Smit (Werkkracht Oost)", "Ilse Hof (De Loopbaanfabriek)": a bracketed name after a person
_AFFILIATION = re.compile(rf"\s*\(\s*(?P<name>(?:(?:De|Het|'t)\s+)?(?:{_CAPW}|{_ABBR})(?:\s+(?:&|en|van|de)?\s*(?:{_CAPW}|{_ABBR})){{0,4}})\s*\)")
_REGIONS = (r"(?:Noord|Zuid|Oost|West|Midden|Noordoost|Noordwest|Zuidoost|Zuidwest|Centrum|Noord-Holland|"
            r"Zuid-Holland|Randstad)")
_REGION_AFTER = re.compile(rf" +{_REGIONS}(?![\w-])")
_ABBR_REGION = re.compile(rf"(?<![\w\[@./-])(?P<name>{_ABBR}\s+{_REGIONS})(?![\w-])")


def region_after(doc: str, end: int) -> int | None:
    """Where a region word right after ``end`` ends ("… Noord"), or None."""
    m = _REGION_AFTER.match(doc, end)
    return m.end() if m else None


def apposition_spans(doc: str, spans, allow: set[str] | None = None):
    """Yield ``(start, end, kind)`` for short forms after a firm, affiliations after a person and
    abbreviations before a region word; a firm found before a region word gets it.
    ``spans``: ``(start, end, kind)`` found by other rules."""
    allow = allow or set()
    for start, end, kind in spans:
        if kind in ("WERKGEVER", "ORGANISATIE"):
            region = _REGION_AFTER.match(doc, end)
            if region:  # "Talentfabriek Noord", "Notulenservice Zuid": the region word names the office
                yield start, region.end(), kind
            m = _SHORT_FORM.match(doc, end)
            if m and not lexicon.in_allow(m.group("name"), allow):
                yield m.start("name"), m.end("name"), kind
        elif kind == "PERSOON":
            m = _AFFILIATION.match(doc, end)
            if not m:
                continue
            caps = [w for w in m.group("name").split() if w[:1].isupper()]
            if not all(lexicon.in_allow(w, allow) for w in caps) and not (
                    len(caps) == 1 and lexicon.is_common_word(caps[0])):
                yield m.start("name"), m.end("name"), "ORGANISATIE"
    for m in _ABBR_REGION.finditer(doc):
        yield m.start("name"), m.end("name"), "ORGANISATIE"
