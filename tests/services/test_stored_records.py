"""A stored plan or consult that cannot be read completely is never printed short: the print stops and says
where the problem is, and the log names the path (never a value)."""

from __future__ import annotations

import logging

import pytest

from fbss_desktop.core.errors import StoredRecordError
from fbss_desktop.services import printing
from fbss_desktop.storage.models import Plan
from tests.documents.test_plan_pdf import ITEMS, saved_plan


def test_a_plan_item_the_reader_refuses_stops_the_print_instead_of_vanishing_from_it(clinic, caplog):
    draft = saved_plan(clinic, items=ITEMS)
    row = Plan.get_by_id(draft.plan_id)
    document = dict(row.document)
    document["items"][0]["treatment"] = "SECRET_GONE_CODE"
    Plan.update(document=document).where(Plan.id == row.id).execute()

    with caplog.at_level(logging.WARNING), pytest.raises(StoredRecordError) as caught:
        printing.plan_print(clinic, draft.consult_id)
    assert "plan.items[0].treatment" in str(caught.value) and "correct it and save" in str(caught.value)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "plan.items[0].treatment" in logged and "SECRET_GONE_CODE" not in logged

    versions = clinic.plans.versions(draft.patient.id)  # the history view still opens, and logs the problem
    assert versions
