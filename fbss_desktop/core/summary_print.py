"""The clinician summary: the consult note for the chart or the referring surgeon.

Unlike the patient's copy it carries the codes, the full examination, the decision-support findings and
the acknowledgements. Built as plain labelled lines by a pure function, so the PDF only lays them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.findings import Finding, Outcome
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_print import Letterhead
from fbss_desktop.core.plans import TreatmentPlan
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.core.vocabulary import Vocabulary

Line = tuple[str, str]


@dataclass(frozen=True)
class SummarySection:
    heading: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class SummaryPrint:
    letterhead: Letterhead
    title: str
    patient_line: str
    footer_name: str
    date_of_birth: str
    consult_date: str
    sections: tuple[SummarySection, ...]


def _yes(mapping: Mapping[str, bool], vocabulary: Vocabulary, name: str) -> str:
    chosen = [vocabulary[name].label(code) for code, value in mapping.items() if value]
    return "; ".join(chosen) or ("none" if mapping else "not asked")


def build_summary(
    *,
    patient: Patient,
    record: ConsultRecord,
    plan: TreatmentPlan | None,
    findings: Sequence[Finding],
    surgeries: Sequence[Surgery],
    surgery_catalogue: SurgeryCatalogue,
    catalogue: TreatmentCatalogue,
    vocabulary: Vocabulary,
    letterhead: Letterhead,
    clinician: str,
) -> SummaryPrint:
    h, exam, a = record.history, record.exam, record.assessment
    v = vocabulary
    sections: list[SummarySection] = []
    sections.append(
        SummarySection(
            "Surgical history",
            tuple(
                (
                    str(s.performed),
                    f"{surgery_catalogue.procedure_label(s.procedure)} {', '.join(s.levels)}"
                    + (" (fusion)" if s.fusion else ""),
                )
                for s in surgeries
            )
            or (("", "none recorded"),),
        )
    )
    pain = [
        ("Reason", record.reason or "—"),
        ("Course", v["course"].label(h.course) if h.course else "not recorded"),
        ("Back / leg pain now", f"{_n(h.back_nrs_now)} / {_n(h.leg_nrs_now)} (0-10)"),
        ("Leg share", f"{_n(h.leg_share_percent)}%"),
        ("Pain for", f"{_n(h.pain_duration_months)} months"),
        ("Red flags present", _yes(h.red_flags, v, "red_flag")),
        ("Comorbidities", _yes(h.comorbidities, v, "comorbidity")),
        ("Recent medicine history", _yes(h.medicine_history, v, "medicine_history")),
        ("Medicines", "; ".join(m.describe() for m in h.medications) or "none"),
        ("Opioid dose", f"{h.total_mme_per_day:g} MME a day" if h.total_mme_per_day is not None else "none"),
        (
            "Allergies",
            "; ".join(f"{v['allergen'].label(al.substance)} ({al.reaction or al.kind})" for al in h.allergies)
            or ("no known allergies" if h.no_known_allergies else "not recorded"),
        ),
        (
            "Earlier procedures",
            "; ".join(
                f"{v['prior_procedure'].label(p.procedure)} {p.performed}"
                + (f", {p.relief_percent}% relief" if p.relief_percent is not None else "")
                for p in h.prior_procedures
            )
            or "none",
        ),
    ]
    sections.append(SummarySection("History", tuple(pain)))
    weak = ", ".join(f"{m} {side} {exam.motor[m][side]}/5" for m, side in exam.weak_myotomes()) or "none"
    sections.append(
        SummarySection(
            "Examination",
            (
                ("Weakness (MRC < 5)", weak),
                ("Straight-leg raise", ", ".join(s for s, on in exam.slr.items() if on) or "negative"),
                ("Sacroiliac provocation tests", exam.sij_cluster.details() if exam.sij_cluster else "not recorded"),
                ("Waddell signs", f"{exam.waddell_positive} of 5"),
                ("Wound", v["incision"].label(exam.incision) if exam.incision else "not recorded"),
            ),
        )
    )
    sections.append(
        SummarySection(
            "Imaging and tests",
            tuple(
                (
                    f"{v['study_type'].label(s.kind)} {s.performed}",
                    "; ".join(f"{f.level} {v['finding'].label(f.finding)}" for f in s.findings)
                    or "; ".join(f"{lab.test.upper()} {lab.value:g} {lab.unit}" for lab in s.labs)
                    or s.report
                    or "no finding recorded",
                )
                for s in record.studies
            )
            or (("", "none"),),
        )
    )
    sections.append(
        SummarySection(
            "Questionnaires",
            tuple(
                (code.upper(), f"{q.score.total:g} ({q.score.band})")
                for code, q in record.questionnaires.items()
                if q.score.total is not None
            )
            or (("", "none"),),
        )
    )
    sections.append(
        SummarySection(
            "Assessment",
            (
                ("Pain generators", "; ".join(v["pain_generator"].label(g) for g in a.generators) or "—"),
                ("Pain type", v["pain_type"].label(a.pain_type) if a.pain_type else "—"),
                ("ICD-10-CM", "; ".join(f"{c} {v['icd10'].label(c)}" for c in a.icd10) or "—"),
                ("Note", a.note or "—"),
            ),
        )
    )
    if plan is not None:
        items = tuple(
            (
                f"{item.key} · phase {item.phase} · {item.status.value}",
                catalogue[item.treatment].label
                + (f": {item.reason}" if item.reason else "")
                + (
                    " — " + ", ".join(f"{k.replace('_', ' ')} {val}" for k, val in item.details.items())
                    if item.details
                    else ""
                ),
            )
            for item in plan.items
        )
        sections.append(SummarySection(f"Plan ({plan.status.value})", items or (("", "no treatments"),)))
        goals = tuple(
            (g.kind.replace("_", " "), g.text + (f" (target {g.target:g} {g.measure})" if g.measure else ""))
            for g in plan.goals
        )
        follow = (("Follow-up", f"{plan.follow_up_weeks} weeks"),) if plan.follow_up_weeks else ()
        sections.append(SummarySection("Goals and follow-up", goals + follow or (("", "none"),)))
    fired = [f for f in findings if f.outcome is Outcome.FIRED]
    lines = []
    for f in fired:
        ack = plan.acknowledgement(f.key) if plan is not None else None
        note = f" — acknowledged by {ack.clinician} {ack.at:%Y-%m-%d %H:%M}: {ack.reason}" if ack else ""
        lines.append((f"{f.severity.value.upper()} {f.rule}", f"{f.title}. {f.message}{note}"))
    sections.append(SummarySection("Decision support", tuple(lines) or (("", "no findings"),)))
    return SummaryPrint(
        letterhead=letterhead,
        title=f"Consult summary, {record.consult_date.isoformat()}",
        patient_line=f"{patient.display_name} · MRN {patient.mrn} · born {patient.date_of_birth.isoformat()} · "
        f"{patient.sex.label} · clinician {clinician or '—'}",
        footer_name=patient.display_name,
        date_of_birth=patient.date_of_birth.isoformat(),
        consult_date=record.consult_date.isoformat(),
        sections=tuple(sections),
    )


def _n(value: object) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
