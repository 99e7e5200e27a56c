"""Shared builders for tests that need a small project with segments and a codebook."""

from pathlib import Path

from workbench.codebook.model import Code, Codebook

TEXT = """Interviewer: Waarom wilt u weer werken?

Respondent: Ik wil gewoon weer ergens bij horen, structuur in mijn dag.

Interviewer: En hoe zit het met geld?

Respondent: Ik ben bang dat mijn toeslagen omlaag gaan en dat ik moet terugbetalen.

Interviewer: Hoe was het traject?

Respondent: Het traject was heel algemeen, niet op mij afgestemd. De coach snapte me niet.

Interviewer: Wilde u snel?

Respondent: Ik wilde meteen 32 uur, achteraf was dat veel te veel voor mij.
"""


def small_codebook(name: str = "mini") -> Codebook:
    return Codebook(name=name, version="1", codes=[
        Code(id="groep", label="Groep", definition="Categorie.", codable=False, children=[
            Code(id="motivation", label="Motivatie", definition="Redenen om te werken.",
                 examples=["ik wil ergens bij horen"], keywords=[r"structuur"]),
            Code(id="financial_uncertainty", label="Financiële onzekerheid",
                 definition="Zorgen over geld en toeslagen.", examples=["bang voor terugbetalen"],
                 keywords=[r"toeslag\w*"]),
        ]),
        Code(id="trajectory_fit", label="Aansluiting traject", definition="Past het traject.",
             examples=["het traject was te algemeen"]),
        Code(id="zelfoverschatting", label="Zelfoverschatting", definition="Te veel willen.",
             examples=["ik wilde te snel te veel uren"]),
    ])


def make_project(project, tmp_path: Path, name: str = "int.txt", text: str = TEXT):
    """Import one interview (no pseudonymisation: the text is already clean) and load a codebook."""
    from workbench.ingest.importer import ImportOptions, import_files
    from workbench.store.codebooks import load_codebook
    from workbench.store.transcripts import list_segments

    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    csv = tmp_path / f"{name}.csv"
    csv.write_text(f"id,file,speaker,type,uitkering,wave\nD01,{name},Respondent,deelnemer,IVA,2024\n",
                   encoding="utf-8")
    rep = import_files(project, [f], ImportOptions(respondents_csv=csv, pseudonymise=False))
    assert rep.results[0].status == "imported", rep.results[0].message
    if not _has_codebook(project):
        load_codebook(project, small_codebook())
    return list_segments(project, codable_only=True)


def _has_codebook(project) -> bool:
    from workbench.store.codebooks import project_codebook

    return project_codebook(project, required=False) is not None


def suggest_rows(project, rows):
    """Store model suggestions directly: rows of (segment id, code, score)."""
    from workbench.store.codings import replace_suggestions

    with project.session() as s:
        replace_suggestions(s, [(sid, code, score, f"test rationale {code}") for sid, code, score in rows],
                            sorted({r[0] for r in rows}), sorted({r[1] for r in rows}))


def found(spans, text):
    """Detected spans as (the text they cover, their kind)."""
    return [(text[a:b], k) for a, b, k in spans]
