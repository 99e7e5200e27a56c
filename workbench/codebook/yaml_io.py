"""Write a codebook as YAML in the documented layout (nested codes, fixed field order)."""

from __future__ import annotations

from typing import Any

from workbench.codebook.model import Code, Codebook

_CODE_FIELDS = ["id", "label", "codable", "definition", "include", "exclude", "examples",
                "keywords", "color", "memo", "guid"]


def codebook_to_data(codebook: Codebook) -> dict[str, Any]:
    """Plain data in file order: codes nested, defaults and empty fields left out."""
    out: dict[str, Any] = {"name": codebook.name, "version": codebook.version,
                           "language": codebook.language}
    if codebook.description:
        out["description"] = codebook.description
    out["codes"] = [_code_data(c) for c in codebook.nested().codes]
    return out


def _code_data(code: Code) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _CODE_FIELDS:
        value = getattr(code, name)
        if name == "codable":
            if value is False:
                out[name] = False
        elif value not in (None, "", []):
            out[name] = list(value) if isinstance(value, list) else value
    if code.children:
        out["children"] = [_code_data(c) for c in code.children]
    return out


def dump_yaml(codebook: Codebook, *, header: str | None = None) -> str:
    """The codebook as YAML text that :func:`workbench.codebook.loader.loads_codebook` reads back."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str):
        style = "|" if "\n" in value.strip("\n") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    text = yaml.dump(codebook_to_data(codebook), Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=88, indent=2, default_flow_style=False)
    if header is None:
        header = f"# Codeboek '{codebook.name}' (formaat: docs/codebook-format.md)\n"
    return header + text
