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
from fbss_desktop.storage.errors import pg_code
from fbss_desktop.storage.migrations import LATEST_VERSION, current_version, migrate

INSUFFICIENT_PRIVILEGE = "42501"
NOT_OWNER = (
    "This role may not set the server up: server init runs as the database's owner, a role that may create "
    "roles (createuser --createrole --createdb --pwprompt fbss_owner; see the README). Nothing was changed."
)


def clinic_group(database: str) -> str:
    """The group role holding the rights of one database's workstations: one per database, since a server's
    roles are shared by all its databases (another clinic's login must not reach this one)."""
    return f"{database}_clinic"


def default_login_role(database: str) -> str:
    """The workstations' login role by default: `fbss` -> `fbss_app`."""
    return f"{database}_app"


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
        if login_role and not login_password:
            raise DomainError("The workstations' role needs a password.")
        try:
            if not pg_tools.may_set_up(db, make_roles=bool(login_role)):
                raise DomainError(NOT_OWNER)
            start = current_version(db)
            report = migrate(db, backup_dir=backup_dir)
            group = clinic_group(str(db.database))
            pg_tools.grant_clinic_role(db, group)
            made = pg_tools.set_login_role(db, login_role, login_password or "", group) if login_role else False
        except Exception as exc:
            if pg_code(exc) != INSUFFICIENT_PRIVILEGE:
                raise
            raise DomainError(NOT_OWNER) from exc
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
