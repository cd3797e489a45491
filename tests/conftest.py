"""Shared fixtures: offscreen Qt, a private data folder, and migrated databases copied per test."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 11, 21)
PG_URL = os.environ.get("FBSS_TEST_PG_URL", "")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user's folders."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("FBSS_DATA_DIR", str(folder))
    monkeypatch.delenv("FBSS_DATABASE_URL", raising=False)
    return folder


@pytest.fixture(autouse=True)
def fresh_door(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test meets an encrypted database's door with no wrong passwords counted before it (the count is the
    running app's, kept in memory)."""
    from fbss_desktop.services import encryption

    monkeypatch.setattr(encryption, "_refused", encryption._Refusals())


@pytest.fixture(scope="session")
def template_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated once to the latest schema (migrating for every test would be slow)."""
    from fbss_desktop.storage.db import open_database
    from fbss_desktop.storage.migrations import migrate

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(f"sqlite:///{path}")
    migrate(db, backup_dir=None)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _reset_postgres(url: str) -> None:
    """Empty the test server's schema and migrate it afresh."""
    from fbss_desktop.storage.db import open_database
    from fbss_desktop.storage.migrations import migrate

    db = open_database(url)
    db.execute_sql("DROP SCHEMA public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    migrate(db, backup_dir=None)
    db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, template_sqlite: Path, tmp_path: Path) -> str:
    """A fresh, migrated database of each backend: SQLite always, PostgreSQL when FBSS_TEST_PG_URL is set."""
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
        _reset_postgres(PG_URL)
        return PG_URL
    target = tmp_path / "clinic.sqlite3"
    shutil.copy(template_sqlite, target)
    return f"sqlite:///{target}"


@pytest.fixture
def sqlite_url(template_sqlite: Path, tmp_path: Path) -> str:
    target = tmp_path / "clinic.sqlite3"
    shutil.copy(template_sqlite, target)
    return f"sqlite:///{target}"


@pytest.fixture
def clinic(database_url: str, tmp_path: Path) -> Iterator[object]:
    from fbss_desktop.services.clinic import Clinic

    opened = Clinic.open(database_url, backup_dir=tmp_path / "backups", today=lambda: TODAY)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_clinic(sqlite_url: str, tmp_path: Path) -> Iterator[object]:
    from fbss_desktop.services.clinic import Clinic

    opened = Clinic.open(sqlite_url, backup_dir=tmp_path / "backups", today=lambda: TODAY)
    yield opened
    opened.close()


@pytest.fixture
def pg_clinic(tmp_path):
    """A clinic on the throwaway PostgreSQL server, emptied and migrated afresh."""
    from fbss_desktop.services.clinic import Clinic

    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set")
    _reset_postgres(PG_URL)
    opened = Clinic.open(PG_URL, backup_dir=tmp_path, today=lambda: TODAY)
    yield opened
    opened.close()
