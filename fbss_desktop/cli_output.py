"""What the command line says and writes: one-line messages on standard error, the exit statuses, and files
written whole or not at all (cli.py runs the commands)."""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path
from typing import Any

from fbss_desktop.core.text import one_line
from fbss_desktop.private_files import write_whole

PROG = "fbss-desktop"
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class CommandError(Exception):
    """A failure already put into words for the user, with the exit status it ends in."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def say(message: str) -> None:
    """Report on standard error, in one line that starts "fbss-desktop: ". What the message quotes (a file
    name, an MRN as typed) cannot break the line or the terminal: control characters and lone surrogates are
    escaped."""
    note(f"{PROG}: {message}")


def note(message: str) -> None:
    """Write one line to standard error; a console that cannot show a character gets its escape instead."""
    stream = sys.stderr
    if stream is None:  # pythonw on Windows: there is no console to report to
        return
    line = one_line(message) + "\n"
    for text in (line, line.encode("ascii", "backslashreplace").decode("ascii")):
        try:
            stream.write(text)
            stream.flush()
            return
        except UnicodeEncodeError:
            continue
        except (OSError, ValueError):  # standard error closed: nowhere is left to report to
            return


def drop_stdout() -> None:
    """Standard output cannot be written (its reader went away, its disk is full): point it at devnull, so
    that Python's flush at exit does not fail again and print a traceback of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture): nothing to flush
        pass


def flush_stdout() -> None:
    """Flush standard output; CommandError (exit 1) if it cannot be written. A closed pipe (BrokenPipeError)
    is left to the caller, which ends quietly."""
    if sys.stdout is None:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise stdout_failure(exc) from exc


def stdout_failure(exc: OSError) -> CommandError:
    drop_stdout()
    return CommandError(f"cannot write the output: {_CANNOT_WRITE.get(exc.errno or 0) or os_reason(exc)}", EXIT_ERROR)


def os_reason(exc: BaseException) -> str:
    """Why an operating-system call failed, in its own short words ("Not a directory")."""
    if isinstance(exc, FileExistsError):
        return "a file of that name is in the way"
    return str(getattr(exc, "strerror", None) or exc)


def quoted(text: str, limit: int = 40) -> str:
    """What the user typed, quoted and cut short, for a message."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


# --- files -------------------------------------------------------------------------------------------------
# Errors that say the computer cannot write (exit 1), as opposed to a file name that cannot be used (exit 2).
_CANNOT_WRITE = {
    errno.ENOSPC: "the disk is full; free some space or write the file elsewhere",
    errno.EDQUOT: "the disk quota is used up; free some space or write the file elsewhere",
    errno.EROFS: "the disk is read-only; write the file elsewhere",
    errno.EACCES: "permission was refused; write the file elsewhere or ask your administrator",
    errno.EPERM: "permission was refused; write the file elsewhere or ask your administrator",
    errno.EIO: "the disk reported an error; write the file elsewhere",
}


def output_path(text: str) -> Path:
    """The file an -o option names, if one can be made there; CommandError (exit 2) before any work if not."""
    if not text or "\x00" in text:
        raise CommandError(f"-o {quoted(text)} is not a file name", EXIT_USAGE)
    path = Path(text)
    try:
        if path.is_dir():
            raise CommandError(f"{text} is a folder; give -o the name of the file to write", EXIT_USAGE)
        if not path.parent.is_dir():
            raise CommandError(f"the folder {path.parent} does not exist; create it or choose another -o", EXIT_USAGE)
    except OSError as exc:  # a name too long, a loop of links
        raise CommandError(f"-o {text}: {os_reason(exc)}", EXIT_USAGE) from exc
    return path


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` whole or not at all (`write_whole`); CommandError saying why not."""
    try:
        write_whole(target, data)
    except OSError as exc:
        raise write_failure(target, exc) from exc


def write_failure(target: Path, exc: OSError) -> CommandError:
    if exc.errno in _CANNOT_WRITE:
        return CommandError(f"cannot write {target}: {_CANNOT_WRITE[exc.errno]}. Nothing was written", EXIT_ERROR)
    return CommandError(f"cannot write {target} ({os_reason(exc)}); choose another file with -o", EXIT_USAGE)


def print_json(data: Any) -> None:
    """JSON on standard output: UTF-8 where the console takes it, else the same JSON with \\u escapes."""
    print_line(json.dumps(data, ensure_ascii=False, indent=2), json.dumps(data, indent=2))


def print_line(text: str, ascii_text: str | None = None) -> None:
    """A line on standard output; CommandError (exit 1) if it cannot be written, except a closed pipe."""
    try:
        try:
            sys.stdout.write(text + "\n")
        except UnicodeEncodeError:  # raised before anything is written
            sys.stdout.write((ascii_text or text.encode("ascii", "backslashreplace").decode("ascii")) + "\n")
    except BrokenPipeError:
        raise
    except OSError as exc:  # a buffer that could not be written (a full disk)
        raise stdout_failure(exc) from exc
    flush_stdout()
