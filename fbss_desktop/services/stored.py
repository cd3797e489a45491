"""Reading stored consults and plans: a problem found is logged (paths only, never values) and either shown
to the user (`strict`) or kept visible in the log, never silently dropped with `[0]`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fbss_desktop.core.consult_document import ConsultContext, read_consult
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.errors import StoredRecordError
from fbss_desktop.core.plan_document import PlanContext, read_plan
from fbss_desktop.core.plans import TreatmentPlan

log = logging.getLogger(__name__)


def _report(what: str, problems: dict[str, str], strict: bool) -> None:
    if not problems:
        return
    log.warning("stored %s read with %d problem(s) at: %s", what, len(problems), ", ".join(sorted(problems)))
    if strict:
        raise StoredRecordError(what, problems)


def stored_consult(
    document: Mapping[str, Any], *, patient_id: int, context: ConsultContext, strict: bool
) -> ConsultRecord:
    """The stored consult; with `strict`, a problem stops the caller with a StoredRecordError (printing);
    without, it is logged and the record read as far as it goes (the rules' view of earlier visits)."""
    record, problems = read_consult(document, patient_id=patient_id, context=context)
    _report("consult", problems, strict)
    return record


def stored_plan(document: Mapping[str, Any], context: PlanContext, *, strict: bool) -> TreatmentPlan:
    plan, problems = read_plan(document, context)
    _report("plan", problems, strict)
    return plan
