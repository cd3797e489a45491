"""A clinic server set up from the command line: `server init` prepares an empty PostgreSQL database (schema,
the audit trail's protections, the workstations' role, which can read and write but cannot change the schema
or the audit trail's history); `server connect` points a workstation at it and keeps its password in pgpass;
no password is taken from a command line."""

from __future__ import annotations

import io
import stat
from urllib.parse import urlparse, urlunparse

import pytest

from fbss_desktop.app import main
from fbss_desktop.paths import AppPaths
from fbss_desktop.services.server_setup import pgpass_entry, store_password
from tests.conftest import PG_URL

WORKSTATION_PASSWORD = "twelve or more characters"


@pytest.fixture
def empty_database():
    """A new, empty database on the throwaway server, dropped afterwards."""
    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
    from fbss_desktop.storage import pg_tools
    from fbss_desktop.storage.db import postgres_params

    params = postgres_params(PG_URL)
    pg_tools.drop_database(params, "fbss_server_init")
    pg_tools.create_database(params, "fbss_server_init")
    yield urlunparse(urlparse(PG_URL)._replace(path="/fbss_server_init"))
    pg_tools.drop_database(params, "fbss_server_init")


def as_role(url: str, role: str) -> str:
    server = urlparse(url)
    return urlunparse(server._replace(netloc=f"{role}@{server.hostname}:{server.port}"))


@pytest.mark.postgres
def test_server_init_prepares_an_empty_database_and_a_role_that_cannot_touch_the_audit_history(
    empty_database, monkeypatch, capsys
):
    import psycopg2

    monkeypatch.setattr("sys.stdin", io.StringIO(WORKSTATION_PASSWORD + "\n"))
    assert main(["--database", empty_database, "--password-stdin", "server", "init"]) == 0
    said = capsys.readouterr()
    assert "is ready: schema" in said.out and "fbss_server_init_app was made" in said.out
    assert "server connect 'postgresql://fbss_server_init_app@" in said.err
    workstation = as_role(empty_database, "fbss_server_init_app")
    # The workstation's role works in the clinic's tables...
    assert main(["--database", workstation, "demo", "--patients", "1"]) == 0
    with psycopg2.connect(workstation) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM patient")
        assert cursor.fetchone()[0] == 1
    # ... but cannot rewrite the audit trail's history, drop its protection or change the schema.
    for statement in (
        "UPDATE audit_event SET detail = 'x'",
        "DELETE FROM audit_event",
        "DROP TRIGGER audit_event_no_change ON audit_event",
        "ALTER TABLE patient ADD COLUMN note text",
        "DELETE FROM schema_migration",
    ):
        connection = psycopg2.connect(workstation)
        try:
            with pytest.raises(psycopg2.Error) as refused, connection.cursor() as cursor:
                cursor.execute(statement)
            assert refused.value.pgcode in ("42501", "P0001"), statement  # no privilege, or the trigger
        finally:
            connection.close()
    # Run again (after an upgrade, say), it grants the rights again and changes nothing else.
    monkeypatch.setattr("sys.stdin", io.StringIO(WORKSTATION_PASSWORD + "\n"))
    assert main(["--database", empty_database, "--password-stdin", "server", "init"]) == 0
    assert "already" in capsys.readouterr().out


@pytest.mark.postgres
def test_server_connect_points_the_workstation_at_the_server(empty_database, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("sys.stdin", io.StringIO(WORKSTATION_PASSWORD + "\n"))
    assert main(["--database", empty_database, "--password-stdin", "server", "init"]) == 0
    workstation = as_role(empty_database, "fbss_server_init_app")
    assert main(["server", "connect", workstation]) == 0
    assert "Connected: the server's database is at schema" in capsys.readouterr().out
    assert AppPaths.for_user().remembered_database_url() == workstation
    assert main(["demo", "--patients", "1"]) == 0  # no --database: the server it was pointed at
    import psycopg2

    with psycopg2.connect(workstation) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM patient")
        assert cursor.fetchone()[0] == 1


def test_a_server_not_set_up_is_refused_by_connect(monkeypatch, capsys, empty_database):
    assert main(["server", "connect", empty_database]) == 2
    assert "server init" in capsys.readouterr().err
    assert AppPaths.for_user().remembered_database_url() is None


def test_a_password_is_never_taken_on_the_command_line(capsys):
    assert main(["server", "connect", "postgresql://fbss_app:secret@db.example/fbss"]) == 2
    assert "secret" not in capsys.readouterr().err
    assert main(["--database", "postgresql://owner:secret@db.example/fbss", "server", "init"]) == 2
    err = capsys.readouterr().err
    assert "pgpass" in err and "secret" not in err


def test_the_pgpass_file_gets_one_line_per_server_and_is_private(tmp_path):
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text("other:5432:*:someone:kept\n")
    url = "postgresql://fbss_app@db.clinic.example:5433/fbss?sslmode=verify-full"
    store_password(pgpass, url, "first:pass\\word")
    store_password(pgpass, url, "second password")
    lines = pgpass.read_text().splitlines()
    assert lines == ["other:5432:*:someone:kept", "db.clinic.example:5433:fbss:fbss_app:second password"]
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert pgpass_entry(url, "a:b\\c")[1].endswith(":a\\:b\\\\c")


@pytest.mark.postgres
def test_a_role_that_may_not_make_roles_is_told_so_before_anything_changes(empty_database, monkeypatch, capsys):
    import psycopg2

    with psycopg2.connect(empty_database) as connection, connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS plain_owner")
        cursor.execute("CREATE ROLE plain_owner LOGIN")
        cursor.execute("ALTER DATABASE fbss_server_init OWNER TO plain_owner")
        cursor.execute("GRANT ALL ON SCHEMA public TO plain_owner")
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(WORKSTATION_PASSWORD + "\n"))
        assert main(["--database", as_role(empty_database, "plain_owner"), "--password-stdin", "server", "init"]) == 2
        assert "may not set the server up" in capsys.readouterr().err
        with psycopg2.connect(empty_database) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            assert cursor.fetchone()[0] == 0  # nothing was made
    finally:
        with psycopg2.connect(empty_database) as connection, connection.cursor() as cursor:
            cursor.execute("ALTER DATABASE fbss_server_init OWNER TO postgres")
            cursor.execute("REVOKE ALL ON SCHEMA public FROM plain_owner")
            cursor.execute("DROP ROLE plain_owner")
