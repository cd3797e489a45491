"""Whether a database URL has a shape FBSS Desktop can open (checked before anything is opened).

Pure string work, so the command line can refuse a bad --database before loading the storage layer, and the
storage layer refuses the same URLs with the same words. The URL is never repeated: it may hold a password.
"""

from __future__ import annotations

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
