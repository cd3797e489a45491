"""A plan item's details and a patient's medicines in plain words, from the catalogue's patient wording.

The catalogue says which details a treatment prints and in what order (`Treatment.patient_details`), how a
choice reads (`choice_words`) and how a number reads for its count (`detail_words`): "once a day", "an
injection near the nerve root at the L3-L4 level on the right". A detail with no patient wording is not
printed, so no code or clinician's label reaches the patient's copy.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

from fbss_desktop.core.medications import Medication, MedicationList
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.core.treatments import Treatment, TreatmentCatalogue

RULE_ID = re.compile(r"\s*\(R\d+[A-Z]?\)")  # "(R49)": how a decision-support suggestion used to sign its reason
_SUGGESTED = re.compile(r"^.*\((R\d+[A-Z]?)\)\s*$")


def counted(catalogue: TreatmentCatalogue, key: str, value: Any, **extra: str) -> str:
    """A number in words by its detail key ("once a day", "for 8 weeks"), or "" when the key has no wording."""
    forms = catalogue.detail_words.get(key)
    if not forms or not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    n = f"{value:g}"
    return forms.get(n, forms.get("n", "")).format(n=n, **extra).strip()


def _levels(catalogue: TreatmentCatalogue, levels: Any) -> str:
    if not isinstance(levels, list | tuple) or not levels:
        return ""
    forms = catalogue.detail_words.get("levels", {})
    joined = " and ".join(str(level) for level in levels)
    return forms.get(str(len(levels)), forms.get("n", "")).format(levels=joined).strip()


def _choice(catalogue: TreatmentCatalogue, treatment: Treatment, key: str, value: Any) -> str:
    spec = treatment.detail(key)
    if spec is None or not spec.choices:
        return ""
    words = catalogue.choice_words.get(spec.choices, {})
    values = value if isinstance(value, list | tuple) else [value]
    said = list(dict.fromkeys(words[str(v)] for v in values if str(v) in words))
    return ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1] if said else ""


def _word(item: PlanItem, treatment: Treatment, catalogue: TreatmentCatalogue, drugs: MedicationList, key: str) -> str:
    value = item.details.get(key)
    if value is None or value == "" or value == []:
        return ""
    spec = treatment.detail(key)
    if key == "levels":
        return _levels(catalogue, value)
    if spec is not None and spec.kind == "drug":
        drug = drugs.drug(str(value))
        return drug.label if drug else ""
    if key == "dose":
        drug = drugs.drug(treatment.drug_of(item.details))
        return counted(catalogue, key, value, unit=drug.unit if drug else (spec.unit if spec else ""))
    if spec is not None and spec.kind == "text":
        text = str(value).strip()
        form = catalogue.detail_words.get(key, {}).get("text")  # a lead-in ("How to start: …"), if any
        return form.format(text=text.rstrip(".")) if form else text
    if spec is not None and spec.choices:
        return _choice(catalogue, treatment, key, value)
    return counted(catalogue, key, value)


def sentence(words: list[str]) -> str:
    text = " ".join(w for w in words if w).strip()
    if not text:
        return ""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def detail_text(
    item: PlanItem,
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
    skip: Collection[str] = (),
) -> str:
    """The item's details as the patient reads them, sentence by sentence; `skip` leaves keys out (the drug's
    name in the medicines table, which has its own column)."""
    treatment = catalogue[item.treatment]
    sentences: list[str] = []
    for keys in treatment.patient_details:
        words = []
        for alternatives in keys:
            for key in alternatives.split("|"):
                if key in skip:
                    break
                if said := _word(item, treatment, catalogue, drugs, key):
                    words.append(said)
                    break
        said = sentence(words)
        if said and sentences and sentences[-1].endswith(":"):  # a lead-in ends in a colon: what follows is its
            said = said[:1].lower() + said[1:]
        sentences.append(said)
    if sentences and sentences[-1].endswith(":"):  # a lead-in with nothing after it
        sentences[-1] = sentences[-1][:-1].rstrip() + "."
    return " ".join(s for s in sentences if s)


def taken(medication: Medication, catalogue: TreatmentCatalogue) -> str:
    """What the patient takes now, in words: "300 mg three times a day"."""
    parts = []
    if medication.dose is not None:
        parts.append(f"{medication.dose:g} {medication.unit}".strip())
    if medication.per_day is not None:
        parts.append(counted(catalogue, "per_day", medication.per_day))
    if medication.as_needed and (when := catalogue.patient_texts.get("AS_NEEDED")):
        parts.append(when)
    return " ".join(p for p in parts if p)


def patient_reason(reason: str, reasons: Mapping[str, str]) -> str:
    """Why a treatment was chosen, as the patient may read it. A reason a decision-support suggestion wrote
    (its title and rule id, as the editor stored it before suggestions had patient wording) becomes that
    rule's patient wording, or nothing; a rule id never prints."""
    suggested = _SUGGESTED.match(reason.strip())
    if suggested:
        return reasons.get(suggested[1], "")
    return RULE_ID.sub("", reason).strip()


def class_name(medication: Medication, catalogue: TreatmentCatalogue) -> str:
    """What a medicine the patient already takes is for, as its catalogue treatment names it for patients
    ("Nerve pain medicine"), or ""."""
    for treatment in catalogue.current:
        spec = treatment.detail("drug")
        if spec is None or treatment.medicine_change:
            continue
        if (medication.drug and medication.drug in spec.drugs) or (
            spec.drug_class and medication.has_class(spec.drug_class)
        ):
            return treatment.patient.name
    return ""
