"""Who a consult's signature, a plan's finalizing and an acknowledgement belong to, once the clinic has users:
the signed-in user, never a name picked from a list. Signing and finalizing ask for the password again (an
electronic signature), and an acknowledgement's reason must say something."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultStatus, StoredConsult
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.plans import StoredPlan
from fbss_desktop.core.users import Actor, reason_problem
from fbss_desktop.services import planning
from fbss_desktop.services.stored import stored_plan as read_stored_plan
from fbss_desktop.storage import clinicians

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


def acknowledged(stored: StoredPlan | None) -> frozenset[str]:
    """The findings the stored plan already acknowledges (a save's new acknowledgements are the others)."""
    if stored is None:
        return frozenset()
    plan = read_stored_plan(stored.document, planning.plan_context(), strict=False)
    return frozenset(a.finding_key for a in plan.acknowledgements)


def attribute(
    clinic: Clinic,
    actor: Actor,
    record: ConsultRecord,
    reading: ConsultReading,
    before: StoredConsult | None,
    known: frozenset[str],
    finalize_by: str,
    signature: str,
) -> tuple[ConsultRecord, ConsultReading, str]:
    """The record, reading and finalizer as the signed-in user makes them; ValidationError (by path) when the
    signature or a reason does not hold."""
    user = actor.user
    # The name printed on the plan and its acknowledgements: the linked clinician's, as printed (with credentials).
    linked = next((c for c in clinicians.list_clinicians(active_only=False) if c.id == user.clinician_id), None)
    name = linked.display_name if linked is not None else user.display_name
    errors: dict[str, str] = {}
    if record.clinician_id is None and user.clinician_id is not None:
        record = replace(record, clinician_id=user.clinician_id)  # a specialist's consult is theirs
    signing = record.status is ConsultStatus.SIGNED and (before is None or before.status is not ConsultStatus.SIGNED)
    if signing and record.clinician_id != user.clinician_id:
        errors["clinician_id"] = (
            f"Only the consult's clinician signs it; you are signed in as {user.display_name}. Choose yourself as "
            "the clinician, or ask them to sign."
        )
    if (signing or finalize_by) and not clinic.accounts.signature_holds(actor, signature):
        errors["signature"] = "That is not your password: nothing was signed or finalized. Type your password again."
        clinic.audit.record(actor, AuditAction.REFUSED, outcome="refused", detail="signature")
    plan = reading.plan
    if plan is not None:
        acknowledgements = []
        for ack in plan.acknowledgements:
            if ack.finding_key not in known:
                problem = reason_problem(ack.reason)
                if problem:
                    errors["plan.acknowledgements"] = f"{ack.rule}: {problem}"
                ack = replace(ack, clinician=name, clinician_id=user.clinician_id)
            acknowledgements.append(ack)
        reading = replace(reading, plan=replace(plan, acknowledgements=tuple(acknowledgements)))
    if errors:
        raise ValidationError(errors)
    return record, reading, name if finalize_by else ""
