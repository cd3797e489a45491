"""Another workstation, as a second program on the same database: `python -m tests.gui.other_workstation URL
ACTION MRN [USER PASSWORD]`. `finalize` records and finalizes a consult's plan for a new patient; `reason`
saves the MRN's latest consult again with another reason for the visit. In a clinic with users, USER signs in
(and signs the finalized plan with PASSWORD)."""

from __future__ import annotations

import sys
from typing import Any

from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.scenarios import finalized_scenario, save_scenario


def main(url: str, action: str, mrn: str, user: str = "", password: str = "") -> None:
    clinic = Clinic.open(url, backup_dir=None, today=lambda: TODAY)
    try:
        if user:
            clinic.accounts.sign_in(user, password, "the other workstation")
        if action == "finalize" and user:
            patient, draft = save_scenario(clinic, "apixaban_esi", mrn=mrn)
            document = dict(draft.document, clinician_id=clinic.setup.clinicians()[0].id)
            save_again(clinic, draft, document, finalize_by=clinic.actor.user.display_name, signature=password)
        elif action == "finalize":
            finalized_scenario(clinic, "apixaban_esi", mrn)
        elif action == "reason":
            patient = clinic.patients.search(mrn).page.rows[0]
            consult = clinic.patients.open(patient.id).consults[0]
            draft = clinic.consults.open(consult.id)
            save_again(clinic, draft, dict(draft.document, reason="Changed at the other workstation"))
        else:
            raise SystemExit(f"unknown action {action}")
    finally:
        clinic.close()


def save_again(clinic: Clinic, draft: Any, document: dict[str, Any], **extra: Any) -> None:
    """Save `document` over the consult `draft` was read from, as its editor would."""
    clinic.consults.save(
        draft.patient.id,
        document,
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
        **extra,
    )


if __name__ == "__main__":
    main(*sys.argv[1:6])
