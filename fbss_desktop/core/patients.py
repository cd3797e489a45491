"""Patients: the register's record, its summary row, and validation of what a user typed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from fbss_desktop.core.dates import SlashOrder, age_on, parse_date
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.text import sentence

MRN_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()./-]+$")
NAME_MAX = 100
OLDEST_AGE = 130


class Sex(StrEnum):
    """Administrative sex as the register records it."""

    FEMALE = "F"
    MALE = "M"
    OTHER = "X"
    UNKNOWN = "U"

    @property
    def label(self) -> str:
        return {"F": "Female", "M": "Male", "X": "Other", "U": "Unknown"}[self.value]


@dataclass(frozen=True)
class Patient:
    """A patient in the register. `id` is None until saved; `row_version` guards concurrent edits."""

    mrn: str
    family_name: str
    given_names: str
    date_of_birth: dt.date
    sex: Sex
    phone: str = ""
    preferred_language: str = ""
    id: int | None = None
    row_version: int = 0
    referrer_id: int | None = None  # the referring surgeon, one of the clinic's contacts (core/contacts.py)

    @property
    def display_name(self) -> str:
        """Family name first, as registers list people: "Núñez, Zoë"."""
        return f"{self.family_name}, {self.given_names}"

    @property
    def spoken_name(self) -> str:
        """As the patient says it, given names first: "Zoë Núñez" (what their own copy calls them)."""
        return f"{self.given_names} {self.family_name}".strip()

    def age(self, today: dt.date) -> int:
        return age_on(self.date_of_birth, today)

    def summary(self) -> PatientSummary:
        assert self.id is not None, "only a saved patient has a list row"
        return PatientSummary(self.id, self.mrn, self.family_name, self.given_names, self.date_of_birth, self.sex)


@dataclass(frozen=True)
class PatientSummary:
    """One row of the patient list: what a search returns, without the full record."""

    id: int
    mrn: str
    family_name: str
    given_names: str
    date_of_birth: dt.date
    sex: Sex

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}"


@dataclass
class PatientInput:
    """What the user typed into the patient form, as text, before validation."""

    mrn: str = ""
    family_name: str = ""
    given_names: str = ""
    date_of_birth: str = ""
    sex: str = Sex.UNKNOWN.value
    phone: str = ""
    preferred_language: str = ""
    id: int | None = None
    row_version: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    referrer_id: int | None = None  # a contact's id, chosen from the clinic's contacts


def normalize_mrn(text: str) -> str:
    """MRNs compare without case and surrounding spaces: " ab-12 " is "AB-12"."""
    return text.strip().upper()


def parse_patient(form: PatientInput, *, today: dt.date, slash_order: SlashOrder = SlashOrder.MDY) -> Patient:
    """Validate `form` field by field; raise ValidationError naming every wrong field, or return a Patient."""
    errors: dict[str, str] = {}

    mrn = normalize_mrn(form.mrn)
    if not mrn:
        errors["mrn"] = "The medical record number is required."
    elif not MRN_PATTERN.match(mrn):
        errors["mrn"] = "Use 1-20 letters, digits or hyphens, starting with a letter or digit."

    family = " ".join(form.family_name.split())
    given = " ".join(form.given_names.split())
    for key, value, label in (("family_name", family, "Family name"), ("given_names", given, "Given name")):
        if not value:
            errors[key] = f"{label} is required."
        elif len(value) > NAME_MAX:
            errors[key] = f"{label} is too long (at most {NAME_MAX} characters)."
        elif not any(ch.isalpha() for ch in value):
            errors[key] = f"{label} must contain letters."

    dob: dt.date | None = None
    try:
        dob = parse_date(form.date_of_birth, slash_order)
    except ValueError as exc:
        errors["date_of_birth"] = sentence(str(exc))
    else:
        if dob > today:
            errors["date_of_birth"] = "Date of birth is in the future."
        elif age_on(dob, today) > OLDEST_AGE:
            errors["date_of_birth"] = f"Date of birth is more than {OLDEST_AGE} years ago."

    try:
        sex = Sex(form.sex)
    except ValueError:
        errors["sex"] = "Choose female, male, other or unknown."
        sex = Sex.UNKNOWN

    phone = form.phone.strip()
    if phone and (not PHONE_PATTERN.match(phone) or sum(ch.isdigit() for ch in phone) < 7):
        errors["phone"] = "Use at least 7 digits; besides digits only spaces and + ( ) - . / are allowed."

    language = " ".join(form.preferred_language.split())
    if len(language) > 60:
        errors["preferred_language"] = "Preferred language is too long (at most 60 characters)."

    if errors:
        raise ValidationError(errors)
    assert dob is not None
    return Patient(
        mrn=mrn,
        family_name=family,
        given_names=given,
        date_of_birth=dob,
        sex=sex,
        phone=phone,
        preferred_language=language,
        id=form.id,
        row_version=form.row_version,
        referrer_id=form.referrer_id,
    )


def to_input(patient: Patient) -> PatientInput:
    """The form text for an existing patient, for editing."""
    return PatientInput(
        mrn=patient.mrn,
        family_name=patient.family_name,
        given_names=patient.given_names,
        date_of_birth=patient.date_of_birth.isoformat(),
        sex=patient.sex.value,
        phone=patient.phone,
        preferred_language=patient.preferred_language,
        id=patient.id,
        row_version=patient.row_version,
        referrer_id=patient.referrer_id,
    )
