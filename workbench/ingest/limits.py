"""Resource limits on every input file, set in ``[limits]`` of ``workbench.toml``.

A file over a limit is refused with one line naming the limit, before it is parsed:
size on disk, the unpacked size and compression ratio of zip-based formats (.docx, .odt,
.qdpx; read from the zip's directory, nothing is unpacked), the number of paragraphs, and the
time spent on one file. A turn longer than ``max_turn_chars`` is split at sentence ends (or
spaces) into several turns of the same speaker, so no library gets a million-character text.
"""

from __future__ import annotations

import re
import signal
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from workbench.errors import InputError
from workbench.settings import Limits  # noqa: F401  (the [limits] table; re-exported)

MB = 1024 * 1024
ZIP_FORMATS = {".docx", ".odt", ".qdpx"}
# Elements that make one paragraph in the XML of each zip format.
_PARAGRAPH_TAGS = {".docx": (b"<w:p>", b"<w:p ", b"<w:p/>"),
                   ".odt": (b"<text:p>", b"<text:p ", b"<text:p/>", b"<text:h>", b"<text:h ", b"<text:h/>")}
_BODY = {".docx": "word/document.xml", ".odt": "content.xml"}


def check_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise InputError(f"is {size / MB:.1f} MB, over the limit of {limits.max_file_mb:g} MB", path=str(path),
                         hint="split the transcript, or raise [limits] max_file_mb in workbench.toml")


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse a zip bomb from the zip's directory, before anything is unpacked or parsed."""
    extension = path.suffix.lower()
    if extension not in ZIP_FORMATS:
        return
    name = str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if unpacked > limits.max_uncompressed_mb * MB:
                raise InputError(f"unpacks to {unpacked / MB:.0f} MB, over the limit of "
                                 f"{limits.max_uncompressed_mb:g} MB", path=name,
                                 hint="raise [limits] max_uncompressed_mb in workbench.toml if the file is genuine")
            ratio = unpacked / packed
            if unpacked > MB and ratio > limits.max_compression_ratio:
                raise InputError(f"is compressed {ratio:.0f} times (a zip bomb?), over the limit of "
                                 f"{limits.max_compression_ratio:g}", path=name,
                                 hint="raise [limits] max_compression_ratio in workbench.toml if the file is genuine")
            body = _BODY.get(extension)
            if body and body in zf.namelist():
                _check_paragraphs(zf, body, extension, limits, name)
    except zipfile.BadZipFile:
        return  # not a zip at all: the format's reader says what the file is instead


def _check_paragraphs(zf: zipfile.ZipFile, body: str, extension: str, limits: Limits, name: str) -> None:
    """Count paragraph elements while streaming the XML (bounded by the unpacked-size check)."""
    tags = _PARAGRAPH_TAGS[extension]
    count, tail = 0, b""
    with zf.open(body) as fh:
        while block := fh.read(1 << 20):
            data = tail + block
            count += sum(data.count(t) for t in tags)
            tail = data[-16:]
            count -= sum(tail.count(t) for t in tags)  # counted again with the next block
            if count > limits.max_paragraphs:
                break
    count += sum(tail.count(t) for t in tags)
    if count > limits.max_paragraphs:
        raise InputError(f"has more than {limits.max_paragraphs:,} paragraphs", path=name,
                         hint="split the transcript, or raise [limits] max_paragraphs in workbench.toml")


def check_lines(path: Path, limits: Limits) -> None:
    """Count the lines of a text file in blocks (the size was checked first)."""
    count = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
    if count > limits.max_paragraphs:
        raise InputError(f"has more than {limits.max_paragraphs:,} lines", path=str(path),
                         hint="split the transcript, or raise [limits] max_paragraphs in workbench.toml")


_SENTENCE_END = re.compile(r"[.!?…]\s+")


def split_text(text: str, max_chars: int) -> list[str]:
    """Pieces of at most ``max_chars``, cut after a sentence end, else at a space, else hard."""
    pieces = []
    while len(text) > max_chars:
        window = text[:max_chars]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window, max_chars // 2)), default=-1)
        if cut <= 0:
            cut = window.rfind(" ", max_chars // 2) + 1
        if cut <= 0:
            cut = max_chars
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text.strip():
        pieces.append(text.rstrip())
    return pieces


def split_long_turns(turns: list, max_chars: int) -> list:
    """Turns over ``max_chars`` become several turns of the same speaker (see :func:`split_text`)."""
    from workbench.ingest.turns import Turn

    out = []
    for turn in turns:
        if len(turn.text) <= max_chars:
            out.append(turn)
            continue
        out.extend(Turn(turn.speaker, piece, turn.timestamp) for piece in split_text(turn.text, max_chars))
    return out


@contextmanager
def deadline(seconds: float, path: Path) -> Iterator[None]:
    """Stop work on one file after ``seconds`` (wall clock) with one line; main thread only."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise InputError(f"reading took longer than {seconds:g} s; the file was not imported", path=str(path),
                         hint="split the transcript, or raise [limits] max_seconds_per_file in workbench.toml")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
