"""The command that opens a recording at a moment (the time format is :mod:`workbench.mediatime`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

from workbench.mediatime import format_timestamp


def media_command(media: Path, seconds: float | None, which: Callable[[str], str | None] | None = None,
                  platform: str = sys.platform) -> list[str]:
    """The command that plays ``media`` from ``seconds``: mpv or VLC when installed (they take a
    start time), else the system opener with a ``#t=`` media fragment (players that support
    fragments start there), else ``xdg-open``/``open`` as it would be typed."""
    which = which or shutil.which  # looked up per call, so a test (or PATH change) is seen
    at = max(0, int(seconds or 0))
    path = Path(media).resolve()
    if which("mpv"):
        return ["mpv", f"--start={at}", str(path)]
    if which("vlc"):
        return ["vlc", f"--start-time={at}", str(path)]
    opener = "open" if platform == "darwin" else "xdg-open"
    return [opener, f"{path.as_uri()}#t={at}"]


def open_media(media: Path, seconds: float | None, which: Callable[[str], str | None] | None = None,
               platform: str = sys.platform) -> str:
    """Start the player in the background, or, when none is available, return the command to run."""
    which = which or shutil.which
    cmd = media_command(media, seconds, which, platform)
    if not which(cmd[0]):
        return "no player found; run: " + " ".join(_quote(c) for c in cmd)
    subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return f"playing from {format_timestamp(seconds) or '00:00:00'}: " + " ".join(_quote(c) for c in cmd)


def _quote(part: str) -> str:
    import shlex

    return shlex.quote(part)
