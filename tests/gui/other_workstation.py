"""Another workstation, as a second program on the same database: `python -m tests.gui.other_workstation URL
ACTION MRN`. `finalize` records and finalizes a consult's plan for a new patient; `reason` saves the MRN's
latest consult again with another reason for the visit."""

from __future__ import annotations

import sys

from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.scenarios import finalized_scenario


def main(url: str, action: str, mrn: str) -> None:
    clinic = Clinic.open(url, backup_dir=None, today=lambda: TODAY)
    try:
        if action == "finalize":
            finalized_scenario(clinic, "apixaban_esi", mrn)
        elif action == "reason":
            patient = clinic.patients.search(mrn).page.rows[0]
            consult = clinic.patients.open(patient.id).consults[0]
            draft = clinic.consults.open(consult.id)
            document = dict(draft.document)
            document["reason"] = "Changed at the other workstation"
            clinic.consults.save(
                patient.id,
                document,
                consult_id=draft.consult_id,
                row_version=draft.row_version,
                plan_id=draft.plan_id,
                plan_row_version=draft.plan_row_version,
            )
        else:
            raise SystemExit(f"unknown action {action}")
    finally:
        clinic.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
