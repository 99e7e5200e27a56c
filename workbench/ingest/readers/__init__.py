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


def read_transcript(path: Path, *, extra_labels: Iterable[str] = ()) -> list[Turn]:
    """Read a transcript (.docx, .txt, .md, .vtt, .srt, .odt) into speaker turns.

    ``extra_labels`` are speaker labels to accept in addition to the built-in rules (e.g. the
    ``speaker`` column of respondents.csv). Returns at least one turn with text. Headers and
    footers of a transcription service are left out (see :func:`read_transcript_with_headers`).
    """
    return read_transcript_with_headers(path, extra_labels=extra_labels)[0]


def read_transcript_with_headers(path: Path, *, extra_labels: Iterable[str] = ()
                                 ) -> tuple[list[Turn], list[tuple[str, str]]]:
    """The speech turns of a transcript and its header/footer lines as ``(key, value)`` pairs
    (``Bestand``, ``Duur``, ``Datum opname``, ``Transcriptie door``, page footers …)."""
    from workbench.ingest.headers import split_headers

    path = Path(path)
    name = str(path)
    extension = path.suffix.lower()
    if not path.exists():
        raise InputError("file does not exist", path=name, hint="check the path")
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
        turns = _reader(extension)(path, extra_labels=tuple(extra_labels))
    except WorkbenchError:
        raise
    except Exception as exc:  # last resort: never let a library exception escape
        raise InputError(
            f"could not read the file ({type(exc).__name__}: {exc})", path=name
        ) from exc
    turns, headers = split_headers([t for t in turns if t.text.strip()])
    if not turns:
        raise InputError("contains no text", path=name, hint="is this the right file?")
    return turns, headers
