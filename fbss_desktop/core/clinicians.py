"""Clinicians who hold consults and sign plans: a domain record a user account can later link to."""

from __future__ import annotations

from dataclasses import dataclass

from fbss_desktop.core.errors import ValidationError

NAME_MAX = 120
CREDENTIALS_MAX = 60
SPECIALTY_MAX = 120
NPI_LENGTH = 10
NPI_PREFIX = "80840"  # the NPI check digit is the Luhn digit of "80840" + its first nine digits (CMS)


@dataclass(frozen=True)
class Clinician:
    full_name: str
    credentials: str = ""
    specialty: str = ""
    active: bool = True
    id: int | None = None
    npi: str = ""
    row_version: int = 1

    @property
    def display_name(self) -> str:
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name


@dataclass(frozen=True)
class ClinicianInput:
    """The clinician form as typed."""

    full_name: str = ""
    credentials: str = ""
    specialty: str = ""
    npi: str = ""
    active: bool = True
    id: int | None = None
    row_version: int = 1


def npi_is_valid(npi: str) -> bool:
    """True for ten digits whose last is the Luhn check digit over the prefixed first nine."""
    if len(npi) != NPI_LENGTH or not npi.isascii() or not npi.isdigit():
        return False
    digits = [int(d) for d in NPI_PREFIX + npi[:-1]]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:  # from the right, every other digit starting with the rightmost is doubled
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10 == int(npi[-1])


def parse_clinician(form: ClinicianInput) -> Clinician:
    """The clinician as stored; raises ValidationError keyed by field name."""
    errors: dict[str, str] = {}
    name = " ".join(form.full_name.split())
    credentials = " ".join(form.credentials.split())
    specialty = " ".join(form.specialty.split())
    npi = "".join(form.npi.split())
    if not name:
        errors["full_name"] = "Enter the clinician's name as it should print (for example Dr. Ana Ruiz)."
    elif len(name) > NAME_MAX:
        errors["full_name"] = f"The name is too long (at most {NAME_MAX} characters)."
    if len(credentials) > CREDENTIALS_MAX:
        errors["credentials"] = f"Credentials are too long (at most {CREDENTIALS_MAX} characters)."
    if len(specialty) > SPECIALTY_MAX:
        errors["specialty"] = f"The specialty is too long (at most {SPECIALTY_MAX} characters)."
    if npi and not (len(npi) == NPI_LENGTH and npi.isascii() and npi.isdigit()):
        errors["npi"] = "An NPI has exactly 10 digits; leave it empty if there is none."
    elif npi and not npi_is_valid(npi):
        errors["npi"] = "This NPI's last digit does not check out; look for a typing error."
    if errors:
        raise ValidationError(errors)
    return Clinician(
        full_name=name,
        credentials=credentials,
        specialty=specialty,
        active=form.active,
        id=form.id,
        npi=npi,
        row_version=form.row_version,
    )


def to_input(clinician: Clinician) -> ClinicianInput:
    return ClinicianInput(
        full_name=clinician.full_name,
        credentials=clinician.credentials,
        specialty=clinician.specialty,
        npi=clinician.npi,
        active=clinician.active,
        id=clinician.id,
        row_version=clinician.row_version,
    )
