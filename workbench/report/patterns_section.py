"""The "Patronen" block under a theme: machine-found clusters, marked as such."""

from __future__ import annotations

from workbench.synthesis.config import ReportConfig
from workbench.synthesis.inputs import ReportInput

PATTERN_HEADING = "Patronen (door de computer gevonden, te toetsen door de analist)"


def write_patterns(doc, inp: ReportInput, code: str, config: ReportConfig, ctx: dict) -> None:
    from docx.shared import Pt

    from workbench.synthesis.patterns import theme_patterns
    from workbench.synthesis.dutch_format import fmt_int
    from workbench.synthesis.quotes import _tag_roles, curly, quote_text

    def count(n: int, one: str, more: str) -> str:  # digits in brackets, as in "(9 van de 20)"
        return f"{fmt_int(n)} {one if n == 1 else more}"

    patterns = theme_patterns(inp, code)
    if not patterns:
        return
    ctx["patterns"] = ctx.get("patterns", 0) + 1
    head = doc.add_paragraph()
    r = head.add_run(PATTERN_HEADING)
    r.italic = r.bold = True
    r.font.size = Pt(9)
    try:
        keywords = inp.codebook.get(code).keywords
    except KeyError:
        keywords = []
    for i, p in enumerate(patterns, 1):
        quoted = ctx.setdefault("quoted", set())
        pick = p.typical if p.typical not in quoted else next((s for s in p.segments if s not in quoted), None)
        if pick is None:
            continue
        quoted.add(pick)
        seg = inp.segments[pick]
        roles = ctx.setdefault("tag_roles", _tag_roles(inp) if config.clean_quotes else {})
        typical = quote_text(inp, seg, code, config, keywords, roles)
        words = ", ".join(p.words) if p.words else "geen kenmerkende woorden"
        para = doc.add_paragraph()
        run = para.add_run(f"– Patroon {i} ({count(p.respondents, 'respondent', 'respondenten')}, "
                           f"{count(len(p.segments), 'fragment', 'fragmenten')}); kenmerkende woorden: {words}. "
                           f"Typerend: {curly(typical)}")
        run.font.size = Pt(9)
