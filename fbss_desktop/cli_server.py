"""`fbss-desktop server init` and `server connect`: a clinic server set up, and each workstation pointed at it.

No password is ever taken from the command line. The owner's password comes from the pgpass file, or is
asked at the terminal when the server wants one; the workstations' role's new password is asked twice (or
read from standard input with --password-stdin); `connect` stores a workstation's password in its user's
pgpass file (PGPASSFILE, else ~/.pgpass), readable by that user only.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from fbss_desktop.cli_output import EXIT_OK, EXIT_USAGE, CommandError, note, print_line
from fbss_desktop.core.errors import DomainError, StorageError

if TYPE_CHECKING:
    from fbss_desktop.cli import _Database
    from fbss_desktop.paths import AppPaths

MIN_PASSWORD = 12  # the workstations' role's password: long, since every workstation keeps it in a file


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = commands.add_parser("server", help="set up a PostgreSQL clinic server, or point this workstation at one")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="prepare the --database server's database (as its owner): schema, the audit trail's protections, "
        "the workstations' role; upgrades an older one after a backup",
    )
    init.add_argument(
        "--workstation-role",
        metavar="NAME",
        help="the login role the workstations use (default: the database's name and _app, fbss_app for fbss); "
        "its new password is asked",
    )
    init.add_argument("--no-workstation-role", action="store_true", help="grant the rights only; set no password")
    connect = actions.add_parser(
        "connect",
        help="check this workstation reaches the server at URL (with no password in it), keep its password in "
        "your pgpass file, and open that server from now on",
    )
    connect.add_argument("url", help="postgresql://fbss_app@HOST/fbss?sslmode=verify-full&sslrootcert=FILE")


def _needs_password(exc: DomainError) -> bool:
    cause = str(exc.__cause__ or "")
    return "no password supplied" in cause or "password authentication failed" in cause


def _ask(prompt: str, password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError("--password-stdin: no password on standard input", EXIT_USAGE)
        return line
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask the password at: pass --password-stdin", EXIT_USAGE)
    return getpass.getpass(prompt)


def _new_password(role: str, password_stdin: bool) -> str:
    password = _ask(f"New password for the workstations' role {role}: ", password_stdin)
    if not password_stdin and getpass.getpass("The same again: ") != password:
        raise CommandError("the two passwords differ; nothing was changed", EXIT_USAGE)
    if len(password) < MIN_PASSWORD:
        raise CommandError(f"the workstations' password needs at least {MIN_PASSWORD} characters", EXIT_USAGE)
    return password


def run(args: argparse.Namespace, database: _Database, paths: AppPaths) -> int:
    from fbss_desktop.services import server_setup

    if args.server_command == "connect":
        return _connect(args, paths)
    if not database.url.startswith(("postgresql://", "postgres://")):
        raise CommandError("say which server with --database postgresql://OWNER@HOST/NAME", EXIT_USAGE)
    database_name = urlparse(database.url).path.strip("/")
    role = (
        None if args.no_workstation_role else (args.workstation_role or server_setup.default_login_role(database_name))
    )
    password = _new_password(role, database.password_stdin) if role else None
    owner_password = None
    while True:
        try:
            ready = server_setup.init(
                database.url,
                backup_dir=database.backup_dir,
                login_role=role,
                login_password=password,
                owner_password=owner_password,
            )
            break
        except StorageError as exc:
            if owner_password is not None or not _needs_password(exc) or not sys.stdin.isatty():
                raise
            owner_password = getpass.getpass("The database owner's password: ")
    if ready.from_version == 0:
        print_line(f"The server's database is ready: schema {ready.to_version}, with the audit trail's protections.")
    elif ready.from_version < ready.to_version:
        print_line(f"The server's database was upgraded from schema {ready.from_version} to {ready.to_version}.")
        if ready.backup is not None:
            print_line(f"A backup from before the upgrade is {ready.backup}.")
    else:
        print_line(f"The server's database is at schema {ready.to_version} already; the rights were granted again.")
    if role:
        print_line(f"The workstations' role {role} was {'made' if ready.role_made else 'given its new password'}.")
        server = urlparse(database.url)
        where = f"{server.hostname or 'HOST'}{f':{server.port}' if server.port else ''}"
        note(
            f"On each workstation: fbss-desktop server connect 'postgresql://{role}@{where}/{database_name}"
            "?sslmode=verify-full&sslrootcert=/etc/fbss/root.crt' (the server's certificate authority there), "
            "then copy the audit trail's key from this computer's config folder (audit-keys/) to the same "
            "place on each workstation."
        )
    return EXIT_OK


def _connect(args: argparse.Namespace, paths: AppPaths) -> int:
    from fbss_desktop.core.database_url import database_url_problem, url_password
    from fbss_desktop.services import server_setup

    url = args.url
    problem = database_url_problem(url)
    if problem or not url.startswith(("postgresql://", "postgres://")):
        raise CommandError(problem or "server connect takes a postgresql:// address", EXIT_USAGE)
    if url_password(url):
        raise CommandError("leave the password out of the address: it is asked, then kept in pgpass", EXIT_USAGE)
    password = None
    try:
        version = server_setup.check_connection(url)
    except StorageError as exc:
        if not _needs_password(exc):
            raise
        password = _ask("Password for the server: ", args.password_stdin)
        version = server_setup.check_connection(url, password)
    if password is not None:
        pgpass = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
        server_setup.store_password(pgpass, url, password)
        print_line(f"The password is kept in {pgpass} (readable by you only).")
    kept = server_setup.remember(paths, url)
    print_line(f"Connected: the server's database is at schema {version}. FBSS Desktop opens it from now on.")
    note(f"(The address is kept in {kept}; --database or FBSS_DATABASE_URL still choose another.)")
    return EXIT_OK
