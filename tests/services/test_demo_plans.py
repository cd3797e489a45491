"""Demo patients come with plans: drafts and finalized ones, each finalized plan with its blocks acknowledged."""

from __future__ import annotations

from fbss_desktop.core.plan_document import read_plan
from fbss_desktop.services import printing
from fbss_desktop.services.planning import plan_context


def test_demo_consults_have_draft_and_finalized_plans_that_pass_their_own_checks(clinic):
    clinic.demo.load(30)
    statuses = set()
    finalized_with_acknowledgements = 0
    for patient_id in range(1, 31):
        record = clinic.patients.open(patient_id)
        for position, summary in enumerate(record.consults):  # newest first
            draft = clinic.consults.open(summary.id)
            plan_document = draft.document["plan"]
            plan, problems = read_plan(plan_document, plan_context())
            assert problems == {}
            if draft.plan_id is None:
                continue
            statuses.add(plan.status.value)
            assert plan.items and plan.goals and plan.follow_up_weeks
            if position > 0:  # an earlier visit: finalized, its treatments carried out
                assert plan.status.value == "finalized"
                assert all(i.status.value in ("done", "stopped") for i in plan.items)
            if plan.status.value == "finalized":
                assert summary.status.value == "signed", "a plan is finalized on a signed consult only"
                reprint = printing.plan_print(clinic, summary.id, draft.plan_id)
                assert reprint.phases and all(p.steps for p in reprint.phases), "the reprint shows what was planned"
                assert len([s for p in reprint.phases for s in p.steps]) == len(plan.items)
                evaluation = clinic.consults.evaluate_document(draft.basis, draft.document)
                assert evaluation.unacknowledged_blocks == (), [f.rule for f in evaluation.unacknowledged_blocks]
                assert plan.finalized_by and plan.finalized_at
                finalized_with_acknowledgements += bool(plan.acknowledgements)
    assert statuses == {"draft", "finalized"}
    assert finalized_with_acknowledgements >= 1
