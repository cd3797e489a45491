"""Demo MRNs keep counting past a million: D1000000 is higher than D999999, though it sorts lower as text."""

from __future__ import annotations

from fbss_desktop.core.patients import PatientInput


def test_the_next_demo_number_after_a_million(sqlite_clinic):
    from fbss_desktop.storage.bulk import next_demo_number

    for mrn in ("D999999", "D1000000", "DX-1"):
        sqlite_clinic.patients.save(
            PatientInput(mrn=mrn, family_name="Count", given_names="Ed", date_of_birth="1970-01-01", sex="M")
        )
    assert next_demo_number() == 1000001
