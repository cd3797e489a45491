"""Reading the plan document strictly: a key nobody reads is refused at its path, never dropped."""

from __future__ import annotations

from fbss_desktop.core.plan_document import dump_plan, read_plan
from fbss_desktop.services.planning import plan_context


def test_a_plan_field_nobody_reads_is_refused_at_its_path():
    document = {"items": [{"key": "i1", "treatment": "PHYSICAL_THERAPY", "phase": 1, "detials": {}}], "folow_up": 6}
    _, problems = read_plan(document, plan_context())
    assert "plan.items[0].detials" in problems and "plan.folow_up" in problems


def test_a_dumped_plan_reads_back_without_problems():
    document = {
        "items": [{"key": "i1", "treatment": "PHYSICAL_THERAPY", "phase": 1, "details": {"weeks": 8}}],
        "follow_up_weeks": 6,
    }
    plan, problems = read_plan(document, plan_context())
    assert problems == {}
    again, problems = read_plan(dump_plan(plan), plan_context())
    assert problems == {} and again == plan


def test_a_plan_from_a_newer_version_is_refused():
    _, problems = read_plan({"plan_version": 99}, plan_context())
    assert "newer FBSS Desktop" in problems["plan.plan_version"]


def test_a_retired_treatment_is_still_read_from_a_stored_plan_but_no_longer_offered():
    import json

    from fbss_desktop.core.plan_document import PlanContext
    from fbss_desktop.core.treatments import TreatmentCatalogue
    from fbss_desktop.paths import resource
    from fbss_desktop.services import catalogues

    data = json.loads(resource("clinical", "treatments.json").read_text("utf-8"))
    next(t for t in data["treatments"] if t["code"] == "TRIGGER_POINT_INJECTION")["retired"] = True
    catalogue = TreatmentCatalogue.from_dict(data)
    stored = {"items": [{"key": "i1", "treatment": "TRIGGER_POINT_INJECTION", "phase": 1, "details": {}}]}
    plan, problems = read_plan(stored, PlanContext(catalogue, catalogues.medication_list()))
    assert problems == {} and [i.treatment for i in plan.items] == ["TRIGGER_POINT_INJECTION"]
    assert catalogue["TRIGGER_POINT_INJECTION"].retired
    assert "TRIGGER_POINT_INJECTION" not in {t.code for t in catalogue.current}
    assert "TRIGGER_POINT_INJECTION" not in {t.code for t in catalogue.search("trigger")}


def test_a_saved_plan_records_the_catalogue_version_it_was_written_with():
    context = plan_context()
    plan, _ = read_plan({"items": []}, context)
    document = dump_plan(plan, context.written_with)
    assert document["written_with"] == {
        "catalogue": context.catalogue.version,
        "medications": context.medications.version,
    }
    again, problems = read_plan(document, context)
    assert problems == {} and again == plan
