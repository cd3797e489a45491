"""Letters about a patient: `clinic.letters`. A clinician composes a consult letter or a medical-necessity
letter (services/letter_sources.py), edits it section by section, previews and prints it; the front desk
reprints a printed one.

Printing freezes a letter with the letterhead it printed under: a printed letter is never edited again (the
storage refuses it); `new_version` copies it into a new draft instead. A letter whose composing found gaps (a
payer criterion not documented) prints only once the clinician has seen them (`gaps_seen`). Each print and
reprint is in the audit trail, as a plan's are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ConflictError, DomainError
from fbss_desktop.core.letters import (
    LetterDocument,
    LetterDraft,
    LetterKind,
    LetterSection,
    PrintedHead,
    StoredLetter,
    check_sections,
)
from fbss_desktop.core.users import Permission
from fbss_desktop.services import letter_sources
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.storage import contacts, letters, patients
from fbss_desktop.storage.db import transaction

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

NOT_PRINTED = "This letter has not been printed yet: open it to print it."


@guard_methods()
class LetterManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    def _changes(self, patient_id: int) -> ChangeSet:
        return ChangeSet(patients=frozenset({patient_id}))

    def _audit(self, letter: StoredLetter, detail: str) -> None:
        self.clinic.audit.record(
            self.clinic.actor,
            AuditAction.PRINTED,
            patient_id=letter.patient_id,
            object_kind="letter",
            object_id=letter.id,
            detail=detail,
        )

    @needs(Permission.PRINT_FINALIZED)
    def list(self, patient_id: int) -> list[StoredLetter]:
        """The patient's letters, newest first: a clinician sees the drafts too, the front desk the printed."""
        found = letters.list_letters(patient_id)
        actor = self.clinic.actor
        if actor is not None and not actor.user.can(Permission.CLINICAL):
            found = [letter for letter in found if letter.printed]
        return found

    @needs(Permission.CLINICAL)
    def open(self, letter_id: int) -> StoredLetter:
        return letters.get_letter(letter_id)

    @needs(Permission.CLINICAL)
    def compose(
        self, patient_id: int, kind: LetterKind, *, consult_id: int | None = None, contact_id: int | None = None
    ) -> LetterDraft:
        """A new letter of `kind` written from the consult (by default the latest), not yet saved."""
        return letter_sources.compose(self.clinic, patient_id, kind, consult_id, contact_id)

    @needs(Permission.CLINICAL)
    def create(self, draft: LetterDraft) -> tuple[StoredLetter, ChangeSet]:
        """Save a composed letter as a draft."""
        document = draft.document.with_sections(check_sections(draft.document.sections))
        actor = self.clinic.actor
        by = actor.user.display_name if actor is not None else ""
        saved = letters.add_letter(draft.patient_id, draft.consult_id, draft.contact_id, document, by)
        return saved, self._changes(saved.patient_id)

    @needs(Permission.CLINICAL)
    def save(
        self, letter_id: int, row_version: int, sections: Sequence[LetterSection], *, contact_id: int | None
    ) -> tuple[StoredLetter, ChangeSet]:
        """The draft's sections as edited, and to whom it goes (the address block and greeting follow the
        contact). Refused for a printed letter (make a new version) or one changed elsewhere."""
        stored = letters.get_letter(letter_id)
        document = stored.document.with_sections(check_sections(sections))
        if contact_id != stored.contact_id:
            document = _addressed(document, contact_id)
        saved = letters.save_draft(letter_id, row_version, document, contact_id)
        return saved, self._changes(saved.patient_id)

    def _head(self, patient_id: int) -> PrintedHead:
        settings = self.clinic.settings.values()
        patient = patients.get_patient(patient_id)
        return PrintedHead(
            clinic=settings["clinic.name"],
            address=settings["clinic.address"],
            phone=settings["clinic.phone"],
            logo=settings["clinic.logo"],
            patient_line=f"{patient.display_name} · born {patient.date_of_birth.isoformat()}",
        )

    def _render(self, document: LetterDocument, head: PrintedHead, *, draft: bool) -> bytes:
        from fbss_desktop.documents.letter_pdf import render_letter_pdf

        paper = self.clinic.settings.values()["print.paper_size"]
        return render_letter_pdf(document, head, paper=paper, draft=draft)

    @needs(Permission.CLINICAL)
    def draft_pdf(self, letter_id: int) -> bytes:
        """The letter as saved, for the clinician's preview: a draft says DRAFT on every page."""
        stored = letters.get_letter(letter_id)
        head = stored.document.printed or self._head(stored.patient_id)
        return self._render(stored.document, head, draft=not stored.printed)

    @needs(Permission.CLINICAL)
    def final_pdf(self, letter_id: int) -> tuple[bytes, PrintedHead]:
        """The draft as it prints, on today's letterhead (which `mark_printed` freezes with it)."""
        stored = letters.get_letter(letter_id)
        if stored.printed:
            raise ConflictError(letters.PRINTED)
        head = self._head(stored.patient_id)
        return self._render(stored.document, head, draft=False), head

    @needs(Permission.CLINICAL)
    def mark_printed(
        self, letter_id: int, row_version: int, head: PrintedHead, *, gaps_seen: bool
    ) -> tuple[StoredLetter, ChangeSet]:
        """The draft printed: frozen as it printed, with `head`; refused while its gaps are unseen."""
        stored = letters.get_letter(letter_id)
        if stored.document.gaps and not gaps_seen:
            raise DomainError(
                "This letter has gaps the clinician has not seen: "
                + " ".join(stored.document.gaps)
                + " Review them and print again."
            )
        frozen = replace(stored.document, printed=head)
        with transaction():
            saved = letters.mark_printed(letter_id, row_version, frozen, dt.datetime.now(dt.UTC).replace(tzinfo=None))
            self._audit(saved, f"{saved.kind.value} letter")
        return saved, self._changes(saved.patient_id)

    @needs(Permission.PRINT_FINALIZED)
    def reprint_pdf(self, letter_id: int) -> bytes:
        """A printed letter exactly as it printed (its text and letterhead frozen then)."""
        stored = letters.get_letter(letter_id)
        if not stored.printed or stored.document.printed is None:
            raise ConflictError(NOT_PRINTED)
        return self._render(stored.document, stored.document.printed, draft=False)

    @needs(Permission.PRINT_FINALIZED)
    def record_reprint(self, letter_id: int) -> None:
        self._audit(letters.get_letter(letter_id), "letter reprinted")

    @needs(NO_CHECK)
    def pdf_saved(self, letter_id: int) -> None:
        """A letter saved as a PDF file: in the audit trail like a print."""
        self._audit(letters.get_letter(letter_id), "letter saved as PDF")

    @needs(Permission.CLINICAL)
    def new_version(self, letter_id: int) -> tuple[StoredLetter, ChangeSet]:
        """A new draft copied from a printed letter (the printed one stays as it was), dated today."""
        stored = letters.get_letter(letter_id)
        if not stored.printed:
            raise ConflictError("This letter is still a draft: edit it as it is.")
        document = replace(stored.document, printed=None, based_on=stored.id, date=self.clinic.today())
        draft = LetterDraft(stored.patient_id, stored.consult_id, stored.contact_id, document)
        return self.create(draft)


def _addressed(document: LetterDocument, contact_id: int | None) -> LetterDocument:
    """The letter addressed to another contact (or to nobody in particular)."""
    contact = contacts.find_contact(contact_id)
    if contact is None:
        greeting = "Dear colleague," if document.kind is LetterKind.CONSULT else "To the medical reviewer,"
        return replace(document, recipient=(), salutation=greeting)
    return replace(document, recipient=contact.address_block(), salutation=f"Dear {contact.name},")
