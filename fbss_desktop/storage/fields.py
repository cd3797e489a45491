"""Peewee field classes of the storage layer: JSON documents kept as text, read and written as Python values.

Repositories hand the models dicts, lists, strings and numbers and get the same back; the text in the
column is exactly what the hand-written `json.dumps` calls wrote before this field existed, so existing
databases (SQLite or PostgreSQL) read the same and a row written today reads in an older copy of the app.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import Node, TextField


class JSONField(TextField):
    """A JSON value in a TEXT column (not the database's own JSON type: the schema stays as migrated).

    `compact=True` writes `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`, the form of the
    consult and plan documents; `compact=False` writes plain `json.dumps(value)`, the form clinic settings
    have always had. SQL NULL stays None both ways, and so does empty text (never valid JSON; the readers
    before this field took it for "no document").
    """

    def __init__(self, *args: Any, compact: bool = True, **kwargs: Any) -> None:
        self.compact = compact
        super().__init__(*args, **kwargs)

    def db_value(self, value: Any) -> Any:
        if value is None or isinstance(value, Node):  # a Node: an SQL expression, passed on as it is
            return value
        if self.compact:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return json.dumps(value)

    def python_value(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(value)
