"""``workbench report --init-config``: a report.toml to start from, with the codebook's codes
under [headings] and [phrasing], the respondent attribute values found in the project under
[labels.<attribute>] with their default labels (commented suggestions: the defaults apply
anyway), and any retired codebook headlines as commented, unverified suggestions (never used
unless the analyst uncomments them after checking them against the data)."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.errors import InputError
from workbench.synthesis.phrasing import code_kind


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(text: str) -> str:
    """A TOML key: bare when it can be, else quoted."""
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _q(text)


def label_lines(values: dict[str, list[str]] | None) -> list[str]:
    """[labels.<attribute>] per respondent attribute, each raw value found with its default label
    as a commented suggestion ("# Wajong2015 = \"Wajong 2015\""): the analyst uncomments and edits
    the ones to change (e.g. to "Wajong" to merge the Wajong variants)."""
    from workbench.synthesis.grouping import default_label

    lines = ["# How attribute values read in attributions and group names. Without a line, a value",
             "# reads as its default label (shown): letters and a trailing year apart, snake_case as words."]
    if not values:
        return lines + ["[labels.uitkering]", '# Wajong2015 = "Wajong 2015"   # e.g. "Wajong" to merge the variants']
    for attribute in sorted(values):
        lines += [f"[labels.{_key(attribute)}]"]
        lines += [f"# {_key(v)} = {_q(default_label(v))}" for v in sorted(set(values[attribute]), key=str.lower)]
        lines.append("")
    return lines[:-1]


def template_text(codebook, headlines: dict[str, str], values: dict[str, list[str]] | None = None) -> str:
    lines = ["# report.toml: settings of `workbench report` (see docs/report.md). Every key is optional.",
             "[report]", "# chapter_number = 2", "# group_by = \"type\"        # or uitkering, wave, \"uitkering,wave\"",
             "# k_anonymity = 3           # attributes left out when fewer respondents share them",
             "# body_only = false", "", "[quotes]", "# per_theme = 3", "# clean = true              "
             "# tags as words, [lacht] and fillers out, false starts cut with (…)", "# question = true", "",
             "[attribution]", '# deelnemer = ["uitkering", "wave"]', "",
             *label_lines(values), "",
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
    from workbench.store.transcripts import list_respondents

    path = Path(project.root) / "report.toml"
    if path.exists() and not force:
        raise InputError("report.toml already exists", path=str(path), hint="edit it, or pass --force to replace it")
    values: dict[str, list[str]] = {}
    for r in list_respondents(project):
        for attribute, value in (r.attributes or {}).items():
            if value is not None and str(value).strip():
                values.setdefault(attribute, []).append(str(value).strip())
    text = template_text(project_codebook(project), legacy_headlines(project), values)
    from workbench.files import write_atomic

    write_atomic(path, lambda p: Path(p).write_text(text, encoding="utf-8"))
    return path
