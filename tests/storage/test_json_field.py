"""JSON documents in TEXT columns (storage.fields.JSONField): Python values in and out, the stored text exactly
what the hand-written json.dumps calls wrote before, and rows written by that older code read the same."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.core.plans import TreatmentPlan
from fbss_desktop.storage import consults, patients, plans
from fbss_desktop.storage import settings as settings_store
from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.fields import JSONField
from fbss_desktop.storage.models import Consult, Plan

DOCUMENT = {
    "document_version": 1,
    "history": {"course": "Douleur après arthrodèse, Zoë Núñez-Łukasiewicz", "index_surgery_id": None},
    "exam": {"findings": [["L4-L5", "L5-S1"], [], [{"side": "gauche", "slr": None}]], "weight_kg": 71.5},
    "note": '“quoted” — Ελληνικά, Tiếng Việt, \\ back"slash',
    "empty": {},
}
SNAPSHOT = {"title": "Plan de traitement", "items": [{"treatment": "SCS", "lines": ["Essai", None, 3]}]}


def compact(value):
    """The text the repositories wrote by hand before the field (plans._json, consults.document_text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture
def db(database_url):
    opened = open_database(database_url)
    yield opened
    opened.close()


@pytest.fixture
def patient_id(db):
    saved = patients.save_patient(
        Patient(mrn="J-1", family_name="Núñez", given_names="Zoë", date_of_birth=dt.date(1961, 4, 12), sex=Sex.FEMALE)
    )
    return saved.id


def new_consult(patient_id, **values):
    return Consult.insert(patient=patient_id, consult_date=dt.date(2026, 11, 21), **values).execute()


def raw(db, sql, *params):
    """A column as the database holds it: plain SQL, no peewee field conversion."""
    return db.execute_sql(sql.replace("?", db.param), params).fetchone()[0]


def test_a_document_round_trips_with_accents_nested_lists_and_none(patient_id):
    consult_id = new_consult(patient_id, document=DOCUMENT)
    assert Consult.get_by_id(consult_id).document == DOCUMENT
    stored = consults.get_consult(consult_id).document
    assert stored["history"]["course"] == DOCUMENT["history"]["course"]
    assert stored["exam"] == DOCUMENT["exam"] and stored["note"] == DOCUMENT["note"] and stored["empty"] == {}

    plan_id = plans.write_plan(patient_id, consult_id, plans.PlanWrite(TreatmentPlan(()), DOCUMENT, snapshot=SNAPSHOT))
    plan = plans.get_plan(plan_id)
    assert plan is not None and plan.document == DOCUMENT and plan.snapshot == SNAPSHOT

    draft_id = plans.new_version(plan_id, plan.row_version)  # a draft copy: no snapshot, SQL NULL
    draft = plans.get_plan(draft_id)
    assert draft is not None and draft.snapshot is None and Plan.get_by_id(draft_id).snapshot is None
    assert draft.document["exam"] == DOCUMENT["exam"] and draft.document["status"] == "draft"


def test_the_stored_text_is_the_compact_form_written_before(db, patient_id):
    consult_id = new_consult(patient_id, document=DOCUMENT)
    text = raw(db, "SELECT document FROM consult WHERE id = ?", consult_id)
    assert text == compact(DOCUMENT)
    assert "Zoë" in text and "Ελληνικά" in text and '": ' not in text and ', "' not in text  # no escapes, no spaces

    plan_id = plans.write_plan(patient_id, consult_id, plans.PlanWrite(TreatmentPlan(()), DOCUMENT, snapshot=SNAPSHOT))
    assert raw(db, "SELECT document FROM plan WHERE id = ?", plan_id) == compact(DOCUMENT)
    assert raw(db, "SELECT snapshot FROM plan WHERE id = ?", plan_id) == compact(SNAPSHOT)
    draft_id = plans.new_version(plan_id, 1)
    assert raw(db, "SELECT snapshot FROM plan WHERE id = ?", draft_id) is None  # NULL, not the text "null"

    bare = new_consult(patient_id)  # no document given: the model's default, as the column default "{}"
    assert raw(db, "SELECT document FROM consult WHERE id = ?", bare) == "{}"

    # Clinic settings always had plain json.dumps text (non-ASCII escaped); it stays so.
    settings_store.save_setting("clinic.name", "Clinique Zoë")
    assert raw(db, "SELECT value FROM clinic_setting WHERE key = ?", "clinic.name") == '"Clinique Zo\\u00eb"'
    settings_store.save_settings({"clinic.name": "Clínica Łódź"}, settings_store.load_versioned()[1])
    assert raw(db, "SELECT value FROM clinic_setting WHERE key = ?", "clinic.name") == json.dumps("Clínica Łódź")
    settings_store.save_setting("outcomes.mcid_odi", 6)
    assert raw(db, "SELECT value FROM clinic_setting WHERE key = ?", "outcomes.mcid_odi") == "6"


def test_rows_written_by_the_old_code_read_back(db, patient_id):
    insert_consult = (
        "INSERT INTO consult (patient_id, consult_date, status, reason, created_at, updated_at, row_version, "
        "document, document_version) VALUES (?, '2026-01-01', 'draft', '', '2026-01-01', '2026-01-01', 1, ?, 1)"
    )
    db.execute_sql(insert_consult.replace("?", db.param), (patient_id, compact(DOCUMENT)))
    db.execute_sql(insert_consult.replace("?", db.param), (patient_id, ""))  # an empty document: read as {}
    old, empty = (row.id for row in Consult.select(Consult.id).order_by(Consult.id))
    assert consults.get_consult(old).document["exam"] == DOCUMENT["exam"]
    assert consults.get_consult(old).document["note"] == DOCUMENT["note"]
    assert consults.get_consult(empty).document["history"] == {"index_surgery_id": None}

    db.execute_sql(
        "INSERT INTO plan (patient_id, consult_id, version, status, created_at, row_version, document, "
        "document_version, finalized_by, snapshot) VALUES (?, ?, 1, 'finalized', '2026-01-01', 1, ?, 1, '', ?)".replace(
            "?", db.param
        ),
        (patient_id, old, compact(DOCUMENT), compact(SNAPSHOT)),
    )
    plan = plans.plan_for_consult(old)
    assert plan is not None and plan.document == DOCUMENT and plan.snapshot == SNAPSHOT

    insert_setting = "INSERT INTO clinic_setting (key, value, updated_at, row_version) VALUES (?, ?, '2026-01-01', 1)"
    for key, text in (
        ("clinic.name", json.dumps("Clinique Zoë")),  # what save_setting wrote
        ("outcomes.mcid_nrs", json.dumps(3)),
        ("print.paper_size", "a4 (not JSON)"),  # a bad value keeps the default, as it always did
    ):
        db.execute_sql(insert_setting.replace("?", db.param), (key, text))
    loaded = settings_store.load_settings()
    assert loaded["clinic.name"] == "Clinique Zoë" and loaded["outcomes.mcid_nrs"] == 3
    assert loaded["print.paper_size"] == "letter"


@pytest.mark.parametrize("compact_text", [True, False])
def test_the_field_keeps_none_and_empty_text_as_none(compact_text):
    field = JSONField(null=True, compact=compact_text)
    assert field.db_value(None) is None and field.python_value(None) is None and field.python_value("") is None
    assert field.python_value(field.db_value([1, "é", None, {"a": []}])) == [1, "é", None, {"a": []}]
    assert field.db_value("é") == ('"é"' if compact_text else '"\\u00e9"')
