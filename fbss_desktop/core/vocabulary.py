"""Coded choice lists a consult records (red flags, comorbidities, findings...), read from resources/ as data.

A choice marked "retired" is no longer offered for new entry but is still a known code: stored consults and
case files that hold it are read and shown with its label ("history is read as it was written").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def retired(self) -> bool:
        return bool(self.extra.get("retired"))

    def belongs_to(self, region: str) -> bool:
        """Whether the choice applies to a consult about `region` (a choice naming no region applies to all)."""
        return bool(self.extra.get("region", region) == region)


@dataclass(frozen=True)
class ChoiceList:
    name: str
    items: tuple[Choice, ...]
    source: str = ""
    why: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def _by_code(self) -> dict[str, Choice]:
        return {c.code: c for c in self.items}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def get(self, code: str) -> Choice | None:
        return self._by_code.get(code)

    def label(self, code: str) -> str:
        choice = self.get(code)
        return choice.label if choice else code

    @property
    def codes(self) -> tuple[str, ...]:
        """Every known code, retired ones included (the order documents are normalized in)."""
        return tuple(c.code for c in self.items)

    @property
    def current(self) -> tuple[Choice, ...]:
        """The choices offered for new entry: every item but the retired ones."""
        return tuple(c for c in self.items if not c.retired)

    def of_region(self, region: str) -> tuple[Choice, ...]:
        """Every choice (retired ones included) that applies to a consult about `region`: a C6 myotome to a
        cervical consult, an L5 one to a lumbar consult, M96.1 to both."""
        return tuple(c for c in self.items if c.belongs_to(region))


@dataclass(frozen=True)
class Vocabulary:
    version: int
    lists: Mapping[str, ChoiceList]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Vocabulary:
        lists = {}
        for name, raw in data["lists"].items():
            items = tuple(
                Choice(i["code"], i["label"], {k: v for k, v in i.items() if k not in ("code", "label")})
                for i in raw["items"]
            )
            extra = {k: v for k, v in raw.items() if k not in ("items", "source", "why")}
            lists[name] = ChoiceList(name, items, raw.get("source", ""), raw.get("why", ""), extra)
        return cls(int(data["version"]), lists)

    def __getitem__(self, name: str) -> ChoiceList:
        return self.lists[name]
