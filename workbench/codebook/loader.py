"""Read codebook files: YAML with line numbers (via PyYAML's composer), or .qdc.

``load_codebook`` is the strict entry point: it returns a valid :class:`Codebook` or raises
:class:`CodebookError` carrying every problem with its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.codebook.model import Codebook
from workbench.codebook.validate import PLACEHOLDER_MESSAGE, CodebookError, Problem, validate_data

# Fields whose YAML scalars are kept as written text even when YAML would read a number/date
# (``version: 1.10`` stays '1.10'), including the items of the list fields.
_TEXT_FIELDS = {"name", "version", "language", "description", "id", "label", "parent",
                "definition", "color", "memo", "guid",
                "include", "exclude", "examples", "keywords"}
_MAX_NODES = 200_000
_MAX_DEPTH = 200  # path length: about 100 levels of nested codes
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                  ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "merge")}
QDC_SUFFIXES = {".qdc", ".xml"}


class _TooLarge(Exception):
    pass


class _Refused(Exception):
    """A node the codebook format does not allow (custom tag, too deep); carries the problem."""

    def __init__(self, problem: Problem):
        self.problem = problem


def parse_text(text: str, *, allow_placeholders: bool = False) -> tuple[Codebook | None, list[Problem]]:
    """Parse and validate YAML text; the codebook is None when there are problems. With
    ``allow_placeholders`` a codebook whose only problems are unwritten (imported) definitions
    is returned too, with those problems (for export, which writes them without description)."""
    import yaml

    if not text.strip():
        return None, [Problem(1, "the file is empty; a codebook needs at least name and codes")]
    try:  # libyaml when present: fast, and it refuses nesting over 1000 levels itself
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(1, f"not valid YAML: {exc}")]
    except RecursionError:
        return None, [Problem(1, "not valid YAML: nested too deeply")]
    if node is None:
        return None, [Problem(1, "the file is empty; a codebook needs at least name and codes")]
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    try:
        data = _to_data(node, (), None, lines, problems, [0])
    except _TooLarge:
        return None, [Problem(1, "the file is too large or uses too many YAML aliases")]
    except _Refused as exc:
        return None, [exc.problem]
    legacy = pop_headlines(data)
    codebook, more = validate_data(data, lines.get)
    if codebook is not None:
        codebook._legacy_headlines = legacy
    problems = sorted(set(problems + more), key=lambda p: (p.line or 0, p.message))
    if allow_placeholders and problems and all(PLACEHOLDER_MESSAGE in p.message for p in problems):
        return Codebook.model_validate(data), problems
    return (None if problems else codebook), problems


def pop_headlines(data) -> dict[str, str]:
    """Remove the retired ``headline`` field from every code of parsed data; code id -> text.

    A headline was a finding written before the data (see docs/codebook-format.md); old files
    still load, and ``codebook load`` keeps the values as unverified suggestions."""
    found: dict[str, str] = {}

    def walk(codes) -> None:
        for code in codes if isinstance(codes, list) else []:
            if isinstance(code, dict):
                value = code.pop("headline", None)
                if value and isinstance(code.get("id"), str):
                    found[code["id"]] = str(value).strip()
                walk(code.get("children"))

    if isinstance(data, dict):
        walk(data.get("codes"))
    return found


def parse_file(path: str | Path) -> tuple[Codebook | None, list[Problem]]:
    """Parse and validate a codebook file (.yaml/.yml, or .qdc); never raises for bad input."""
    path = Path(path)
    if path.suffix.lower() in QDC_SUFFIXES:
        return _parse_qdc(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(None, "file not found")]
    except IsADirectoryError:
        return None, [Problem(None, "is a folder, not a codebook file")]
    except OSError as exc:
        return None, [Problem(None, f"cannot read the file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(line, "not UTF-8 text; save the file as UTF-8")]
    return parse_text(text)


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem in a codebook file (empty list when it is valid)."""
    return parse_file(path)[1]


SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data" / "codebooks"


def shipped_codebooks() -> dict[str, Path]:
    """The codebooks shipped with workbench, by file stem (``reintegratie``, ``willen-kunnen-doen``)."""
    return {p.stem: p for p in sorted(SHIPPED_DIR.glob("*.yaml"))}


def resolve_codebook(arg: str | Path) -> Path:
    """A codebook argument as a path: an existing file as given, else the shipped codebook of that name.

    A name without a suffix that is neither a file nor a shipped codebook is refused with the names
    that exist, so a new project folder (which has no ``codebooks/``) can still load the shipped one."""
    path = Path(arg)
    if path.exists() or path.suffix:
        return path
    shipped = shipped_codebooks()
    if path.name in shipped and path.parent == Path("."):
        return shipped[path.name]
    from workbench.errors import InputError

    raise InputError("no such codebook file, and no codebook of that name ships with workbench",
                     path=str(arg), hint=f"shipped codebooks: {', '.join(shipped)}; or give a .yaml/.qdc file")


def load_codebook(path: str | Path) -> Codebook:
    """A valid codebook from a YAML (or .qdc) file, or :class:`CodebookError` with all problems."""
    codebook, problems = parse_file(path)
    if problems or codebook is None:
        raise CodebookError(str(path), problems)
    return codebook


def loads_codebook(text: str, source: str = "<codebook>") -> Codebook:
    """A valid codebook from YAML text (e.g. stored in a project database)."""
    codebook, problems = parse_text(text)
    if problems or codebook is None:
        raise CodebookError(source, problems)
    return codebook


def _parse_qdc(path: Path) -> tuple[Codebook | None, list[Problem]]:
    from workbench.codebook.qdc import read_qdc_file
    from workbench.codebook.validate import check_codebook
    from workbench.errors import InputError

    try:
        codebook = read_qdc_file(path).codebook
    except InputError as exc:
        message = str(exc)
        prefix = f"{path}: "
        return None, [Problem(None, message[len(prefix):] if message.startswith(prefix) else message)]
    problems = check_codebook(codebook)
    return (None if problems else codebook), problems


def _yaml_problem(exc: Any) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    what = (exc.problem or exc.context or "unreadable").strip()
    hint = ""
    if "mapping values are not allowed" in what:
        hint = " (put text that contains ': ' between quotes)"
    elif "'\\t'" in what or "\\t" in what or "tab character" in what:
        hint = " (use spaces, not tabs, to indent)"
    elif "expected a single document" in what:
        hint = " (one codebook per file; remove the extra '---')"
    return Problem(line, f"not valid YAML: {what}{hint}")


def _to_data(node, path: tuple, key: str | None, lines: dict, problems: list, count: list) -> Any:
    """Plain Python data from a composed YAML node, recording the line of every path."""
    import yaml

    count[0] += 1
    if count[0] > _MAX_NODES:
        raise _TooLarge
    line = node.start_mark.line + 1
    if len(path) > _MAX_DEPTH:
        raise _Refused(Problem(line, f"nested more than {_MAX_DEPTH // 2} levels deep; "
                                     "a codebook needs far fewer levels"))
    if node.tag not in _STANDARD_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(Problem(line, f"YAML tag '{tag}' is not allowed; a codebook is plain "
                                     "YAML (remove the '!' tag)"))
    lines.setdefault(path, line)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for k_node, v_node in node.value:
            k = _scalar(k_node, None) if isinstance(k_node, yaml.ScalarNode) else None
            k_line = k_node.start_mark.line + 1
            if not isinstance(k, (str, int, float, bool)) or k is None:
                problems.append(Problem(k_line, "a key must be a plain word"))
                continue
            k = str(k) if not isinstance(k, str) else k
            if k in first_line:
                problems.append(Problem(k_line, f"duplicate key '{k}' (first on line "
                                                f"{first_line[k]})"))
                continue
            first_line[k] = k_line
            lines[path + (k,)] = k_line
            out[k] = _to_data(v_node, path + (k,), k, lines, problems, count)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, path + (i,), key, lines, problems, count)
                for i, item in enumerate(node.value)]
    return _scalar(node, key)


class _Constructor:
    """One SafeLoader for every scalar (making one per scalar was most of the load time)."""

    _loader = None

    def construct_object(self, node):
        import yaml

        if self._loader is None:
            _Constructor._loader = yaml.SafeLoader("")
        try:
            return self._loader.construct_object(node)
        except yaml.YAMLError as exc:
            raise _Refused(Problem(node.start_mark.line + 1, f"not valid YAML: {exc}".split("\n")[0])) from None


_CONSTRUCTOR = _Constructor()


def _scalar(node, key: str | None) -> Any:

    value = _CONSTRUCTOR.construct_object(node) if node.tag != "tag:yaml.org,2002:str" else node.value
    if key in _TEXT_FIELDS and value is not None and not isinstance(value, str):
        return node.value
    return value


def read_codebook_file(path: str | Path) -> Codebook:
    """A codebook from YAML (strict, like :func:`load_codebook`) or .qdc (lenient import).

    For .qdc the import notes are dropped; call :func:`workbench.codebook.qdc.read_qdc_file`
    to show them. Raises :class:`~workbench.errors.InputError` for unreadable files.
    """
    path = Path(path)
    if path.suffix.lower() in QDC_SUFFIXES:
        from workbench.codebook.qdc import read_qdc_file

        return read_qdc_file(path).codebook
    return load_codebook(path)


def read_for_export(path: str | Path) -> Codebook:
    """:func:`read_codebook_file`, except that unwritten (imported placeholder) definitions do not
    stop an export: such codes are exported without a description."""
    path = Path(path)
    if path.suffix.lower() in QDC_SUFFIXES:
        return read_codebook_file(path)
    codebook, problems = parse_file(path)
    if codebook is None:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            raise CodebookError(str(path), problems) from None
        codebook, problems = parse_text(text, allow_placeholders=True)
        if codebook is None:  # what stops the export, not the placeholders it would allow
            raise CodebookError(str(path), [p for p in problems if PLACEHOLDER_MESSAGE not in p.message]
                                or problems)
    return codebook
