"""The clinic's settings and its set-up (letterhead, clinicians): `clinic.settings` and `clinic.setup`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.clinicians import Clinician, ClinicianInput
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.settings import spec
from fbss_desktop.core.users import Permission
from fbss_desktop.services import clinic_setup
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.storage import clinicians
from fbss_desktop.storage import settings as settings_store
from fbss_desktop.storage.db import transaction

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@dataclass(frozen=True)
class SettingsSnapshot:
    """The clinic settings as a dialog read them, with each one's version (0: never saved)."""

    values: dict[str, Any]
    versions: dict[str, int]


@guard_methods()
class SettingsManager:
    """The clinic-wide settings (core/settings.py declares them)."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(NO_CHECK)
    def values(self) -> dict[str, Any]:
        return settings_store.load_settings()

    @needs(NO_CHECK)
    def slash_order(self) -> SlashOrder:
        return SlashOrder(self.values()["dates.slash_order"])

    @needs(Permission.CLINIC_SETTINGS)
    def save_one(self, key: str, value: Any) -> ChangeSet:
        """Write one setting regardless of who changed it last (demo data, tools, tests)."""
        with transaction():
            settings_store.save_setting(key, value)
            self.clinic.audit.record(self.clinic.actor, AuditAction.SETTINGS_CHANGED, detail=key)
        return ChangeSet(settings=True)

    @needs(Permission.CLINIC_SETTINGS)
    def snapshot(self) -> SettingsSnapshot:
        """The settings with the version of each, for a dialog that saves them later (`save`)."""
        values, versions = settings_store.load_versioned()
        return SettingsSnapshot(values, versions)

    @needs(Permission.CLINIC_SETTINGS)
    def save(self, changes: Mapping[str, Any], snapshot: SettingsSnapshot) -> ChangeSet:
        """Save the changed settings in one transaction; raises ValidationError (by key) for a bad value, or
        ConflictError if another workstation changed one of them since `snapshot` was read."""
        errors = {}
        for key, value in changes.items():
            try:
                spec(key).check(value)
            except (KeyError, ValueError) as exc:
                errors[key] = str(exc)
        if errors:
            raise ValidationError(errors)
        with transaction():
            settings_store.save_settings(changes, snapshot.versions)
            self.clinic.audit.record(self.clinic.actor, AuditAction.SETTINGS_CHANGED, detail=",".join(sorted(changes)))
        return ChangeSet(settings=True)


@guard_methods()
class SetupManager:
    """The clinic's first-day set-up and its clinicians."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(NO_CHECK)
    def needed(self) -> bool:
        """True until the clinic has a name and an active clinician (a fresh database)."""
        return not self.clinic.settings.values()["clinic.name"].strip() or clinicians.count_clinicians() == 0

    @needs(Permission.CLINIC_SETTINGS)
    def set_up(
        self, changes: Mapping[str, Any], snapshot: SettingsSnapshot, clinician: ClinicianInput | None
    ) -> ChangeSet:
        """The first-day set-up in one transaction: the clinic's letterhead settings and its first clinician
        (None when one exists already). Raises ValidationError keyed by setting key or `clinician.<field>`."""
        return clinic_setup.set_up_clinic(self.clinic, changes, snapshot, clinician)

    @needs(NO_CHECK)
    def clinicians(self, *, active_only: bool = True) -> list[Clinician]:
        return clinicians.list_clinicians(active_only)

    @needs(Permission.CLINIC_SETTINGS)
    def save_clinician(self, form: ClinicianInput) -> tuple[Clinician, ChangeSet]:
        """Add or change a clinician (deactivate with `active=False`: they stay on their records)."""
        return clinic_setup.save_clinician(self.clinic, form)
