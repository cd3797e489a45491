"""Failures the user sees: one place that turns an exception into a message box and a log line.

A DomainError's message is written for the user (a StorageError says what is wrong with the database and
what to do); anything else is unexpected: the log gets its redacted traceback (no patient data) and the user
a message naming the log file. Nothing is re-raised into Qt.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from fbss_desktop.core.diagnostics import redacted_traceback
from fbss_desktop.core.errors import DomainError, StorageError, ValidationError

log = logging.getLogger(__name__)

_log_path = ""


def set_log_path(path: str) -> None:
    global _log_path
    _log_path = path


def message_for(exc: BaseException, *, kept: str = "") -> str:
    """The text shown for `exc`; `kept` says what happened to the user's work (shown for storage faults and
    unexpected errors, where the user may fear it is lost)."""
    if isinstance(exc, ValidationError):  # said in a box, not at a field: the messages, never the field names
        return " ".join(dict.fromkeys(exc.errors.values()))
    if isinstance(exc, DomainError) and not isinstance(exc, StorageError):
        return str(exc)
    if isinstance(exc, StorageError):
        text = str(exc)
    elif isinstance(exc, OSError) and exc.strerror:  # a file the user chose could not be written or read
        where = f" ({exc.filename})" if isinstance(exc.filename, str) else ""
        text = f"{exc.strerror}{where}. Choose another name or folder, then try again."
    else:
        where = f" Details are in the log file {_log_path}." if _log_path else " Details are in the log file."
        text = f"Something went wrong that FBSS Desktop did not expect ({type(exc).__name__}).{where}"
    return f"{text}\n\n{kept}" if kept else text


def report(parent: QWidget | None, title: str, exc: BaseException, *, kept: str = "") -> None:
    """Log `exc` (without patient data) and show it in a message box over `parent`."""
    refused_file = isinstance(exc, OSError) and bool(exc.strerror)
    if isinstance(exc, StorageError) or refused_file:
        log.warning("%s: %s", title, type(exc).__name__)  # the file's name may carry an MRN: not logged
    elif not isinstance(exc, DomainError):
        log.error("%s: unexpected %s\n%s", title, type(exc).__name__, redacted_traceback(exc))
    text = message_for(exc, kept=kept)
    if isinstance(exc, DomainError) or refused_file:  # the user can put it right: a warning, not an alarm
        QMessageBox.warning(parent, title, text)
    else:
        QMessageBox.critical(parent, title, text)


def install_excepthook(parent: Callable[[], QWidget | None]) -> None:
    """Any exception that reaches Qt's event loop is logged and shown, instead of only reaching stderr."""
    showing = False

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if showing:  # an error while the message box is up: log it, do not stack boxes
            log.error("unexpected %s while reporting another\n%s", kind.__name__, redacted_traceback(exc))
            return
        showing = True
        try:
            report(parent(), "Unexpected error", exc, kept="Your open consults are autosaved; save them to be sure.")
        finally:
            showing = False

    sys.excepthook = hook
