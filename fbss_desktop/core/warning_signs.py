"""Warning signs a patient reads: each defined once, with one level of urgency, on one scale for the app.

Read from `resources/clinical/warning_signs.json`. Handouts and the plan's warning page name signs by code;
a sign's words and its level live only here, so a symptom can never say "call us" in one place and "go
to the emergency room" in another. The plan's page carries the signs every patient needs and those of the
treatments actually planned (overdose signs with an opioid or a nerve-pain medicine, after-care signs with
a spine procedure). A patient whose consult is about another region than the low back (the neck) reads that
region's signs: the file's `regions` say which signs another sign stands in for, which do not apply, and
which handout sentences are worded for it (`RegionWording`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UrgencyLevel:
    code: str
    heading: str  # "Go to the emergency room now if"
    when_closed: str = ""  # what to do at this level while the clinic is closed (a clinic setting may say it)


@dataclass(frozen=True)
class WarningSign:
    code: str
    level: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class SignGroup:
    """The signs at one level, in the order they are read."""

    level: UrgencyLevel
    texts: tuple[str, ...]


@dataclass(frozen=True)
class RegionWording:
    """What the patient's copy says differently for a consult about one region (the neck): a sign replaced by
    that region's own (`replace`), signs that do not apply (`omit`), sentences reworded (`phrases`)."""

    replace: Mapping[str, str] = field(default_factory=dict)
    omit: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, str], ...] = ()

    def codes(self, codes: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.replace.get(c, c) for c in codes if c not in self.omit))

    def words(self, text: str) -> str:
        for before, after in self.phrases:
            text = text.replace(before, after)
        return text


@dataclass(frozen=True)
class SignLibrary:
    levels: tuple[UrgencyLevel, ...]  # most urgent first
    signs: Mapping[str, WarningSign]
    always: tuple[str, ...]
    when: tuple[tuple[frozenset[str], tuple[str, ...]], ...]
    regions: Mapping[str, RegionWording] = field(default_factory=dict)  # by consult_region code

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SignLibrary:
        """Raises ValueError for a sign at an unknown level, a code defined twice, or an unknown code used."""
        levels = tuple(
            UrgencyLevel(level["code"], level["heading"], level.get("when_closed", "")) for level in data["levels"]
        )
        known_levels = {level.code for level in levels}
        if len(known_levels) != len(levels):
            raise ValueError("an urgency level is defined twice")
        signs: dict[str, WarningSign] = {}
        for item in data["signs"]:
            if item["code"] in signs:
                raise ValueError(f"the warning sign {item['code']} is defined twice")
            if item["level"] not in known_levels:
                raise ValueError(f"the warning sign {item['code']} has an unknown level {item['level']!r}")
            if not item.get("sources"):
                raise ValueError(f"the warning sign {item['code']} has no source")
            signs[item["code"]] = WarningSign(item["code"], item["level"], item["text"], tuple(item["sources"]))
        page = data["plan_page"]
        regions = {
            code: RegionWording(
                dict(entry.get("replace", {})),
                frozenset(entry.get("omit", ())),
                tuple((before, after) for before, after in entry.get("phrases", ())),
            )
            for code, entry in data.get("regions", {}).items()
        }
        library = cls(
            levels,
            signs,
            tuple(page["always"]),
            tuple((frozenset(rule["treatments"]), tuple(rule["signs"])) for rule in page["when"]),
            regions,
        )
        library.check_codes(library.always)
        for _treatments, codes in library.when:
            library.check_codes(codes)
        for wording in regions.values():
            library.check_codes((*wording.replace, *wording.replace.values(), *wording.omit))
        return library

    def wording(self, region: str) -> RegionWording:
        """How `region`'s patient reads the copy; the low back's (no change) for a region with no entry."""
        return self.regions.get(region, RegionWording())

    def check_codes(self, codes: Iterable[str]) -> None:
        unknown = [c for c in codes if c not in self.signs]
        if unknown:
            raise ValueError(f"unknown warning sign {', '.join(unknown)}")

    def for_plan(self, treatments: Iterable[str], region: str = "") -> tuple[str, ...]:
        """The signs of the plan's warning page: those for everyone, then those of the chosen treatments, as
        they apply to the consult's `region`."""
        chosen = set(treatments)
        codes = list(self.always)
        for rule_treatments, signs in self.when:
            if rule_treatments & chosen:
                codes.extend(signs)
        return self.wording(region).codes(codes)

    def groups(self, codes: Sequence[str]) -> tuple[SignGroup, ...]:
        """The signs `codes` grouped by level, most urgent first; each sign once, in the library's order."""
        self.check_codes(codes)
        chosen = set(codes)
        unique = [c for c in self.signs if c in chosen]  # in the library's order: the gravest first in a level
        return tuple(
            SignGroup(level, tuple(self.signs[c].text for c in unique if self.signs[c].level == level.code))
            for level in self.levels
            if any(self.signs[c].level == level.code for c in unique)
        )

    def sources(self, codes: Iterable[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(source for c in codes for source in self.signs[c].sources))
