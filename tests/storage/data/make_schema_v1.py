"""How schema_v1.sqlite3 was made: a database left by FBSS Desktop at schema version 1, with data.

Run once when schema 1 was current: python tests/storage/data/make_schema_v1.py. The file is committed so
the upgrade test opens a real old database rather than one rebuilt by today's code.
"""

from __future__ import annotations

from pathlib import Path

from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.migrations import migrate

TARGET = Path(__file__).with_name("schema_v1.sqlite3")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{TARGET}")
    migrate(db, backup_dir=None, target=1)
    sql = db.execute_sql
    sql("INSERT INTO clinic_setting (key, value, updated_at) VALUES ('clinic.name', '\"Old Clinic\"', '2026-01-01')")
    sql(
        "INSERT INTO clinician (full_name, credentials, specialty, active, created_at) "
        "VALUES ('Dr. Ada Vance', 'MD', 'Pain medicine', 1, '2026-01-01')"
    )
    patients = [
        ("P-100", "Núñez-Łukasiewicz", "Zoë", "1961-04-12", "F", "nunez lukasiewicz", "zoe", " nunez lukasiewicz zoe "),
        ("P-101", "Παπαδόπουλος", "Ιωάννης", "1955-09-30", "M", "παπαδοπουλοσ", "ιωαννησ", " παπαδοπουλοσ ιωαννησ "),
        ("P-102", "Smith-Jones", "Mary Anne", "1970-01-15", "X", "smith jones", "mary anne", " smith jones mary anne "),
    ]
    for p in patients:
        sql(
            "INSERT INTO patient (mrn, family_name, given_names, date_of_birth, sex, phone, preferred_language, "
            "family_key, given_key, name_words, created_at, updated_at, row_version) "
            "VALUES (?, ?, ?, ?, ?, '', '', ?, ?, ?, '2026-01-01', '2026-01-01', 1)",
            p,
        )
    sql(
        "INSERT INTO surgery (patient_id, performed_on, performed_precision, procedure, levels, fusion, "
        "instrumented, approach, surgeon, outcome_notes, created_at, updated_at, row_version) "
        "VALUES (1, '2018-03-01', 'month', 'TLIF', 'L4-L5,L5-S1', 1, 1, 'POSTERIOR_MIS', 'Dr. R. Okafor', "
        "'No relief at any time.', '2026-01-01', '2026-01-01', 1)"
    )
    sql(
        "INSERT INTO consult (patient_id, clinician_id, consult_date, status, reason, created_at, updated_at, "
        "row_version) VALUES (1, 1, '2026-02-01', 'signed', 'First visit', '2026-01-01', '2026-01-01', 1)"
    )
    sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(TARGET) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
