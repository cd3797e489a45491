"""Schema 11 fills a stored consult's region, neck pain, arm pain and NDI columns from its document, on SQLite
and on PostgreSQL; a consult written before regions keeps them empty and reads as lumbar."""

from __future__ import annotations

import json

import pytest

from fbss_desktop.storage import consults
from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.migrations import current_version, migrate
from tests.conftest import PG_URL

NECK = {
    "history": {"region": "cervical", "neck_nrs_now": 6, "arm_nrs_now": 7, "back_nrs_now": None},
    "questionnaires": {"ndi": {"version": "ndi-1991", "answers": [3] * 10, "total": 60.0}},
}
OLD_LUMBAR = {"history": {"back_nrs_now": 5, "leg_nrs_now": 7}, "questionnaires": {"odi": {"total": 40.0}}}
DRAFT_SLIP = {"history": {"region": "cervical", "neck_nrs_now": "six"}}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
        db = open_database(PG_URL)
        db.execute_sql("DROP SCHEMA public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
        db.close()
        return PG_URL
    return f"sqlite:///{tmp_path / 'v10.sqlite3'}"


def test_schema_11_fills_the_neck_columns_from_each_consults_document(empty_url):
    db = open_database(empty_url)
    migrate(db, backup_dir=None, target=10)
    p = db.param
    db.execute_sql(
        "INSERT INTO patient (mrn, family_name, given_names, date_of_birth, sex, phone, preferred_language,"
        " family_key, given_key, name_words, created_at, updated_at, row_version)"
        f" VALUES ({p}, {p}, {p}, {p}, {p}, '', '', {p}, {p}, {p}, {p}, {p}, 1)",
        ("M-1", "Díaz", "Lucía", "1969-10-22", "F", "diaz", "lucia", "diaz lucia", *["2026-01-01 00:00:00"] * 2),
    )
    patient_id = db.execute_sql("SELECT id FROM patient").fetchone()[0]
    for day, document in (("2026-01-05", OLD_LUMBAR), ("2026-03-02", NECK), ("2026-04-01", DRAFT_SLIP)):
        db.execute_sql(
            f"INSERT INTO consult (patient_id, consult_date, status, reason, created_at, updated_at, row_version,"
            f" document, document_version, back_nrs) VALUES ({p}, {p}, 'signed', '', {p}, {p}, 1, {p}, 1, {p})",
            (patient_id, day, "2026-01-01 00:00:00", "2026-01-01 00:00:00", json.dumps(document), 5),
        )
    migrate(db, backup_dir=None)
    assert current_version(db) >= 11
    oldest, neck, slip = sorted(consults.list_consults(patient_id), key=lambda c: c.consult_date)
    assert (oldest.region, oldest.neck_nrs, oldest.arm_nrs, oldest.ndi_percent) == ("", None, None, None)
    assert (neck.region, neck.neck_nrs, neck.arm_nrs, neck.ndi_percent) == ("cervical", 6, 7, 60.0)
    assert (slip.region, slip.neck_nrs) == ("cervical", None)  # a typing slip in a draft is not a score
    db.close()
