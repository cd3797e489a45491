"""The clinic's own set-up: the first-day form (letterhead and first clinician, in one transaction) and the
clinicians, whose NPI is one person's. `Clinic` delegates here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.clinicians import Clinician, ClinicianInput, parse_clinician
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.storage import clinicians
from fbss_desktop.storage.db import transaction

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic, SettingsSnapshot


def set_up_clinic(
    clinic: Clinic, changes: Mapping[str, Any], snapshot: SettingsSnapshot, clinician: ClinicianInput | None
) -> ChangeSet:
    """The first-day set-up in one transaction: the clinic's letterhead settings and its first clinician
    (None when one exists already). Raises ValidationError keyed by setting key or `clinician.<field>`."""
    errors: dict[str, str] = {}
    if not str(changes.get("clinic.name", clinic.settings.values()["clinic.name"])).strip():
        errors["clinic.name"] = "Enter the clinic's name: it heads every printed plan."
    parsed = None
    if clinician is not None:
        try:
            parsed = parse_clinician(clinician)
        except ValidationError as exc:
            errors.update({f"clinician.{name}": message for name, message in exc.errors.items()})
    if errors:
        raise ValidationError(errors)
    if parsed is not None:
        _refuse_duplicate_npi(parsed, "clinician.")
    with transaction():
        clinic.settings.save(changes, snapshot)
        if parsed is not None:
            _audit(clinic, clinicians.save_clinician(parsed))
    return ChangeSet(settings=True, clinicians=True)


def save_clinician(clinic: Clinic, form: ClinicianInput) -> tuple[Clinician, ChangeSet]:
    """Add or change a clinician (deactivate with `active=False`: they stay on their records); audited."""
    clinician = parse_clinician(form)
    _refuse_duplicate_npi(clinician)
    with transaction():
        saved = clinicians.save_clinician(clinician)
        _audit(clinic, saved)
    return saved, ChangeSet(clinicians=True)


def _audit(clinic: Clinic, saved: Clinician) -> None:
    detail = saved.display_name + ("" if saved.active else ", deactivated")
    clinic.audit.record(
        clinic.actor, AuditAction.CLINICIAN_SAVED, object_kind="clinician", object_id=saved.id, detail=detail
    )


def _refuse_duplicate_npi(clinician: Clinician, prefix: str = "") -> None:
    if not clinician.npi:
        return
    holder = next(
        (c for c in clinicians.list_clinicians(active_only=False) if c.npi == clinician.npi and c.id != clinician.id),
        None,
    )
    if holder is not None:
        raise ValidationError({f"{prefix}npi": f"{holder.display_name} already has this NPI; an NPI is one person's."})
