"""Letters and contacts through the facade (issue 16): a consult letter to the referring surgeon, a
medical-necessity letter assembled from the documented conservative care, edited, printed (frozen) and
reprinted, with each role allowed only its part."""

from __future__ import annotations

import inspect
import io

import pytest
from pypdf import PdfReader

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.contacts import ContactInput
from fbss_desktop.core.errors import ConflictError, DomainError, PermissionDenied, ValidationError
from fbss_desktop.core.letters import LetterKind, LetterSection
from fbss_desktop.core.patients import to_input
from fbss_desktop.core.users import UserInput
from fbss_desktop.services.permissions import permission_of
from fbss_desktop.storage import audit

PASSWORDS = {"admin": "blue harbour lamp", "doc": "quiet river stone", "desk": "green window kite"}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def demo(sqlite_clinic):
    sqlite_clinic.demo.load(12)
    return sqlite_clinic


def _surgeon(clinic):
    contact, _changes = clinic.contacts.save(
        ContactInput(
            name="Dr Ana Ruiz",
            organisation="Northside Spine",
            address="12 Harbour Road\nSpringfield, IL 62701",
            fax="+1 217 555 0102",
        )
    )
    return contact


def _scs_patient(clinic):
    """A demo patient whose latest plan names a stimulator trial, with everything a payer asks documented."""
    for row in clinic.patients.search("").page.rows:
        draft = clinic.letters.compose(row.id, LetterKind.NECESSITY_SCS)
        if not draft.document.gaps:
            return row.id, draft
    pytest.fail("the demo has a patient ready for a stimulator trial")


def _section(document, key):
    return next(s for s in document.sections if s.key == key)


def test_every_letter_and_contact_use_case_declares_its_permission(sqlite_clinic):
    undeclared = [
        f"{name}.{method}"
        for name in ("letters", "contacts")
        for method, member in inspect.getmembers(type(getattr(sqlite_clinic, name)), inspect.isfunction)
        if not method.startswith("_") and method != "can_manage" and permission_of(member) is None
    ]
    assert undeclared == []


def test_a_consult_letter_goes_to_the_patients_referring_surgeon_with_the_consults_findings(demo):
    surgeon = _surgeon(demo)
    patient = demo.patients.search("").page.rows[0]
    form = to_input(demo.patients.get(patient.id))
    form.referrer_id = surgeon.id
    saved, _changes = demo.patients.save(form)
    assert demo.patients.get(patient.id).referrer_id == surgeon.id == saved.referrer_id

    draft = demo.letters.compose(patient.id, LetterKind.CONSULT)
    document = draft.document
    assert draft.contact_id == surgeon.id
    assert document.recipient[:2] == ("Dr Ana Ruiz", "Northside Spine")
    assert document.salutation == "Dear Dr Ana Ruiz,"
    assert "Thank you for referring" in _section(document, "opening").text
    assert "Diagnosis codes (ICD-10-CM): M96.1" in _section(document, "assessment").text
    assert "Likely pain generators:" in _section(document, "assessment").text
    assert _section(document, "plan").text.startswith("1. ")
    assert _section(document, "questions").text == ""  # the clinician types them


def test_a_necessity_letter_assembles_the_conservative_care_and_the_criteria_with_their_sources(demo):
    _patient_id, draft = _scs_patient(demo)
    document = draft.document
    therapy = _section(document, "therapy").text
    assert "weeks of physical therapy in all" in therapy and "Physical therapy, 8 weeks" in therapy
    assert "still taken" in _section(document, "medicines").text
    assert "relief" in _section(document, "injections").text
    assert "Psychological evaluation" in _section(document, "psychology").text
    criteria = {c.id: c for c in document.criteria}
    assert {"SCS-NCD-PSYCH", "SCS-NICE-DURATION", "SCS-NICE-SEVERITY", "SCS-NCD-TRIAL"} <= set(criteria)
    assert all(c.met is True and c.source for c in criteria.values())
    assert "Source: CMS NCD 160.7" in _section(document, "criteria").text


def test_a_missing_psychological_evaluation_is_a_gap_and_the_print_waits_until_it_was_seen(demo):
    gapped = None
    for row in demo.patients.search("").page.rows:
        draft = demo.letters.compose(row.id, LetterKind.NECESSITY_SCS)
        psych = next(c for c in draft.document.criteria if c.id == "SCS-NCD-PSYCH")
        if psych.met is False:
            gapped = draft
            break
    assert gapped is not None, "a demo patient has no psychological evaluation on file"
    assert any("Psychological evaluation on file" in gap for gap in gapped.document.gaps)
    letter, _changes = demo.letters.create(gapped)
    pdf, head = demo.letters.final_pdf(letter.id)
    assert "Not met: Psychological evaluation on file" in _text(pdf)  # said in the letter, never hidden
    with pytest.raises(DomainError, match="gaps the clinician has not seen"):
        demo.letters.mark_printed(letter.id, letter.row_version, head, gaps_seen=False)
    printed, _changes = demo.letters.mark_printed(letter.id, letter.row_version, head, gaps_seen=True)
    assert printed.printed


def test_printing_freezes_the_letter_and_a_reprint_is_what_was_printed(demo):
    patient_id, draft = _scs_patient(demo)
    letter, _changes = demo.letters.create(draft)
    sections = [*letter.document.sections, LetterSection("added", "Enclosures", "MRI report of 2025-12-20")]
    letter, _changes = demo.letters.save(letter.id, letter.row_version, sections, contact_id=None)
    assert "DRAFT" in _text(demo.letters.draft_pdf(letter.id))
    pdf, head = demo.letters.final_pdf(letter.id)
    assert "DRAFT" not in _text(pdf) and "Enclosures" in _text(pdf)
    printed, _changes = demo.letters.mark_printed(letter.id, letter.row_version, head, gaps_seen=False)

    demo.settings.save_one("clinic.name", "A Renamed Clinic")
    reprint = _text(demo.letters.reprint_pdf(printed.id))
    assert head.clinic in reprint and "A Renamed Clinic" not in reprint  # the letterhead it printed under
    assert "MRI report of 2025-12-20" in reprint
    with pytest.raises(ConflictError, match="kept as it was printed"):
        demo.letters.save(printed.id, printed.row_version, sections[:1], contact_id=None)

    copy, _changes = demo.letters.new_version(printed.id)
    assert not copy.printed and copy.document.based_on == printed.id
    assert [s.text for s in copy.document.sections] == [s.text for s in printed.document.sections]
    assert demo.letters.open(printed.id).document == printed.document  # the printed one is unchanged
    kinds = [(e.object_kind, e.object_id) for e in audit.entries() if e.action == AuditAction.PRINTED.value]
    assert ("letter", printed.id) in kinds
    assert [entry.id for entry in demo.letters.list(patient_id)][:2] == [copy.id, printed.id]


def test_a_section_too_long_is_refused_by_its_place(demo):
    _patient_id, draft = _scs_patient(demo)
    letter, _changes = demo.letters.create(draft)
    sections = [LetterSection("added", "Notes", "x" * 9000)]
    with pytest.raises(ValidationError) as refused:
        demo.letters.save(letter.id, letter.row_version, sections, contact_id=None)
    assert "sections[0].text" in refused.value.errors


def test_a_contact_is_checked_field_by_field_and_a_stale_edit_is_refused(sqlite_clinic):
    with pytest.raises(ValidationError) as refused:
        sqlite_clinic.contacts.save(ContactInput(name=" ", fax="12", email="not an address"))
    assert set(refused.value.errors) == {"name", "fax", "email"}
    contact, _changes = sqlite_clinic.contacts.save(ContactInput(name="Dr Ana Ruiz"))
    first = ContactInput(name="Dr Ana Ruiz-Lee", id=contact.id, row_version=contact.row_version)
    sqlite_clinic.contacts.save(first)
    with pytest.raises(ConflictError):
        sqlite_clinic.contacts.save(first)  # the same row version again: someone else's change is not lost


@pytest.fixture
def staffed(demo):
    doctor = demo.setup.clinicians()[0]
    demo.accounts.add_first_administrator(
        UserInput(username="admin", display_name="Ada Admin", roles={"administrator"}, password=PASSWORDS["admin"])
    )
    demo.accounts.sign_in("admin", PASSWORDS["admin"], "office")
    for name, roles, clinician in (("doc", {"specialist"}, doctor.id), ("desk", {"front_desk"}, None)):
        demo.accounts.add_user(
            UserInput(
                username=name, display_name=name.title(), roles=roles, clinician_id=clinician, password=PASSWORDS[name]
            )
        )
    return demo


def _as(clinic, name):
    """Sign in as `name`, choosing their own password at the first sign-in (the one given was temporary)."""
    clinic.accounts.sign_out()
    actor = clinic.accounts.sign_in(name, PASSWORDS[name], "room")
    if actor.user.must_change_password:
        clinic.accounts.change_password(PASSWORDS[name], PASSWORDS[name] + " own")
    return clinic


def test_a_clinician_writes_letters_the_front_desk_reprints_and_an_administrator_keeps_contacts(staffed):
    clinic = staffed  # the administrator is signed in
    assert clinic.contacts.can_manage()
    _surgeon(clinic)
    clinic = _as(staffed, "doc")
    patient_id, draft = _scs_patient(clinic)
    letter, _changes = clinic.letters.create(draft)
    unprinted, _changes = clinic.letters.create(clinic.letters.compose(patient_id, LetterKind.CONSULT))
    _pdf, head = clinic.letters.final_pdf(letter.id)
    clinic.letters.mark_printed(letter.id, letter.row_version, head, gaps_seen=True)
    clinic = _as(staffed, "desk")
    assert [entry.id for entry in clinic.letters.list(patient_id)] == [letter.id]  # printed ones only
    assert clinic.letters.reprint_pdf(letter.id).startswith(b"%PDF")
    clinic.letters.record_reprint(letter.id)
    assert not clinic.contacts.can_manage()
    for call in (
        lambda: clinic.letters.compose(patient_id, LetterKind.CONSULT),
        lambda: clinic.letters.open(unprinted.id),
        lambda: clinic.letters.new_version(letter.id),
        lambda: clinic.contacts.save(ContactInput(name="Dr Who")),
    ):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(ConflictError, match="not been printed"):
        clinic.letters.reprint_pdf(unprinted.id)
