"""Contact repository: the clinic's contacts (a referring surgeon, a payer's reviewer), with row-version checks."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.contacts import Contact, ContactRole
from fbss_desktop.core.errors import ConflictError, NotFoundError
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Contact as ContactRow
from fbss_desktop.storage.models import utcnow

_CHANGED = (
    "This contact was changed on another workstation since you opened it. "
    "Open the contacts again to see the current details; your changes were not saved."
)


def _role(text: str) -> ContactRole:
    try:
        return ContactRole(text)
    except ValueError:
        return ContactRole.OTHER  # a role a newer version wrote reads as "other", never fails the list


def _to_core(row: ContactRow) -> Contact:
    details: dict[str, Any] = row.details or {}
    return Contact(
        id=row.id,
        role=_role(row.role),
        name=row.name,
        organisation=row.organisation,
        address=tuple(str(line) for line in details.get("address") or ()),
        phone=str(details.get("phone") or ""),
        fax=str(details.get("fax") or ""),
        email=str(details.get("email") or ""),
        active=bool(row.active),
        row_version=row.row_version,
    )


def list_contacts(*, active_only: bool = False, role: ContactRole | None = None) -> list[Contact]:
    """Contacts by name; the active ones only, or of one role, when asked."""
    query = ContactRow.select()
    if active_only:
        query = query.where(ContactRow.active == True)  # noqa: E712 - peewee builds SQL from the comparison
    if role is not None:
        query = query.where(ContactRow.role == role.value)
    return [_to_core(row) for row in query.order_by(ContactRow.name, ContactRow.id)]


def get_contact(contact_id: int) -> Contact:
    row = ContactRow.get_or_none(ContactRow.id == contact_id)
    if row is None:
        raise NotFoundError("That contact no longer exists.")
    return _to_core(row)


def find_contact(contact_id: int | None) -> Contact | None:
    if contact_id is None:
        return None
    row = ContactRow.get_or_none(ContactRow.id == contact_id)
    return _to_core(row) if row is not None else None


def save_contact(contact: Contact) -> Contact:
    """Insert a new contact or update one whose row version still matches; returns the saved contact."""
    values = {
        "role": contact.role.value,
        "name": contact.name,
        "organisation": contact.organisation,
        "details": contact.details(),
        "active": contact.active,
    }
    with database.atomic():
        if contact.id is None:
            contact_id = ContactRow.insert(**values, created_at=utcnow(), row_version=1).execute()
            version = 1
        else:
            contact_id, version = contact.id, contact.row_version + 1
            updated = (
                ContactRow.update(**values, updated_at=utcnow(), row_version=version)
                .where((ContactRow.id == contact_id) & (ContactRow.row_version == contact.row_version))
                .execute()
            )
            if updated != 1:
                raise ConflictError(_CHANGED)
    return Contact(**{**contact.__dict__, "id": contact_id, "row_version": version})
