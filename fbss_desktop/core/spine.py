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
    """Parse "L4-L5, L5-S1" into canonical segments, ordered head to tail, without repeats. A span of more
    than one segment, as an operation note writes it ("L4-S1", "L3 to L5"), names each segment in it."""
    items = [item for item in text.replace(";", ",").split(",") if item.strip()]
    segments: set[str] = set()
    for item in items:
        try:
            segments.add(normalize_segment(item))
        except ValueError:
            span = _span(item)
            if not span:
                raise
            segments.update(span)
    return tuple(sorted(segments, key=_ORDER.__getitem__))


_SPAN_TEXT = re.compile(r"^([CTLS])(\d{1,2})\s*(?:-|/|\u2013|TO)\s*([CTLS]?)(\d{1,2})$")


def _span(text: str) -> tuple[str, ...]:
    """The segments from one vertebra to a lower one ("L4-S1": L4-L5 and L5-S1), or () if it is not one."""
    m = _SPAN_TEXT.match(text.strip().upper())
    if not m:
        return ()
    top, bottom = f"{m[1]}{int(m[2])}", f"{m[3] or m[1]}{int(m[4])}"
    if top not in _VERTEBRAE or bottom not in _VERTEBRAE:
        return ()
    first, last = _VERTEBRAE.index(top), _VERTEBRAE.index(bottom)
    if last <= first:
        return ()
    return tuple(f"{a}-{b}" for a, b in zip(_VERTEBRAE[first:last], _VERTEBRAE[first + 1 : last + 1], strict=True))


def format_levels(levels: tuple[str, ...]) -> str:
    return ", ".join(levels)


def region_of_levels(levels: tuple[str, ...]) -> str:
    """The consult region an operation's levels suggest: "cervical" when each level starts in the neck (C3-C4,
    C7-T1), else "lumbar" (the region the app recorded before any other could be); "" without levels."""
    if not levels:
        return ""
    return "cervical" if all(level.startswith("C") for level in levels) else "lumbar"
