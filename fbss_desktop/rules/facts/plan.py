"""Facts about the plan (treatments, imaging, referrals, steroid injections and procedures planned) and about
one plan item (its details, phase, bleeding-risk class, steroid, what is planned before it, the hold plan)."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, _item, _lower_first, fact


@fact("planned", "{arg} in the plan", arg="treatment")
def _planned(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.plan.active_items(arg))


@fact("planned_study", "{arg} in the plan", arg="study_type")
def _planned_study(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(i.detail("study") == arg for i in f.plan.active_items("IMAGING"))


@fact("planned_referral", "referral to {arg} in the plan", arg="detail")
def _planned_referral(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(i.detail("to") == arg for i in f.plan.active_items("REFERRAL"))


@fact("planned_steroid_injection", "a steroid injection in the plan")
def _planned_steroid(f: Facts, arg: str, item: PlanItem | None) -> bool:
    steroid_treatments = f.tables.catalogue.steroid_treatments
    return any(i.detail("steroid") != "none" for i in f.plan.active_items(*steroid_treatments))


@fact("planned_procedure", "an injection, nerve procedure or stimulator in the plan")
def _planned_procedure(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(f.tables.catalogue[i.treatment].is_procedure for i in f.plan.active_items())


@fact("planned_neuraxial", "a procedure in the spinal canal in the plan")
def _planned_neuraxial(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(f.tables.catalogue[i.treatment].neuraxial for i in f.plan.active_items())


@fact("item.treatment", "planned treatment", item=True)
def _treatment(f: Facts, arg: str, item: PlanItem | None) -> str:
    """The item's treatment as the clinician reads it ("Radiofrequency ablation"), to name it in a message."""
    return _lower_first(str(f.catalogue_item(_item(item)).label))


@fact("item.uses_allergen", "this treatment may use {arg}", arg="allergen", item=True)
def _uses_allergen(f: Facts, arg: str, item: PlanItem | None) -> bool:
    """Whether the item may use the allergen, from procedure_allergens.json: the table the patient's copy reads."""
    table = f.tables.allergens
    return table is not None and arg in table.used_by(_item(item))


@fact("item.detail", "{arg}", arg="detail", item=True)
def _detail(f: Facts, arg: str, item: PlanItem | None) -> Any:
    return _item(item).detail(arg)


@fact("item.phase", "phase of this item", item=True)
def _phase(f: Facts, arg: str, item: PlanItem | None) -> int:
    return _item(item).phase


@fact("item.bleeding_class", "bleeding-risk class of the procedure", item=True)
def _bleeding_class(f: Facts, arg: str, item: PlanItem | None) -> str | None:
    item = _item(item)
    edition = f.case.settings.get("rules.asra_edition", "asra2018")
    return f.catalogue_item(item).bleeding_class(edition, str(item.detail("region") or "")) or None


@fact("item.neuraxial", "procedure in the spinal canal", item=True)
def _neuraxial(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.catalogue_item(_item(item)).neuraxial)


@fact("item.steroid_particulate", "particulate steroid", item=True)
def _particulate(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    code = _item(item).detail("steroid")
    steroid = f.tables.catalogue.steroid(code) if code else None
    return steroid.particulate if steroid else None


@fact("item.uses_steroid", "steroid in this injection", item=True)
def _uses_steroid(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    code = _item(item).detail("steroid")
    return None if code is None else code != "none"


@fact("item.planned_before", "{arg} planned before this item", arg="treatment", item=True)
def _planned_before(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.items_before(_item(item), arg))


@fact("item.hold_recorded", "a hold plan agreed with the prescriber", item=True)
def _hold_recorded(f: Facts, arg: str, item: PlanItem | None) -> bool:
    item = _item(item)
    return bool(item.detail("antithrombotic_hold")) and item.detail("prescriber_agreed") == "yes"
