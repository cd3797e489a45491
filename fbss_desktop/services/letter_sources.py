"""What a letter is written from, read from the database: the consult and its plan, the patient's other
consults and plans, their procedure records, the recipient, and for a medical-necessity letter the payer
criteria checked against the case. The composing itself is core's (core/letter_writing.py), pure.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.conservative_care import ConservativeCare, gather, step_of
from fbss_desktop.core.errors import NotFoundError
from fbss_desktop.core.letter_writing import LetterSources, LetterWords, compose_letter
from fbss_desktop.core.letters import LetterDraft, LetterKind
from fbss_desktop.core.plan_document import empty_plan, read_plan
from fbss_desktop.core.plans import PlanStatus, StoredPlan, TreatmentPlan
from fbss_desktop.paths import resource
from fbss_desktop.services import catalogues, planning
from fbss_desktop.services.stored import stored_plan
from fbss_desktop.storage import consults as consult_store
from fbss_desktop.storage import contacts as contact_store
from fbss_desktop.storage import plans as plan_store

if TYPE_CHECKING:
    from fbss_desktop.rules.necessity import NecessityCriteria
    from fbss_desktop.services.clinic import Clinic


def words() -> LetterWords:
    return LetterWords(
        vocabulary=catalogues.vocabulary(),
        catalogue=catalogues.treatment_catalogue(),
        surgeries=catalogues.surgery_catalogue(),
        instruments=catalogues.instruments(),
        drugs=catalogues.medication_list(),
    )


@cache
def necessity_criteria() -> dict[LetterKind, NecessityCriteria]:
    """The payer criteria of each medical-necessity letter (resources/rules/necessity_criteria.json)."""
    from fbss_desktop.rules.necessity import load_criteria

    with resource("rules", "necessity_criteria.json").open(encoding="utf-8") as handle:
        data: Any = json.load(handle)
    return load_criteria(data, catalogues.reference_tables())


def _letter_plan(consult_id: int, kind: LetterKind) -> StoredPlan | None:
    """The plan a letter reads: for a consult letter the latest finalized version (the draft when none is);
    for a medical-necessity letter the latest version, which names the procedure asked for."""
    versions = plan_store.plans_of_consult(consult_id)
    if kind is LetterKind.CONSULT:
        finalized = [p for p in versions if p.status is PlanStatus.FINALIZED]
        if finalized:
            return max(finalized, key=lambda p: p.version)
    return max(versions, key=lambda p: p.version) if versions else None


def _signer(clinic: Clinic, clinician_id: int | None) -> str:
    """The signed-in clinician, or the consult's when the signed-in user is not one."""
    people = clinic.setup.clinicians(active_only=False)
    actor = clinic.actor
    mine = actor.user.clinician_id if actor is not None else None
    for wanted in (mine, clinician_id):
        name = next((c.display_name for c in people if wanted is not None and c.id == wanted), "")
        if name:
            return name
    return actor.user.display_name if actor is not None else ""


def compose(
    clinic: Clinic, patient_id: int, kind: LetterKind, consult_id: int | None, contact_id: int | None
) -> LetterDraft:
    """A new letter of `kind` about the consult (by default the patient's latest), addressed to the contact
    (by default, for a consult letter, the patient's referring surgeon)."""
    if consult_id is None:
        latest = consult_store.latest_consult(patient_id)
        if latest is None:
            raise NotFoundError("This patient has no consult yet: a letter is written from a consult.")
        consult_id = latest.id
    draft = clinic.consults.open(consult_id)
    if draft.patient.id != patient_id:
        raise NotFoundError("That consult is not this patient's.")
    basis = draft.basis
    record = planning.read(basis, draft.document).record
    stored = _letter_plan(consult_id, kind)
    plan_context = planning.plan_context()
    plan = stored_plan(stored.document, plan_context, strict=False) if stored is not None else None
    if contact_id is None and kind is LetterKind.CONSULT:
        contact_id = draft.patient.referrer_id
    recipient = contact_store.find_contact(contact_id)
    care = _care(basis, record, plan)
    criteria: tuple[Any, ...] = ()
    request, requested = "", None
    if kind.necessity:
        from fbss_desktop.rules.necessity import check_criteria, requested_item

        rules = necessity_criteria()[kind]
        empty = read_plan(empty_plan(catalogues.treatment_catalogue()), plan_context)[0]
        # judged as of the letter's day, so a trial or a block recorded since the consult counts
        as_of = replace(record, consult_date=max(record.consult_date, clinic.today()))
        case = planning.case_of(basis, as_of, plan or empty)
        criteria = check_criteria(rules, case, catalogues.reference_tables())
        request, requested = rules.request, requested_item(rules, case)
    sources = LetterSources(
        kind=kind,
        patient=draft.patient,
        record=record,
        plan=plan,
        surgeries=draft.surgeries,
        care=care,
        clinician=_signer(clinic, record.clinician_id),
        today=clinic.today(),
        recipient=recipient,
        earlier=tuple(o.record for o in basis.others),
        criteria=criteria,
        request=request,
        requested=requested,
    )
    document = compose_letter(sources, words())
    return LetterDraft(patient_id, consult_id, recipient.id if recipient else None, document)


def _care(basis: Any, record: Any, plan: TreatmentPlan | None) -> ConservativeCare:
    """The conservative care of every consult, plan and procedure record of the patient."""
    others = list(basis.others)
    records = [record, *(o.record for o in others)]
    plans = [(o.record.consult_date, o.plan) for o in others if o.plan is not None]
    if plan is not None:
        plans.append((record.consult_date, plan))
    catalogue = catalogues.treatment_catalogue()
    recorded = [step_of(p, catalogue) for p in basis.procedures]
    return gather(records, plans, catalogue, catalogues.medication_list(), recorded=recorded)
