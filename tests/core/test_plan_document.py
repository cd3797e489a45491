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
