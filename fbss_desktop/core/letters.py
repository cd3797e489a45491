"""Letters about a patient: a consult letter to the referring surgeon and a medical-necessity letter for a
stimulator or radiofrequency ablation. A letter is a list of sections (a heading and its text) that the
clinician edits before printing, with what it is addressed to, from whom, and the gaps found when it was
composed (a payer criterion not documented), shown to the clinician before it prints.

Printing freezes a letter: its document (with the letterhead as printed) is kept as it was and reprints the
same. A printed letter is never edited: "New version" copies it into a new draft that names the one it came
from (`based_on`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from fbss_desktop.core.errors import ValidationError

FORMAT = 1
HEADING_MAX = 120
TEXT_MAX = 8000  # one section's text: a long history fits, a pasted chart does not
SECTIONS_MAX = 20


class LetterKind(StrEnum):
    CONSULT = "consult"
    NECESSITY_SCS = "necessity_scs"
    NECESSITY_RFA = "necessity_rfa"

    @property
    def label(self) -> str:
        return {
            "consult": "Consult letter",
            "necessity_scs": "Medical necessity: spinal cord stimulation",
            "necessity_rfa": "Medical necessity: radiofrequency ablation",
        }[self.value]

    @property
    def necessity(self) -> bool:
        return self is not LetterKind.CONSULT


class LetterStatus(StrEnum):
    DRAFT = "draft"
    PRINTED = "printed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class LetterSection:
    key: str  # what the composer made it for ("findings", "questions"); a section the clinician added is "added"
    heading: str
    text: str


@dataclass(frozen=True)
class Criterion:
    """One payer criterion for the procedure asked for, as the record documents it."""

    id: str
    text: str
    source: str
    met: bool | None  # None: not documented (an input is missing)
    evidence: str = ""  # the facts that decided it, in words
    missing: tuple[str, ...] = ()

    @property
    def gap(self) -> str:
        """What the clinician is told before printing ("" when met)."""
        if self.met is True:
            return ""
        if self.met is None:
            return f"Not documented: {self.text} (record {', '.join(self.missing) or 'it'})."
        return f"Not met: {self.text}" + (f" ({self.evidence})." if self.evidence else ".")


@dataclass(frozen=True)
class PrintedHead:
    """What a printed letter's pages carried besides its text, frozen with it."""

    clinic: str
    address: str
    phone: str
    logo: str
    patient_line: str  # the footer: name and date of birth


@dataclass(frozen=True)
class LetterDocument:
    kind: LetterKind
    date: dt.date
    recipient: tuple[str, ...]  # the address block
    salutation: str
    subject: str  # "Re: …"
    sections: tuple[LetterSection, ...]
    closing: str
    signer: str
    gaps: tuple[str, ...] = ()  # found when composed; shown before printing
    criteria: tuple[Criterion, ...] = ()
    based_on: int | None = None  # the printed letter this draft is a new version of
    printed: PrintedHead | None = None

    def with_sections(self, sections: Sequence[LetterSection]) -> LetterDocument:
        return replace(self, sections=tuple(sections))


@dataclass(frozen=True)
class StoredLetter:
    id: int
    patient_id: int
    consult_id: int | None
    contact_id: int | None
    kind: LetterKind
    status: LetterStatus
    document: LetterDocument
    created_by: str
    created_at: dt.datetime
    row_version: int
    updated_at: dt.datetime | None = None
    printed_at: dt.datetime | None = None

    @property
    def printed(self) -> bool:
        return self.status is LetterStatus.PRINTED


@dataclass(frozen=True)
class LetterDraft:
    """A letter composed and not yet saved: what the editor opens for a new letter."""

    patient_id: int
    consult_id: int | None
    contact_id: int | None
    document: LetterDocument


def check_sections(sections: Sequence[LetterSection]) -> tuple[LetterSection, ...]:
    """The edited sections, tidied; ValidationError keyed "sections[i].heading" / ".text" for a wrong one."""
    errors: dict[str, str] = {}
    if len(sections) > SECTIONS_MAX:
        errors["sections"] = f"A letter has at most {SECTIONS_MAX} sections."
    tidy = []
    for i, section in enumerate(sections):
        heading = " ".join(section.heading.split())
        text = "\n".join(line.rstrip() for line in section.text.strip().splitlines())
        if len(heading) > HEADING_MAX:
            errors[f"sections[{i}].heading"] = f"A heading has at most {HEADING_MAX} characters."
        if len(text) > TEXT_MAX:
            errors[f"sections[{i}].text"] = f"A section has at most {TEXT_MAX} characters; split it in two."
        tidy.append(LetterSection(section.key or "added", heading, text))
    if errors:
        raise ValidationError(errors)
    return tuple(tidy)


def printed_sections(document: LetterDocument) -> tuple[LetterSection, ...]:
    """The sections that print: one left empty is left out, heading and all."""
    return tuple(s for s in document.sections if s.text.strip())


# --- the stored document ------------------------------------------------------------------------------------


def dump_letter(document: LetterDocument) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "kind": document.kind.value,
        "date": document.date.isoformat(),
        "recipient": list(document.recipient),
        "salutation": document.salutation,
        "subject": document.subject,
        "sections": [{"key": s.key, "heading": s.heading, "text": s.text} for s in document.sections],
        "closing": document.closing,
        "signer": document.signer,
        "gaps": list(document.gaps),
        "criteria": [
            {
                "id": c.id,
                "text": c.text,
                "source": c.source,
                "met": c.met,
                "evidence": c.evidence,
                "missing": list(c.missing),
            }
            for c in document.criteria
        ],
        "based_on": document.based_on,
    }
    if document.printed is not None:
        p = document.printed
        data["printed"] = {
            "clinic": p.clinic,
            "address": p.address,
            "phone": p.phone,
            "logo": p.logo,
            "patient_line": p.patient_line,
        }
    return data


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def read_letter(data: Mapping[str, Any], kind: str) -> LetterDocument:
    """A stored letter document as written (a key a newer version added is ignored; a missing one is empty)."""
    try:
        letter_kind = LetterKind(data.get("kind") or kind)
    except ValueError:
        letter_kind = LetterKind.CONSULT
    try:
        day = dt.date.fromisoformat(_text(data, "date"))
    except ValueError:
        day = dt.date.min
    sections = tuple(
        LetterSection(_text(s, "key"), _text(s, "heading"), _text(s, "text"))
        for s in data.get("sections") or ()
        if isinstance(s, Mapping)
    )
    criteria = tuple(
        Criterion(
            id=_text(c, "id"),
            text=_text(c, "text"),
            source=_text(c, "source"),
            met=c.get("met") if isinstance(c.get("met"), bool) else None,
            evidence=_text(c, "evidence"),
            missing=tuple(str(m) for m in c.get("missing") or ()),
        )
        for c in data.get("criteria") or ()
        if isinstance(c, Mapping)
    )
    printed = data.get("printed")
    head = (
        PrintedHead(
            _text(printed, "clinic"),
            _text(printed, "address"),
            _text(printed, "phone"),
            _text(printed, "logo"),
            _text(printed, "patient_line"),
        )
        if isinstance(printed, Mapping)
        else None
    )
    based_on = data.get("based_on")
    return LetterDocument(
        kind=letter_kind,
        date=day,
        recipient=tuple(str(line) for line in data.get("recipient") or ()),
        salutation=_text(data, "salutation"),
        subject=_text(data, "subject"),
        sections=sections,
        closing=_text(data, "closing"),
        signer=_text(data, "signer"),
        gaps=tuple(str(g) for g in data.get("gaps") or ()),
        criteria=criteria,
        based_on=based_on if isinstance(based_on, int) and not isinstance(based_on, bool) else None,
        printed=head,
    )
