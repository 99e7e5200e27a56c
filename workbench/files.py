"""Writing output files atomically (a temporary file in the same folder, then a rename).

``tempfile.mkstemp`` creates files readable by their owner only (0600), and a rename keeps that
mode. Reports and exports are ordinary files, so they get the mode any new file of the user gets
(0666 less the umask); only files marked ``private`` (the re-identification key) stay 0600.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

PRIVATE_MODE = 0o600


def ordinary_mode() -> int:
    """The mode a newly created file gets under the current umask (0644 under umask 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path | str, write: Callable[[str], None], *, private: bool = False) -> Path:
    """Call ``write(tmp_path)`` to fill a temporary file beside ``path``, then rename it over
    ``path``. A failure leaves ``path`` as it was and removes the temporary file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=str(path.parent))
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, PRIVATE_MODE if private else ordinary_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_text_atomic(path: Path | str, text: str, *, private: bool = False) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())

    return write_atomic(path, write, private=private)
