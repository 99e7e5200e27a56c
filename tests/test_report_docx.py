"""Structure of the generated Word report (python-docx reads it back)."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.report import ReportConfig, build_report

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.table import Table  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402

_spec = importlib.util.spec_from_file_location("report_synthetic", Path(__file__).parent / "data/report/synthetic_input.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)

BUILTIN = {"Normal", "Title", "Subtitle", "TOC Heading", "Heading 1", "Heading 2", "Heading 3", "Quote", "Caption"}


def _blocks(document):
    for el in document.element.body.iterchildren():
        if el.tag == qn("w:p"):
            yield Paragraph(el, document)
        elif el.tag == qn("w:tbl"):
            yield Table(el, document)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "sub" / "rapport.docx"
    cfg = ReportConfig(report_date=date(2025, 5, 3))
    path = build_report(synthetic.make_input(), out, cfg)
    return path, docx.Document(str(path))


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_title_page_and_toc_field(built):
    path, d = built
    assert path.is_file()
    paras = d.paragraphs
    assert any(p.style.name == "Title" and p.text == "Evaluatie experiment re-integratie IVA en Wajong" for p in paras)
    assert any(p.style.name == "Subtitle" and p.text == "Conceptrapportage – gegenereerd door workbench" for p in paras)
    assert any(p.text == "3 mei 2025" for p in paras)
    body = d.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    for kind in ("begin", "separate", "end"):
        assert f'w:fldCharType="{kind}"' in body
    assert any("Veld bijwerken" in p.text for p in paras)
    assert d.settings.element.find(qn("w:updateFields")) is not None


def test_toc_field_shows_every_heading_before_it_is_updated(built):
    _, d = built
    body = list(d.element.body.iterchildren())
    kinds = [(i, fc.get(qn("w:fldCharType"))) for i, el in enumerate(body) for fc in el.iter(qn("w:fldChar"))]
    assert [k for _, k in kinds][:3] == ["begin", "separate", "end"]  # the TOC is the first field
    start, end = kinds[0][0], kinds[2][0]
    shown = [Paragraph(el, d).text for el in body[start:end + 1]]
    assert "Veld bijwerken" in shown[0]
    headings = [p.text for p in d.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    assert shown[1:] == headings and len(headings) > 10
    indent = {Paragraph(el, d).text: Paragraph(el, d).paragraph_format.left_indent for el in body[start + 1:end + 1]}
    assert indent["Bevindingen uit interviews en focusgroepen"] == 0
    assert indent["Overzicht van de codering"] > 0


def test_heading_structure_and_order(built):
    _, d = built
    h1 = _headings(d, 1)
    # numbers come from the Heading styles' multilevel list, not typed text
    assert h1 == ["Bevindingen uit interviews en focusgroepen", "Methodologische toelichting"]
    h2 = _headings(d, 2)
    assert h2[:5] == ["Overzicht van de codering", "Drijfveren en zorgen", "Dienstverlening van UWV",
                      "Naar en aan het werk", "Samenvatting en conclusie"]
    h3 = _headings(d, 3)
    # the label, never a finding written in advance; sub-themes from most to least mentioned
    assert h3[:3] == ["Motivatie om (weer) te werken", "Zelfoverschatting", "Financiële onzekerheid"]
    assert h3[3:5] == ["Aansluiting traject", "Contact met de arbeidsdeskundige"]
    style_num = d.styles["Heading 1"].element.xpath("./w:pPr/w:numPr/w:numId")
    assert style_num and style_num[0].get(qn("w:val")) == "901"
    assert all(h.strip() for h in h1 + h2 + h3)


def test_only_builtin_styles(built):
    _, d = built
    assert {p.style.name for p in d.paragraphs} <= BUILTIN
    assert {t.style.name for t in d.tables} == {"Table Grid"}


def test_tables_have_caption_above_and_source_below(built):
    _, d = built
    blocks = list(_blocks(d))
    captions = []
    for i, b in enumerate(blocks):
        if isinstance(b, Table):
            before, after = blocks[i - 1], blocks[i + 1]
            assert isinstance(before, Paragraph) and before.style.name == "Caption"
            assert before.text.startswith("Tabel ")
            assert re.search(r"SEQ (Bijlage)?Tabel", before._p.xml) and before._p.xpath(".//w:bookmarkStart")
            assert isinstance(after, Paragraph) and after.text.startswith("Bron:")
            captions.append(before.text)
    assert captions[0] == "Tabel 2.1 Aantal respondenten en fragmenten per code en respondentgroep"
    assert captions[1].startswith("Tabel 2.2 Thema’s bij respondenten die in 2024 én 2025")
    assert [c.split()[1] for c in captions[2:]] == ["B1.1", "B1.2", "B1.3", "B1.4"]
    src = [b.text for b in blocks if isinstance(b, Paragraph) and b.text.startswith("Bron: workbench, codering consensus")]
    assert src and "N = 12 respondenten" in src[0]


def test_frequency_table_counts_respondents(built):
    _, d = built
    t = d.tables[0]
    header = [c.text for c in t.rows[0].cells]
    assert header[1].replace("\u00ad", "") == "Deelnemers\n(n = 6)" and header[-1] == "Totaal\n(n = 12)"
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in t.rows[1:]}
    assert rows["Motivatie om (weer) te werken"] == ["6 (8)", "1 (1)", "0 (0)", "1 (1)", "8 (10)"]
    assert rows["Drijfveren en zorgen"][-1] == "10 (17)"


def test_figure_with_caption(built):
    _, d = built
    blocks = list(_blocks(d))
    idx = [i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text.startswith("Figuur 2.1")]
    assert len(idx) == 1 and blocks[idx[0]].style.name == "Caption"
    assert blocks[idx[0] + 1]._p.xpath(".//pic:pic")
    assert len(d.inline_shapes) == 1


def test_theme_sections_openings_placeholder_and_quotes(built):
    _, d = built
    texts = [p.text for p in d.paragraphs]
    assert ("Alle zes de deelnemers, één van de drie arbeidsdeskundigen en de enige werkgever brengen motivatie "
            "om (weer) te werken ter sprake.") in " ".join(texts)
    assert "We zien zelfoverschatting bij " in " ".join(texts)
    placeholders = [p for p in d.paragraphs if p.text.startswith("[Interpretatie analist:")]
    assert len(placeholders) == 7
    assert all(r.font.highlight_color is not None for p in placeholders for r in p.runs)
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote" and not p.text.startswith("Interviewer: ")]
    assert 7 <= len(quotes) <= 21
    assert len(set(quotes)) == len(quotes)  # no quote twice in the report
    assert not any("[PERSOON" in q or "[lacht]" in q for q in quotes)
    for q in quotes:
        assert q.startswith("“") and "” –\u00a0" in q
        # a no-break hyphen keeps "Re-integratiebureau" on one line
        assert q.split("” –\u00a0")[1].split(" (")[0] in {"Deelnemer", "Arbeidsdeskundige", "Re\u2011integratiebureau",
                                                          "Werkgever"}
    # k-anonymity (k = 3): only two IVA respondents were spoken in 2024, so the year is left out
    assert any(q.endswith("–\u00a0Deelnemer (IVA)") for q in quotes)
    assert not any(q.endswith("(IVA, 2024)") for q in quotes)
    # within a theme, quotes follow the fixed group order (deelnemers first)
    first_theme = quotes[:3]
    roles = [q.split("–\u00a0")[1].split(" (")[0] for q in first_theme]
    assert roles == ["Deelnemer", "Arbeidsdeskundige", "Werkgever"]


def test_summary_ranks_themes(built):
    _, d = built
    texts = [p.text for p in d.paragraphs]
    start = [i for i, p in enumerate(d.paragraphs) if p.style.name == "Heading 2"
             and p.text == "Samenvatting en conclusie"][0]  # the heading, not its line in the contents
    summary = texts[start + 1]
    assert summary.startswith("Het vaakst komt ‘Motivatie om (weer) te werken’ voor: veel respondenten (8 van de 12)")
    sentences = [x for x in summary.split(". ") if x]
    assert len(set(sentences)) == len(sentences) and summary.endswith(".")


def test_appendix_population_overrepresentation_and_agreement(built):
    _, d = built
    pop = [t for t in d.tables if "Populatie" in t.rows[0].cells[-1].text][0]
    assert "N = 4.081" in pop.rows[0].cells[-1].text
    cells = [[c.text for c in r.cells] for r in pop.rows[1:]]
    assert ["Uitkering", "IVA", "67%", "51%"] in cells
    assert any(row[1] == "geen werk" and row[2] == "NB" for row in cells)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "oververtegenwoordigd" in text and "uitkering ‘IVA’ (67% tegenover 51%)" in text
    assert "Reïntegratie test’, versie 1.2" in text and "anna en bram" in text
    agree = [t for t in d.tables if t.rows[0].cells[0].text == "Code"][0]
    assert [c.text for c in agree.rows[1].cells] == ["Motivatie om (weer) te werken", "40", "NB", "0,81", "0,79"]
    assert [c.text for c in agree.rows[3].cells][3:] == ["NB", "NB"]
    assert "k-anonimiteit" in text
    assert "Eén respondent is in meer dan één jaar gesproken" in text
    assert "De focusgroepen telden drie arbeidsdeskundigen (2024) en twee re-integratiebureaus (2025)." in text


def test_interviewer_only_name_never_appears(built):
    path, _ = built
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                assert synthetic.SECRET_NAME not in z.read(name).decode("utf-8")


def test_uncoded_themes_no_agreement_no_population_code_filter(tmp_path):
    inp = synthetic.make_input(agreement=None, population=None)
    inp.codings = [(s, c) for s, c in inp.codings if c != "support_at_work"]
    d = docx.Document(str(build_report(inp, tmp_path / "r.docx")))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Niet gecodeerd: ‘Ondersteuning op de werkplek’." in text
    assert "Ondersteuning op de werkplek" not in _headings(d, 3)
    assert "geen overeenstemming tussen codeurs berekend" in text
    assert "geen populatiebestand opgegeven" in text
    only = docx.Document(str(build_report(synthetic.make_input(), tmp_path / "o.docx",
                                          ReportConfig(codes=["job_search"]))))
    assert _headings(only, 3) == ["Zoeken naar werk"]
    assert _headings(only, 2)[:2] == ["Overzicht van de codering", "Naar en aan het werk"]
    with pytest.raises(InputError, match="unknown code"):
        build_report(synthetic.make_input(), tmp_path / "x.docx", ReportConfig(codes=["nope"]))
    with pytest.raises(InputError, match=".docx"):
        build_report(synthetic.make_input(), tmp_path / "x.pdf")


def test_appendix_shows_prevalence_and_too_few_positives(tmp_path):
    """The agreement's own 'few' judgement ([agreement] min_positives) is enough to withhold κ."""
    rows = [{"code": "motivation", "units": 25, "alpha": 0.0, "kappa": 0.0, "prevalence": 0.2, "positives": 4,
             "flag": "few"},
            {"code": "job_search", "units": 25, "alpha": 0.85, "kappa": 0.84, "prevalence": 0.4, "positives": 10,
             "flag": "green"}]
    d = docx.Document(str(build_report(synthetic.make_input(agreement=rows), tmp_path / "a.docx")))
    agree = [t for t in d.tables if t.rows[0].cells[0].text == "Code"][0]
    assert "Prevalentie" in [c.text for c in agree.rows[0].cells]
    assert [c.text for c in agree.rows[1].cells][-2:] == ["niet te beoordelen"] * 2
    assert [c.text for c in agree.rows[2].cells][-2:] == ["0,85", "0,84"]
    text = "\n".join(p.text for p in d.paragraphs)
    assert "‘niet te beoordelen’: te weinig fragmenten" in text


def test_memos_go_into_the_appendix_only_on_request(tmp_path):
    memos = [{"kind": "code", "about": "code ‘Motivatie om (weer) te werken’", "author": "anna",
              "memo": "Geld als doel telt hier mee."}]
    d = docx.Document(str(build_report(synthetic.make_input(memos=memos), tmp_path / "m.docx")))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Memo’s van de codeurs" in text
    memo = [t for t in d.tables if t.rows[0].cells[0].text == "Over"][0]
    assert [c.text for c in memo.rows[1].cells] == ["code ‘Motivatie om (weer) te werken’", "anna",
                                                   "Geld als doel telt hier mee."]
    plain = docx.Document(str(build_report(synthetic.make_input(), tmp_path / "p.docx")))
    assert "Memo’s van de codeurs" not in "\n".join(p.text for p in plain.paragraphs)


def test_wide_tables_wrap_the_label_column_before_header_words():
    from workbench.report.docx_helpers import TEXT_WIDTH_CM, content_widths

    header = ["Thema", "Deelnemers\n(n = 7)", "Arbeids\u00addeskun\u00addigen\n(n = 15)",
              "Re-integratie\u00adbureaus\n(n = 7)", "Werkgevers\n(n = 2)", "Totaal\n(n = 31)"]
    rows = [["Motivatie om (weer) te werken", "7 (24)", "10 (15)", "3 (4)", "0 (0)", "20 (43)"]]
    widths = content_widths(header, rows)
    assert abs(sum(widths) - TEXT_WIDTH_CM) < 1e-6
    # 'Deelnemers' and 'Werkgevers' keep their unscaled width: the theme column gave way
    assert widths[1] >= 0.2 * len("Deelnemers ") + 0.45 - 1e-6
    assert widths[0] < max(widths[1:]) * 2.5


@pytest.mark.parametrize("process,says,never", [
    ({"consensus": 30, "consensus_demo": 12, "consensus_settled": 0, "consensus_by": []},
     "telt in dit demonstratieproject de keuze van de eerste codeur (12 codes)", "per fragment over de consensus"),
    ({"consensus": 30, "consensus_demo": 0, "consensus_settled": 7, "consensus_by": ["carla"]},
     "besliste carla per fragment over de consensus (7 codes)", "demonstratieproject"),
    ({"consensus": 20, "consensus_demo": 0, "consensus_settled": 0, "consensus_by": []}, None, "Waar codeurs verschilden"),
])
def test_the_appendix_says_how_the_consensus_came_about(process, says, never):
    """Copies of agreed or single-coded codes are not 'decisions by a supervisor'; the demo's rule is named."""
    from workbench.report.coding_method import method_paragraphs

    base = {"model": "default", "threshold": 0.4, "suggested": 3, "decisions": {"anna": 10}, "judged": 0}
    inp = synthetic.make_input(process={**base, **process})
    text = " ".join(method_paragraphs(inp, ReportConfig(), {}))
    if says:
        assert says in text
    assert never not in text


def test_body_only_is_the_chapter_alone_and_points_to_no_appendix_it_lacks(tmp_path):
    out = build_report(synthetic.make_input(), tmp_path / "body.docx",
                       ReportConfig(report_date=date(2025, 5, 3), body_only=True))
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Methodologische toelichting" not in text and "Inhoud" not in text.split("\n")
    assert "methodologische toelichting" not in text  # no pointer to a section the file does not hold
    assert "Aantallen tellen respondenten, niet fragmenten" in text
    full = docx.Document(str(build_report(synthetic.make_input(), tmp_path / "full.docx",
                                          ReportConfig(report_date=date(2025, 5, 3)))))
    assert "staat in de methodologische toelichting." in "\n".join(p.text for p in full.paragraphs)
