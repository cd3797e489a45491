"""Finalized plans are frozen (a reprint is the same plan), a revision is a new version that keeps the old
one, versions say what changed, and prints are logged."""

from __future__ import annotations

import pytest

from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.services import printing
from tests.documents.test_plan_pdf import ITEMS, saved_plan


def finalize(clinic, draft):
    document = dict(draft.document)
    return clinic.consults.save(
        draft.patient.id,
        document,
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
        finalize_by="Dr. Helena Marsh, MD",
    )[0]


def test_a_finalized_plan_reprints_the_same_even_after_the_clinic_changes(clinic):
    final = finalize(clinic, saved_plan(clinic))
    first = printing.render_plan_pdf(clinic, final.consult_id, invariant=True)
    clinic.settings.save_one("clinic.name", "A New Clinic Name")  # the letterhead changes later
    assert printing.plan_print(clinic, final.consult_id).letterhead.name != "A New Clinic Name"
    assert printing.render_plan_pdf(clinic, final.consult_id, invariant=True) == first


def test_a_draft_prints_the_current_state(clinic):
    draft = saved_plan(clinic)
    clinic.settings.save_one("clinic.name", "Renamed Clinic")
    assert printing.plan_print(clinic, draft.consult_id).letterhead.name == "Renamed Clinic"


def test_revising_makes_a_new_version_and_keeps_the_old(clinic):
    final = finalize(clinic, saved_plan(clinic))
    old_plan_id = final.plan_id
    revised, _ = clinic.plans.revise(final.consult_id, old_plan_id, final.plan_row_version)
    assert revised.plan_id != old_plan_id and revised.document["plan"]["status"] == "draft"
    document = dict(revised.document)
    plan = dict(document["plan"])
    plan["items"] = [i for i in plan["items"] if i["treatment"] != "NEUROPATHIC_AGENT"]
    plan["items"].append({"key": "i9", "treatment": "PAIN_PSYCHOLOGY", "phase": 1, "details": {"sessions": 8}})
    plan["items"][0] = {**plan["items"][0], "status": "done"}
    plan["follow_up_weeks"] = 8
    document["plan"] = plan
    clinic.consults.save(
        revised.patient.id,
        document,
        consult_id=revised.consult_id,
        row_version=revised.row_version,
        plan_id=revised.plan_id,
        plan_row_version=revised.plan_row_version,
    )
    newest, oldest = clinic.plans.versions(revised.patient.id)[:2]
    assert (newest.version, newest.status.value) == (2, "draft")
    assert (oldest.version, oldest.status.value, oldest.plan_id) == (1, "finalized", old_plan_id)
    assert newest.changes == (
        "Added Pain psychology",
        "Removed Nerve-pain medicine",
        "Changed Physical therapy: planned → done",
        "Follow-up 6 → 8 weeks",
    )
    old_copy = printing.plan_print(clinic, final.consult_id, plan_id=old_plan_id)
    assert [s.name for p in old_copy.phases for s in p.steps][:2] == [
        "Physical therapy and exercise",
        "Nerve pain medicine",
    ]


def test_a_draft_cannot_be_revised_and_a_revision_happens_once(clinic):
    draft = saved_plan(clinic)
    with pytest.raises(ConflictError, match="Only a finalized plan"):
        clinic.plans.revise(draft.consult_id, draft.plan_id, draft.plan_row_version)
    final = finalize(clinic, draft)
    clinic.plans.revise(final.consult_id, final.plan_id, final.plan_row_version)
    with pytest.raises(ConflictError, match="already revised"):
        clinic.plans.revise(final.consult_id, final.plan_id, final.plan_row_version)


def test_saving_against_an_old_version_is_refused(clinic):
    final = finalize(clinic, saved_plan(clinic))
    clinic.plans.revise(final.consult_id, final.plan_id, final.plan_row_version)
    with pytest.raises((ConflictError, ValidationError)):
        clinic.consults.save(
            final.patient.id,
            dict(final.document),
            consult_id=final.consult_id,
            row_version=final.row_version,
            plan_id=final.plan_id,
            plan_row_version=final.plan_row_version,
        )


def test_prints_are_logged_per_version(clinic):
    final = finalize(clinic, saved_plan(clinic, items=ITEMS))
    (version,) = [v for v in clinic.plans.versions(final.patient.id) if v.plan_id == final.plan_id]
    assert version.last_printed is None
    clinic.plans.record_print(final.plan_id, "plan")
    (version,) = [v for v in clinic.plans.versions(final.patient.id) if v.plan_id == final.plan_id]
    assert version.last_printed is not None and version.treatments == 3
