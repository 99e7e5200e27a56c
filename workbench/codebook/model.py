"""Pydantic model of a codebook: metadata plus a (nested) list of codes.

A code may nest children under ``children`` or point to its parent with ``parent``;
:meth:`Codebook.flat` returns every code once, with ``parent`` filled in, in tree order.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SLUG = r"^[a-z0-9][a-z0-9_\-]*$"


class Code(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, description="Stable slug; codings keep their identity by it.")
    label: str = Field(min_length=1, description="Dutch label shown to users.")
    parent: str | None = Field(None, description="id of the parent code (alternative to nesting).")
    definition: str = Field(min_length=1)
    include: list[str] = Field(default_factory=list, description="Inclusion rules.")
    exclude: list[str] = Field(default_factory=list, description="Exclusion rules (code elsewhere).")
    examples: list[str] = Field(default_factory=list, description="Anchor quotes (fictional).")
    keywords: list[str] = Field(
        default_factory=list,
        description="Words, phrases or regular expressions that signal the code (case-insensitive).",
    )
    headline: str | None = Field(None, description="Finding sentence used as report heading.")
    color: str | None = Field(None, pattern=r"^#[0-9A-Fa-f]{6}$")
    memo: str | None = None
    codable: bool = Field(True, description="False for pure grouping categories.")
    guid: str | None = Field(None, description="REFI-QDA GUID; derived from codebook and id if absent.")
    children: list["Code"] = Field(default_factory=list)


class Codebook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    version: str = "1"
    language: str = "nl"
    description: str | None = None
    codes: list[Code] = Field(default_factory=list)

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


Code.model_rebuild()
