"""Patient handouts: one per catalogue treatment, plus the general and warning-sign handouts, as data.

Read from `resources/handouts/<CODE>.json`. The plan PDF appends the handouts of the plan's treatments;
the front desk can print any handout alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from fbss_desktop.core.readability import reading_grade

GENERAL = "GENERAL"
WARNING_SIGNS = "WARNING_SIGNS"


@dataclass(frozen=True)
class HandoutSection:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Handout:
    code: str  # a treatment code, or GENERAL / WARNING_SIGNS
    title: str
    sections: tuple[HandoutSection, ...]
    sources: tuple[str, ...]
    last_reviewed: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Handout:
        sections = tuple(
            HandoutSection(s["heading"], tuple(s.get("paragraphs", ())), tuple(s.get("bullets", ())))
            for s in data["sections"]
        )
        return cls(data["treatment"], data["title"], sections, tuple(data["sources"]), data.get("last_reviewed", ""))

    @property
    def text(self) -> str:
        """Everything the patient reads, as sentences (bullets count as sentences)."""
        parts = [self.title + "."]
        for section in self.sections:
            parts.append(section.heading + ".")
            parts.extend(section.paragraphs)
            parts.extend(b if b.endswith((".", "?", "!")) else b + "." for b in section.bullets)
        return " ".join(parts)

    @cached_property
    def grade(self) -> float:
        return reading_grade(self.text)


@dataclass(frozen=True)
class HandoutLibrary:
    handouts: Mapping[str, Handout]

    @classmethod
    def from_dicts(cls, items: Iterable[Mapping[str, Any]]) -> HandoutLibrary:
        handouts = {h.code: h for h in (Handout.from_dict(item) for item in items)}
        return cls(handouts)

    def get(self, code: str) -> Handout | None:
        return self.handouts.get(code)

    def for_treatments(self, codes: Iterable[str]) -> tuple[Handout, ...]:
        """The handouts of these treatments, each once, in the order given."""
        seen = dict.fromkeys(codes)
        return tuple(self.handouts[c] for c in seen if c in self.handouts)
