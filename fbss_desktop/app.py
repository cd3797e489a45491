"""Composition root: arguments -> paths -> logging -> database URL -> the GUI or a command.

`main` returns an exit status and never lets a traceback reach the console: a usage error, a data folder
that cannot be made or an unexpected error is said in one line on standard error (cli.say), and the
traceback of an unexpected error goes to the log file, without the exception messages (they can quote
patient data). The statuses are cli.EXIT_*, listed in `fbss-desktop --help` and docs/command-line.md.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from fbss_desktop import cli
from fbss_desktop.core.database_url import database_url_problem
from fbss_desktop.core.diagnostics import redacted_traceback
from fbss_desktop.paths import AppPaths
from fbss_desktop.private_files import keep_private

log = logging.getLogger(__name__)

LOG_FILE = "fbss-desktop.log"


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file. If it cannot be written (a full disk), logging stops quietly: logging's own report of
    the failure is a traceback on standard error, and the command reports the fault that matters itself."""

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.failed = True


_installed: list[logging.Handler] = []  # the handler of the last `main` (tests run it many times in a process)


def setup_logging(paths: AppPaths, verbose: bool) -> Path | None:
    """Log to a rotating file in the user's log folder. Messages carry record ids, never patient data.

    Returns the log file, or None when the log folder cannot be written: that is said once, in one line, and
    the command carries on without a log file.
    """
    root = logging.getLogger()
    for previous in _installed:
        root.removeHandler(previous)
        previous.close()
    _installed.clear()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("peewee").setLevel(logging.WARNING)  # its debug log prints query parameters
    file = paths.log_dir / LOG_FILE
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(file, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except (OSError, ValueError) as exc:
        cli.say(f"cannot write the log file {file} ({cli.os_reason(exc)}); carrying on without a log file")
        # Without a handler, logging's last resort prints warnings to standard error: a second line.
        _install(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _install(handler)
    return file


def _install(handler: logging.Handler) -> None:
    logging.getLogger().addHandler(handler)
    _installed.append(handler)


def _make_folders(paths: AppPaths, gui: bool) -> bool:
    """Make the data folder (the default database, backups) and, for the GUI, the settings folder; say why
    not in one line. Even a command that only reads needs them: opening a database may migrate it, which
    writes a backup first."""
    for folder in (paths.data_dir, paths.config_dir) if gui else (paths.data_dir,):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (OSError, ValueError) as exc:
            cli.say(
                f"cannot create the folder {folder} ({cli.os_reason(exc)}); choose one that can be written "
                "with --data-dir or FBSS_DATA_DIR"
            )
            return False
    return True


def _unexpected(exc: Exception, command: str | None, log_file: Path | None) -> int:
    """A programming error: the traceback to the log file only, and one line naming it."""
    what = f"the {command} command" if command else "FBSS Desktop"
    kind = type(exc).__name__
    log.error("unexpected %s stopped %s\n%s", kind, what, redacted_traceback(exc))
    logged = log_file is not None and not any(getattr(handler, "failed", False) for handler in _installed)
    if logged:
        cli.say(f"an unexpected error ({kind}) stopped {what}; the details are in {log_file}. Please report it")
    else:
        cli.say(f"an unexpected error ({kind}) stopped {what}, and the log file could not be written. Please report it")
    return cli.EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Start the GUI or run one command; return the exit status (cli.EXIT_*)."""
    try:
        args = cli.build_parser().parse_args(argv)
    except SystemExit as stop:  # --help or --version (0), or a usage error already said in one line (2)
        return stop.code if isinstance(stop.code, int) else cli.EXIT_USAGE
    log_file: Path | None = None
    try:
        paths = AppPaths.for_user(args.data_dir)
        gui = args.command in (None, "gui")
        keep_private(())  # from here on, every file and folder made is the user's only
        if not _make_folders(paths, gui):
            return cli.EXIT_ERROR
        keep_private((paths.data_dir, paths.config_dir, paths.log_dir))
        log_file = setup_logging(paths, args.verbose)
        from_environment = os.environ.get("FBSS_DATABASE_URL") if args.database is None else None
        if args.database is None and not from_environment:
            from_environment = paths.remembered_database_url()  # the server `server connect` chose
        if from_environment and (problem := database_url_problem(from_environment)):
            cli.say(f"FBSS_DATABASE_URL: {problem}")  # --database was checked as it was parsed
            return cli.EXIT_USAGE
        url = args.database or from_environment or paths.default_database_url
        if gui:
            # Imported here so that command-line use never loads Qt.
            from fbss_desktop.gui.application import run_gui

            return run_gui(url, paths, smoke_test=args.smoke_test)
        status = cli.run_command(args, url, paths)
        try:
            cli.flush_stdout()  # a failed write shows here, not in Python's flush at exit
        except cli.CommandError as exc:
            cli.say(str(exc))
            return exc.status
        return status
    except KeyboardInterrupt:
        cli.say("interrupted")
        return cli.EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader of standard output went away: like other tools, say nothing
        cli.drop_stdout()
        return cli.EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, and the traceback in the log
        return _unexpected(exc, args.command, log_file)


if __name__ == "__main__":
    sys.exit(main())
