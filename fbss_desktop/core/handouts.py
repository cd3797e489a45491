"""Patient handouts: one per catalogue treatment, plus the general and warning-sign handouts, as data.

Read from `resources/handouts/<CODE>.json`. The plan PDF appends the handouts of the plan's treatments;
the front desk can print any handout alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from fbss_desktop.core.readability import reading_grade
from fbss_desktop.core.warning_signs import SignLibrary

GENERAL = "GENERAL"
WARNING_SIGNS = "WARNING_SIGNS"
PLAN_PAGE = "plan_page"  # a section `{"signs": "plan_page"}`: the signs for everyone (a plan adds its own)
STEPS = "steps"  # a section of instructions (how to give naloxone), not warning signs


def _sections(data: Mapping[str, Any], signs: SignLibrary | None) -> tuple[HandoutSection, ...]:
    """A handout's sections; a `signs` section becomes one section per urgency level, from the library."""
    result: list[HandoutSection] = []
    for section in data["sections"]:
        codes = section.get("signs")
        if codes is None:
            result.append(
                HandoutSection(
                    section["heading"],
                    tuple(section.get("paragraphs", ())),
                    tuple(section.get("bullets", ())),
                    kind=section.get("kind", ""),
                    drugs=tuple(section.get("drugs", ())),
                    summary=bool(section.get("summary", False)),
                )
            )
            continue
        if signs is None:
            raise ValueError(f"the handout {data['treatment']} names warning signs, but none are loaded")
        chosen = signs.always if codes == PLAN_PAGE else tuple(codes)
        result.extend(sign_sections(signs, chosen))
    return tuple(result)


def sign_sections(signs: SignLibrary, codes: Iterable[str]) -> tuple[HandoutSection, ...]:
    return tuple(HandoutSection(g.level.heading, (), g.texts, kind=SIGNS) for g in signs.groups(tuple(codes)))


SIGNS = "signs"  # a section made from the warning-sign library


@dataclass(frozen=True)
class HandoutSection:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    kind: str = ""  # "" prose, SIGNS from the warning-sign library, STEPS instructions
    drugs: tuple[str, ...] = field(default=(), compare=False)  # only about these drugs (medication codes)
    # what every drug of a class asks of the patient, in short: printed when the handout is read without a
    # chosen drug (the front desk prints it alone); a plan prints the chosen drug's own cautions instead
    summary: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Handout:
    code: str  # a treatment code, or GENERAL / WARNING_SIGNS
    title: str
    sections: tuple[HandoutSection, ...]
    sources: tuple[str, ...]
    last_reviewed: str = ""
    sign_codes: tuple[str, ...] = field(default=(), compare=False)  # the signs its data names, for composing

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], signs: SignLibrary | None = None) -> Handout:
        sections = _sections(data, signs)
        codes = tuple(c for s in data["sections"] if isinstance(s.get("signs"), list) for c in s["signs"])
        return cls(
            data["treatment"], data["title"], sections, tuple(data["sources"]), data.get("last_reviewed", ""), codes
        )

    def for_drugs(self, chosen: Iterable[str]) -> Handout:
        """This handout with only the sections that concern the drugs `chosen` (and those about no drug), so
        a patient given duloxetine never reads about gabapentin."""
        wanted = set(chosen)
        kept = tuple(s for s in self.sections if not s.drugs or wanted & set(s.drugs))
        if len(kept) == len(self.sections):
            return self
        return Handout(self.code, self.title, kept, self.sources, self.last_reviewed, self.sign_codes)

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
    signs: SignLibrary | None = None

    @classmethod
    def from_dicts(cls, items: Iterable[Mapping[str, Any]], signs: SignLibrary | None = None) -> HandoutLibrary:
        handouts = {h.code: h for h in (Handout.from_dict(item, signs) for item in items)}
        return cls(handouts, signs)

    def warning_page(
        self, treatments: Iterable[str], signs: Iterable[str] = (), after_hours: str = "", region: str = ""
    ) -> Handout:
        """The plan's warning signs: those for everyone, those of the planned treatments and `signs` (those of
        the drugs chosen), by level. A level that needs the clinic says what to do while it is closed: the
        clinic's own words (`after_hours`, a clinic setting) or the level's default."""
        page = self.handouts[WARNING_SIGNS]
        if self.signs is None:
            return page
        wording = self.signs.wording(region)
        codes = wording.codes((*self.signs.for_plan(treatments, region), *signs))
        kept = tuple(s for s in page.sections if s.kind != SIGNS)
        sources = tuple(dict.fromkeys((*page.sources, *self.signs.sources(codes))))
        closed = {level.heading: level.when_closed for level in self.signs.levels if level.when_closed}
        sections = tuple(
            HandoutSection(s.heading, (after_hours.strip() or closed[s.heading],), s.bullets, kind=s.kind)
            if s.heading in closed
            else s
            for s in sign_sections(self.signs, codes)
        )
        return Handout(page.code, page.title, sections + kept, sources, page.last_reviewed)

    def get(self, code: str) -> Handout | None:
        return self.handouts.get(code)

    def for_treatments(self, codes: Iterable[str]) -> tuple[Handout, ...]:
        """The handouts of these treatments, each once, in the order given."""
        seen = dict.fromkeys(codes)
        return tuple(self.handouts[c] for c in seen if c in self.handouts)

    def composed(
        self,
        handout: Handout,
        sections: Sequence[HandoutSection],
        signs: Sequence[str] = (),
        sources: Sequence[str] = (),
    ) -> Handout:
        """`handout` with `sections` added after its prose (the cautions of the drug chosen, which take the
        place of its class summary) and `signs` merged into its own signs, still one section per level."""
        if not sections and not signs:
            return handout
        prose = tuple(s for s in handout.sections if s.kind != SIGNS and not (sections and s.summary))
        codes = tuple(dict.fromkeys((*handout.sign_codes, *signs)))
        sign_part = sign_sections(self.signs, codes) if self.signs is not None and codes else ()
        if self.signs is None:
            sign_part = tuple(s for s in handout.sections if s.kind == SIGNS)
        sign_sources = self.signs.sources(signs) if self.signs is not None else ()
        return Handout(
            handout.code,
            handout.title,
            prose + tuple(sections) + sign_part,
            tuple(dict.fromkeys((*handout.sources, *sources, *sign_sources))),
            handout.last_reviewed,
            codes,
        )

    def regional(self, handout: Handout, region: str) -> Handout:
        """`handout` as a patient of `region` reads it: its sentences reworded and its signs those of the
        region (a neck patient never reads about leg weakness or the low back). Unchanged for the low back."""
        if self.signs is None or region not in self.signs.regions:
            return handout
        wording = self.signs.wording(region)
        codes = wording.codes(handout.sign_codes)
        prose = tuple(
            replace(
                s,
                heading=wording.words(s.heading),
                paragraphs=tuple(wording.words(p) for p in s.paragraphs),
                bullets=tuple(wording.words(b) for b in s.bullets),
            )
            for s in handout.sections
            if s.kind != SIGNS
        )
        signs = sign_sections(self.signs, codes) if codes else ()
        sources = tuple(dict.fromkeys((*handout.sources, *self.signs.sources(codes))))
        return Handout(handout.code, wording.words(handout.title), prose + signs, sources, handout.last_reviewed, codes)
