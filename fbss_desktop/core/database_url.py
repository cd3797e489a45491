"""Whether a database URL has a shape FBSS Desktop can open (checked before anything is opened).

Pure string work, so the command line can refuse a bad --database before loading the storage layer, and the
storage layer refuses the same URLs with the same words. The URL is never repeated: it may hold a password.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse


def database_url_problem(url: str) -> str | None:
    """What is wrong with the shape of a database URL, or None."""
    if "\x00" in url:
        return "the database URL holds a NUL character"
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 - reading it checks the port is a number
    except ValueError as exc:
        return f"the database URL cannot be read ({exc})"
    if parsed.scheme == "sqlite":
        if not url.startswith("sqlite:///") or url == "sqlite:///":
            return "SQLite URLs look like sqlite:///path/to/file.sqlite3"
        return None
    if parsed.scheme in ("postgres", "postgresql"):
        if not parsed.path.strip("/"):
            return "PostgreSQL URLs name the database: postgresql://user@host:port/name"
        return None
    return f"Unsupported database URL scheme {parsed.scheme!r}; use sqlite:/// or postgresql://"


def url_password(url: str) -> str | None:
    """The password a PostgreSQL URL holds (None when it holds none, as it should: see pgpass)."""
    try:
        return urlparse(url).password
    except ValueError:
        return None


KEY_FILE_SUFFIX = ".keys"  # an encrypted SQLite file's wrapped keys: clinic.sqlite3 -> clinic.sqlite3.keys


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for PostgreSQL or an in-memory database)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :]
    return None if path in ("", ":memory:") else Path(path)


def key_file_for(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + KEY_FILE_SUFFIX)


def is_encrypted(url: str) -> bool:
    """Whether `url` is an encrypted SQLite file (its key file lies beside it): a file check, nothing loaded."""
    path = sqlite_path(url)
    return path is not None and key_file_for(path).exists()
