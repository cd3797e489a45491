"""Reading JSON-shaped documents field by field, collecting one message per wrong path.

The consult and plan documents share these readers; each adds the fields its own document has.

Reading is strict: `tracked(document)` wraps the document so every key a reader looks at is remembered,
and `unread_keys` names each key nobody read (a misspelt path, or a field the form has and the reader does
not). A key nobody reads would be dropped on save without a word; the readers refuse it instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

UNKNOWN_FIELD = "'{key}' is not a field here; it would be lost on save."


class Tracked(Mapping[str, Any]):
    """A read-only view of a JSON mapping that remembers which of its keys were read."""

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        self._data = data
        self._path = path
        self._read: set[str] = set()
        self._children: dict[str, Any] = {}

    def _child(self, key: str) -> Any:
        if key not in self._children:
            self._children[key] = tracked(self._data[key], _join(self._path, key))
        return self._children[key]

    def __getitem__(self, key: str) -> Any:
        value = self._child(key)  # KeyError for a missing key, as a dict
        self._read.add(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        self._read.add(key)
        return self._child(key) if key in self._data else default

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        for key in self._data:
            self._read.add(key)  # iterating a mapping reads all of it (questionnaire answers, yes/no grids)
            yield key

    def __len__(self) -> int:
        return len(self._data)

    def accept(self, key: str) -> None:
        """Count `key` and everything under it as read (it is computed, or another reader's)."""
        self._read.add(key)
        self._children.pop(key, None)

    def unread(self) -> Iterator[tuple[str, str]]:
        """(path, key) of every key under this mapping that no reader looked at."""
        for key in self._data:
            if key not in self._read:
                yield self._path, key
            elif key in self._children:
                yield from _unread(self._children[key])


class TrackedList(list[Any]):
    """A JSON list whose mappings are tracked."""

    def __init__(self, items: list[Any], path: str) -> None:
        super().__init__(tracked(item, f"{path}[{i}]") for i, item in enumerate(items))


def tracked(value: Any, path: str = "") -> Any:
    if isinstance(value, Tracked | TrackedList):
        return value
    if isinstance(value, Mapping):
        return Tracked(value, path)
    if isinstance(value, list):
        return TrackedList(value, path)
    return value


def _unread(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, Tracked):
        yield from value.unread()
    elif isinstance(value, TrackedList):
        for item in value:
            yield from _unread(item)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def unread_keys(document: Any) -> list[tuple[str, str]]:
    """(path of the mapping, key) for each key of a tracked document that was never read."""
    return list(_unread(document))


class DocumentReader:
    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def computed(self, data: Mapping[str, Any], *keys: str) -> None:
        """Keys a stored document carries for its readers (totals, scores) that reading recomputes: accepted,
        and never taken from the document."""
        for key in keys:
            if isinstance(data, Tracked):
                data.accept(key)

    def written_with(self, data: Mapping[str, Any], key: str) -> None:
        """The resource versions a stored document records: kept with the row, checked for shape only."""
        value = data.get(key)
        if value is None:
            return
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()
        ):
            self.fail(key, "The resource versions must map names to whole numbers.")
        self.computed(data, key)

    def refuse_unread(self, document: Any) -> None:
        """One message per key of a tracked `document` that no reader read, at the key's own path."""
        for path, key in unread_keys(document):
            self.fail(_join(path, key), UNKNOWN_FIELD.format(key=key))

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
