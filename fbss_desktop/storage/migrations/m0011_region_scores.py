"""Schema 11: what the outcome trend reads of a cervical consult. The consult's region and its neck pain, arm
pain and NDI get columns beside the back pain, leg pain and ODI ones, filled for the consults already stored
from their documents (the history's `region`, `neck_nrs_now` and `arm_nrs_now`, and the NDI total the
document was saved with). A document written before regions has none of them and keeps empty columns: it
reads as the lumbar consult it was written as."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from peewee import CharField, Database, FloatField, IntegerField
from playhouse.migrate import SchemaMigrator, migrate

VERSION = 11
NAME = "region_scores"
_BATCH = 500


def _number(value: Any, kind: type) -> Any:
    """A stored number as the column holds it; anything else (a typing slip kept in a draft) as NULL."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return kind(value)


def columns_of(document: Mapping[str, Any]) -> tuple[str, int | None, int | None, float | None]:
    """(region, neck NRS, arm NRS, NDI %) as a saved consult document holds them."""
    history = document.get("history") or {}
    region = history.get("region") if isinstance(history.get("region"), str) else ""
    ndi = (document.get("questionnaires") or {}).get("ndi") or {}
    total = ndi.get("total") if isinstance(ndi, Mapping) else None
    return (
        str(region)[:10],
        _number(history.get("neck_nrs_now"), int),
        _number(history.get("arm_nrs_now"), int),
        _number(total, float),
    )


def _backfill(db: Database) -> None:
    """Fill the new columns from each consult's document, a batch of rows at a time (the same SQL on both
    backends; the document is JSON text on both)."""
    last = 0
    while True:
        rows = db.execute_sql(
            f"SELECT id, document FROM consult WHERE id > {db.param} ORDER BY id LIMIT {_BATCH}", (last,)
        ).fetchall()
        if not rows:
            return
        for consult_id, text in rows:
            last = consult_id
            try:
                document = json.loads(text) if text else {}
            except ValueError:
                continue  # an unreadable document keeps empty columns, as a document without scores does
            if not isinstance(document, Mapping):
                continue
            region, neck, arm, ndi = columns_of(document)
            if region or neck is not None or arm is not None or ndi is not None:
                p = db.param
                db.execute_sql(
                    f"UPDATE consult SET region = {p}, neck_nrs = {p}, arm_nrs = {p}, ndi_percent = {p} WHERE id = {p}",
                    (region, neck, arm, ndi, consult_id),
                )


def apply(db: Database) -> None:
    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.add_column("consult", "region", CharField(max_length=10, null=True)),
        migrator.add_column("consult", "neck_nrs", IntegerField(null=True)),
        migrator.add_column("consult", "arm_nrs", IntegerField(null=True)),
        migrator.add_column("consult", "ndi_percent", FloatField(null=True)),
    )
    _backfill(db)
