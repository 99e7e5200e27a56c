"""Media times as people read them: one format for the desk, search results and reports."""

from __future__ import annotations


def format_timestamp(seconds: float | None) -> str:
    """``83.5`` -> ``"00:01:23"``; ``""`` when unknown."""
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
