"""Opening the database from a URL: SQLite (default) or PostgreSQL, behind one peewee proxy."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect

from fbss_desktop.core.database_url import KEY_FILE_SUFFIX as KEY_FILE_SUFFIX
from fbss_desktop.core.database_url import database_url_problem
from fbss_desktop.core.errors import DatabaseDamagedError, DatabaseUnavailableError, DomainError
from fbss_desktop.private_files import tighten
from fbss_desktop.storage.errors import translate

log = logging.getLogger(__name__)

database = DatabaseProxy()

__all__ = [
    "Database",
    "DatabaseUrlError",
    "database",
    "ensure_connected",
    "is_postgres",
    "open_database",
    "reset_connection",
    "sqlite_file",
    "transaction",
]

BUSY_TIMEOUT_S = 5.0
# synchronous=FULL: in WAL mode a commit is on disk before it is reported, so a power cut cannot take back
# a consult the app said was saved (NORMAL may lose the last commits). `make bench` measures the cost.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "cache_size": -16000,
}
SQLITE_HEADER = b"SQLite format 3\x00"
PG_CONNECT_TIMEOUT_S = 5


class DatabaseUrlError(DomainError):
    """The database URL cannot be used."""


def _check_sqlite_file(path: Path, *, encrypted: bool = False) -> None:
    """A database is created only where no file exists: an empty or foreign file is refused, untouched. An
    encrypted database has no readable header: a plain one opened as encrypted (or the reverse) is said so."""
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailableError(
                f"The folder for the database ({path.parent}) cannot be created ({exc.strerror}). "
                "Choose another place with --data-dir or --database."
            ) from exc
        return
    if path.is_dir():
        raise DatabaseDamagedError(f"{path} is a folder, not a database file. Give the path of the file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnavailableError(
            f"The database file {path} cannot be read ({exc.strerror}). Ask your administrator to check its "
            "permissions."
        ) from exc
    if not head:
        raise DatabaseDamagedError(
            f"The database file {path} is empty (0 bytes), so it holds no clinic. It was left as it is: restore "
            "it from a backup, or move it away to start a new database there. To open another database, start "
            "FBSS Desktop with --data-dir FOLDER or --database URL."
        )
    if encrypted and head == SQLITE_HEADER:
        raise DatabaseDamagedError(
            f"{path} is not encrypted, but a key was given for it. Encrypt it with `fbss-desktop encrypt`, or open "
            "it without a key."
        )
    if encrypted:
        return
    if head != SQLITE_HEADER:
        raise DatabaseDamagedError(
            f"{path} is not an FBSS Desktop database (it is not an SQLite file). It was left as it is; check the path."
        )


def open_database(
    url: str, *, busy_timeout: float = BUSY_TIMEOUT_S, key: bytes | None = None, password: str | None = None
) -> Database:
    """Open `url` (sqlite:///path, sqlite:///:memory:, postgresql://user@host:port/name) and bind the models.

    SQLite write transactions begin IMMEDIATE: they take the write lock at BEGIN, when waiting for it (the
    busy timeout) is still safe, instead of failing at once when a read turns into a write while another
    process writes. Raises a StorageError (DatabaseDamagedError, DatabaseUnavailableError...) with a
    message for the user when the database cannot be opened.

    `key` (32 bytes) opens an SQLite file encrypted with SQLCipher (AES-256): the raw key, so no passphrase
    derivation runs at each connection (the key is derived and unwrapped once, at sign-in).

    `password`: a PostgreSQL password asked at the terminal (never in the URL, where a command line shows it);
    without it libpq looks in the user's pgpass file.
    """
    problem = database_url_problem(url)
    if problem:
        raise DatabaseUrlError(problem)
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///") :]
        if path != ":memory:":
            _check_sqlite_file(Path(path), encrypted=key is not None)
        pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(busy_timeout * 1000)}
        db: Database
        if key is not None:
            from playhouse.sqlcipher_ext import SqlCipherDatabase

            raw = f"x'{key.hex()}'"  # SQLCipher's raw-key form
            db = SqlCipherDatabase(path, passphrase=raw, pragmas=pragmas, timeout=busy_timeout, lock_type="IMMEDIATE")
        else:
            db = SqliteDatabase(path, pragmas=pragmas, timeout=busy_timeout, lock_type="IMMEDIATE")
    else:  # postgres or postgresql: the shape check admits nothing else
        try:
            import psycopg2  # noqa: F401  (peewee's PostgreSQL driver)
        except ImportError:
            raise DatabaseUrlError(
                "PostgreSQL needs the psycopg2 driver: pip install 'fbss-desktop[postgres]'"
            ) from None
        given = parse_qs(urlparse(url).query)
        extra: dict[str, Any] = {} if "connect_timeout" in given else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        if password is not None:
            extra["password"] = password
        db = connect(url, **extra)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if scheme == "sqlite":
            db.execute_sql("SELECT count(*) FROM sqlite_master")  # a damaged file fails here, not later
            if path != ":memory:":
                for part in ("", "-wal", "-shm"):  # one made by an older version may be readable by others
                    tighten(Path(path + part))
    except Exception as exc:
        failure = translate(exc)
        reset_connection(db)
        if failure is None:
            raise
        if key is not None and isinstance(failure, DatabaseDamagedError):
            raise DatabaseDamagedError(
                "This encrypted database does not open with its key: the key file beside it belongs to another "
                "database, or the file is damaged. Nothing was changed; ask your administrator (the recovery key "
                "opens it)."
            ) from exc
        raise failure from exc
    return db


def transaction() -> Any:
    """One transaction around several repository calls (their own transactions become savepoints)."""
    return database.atomic()


def reset_connection(db: Database) -> None:
    """Forget the connection (broken or not) so that the next query opens a new one."""
    try:
        db.close()
    except Exception:  # noqa: BLE001 - a broken connection or an unfinished transaction: drop it all the same
        log.debug("dropping a connection that did not close cleanly", exc_info=True)
        db._state.reset()


def ensure_connected(db: Database) -> None:
    """Before an operation: replace a PostgreSQL connection that broke since the last one (a server restart).

    A cheap round trip proves the connection; one that fails is dropped, and peewee opens a new one on the
    next query. SQLite has no connection to lose. Inside a transaction nothing is done.
    """
    if not is_postgres(db) or db.is_closed() or db.in_transaction():
        return
    connection = db.connection()
    if getattr(connection, "closed", 0):
        log.info("database connection closed; reconnecting")
        reset_connection(db)
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure here means the connection is unusable
        log.info("database connection lost; reconnecting")
        reset_connection(db)


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def sqlite_file(db: Database) -> Path | None:
    """The file behind an SQLite database, or None for PostgreSQL and in-memory databases."""
    if isinstance(db, SqliteDatabase) and db.database != ":memory:":
        return Path(db.database)
    return None


def postgres_params(url: str) -> dict[str, Any]:
    """A PostgreSQL URL's connection settings in libpq's names (dbname, host, user...), without connecting."""
    from playhouse.db_url import parse

    params = dict(parse(url))
    params["dbname"] = params.pop("database")
    params.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
    return params


def sqlite_file_in_use(path: Path, passphrase: str | None = None) -> bool:
    """Whether another connection has the SQLite file open (FBSS Desktop running on it somewhere). An
    exclusive lock is asked for without waiting; when it is had, the write-ahead log is folded into the file
    first, so the file alone holds every commit."""
    connection = raw_sqlite_connection(path, passphrase)
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("COMMIT")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return False
    except Exception as exc:  # sqlite3's or sqlcipher3's OperationalError
        if type(exc).__name__ == "OperationalError" and ("locked" in str(exc) or "busy" in str(exc)):
            return True
        raise
    finally:
        connection.close()


def raw_sqlite_connection(path: Path, passphrase: str | None, *, any_thread: bool = False) -> Any:
    """A plain DB-API connection to the file, outside peewee (a copy, a watcher), keyed when encrypted.
    `any_thread`: made on one thread and used on another (never two at once)."""
    if not passphrase:
        return sqlite3.connect(str(path), check_same_thread=not any_thread)
    import sqlcipher3  # type: ignore[import-untyped]

    connection = sqlcipher3.connect(str(path), check_same_thread=not any_thread)
    escaped = passphrase.replace("'", "''")
    connection.execute(f"PRAGMA key='{escaped}'")
    return connection


def encrypt_sqlite_file(path: Path, key: bytes) -> Path:
    """An encrypted copy (SQLCipher, raw `key`) of the plain SQLite file at `path`, written beside it as
    `<name>.encrypting` and checked to open with the key; the caller renames it over the plain file. The
    plain file is read, never changed. Raises DatabaseDamagedError for a file that is not a plain database."""
    import sqlcipher3

    _check_sqlite_file(path, encrypted=False)
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    plain = sqlcipher3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything written is in the main file
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    tighten(target)
    check = sqlcipher3.connect(str(target))
    try:
        check.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise DatabaseDamagedError("The encrypted copy did not check out whole; the plain database was kept.")
    finally:
        check.close()
    return target
