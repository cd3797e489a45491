"""What the log may say about an unexpected exception: where it happened, never what it carried.

An exception's message can quote the values it choked on (a name, a date of birth, SQL parameters), so the
log gets the exception types and the stack (file, line, function) of the whole chain, and no messages.
"""

from __future__ import annotations

import traceback


def redacted_traceback(exc: BaseException) -> str:
    """The chain of `exc` (causes first) as types and stack frames, without any exception message."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    lines: list[str] = []
    for position, item in enumerate(reversed(chain)):
        if position:
            lines.append("which led to:")
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(item.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        lines.append(f"{type(item).__module__}.{type(item).__qualname__} (message withheld)")
    return "\n".join(lines)
