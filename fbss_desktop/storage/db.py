"""Opening the database from a URL: SQLite (default) or PostgreSQL, behind one peewee proxy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect

from fbss_desktop.core.errors import DomainError

database = DatabaseProxy()

__all__ = ["Database", "DatabaseUrlError", "database", "is_postgres", "open_database", "sqlite_file"]

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -16000,
}


class DatabaseUrlError(DomainError):
    """The database URL cannot be used."""


def open_database(url: str) -> Database:
    """Open `url` (sqlite:///path, sqlite:///:memory:, postgresql://user@host:port/name) and bind the models."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
        if not path:
            raise DatabaseUrlError(f"SQLite URLs look like sqlite:///path/to/file.sqlite3, not {url!r}")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db: Database = SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, timeout=5)
    elif scheme in ("postgres", "postgresql"):
        try:
            import psycopg2  # noqa: F401  (peewee's PostgreSQL driver)
        except ImportError:
            raise DatabaseUrlError(
                "PostgreSQL needs the psycopg2 driver: pip install 'fbss-desktop[postgres]'"
            ) from None
        db = connect(url)
    else:
        raise DatabaseUrlError(f"Unsupported database URL scheme {scheme!r}; use sqlite:/// or postgresql://")
    database.initialize(db)
    db.connect(reuse_if_open=True)
    return db


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def sqlite_file(db: Database) -> Path | None:
    """The file behind an SQLite database, or None for PostgreSQL and in-memory databases."""
    if isinstance(db, SqliteDatabase) and db.database != ":memory:":
        return Path(db.database)
    return None
