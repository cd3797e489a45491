"""The patient's instruction sheet before a procedure, worded from a ProcedureInstructions and the sheet's
texts (resources/clinical/procedure_instructions.json): a pure function, so a stored sheet reprints the same.

A blood thinner's stop date is printed only once the prescriber agreed to it; until then the patient reads to
call the prescriber first, and by when. A drug the table has no number for reads "ask the doctor who
prescribes it".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.plan_print import MONTHS, Letterhead, long_date
from fbss_desktop.core.procedure_holds import HoldKind
from fbss_desktop.core.procedure_instructions import ProcedureInstructions, ThinnerPlan

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_words(day: dt.date) -> str:
    """ "Friday, March 6, 2026": the weekday helps a patient find the day on a calendar."""
    return f"{WEEKDAYS[day.weekday()]}, {long_date(day)}"


def time_words(moment: dt.time) -> str:
    """ "9:30 AM", "12:00 PM" (noon)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def days_list(days: Sequence[dt.date]) -> str:
    """ "March 7, March 8 or March 9" (the days a dose is not taken)."""
    words = [f"{MONTHS[d.month - 1]} {d.day}" for d in days]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@dataclass(frozen=True)
class SheetTexts:
    title: str
    texts: Mapping[str, str]
    headings: Mapping[str, str]
    doses: Mapping[str, str]
    sources: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SheetTexts:
        if not data.get("sources"):
            raise ValueError("the instruction sheet's texts have no source")
        return cls(
            str(data["title"]), dict(data["texts"]), dict(data["headings"]), dict(data["doses"]), tuple(data["sources"])
        )


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    lead: str = ""  # a line printed large before the paragraphs (the day of the procedure)
    drugs: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (drug name, its lines)


@dataclass(frozen=True)
class InstructionSheet:
    letterhead: Letterhead
    patient_name: str
    date_of_birth: dt.date
    title: str
    procedure: str
    procedure_day: dt.date
    intro: str
    sections: tuple[Section, ...]

    def patient_text(self) -> str:
        """Every sentence the patient reads, for the reading-grade check."""
        parts = [self.intro]
        for section in self.sections:
            parts.extend((f"{section.lead}.",) if section.lead else ())
            parts.extend(section.paragraphs)
            parts.extend(line for _name, lines in section.drugs for line in lines)
        return " ".join(parts)


def _thinner_lines(t: ThinnerPlan, texts: Mapping[str, str], procedure_day: dt.date) -> tuple[str, ...]:
    if t.kind is HoldKind.KEEP:
        return (texts["keep"],)
    if t.kind is HoldKind.ASK:
        return (texts["ask_dose" if t.needs_dose else "ask"].format(drug=t.name),)
    decide_by = t.decide_by
    assert decide_by is not None, "a hold has a last dose"
    if not t.agreed:
        return (texts["pending"].format(drug=t.name, day=day_words(decide_by)),)
    lines = []
    if t.last_dose_day is not None:
        lines.append(texts["hold_days"].format(last=day_words(t.last_dose_day)))
        skipped = [t.last_dose_day + dt.timedelta(days=n) for n in range(1, (procedure_day - t.last_dose_day).days)]
        lines.append(texts["skip_days"].format(days=days_list(skipped)) if skipped else texts["skip_none"])
    elif t.last_dose_by is not None:
        lines.append(
            texts["hold_hours"].format(time=time_words(t.last_dose_by.time()), day=day_words(t.last_dose_by.date()))
        )
    if t.restart_from is not None and t.restart_until is not None:
        lines.append(
            texts["restart_range"].format(
                from_time=time_words(t.restart_from.time()),
                from_day=day_words(t.restart_from.date()),
                to_time=time_words(t.restart_until.time()),
                to_day=day_words(t.restart_until.date()),
            )
        )
    elif t.restart_from is not None:
        lines.append(
            texts["restart"].format(day=day_words(t.restart_from.date()), time=time_words(t.restart_from.time()))
        )
    else:
        lines.append(texts["restart_ask"])
    if t.check == "inr":
        lines.append(texts["check_inr"])
    who = t.agreed_by.strip()
    lines.append(
        texts["agreed"].format(who=who, day=day_words(t.agreed_on))
        if t.agreed_on
        else texts["agreed_undated"].format(who=who)
    )
    if t.unconfirmed:
        lines.append(texts["unconfirmed"])
    return tuple(lines)


def build_sheet(
    instructions: ProcedureInstructions,
    texts: SheetTexts,
    *,
    letterhead: Letterhead,
    patient_name: str,
    date_of_birth: dt.date,
) -> InstructionSheet:
    """The sheet the patient takes home, from the settled instructions."""
    t, h = texts.texts, texts.headings
    start = instructions.procedure_at
    phone = letterhead.phone.strip()
    when = [
        t["arrive"].format(arrival=time_words(instructions.arrive_at), start=time_words(start.time())),
        t["change"].format(phone=phone) if phone else t["change_no_phone"],
    ]
    sections = [
        Section(h["when"], tuple(when), lead=day_words(start.date())),
        Section(h["where"], (instructions.place.strip(),)),
        Section(h["food"], (instructions.fasting.strip() or t["fasting_default"],)),
    ]
    home = [t["sedation"]] if instructions.sedation else []
    home.append(t["driver"] if instructions.driver or instructions.sedation else t["no_driver"])
    sections.append(Section(h["home"], tuple(home)))
    drugs = tuple((th.name, _thinner_lines(th, t, start.date())) for th in instructions.thinners)
    general = (t["thinners_general"],) if drugs else (t["thinners_none"], t["thinners_general"])
    sections.append(Section(h["thinners"], general, drugs=drugs))
    if instructions.diabetes:
        sections.append(Section(h["diabetes"], (t["diabetes"], t["diabetes_fasting"])))
    allergies = [t["contrast"]] if instructions.contrast_allergy else []
    if instructions.allergy_line:
        allergies.append(instructions.allergy_line)
    if allergies:
        sections.append(Section(h["allergy"], tuple(allergies)))
    closing = [t["note"].format(note=instructions.note.strip())] if instructions.note.strip() else []
    closing.append(t["questions"].format(phone=phone) if phone else t["questions_no_phone"])
    if letterhead.after_hours.strip():
        closing.append(letterhead.after_hours.strip())
    sections.append(Section(h["questions"], tuple(closing)))
    return InstructionSheet(
        letterhead=letterhead,
        patient_name=patient_name,
        date_of_birth=date_of_birth,
        title=texts.title,
        procedure=instructions.procedure_name,
        procedure_day=start.date(),
        intro=t["intro"].format(procedure=instructions.procedure_name.lower()),
        sections=tuple(sections),
    )
