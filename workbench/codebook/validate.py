"""Validation of codebook data: shape (via the pydantic model) and the rules between codes.

Every finding is a :class:`Problem` with a line number (when the data came from a file) and
one clear message. Rules beyond the model:

* code ids are unique; a ``parent`` names an existing code; parents form no cycle; a nested
  code that also says ``parent:`` must name the code it is nested under;
* label and definition are not blank, and a definition is not an import placeholder (TODO);
* every keyword is a valid regular expression that does not match empty text and has no
  repetition inside a repetition (exponential time, see ``patterns.py``);
* a grouping category (``codable: false``) is never used as a code: it has child codes, no
  anchor ``examples`` and no ``keywords``, and no include/exclude rule points to it with
  ``→ code_id``; such a pointer must name an existing code other than the rule's own code;
* a stored ``guid`` is a GUID and unique; the codebook has at least one codable code.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable

from workbench.codebook.ids import is_guid, normalize_guid, slugify
from workbench.codebook.model import Code, Codebook
from workbench.errors import InputError

Path_ = tuple[Any, ...]
LineOf = Callable[[Path_], "int | None"]

PLACEHOLDER_PREFIX = "TODO"
PLACEHOLDER_MESSAGE = "definition is still a placeholder"
# "… → financial_uncertainty" or "… -> financial_uncertainty" at the end of a rule.
REF_RE = re.compile(r"(?:→|->)\s*`?([A-Za-z0-9][A-Za-z0-9_\-]*)`?\s*\.?\s*$")


@dataclass(frozen=True)
class Problem:
    """One finding: ``line`` is 1-based (None when unknown), ``message`` one line."""

    line: int | None
    message: str

    def format(self, source: str) -> str:
        """``FILE:LINE: message`` (``FILE: message`` without a line), always one line."""
        message = self.message.replace("\r", "").replace("\n", "\\n")
        return f"{source}:{self.line}: {message}" if self.line else f"{source}: {message}"


class CodebookError(InputError):
    """A codebook file that does not validate; ``problems`` lists every finding."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = list(problems)
        first = problems[0].format(source) if problems else f"{source}: invalid codebook"
        more = len(problems) - 1
        message = first if not more else f"{first} (and {more} more problem{'s' * (more > 1)})"
        hint = f"run `workbench codebook validate {source}` to list them" if more else None
        super().__init__(message, hint=hint)


def rule_reference(rule: str) -> str | None:
    """The code id a rule points to with a trailing '→ code_id', if any."""
    m = REF_RE.search(rule)
    return m.group(1) if m else None


def did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --------------------------------------------------------------------------------------------
# Entry points


def validate_data(data: Any, line_of: LineOf | None = None) -> tuple[Codebook | None, list[Problem]]:
    """Check plain data (as parsed from YAML); returns the codebook if it is valid."""
    line_of = line_of or (lambda path: None)
    if not isinstance(data, dict):
        kind = _kind(data)
        return None, [Problem(line_of(()) or 1, f"expected a mapping with name, version, language, "
                                                  f"description and codes at the top, found {kind}")]
    problems = _shape_problems(data, line_of)
    problems += _rule_problems(data, line_of)
    problems = sorted(set(problems), key=lambda p: (p.line or 0, p.message))
    if problems:
        return None, problems
    return Codebook.model_validate(data), []


def check_codebook(codebook: Codebook) -> list[Problem]:
    """The rules between codes for an in-memory codebook (e.g. imported from .qdc); no lines."""
    return validate_data(codebook.model_dump(exclude_none=True))[1]


# --------------------------------------------------------------------------------------------
# Shape: pydantic errors translated to one friendly line each


def _shape_problems(data: dict, line_of: LineOf) -> list[Problem]:
    from pydantic import ValidationError

    try:
        Codebook.model_validate(data)
        return []
    except ValidationError as exc:
        return [_translate(err, data, line_of) for err in exc.errors()]


def _translate(err: dict, data: dict, line_of: LineOf) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    line = _line(loc, line_of)
    ctx, field = _context(data, loc)
    value = err.get("input")
    if kind == "extra_forbidden":
        fields = list(Code.model_fields if ctx else Codebook.model_fields)
        where = ctx or "top-level "
        return Problem(line, f"{where}unknown field '{field}'{did_you_mean(str(field), fields)}")
    if kind == "missing":
        return Problem(line, f"{ctx}missing required field '{field}'")
    if kind == "string_pattern_mismatch" and field == "id":
        return Problem(line, f"code id '{value}' is not a valid slug: use lowercase letters, digits, "
                             f"'_' or '-' (e.g. '{slugify(str(value))}')")
    if kind == "string_pattern_mismatch" and field == "color":
        return Problem(line, f"{ctx}colour '{value}' is not of the form #rrggbb (e.g. #1f77b4)")
    if kind == "string_too_short":
        return Problem(line, f"{ctx}'{field}' is empty")
    if kind == "string_type":
        hint = " (quote text that contains ': ' or starts with a special character)" \
            if isinstance(value, dict) else ""
        return Problem(line, f"{ctx}{_describe(loc)} must be text, found {_kind(value)}{hint}")
    if kind == "list_type":
        return Problem(line, f"{ctx}'{field}' must be a list: put each item on its own line "
                             f"starting with '- '")
    if kind in ("bool_type", "bool_parsing"):
        return Problem(line, f"{ctx}'{field}' must be true or false, found '{value}'")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Problem(line, f"{_describe(loc)} must be a mapping with at least id, label and "
                             f"definition, found {_kind(value)}")
    return Problem(line, f"{ctx}{_describe(loc)}: {err['msg']}")


def _line(loc: Path_, line_of: LineOf) -> int | None:
    for n in range(len(loc), -1, -1):
        line = line_of(loc[:n])
        if line:
            return line
    return None


def _context(data: dict, loc: Path_) -> tuple[str, Any]:
    """('code 'x': ', last field name) for an error location."""
    node: Any = data
    code_id = None
    for i, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and i > 0 and loc[i - 1] in ("codes", "children") \
                and isinstance(node, dict):
            code_id = node.get("id") if isinstance(node.get("id"), str) else f"#{part + 1}"
    field = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if code_id is None:
        return "", field
    return f"code '{code_id}': ", field


def _describe(loc: Path_) -> str:
    if loc and isinstance(loc[-1], int) and len(loc) > 1 and isinstance(loc[-2], str):
        return f"'{loc[-2]}' item {loc[-1] + 1}"
    if loc and isinstance(loc[-1], int):
        return f"item {loc[-1] + 1}"
    return f"'{loc[-1]}'" if loc else "the file"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


# --------------------------------------------------------------------------------------------
# Rules between codes, on the raw data (tolerant of shape errors reported above)


@dataclass
class _RawCode:
    path: Path_
    data: dict
    enclosing: str | None  # id of the code it is nested under

    @property
    def id(self) -> str | None:
        v = self.data.get("id")
        return v if isinstance(v, str) else None

    def list_of(self, field: str) -> list[tuple[int, str]]:
        v = self.data.get(field)
        return [(i, s) for i, s in enumerate(v) if isinstance(s, str)] if isinstance(v, list) else []


def _raw_codes(data: dict) -> list[_RawCode]:
    out: list[_RawCode] = []

    def walk(items: Any, path: Path_, enclosing: str | None) -> None:
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            if isinstance(item, dict):
                rc = _RawCode(path + (i,), item, enclosing)
                out.append(rc)
                walk(item.get("children"), path + (i, "children"), rc.id)

    walk(data.get("codes"), ("codes",), None)
    return out


def _rule_problems(data: dict, line_of: LineOf) -> list[Problem]:
    codes = _raw_codes(data)
    problems: list[Problem] = []

    def at(rc: _RawCode, *field: Any) -> int | None:
        return _line(rc.path + field, line_of)

    by_id: dict[str, _RawCode] = {}
    for rc in codes:
        if rc.id is None:
            continue
        if rc.id in by_id:
            first = at(by_id[rc.id])
            where = f" (first defined on line {first})" if first else ""
            problems.append(Problem(at(rc, "id"), f"duplicate code id '{rc.id}'{where}"))
        else:
            by_id[rc.id] = rc
    ids = list(by_id)

    # effective parent of each code: explicit `parent:` or the code it is nested under
    parent_of: dict[str, str] = {}
    for rc in codes:
        explicit = rc.data.get("parent")
        if isinstance(explicit, str) and explicit:
            if explicit not in by_id:
                problems.append(Problem(at(rc, "parent"), f"code '{rc.id}': unknown parent "
                                                          f"'{explicit}'{did_you_mean(explicit, ids)}"))
            elif rc.enclosing and explicit != rc.enclosing:
                problems.append(Problem(at(rc, "parent"), f"code '{rc.id}' is nested under "
                                        f"'{rc.enclosing}' but says parent: '{explicit}'"))
                if rc.id:
                    parent_of.setdefault(rc.id, rc.enclosing)
            elif explicit == rc.id:
                problems.append(Problem(at(rc, "parent"), f"code '{rc.id}' is its own parent"))
            elif rc.id:
                parent_of.setdefault(rc.id, explicit)
        elif rc.id and rc.enclosing:
            parent_of.setdefault(rc.id, rc.enclosing)
    problems += _cycles(parent_of, by_id, at)

    has_children = set(parent_of.values())
    guids: dict[str, str] = {}
    for rc in codes:
        name = f"code '{rc.id}'" if rc.id else "code"
        for field in ("label", "definition"):
            v = rc.data.get(field)
            if isinstance(v, str) and v and not v.strip():
                problems.append(Problem(at(rc, field), f"{name}: '{field}' is empty"))
        problems += _control_problems(name, rc, at)
        d = rc.data.get("definition")
        if isinstance(d, str) and d.strip().startswith(PLACEHOLDER_PREFIX):
            problems.append(Problem(at(rc, "definition"), f"{name}: {PLACEHOLDER_MESSAGE}; "
                                                          f"write the definition"))
        for i, kw in rc.list_of("keywords"):
            problems += _keyword_problem(name, kw, at(rc, "keywords", i))
        if rc.data.get("codable") is False:
            if rc.list_of("examples"):
                problems.append(Problem(at(rc, "examples"), f"{name} is codable: false (a grouping "
                                        f"category) but has anchor examples; move them to a child "
                                        f"code or set codable: true"))
            if rc.list_of("keywords"):
                problems.append(Problem(at(rc, "keywords"), f"{name} is codable: false (a grouping "
                                        f"category) but has keywords, so it would be suggested; "
                                        f"move them to a child code"))
            if rc.id and rc.id not in has_children:
                problems.append(Problem(at(rc, "codable"), f"{name} is codable: false but has no "
                                        f"child codes; add children or set codable: true"))
        for field in ("include", "exclude"):
            for i, rule in rc.list_of(field):
                problems += _reference_problem(name, rc.id, field, rule, by_id, ids,
                                               at(rc, field, i))
        g = rc.data.get("guid")
        if isinstance(g, str) and g:
            if not is_guid(g):
                problems.append(Problem(at(rc, "guid"), f"{name}: guid '{g}' is not a GUID "
                                        f"(like 3F2504E0-4F89-11D3-9A0C-0305E82C3301)"))
            elif normalize_guid(g) in guids:
                problems.append(Problem(at(rc, "guid"), f"{name}: guid '{g}' is also used by code "
                                                        f"'{guids[normalize_guid(g)]}'"))
            else:
                guids[normalize_guid(g)] = rc.id or "?"

    if isinstance(data.get("codes", []), list) and not any(
        rc.data.get("codable", True) is not False for rc in codes
    ):
        problems.append(Problem(_line(("codes",), line_of) or 1, "the codebook has no codable codes"))
    return problems


TEXT_FIELDS = ("label", "definition", "memo", "color")
LIST_FIELDS = ("include", "exclude", "examples", "keywords")


def _control_problems(name: str, rc: "_RawCode", at) -> list[Problem]:
    """Control characters (a vertical tab pasted from Word, ...) make the .qdc export not XML."""
    from workbench.codebook.qdc_text import CONTROL

    found = [((f,), rc.data.get(f)) for f in TEXT_FIELDS] + \
            [((f, i), v) for f in LIST_FIELDS for i, v in rc.list_of(f)]
    out = []
    for path, value in found:
        m = CONTROL.search(value) if isinstance(value, str) else None
        if m:
            where = path[0] + (f" item {path[1] + 1}" if len(path) > 1 else "")
            out.append(Problem(at(rc, *path), f"{name}: '{where}' contains the control character "
                               f"U+{ord(m.group(0)):04X} (e.g. a line break pasted from Word); remove it"))
    return out


def _cycles(parent_of: dict[str, str], by_id: dict[str, _RawCode], at) -> list[Problem]:
    """Each parent cycle once; every code is walked once (linear in the number of codes)."""
    problems = []
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in parent_of:
        if start in state:
            continue
        chain, node = [], start
        while node in parent_of and node not in state:
            state[node] = 1
            chain.append(node)
            node = parent_of[node]
        if state.get(node) == 1:  # the walk met itself: a new cycle
            cycle = chain[chain.index(node):]
            first = min(cycle, key=lambda c: at(by_id[c], "parent") or 0)
            i = cycle.index(first)
            ordered = cycle[i:] + cycle[:i] + [first]
            problems.append(Problem(at(by_id[first], "parent"),
                                    f"parent cycle: {' → '.join(ordered)}"))
        for visited in chain:
            state[visited] = 2
    return problems


def _keyword_problem(name: str, kw: str, line: int | None) -> list[Problem]:
    try:
        pattern = re.compile(kw, re.IGNORECASE)
    except re.error as exc:
        return [Problem(line, f"{name}: keyword '{kw}' is not a valid regular expression: {exc}")]
    if pattern.search("") is not None:
        return [Problem(line, f"{name}: keyword '{kw}' matches empty text, so it would fire "
                              f"everywhere")]
    from workbench.codebook.patterns import unsafe_pattern

    why = unsafe_pattern(kw)
    if why:
        return [Problem(line, f"{name}: keyword '{kw}' is refused: {why}")]
    return []


def _reference_problem(name, own_id, field, rule, by_id, ids, line) -> list[Problem]:
    ref = rule_reference(rule)
    if ref is None:
        return []
    if ref not in by_id:
        return [Problem(line, f"{name}: {field} rule points to unknown code "
                              f"'{ref}'{did_you_mean(ref, ids)}")]
    if ref == own_id:
        return [Problem(line, f"{name}: {field} rule points to the code itself")]
    if by_id[ref].data.get("codable") is False:
        return [Problem(line, f"{name}: {field} rule points to '{ref}', which is codable: false "
                              f"(a grouping category); point to one of its child codes")]
    return []
