"""Setting up a clinic server (`fbss-desktop server init`) and pointing a workstation at it (`server connect`).

`init` runs as the database's owner: it brings an empty (or older) PostgreSQL database to the current schema,
with the audit trail's triggers, after a pg_dump when there was a schema before; then it gives the clinic's
group role the rights the app needs and no more, and sets the workstations' login role's password. The
workstations connect as that role: they can neither change the schema nor touch the audit trail's history.

`connect` checks a workstation reaches the server and that its schema is this program's, then remembers the
address (never a password) in the workstation's config folder; the password goes to the user's pgpass file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fbss_desktop.core.database_url import url_password
from fbss_desktop.core.errors import DomainError
from fbss_desktop.paths import AppPaths
from fbss_desktop.private_files import write_whole
from fbss_desktop.storage import pg_tools
from fbss_desktop.storage.db import is_postgres, open_database, postgres_params
from fbss_desktop.storage.migrations import LATEST_VERSION, current_version, migrate

CLINIC_GROUP = "fbss_clinic"  # the rights every workstation's login role has


@dataclass(frozen=True)
class ServerReady:
    from_version: int
    to_version: int
    backup: Path | None
    login_role: str | None
    role_made: bool


def init(
    url: str,
    *,
    backup_dir: Path,
    login_role: str | None = None,
    login_password: str | None = None,
    owner_password: str | None = None,
) -> ServerReady:
    """Prepare the server's database at `url` (as its owner) for the clinic's workstations."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise DomainError("server init prepares a PostgreSQL server; an SQLite clinic needs no set-up.")
    db = open_database(url, password=owner_password)
    try:
        if not is_postgres(db):
            raise DomainError("server init prepares a PostgreSQL server.")
        start = current_version(db)
        report = migrate(db, backup_dir=backup_dir)
        pg_tools.grant_clinic_role(db, CLINIC_GROUP)
        made = False
        if login_role:
            if not login_password:
                raise DomainError("The workstations' role needs a password.")
            made = pg_tools.set_login_role(db, login_role, login_password, CLINIC_GROUP)
        return ServerReady(start, report.to_version, report.backup, login_role, made)
    finally:
        db.close()


def check_connection(url: str, password: str | None = None) -> int:
    """Open the server as a workstation would and return its schema version; DomainError when it is not
    ready for this program (never set up, or older or newer than this program)."""
    db = open_database(url, password=password)
    try:
        version = current_version(db)
    finally:
        db.close()
    if version == 0:
        raise DomainError(
            "The server's database is empty: its administrator prepares it first with `fbss-desktop server init`."
        )
    if version < LATEST_VERSION:
        raise DomainError(
            f"The server's database has schema version {version}, older than this program's {LATEST_VERSION}: its "
            "administrator upgrades it with `fbss-desktop server init` (a backup is taken first)."
        )
    return version


def remember(paths: AppPaths, url: str) -> Path:
    """Keep `url` (without a password) as the database this workstation opens."""
    if url_password(url):
        raise DomainError("Keep the password in the pgpass file, not in the address.")
    paths.server_url_file.parent.mkdir(parents=True, exist_ok=True)
    write_whole(paths.server_url_file, (url + "\n").encode("utf-8"))
    return paths.server_url_file


def pgpass_entry(url: str, password: str) -> tuple[str, str]:
    """The pgpass line for `url`'s server, database and user, and its part before the password (':' and '\\'
    escaped as libpq reads them)."""
    params = postgres_params(url)

    def field(value: object, default: str) -> str:
        return str(value if value not in (None, "") else default).replace("\\", "\\\\").replace(":", "\\:")

    where = ":".join(
        (
            field(params.get("host"), "localhost"),
            field(params.get("port"), "5432"),
            field(params["dbname"], "*"),
            field(params.get("user"), "*"),
        )
    )
    return where, f"{where}:{field(password, '')}"


def store_password(pgpass: Path, url: str, password: str) -> Path:
    """Add (or replace) this server's line in the user's pgpass file, readable by the user only (libpq
    ignores a pgpass file others can read)."""
    where, line = pgpass_entry(url, password)
    lines = []
    if pgpass.exists():
        lines = [kept for kept in pgpass.read_text("utf-8").splitlines() if not kept.startswith(where + ":")]
    write_whole(pgpass, ("\n".join([*lines, line]) + "\n").encode("utf-8"))
    return pgpass
