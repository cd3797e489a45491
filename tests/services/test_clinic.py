from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput


def form(**changes):
    base = PatientInput(mrn="M-1", family_name="Núñez", given_names="Zoë", date_of_birth="1961-04-12", sex="F")
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def test_save_patient_reports_the_change_for_the_list_and_the_patient(clinic):
    saved, changes = clinic.patients.save(form())
    assert changes.patient_list and changes.touches_patient(saved.id)
    assert clinic.patients.search("zoe").page.rows[0].id == saved.id


def test_refused_patient_leaves_the_database_as_it_was(clinic):
    clinic.patients.save(form())
    try:
        clinic.patients.save(form(mrn="m-1", given_names="Other"))
    except ValidationError as exc:
        assert "mrn" in exc.errors
    else:
        raise AssertionError("a duplicate MRN (case differs) was accepted")
    assert clinic.patients.count() == 1


def test_slash_dates_are_read_in_the_clinic_order(clinic):
    clinic.settings.save_one("dates.slash_order", "DMY")
    saved, _ = clinic.patients.save(form(date_of_birth="04/12/1961"))
    assert saved.date_of_birth.month == 12


def test_opening_a_patient_brings_surgeries_and_consults_together(clinic):
    clinic.demo.load(5, seed=7)
    patient_id = clinic.patients.search("D000001").page.rows[0].id
    record = clinic.patients.open(patient_id)
    assert record.patient.mrn == "D000001"
    assert record.surgeries and record.consults
    assert all(c.clinician_name for c in record.consults)


def test_surgery_saved_through_the_clinic_is_validated_against_the_patient(clinic):
    saved, _ = clinic.patients.save(form())
    try:
        clinic.patients.save_surgery(
            SurgeryInput(patient_id=saved.id, performed="1950", procedure="TLIF", levels="L4-L5")
        )
    except ValidationError as exc:
        assert exc.errors == {"performed": "The surgery date is before the patient's date of birth."}
    surgery, changes = clinic.patients.save_surgery(
        SurgeryInput(patient_id=saved.id, performed="2019-03", procedure="TLIF", levels="L4-5", approach="ANTERIOR")
    )
    assert changes.touches_patient(saved.id) and surgery.levels == ("L4-L5",)
    assert clinic.patients.remove_surgery(surgery.id, surgery.row_version).touches_patient(saved.id)
    assert clinic.patients.open(saved.id).surgeries == []


def test_demo_patients_are_realistic_repeatable_and_never_clash_with_earlier_ones(clinic):
    clinic.demo.load(30, seed=1)
    clinic.demo.load(30, seed=1)  # a second batch continues the MRNs instead of failing
    assert clinic.patients.count() == 60
    first = clinic.patients.open(clinic.patients.search("D000001").page.rows[0].id)
    again = clinic.patients.open(clinic.patients.search("D000031").page.rows[0].id)
    assert (first.patient.family_name, first.patient.date_of_birth) == (
        again.patient.family_name,
        again.patient.date_of_birth,
    )
    assert clinic.settings.values()["clinic.name"]
    for summary in clinic.patients.search("", limit=60).page.rows:
        record = clinic.patients.open(summary.id)
        dates = [s.performed.earliest for s in record.surgeries]
        assert dates == sorted(dates)
        assert all(s.performed.earliest > record.patient.date_of_birth for s in record.surgeries)
        assert all(c.consult_date <= clinic.today() for c in record.consults)
