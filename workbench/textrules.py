"""Text rules shared by several stages (one place for each)."""

from __future__ import annotations

import re

# ANSI/VT escape sequences (CSI "ESC [ ... letter", OSC "ESC ] ... BEL/ST", and 2-byte escapes),
# then any remaining control character (C0, DEL, C1; newlines and tabs included: one line).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without terminal escapes and control characters (a newline becomes a space)."""
    text = _ANSI.sub("", str(text))
    return _CONTROL.sub(lambda m: " " if m.group() in "\n\r\t\u2028\u2029" else "", text)
