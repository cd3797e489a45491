"""The clinic's contacts (a referring surgeon, a payer's reviewer): `clinic.contacts`.

Anyone who finds patients may list them (the patient form picks the referring surgeon from them); a clinician
or an administrator adds and changes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.contacts import Contact, ContactInput, ContactRole, parse_contact
from fbss_desktop.core.users import Permission
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.storage import contacts

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@guard_methods("can_manage")
class ContactManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    def can_manage(self) -> bool:
        """Whether the signed-in user may add or change contacts (a clinician or an administrator): what the
        screens offer. The call is checked again when it runs."""
        actor = self.clinic.actor
        if actor is None:
            return True  # a clinic with no user yet has nobody to check
        return actor.user.can(Permission.CLINICAL) or actor.user.can(Permission.CLINIC_SETTINGS)

    def _require_manager(self) -> None:
        actor = self.clinic.actor
        if actor is not None and actor.user.can(Permission.CLINIC_SETTINGS):
            self.clinic.require(Permission.CLINIC_SETTINGS)
        else:
            self.clinic.require(Permission.CLINICAL)  # says who may, and is audited as refused

    @needs(Permission.FIND_PATIENTS)
    def list(self, *, active_only: bool = False, role: ContactRole | None = None) -> list[Contact]:
        return contacts.list_contacts(active_only=active_only, role=role)

    @needs(Permission.FIND_PATIENTS)
    def get(self, contact_id: int) -> Contact:
        return contacts.get_contact(contact_id)

    @needs(NO_CHECK)  # a clinician or an administrator: checked in the call
    def save(self, form: ContactInput) -> tuple[Contact, ChangeSet]:
        """Validate and save; raises ValidationError (per field) or ConflictError, saving nothing."""
        self._require_manager()
        contact = parse_contact(form)
        saved = contacts.save_contact(contact)
        # Contacts name no patient: the change feed has nothing patient-specific to tell.
        return saved, ChangeSet()
