"""Spinal motion segments (C2-C3 to L5-S1): the levels a surgery or a finding can name."""

from __future__ import annotations

import re

_VERTEBRAE = [f"C{i}" for i in range(2, 8)] + [f"T{i}" for i in range(1, 13)] + [f"L{i}" for i in range(1, 6)] + ["S1"]

SEGMENTS: tuple[str, ...] = tuple(f"{a}-{b}" for a, b in zip(_VERTEBRAE, _VERTEBRAE[1:], strict=False))
_ORDER = {segment: i for i, segment in enumerate(SEGMENTS)}
LUMBAR_SEGMENTS: tuple[str, ...] = tuple(s for s in SEGMENTS if s.startswith("L"))
# The levels most lumbar operations and their imaging concern: offered first when a study names no level.
COMMON_LEVELS: tuple[str, ...] = ("L4-L5", "L5-S1")


_SEGMENT_TEXT = re.compile(r"^([CTLS])(\d{1,2})\s*[-/\u2013 ]?\s*([CTLS]?)(\d{1,2})$")


def normalize_segment(text: str) -> str:
    """Accept "l4-5", "L4/L5", "L4 L5" or "l5s1" and return the canonical "L4-L5"; raise ValueError if not one."""
    m = _SEGMENT_TEXT.match(text.strip().upper())
    if m:
        candidate = f"{m[1]}{int(m[2])}-{m[3] or m[1]}{int(m[4])}"
        if candidate in _ORDER:
            return candidate
    raise ValueError(f"'{text.strip()}' is not a spinal level; use the form L4-L5 or L5-S1")


def parse_levels(text: str) -> tuple[str, ...]:
    """Parse "L4-L5, L5-S1" into canonical segments, ordered head to tail, without repeats."""
    items = [item for item in text.replace(";", ",").split(",") if item.strip()]
    segments = {normalize_segment(item) for item in items}
    return tuple(sorted(segments, key=_ORDER.__getitem__))


def format_levels(levels: tuple[str, ...]) -> str:
    return ", ".join(levels)
