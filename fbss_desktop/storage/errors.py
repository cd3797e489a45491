"""What a database or disk failure means for the user: driver exceptions turned into StorageErrors.

SQLite and PostgreSQL (through peewee) and the operating system each report the same few faults in their
own words. `translate` maps them to one of the core StorageErrors, whose message says what is wrong and what
to do. The original exception stays chained for the log; its text may quote SQL, never shown to the user.
"""

from __future__ import annotations

import errno
import sqlite3

import peewee

from fbss_desktop.core.errors import (
    ConflictError,
    ConnectionLostError,
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseReadOnlyError,
    DatabaseUnavailableError,
    DiskFullError,
    DomainError,
    StorageError,
)

BUSY = (
    "The database is busy on another workstation and did not answer in time. Nothing was changed; "
    "try again in a moment."
)
READ_ONLY = (
    "The database cannot be written: its file or folder is read-only, or the server refuses changes. "
    "Nothing was changed; ask your administrator to check the database's permissions."
)
DISK_FULL = (
    "The disk that holds the database is full. Nothing was changed; free some space (or ask your "
    "administrator to), then try again."
)
DAMAGED = (
    "The database file is damaged or is not an FBSS Desktop database. Nothing was changed; restore it from "
    "a backup (the data folder's backups/ holds copies made before each upgrade) or ask your administrator."
)
LOST = (
    "The connection to the database server was lost. Nothing was changed; FBSS Desktop reconnects when you try again."
)
UNREACHABLE = (
    "The database server cannot be reached. Check that it is running and that this computer is on the "
    "clinic network, then try again."
)
NO_TLS = (
    "The database server does not offer TLS, and the address asks for it (sslmode). Turn TLS on at the server "
    "(ssl = on in postgresql.conf; see the README), or ask your administrator."
)
BAD_CERTIFICATE = (
    "The database server's certificate could not be checked: the certificate authority's file (sslrootcert) is "
    "missing or is not the one that signed it, or the server's name does not match. Ask your administrator."
)
LOGIN = "The database server refused the login. Check the user name and password in the database address."
BAD_OPTION = "The database address has an option the server cannot use. Check the address (the part after ?)."
NO_DATABASE = "The database server has no such database. Check the database name in the address."
CANNOT_OPEN = (
    "The database file cannot be opened: its folder may be missing or not readable. Check the path, or ask "
    "your administrator."
)
FAILED = "The database could not complete the change. Nothing was changed; try again."
UNIQUE = "This record was changed on another workstation at the same time; open it again to see the change."

_SQLITE_TEXTS: tuple[tuple[str, type[StorageError], str], ...] = (
    ("database is locked", DatabaseBusyError, BUSY),
    ("database table is locked", DatabaseBusyError, BUSY),
    ("database schema is locked", DatabaseBusyError, BUSY),
    ("readonly database", DatabaseReadOnlyError, READ_ONLY),
    ("read-only", DatabaseReadOnlyError, READ_ONLY),
    ("database or disk is full", DiskFullError, DISK_FULL),
    ("disk i/o error", DiskFullError, DISK_FULL),
    ("file is not a database", DatabaseDamagedError, DAMAGED),
    ("malformed", DatabaseDamagedError, DAMAGED),
    ("unable to open database file", DatabaseUnavailableError, CANNOT_OPEN),
)

# PostgreSQL's SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_CODES: dict[str, tuple[type[StorageError], str]] = {
    "53100": (DiskFullError, DISK_FULL),  # disk_full
    "25006": (DatabaseReadOnlyError, READ_ONLY),  # read_only_sql_transaction
    "55P03": (DatabaseBusyError, BUSY),  # lock_not_available
    "40001": (DatabaseBusyError, BUSY),  # serialization_failure
    "40P01": (DatabaseBusyError, BUSY),  # deadlock_detected
    "57P01": (ConnectionLostError, LOST),  # admin_shutdown
    "57P02": (ConnectionLostError, LOST),  # crash_shutdown
    "57P03": (DatabaseUnavailableError, UNREACHABLE),  # cannot_connect_now (starting up)
    "28P01": (DatabaseUnavailableError, LOGIN),  # invalid_password
    "28000": (DatabaseUnavailableError, LOGIN),  # invalid_authorization_specification
    "3D000": (DatabaseUnavailableError, NO_DATABASE),  # invalid_catalog_name
}
_PG_TEXTS: tuple[tuple[str, type[StorageError], str], ...] = (
    ("connection already closed", ConnectionLostError, LOST),
    ("server closed the connection", ConnectionLostError, LOST),
    ("terminating connection", ConnectionLostError, LOST),
    ("connection not open", ConnectionLostError, LOST),
    ("ssl connection has been closed", ConnectionLostError, LOST),
    ("no connection to the server", ConnectionLostError, LOST),
    ("password authentication failed", DatabaseUnavailableError, LOGIN),
    ('fatal:  role "', DatabaseUnavailableError, LOGIN),
    ("no pg_hba.conf entry", DatabaseUnavailableError, LOGIN),
    ("invalid sslmode", DatabaseUnavailableError, BAD_OPTION),
    ("invalid connection option", DatabaseUnavailableError, BAD_OPTION),
    ("invalid dsn", DatabaseUnavailableError, BAD_OPTION),
    ("no password supplied", DatabaseUnavailableError, LOGIN),
    ("server does not support ssl", DatabaseUnavailableError, NO_TLS),
    ("certificate verify failed", DatabaseUnavailableError, BAD_CERTIFICATE),
    ("root certificate file", DatabaseUnavailableError, BAD_CERTIFICATE),
    ("server certificate for", DatabaseUnavailableError, BAD_CERTIFICATE),
    ('fatal:  database "', DatabaseUnavailableError, NO_DATABASE),
    ("connection refused", DatabaseUnavailableError, UNREACHABLE),
    ("could not connect", DatabaseUnavailableError, UNREACHABLE),
    ("could not translate host name", DatabaseUnavailableError, UNREACHABLE),
    ("timeout expired", DatabaseUnavailableError, UNREACHABLE),
    ("connection to server", DatabaseUnavailableError, UNREACHABLE),
)

_FREE = "free some space or choose another place"
_ELSEWHERE = "choose another place, or ask your administrator for permission"
_OS_ERRNOS: dict[int, tuple[type[StorageError], str, str]] = {
    errno.ENOSPC: (DiskFullError, "The disk is full", _FREE),
    errno.EDQUOT: (DiskFullError, "The disk quota is used up", _FREE),
    errno.EROFS: (DatabaseReadOnlyError, "The disk is read-only", "choose another place"),
    errno.EACCES: (DatabaseReadOnlyError, "Permission was refused", _ELSEWHERE),
    errno.EPERM: (DatabaseReadOnlyError, "Permission was refused", _ELSEWHERE),
}


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it was raised from or while handling, most recent first (a failed rollback hides the
    disk-full error that caused it)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _is_database_error(exc: BaseException) -> bool:
    if isinstance(exc, peewee.PeeweeException | sqlite3.Error):
        return True
    module = type(exc).__module__ or ""
    return module.startswith(("psycopg2", "psycopg"))


def pg_code(exc: BaseException) -> str | None:
    """PostgreSQL's SQLSTATE of `exc` (peewee keeps the driver's error among its args), or None."""
    for candidate in (exc, *exc.args):
        code = getattr(candidate, "pgcode", None)
        if code:
            return str(code)
    return None


def _classify(exc: BaseException) -> DomainError | None:
    if isinstance(exc, OSError) and exc.errno in _OS_ERRNOS:
        kind, what, remedy = _OS_ERRNOS[exc.errno]
        where = f" ({exc.filename})" if exc.filename else ""
        return kind(f"{what}{where}. Nothing was written; {remedy}, then try again.")
    if not _is_database_error(exc):
        return None
    code = pg_code(exc)
    if code in _PG_CODES:
        kind, message = _PG_CODES[code]
        return kind(message)
    text = str(exc).lower()
    for fragment, kind, message in (*_SQLITE_TEXTS, *_PG_TEXTS):
        if fragment in text:
            return kind(message)
    if isinstance(exc, peewee.IntegrityError | sqlite3.IntegrityError):
        return ConflictError(UNIQUE)
    return None


def translate(exc: BaseException) -> DomainError | None:
    """The user-facing error for a database or disk failure, or None for anything else (a programming error)."""
    if isinstance(exc, DomainError):
        return exc
    causes = _causes(exc)
    for cause in causes:
        if isinstance(cause, DomainError):
            return cause
        found = _classify(cause)
        if found is not None:
            return found
    if any(_is_database_error(cause) for cause in causes) and isinstance(exc, peewee.OperationalError):
        return StorageError(FAILED)
    return None
