"""A quote's media time on request (`report --timestamps`): "Deelnemer (IVA, 2025), 00:12:34",
so the reader can find the moment in the recording. Without a known time the attribution stays."""

from __future__ import annotations

from workbench.mediatime import format_timestamp


def timed_attribution(label: str, seg) -> str:
    """``label`` followed by the media time of ``seg``'s turn, when the source had one."""
    stamp = format_timestamp(getattr(seg, "timestamp", None))
    return f"{label}, {stamp}" if stamp else label
