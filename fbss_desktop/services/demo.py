"""Realistic fictional patients with surgical histories and consults, for demos and benchmarks.

Pure generation (no database): `generate` yields plain records that storage inserts in bulk.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from fbss_desktop.core.dates import PartialDate, Precision
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.paths import resource
from fbss_desktop.services import demo_cervical
from fbss_desktop.services.demo_consults import case_profile, consult_document
from fbss_desktop.services.demo_plans import plan_document


@dataclass(frozen=True)
class DemoConsult:
    """A consult of a demo case; the clinician is an index into people.json's clinicians."""

    consult_date: dt.date
    clinician_index: int
    reason: str
    document: dict[str, Any] = field(default_factory=dict)
    signed: bool = True
    plan: dict[str, Any] | None = None
    finalize_plan: bool = False


@dataclass(frozen=True)
class DemoCase:
    patient: Patient
    surgeries: list[Surgery] = field(default_factory=list)  # patient_id 0 until stored
    consults: list[DemoConsult] = field(default_factory=list)


def load_people() -> dict[str, Any]:
    with resource("demo", "people.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


# Common surgical stories after which pain persists: (procedure, levels, fusion, hardware, approach) steps.
_LUMBAR_DISC = ("L4-L5", "L5-S1", "L3-L4")
Step = tuple[str, tuple[str, ...], bool, bool, str]


def _history(rng: random.Random) -> list[Step]:
    level = rng.choice(_LUMBAR_DISC)
    story = rng.random()
    steps: list[Step]
    if story < 0.35:  # discectomy, sometimes a recurrence and a second discectomy
        steps = [("DISCECTOMY", (level,), False, False, rng.choice(["POSTERIOR_OPEN", "POSTERIOR_MIS"]))]
        if rng.random() < 0.4:
            steps.append(("DISCECTOMY", (level,), False, False, "POSTERIOR_OPEN"))
        return steps
    if story < 0.55:  # laminectomy for stenosis, later fused for instability
        upper = {"L4-L5": "L3-L4", "L5-S1": "L4-L5", "L3-L4": "L2-L3"}[level]
        steps = [("LAMINECTOMY", (upper, level), False, False, "POSTERIOR_OPEN")]
        if rng.random() < 0.5:
            steps.append(("PLF", (upper, level), True, True, "POSTERIOR_OPEN"))
        return steps
    if story < 0.85:  # interbody fusion, sometimes extended for adjacent-segment disease
        procedure = rng.choice(["TLIF", "TLIF", "PLIF", "ALIF", "LLIF"])
        approach = {"TLIF": "POSTERIOR_MIS", "PLIF": "POSTERIOR_OPEN", "ALIF": "ANTERIOR", "LLIF": "LATERAL"}
        steps = [(procedure, (level,), True, True, approach[procedure])]
        if rng.random() < 0.35:
            upper = {"L4-L5": "L3-L4", "L5-S1": "L4-L5", "L3-L4": "L2-L3"}[level]
            steps.append(("REVISION_FUSION", (upper, level), True, True, "POSTERIOR_OPEN"))
        return steps
    if story < 0.95:  # foraminotomy or laminotomy
        return [(rng.choice(["FORAMINOTOMY", "LAMINOTOMY"]), (level,), False, False, "POSTERIOR_MIS")]
    return [("DISC_REPLACEMENT", (level,), False, True, "ANTERIOR")]


def _pick_culture(rng: random.Random, cultures: list[dict[str, Any]]) -> dict[str, Any]:
    return rng.choices(cultures, weights=[c["weight"] for c in cultures])[0]


def generate(count: int, *, seed: int = 2026, today: dt.date, first_number: int = 1) -> Iterator[DemoCase]:
    """`count` demo cases, the same for the same seed: MRNs D000001 onwards (from `first_number`)."""
    people = load_people()
    cultures = people["cultures"]
    rng = random.Random(seed)
    for number in range(first_number, first_number + count):
        culture = _pick_culture(rng, cultures)
        sex = rng.choices([Sex.FEMALE, Sex.MALE, Sex.OTHER], weights=[50, 49, 1])[0]
        given_pool = culture["female"] if sex is Sex.FEMALE else culture["male"]
        if sex is Sex.OTHER:
            given_pool = culture["female"] + culture["male"]
        born = today - dt.timedelta(days=rng.randint(28 * 365, 84 * 365))
        patient = Patient(
            mrn=f"D{number:06d}",
            family_name=rng.choice(culture["family"]),
            given_names=rng.choice(given_pool),
            date_of_birth=born,
            sex=sex,
            phone=f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}",
            preferred_language=culture["language"],
        )
        surgeries: list[Surgery] = []
        when = born + dt.timedelta(days=rng.randint(25 * 365, max(25 * 365 + 1, (today - born).days - 400)))
        for procedure, levels, fusion, hardware, approach in _history(rng):
            if when >= today - dt.timedelta(days=90):
                break
            precision = rng.choices([Precision.DAY, Precision.MONTH, Precision.YEAR], weights=[70, 20, 10])[0]
            performed = {
                Precision.DAY: PartialDate(when, Precision.DAY),
                Precision.MONTH: PartialDate(when.replace(day=1), Precision.MONTH),
                Precision.YEAR: PartialDate(when.replace(month=1, day=1), Precision.YEAR),
            }[precision]
            surgeries.append(
                Surgery(
                    patient_id=0,
                    performed=performed,
                    procedure=procedure,
                    levels=levels,
                    fusion=fusion,
                    instrumented=hardware,
                    approach=approach,
                    surgeon=rng.choice(people["surgeons"]),
                    outcome_notes=rng.choice(people["outcome_notes"]),
                )
            )
            when = when + dt.timedelta(days=rng.randint(180, 6 * 365))
        # The latest consult is recent (the patient is in care now); earlier ones step back 6-20 weeks.
        last_surgery = surgeries[-1].performed.latest if surgeries else today - dt.timedelta(days=400)
        visits = [today - dt.timedelta(days=rng.randint(3, 240))]
        for _ in range(rng.randint(0, 2)):
            visits.append(visits[-1] - dt.timedelta(days=rng.randint(42, 140)))
        visits = [v for v in reversed(visits) if v > last_surgery + dt.timedelta(days=60)]
        consults = [
            DemoConsult(
                consult_date=visit,
                clinician_index=rng.randrange(len(people["clinicians"])),
                reason=people["consult_reasons"][0 if i == 0 else rng.randrange(1, len(people["consult_reasons"]))],
            )
            for i, visit in enumerate(visits)
        ]
        neck = demo_cervical.is_cervical(number)
        if neck:  # drawn after the main stream's draws, from its own, so later patients stay as they were
            surgeries = demo_cervical.surgeries(surgeries, random.Random(seed * 7_919 + number))
        if surgeries and consults:
            # A separate stream per case, so richer consults never change the names and histories above.
            case_rng = random.Random(seed * 1_000_003 + number)
            profile = case_profile(patient, surgeries, case_rng, today)
            profile = demo_cervical.profile(profile) if neck else profile
            planned = []
            for i, c in enumerate(consults):
                last = i == len(consults) - 1
                write = demo_cervical.document if neck else consult_document
                document = write(patient, surgeries, profile, visit=i, visit_date=c.consult_date, rng=case_rng)
                signed = not last or case_rng.random() < 0.8
                if neck:
                    plan, final = demo_cervical.plan(surgeries, visit=i, last=last, rng=case_rng)
                else:
                    plan, final = plan_document(document, profile["phenotype"], visit=i, last=last, rng=case_rng)
                final = final and signed  # a plan is finalized on a signed consult, never on a draft
                planned.append(replace(c, document=document, signed=signed, plan=plan, finalize_plan=final))
            consults = planned
        yield DemoCase(patient=patient, surgeries=surgeries, consults=consults)
