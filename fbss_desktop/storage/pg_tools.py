"""PostgreSQL's own tools for backups and restores (pg_dump, pg_restore) and the server-side steps around
them. The connection's settings reach the tools through libpq's environment (PGHOST, PGPASSWORD...), never on
a command line, where any user of the machine could read a password in the process list."""

from __future__ import annotations

import glob
import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from peewee import Database

from fbss_desktop.core.errors import DomainError
from fbss_desktop.private_files import tighten

log = logging.getLogger(__name__)

MAINTENANCE_DATABASE = "postgres"  # where a database is created or renamed from (never from itself)
_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "passfile": "PGPASSFILE",
}


class ToolMissingError(DomainError):
    """A PostgreSQL client program is not installed on this computer."""


def tool(name: str) -> str:
    """The newest installed copy of a PostgreSQL client program (Debian keeps one per major version)."""
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major)
    found = installed[-1] if installed else shutil.which(name)
    if not found:
        raise ToolMissingError(
            f"{name} is not installed on this computer; install the PostgreSQL client programs "
            "(on Debian: apt-get install postgresql-client) and try again."
        )
    return found


def _major(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def connection_params(db: Database) -> dict[str, Any]:
    return {"dbname": db.database, **dict(getattr(db, "connect_params", {}))}


def environment(params: dict[str, Any], database: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGDATABASE"] = str(database or params["dbname"])
    for key, variable in _ENVIRONMENT.items():
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        # The tool's own words go to the log (they name tables and settings, never rows); the user gets the gist.
        log.warning("%s failed (exit %s): %s", Path(command[0]).name, done.returncode, done.stderr.strip()[-2000:])
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise DomainError(f"The {what} failed: {reason}. The details are in the log file.")


def dump(db: Database, target: Path) -> Path:
    """pg_dump's custom format (compressed, restored table by table) to `target`, whole or not at all."""
    params = connection_params(db)
    partial = target.with_name(target.name + ".part")
    try:
        _run([tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"], environment(params), "backup")
        tighten(partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def maintenance(params: dict[str, Any]) -> Any:
    """A connection to the server's maintenance database, outside any transaction (CREATE/ALTER DATABASE)."""
    import psycopg2

    connection = psycopg2.connect(**{**params, "dbname": MAINTENANCE_DATABASE})
    connection.autocommit = True
    return connection


def create_database(params: dict[str, Any], name: str) -> None:
    from psycopg2 import sql

    connection = maintenance(params)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def drop_database(params: dict[str, Any], name: str) -> None:
    from psycopg2 import sql

    connection = maintenance(params)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def restore_into(params: dict[str, Any], source: Path, name: str, jobs: int = 2) -> None:
    """pg_restore of a custom-format dump into the new, empty database `name`, then ANALYZE: a dump holds no
    planner statistics, and without them the first queries of the day read whole tables."""
    import psycopg2

    command = [tool("pg_restore"), "--no-owner", "--exit-on-error", f"--jobs={jobs}", f"--dbname={name}", str(source)]
    _run(command, environment(params, name), "restore")
    connection = psycopg2.connect(**{**params, "dbname": name})
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    finally:
        connection.close()


def other_sessions(params: dict[str, Any], name: str) -> int:
    """How many other connections have database `name` open (other workstations, a report tool)."""
    query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    return int(_answer(params, query, (name,)) or 0)


def _answer(params: dict[str, Any], query: str, args: tuple[Any, ...] = ()) -> Any:
    """The first column of the first row `query` gives on the maintenance database (None for no row)."""
    connection = maintenance(params)
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, args)
            row = cursor.fetchone()
            return row[0] if row is not None else None
    finally:
        connection.close()


def exists(params: dict[str, Any], name: str) -> bool:
    return _answer(params, "SELECT 1 FROM pg_database WHERE datname = %s", (name,)) is not None


def swap(params: dict[str, Any], current: str, replacement: str, kept: str | None) -> None:
    """The restored database takes the current one's name; the current one is kept under `kept` (None: there
    is no current one)."""
    from psycopg2 import sql

    connection = maintenance(params)
    try:
        with connection.cursor() as cursor:
            rename = sql.SQL("ALTER DATABASE {} RENAME TO {}")
            if kept is not None:
                cursor.execute(rename.format(sql.Identifier(current), sql.Identifier(kept)))
            cursor.execute(rename.format(sql.Identifier(replacement), sql.Identifier(current)))
    finally:
        connection.close()


# --- the roles a clinic server gives its workstations (`fbss-desktop server init`) ---------------------------
AUDIT_TABLE = "audit_event"
HISTORY_TABLE = "schema_migration"


def grant_clinic_role(db: Database, group: str) -> None:
    """`group` (made if missing, no login of its own) may read and write the clinic's tables and no more: it
    owns nothing, so it cannot change the schema or drop the audit trail's triggers; it may only add to the
    audit trail and read the schema's history. Tables a later upgrade makes get the same rights."""
    with db.atomic():
        _grant(db.connection(), str(db.database), group)


def _grant(connection: Any, database: str, group: str) -> None:
    from psycopg2 import sql

    role = sql.Identifier(group)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), role),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(AUDIT_TABLE), role),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(sql.Identifier(HISTORY_TABLE), role),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {} ON TABLES TO {}").format(
            sql.SQL("SELECT, INSERT, UPDATE, DELETE"), role
        ),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(role),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,))
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(role))
        for statement in statements:
            cursor.execute(statement)


def set_login_role(db: Database, name: str, password: str, group: str) -> bool:
    """The workstations' login `name` in `group`, with `password` (sent as a SCRAM verifier made here, so the
    password itself never reaches the server or its logs). True when the role was made, False when it existed."""
    from psycopg2 import sql
    from psycopg2.extensions import encrypt_password

    connection = db.connection()
    verifier = encrypt_password(password, name, connection, "scram-sha-256")
    role = sql.Identifier(name)
    with db.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
        made = cursor.fetchone() is None
        if made:
            cursor.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(verifier)))
        else:
            cursor.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(verifier)))
        cursor.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role))
    return made


def may_set_up(db: Database, *, make_roles: bool = False, make_databases: bool = False) -> bool:
    """Whether the connected role may make roles and databases, as asked (checked before anything changes,
    rather than the server refusing half-way through)."""
    with db.connection().cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")
        superuser, create_role, create_db = cursor.fetchone()
    return bool(superuser or ((create_role or not make_roles) and (create_db or not make_databases)))


def role_may_restore(params: dict[str, Any]) -> bool:
    """Whether the role of `params` may create the database a restore goes into."""
    return bool(_answer(params, "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"))


def grant_to_clinic(params: dict[str, Any], database: str, group: str) -> None:
    """The clinic's group role's rights on a restored database (a dump made with --no-owner carries none)."""
    import psycopg2

    connection = psycopg2.connect(**{**params, "dbname": database})
    try:
        _grant(connection, database, group)
        connection.commit()
    finally:
        connection.close()
