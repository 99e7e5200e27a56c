"""Spreadsheets people ask for (openpyxl): coded segments, the code-by-respondent matrix and
code frequencies by a respondent attribute. Only pseudonymised text is written.

- ``segments``: one row per coding (every status) with code path, coder, status, score, reason,
  the respondent's attributes and the coded text (the imported span when it has one).
- ``matrix``: codes × respondents; a cell counts the segments of that respondent coded so.
- ``frequencies``: codes × the values of one attribute (``--by``); a cell counts the respondents
  with that value who have the code, under a row with the number of respondents per value.

Matrix and frequencies count accepted codings of ``coder`` (default ``consensus`` when it has
codings, else every human coder: a segment counts once).
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from workbench.errors import InputError, WorkbenchError

TABLES = ("segments", "matrix", "frequencies")
CONSENSUS = "consensus"
MODEL = "model"


def export_xlsx(project, out: Path, *, table: str = "segments", by: str | None = None, coder: str | None = None,
                coders: list[str] | None = None) -> int:
    """Write the table to ``out`` (atomically); returns the number of data rows."""
    from openpyxl import Workbook

    out = Path(out)
    if table not in TABLES:
        raise InputError(f"--table must be one of {', '.join(TABLES)}, not {table!r}")
    if not out.parent.is_dir():
        raise InputError("the folder does not exist", path=str(out.parent))
    data = _Data(project)
    wb = Workbook()
    ws = wb.active
    if table == "segments":
        ws.title = "Gecodeerde segmenten"
        header, rows = data.segments(coders)
    elif table == "matrix":
        ws.title = "Code x respondent"
        header, rows = data.matrix(coder)
    else:
        if not by:
            raise InputError("--table frequencies needs --by ATTRIBUTE",
                             hint="attributes: " + ", ".join(data.attribute_names()))
        ws.title = f"Frequenties {by}"[:31]
        header, rows = data.frequencies(by, coder)
    _fill(ws, header, rows)
    tmp = out.with_name(out.name + ".part")
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return len(rows)


def _fill(ws, header: list[str], rows: list[list]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "B2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(header, start=1):
        longest = max([len(str(name))] + [len(str(r[i - 1])) for r in rows[:200] if r[i - 1] is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(max(8, longest + 2), 80)


class _Data:
    def __init__(self, project):
        from workbench.store.codebooks import project_codebook
        from workbench.store.codings import list_codings
        from workbench.store.transcripts import list_respondents, list_segments

        self.codebook = project_codebook(project)
        self.codings = list_codings(project)
        self.segs = {s.id: s for s in list_segments(project)}
        self.respondents = {r.id: r for r in list_respondents(project)}
        flat = self.codebook.flat()
        self.codes = [c for c in flat if c.codable]
        labels = {c.id: c for c in flat}

        def path(code_id: str) -> str:
            parts, seen = [], set()
            while code_id in labels and code_id not in seen:
                seen.add(code_id)
                parts.append(labels[code_id].label)
                code_id = labels[code_id].parent
            return " > ".join(reversed(parts))

        self.path = path
        self.project, self._texts = project, {}

    def text_of(self, transcript_id: int) -> str:
        from workbench.store.transcripts import transcript_text

        if transcript_id not in self._texts:
            self._texts[transcript_id] = transcript_text(self.project, transcript_id)
        return self._texts[transcript_id]

    def attribute_names(self) -> list[str]:
        return ["type"] + sorted({k for r in self.respondents.values() for k in r.attributes})

    def segments(self, coders: list[str] | None):
        keys = self.attribute_names()[1:]
        header = ["transcript", "segment", "start", "end", "respondent", "type", *keys, "code", "codepad", "coder",
                  "status", "score", "reden", "tekst"]
        rows = []
        for c in self.codings:
            seg = self.segs.get(c.segment_id)
            if seg is None or (coders and c.coder not in coders):
                continue
            resp = self.respondents.get(seg.respondent_id or "")
            attrs = resp.attributes if resp else {}
            a, b = (c.span_start, c.span_end) if c.span_start is not None else (seg.start, seg.end)
            text = seg.text if (a, b) == (seg.start, seg.end) else self.text_of(seg.transcript_id)[a:b]
            rows.append([seg.transcript, seg.id, a, b, seg.respondent_id or "", resp.type if resp else "",
                         *[attrs.get(k, "") for k in keys], c.code_id, self.path(c.code_id), c.coder, c.status,
                         None if c.score is None else round(c.score, 4), c.reason or "", text])
        rows.sort(key=lambda r: (r[0], r[2], r[-7], r[-5]))
        return header, rows

    def _accepted(self, coder: str | None) -> dict[str, dict[str, set[int]]]:
        """code -> respondent -> segment ids, of the accepted codings counted."""
        if coder is None:
            coder = CONSENSUS if any(c.coder == CONSENSUS for c in self.codings) else None
        elif not any(c.coder == coder for c in self.codings):
            raise WorkbenchError(f"no codings by coder {coder!r} in this project")
        out: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for c in self.codings:
            if c.status != "accepted" or c.coder == MODEL or (coder and c.coder != coder):
                continue
            seg = self.segs.get(c.segment_id)
            if seg is not None and seg.respondent_id:
                out[c.code_id][seg.respondent_id].add(seg.id)
        return out

    def matrix(self, coder: str | None):
        counts = self._accepted(coder)
        rids = sorted(self.respondents)
        header = ["code", "codepad", *rids, "totaal segmenten", "respondenten"]
        rows = []
        for code in self.codes:
            per = counts.get(code.id, {})
            cells = [len(per.get(r, ())) for r in rids]
            rows.append([code.id, self.path(code.id), *cells, sum(cells), sum(1 for n in cells if n)])
        return header, rows

    def frequencies(self, by: str, coder: str | None):
        if by not in self.attribute_names():
            raise InputError(f"unknown respondent attribute {by!r}",
                             hint="attributes: " + ", ".join(self.attribute_names()))

        def value(r) -> str:
            return (r.type if by == "type" else r.attributes.get(by, "")) or "(onbekend)"

        groups: dict[str, set[str]] = defaultdict(set)
        for r in self.respondents.values():
            groups[value(r)].add(r.id)
        values = sorted(groups)
        counts = self._accepted(coder)
        header = ["code", "codepad", *values, "totaal"]
        rows = [["n respondenten", "", *[len(groups[v]) for v in values], len(self.respondents)]]
        for code in self.codes:
            have = set(counts.get(code.id, {}))
            rows.append([code.id, self.path(code.id), *[len(have & groups[v]) for v in values], len(have)])
        return header, rows

