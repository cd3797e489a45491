"""Every facade call speaks its failures: storage faults become StorageErrors, and a lost server reconnects.

`storage_op` wraps one use case. Before the outermost call on a thread, a PostgreSQL connection that broke
since the last call (the server restarted) is replaced, so the user sees nothing. A database or disk fault
raised inside becomes the user-facing StorageError from `storage.errors.translate`; its details go to the
log (the exception's type and SQL state, never its parameters or any patient data). A connection lost in
the middle of a call is dropped too, so the next call reconnects; that one call reports it once. A call
that returns a ChangeSet (a write) is announced to the other workstations (`clinic.changes`, services/live.py).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from fbss_desktop.core.changes import changes_in
from fbss_desktop.core.errors import ConnectionLostError, DomainError, StorageError
from fbss_desktop.storage import db as storage_db
from fbss_desktop.storage.errors import pg_code, translate

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

_calls = threading.local()


def storage_op(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` as one use case: reconnect first if needed, translate storage faults after."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        depth = getattr(_calls, "depth", 0)
        _calls.depth = depth + 1
        try:
            if depth == 0:
                connected = storage_db.database.obj
                if connected is not None:
                    storage_db.ensure_connected(connected)
            result = function(*args, **kwargs)
            if depth == 0:
                _announce(args, result)
            return result
        except DomainError:
            raise
        except Exception as exc:
            failure = translate(exc)
            if failure is None:
                raise
            if depth == 0:
                _log_failure(function.__qualname__, exc, failure)
            if isinstance(failure, ConnectionLostError) and storage_db.database.obj is not None:
                storage_db.reset_connection(storage_db.database.obj)
            raise failure from exc
        finally:
            _calls.depth = depth

    return run


def _announce(args: tuple[Any, ...], result: Any) -> None:
    """A write (a use case returning a ChangeSet) is told to the other workstations: `clinic.changes`."""
    changes = changes_in(result)
    clinic = getattr(args[0], "clinic", None) if args and changes is not None else None
    feed = getattr(clinic, "changes", None)
    if changes is not None and feed is not None:
        feed.publish(changes)


def _log_failure(operation: str, exc: BaseException, failure: DomainError) -> None:
    """The log gets what failed and why, by type and code: driver messages can quote the values written."""
    code = pg_code(exc)
    level = logging.WARNING if isinstance(failure, StorageError) else logging.INFO
    log.log(
        level,
        "%s failed: %s (%s%s)",
        operation,
        type(failure).__name__,
        type(exc).__name__,
        f", SQLSTATE {code}" if code else "",
    )


def guard_methods(*pure: str) -> Callable[[type[Any]], type[Any]]:
    """Wrap every public method of a facade class in `storage_op`, except the `pure` ones (no database)."""

    def wrap(cls: type[Any]) -> type[Any]:
        for name, member in list(vars(cls).items()):
            if name.startswith("_") or name in pure or not callable(member):
                continue
            if isinstance(member, staticmethod | classmethod | type):
                continue
            setattr(cls, name, storage_op(member))
        return cls

    return wrap
