"""Reading JSON-shaped documents field by field, collecting one message per wrong path.

The consult and plan documents share these readers; each adds the fields its own document has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DocumentReader:
    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def section(self, data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(path, "Expected a group of fields here.")
            return {}
        return value

    def items(self, data: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "Expected a list here.")
            return []
        return value

    def number_value(self, value: Any, path: str, low: float, high: float, what: str, *, integer: bool = False) -> Any:
        """`value` as a number in [low, high] (typed text accepted), or None after saying what is wrong."""
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                self.fail(path, f"{what} must be a number.")
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"{what} must be a number.")
            return None
        if integer and not float(value).is_integer():
            self.fail(path, f"{what} must be a whole number.")
            return None
        if not low <= value <= high:
            self.fail(path, f"{what} must be between {low:g} and {high:g}.")
            return None
        return int(value) if integer else float(value)

    def number(
        self, data: Mapping[str, Any], key: str, path: str, low: float, high: float, what: str, *, integer: bool = False
    ) -> Any:
        return self.number_value(data.get(key), path, low, high, what, integer=integer)

    def text(self, data: Mapping[str, Any], key: str, path: str, limit: int, what: str) -> str:
        value = data.get(key) or ""
        if not isinstance(value, str):
            self.fail(path, f"{what} must be text.")
            return ""
        value = value.strip()
        if len(value) > limit:
            self.fail(path, f"{what} is too long (at most {limit} characters).")
        return value
