"""`clinic.instructions`: a plan's procedure prepared from the consult (its blood thinners, diabetes, the X-ray dye
allergy), saved on the patient's record after the core's check, printed as a PDF, and the print recorded on
the sheet, the plan and the audit trail; the front desk reprints a saved sheet but cannot write one."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from fbss_desktop.core.clinicians import ClinicianInput
from fbss_desktop.core.errors import PermissionDenied, ValidationError
from fbss_desktop.core.procedure_holds import HoldKind
from fbss_desktop.storage import audit
from fbss_desktop.storage import plans as plan_store
from tests.scenarios import finalized_scenario, save_scenario
from tests.services.test_roles import as_user, staffed  # noqa: F401 - the fixture

START = dt.datetime(2026, 12, 10, 9, 0)


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def apixaban_plan(clinic):
    clinic.setup.save_clinician(ClinicianInput(full_name="Helena Marsh", credentials="MD"))
    clinic.settings.save_one("clinic.phone", "(555) 010-2000")
    _patient, final = finalized_scenario(clinic, "apixaban_esi", "IN-1")
    return final.plan_id


def agreed_sheet(clinic, plan_id):
    draft = clinic.instructions.prepare(plan_id, "i1")
    (apixaban,) = draft.table_plans(START, draft.start.bleeding_class)
    apixaban = replace(apixaban, agreed=True, agreed_by="Dr Amy Chen", agreed_on=dt.date(2026, 12, 1))
    form = replace(draft.start, procedure_at=START, arrive_at=dt.time(8, 30), thinners=(apixaban,))
    return draft, form


def test_prepare_reads_the_procedure_its_class_and_the_patients_thinners_diabetes_and_dye_allergy(
    clinic, apixaban_plan
):
    assert clinic.instructions.procedures(apixaban_plan) == [("i1", "Epidural steroid injection")]
    draft = clinic.instructions.prepare(apixaban_plan, "i1")
    assert draft.catalogue_class == "intermediate" and draft.start.bleeding_class == "intermediate"
    assert [t.name for t in draft.start.thinners] == ["Apixaban"]
    assert draft.start.thinners[0].kind is HoldKind.HOLD and not draft.start.thinners[0].agreed
    assert draft.start.diabetes and draft.start.contrast_allergy  # the consult: diabetes, allergic to contrast
    assert draft.start.place == "" and not draft.saved  # no suite address set, no sheet yet


def test_a_saved_sheet_prints_apixabans_stop_and_restart_and_reopens_as_saved(clinic, apixaban_plan):
    draft, form = agreed_sheet(clinic, apixaban_plan)
    saved, changes = clinic.instructions.save(draft, replace(form, place="Suite B, 14 River Road"))
    assert saved.id is not None and changes.consults_of

    text = pdf_text(clinic.instructions.pdf(saved.id))
    assert "Take your last dose on Sunday, December 6, 2026." in text
    assert "Do not take it on December 7, December 8 or December 9" in text
    assert "Start it again on Friday, December 11, 2026, at 9:00 AM or later." in text
    assert "Suite B, 14 River Road" in text and "(555) 010-2000" in text
    assert "Check your sugar more often" in text and "allergic to X-ray dye" in text

    again = clinic.instructions.prepare(apixaban_plan, "i1")
    assert again.saved and again.start.id == saved.id and again.start.thinners[0].agreed_by == "Dr Amy Chen"


def test_a_reprint_says_what_was_saved_even_after_the_table_would_say_otherwise(clinic, apixaban_plan):
    draft, form = agreed_sheet(clinic, apixaban_plan)
    saved, _ = clinic.instructions.save(draft, replace(form, place="Suite B"))
    first = clinic.instructions.sheet(saved.id)
    clinic.settings.save_one("rules.asra_edition", "asra2015")  # what prepare would start from changes
    assert clinic.instructions.sheet(saved.id) == first


def test_the_service_refuses_what_the_core_check_refuses(clinic, apixaban_plan):
    draft, form = agreed_sheet(clinic, apixaban_plan)
    moved = replace(form.thinners[0], last_dose_day=dt.date(2026, 12, 5))  # a day earlier, no reason
    with pytest.raises(ValidationError) as refused:
        clinic.instructions.save(draft, replace(form, place="Suite B", thinners=(moved,)))
    assert set(refused.value.errors) == {"thinners.0.reason"}
    assert clinic.instructions.of_patient(draft.patient_id) == []


def test_a_print_is_recorded_on_the_sheet_the_plan_and_the_audit_trail(clinic, apixaban_plan):
    draft, form = agreed_sheet(clinic, apixaban_plan)
    saved, _ = clinic.instructions.save(draft, replace(form, place="Suite B"))
    clinic.instructions.record_print(saved.id)
    (listed,) = clinic.instructions.of_patient(draft.patient_id)
    assert listed.printed_at is not None
    assert [(p.kind, p.detail) for p in plan_store.prints_of(apixaban_plan)] == [("instructions", "i1")]
    actions = [(e.action, e.object_kind) for e in audit.entries()]
    assert ("instructions_saved", "instructions") in actions and ("printed", "instructions") in actions


def test_the_front_desk_reprints_a_saved_sheet_but_cannot_write_one(staffed):  # noqa: F811 - the fixture
    clinic = as_user(staffed, "doc")
    patient, planned = save_scenario(clinic, "apixaban_esi", "IN-2")  # a draft plan has its instructions too
    draft, form = agreed_sheet(clinic, planned.plan_id)
    saved, _ = clinic.instructions.save(draft, replace(form, place="Suite B"))
    desk = as_user(staffed, "desk")
    (listed,) = desk.instructions.of_patient(patient.id)
    assert desk.instructions.pdf(listed.id).startswith(b"%PDF")
    desk.instructions.record_print(listed.id)
    with pytest.raises(PermissionDenied):
        desk.instructions.prepare(planned.plan_id, "i1")
    with pytest.raises(PermissionDenied):
        desk.instructions.save(draft, form)
    assert saved.id == listed.id


def test_a_procedure_too_soon_for_the_hold_is_refused_rather_than_print_a_day_already_past(clinic, apixaban_plan):
    """Made on 2026-11-21 for a procedure on the 23rd: a 3-day apixaban hold would have needed the last dose
    on the 19th. The sheet must not tell the patient to do what they no longer can."""
    draft = clinic.instructions.prepare(apixaban_plan, "i1")
    soon = dt.datetime(2026, 11, 23, 9, 0)
    (apixaban,) = draft.table_plans(soon, draft.start.bleeding_class)
    form = replace(draft.start, procedure_at=soon, arrive_at=dt.time(8, 30), place="Suite B", thinners=(apixaban,))
    with pytest.raises(ValidationError) as refused:
        clinic.instructions.save(draft, form)
    assert "too soon for this hold" in refused.value.errors["thinners.0.last_dose"]
    assert "2026-11-19" in refused.value.errors["thinners.0.last_dose"]
