"""``workbench report --init-config``: a report.toml to start from, with the codebook's codes
under [headings] and [phrasing], and any retired codebook headlines as commented, unverified
suggestions (never used unless the analyst uncomments them after checking them against the data)."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.synthesis.phrasing import code_kind


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def template_text(codebook, headlines: dict[str, str]) -> str:
    lines = ["# report.toml: settings of `workbench report` (see docs/report.md). Every key is optional.",
             "[report]", "# chapter_number = 2", "# group_by = \"type\"        # or uitkering, wave, \"uitkering,wave\"",
             "# k_anonymity = 3           # attributes left out when fewer respondents share them",
             "# body_only = false", "", "[quotes]", "# per_theme = 3", "# clean = true              "
             "# tags as words, [lacht] and fillers out, false starts cut with (…)", "# question = true", "",
             "[attribution]", '# deelnemer = ["uitkering", "wave"]', "",
             "[labels.uitkering]", '# Wajong2015 = "Wajong"', '# Wajong2010 = "Wajong"', '# oWajong = "Wajong"', "",
             "# A heading states a finding only when the analyst has checked it against the data.",
             "# Without one, a section is headed by the code's label.", "[headings]"]
    for c in codebook.codable():
        if c.id in headlines:
            lines.append(f"# {c.id} = {_q(headlines[c.id])}  # UNVERIFIED: from the old codebook headline, "
                         "written before the data; check before use")
        else:
            lines.append(f"# {c.id} = {_q(c.label)}")
    lines += ["", "# raise: respondents bring it up; observe: the analyst's judgement; describe: professionals describe it",
              "[phrasing]"]
    for c in codebook.codable():
        kind = code_kind(c.id)
        lines.append(f"{c.id} = \"{kind}\"" if kind != "raise" else f"# {c.id} = \"raise\"")
    return "\n".join(lines) + "\n"


def write_template(project, force: bool = False) -> Path:
    from workbench.store.codebooks import legacy_headlines, project_codebook

    path = Path(project.root) / "report.toml"
    if path.exists() and not force:
        raise InputError("report.toml already exists", path=str(path), hint="edit it, or pass --force to replace it")
    text = template_text(project_codebook(project), legacy_headlines(project))
    from workbench.files import write_atomic

    write_atomic(path, lambda p: Path(p).write_text(text, encoding="utf-8"))
    return path
