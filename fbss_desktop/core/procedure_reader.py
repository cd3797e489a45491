"""A procedure record's document: read by `read_procedure`, which refuses bad input with a message keyed by the
field's path (every problem at once), and written back by `procedure_document`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.procedures import (
    NOTE_MAX,
    SHORT_MAX,
    DiaryDay,
    Injectate,
    Procedure,
    ProcedureCatalogue,
    Response,
    weeks_since,
)
from fbss_desktop.core.spine import parse_levels


class _Reader:
    """Reads one document, collecting every problem by its field path before refusing."""

    def __init__(self, data: Mapping[str, Any], catalogue: ProcedureCatalogue) -> None:
        self.data = data
        self.catalogue = catalogue
        self.errors: dict[str, str] = {}

    def text(self, key: str, limit: int = SHORT_MAX, data: Mapping[str, Any] | None = None, path: str = "") -> str:
        value = (data if data is not None else self.data).get(key, "")
        value = "" if value is None else str(value).strip()
        if len(value) > limit:
            self.errors[path or key] = f"at most {limit} characters"
        return value

    def choice(self, key: str, list_name: str, data: Mapping[str, Any] | None = None, path: str = "") -> str:
        value = self.text(key, data=data, path=path)
        if value and value not in self.catalogue.codes(list_name):
            self.errors[path or key] = f"'{value}' is not one of the choices"
        return value

    def number(
        self, key: str, range_name: str, data: Mapping[str, Any] | None = None, path: str = "", whole: bool = False
    ) -> Any:
        value = (data if data is not None else self.data).get(key)
        if value is None or value == "":
            return None
        where = path or key
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.errors[where] = "must be a number"
            return None
        if whole and number != int(number):
            self.errors[where] = "must be a whole number"
            return None
        limits = self.catalogue.ranges[range_name]
        if not limits.low <= number <= limits.high:
            unit = f" {limits.unit}" if limits.unit else ""
            self.errors[where] = f"must be between {limits.low:g} and {limits.high:g}{unit}"
            return None
        return int(number) if whole else number

    def day(self, key: str, data: Mapping[str, Any] | None = None, path: str = "") -> dt.date | None:
        value = (data if data is not None else self.data).get(key)
        where = path or key
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            self.errors[where] = "a date is required (YYYY-MM-DD)" if not value else f"'{value}' is not a date"
            return None


def read_procedure(
    data: Mapping[str, Any], catalogue: ProcedureCatalogue, *, patient_id: int, today: dt.date | None = None
) -> Procedure:
    """The record in `data` (its stored document, or what the form gathered). Raises ValidationError naming
    every field that is wrong, all at once. With `today`, a record of a day still to come is refused (a
    procedure is recorded once it is done)."""
    r = _Reader(data, catalogue)
    kind = str(data.get("kind") or "")
    if kind not in catalogue.kinds:
        raise ValidationError({"kind": "choose which procedure was done"})
    spec = catalogue.kinds[kind]
    performed = r.day("performed_on")
    if performed is not None and today is not None and performed > today:
        r.errors["performed_on"] = "a procedure is recorded once it is done: not a future date"
    levels: tuple[str, ...] = ()
    raw_levels = data.get("levels") or ()
    try:
        levels = parse_levels(raw_levels if isinstance(raw_levels, str) else ",".join(raw_levels))
    except ValueError as exc:
        r.errors["levels"] = str(exc)
    approach = r.choice("approach", "approach")
    if approach and approach not in spec.approaches:
        r.errors["approach"] = "not an approach for this procedure"
    injectates = []
    for n, raw in enumerate(data.get("injectates") or ()):
        path = f"injectates[{n}]"
        drug = r.choice("drug", "injectate", raw, f"{path}.drug")
        if not drug:
            r.errors[f"{path}.drug"] = "choose what was injected"
        injectates.append(
            Injectate(
                drug,
                r.number("dose_mg", "dose_mg", raw, f"{path}.dose_mg"),
                r.number("volume_ml", "volume_ml", raw, f"{path}.volume_ml"),
            )
        )
    complications = tuple(str(c) for c in data.get("complications") or ())
    for code in complications:
        if code not in catalogue.codes("complication"):
            r.errors["complications"] = f"'{code}' is not one of the choices"
    responses = tuple(_response(r, raw, n) for n, raw in enumerate(data.get("responses") or ()))
    for n, response in enumerate(responses):
        if performed is None or response.recorded_on == dt.date.min:
            continue
        if response.recorded_on < performed:
            r.errors[f"responses[{n}].recorded_on"] = "is before the procedure"
        elapsed = weeks_since(performed, response.recorded_on)
        if response.lasted_weeks is not None and response.lasted_weeks > elapsed:
            r.errors[f"responses[{n}].lasted_weeks"] = (
                "the procedure was today: leave the weeks empty, or 0"
                if elapsed == 0
                else f"at most {elapsed} week{'s' if elapsed != 1 else ''}: the procedure was {elapsed} week"
                f"{'s' if elapsed != 1 else ''} ago or less"
            )
    diary = tuple(_diary_day(r, raw, n) for n, raw in enumerate(data.get("diary") or ()))
    contrast = r.choice("contrast", "contrast")
    allergy_checked = bool(data.get("allergy_checked"))
    if contrast and contrast != "none" and not allergy_checked:
        r.errors["allergy_checked"] = "confirm the contrast allergy check before recording contrast"
    procedure = Procedure(
        patient_id=patient_id,
        kind=kind,
        performed_on=performed or dt.date.min,
        operator=r.text("operator"),
        region=r.text("region"),
        levels=levels,
        side=r.text("side"),
        approach=approach,
        needle=r.text("needle"),
        contrast=contrast,
        contrast_ml=r.number("contrast_ml", "contrast_ml"),
        allergy_checked=allergy_checked,
        injectates=tuple(injectates),
        fluoroscopy_seconds=r.number("fluoroscopy_seconds", "fluoroscopy_seconds"),
        fluoroscopy_mgy=r.number("fluoroscopy_mgy", "fluoroscopy_mgy"),
        sedation=r.choice("sedation", "sedation"),
        muscles=r.text("muscles"),
        lesion_celsius=r.number("lesion_celsius", "lesion_celsius"),
        lesion_seconds=r.number("lesion_seconds", "lesion_seconds"),
        device=r.text("device"),
        complications=complications,
        nrs_before=r.number("nrs_before", "nrs", whole=True),
        nrs_after=r.number("nrs_after", "nrs", whole=True),
        diagnostic=spec.diagnostic or bool(data.get("diagnostic")),
        note=r.text("note", NOTE_MAX),
        responses=responses,
        diary=diary,
        medication_reduction_percent=r.number("medication_reduction_percent", "percent", whole=True),
        plan_id=int(data["plan_id"]) if data.get("plan_id") else None,
        plan_item=str(data.get("plan_item") or ""),
    )
    if r.errors:
        raise ValidationError(r.errors)
    return procedure


def _response(r: _Reader, raw: Mapping[str, Any], n: int) -> Response:
    path = f"responses[{n}]"
    relief = r.number("relief_percent", "percent", raw, f"{path}.relief_percent", whole=True)
    if relief is None and f"{path}.relief_percent" not in r.errors:
        r.errors[f"{path}.relief_percent"] = "how much relief (%) the procedure gave"
    return Response(
        recorded_on=r.day("recorded_on", raw, f"{path}.recorded_on") or dt.date.min,
        relief_percent=relief or 0,
        lasted_weeks=r.number("lasted_weeks", "weeks", raw, f"{path}.lasted_weeks", whole=True),
        ongoing=bool(raw.get("ongoing")),
        note=r.text("note", SHORT_MAX, raw, f"{path}.note"),
    )


def _diary_day(r: _Reader, raw: Mapping[str, Any], n: int) -> DiaryDay:
    path = f"diary[{n}]"
    return DiaryDay(
        day=r.day("day", raw, f"{path}.day") or dt.date.min,
        nrs=r.number("nrs", "nrs", raw, f"{path}.nrs", whole=True),
        relief_percent=r.number("relief_percent", "percent", raw, f"{path}.relief_percent", whole=True),
        activity=r.choice("activity", "activity", raw, f"{path}.activity"),
        medicines=r.text("medicines", SHORT_MAX, raw, f"{path}.medicines"),
    )


def procedure_document(p: Procedure) -> dict[str, Any]:
    """The record as stored (and as `read_procedure` reads it back)."""
    return {
        "kind": p.kind,
        "performed_on": p.performed_on.isoformat(),
        "operator": p.operator,
        "region": p.region,
        "levels": list(p.levels),
        "side": p.side,
        "approach": p.approach,
        "needle": p.needle,
        "contrast": p.contrast,
        "contrast_ml": p.contrast_ml,
        "allergy_checked": p.allergy_checked,
        "injectates": [{"drug": i.drug, "dose_mg": i.dose_mg, "volume_ml": i.volume_ml} for i in p.injectates],
        "fluoroscopy_seconds": p.fluoroscopy_seconds,
        "fluoroscopy_mgy": p.fluoroscopy_mgy,
        "sedation": p.sedation,
        "muscles": p.muscles,
        "lesion_celsius": p.lesion_celsius,
        "lesion_seconds": p.lesion_seconds,
        "device": p.device,
        "complications": list(p.complications),
        "nrs_before": p.nrs_before,
        "nrs_after": p.nrs_after,
        "diagnostic": p.diagnostic,
        "note": p.note,
        "responses": [
            {
                "recorded_on": x.recorded_on.isoformat(),
                "relief_percent": x.relief_percent,
                "lasted_weeks": x.lasted_weeks,
                "ongoing": x.ongoing,
                "note": x.note,
            }
            for x in p.responses
        ],
        "diary": [
            {
                "day": d.day.isoformat(),
                "nrs": d.nrs,
                "relief_percent": d.relief_percent,
                "activity": d.activity,
                "medicines": d.medicines,
            }
            for d in p.diary
        ],
        "medication_reduction_percent": p.medication_reduction_percent,
        "plan_id": p.plan_id,
        "plan_item": p.plan_item,
    }
