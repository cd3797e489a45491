"""The procedure note for the chart, and the stimulator trial diary the patient fills in: built as plain lines
by pure functions from a procedure record, so the PDF only lays them out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_print import Letterhead, long_date, short_date
from fbss_desktop.core.procedures import Procedure, ProcedureCatalogue
from fbss_desktop.core.scs_trial import TrialResult

Line = tuple[str, str]


@dataclass(frozen=True)
class NoteSection:
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class ProcedureNote:
    letterhead: Letterhead
    title: str
    patient_line: str
    footer_name: str
    date_of_birth: str
    performed: str
    sections: tuple[NoteSection, ...]
    signed: str  # "Signed by … on …", or "" while a draft (every page then says DRAFT)


@dataclass(frozen=True)
class DiarySheet:
    letterhead: Letterhead
    patient_name: str
    date_of_birth: str
    started: str
    days: tuple[str, ...]  # each trial day, written out
    activity_choices: tuple[str, ...]


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:g}"
    return f"{text} {unit}".strip()


def _what(procedure: Procedure, catalogue: ProcedureCatalogue, labels: Mapping[str, str]) -> tuple[Line, ...]:
    spec = catalogue.kinds[procedure.kind]
    lines: list[Line] = [("Procedure", labels.get(procedure.kind, procedure.kind))]
    if procedure.diagnostic:
        lines.append(("Purpose", "Diagnostic block"))
    lines += [
        ("Date", long_date(procedure.performed_on)),
        ("Operator", procedure.operator),
        ("Region", labels.get(f"region:{procedure.region}", procedure.region)),
        ("Levels", ", ".join(procedure.levels)),
        ("Side", labels.get(f"side:{procedure.side}", procedure.side)),
    ]
    if "approach" in spec.fields:
        lines.append(("Approach", catalogue.label("approach", procedure.approach) if procedure.approach else ""))
    if "muscles" in spec.fields:
        lines.append(("Muscles", procedure.muscles))
    lines.append(("Needle", procedure.needle))
    if "device" in spec.fields:
        lines.append(("Stimulator and leads", procedure.device))
    return tuple((label, value) for label, value in lines if value)


def _how(procedure: Procedure, catalogue: ProcedureCatalogue) -> tuple[Line, ...]:
    spec = catalogue.kinds[procedure.kind]
    lines: list[Line] = []
    if "contrast" in spec.fields and procedure.contrast:
        contrast = catalogue.label("contrast", procedure.contrast)
        if procedure.contrast_ml is not None:
            contrast += f", {_number(procedure.contrast_ml, 'mL')}"
        lines.append(("Contrast", contrast))
        if procedure.contrast != "none":
            lines.append(("Contrast allergy", "checked before the procedure" if procedure.allergy_checked else ""))
    for injectate in procedure.injectates:
        amount = ", ".join(
            part for part in (_number(injectate.dose_mg, "mg"), _number(injectate.volume_ml, "mL")) if part
        )
        lines.append(("Injected", f"{catalogue.label('injectate', injectate.drug)} {amount}".strip()))
    if "fluoroscopy" in spec.fields:
        fluoro = [_number(procedure.fluoroscopy_seconds, "s"), _number(procedure.fluoroscopy_mgy, "mGy")]
        lines.append(("Fluoroscopy", " · ".join(part for part in fluoro if part)))
    if "lesion" in spec.fields and (procedure.lesion_celsius or procedure.lesion_seconds):
        lesion = f"{_number(procedure.lesion_celsius, '°C')} for {_number(procedure.lesion_seconds, 's')}"
        lines.append(("Lesion", lesion))
    lines.append(("Sedation", catalogue.label("sedation", procedure.sedation) if procedure.sedation else ""))
    return tuple((label, value) for label, value in lines if value)


def _outcome(procedure: Procedure, catalogue: ProcedureCatalogue, trial: TrialResult | None) -> tuple[Line, ...]:
    complications = ", ".join(catalogue.label("complication", c) for c in procedure.complications)
    lines: list[Line] = [
        ("Complications", complications or "None"),
        ("Pain before (0-10)", _number(procedure.nrs_before)),
        ("Pain after (0-10)", _number(procedure.nrs_after)),
    ]
    for response in sorted(procedure.responses, key=lambda r: r.recorded_on):
        lasted = ""
        if response.lasted_weeks is not None:
            lasted = f" for {response.lasted_weeks} week{'s' if response.lasted_weeks != 1 else ''}"
            lasted += " so far" if response.ongoing else ""
        elif response.ongoing:
            lasted = ", still lasting"
        note = f" ({response.note})" if response.note else ""
        lines.append((f"Relief, asked {long_date(response.recorded_on)}", f"{response.relief_percent}%{lasted}{note}"))
    if trial is not None and procedure.diary:
        lines.append(("Trial diary", trial.summary))
    return tuple((label, value) for label, value in lines if value)


def build_note(
    procedure: Procedure,
    patient: Patient,
    letterhead: Letterhead,
    catalogue: ProcedureCatalogue,
    labels: Mapping[str, str],
    trial: TrialResult | None = None,
) -> ProcedureNote:
    """`labels`: the treatment's name by code, and region/side labels as "region:lumbar", "side:left"."""
    name = f"{patient.given_names} {patient.family_name}".strip()
    sections = [
        NoteSection("Procedure", _what(procedure, catalogue, labels)),
        NoteSection("Technique", _how(procedure, catalogue)),
        NoteSection("Outcome", _outcome(procedure, catalogue, trial)),
    ]
    if procedure.note:
        sections.append(NoteSection("Note", (("", procedure.note),)))
    signed = ""
    if procedure.signed and procedure.signed_at is not None:
        signed = f"Signed by {procedure.signed_by} on {long_date(procedure.signed_at.date())}"
    return ProcedureNote(
        letterhead=letterhead,
        title=f"Procedure note: {labels.get(procedure.kind, procedure.kind)}",
        patient_line=f"{name} · born {long_date(patient.date_of_birth)} · record number {patient.mrn}",
        footer_name=name,
        date_of_birth=long_date(patient.date_of_birth),
        performed=long_date(procedure.performed_on),
        sections=tuple(s for s in sections if s.lines),
        signed=signed,
    )


def build_diary_sheet(
    procedure: Procedure, patient: Patient, letterhead: Letterhead, catalogue: ProcedureCatalogue, days: int
) -> DiarySheet:
    from fbss_desktop.core.scs_trial import trial_days as days_of

    trial_days = days_of(procedure, days)
    start = trial_days[0].day if trial_days else procedure.performed_on
    return DiarySheet(
        letterhead=letterhead,
        patient_name=f"{patient.given_names} {patient.family_name}".strip(),
        date_of_birth=long_date(patient.date_of_birth),
        started=long_date(start),
        days=tuple(f"Day {n}: {short_date(d.day, year=False)}" for n, d in enumerate(trial_days, start=1)),
        activity_choices=tuple(c.label for c in catalogue.choices["activity"]),
    )
