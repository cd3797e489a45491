"""Roles are enforced by the services, whatever screen or command calls them: every use case declares what it
needs, and each role is refused what it may not do (issue 14)."""

from __future__ import annotations

import inspect

import pytest

from fbss_desktop.core.errors import PermissionDenied
from fbss_desktop.core.users import UserInput
from fbss_desktop.services.permissions import permission_of
from fbss_desktop.storage import audit

PASSWORDS = {"admin": "blue harbour lamp", "doc": "quiet river stone", "desk": "green window kite"}
MANAGERS = (
    "patients",
    "consults",
    "plans",
    "procedures",
    "printing",
    "instructions",
    "case_files",
    "settings",
    "setup",
    "demo",
    "accounts",
    "audit_log",
)


def test_every_use_case_of_the_facade_declares_the_permission_it_needs(clinic):
    undeclared = [
        f"clinic.{name}.{method}"
        for name in MANAGERS
        for method, member in inspect.getmembers(type(getattr(clinic, name)), inspect.isfunction)
        if not method.startswith("_")
        and not isinstance(inspect.getattr_static(type(getattr(clinic, name)), method), staticmethod)
        and permission_of(member) is None
    ]
    assert undeclared == []


@pytest.fixture
def staffed(clinic):
    """A clinic with demo patients, then its users: an administrator, a specialist and a front-desk clerk."""
    clinic.demo.load(2)  # before the set-up: a clinic with no user has nobody to check
    doctor = clinic.setup.clinicians()[0]
    clinic.accounts.add_first_administrator(
        UserInput(username="admin", display_name="Ada Admin", roles={"administrator"}, password=PASSWORDS["admin"])
    )
    clinic.accounts.sign_in("admin", PASSWORDS["admin"], "office")
    clinic.accounts.add_user(
        UserInput(
            username="doc",
            display_name=doctor.display_name,
            roles={"specialist"},
            clinician_id=doctor.id,
            password=PASSWORDS["doc"],
        )
    )
    clinic.accounts.add_user(
        UserInput(username="desk", display_name="Dee Desk", roles={"front_desk"}, password=PASSWORDS["desk"])
    )
    clinic.accounts.sign_out()
    clinic.test_passwords = dict(PASSWORDS)
    return clinic


def as_user(clinic, name):
    clinic.accounts.sign_out()
    passwords = clinic.test_passwords
    actor = clinic.accounts.sign_in(name, passwords[name], "room-1")
    if actor.user.must_change_password:  # the first sign-in: the administrator's password was temporary
        with pytest.raises(PermissionDenied, match="Choose your own password first"):
            clinic.patients.search("")
        clinic.accounts.change_password(passwords[name], passwords[name] + " own")
        passwords[name] += " own"
    return clinic


def a_patient(clinic):
    return clinic.patients.search("").page.rows[0]


def test_once_a_clinic_has_users_nothing_runs_for_nobody(staffed):
    with pytest.raises(PermissionDenied, match="Sign in first"):
        staffed.patients.search("")
    with pytest.raises(PermissionDenied, match="Sign in first"):
        staffed.consults.new(1)


def test_the_front_desk_finds_patients_and_prints_finalized_plans_but_reaches_no_consult(staffed):
    clinic = as_user(staffed, "desk")
    patient = a_patient(clinic)
    assert clinic.patients.get(patient.id).mrn == patient.mrn
    finalized = [p for p in clinic.plans.desk_plans(patient_id=patient.id) if p.finalized_at]
    assert finalized, "the demo patient has a finalized plan"
    assert clinic.printing.plan_pdf(finalized[0].consult_id, plan_id=finalized[0].plan_id).startswith(b"%PDF")
    clinic.plans.record_print(finalized[0].plan_id, "plan")
    refused = {
        "open the chart": lambda: clinic.patients.open(patient.id),
        "start a consult": lambda: clinic.consults.new(patient.id),
        "open a consult": lambda: clinic.consults.open(finalized[0].consult_id),
        "the clinician summary": lambda: clinic.printing.summary_pdf(finalized[0].consult_id),
        "a signed version": lambda: clinic.printing.signed_version_pdf(finalized[0].consult_id, 1),
        "the signed versions": lambda: clinic.consults.signed_versions(finalized[0].consult_id),
        "plan versions": lambda: clinic.plans.versions(patient.id),
        "export": lambda: clinic.case_files.export(patient.mrn),
        "settings": lambda: clinic.settings.snapshot(),
        "users": lambda: clinic.accounts.list_users(),
    }
    for what, call in refused.items():
        with pytest.raises(PermissionDenied, match="Dee Desk \\(Front desk\\) may not"):
            call()
            pytest.fail(f"the front desk could {what}")
    refusals = [(e.username, e.detail) for e in audit.entries() if e.action == "refused"]
    assert ("desk", "clinical") in refusals and ("desk", "exchange") in refusals  # each refusal is audited


def test_the_specialist_does_clinical_work_but_not_users_or_settings(staffed):
    clinic = as_user(staffed, "doc")
    patient = a_patient(clinic)
    record = clinic.patients.open(patient.id)
    assert record.consults and clinic.consults.open(record.consults[0].id).document
    with pytest.raises(PermissionDenied):
        clinic.accounts.list_users()
    with pytest.raises(PermissionDenied):
        clinic.settings.save_one("clinic.name", "Taken over")


def test_the_administrator_manages_users_and_settings_but_opens_no_chart(staffed):
    clinic = as_user(staffed, "admin")
    assert sorted(u.username for u in clinic.accounts.list_users()) == ["admin", "desk", "doc"]
    clinic.settings.save_one("clinic.name", "Riverside Spine")
    with pytest.raises(PermissionDenied):
        clinic.patients.open(a_patient(clinic).id)


def test_what_each_user_did_is_in_the_audit_with_their_name(staffed):
    clinic = as_user(staffed, "doc")
    patient = a_patient(clinic)
    clinic.patients.open(patient.id)
    as_user(clinic, "desk")
    finalized = [p for p in clinic.plans.desk_plans(patient_id=patient.id) if p.finalized_at][0]
    clinic.plans.record_print(finalized.plan_id, "plan")
    trail = [(e.action, e.username, e.patient_id) for e in audit.entries()]
    assert ("chart_opened", "doc", patient.id) in trail and ("printed", "desk", patient.id) in trail
    assert clinic.audit.verify()[1] is None
