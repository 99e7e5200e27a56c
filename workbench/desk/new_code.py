"""A new code made while coding: checked like `codebook validate`, and appended to the
codebook's YAML file with its comments and layout kept (ruamel.yaml round trip)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from workbench.codebook.model import Code, Codebook
from workbench.errors import InputError


def check_new_code(codebook: Codebook, values: dict) -> tuple[Code | None, str | None]:
    """The new code, or the first problem as one line (the rules of `codebook validate`)."""
    from pydantic import ValidationError

    from workbench.codebook.validate import check_codebook

    data = {k: v for k, v in values.items() if v}
    for name in ("id", "label", "definition"):
        if not data.get(name):
            return None, f"{name} is required"
    try:
        code = Code.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        if field == "id":
            return None, "id: use lower-case letters, digits, '_' or '-' (e.g. werkdruk)"
        return None, f"{field}: {err['msg']}"
    if any(c.id == code.id for c in codebook.flat()):
        return None, f"code id {code.id!r} already exists"
    combined = codebook.model_copy(update={"codes": [*codebook.flat(), code]})
    problems = check_codebook(combined)
    return (None, problems[0].message) if problems else (code, None)


def check_codebook_file(path: Path) -> Codebook:
    """The codebook a --codebook-file holds, or one clear error."""
    from workbench.codebook.loader import parse_file

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError("--codebook-file must be a YAML codebook (.yaml/.yml)", path=str(path))
    codebook, problems = parse_file(path)
    if problems:
        first = problems[0]
        raise InputError(f"line {first.line}: {first.message}" if first.line else first.message, path=str(path),
                         hint=f"run `workbench codebook validate {path}`")
    return codebook


def appended_yaml(path: Path, code: Code) -> str:
    """The file's text with ``code`` added: under its parent's ``children`` when the parent is
    nested in the file, else at the end of ``codes`` (with ``parent:``). Comments stay."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from workbench.codebook.loader import parse_text
    from workbench.codebook.yaml_io import _CODE_FIELDS

    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 88
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of `codebook export` and the shipped files
    doc = yaml.load(path.read_text(encoding="utf-8"))
    entry = CommentedMap()
    for name in ["id", "label", "parent", *[f for f in _CODE_FIELDS if f not in ("id", "label")]]:
        value = getattr(code, name)
        if value not in (None, "", []) and not (name == "codable" and value is True):
            entry[name] = value
    target = _find(doc.get("codes") or [], code.parent) if code.parent else None
    if target is not None:
        entry.pop("parent", None)
        if "children" not in target or target["children"] is None:
            target["children"] = CommentedSeq()
        target["children"].append(entry)
    else:
        if doc.get("codes") is None:
            doc["codes"] = CommentedSeq()
        doc["codes"].append(entry)
    buf = io.StringIO()
    yaml.dump(doc, buf)
    text = buf.getvalue()
    book, problems = parse_text(text)
    if problems:  # never write a file that `codebook validate` would refuse
        raise InputError(f"the code would make the file invalid: {problems[0].message}", path=str(path))
    return text


def write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _find(codes, code_id: str):
    for c in codes:
        if isinstance(c, dict) and c.get("id") == code_id:
            return c
        found = _find(c.get("children") or [], code_id) if isinstance(c, dict) else None
        if found is not None:
            return found
    return None
