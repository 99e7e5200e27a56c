"""Shared pieces of the readers: decoding, whitespace, building and merging turns."""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterable
from pathlib import Path

from workbench.errors import InputError
from workbench.ingest.speakers import split_speaker
from workbench.ingest.turns import Turn

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not \t \n \v \f \r
_TAGS = re.compile(r"<[^<>]*>")
_ASS_TAGS = re.compile(r"\{\\[^{}]*\}")  # "{\an8}" positioning codes in subtitles


def normalise(text: str) -> str:
    """Collapse whitespace runs (incl. newlines, tabs, no-break spaces) to one space; strip."""
    return _SPACES.sub(" ", text).strip()


def strip_tags(text: str) -> str:
    """Remove cue/HTML tags and subtitle style codes, then resolve entities (&amp; ...)."""
    return html.unescape(_ASS_TAGS.sub("", _TAGS.sub("", text)))


def _magic_hint(data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return "it looks like a zip/.docx/.odt file: give it the right extension"
    if data.startswith(b"%PDF"):
        return "PDF is not supported: export the transcript to .docx or .txt"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "old Word .doc is not supported: save it as .docx"
    return None


class ReadingWarning(UserWarning):
    """Something the user should know about a file that was still read (e.g. replaced bytes)."""


_BAD_BYTES: list[int] = []


def _record_bad_byte(exc: UnicodeDecodeError):
    _BAD_BYTES.append(exc.start)
    return "\ufffd", exc.end


codecs.register_error("workbench-record", _record_bad_byte)


def _utf8_with_bad_bytes(data: bytes) -> tuple[str, list[int]]:
    _BAD_BYTES.clear()
    text = data.decode("utf-8-sig", errors="workbench-record")
    offsets = list(_BAD_BYTES)
    _BAD_BYTES.clear()
    return text, offsets


def _decode_8bit(data: bytes, path: Path) -> str | None:
    """Not UTF-8: UTF-8 with a few bad bytes (warned), cp1252 when it is, else the detector's guess."""
    import warnings

    text, bad = _utf8_with_bad_bytes(data)
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - len(bad)
    if valid >= 2 * len(bad):  # mostly UTF-8: a few damaged bytes
        shown = ", ".join(str(b) for b in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        warnings.warn(ReadingWarning(
            f"{len(bad)} byte{'s' * (len(bad) > 1)} that {'are' if len(bad) > 1 else 'is'} not valid UTF-8 "
            f"(at byte offset{'s' * (len(bad) > 1)} {shown}) read as \ufffd; the rest is UTF-8"))
        return text
    import charset_normalizer

    if charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]).best() is not None:
        return data.decode("cp1252", errors="replace")
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        return None
    warnings.warn(ReadingWarning(f"not UTF-8 or cp1252; read as {guess.encoding} (detected); check the text"))
    return str(guess)


def decode_text(data: bytes, path: Path) -> str:
    """Decode a text file: UTF-16 with BOM, UTF-8 (with or without BOM), then :func:`_decode_8bit`.

    Raises InputError for binary content (NUL bytes, many control characters).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_8bit(data, path)
        if text is not None and len(_CONTROL.findall(text)) <= max(2, len(text) // 200):
            return text
    raise InputError(
        "is not a text file (binary content)",
        path=str(path),
        hint=_magic_hint(data) or "save the transcript as plain text (UTF-8)",
    )


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc


class TurnBuilder:
    """Collects turns; text pieces are grouped in paragraphs (joined by a blank line)."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self._speaker: str | None = None
        self._timestamp: float | None = None
        self._paragraphs: list[list[str]] | None = None
        self.headers: list[Turn] = []

    def line(self, line: str) -> bool:
        """Keep ``line`` aside if it is a header or footer line (never speech); True if it was.
        The current turn stays open: a page footer does not end what someone was saying."""
        from workbench.ingest.headers import header_line

        hit = header_line(line)
        if hit:
            self.headers.append(Turn(hit[0], hit[1], None, header=True,
                                     position=len(self.turns) + (1 if self.open else 0)))
        return hit is not None

    @property
    def open(self) -> bool:
        return self._paragraphs is not None

    def start(self, speaker: str | None, text: str = "", timestamp: float | None = None) -> None:
        """Close the current turn and start a new one."""
        self.flush()
        self._speaker, self._timestamp = speaker, timestamp
        self._paragraphs = [[text]] if text.strip() else []

    def add(self, text: str, *, new_paragraph: bool) -> None:
        """Continue the current turn (a speaker-less turn is started if there is none)."""
        if not text.strip():
            return
        if self._paragraphs is None:
            self.start(None)
        assert self._paragraphs is not None
        if new_paragraph or not self._paragraphs:
            self._paragraphs.append([text])
        else:
            self._paragraphs[-1].append(text)

    def flush(self) -> None:
        if self._paragraphs is None:
            return
        paragraphs = [normalise(" ".join(p)) for p in self._paragraphs]
        text = "\n\n".join(p for p in paragraphs if p)
        if text:
            self.turns.append(Turn(self._speaker, text, self._timestamp))
        self._paragraphs = None

    def result(self) -> list[Turn]:
        """The turns, then the header lines set aside (flagged ``header``)."""
        self.flush()
        return self.turns + self.headers


def turns_from_lines(
    lines: Iterable[str], *, paragraphs: bool, extra_labels: Iterable[str] = ()
) -> list[Turn]:
    """Label lines: a labelled line starts a turn, other lines continue the previous one.

    With ``paragraphs=False`` (plain text) consecutive unlabelled lines are wrapped text and are
    joined with a space, a blank line starts a new paragraph. With ``paragraphs=True`` (word
    processor paragraphs) every unlabelled line is its own paragraph.
    """
    extra = tuple(extra_labels)
    builder = TurnBuilder()
    blank_before = False
    for line in lines:
        if not line.strip():
            blank_before = True
            continue
        if builder.line(line):
            continue
        label, rest, timestamp = split_speaker(line, extra)
        if label is not None:
            builder.start(label, rest, timestamp)
        else:
            builder.add(line, new_paragraph=paragraphs or blank_before)
        blank_before = False
    return builder.result()


def merge_cues(cues: Iterable[tuple[str | None, str, float | None]]) -> list[Turn]:
    """Merge consecutive cues of one speaker; a cue without a speaker continues the last turn."""
    turns: list[Turn] = []
    for speaker, text, timestamp in cues:
        text = normalise(text)
        if not text:
            continue
        if turns and (speaker is None or speaker == turns[-1].speaker):
            turns[-1].text = f"{turns[-1].text} {text}"
        else:
            turns.append(Turn(speaker, text, timestamp))
    return turns


def cue_prefix_labels(
    texts: list[str], extra_labels: Iterable[str] = ()
) -> list[tuple[str | None, str]]:
    """Split "Name: text" prefixes off cue texts.

    When most cues carry a "Name: " prefix (Zoom and similar exports) any short prefix is taken
    as a speaker name ("iPhone van Jan", "jan.devries"); otherwise `split_speaker` decides.
    """
    extra = tuple(extra_labels)
    loose = [_loose_prefix(t) for t in texts]
    mostly_prefixed = texts and sum(1 for p in loose if p) * 2 >= len(texts)
    out: list[tuple[str | None, str]] = []
    for text, prefix in zip(texts, loose):
        if mostly_prefixed and prefix:
            out.append(prefix)
        else:
            label, rest, _ = split_speaker(text, extra)
            out.append((label, rest))
    return out


_LOOSE = re.compile(r"^([^:\n<>]{1,60}?)\s*:(?=\s)")


def _loose_prefix(text: str) -> tuple[str, str] | None:
    m = _LOOSE.match(text.strip())
    if not m:
        return None
    name = normalise(m.group(1))
    if len(name.split()) > 5 or re.search(r"\d:\d|//", name) or not name:
        return None
    return name, text.strip()[m.end():].strip()
