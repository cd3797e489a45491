"""The administrator's commands: encrypt an SQLite database, recover an administrator with the recovery key,
back the database up and restore a backup. Each says who runs it (`--user`) and is checked and audited like
any other."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_desktop import cli_identity
from fbss_desktop.cli_output import EXIT_OK, EXIT_USAGE, CommandError, note, print_line, write_failure
from fbss_desktop.core.errors import SignInError

if TYPE_CHECKING:
    from fbss_desktop.cli import _Database


def encrypt(args: argparse.Namespace, database: _Database) -> int:
    """Encrypt the plain SQLite database; the administrator's password wraps the key, and the recovery key is
    printed once, to be written down and kept apart from the computer."""
    from fbss_desktop.services.encryption import encrypt, is_encrypted

    if is_encrypted(database.url):
        raise CommandError("the database is encrypted already", EXIT_USAGE)
    if not database.user:
        raise CommandError("say which administrator encrypts it with --user NAME", EXIT_USAGE)
    password = cli_identity.ask_password(database.user, database.password_stdin)
    try:
        done = encrypt(database.url, database.user, password, database.open_clinic, backup_dir=database.backup_dir)
    except SignInError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    print_line(f"The database is encrypted. Recovery key (shown only now): {done.recovery_key}")
    note(
        "Write the recovery key down and keep it away from this computer: with the key file beside the database, "
        "it opens the database when no administrator's password can."
    )
    if done.without_copy:
        note(
            "These users sign in again once an administrator resets their password (File › Users…): "
            + ", ".join(done.without_copy)
        )
    if done.plain_backups:
        note(
            f"{len(done.plain_backups)} backups from before are not encrypted; delete them from "
            f"{done.plain_backups[0].parent} once you no longer need them."
        )
    return EXIT_OK


def recover_command(args: argparse.Namespace, database: _Database) -> int:
    """The recovery key kept at the set-up opens the database and gives an administrator a new password."""
    from fbss_desktop.services.encryption import is_encrypted, recover

    if not is_encrypted(database.url):
        raise CommandError("the database is not encrypted: there is no recovery key for it", EXIT_USAGE)
    if not database.user:
        raise CommandError("say which administrator gets a new password with --user NAME", EXIT_USAGE)
    key, password = cli_identity.recovery_and_password(database.user, database.password_stdin)
    try:
        recover(database.url, key, database.user, password, database.open_clinic)
    except SignInError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    print_line(f"{database.user} has a new password; sign in with it. The recovery key still works: keep it safe.")
    return EXIT_OK


def backup(args: argparse.Namespace, database: _Database) -> int:
    folder = Path(args.output) if args.output else database.backup_dir
    with database.opened() as clinic:
        try:
            target = clinic.backups.make(folder)
        except OSError as exc:
            raise write_failure(folder, exc) from exc
    print_line(f"Backed up to {target}.")
    return EXIT_OK


def restore_command(args: argparse.Namespace, database: _Database) -> int:
    """Restore a backup: into a new database, checked there, then in place of the current one (kept aside)."""
    from fbss_desktop.services.restore import restore

    if not database.user:
        raise CommandError("say who restores it with --user NAME (an administrator in the backup)", EXIT_USAGE)
    password = cli_identity.ask_password(database.user, database.password_stdin)
    opener = replace(database, backup_dir=database.backup_dir / "restoring").open_at
    try:
        done = restore(
            Path(args.file), database.url, database.user, password, opener, kept_dir=database.backup_dir, into=args.into
        )
    except SignInError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    checked = done.verification
    counts = checked.counts
    print_line(f"Restored {Path(args.file).name} to {done.database}.")
    print_line(
        f"Checked before anything was replaced: {counts.get('patient', 0):,} patients, "
        f"{counts.get('consult', 0):,} consults, {counts.get('plan', 0):,} plan versions; the audit trail holds "
        f"({checked.audit_entries:,} entries); {checked.read_back} patients' records read back whole."
    )
    if done.kept:
        print_line(f"The database it replaced is kept as {done.kept}.")
    elif args.into:
        note("Nothing was replaced: open the restored copy with --database to look at it.")
    return EXIT_OK
