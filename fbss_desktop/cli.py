"""The command line: `fbss-desktop [--database URL] [COMMAND]`; no command starts the GUI.

A command never shows a traceback. A failure is one line on standard error that starts "fbss-desktop: " and
says what is wrong and what to do, and the exit status is the same for every command (docs/command-line.md):
2 when what the user gave is wrong (an argument, an MRN, a case file), 1 when the computer or the database
fails (cannot be opened, busy, read-only, damaged, full, unreachable; a folder or disk that cannot be
written), and 1 for an unexpected error, whose details go to the log file only (app.py).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from fbss_desktop import __version__, cli_admin, cli_identity, cli_server
from fbss_desktop.cli_output import (  # noqa: F401 - re-exported: app.py reads them as cli.*
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    CommandError,
    drop_stdout,
    flush_stdout,
    note,
    os_reason,
    output_path,
    print_json,
    print_line,
    quoted,
    say,
    write_failure,
    write_file,
)
from fbss_desktop.core.database_url import database_url_problem, url_password
from fbss_desktop.core.errors import DomainError, SignInError, StorageError
from fbss_desktop.core.patients import MRN_PATTERN, normalize_mrn
from fbss_desktop.core.users import Permission
from fbss_desktop.paths import AppPaths

if TYPE_CHECKING:  # the facade (and the database driver) load when a command needs them
    from fbss_desktop.services.clinic import Clinic

log = logging.getLogger(__name__)

MAX_DEMO_PATIENTS = 1_000_000
MAX_BUSY_TIMEOUT_S = 3600.0

EPILOG = """\
exit status, the same for every command:
  0    done
  1    the computer or the database failed: the database cannot be opened, is busy, read-only,
       damaged or full, its server cannot be reached or refused the login, a folder or a disk
       cannot be written; or an unexpected error, whose details are in the log file
  2    a bad argument or option value, an unknown MRN, a case file that cannot be read or is
       not a valid case, a wrong user name or password, or a role that may not do it; nothing
       was changed
  130  interrupted (Ctrl+C)
A failure is reported in one line on standard error, starting "fbss-desktop: ".
See docs/command-line.md."""


# --- arguments -----------------------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """argparse with a usage error in one line (its own adds the usage) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        say(f"{message} (see {self.prog} --help)")
        raise SystemExit(EXIT_USAGE)


def _database_url(text: str) -> str:
    problem = database_url_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    if url_password(text):
        raise argparse.ArgumentTypeError(
            "a password in --database can be read by anyone on this computer who lists its processes: leave it "
            "out and keep it in a pgpass file (fbss-desktop server connect stores it there), or in "
            "FBSS_DATABASE_URL (see the README)"
        )
    return text


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # also a number of thousands of digits, which Python will not convert
        raise argparse.ArgumentTypeError(f"expected a whole number, not {quoted(text)}") from None


def _patient_count(text: str) -> int:
    count = _whole_number(text)
    if not 1 <= count <= MAX_DEMO_PATIENTS:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_DEMO_PATIENTS:,}, not {count}")
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Consult record and treatment planning for persistent pain after spine surgery. "
        "With no command, starts the desktop app.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        type=_database_url,
        help="database to open: sqlite:///path/file.sqlite3 or postgresql://user@host:port/name "
        "(default: FBSS_DATABASE_URL, else an SQLite file in the user's data folder)",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="keep data, settings and logs under DIR (also FBSS_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail (never patient data)")
    parser.add_argument("--user", metavar="NAME", help="who runs the command, once the clinic has users")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read --user's password from standard input (for scripts)"
    )
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("gui", help="start the desktop app (the default)")
    demo = commands.add_parser("demo", help="add realistic fictional patients with surgical histories")
    demo.add_argument("--patients", type=_patient_count, default=50, metavar="N", help="how many (default 50)")
    demo.add_argument("--seed", type=_whole_number, default=2026, help="random seed, for the same patients every time")
    export = commands.add_parser("export", help="write one patient's case file (JSON, see docs/case-format.md)")
    export.add_argument("mrn", help="the patient's medical record number")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    load = commands.add_parser("import", help="add a patient from a case file; a bad file changes nothing")
    load.add_argument("file", help="the case file (JSON)")
    check = commands.add_parser(
        "check",
        help="print the decision-support findings for a case file's latest consult and plan (JSON); "
        "exit 0 whatever they are, 2 for a file that cannot be read",
    )
    check.add_argument("file", help="the case file (JSON)")
    pdf = commands.add_parser(
        "plan-pdf", help="write the patient's plan PDF of a case file's latest plan (exit 2 for a bad file)"
    )
    pdf.add_argument("file", help="the case file (JSON)")
    pdf.add_argument("-o", "--output", metavar="FILE", required=True, help="the PDF to write")
    pdf.add_argument("--clinician-summary", action="store_true", help="the clinician summary (codes, findings) instead")
    audit = commands.add_parser("audit", help="check the audit trail")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify", help="check that no entry was changed, inserted or removed (exit 1 naming the first broken one)"
    )
    backup = commands.add_parser(
        "backup",
        help="back the database up while it is in use (an administrator): an SQLite copy or a pg_dump file, "
        "keeping 7 daily and 4 weekly",
    )
    backup.add_argument("-o", "--output", metavar="FOLDER", help="the folder (default: backups in the data folder)")
    restore = commands.add_parser(
        "restore",
        help="restore a backup (--user, an administrator in it): checked in a new database first, then put in "
        "place of the current one, which is kept beside the backups; with --into, only into a new database",
    )
    restore.add_argument("file", help="the backup: an SQLite file, or a pg_dump file for a PostgreSQL server")
    restore.add_argument(
        "--into", metavar="TARGET", help="a new SQLite file (or PostgreSQL database name) to restore into instead"
    )
    commands.add_parser(
        "recover",
        help="set a new password for --user, an administrator, with the recovery key of an encrypted database "
        "(asked at the terminal; with --password-stdin, the key on the first line and the password on the second)",
    )
    cli_server.add_commands(commands)
    commands.add_parser(
        "encrypt",
        help="encrypt an SQLite database (SQLCipher) for --user, an administrator; prints the recovery key once",
    )
    return parser


# --- the database ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Database:
    """Where a command's clinic database is, and how long a write waits for another program's lock."""

    url: str
    backup_dir: Path
    busy_timeout: float | None
    user: str | None = None
    password_stdin: bool = False
    audit_key_dir: Path | None = None

    @contextlib.contextmanager
    def opened(self) -> Iterator[Clinic]:
        from fbss_desktop.services.encryption import is_encrypted, unlock

        password = None
        key = None
        if is_encrypted(self.url):  # who runs the command unlocks the database first, with the same password
            password = cli_identity.ask_password(self.user, self.password_stdin, encrypted=True)
            try:
                key = unlock(self.url, self.user or "", password)
            except SignInError as exc:
                raise CommandError(str(exc), EXIT_USAGE) from exc
            except DomainError as exc:  # the key file is missing or damaged
                raise CommandError(str(exc), EXIT_ERROR) from exc
        try:
            clinic = self.open_clinic(key)
        except DomainError as exc:
            # Whatever keeps the database from opening (damaged, newer, unreachable) is the environment's fault.
            raise CommandError(str(exc), EXIT_ERROR) from exc
        try:
            if key is not None:
                from fbss_desktop.services.encryption import record_refusals

                record_refusals(clinic)
            cli_identity.sign_in(clinic, self.user, self.password_stdin, password=password)
            yield clinic
        finally:
            try:
                clinic.close()
            except Exception as exc:  # noqa: BLE001 - a connection that breaks on closing changes nothing now
                log.info("the database did not close cleanly (%s)", type(exc).__name__)

    def open_at(self, url: str, key: bytes | None) -> Clinic:
        """Another database (a backup being restored) opened as this one is."""
        return replace(self, url=url).open_clinic(key)

    def open_clinic(self, key: bytes | None) -> Clinic:
        """The clinic opened as every command opens it (its backups, its audit key), with the key if any."""
        from fbss_desktop.services.clinic import Clinic

        timeout = {} if self.busy_timeout is None else {"busy_timeout": self.busy_timeout}
        return Clinic.open(self.url, backup_dir=self.backup_dir, audit_key_dir=self.audit_key_dir, key=key, **timeout)

    def settings(self) -> dict[str, Any]:
        """The clinic's settings (thresholds, letterhead) for work on a case file outside the database."""
        with self.opened() as clinic:
            return clinic.settings.values()


def _busy_timeout() -> float | None:
    """FBSS_BUSY_TIMEOUT (seconds) if set: tests and scripts that would rather fail fast than wait 5 s."""
    text = os.environ.get("FBSS_BUSY_TIMEOUT", "").strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_BUSY_TIMEOUT_S:  # NaN fails too
        raise CommandError(
            f"FBSS_BUSY_TIMEOUT must be a number of seconds from 0 to {MAX_BUSY_TIMEOUT_S:g}, not {quoted(text)}",
            EXIT_USAGE,
        )
    return seconds


# --- commands --------------------------------------------------------------------------------------------
def run_command(args: argparse.Namespace, url: str, paths: AppPaths) -> int:
    """Run one command and return its exit status; a failure the user can act on is said in one line."""
    commands: dict[str, Callable[[argparse.Namespace, _Database], int]] = {
        "demo": _demo,
        "export": _export,
        "import": _import,
        "check": _check,
        "plan-pdf": _plan_pdf,
        "audit": _audit,
        "encrypt": cli_admin.encrypt,
        "recover": cli_admin.recover_command,
        "backup": cli_admin.backup,
        "restore": cli_admin.restore_command,
        "server": lambda args, database: cli_server.run(args, database, paths),
    }
    log.info("command %s", args.command)
    try:
        database = _Database(
            url, paths.backup_dir, _busy_timeout(), args.user, args.password_stdin, paths.audit_key_dir
        )
        return commands[args.command](args, database)
    except CommandError as exc:
        say(str(exc))
        return exc.status
    except StorageError as exc:  # the database or the disk failed during the command
        say(str(exc))
        return EXIT_ERROR
    except DomainError as exc:  # what the user gave was refused: a case file, an MRN, a value
        say(str(exc))
        return EXIT_USAGE


def _demo(args: argparse.Namespace, database: _Database) -> int:
    with database.opened() as clinic:
        clinic.demo.load(args.patients, seed=args.seed)
        total = clinic.patients.count()
    print_line(f"Added {args.patients} demo patients; the database now holds {total}.")
    return EXIT_OK


def _export(args: argparse.Namespace, database: _Database) -> int:
    mrn = normalize_mrn(args.mrn)
    if not MRN_PATTERN.fullmatch(mrn):  # nothing else can be stored, so nothing else is looked up
        raise CommandError(
            f"{quoted(args.mrn)} is not a medical record number: those are 1-20 letters, digits or hyphens",
            EXIT_USAGE,
        )
    target = output_path(args.output) if args.output is not None else None
    with database.opened() as clinic:
        if target is None:
            print_json(clinic.case_files.export(mrn))
            return EXIT_OK
        try:
            clinic.case_files.write(mrn, target)  # in the audit trail only once the file is written
        except (OSError, StorageError) as exc:
            cause = exc if isinstance(exc, OSError) else exc.__cause__
            if not isinstance(cause, OSError):
                raise  # the database failed, not the file
            raise write_failure(target, cause) from exc
    note(f"Wrote the case file {target}.")
    return EXIT_OK


def _import(args: argparse.Namespace, database: _Database) -> int:
    from fbss_desktop.services.casefile import read_case_file

    path = Path(args.file)
    data = read_case_file(path)  # a file that cannot be read is reported before the database is opened
    with database.opened() as clinic:
        imported, _ = clinic.case_files.add(data, name=path.name)
        patient = imported.patient
        assert patient.id is not None
        consults = len(clinic.patients.open(patient.id).consults)
    print_line(f"Imported {patient.mrn} with {consults} consult{'s' if consults != 1 else ''}.")
    for text in imported.notes:
        note(text)
    return EXIT_OK


def _check(args: argparse.Namespace, database: _Database) -> int:
    """Findings as a JSON array on standard output; the case goes into a private database, not the clinic's."""
    from fbss_desktop.services.casefile import read_case_file
    from fbss_desktop.services.checking import check_case

    path = Path(args.file)
    data = read_case_file(path)
    findings = check_case(data, name=path.name, settings=database.settings())
    print_json(findings)
    return EXIT_OK


def _plan_pdf(args: argparse.Namespace, database: _Database) -> int:
    from fbss_desktop.services.casefile import read_case_file
    from fbss_desktop.services.checking import plan_pdf

    path = Path(args.file)
    output = output_path(args.output)
    data = read_case_file(path)
    summary = args.clinician_summary
    pdf = plan_pdf(data, name=path.name, settings=database.settings(), clinician_summary=summary)
    write_file(output, pdf)
    note(f"Wrote the {'clinician summary' if summary else 'plan'} {output}.")
    return EXIT_OK


def _audit(args: argparse.Namespace, database: _Database) -> int:
    """`audit verify`: walk the chain; the first entry that does not follow from the one before is named."""
    with database.opened() as clinic:
        clinic.require(Permission.AUDIT)
        checked, broken = clinic.audit.verify()
    if broken is None:
        print_line(f"The audit trail holds: {checked:,} entr{'y' if checked == 1 else 'ies'} checked, none changed.")
        return EXIT_OK
    raise CommandError(
        f"the audit trail is broken at entry {broken.id} ({broken.at:%Y-%m-%d %H:%M:%S} UTC, {broken.action}): "
        "that entry, or the one before it, was changed, inserted or removed outside FBSS Desktop",
        EXIT_ERROR,
    )
