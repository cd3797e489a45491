"""Every use case says which permission it needs (`@needs`), and the facade checks it for the signed-in user
before the use case runs, whatever screen or command asked: hiding a button is never the only guard.

The check is made at the outermost call only: a use case that calls another (printing reads the plan) was
allowed as a whole. A clinic with no user yet (a fresh database before its set-up, or one from before users
existed) has nobody to check: its set-up creates the first administrator, and from then on every use case
needs a signed-in user whose role allows it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from fbss_desktop.core.users import Permission

P = ParamSpec("P")
R = TypeVar("R")

_calls = threading.local()
NO_CHECK = "no_check"  # the marker of a use case that needs no permission (reads resources, pure work)


def needs(permission: Permission | str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            depth = getattr(_calls, "depth", 0)
            if depth == 0 and permission != NO_CHECK:
                manager: Any = args[0]
                manager.clinic.require(permission)
            _calls.depth = depth + 1
            try:
                return function(*args, **kwargs)
            finally:
                _calls.depth = depth

        run.permission = permission  # type: ignore[attr-defined]
        return run

    return decorate


def permission_of(method: Any) -> Permission | str | None:
    """What a facade method was declared to need (None: not declared, which a test refuses)."""
    while method is not None:
        if hasattr(method, "permission"):
            return method.permission  # type: ignore[no-any-return]
        method = getattr(method, "__wrapped__", None)
    return None
