"""The clinic's contacts: the people it writes to about a patient (a referring surgeon, a payer's reviewer).

A contact is kept, never deleted: a letter printed to them still names them. One no longer written to is made
inactive, and drops out of the pickers. Address lines, phone, fax and email are the contact's `details`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from fbss_desktop.core.errors import ValidationError

NAME_MAX = 120
ORGANISATION_MAX = 120
LINE_MAX = 120
ADDRESS_LINES = 4
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()./-]+$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ContactRole(StrEnum):
    REFERRING_SURGEON = "referring_surgeon"
    PAYER_REVIEWER = "payer_reviewer"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "referring_surgeon": "Referring surgeon",
            "payer_reviewer": "Payer's reviewer",
            "other": "Other",
        }[self.value]


@dataclass(frozen=True)
class Contact:
    name: str
    role: ContactRole = ContactRole.REFERRING_SURGEON
    organisation: str = ""
    address: tuple[str, ...] = ()
    phone: str = ""
    fax: str = ""
    email: str = ""
    active: bool = True
    id: int | None = None
    row_version: int = 0

    @property
    def display_name(self) -> str:
        """ "Dr Ana Ruiz, Northside Spine" as a picker lists it."""
        return f"{self.name}, {self.organisation}" if self.organisation else self.name

    def address_block(self) -> tuple[str, ...]:
        """The lines a letter is addressed with: name, organisation, address."""
        return tuple(line for line in (self.name, self.organisation, *self.address) if line)

    def reach_lines(self) -> tuple[str, ...]:
        """Phone, fax and email, each labelled, as far as known."""
        pairs = (("Phone", self.phone), ("Fax", self.fax), ("Email", self.email))
        return tuple(f"{label} {value}" for label, value in pairs if value)

    def details(self) -> dict[str, object]:
        """What the database's details column holds."""
        return {"address": list(self.address), "phone": self.phone, "fax": self.fax, "email": self.email}


@dataclass
class ContactInput:
    """The contact form as typed."""

    name: str = ""
    role: str = ContactRole.REFERRING_SURGEON.value
    organisation: str = ""
    address: str = ""  # one line per address line
    phone: str = ""
    fax: str = ""
    email: str = ""
    active: bool = True
    id: int | None = None
    row_version: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def to_input(contact: Contact) -> ContactInput:
    return ContactInput(
        name=contact.name,
        role=contact.role.value,
        organisation=contact.organisation,
        address="\n".join(contact.address),
        phone=contact.phone,
        fax=contact.fax,
        email=contact.email,
        active=contact.active,
        id=contact.id,
        row_version=contact.row_version,
    )


def _number(errors: dict[str, str], key: str, label: str, text: str) -> str:
    value = text.strip()
    if value and (not PHONE_PATTERN.match(value) or sum(ch.isdigit() for ch in value) < 7):
        errors[key] = f"{label}: use at least 7 digits; besides digits only spaces and + ( ) - . / are allowed."
    return value


def parse_contact(form: ContactInput) -> Contact:
    """Validate the form field by field; raise ValidationError naming every wrong field."""
    errors: dict[str, str] = {}
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = "Enter the contact's name as a letter is addressed to them (e.g. Dr Ana Ruiz)."
    elif len(name) > NAME_MAX:
        errors["name"] = f"The name is too long (at most {NAME_MAX} characters)."
    try:
        role = ContactRole(form.role)
    except ValueError:
        errors["role"] = "Choose what the contact is: a referring surgeon, a payer's reviewer or other."
        role = ContactRole.OTHER
    organisation = " ".join(form.organisation.split())
    if len(organisation) > ORGANISATION_MAX:
        errors["organisation"] = f"The organisation is too long (at most {ORGANISATION_MAX} characters)."
    lines = tuple(" ".join(line.split()) for line in form.address.splitlines() if line.strip())
    if len(lines) > ADDRESS_LINES:
        errors["address"] = f"An address has at most {ADDRESS_LINES} lines."
    elif any(len(line) > LINE_MAX for line in lines):
        errors["address"] = f"An address line is too long (at most {LINE_MAX} characters)."
    phone = _number(errors, "phone", "Phone", form.phone)
    fax = _number(errors, "fax", "Fax", form.fax)
    email = form.email.strip()
    if email and (not EMAIL_PATTERN.match(email) or len(email) > LINE_MAX):
        errors["email"] = "Enter an email address like name@example.org, or leave it empty."
    if errors:
        raise ValidationError(errors)
    return Contact(
        name=name,
        role=role,
        organisation=organisation,
        address=lines,
        phone=phone,
        fax=fax,
        email=email,
        active=form.active,
        id=form.id,
        row_version=form.row_version,
    )
