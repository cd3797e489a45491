"""The patient's instructions before one planned procedure, as the clinician settled them: the date, time and
place, eating and drinking, getting home, each blood thinner's last dose and restart (from core.procedure_holds,
changed by the clinician only with a reason) with the prescriber's agreement, and whether the diabetes and
X-ray dye instructions apply.

Stored as a small document (services.instructions keeps it beside the plan) and printed from it alone, so a
reprint says what the first print said whatever the tables say later. core.instruction_sheet words it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.procedure_holds import BLEEDING_CLASSES, HoldKind, HoldPlan
from fbss_desktop.core.users import REASON_MIN_LENGTH

KIND = "procedure_instructions"  # what the stored document is
DOCUMENT_VERSION = 1


@dataclass(frozen=True)
class ThinnerPlan:
    """One blood thinner the patient takes: what the sheet tells them about it, and who agreed."""

    name: str
    drug: str = ""  # the drug list's code ("" for a medicine typed freely)
    dose: str = ""  # for a drug whose hold depends on it (enoxaparin: prophylactic or therapeutic)
    kind: HoldKind = HoldKind.ASK
    last_dose_day: dt.date | None = None
    last_dose_by: dt.datetime | None = None
    restart_from: dt.datetime | None = None
    restart_until: dt.datetime | None = None
    check: str = ""
    unconfirmed: bool = False
    needs_dose: bool = False
    agreed: bool = False  # the prescriber agreed to this plan
    agreed_by: str = ""
    agreed_on: dt.date | None = None
    changed_reason: str = ""  # why the clinician changed the table's dates ("" when they did not)

    def with_hold(self, hold: HoldPlan) -> ThinnerPlan:
        """This drug with the dates the table gives (what the clinician starts from)."""
        return replace(
            self,
            kind=hold.kind,
            last_dose_day=hold.last_dose_day,
            last_dose_by=hold.last_dose_by,
            restart_from=hold.restart_from,
            restart_until=hold.restart_until,
            check=hold.check,
            unconfirmed=hold.unconfirmed,
            needs_dose=hold.needs_dose,
        )

    def dates(self) -> tuple[Any, ...]:
        return (self.last_dose_day, self.last_dose_by, self.restart_from, self.restart_until)

    @property
    def decide_by(self) -> dt.date | None:
        if self.last_dose_day is not None:
            return self.last_dose_day
        return self.last_dose_by.date() if self.last_dose_by is not None else None


@dataclass(frozen=True)
class ProcedureInstructions:
    plan_id: int
    item: str  # the plan item's key
    treatment: str
    procedure_name: str  # the patient's name for the procedure, as the catalogue said it
    procedure_at: dt.datetime
    arrive_at: dt.time
    place: str
    fasting: str = ""  # "" : the sheet's default wording (we will tell you)
    sedation: bool = False
    driver: bool = True
    bleeding_class: str = "intermediate"
    thinners: tuple[ThinnerPlan, ...] = ()
    diabetes: bool = False  # the diabetes instructions apply (diabetes and a steroid in this procedure)
    contrast_allergy: bool = False  # the X-ray dye instructions apply
    allergy_line: str = ""  # other allergies this procedure may meet, in the patient's words
    note: str = ""
    prepared_by: str = ""
    id: int | None = None
    row_version: int = 0
    printed_at: dt.datetime | None = None

    def to_document(self) -> dict[str, Any]:
        return {
            "kind": KIND,
            "version": DOCUMENT_VERSION,
            "plan_id": self.plan_id,
            "item": self.item,
            "treatment": self.treatment,
            "procedure_name": self.procedure_name,
            "procedure_at": self.procedure_at.isoformat(timespec="minutes"),
            "arrive_at": self.arrive_at.isoformat(timespec="minutes"),
            "place": self.place,
            "fasting": self.fasting,
            "sedation": self.sedation,
            "driver": self.driver,
            "bleeding_class": self.bleeding_class,
            "thinners": [_thinner_document(t) for t in self.thinners],
            "diabetes": self.diabetes,
            "contrast_allergy": self.contrast_allergy,
            "allergy_line": self.allergy_line,
            "note": self.note,
            "prepared_by": self.prepared_by,
        }

    @classmethod
    def from_document(
        cls, data: Mapping[str, Any], *, id: int | None = None, row_version: int = 0, printed_at: Any = None
    ) -> ProcedureInstructions:
        if data.get("kind") != KIND:
            raise ValueError("not a procedure instruction sheet")
        return cls(
            plan_id=int(data["plan_id"]),
            item=str(data["item"]),
            treatment=str(data["treatment"]),
            procedure_name=str(data["procedure_name"]),
            procedure_at=dt.datetime.fromisoformat(data["procedure_at"]),
            arrive_at=dt.time.fromisoformat(data["arrive_at"]),
            place=str(data["place"]),
            fasting=str(data.get("fasting", "")),
            sedation=bool(data.get("sedation")),
            driver=bool(data.get("driver", True)),
            bleeding_class=str(data["bleeding_class"]),
            thinners=tuple(_thinner(t) for t in data.get("thinners", ())),
            diabetes=bool(data.get("diabetes")),
            contrast_allergy=bool(data.get("contrast_allergy")),
            allergy_line=str(data.get("allergy_line", "")),
            note=str(data.get("note", "")),
            prepared_by=str(data.get("prepared_by", "")),
            id=id,
            row_version=row_version,
            printed_at=printed_at,
        )


def check(
    instructions: ProcedureInstructions, table_plans: Sequence[ThinnerPlan], *, today: dt.date | None = None
) -> None:
    """Refuse what the sheet must not say: no place, an arrival after the start, a blood-thinner plan that
    the table does not give (a stop date for a drug it has no number for), dates changed without a reason,
    a stop before the procedure that does not end before it, or an agreement with nobody named.
    `table_plans` are the same drugs with the table's dates, in the same order. With `today`, a procedure
    too soon for a hold (its last dose, or the day to call the prescriber by, already past) is refused: the
    sheet would tell the patient to do something they can no longer do."""
    errors: dict[str, str] = {}
    if not instructions.place.strip():
        errors["place"] = "Say where the patient goes (the procedure suite's address)."
    if instructions.arrive_at > instructions.procedure_at.time():
        errors["arrive_at"] = "The patient arrives before the procedure starts."
    if instructions.bleeding_class not in BLEEDING_CLASSES:
        errors["bleeding_class"] = "Choose the bleeding-risk class."
    start = instructions.procedure_at
    for n, (given, table) in enumerate(zip(instructions.thinners, table_plans, strict=True)):
        where = f"thinners.{n}"
        if given.kind is not table.kind:
            errors[f"{where}.kind"] = f"{given.name}: the table gives no hold to print; the sheet says to ask."
            continue
        if given.kind is not HoldKind.HOLD:
            continue
        if given.dates() != table.dates() and len(given.changed_reason.strip()) < REASON_MIN_LENGTH:
            errors[f"{where}.reason"] = f"{given.name}: say why the dates differ from the table's."
        last = given.last_dose_by or (
            dt.datetime.combine(given.last_dose_day, dt.time.max) if given.last_dose_day else None
        )
        if last is None or last >= start:
            errors[f"{where}.last_dose"] = f"{given.name}: the last dose comes before the procedure."
        if given.restart_from is not None and given.restart_from <= start:
            errors[f"{where}.restart"] = f"{given.name}: it starts again after the procedure."
        if given.restart_until is not None and given.restart_from is not None:
            if given.restart_until < given.restart_from:
                errors[f"{where}.restart"] = f"{given.name}: the restart range ends after it begins."
        decide_by = given.decide_by
        if today is not None and decide_by is not None and decide_by < today:
            errors[f"{where}.last_dose"] = (
                f"{given.name}: too soon for this hold: the last dose would have been on {decide_by.isoformat()}, "
                "before today. Choose a later procedure date, or agree other dates with the prescriber and say why."
            )
        if given.agreed and not given.agreed_by.strip():
            errors[f"{where}.agreed_by"] = f"{given.name}: name the prescriber who agreed."
        if given.agreed and given.agreed_on is None:
            errors[f"{where}.agreed_on"] = f"{given.name}: say when the prescriber agreed."
    if errors:
        raise ValidationError(errors)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="minutes") if isinstance(value, dt.datetime) else value.isoformat()


def _thinner_document(t: ThinnerPlan) -> dict[str, Any]:
    return {
        "name": t.name,
        "drug": t.drug,
        "dose": t.dose,
        "kind": t.kind.value,
        "last_dose_day": _iso(t.last_dose_day),
        "last_dose_by": _iso(t.last_dose_by),
        "restart_from": _iso(t.restart_from),
        "restart_until": _iso(t.restart_until),
        "check": t.check,
        "unconfirmed": t.unconfirmed,
        "needs_dose": t.needs_dose,
        "agreed": t.agreed,
        "agreed_by": t.agreed_by,
        "agreed_on": _iso(t.agreed_on),
        "changed_reason": t.changed_reason,
    }


def _thinner(data: Mapping[str, Any]) -> ThinnerPlan:
    def when(key: str) -> dt.datetime | None:
        return dt.datetime.fromisoformat(data[key]) if data.get(key) else None

    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(data[key]) if data.get(key) else None

    return ThinnerPlan(
        name=str(data["name"]),
        drug=str(data.get("drug", "")),
        dose=str(data.get("dose", "")),
        kind=HoldKind(data.get("kind", "ask")),
        last_dose_day=day("last_dose_day"),
        last_dose_by=when("last_dose_by"),
        restart_from=when("restart_from"),
        restart_until=when("restart_until"),
        check=str(data.get("check", "")),
        unconfirmed=bool(data.get("unconfirmed")),
        needs_dose=bool(data.get("needs_dose")),
        agreed=bool(data.get("agreed")),
        agreed_by=str(data.get("agreed_by", "")),
        agreed_on=day("agreed_on"),
        changed_reason=str(data.get("changed_reason", "")),
    )
