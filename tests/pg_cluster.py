"""A throwaway PostgreSQL cluster on loopback for tests and bench scripts.

``start_cluster()`` runs ``initdb`` and ``pg_ctl`` in a new temporary folder (as the ``postgres``
user when we are root, since initdb refuses root), listening on 127.0.0.1 at a free port with
password (scram) authentication for a superuser ``wbadmin``. ``Cluster.new_database()`` gives a
fresh empty database's URL (no password in it: tests set ``PGPASSWORD``). ``find_bin`` returns
None when no PostgreSQL binaries are installed; tests then skip.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "wbadmin"
SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin")


def find_bin(name: str = "initdb") -> str | None:
    """The PostgreSQL program ``name`` (initdb, pg_ctl, ...), preferring the Debian folder."""
    for pattern in SEARCH:
        hits = sorted(glob.glob(os.path.join(pattern, name)), reverse=True)
        if hits:
            return hits[0]
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    root: Path
    port: int
    password: str
    bindir: str
    runas: list[str] = field(default_factory=list)
    _n: int = 0

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{ADMIN}@127.0.0.1:{self.port}/postgres"

    def url(self, db: str, user: str = ADMIN) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{db}"

    def sql(self, statement: str, db: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE, roles)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=ADMIN, password=self.password,
                             dbname=db, autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self, prefix: str = "wbtest") -> str:
        """A fresh empty database; returns its name."""
        self._n += 1
        name = f"{prefix}_{os.getpid()}_{self._n}"
        self.sql(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run([*self.runas, os.path.join(self.bindir, "pg_ctl"), "-D", str(self.root / "data"),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + pg_ctl start in a temp folder; raises RuntimeError with the server's log if it fails."""
    initdb = find_bin("initdb")
    if initdb is None:
        raise FileNotFoundError("initdb")
    bindir = os.path.dirname(initdb)
    root = Path(tempfile.mkdtemp(prefix="wb-pg-"))
    runas: list[str] = []
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        import pwd

        try:
            user = pwd.getpwnam("postgres")  # Debian's package makes this user
        except KeyError:
            user = pwd.getpwnam("nobody")
        os.chown(root, user.pw_uid, user.pw_gid)
        os.chmod(root, 0o700)
        runas = ["runuser", "-u", user.pw_name, "--"] if shutil.which("runuser") else ["su", user.pw_name, "-s", "/bin/sh", "-c"]
    password = secrets.token_hex(16)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if runas:
        os.chown(pwfile, user.pw_uid, user.pw_gid)
    port = _free_port()

    def run(args: list[str]) -> subprocess.CompletedProcess:
        if runas and runas[0] == "su":
            cmd = [*runas, " ".join(f"'{a}'" for a in args)]
        else:
            cmd = [*runas, *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=root)

    res = run([initdb, "-D", str(root / "data"), "-U", ADMIN, f"--pwfile={pwfile}", "-E", "UTF8",
               "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
    if res.returncode:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {res.stderr.strip()[-500:]}")
    opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=60 -c shared_buffers=32MB")
    res = run([os.path.join(bindir, "pg_ctl"), "-D", str(root / "data"), "-o", opts,
               "-l", str(root / "log"), "-w", "-t", "60", "start"])
    if res.returncode:
        log = (root / "log").read_text(errors="replace")[-800:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {res.stderr.strip()[-300:]} {log}")
    return Cluster(root, port, password, bindir, runas)
