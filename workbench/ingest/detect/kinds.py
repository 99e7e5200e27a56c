"""One name, one kind: the kinds that several rules gave the same name in one transcript, unified.

A firm named as employer once is an employer everywhere; a firm's short name is the firm unless a
title precedes it; a word that only a weak frame called a firm but that is part of a known person's
name is that person; a name found as a person somewhere is a person everywhere. Works on any span
objects with ``start``, ``end`` and a mutable ``kind``.
"""

from __future__ import annotations

import re

from workbench.ingest.detect.lexicon import is_employer
from workbench.ingest.name_cues import org_name_parts

ORG_KINDS = ("WERKGEVER", "ORGANISATIE")  # one firm, one tag: the first kind wins over the second
_TITLE_BEFORE = re.compile(r"(?i)\b(?:meneer|mevrouw|mevr\.?|dhr\.?|mw\.?|heer|dokter|juf|meester)\s+$")


def unify_kinds(doc: str, spans: list) -> list:
    """One name, one kind. A firm named as employer once is an employer everywhere. A firm's short
    name ("Kuipers" of "Hoveniersbedrijf Kuipers") is the firm, unless a title precedes it ("meneer
    Kuipers"); a word that only a weak frame called a firm ("bij Mohamed") but that is part of a
    known person's name is that person."""
    org: dict[str, str] = {}
    strong: set[str] = set()
    person_tokens: set[str] = set()
    for sp in spans:
        text = " ".join(doc[sp.start:sp.end].split())
        if sp.kind in ORG_KINDS:
            for name in [text, *org_name_parts(text.split())]:
                key = name.casefold()
                if key not in org or ORG_KINDS.index(sp.kind) < ORG_KINDS.index(org[key]):
                    org[key] = sp.kind
                if " " in text or is_employer(text):
                    strong.add(key)
        elif sp.kind == "PERSOON" and " " in text:
            person_tokens.update(t.casefold() for t in text.split())
    persons = {" ".join(doc[sp.start:sp.end].split()).casefold() for sp in spans if sp.kind == "PERSOON"}
    for sp in spans:
        name = " ".join(doc[sp.start:sp.end].split()).casefold()
        if sp.kind == "NAAM" and name in persons:
            sp.kind = "PERSOON"  # "Sjra Ortmans" found as a person elsewhere in the transcript
        if name not in org:
            continue
        if sp.kind in ORG_KINDS:
            sp.kind = "PERSOON" if name in person_tokens and name not in strong else org[name]
        elif sp.kind == "PERSOON" and " " not in name and name in strong \
                and not _TITLE_BEFORE.search(doc, max(0, sp.start - 20), sp.start):
            sp.kind = org[name]
    return spans
