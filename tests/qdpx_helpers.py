"""Builders for the .qdpx tests: a small coded project, a hand-written foreign archive, and
the comparison a round trip must pass."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from helpers import make_project

SCHEMAS = Path(__file__).parent / "data" / "refi-qda"

FOCUS = """Moderator: Welkom allemaal. Wat vond u van het traject?

Deelnemer 1: Ik wil gewoon weer ergens bij horen, dat gaf me structuur.

Deelnemer 2: Ik ben bang dat mijn toeslagen omlaag gaan als ik ga werken.

Deelnemer 3: Het traject was heel algemeen, de coach snapte me niet.

Moderator: Dank u.
"""


def project_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd")))


def read_qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde")


def coded_project(project, tmp_path: Path):
    """An interview and a focus group, coded by anna and ben (one span off segment bounds), one
    rejection, and model suggestions."""
    from helpers import suggest_rows
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.review.codings_io import add_coding, import_codings
    from workbench.store.codings import set_decision

    segs = make_project(project, tmp_path)
    fg = tmp_path / "fg.txt"
    fg.write_text(FOCUS, encoding="utf-8")
    csv = tmp_path / "fg.csv"
    csv.write_text("id,file,speaker,type,uitkering,wave\n"
                   "P1,fg.txt,Deelnemer 1,deelnemer,WW,2025\nP2,fg.txt,Deelnemer 2,werkgever,,2025\n"
                   "P3,fg.txt,Deelnemer 3,deelnemer,Wajong,2025\n", encoding="utf-8")
    rep = import_files(project, [fg], ImportOptions(respondents_csv=csv, pseudonymise=False))
    assert rep.results[0].status == "imported", rep.results[0].message
    add_coding(project, segs[0].id, "motivation", "anna")
    add_coding(project, segs[1].id, "financial_uncertainty", "anna")
    add_coding(project, segs[1].id, "financial_uncertainty", "ben")
    add_coding(project, segs[2].id, "trajectory_fit", "ben")
    with project.session() as s:
        set_decision(s, segs[3].id, "zelfoverschatting", "ben", "rejected", reason="niet te snel")
    spans = tmp_path / "spans.csv"
    text = (tmp_path / "fg.txt").read_text(encoding="utf-8")
    a = text.index("structuur")
    spans.write_text(f"transcript,start,end,code\nfg.txt,{a},{a + len('structuur')},motivation\n"
                     f"fg.txt,{text.index('Ik ben bang')},{text.index('Het traject') + 20},financial_uncertainty\n",
                     encoding="utf-8")
    import_codings(project, spans, "anna")
    suggest_rows(project, [(segs[0].id, "motivation", 0.91), (segs[2].id, "zelfoverschatting", 0.45)])
    return segs


def state(project, statuses=("accepted",)) -> dict:
    """Everything a round trip must keep."""
    from workbench.store.codebooks import project_codebook
    from workbench.store.exchange import export_snapshot
    from workbench.store.transcripts import list_respondents, respondent_transcripts

    snap = export_snapshot(project)
    names = {t.id: t.name for t in snap.transcripts}
    cb = project_codebook(project, required=False)
    return {
        "texts": {t.name: t.text for t in snap.transcripts},
        "meta": {t.name: (t.kind, t.wave, t.respondent_type) for t in snap.transcripts},
        "respondents": [r.__dict__ for r in list_respondents(project)],
        "speaks": {k: sorted(v) for k, v in respondent_transcripts(project).items()},
        "codebook": cb.model_dump() if cb else None,
        "codings": sorted({(names[c.transcript_id], c.coder, c.code_id, c.start, c.end, c.status)
                           for c in snap.codings if c.status in statuses and c.coder != "model"}),
    }


def write_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None,
               qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


class FakePseudonymiser:
    """Replaces the names it is given by tags, as the real one does (no deduce: fast tests)."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def collect(self, labels, texts):
        pass

    def _sub(self, text):
        for name, tag in self.names.items():
            text = text.replace(name, tag)
        return text

    def run(self, labels, texts, file_name):
        from workbench.ingest.pseudonymise import Pseudonymised

        return Pseudonymised([self._sub(lab) if lab else lab for lab in labels], [self._sub(t) for t in texts],
                             self._sub(file_name), {tag: [n] for n, tag in self.names.items()})
