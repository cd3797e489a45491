"""What a restored database is checked for before it replaces anything: the engine's own integrity check,
foreign keys that point at rows, and the rows each table holds; and a spread of patients to read back."""

from __future__ import annotations

from peewee import DatabaseError, fn

from fbss_desktop.storage.db import database, is_postgres
from fbss_desktop.storage.models import ALL_MODELS, Patient


def integrity_problems() -> list[str]:
    """SQLite's integrity and foreign key checks ([] when both pass). PostgreSQL checks its pages as it reads
    them (every row is read by the counts and the sample), so nothing more is asked of it here."""
    db = database.obj
    if is_postgres(db):
        return []
    try:
        problems = [str(row[0]) for row in db.execute_sql("PRAGMA integrity_check").fetchall() if row[0] != "ok"]
        broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    except DatabaseError as exc:  # damaged past what the check itself can read
        return [f"the database file is damaged ({exc})"]
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        problems.append(f"{len(broken)} rows point at rows that are missing (in {', '.join(tables)})")
    return problems


def row_counts() -> dict[str, int]:
    """Rows per table, by table name."""
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS}


def sample_mrns(size: int) -> list[str]:
    """About `size` patients spread evenly over the ids, the first and the last among them (each found by its
    index, so a million patients cost no more than a thousand)."""
    low = Patient.select(fn.MIN(Patient.id)).scalar()
    high = Patient.select(fn.MAX(Patient.id)).scalar()
    if low is None or high is None:
        return []
    step = max(1, (high - low) // max(1, size - 1))
    found: dict[int, str] = {}
    for start in [*range(low, high, step), high]:
        row = Patient.select(Patient.id, Patient.mrn).where(Patient.id >= start).order_by(Patient.id).first()
        if row is not None:
            found[row.id] = row.mrn
    return list(found.values())
