"""Who runs a command: once a clinic has users, every command says who it runs for (`--user NAME`), with the
password asked at the terminal or read from standard input (`--password-stdin`, for scripts), and runs with
that user's role; the services refuse the rest and the audit trail records them."""

from __future__ import annotations

import getpass
import socket
import sys
from typing import TYPE_CHECKING

from fbss_desktop.cli_output import EXIT_USAGE, CommandError
from fbss_desktop.core.errors import SignInError

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


def ask_password(username: str | None, password_stdin: bool, *, encrypted: bool = False) -> str:
    """`username`'s password, asked at the terminal or read from standard input."""
    if not username:
        raise CommandError(
            f"this {'database is encrypted' if encrypted else 'clinic has users'}: say who you are with --user NAME "
            "(the password is asked, or read from standard input with --password-stdin)",
            EXIT_USAGE,
        )
    return _password(username, password_stdin)


def sign_in(clinic: Clinic, username: str | None, password_stdin: bool, *, password: str | None = None) -> None:
    """Sign `username` in on `clinic` when it has users; a clinic without users runs the command as before.
    `password`: already given (it unlocked an encrypted database), so not asked again."""
    if clinic.accounts.needs_first_user():
        return
    if password is None:
        password = ask_password(username, password_stdin)
    assert username is not None
    try:
        clinic.accounts.sign_in(username, password, f"{socket.gethostname()[:100]} (command line)")
    except SignInError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc


def _password(username: str, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise CommandError("--password-stdin: no password on standard input", EXIT_USAGE)
        return line
    if not sys.stdin.isatty():
        raise CommandError(
            "no terminal to ask the password at: pass --password-stdin and give it on standard input", EXIT_USAGE
        )
    return getpass.getpass(f"Password for {username}: ")


def recovery_and_password(username: str, from_stdin: bool) -> tuple[str, str]:
    """The recovery key and the administrator's new password: two lines on standard input, or asked at the
    terminal (the password twice)."""
    if from_stdin:
        key = sys.stdin.readline().strip()
        password = sys.stdin.readline().rstrip("\r\n")
        if not key or not password:
            raise CommandError(
                "--password-stdin: give the recovery key on one line and the new password on the next", EXIT_USAGE
            )
        return key, password
    if not sys.stdin.isatty():
        raise CommandError(
            "no terminal to ask at: pass --password-stdin with the recovery key and the new password on two lines",
            EXIT_USAGE,
        )
    key = getpass.getpass("Recovery key: ")
    password = getpass.getpass(f"New password for {username}: ")
    if getpass.getpass("The new password again: ") != password:
        raise CommandError("the two passwords differ; nothing was changed", EXIT_USAGE)
    return key, password
