"""Pydantic model of a codebook: metadata plus a (nested) list of codes.

A code may nest children under ``children`` or point to its parent with ``parent``;
:meth:`Codebook.flat` returns every code once, with ``parent`` filled in, in tree order.
The model checks shapes (types, slugs, colours); the rules between codes (unique ids, known
parents, no cycles, valid keyword patterns, ...) live in :mod:`workbench.codebook.validate`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SLUG = r"^[a-z0-9][a-z0-9_\-]*$"
COLOR = r"^#[0-9A-Fa-f]{6}$"


class Code(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, description="Stable slug; codings keep their identity by it.")
    label: str = Field(min_length=1, description="Dutch label shown to users.")
    parent: str | None = Field(None, description="id of the parent code (alternative to nesting).")
    definition: str = Field(min_length=1, description="What the code means (Dutch, precise).")
    include: list[str] = Field(default_factory=list, description="Inclusion rules.")
    exclude: list[str] = Field(
        default_factory=list,
        description="Exclusion rules (code elsewhere); may end with '→ code_id' naming that code.",
    )
    examples: list[str] = Field(default_factory=list, description="Anchor quotes (fictional).")
    keywords: list[str] = Field(
        default_factory=list,
        description="Words, phrases or regular expressions that signal the code (case-insensitive).",
    )
    color: str | None = Field(None, pattern=COLOR, description="Colour as #rrggbb.")
    memo: str | None = Field(None, description="Free notes for the research team.")
    codable: bool = Field(True, description="False for pure grouping categories.")
    guid: str | None = Field(None, description="REFI-QDA GUID; derived from codebook and id if absent.")
    children: list["Code"] = Field(default_factory=list, description="Nested child codes.")

    def keyword_patterns(self) -> list[re.Pattern[str]]:
        """The keywords compiled as case-insensitive regular expressions (search anywhere)."""
        return [re.compile(k, re.IGNORECASE) for k in self.keywords]


class Codebook(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Codebook")

    name: str = Field(min_length=1, description="Short stable name; code GUIDs derive from it.")
    version: str = Field("1", description="Version of this codebook, e.g. '1.2'.")
    language: str = Field("nl", description="Language of labels, definitions and examples.")
    description: str | None = Field(None, description="What the codebook is for.")
    codes: list[Code] = Field(default_factory=list, description="Top-level codes (nest via children).")
    # ``headline`` values found in an older codebook file (code id -> text): no longer part of the
    # format; ``codebook load`` keeps them as unverified heading suggestions for report.toml.
    _legacy_headlines: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def legacy_headlines(self) -> dict[str, str]:
        return dict(self._legacy_headlines)

    def flat(self) -> list[Code]:
        """Every code once, tree order, ``parent`` set and ``children`` emptied."""
        out: list[Code] = []

        def walk(codes: list[Code], parent: str | None) -> None:
            for c in codes:
                flat_code = c.model_copy(update={"children": [], "parent": c.parent or parent})
                out.append(flat_code)
                walk(c.children, c.id)

        walk(self.codes, None)
        return out

    def codable(self) -> list[Code]:
        return [c for c in self.flat() if c.codable]

    def get(self, code_id: str) -> Code:
        for c in self.flat():
            if c.id == code_id:
                return c
        raise KeyError(code_id)

    def nested(self) -> "Codebook":
        """A copy with every code nested under its parent (``parent`` fields cleared).

        Codes written with ``parent:`` move under that parent; order follows :meth:`flat`.
        Assumes a valid codebook (known parents, no cycles); unknown parents become roots.
        """
        flat = self.flat()
        ids = {c.id for c in flat}
        kids: dict[str | None, list[Code]] = {}
        for c in flat:
            key = c.parent if c.parent in ids and c.parent != c.id else None
            kids.setdefault(key, []).append(c)

        def build(parent: str | None, seen: frozenset[str]) -> list[Code]:
            out = []
            for c in kids.get(parent, []):
                if c.id in seen:
                    continue
                children = build(c.id, seen | {c.id})
                out.append(c.model_copy(update={"parent": None, "children": children}))
            return out

        return self.model_copy(update={"codes": build(None, frozenset())})


Code.model_rebuild()


def codebook_json_schema() -> dict:
    """JSON Schema (draft 2020-12) of the codebook file format, generated from the model."""
    schema = Codebook.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            "Generated by `workbench codebook schema`. Checks shapes only; "
            "`workbench codebook validate` also checks ids, parents, cycles and keywords."
        ),
        **schema,
    }
