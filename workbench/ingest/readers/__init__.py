"""Transcript readers: turn a transcript file into a list of speaker turns.

`read_transcript` picks the reader by extension. Every problem with the file itself is raised
as `InputError` naming the file; library exceptions never escape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from workbench.errors import InputError, WorkbenchError
from workbench.ingest.turns import Turn

__all__ = ["SUPPORTED_EXTENSIONS", "read_transcript", "read_transcript_with_headers"]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".docx", ".txt", ".md", ".vtt", ".srt", ".odt")


def _reader(extension: str) -> Callable[..., list[Turn]]:
    if extension in (".txt", ".md"):
        from workbench.ingest.readers.text import read_text

        return read_text
    if extension == ".docx":
        from workbench.ingest.readers.docx import read_docx

        return read_docx
    if extension == ".vtt":
        from workbench.ingest.readers.webvtt import read_vtt

        return read_vtt
    if extension == ".srt":
        from workbench.ingest.readers.srt import read_srt

        return read_srt
    from workbench.ingest.readers.odt import read_odt

    return read_odt


def check_input_file(path: Path, missing: str = "file does not exist") -> None:
    """The path names a real file: not a symbolic link (it could point anywhere, e.g. /etc/passwd),
    not a folder, and it exists. One line otherwise."""
    name = str(path)
    if path.is_symlink():
        raise InputError("is a symbolic link; give the transcript file itself", path=name,
                         hint="links are not followed, so no file outside the folders you name is read")
    if path.is_dir():
        raise InputError("is a folder, not a file", path=name, hint="give the transcript files, e.g. folder/*.docx")
    if not path.exists():
        raise InputError(missing, path=name, hint="check the path")


def read_transcript(path: Path, *, extra_labels: Iterable[str] = (), limits=None) -> list[Turn]:
    """Read a transcript (.docx, .txt, .md, .vtt, .srt, .odt) into speaker turns.

    ``extra_labels`` are speaker labels to accept in addition to the built-in rules (e.g. the
    ``speaker`` column of respondents.csv). ``limits`` (:class:`~workbench.ingest.limits.Limits`,
    default the documented defaults) are checked before the file is parsed. Returns at least one
    turn with text; no turn is longer than ``limits.max_turn_chars``. Headers and footers of a
    transcription service are left out (see :func:`read_transcript_with_headers`).
    """
    return read_transcript_with_headers(path, extra_labels=extra_labels, limits=limits)[0]


def read_transcript_with_headers(path: Path, *, extra_labels: Iterable[str] = (), limits=None
                                 ) -> tuple[list[Turn], list[tuple[str, str]]]:
    """The speech turns of a transcript and its header/footer lines as ``(key, value)`` pairs
    (``Bestand``, ``Duur``, ``Datum opname``, ``Transcriptie door``, page footers …)."""
    from workbench.ingest.headers import split_headers
    from workbench.ingest.limits import Limits, check_lines, check_size, check_zip, split_long_turns

    limits = limits or Limits()
    path = Path(path)
    name = str(path)
    extension = path.suffix.lower()
    check_input_file(path)
    if extension not in SUPPORTED_EXTENSIONS:
        kind = f'"{path.suffix}"' if path.suffix else "no extension"
        raise InputError(
            f"unsupported file type ({kind})",
            path=name,
            hint="supported: " + ", ".join(SUPPORTED_EXTENSIONS),
        )
    if not path.is_file():
        raise InputError("is not a file", path=name, hint="give the path of a transcript file")
    try:
        if path.stat().st_size == 0:
            raise InputError("file is empty", path=name, hint="export the transcript again")
        check_size(path, limits)
        if extension in (".docx", ".odt"):
            check_zip(path, limits)
        else:
            check_lines(path, limits)
        turns = _reader(extension)(path, extra_labels=tuple(extra_labels))
    except WorkbenchError:
        raise
    except Exception as exc:  # last resort: never let a library exception escape
        raise InputError(
            f"could not read the file ({type(exc).__name__}: {exc})", path=name
        ) from exc
    turns, headers = split_headers([t for t in turns if t.text.strip()])
    turns = split_long_turns(turns, limits.max_turn_chars)
    if not turns:
        raise InputError("contains no text", path=name, hint="is this the right file?")
    return turns, headers
