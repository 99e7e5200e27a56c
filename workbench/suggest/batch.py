"""Batch mode: JSONL segments in, JSONL suggestions out (no project needed).

Input lines are ``{"id": ..., "text": "..."}``, optionally with ``"context": "..."`` (the
interviewer's question before the segment, read with it; see :mod:`.context`); blank lines are
skipped. Every line is checked
before anything is written, so a bad line leaves no partial output behind. Output lines are
``{"id": ..., "suggestions": [{"code", "score", "suggested", "rationale"}, ...]}`` in input order,
each listing every codable code, highest score first.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Iterable, Optional, Union

from workbench.codebook.model import Codebook
from workbench.errors import InputError
from workbench.suggest.context import context_field
from workbench.suggest.embed import Progress
from workbench.suggest.engine import SuggestEngine, Suggestion

STDIO = "-"


def load_codebook_file(path: Union[str, Path]) -> Codebook:
    """Load a codebook YAML/JSON file with the project's loader, or plainly if it is absent."""
    path = Path(path)
    try:
        from workbench.codebook.loader import load_codebook
    except ImportError:
        load_codebook = None
    if load_codebook is not None:
        return load_codebook(path)
    import yaml
    from pydantic import ValidationError

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Codebook.model_validate(data)
    except OSError as exc:
        raise InputError(f"cannot read codebook: {exc.strerror or exc}", path=str(path)) from exc
    except (yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"not a valid codebook: {first}", path=str(path)) from exc


def json_lines(lines: list[str], name: str):
    """``(line number, parsed object)`` for each non-blank line; bad JSON names its line."""
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield no, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {no}: not valid JSON ({exc.msg})", path=name) from exc


def read_segments(source: Union[str, Path], stream: Optional[IO[str]] = None) -> list[tuple[object, str, str]]:
    """``(id, text, context)`` from a JSONL file (``-`` = ``stream`` or stdin), all lines checked;
    ``context`` is ``""`` when the line has none."""
    name = "<stdin>" if str(source) == STDIO else str(source)
    try:
        if str(source) == STDIO:
            lines = (stream or sys.stdin).read().splitlines()
        else:
            lines = Path(source).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError("file not found", path=name, hint="give an existing JSONL file or - for stdin") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read input: {exc}", path=name) from exc
    items: list[tuple[object, str, str]] = []
    for no, obj in json_lines(lines, name):
        if not isinstance(obj, dict):
            raise InputError(f"line {no}: expected an object like {{\"id\": ..., \"text\": ...}}", path=name)
        if "id" not in obj or obj["id"] is None or isinstance(obj["id"], (bool, dict, list)):
            raise InputError(f"line {no}: missing \"id\" (a string or number)", path=name)
        if "text" not in obj:
            raise InputError(f"line {no}: missing \"text\"", path=name)
        if not isinstance(obj["text"], str):
            raise InputError(f"line {no}: \"text\" must be a string", path=name)
        items.append((obj["id"], obj["text"], context_field(obj, no, name)))
    return items


def suggestion_record(item_id: object, suggestions: list[Suggestion]) -> dict:
    """One output line as a dict."""
    return {
        "id": item_id,
        "suggestions": [
            {"code": s.code, "score": s.score, "suggested": s.suggested, "rationale": s.rationale}
            for s in suggestions
        ],
    }


def write_jsonl(target: Union[str, Path], records: Iterable[dict], stream: Optional[IO[str]] = None) -> None:
    """Write records as JSONL to a file (atomically, via a temporary file) or ``-`` (stdout)."""
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    if str(target) == STDIO:
        out = stream or sys.stdout
        out.writelines(lines)
        out.flush()
        return
    path = Path(target)
    if path.parent and not path.parent.is_dir():
        raise InputError("output folder does not exist", path=str(path.parent))
    from workbench.files import write_text_atomic

    write_text_atomic(path, "".join(lines))


def run_batch(
    engine: SuggestEngine,
    source: Union[str, Path],
    target: Union[str, Path],
    *,
    stdin: Optional[IO[str]] = None,
    stdout: Optional[IO[str]] = None,
    progress: Optional[Progress] = None,
) -> int:
    """Read, check, score and write; returns the number of segments written."""
    items = read_segments(source, stdin)
    if str(target) != STDIO:
        parent = Path(target).parent
        if not parent.is_dir():
            raise InputError("output folder does not exist", path=str(parent))
    contexts = [context for _, _, context in items]
    texts = [text for _, text, _ in items]
    results = engine.suggest(texts, progress=progress, contexts=contexts if any(contexts) else None) if items else []
    write_jsonl(target, (suggestion_record(i, s) for (i, _, _), s in zip(items, results)), stdout)
    return len(items)
