"""The clinic server in `make bench`: a throwaway PostgreSQL on 127.0.0.1 (a data folder beside the cache, fsync
on, as a clinic's server runs), the benchmark's patients loaded into it from the cached SQLite database (COPY,
table by table) once and then cached as a pg_dump, and the figures that need a server: the size each backend
gives a patient and where it goes, and a backup and a verified restore of each.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from peewee import BooleanField

from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.restore import restore
from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.migrations import migrate
from fbss_desktop.storage.models import ALL_MODELS

HERE = Path(__file__).resolve().parent
DATABASE = "fbss_bench"


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not found:
        raise RuntimeError("no PostgreSQL server is installed (tools/system-deps.sh postgres installs it)")
    return Path(found[-1])


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    """A PostgreSQL server of its own for the run; yields the URL of its empty database `fbss_bench`."""
    bindir = _bindir()
    work = Path(tempfile.mkdtemp(dir=HERE / "cache", prefix="pg-"))
    runas: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root; the Debian package makes the postgres user
        shutil.chown(work, "postgres")
        runas = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = work / "data"
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    subprocess.run([*runas, bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], **quiet)
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {work} -c max_connections=100 -c shared_buffers=256MB"
    control = [*runas, bindir / "pg_ctl", "-D", data, "-l", work / "server.log", "-w"]
    subprocess.run([*control, "-o", options, "start"], **quiet)
    try:
        subprocess.run([*runas, bindir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DATABASE])
        yield f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        subprocess.run([*control, "-m", "fast", "stop"], stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(work, ignore_errors=True)


class _CsvRows:
    """The rows of an SQLite query as a file COPY reads: every value quoted, NULL left empty."""

    def __init__(self, rows: Iterator[tuple[Any, ...]], booleans: set[int]) -> None:
        self.rows = rows
        self.booleans = booleans
        self.buffer = b""

    def _line(self, row: tuple[Any, ...]) -> bytes:
        cells = []
        for index, value in enumerate(row):
            if value is None:
                cells.append("")
            elif index in self.booleans:
                cells.append("t" if value else "f")
            else:
                cells.append('"' + str(value).replace('"', '""') + '"')
        return (",".join(cells) + "\n").encode("utf-8")

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            try:
                self.buffer += self._line(next(self.rows))
            except StopIteration:
                break
        size = len(self.buffer) if size < 0 else size
        chunk, self.buffer = self.buffer[:size], self.buffer[size:]
        return chunk

    readline = read


def load_from_sqlite(source: Path, url: str) -> None:
    """The SQLite benchmark database, every table, into the server's empty database (schema by migrate)."""
    import psycopg2

    db = open_database(url)
    migrate(db, backup_dir=None)
    db.close()
    rows = sqlite3.connect(source)
    server = psycopg2.connect(url)
    try:
        with server.cursor() as cursor:
            for model in ALL_MODELS:  # in the order of their foreign keys
                fields = model._meta.sorted_fields
                columns = ", ".join(f'"{f.column_name}"' for f in fields)
                table = model._meta.table_name
                booleans = {i for i, f in enumerate(fields) if isinstance(f, BooleanField)}
                if table != "audit_event":  # (empty after the migrations; its trigger refuses a TRUNCATE)
                    cursor.execute(f'TRUNCATE "{table}" CASCADE')
                selected = rows.execute(f'SELECT {columns} FROM "{table}"')
                cursor.copy_expert(
                    f'COPY "{table}" ({columns}) FROM STDIN WITH (FORMAT csv)', _CsvRows(iter(selected), booleans)
                )
                if model._meta.primary_key.column_name == "id":
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f'COALESCE((SELECT max(id) FROM "{table}"), 0) + 1, false)'
                    )
        server.commit()
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        server.close()
        rows.close()


def database_from_cache(source: Path, url: str) -> tuple[str, float]:
    """The server's database for the run: restored from the cached dump, or loaded from SQLite and dumped to
    the cache for the next run. Returns how it came ("restored" or "loaded") and how long it took (s)."""
    from fbss_desktop.storage import pg_tools
    from fbss_desktop.storage.db import postgres_params

    dump = source.with_suffix(".dump")
    started = time.perf_counter()
    params = postgres_params(url)
    if dump.exists():
        pg_tools.restore_into(params, dump, params["dbname"])
        how = "restored"
    else:
        load_from_sqlite(source, url)
        db = open_database(url)
        pg_tools.dump(db, dump)
        db.close()
        how = "loaded"
    return how, time.perf_counter() - started


def sizes(sqlite_path: Path, url: str, patients: int) -> dict[str, float]:
    """Bytes per patient on each backend, and the share of the largest tables (with their indexes)."""
    import psycopg2

    figures: dict[str, float] = {"sqlite_bytes_per_patient": sqlite_path.stat().st_size / patients}
    with contextlib.closing(sqlite3.connect(sqlite_path)) as rows:
        try:
            by_table = dict(rows.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())
        except sqlite3.OperationalError:  # an SQLite built without dbstat
            by_table = {}
    total = sum(by_table.values()) or 1
    for table in ("consult", "plan", "patient", "audit_event"):
        share = sum(size for name, size in by_table.items() if name == table or name.startswith(f"idx_{table}"))
        figures[f"sqlite_share_{table}"] = share / total
    with contextlib.closing(psycopg2.connect(url)) as server, server.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
        figures["postgres_bytes_per_patient"] = size / patients
        for table in ("consult", "plan", "patient", "audit_event"):
            cursor.execute("SELECT pg_total_relation_size(%s)", (table,))
            figures[f"postgres_share_{table}"] = cursor.fetchone()[0] / size
    return figures


def backup_and_restore(url: str, work: Path, audit_keys: Path, name: str) -> dict[str, float]:
    """A backup of the database at `url` and a verified restore of it into a new database, timed."""
    clinic = Clinic.open(url, backup_dir=None, audit_key_dir=audit_keys)
    started = time.perf_counter()
    backup = clinic.backups.make(work / f"{name}-backups")
    backup_s = time.perf_counter() - started
    clinic.close()

    def opener(target: str, key: bytes | None) -> Clinic:
        return Clinic.open(target, backup_dir=None, audit_key_dir=audit_keys, key=key)

    into = str(work / f"{name}-restored.sqlite3") if url.startswith("sqlite") else f"{DATABASE}_restored"
    started = time.perf_counter()
    done = restore(backup, url, "", "", opener, kept_dir=work, into=into, sign_in=lambda _clinic: None)
    restore_s = time.perf_counter() - started
    assert done.verification.ok, done.verification.problems
    backup_mb = backup.stat().st_size / 1e6
    if url.startswith("sqlite"):  # the disk holds no more copies than it must (a million patients: 12 GB each)
        Path(into).unlink()
        backup.unlink()
    else:
        from fbss_desktop.storage import pg_tools
        from fbss_desktop.storage.db import postgres_params

        pg_tools.drop_database(postgres_params(url), into)
    return {
        f"{name}_backup_s": backup_s,
        f"{name}_backup_mb": backup_mb,
        f"{name}_restore_verified_s": restore_s,
        f"{name}_restore_read_back": done.verification.read_back,
    }
