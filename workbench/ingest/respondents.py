"""Respondents CSV: attributes per respondent and the links from respondents to transcripts.

Documented columns: ``id, file, speaker, type, uitkering, geslacht, leeftijdsgroep, periode,
werksituatie, wave``; extra columns are kept as attributes. ``id`` and ``type`` are required.
``file`` names the transcript a respondent speaks in (matched on file name, case-insensitive);
``speaker`` is their label in that file (focus groups). Rows with type ``interviewer`` or
``moderator`` mark a non-respondent speaker in that file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError
from workbench.store.records import RespondentRec
from workbench.vocab import RESPONDENT_TYPES

REQUIRED = ("id", "type")
DOCUMENTED = ("id", "file", "speaker", "type", "uitkering", "geslacht", "leeftijdsgroep",
              "periode", "werksituatie", "wave")
STAFF_ROLES = ("interviewer", "moderator")
LINK_COLUMNS = {"id", "file", "speaker", "type", "wave"}


@dataclass
class Link:
    respondent_id: str | None  # None for interviewer/moderator rows
    file: str
    speaker: str | None
    role: str  # respondent | interviewer | moderator
    wave: str | None


@dataclass
class RespondentTable:
    respondents: dict[str, RespondentRec] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def links_for(self, file_name: str) -> list[Link]:
        key = file_name.casefold()
        return [ln for ln in self.links if ln.file.casefold() == key]


def read_respondents(path: Path) -> RespondentTable:
    """Parse and validate the whole CSV; raise InputError naming the file (and line)."""
    p = Path(path)
    if not p.is_file():
        from workbench.errors import not_a_file

        raise not_a_file(p, hint="check the path to the respondents CSV")
    raw = p.read_bytes()
    if b"\x00" in raw[:4096]:
        raise InputError("not a CSV file (binary content)", path=str(p))
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if not text.strip():
        raise InputError("the respondents CSV is empty", path=str(p))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    cols = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise InputError(
            f"not a respondents CSV: missing column(s) {', '.join(missing)}", path=str(p),
            hint=f"expected a header with {', '.join(DOCUMENTED)}",
        )
    table = RespondentTable()
    for lineno, row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        rid, rtype = row.get("id", ""), row.get("type", "").lower()
        if not rid and not rtype:
            continue
        if rtype in STAFF_ROLES:
            if not row.get("file") or not row.get("speaker"):
                raise InputError(f"line {lineno}: an {rtype} row needs file and speaker", path=str(p))
            table.links.append(Link(None, row["file"], row["speaker"], rtype, row.get("wave") or None))
            continue
        if not rid:
            raise InputError(f"line {lineno}: empty id", path=str(p))
        if rtype not in RESPONDENT_TYPES:
            raise InputError(
                f"line {lineno}: unknown type {rtype!r} for {rid}", path=str(p),
                hint=f"use one of {', '.join(RESPONDENT_TYPES + STAFF_ROLES)}",
            )
        attrs = {k: v for k, v in row.items() if k not in LINK_COLUMNS and v != ""}
        rec = table.respondents.get(rid)
        if rec is None:
            table.respondents[rid] = RespondentRec(rid, rtype, attrs)
        else:
            if rec.type != rtype:
                raise InputError(f"line {lineno}: {rid} has type {rtype} here but {rec.type} above", path=str(p))
            rec.attributes.update(attrs)
        if row.get("file"):
            table.links.append(Link(rid, row["file"], row.get("speaker") or None, "respondent",
                                    row.get("wave") or None))
    if not table.respondents:
        raise InputError("no respondent rows", path=str(p))
    return table
