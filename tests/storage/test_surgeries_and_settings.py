import datetime as dt

import pytest

from fbss_desktop.core.dates import PartialDate
from fbss_desktop.core.errors import ConflictError, NotFoundError
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.storage import patients, surgeries
from fbss_desktop.storage import settings as settings_store
from fbss_desktop.storage.db import open_database


@pytest.fixture
def patient_id(database_url):
    db = open_database(database_url)
    saved = patients.save_patient(
        Patient(mrn="S1", family_name="Surg", given_names="Ery", date_of_birth=dt.date(1960, 1, 1), sex=Sex.MALE)
    )
    yield saved.id
    db.close()


def surgery(patient_id, when="2019-03", **changes):
    values = dict(
        patient_id=patient_id,
        performed=PartialDate.parse(when),
        procedure="TLIF",
        levels=("L4-L5", "L5-S1"),
        fusion=True,
        instrumented=True,
        approach="POSTERIOR_MIS",
        surgeon="Dr. R. Okafor",
        outcome_notes="Leg pain back after 3 months.",
    )
    values.update(changes)
    return Surgery(**values)


def test_surgeries_round_trip_in_date_order_with_precision_and_levels(patient_id):
    later = surgeries.save_surgery(surgery(patient_id, "2021-06-14"))
    earlier = surgeries.save_surgery(surgery(patient_id, "2015", procedure="DISCECTOMY", levels=("L5-S1",)))
    listed = surgeries.list_surgeries(patient_id)
    assert listed == [earlier, later]
    assert str(listed[0].performed) == "2015" and listed[1].levels == ("L4-L5", "L5-S1")


def test_edit_bumps_the_version_and_a_stale_edit_is_refused(patient_id):
    saved = surgeries.save_surgery(surgery(patient_id))
    edited = surgeries.save_surgery(Surgery(**{**saved.__dict__, "surgeon": "Dr. S. Haddad"}))
    assert edited.row_version == 2
    with pytest.raises(ConflictError):
        surgeries.save_surgery(Surgery(**{**saved.__dict__, "surgeon": "Dr. Nobody"}))
    assert surgeries.list_surgeries(patient_id)[0].surgeon == "Dr. S. Haddad"


def test_remove_needs_the_current_version(patient_id):
    saved = surgeries.save_surgery(surgery(patient_id))
    with pytest.raises(ConflictError):
        surgeries.remove_surgery(saved.id, saved.row_version + 1)
    assert surgeries.remove_surgery(saved.id, saved.row_version) == patient_id
    assert surgeries.list_surgeries(patient_id) == []


def test_a_surgery_for_a_missing_patient_is_refused(patient_id):
    with pytest.raises(NotFoundError):
        surgeries.save_surgery(surgery(patient_id + 999))


def test_clinic_settings_default_then_store_checked_values(patient_id):
    assert settings_store.load_settings()["print.paper_size"] == "letter"
    settings_store.save_setting("print.paper_size", "a4")
    settings_store.save_setting("print.paper_size", "a4")  # upsert, not a duplicate key
    assert settings_store.load_settings()["print.paper_size"] == "a4"
    with pytest.raises(ValueError, match="not one of"):
        settings_store.save_setting("print.paper_size", "legal")
    with pytest.raises(KeyError):
        settings_store.save_setting("no.such.setting", 1)
