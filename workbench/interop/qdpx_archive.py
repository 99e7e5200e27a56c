"""Reading a .qdpx zip without trusting it.

Nothing is extracted to disk: members are read into memory, under caps on their number, the
compression ratio, and the uncompressed size of each member read and of all of them (a zip
bomb stops at the cap, whatever sizes the archive claims; a large video the import skips is
never read, so it does not refuse the archive). A member whose name is absolute or climbs out with ``..``
(zip-slip) refuses the whole archive. Every problem is one :class:`InputError` line.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from workbench.errors import InputError

MiB = 1024 * 1024
LIMITS = {
    "members": 20_000,
    "member_bytes": 256 * MiB,   # one uncompressed member
    "total_bytes": 1024 * MiB,   # all members read, uncompressed
    "ratio": 200,                # uncompressed / compressed, checked for members over 1 MiB
}
RATIO_FLOOR = 1 * MiB


class Archive:
    def __init__(self, path: Path, limits: dict | None = None):
        self.path = Path(path)
        self.where = str(self.path)
        self.limits = {**LIMITS, **(limits or {})}
        self.read_total = 0
        if not self.path.is_file():
            raise InputError("file not found", path=self.where)
        if not zipfile.is_zipfile(self.path):
            raise InputError("not a .qdpx: the file is not a zip archive", path=self.where,
                             hint="a .qdpx is a zip holding project.qde; export it again from the QDA tool")
        try:
            self.zf = zipfile.ZipFile(self.path)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(f"damaged zip archive ({exc})", path=self.where) from None
        if len(infos) > self.limits["members"]:
            raise InputError(f"refused: {len(infos)} files in the archive (limit {self.limits['members']})",
                             path=self.where)
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self._check(info)
            if not info.is_dir():
                self.members[info.filename.replace("\\", "/")] = info

    def _check(self, info: zipfile.ZipInfo) -> None:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise InputError(f"refused: the archive holds a path that leads outside it ({info.filename!r}; "
                             "zip-slip)", path=self.where)
        if info.file_size > RATIO_FLOOR and info.file_size > self.limits["ratio"] * max(info.compress_size, 1):
            raise InputError(f"refused: {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}"
                             f" times (limit {self.limits['ratio']}; possible zip bomb)", path=self.where)

    def close(self) -> None:
        self.zf.close()

    # ------------------------------------------------------------------ finding members
    def qde_name(self) -> str:
        """``project.qde``, else the one ``<name>.qde`` at the top (tools name it after the project)."""
        top = [n for n in self.members if "/" not in n and n.lower().endswith(".qde")]
        exact = [n for n in top if n.lower() == "project.qde"]
        if exact:
            return exact[0]
        if len(top) == 1:
            return top[0]
        if not top:
            raise InputError("not a REFI-QDA project: the archive holds no .qde file", path=self.where,
                             hint="a .qdpx holds project.qde and a sources folder")
        raise InputError(f"the archive holds several .qde files ({', '.join(sorted(top))}); "
                         "expected one", path=self.where)

    def find(self, relative: str) -> str | None:
        """A member by path, folder names case-insensitive (``sources/`` or ``Sources/``)."""
        want = relative.replace("\\", "/").lstrip("/").casefold()
        for name in self.members:
            if name.casefold() == want:
                return name
        return None

    def find_source(self, file_name: str) -> str | None:
        base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
        return self.find(f"sources/{base}") or self.find(base)

    # ------------------------------------------------------------------ reading
    def read(self, name: str) -> bytes:
        """A member's bytes, stopping at the caps whatever size the archive declares."""
        info = self.members[name]
        if info.file_size > self.limits["member_bytes"]:  # checked here: big media we skip is no harm
            raise InputError(f"refused: {name} unpacks to {info.file_size // MiB} MiB "
                             f"(limit {self.limits['member_bytes'] // MiB} MiB; possible zip bomb)", path=self.where)
        cap = min(self.limits["member_bytes"], self.limits["total_bytes"] - self.read_total)
        chunks, got = [], 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    block = fh.read(1024 * 1024)
                    if not block:
                        break
                    got += len(block)
                    if got > cap:
                        raise InputError(f"refused: {name} unpacks to more than the archive declares or the "
                                         f"limit allows ({cap // MiB} MiB; possible zip bomb)", path=self.where)
                    if got > RATIO_FLOOR and got > self.limits["ratio"] * max(info.compress_size, 1):
                        raise InputError(f"refused: {name} is compressed more than {self.limits['ratio']} times "
                                         "(possible zip bomb)", path=self.where)
                    chunks.append(block)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise InputError(f"cannot read {name} from the archive ({exc})", path=self.where) from None
        except RuntimeError as exc:  # encrypted member
            raise InputError(f"cannot read {name}: {exc}", path=self.where) from None
        self.read_total += got
        return b"".join(chunks)
