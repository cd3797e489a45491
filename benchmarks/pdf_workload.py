"""Plan PDF timing, in a fresh process: python benchmarks/pdf_workload.py

A full plan (every section, 6 treatments with their handouts, the outcome chart over 3 visits) is rendered
once cold (fonts and reportlab loading on first use, as in the app), then warm; the floor is a minimal
reportlab document of the same number of full pages of flowing text in the same embedded Unicode font (the
plan must embed one so any name prints; a built-in font would be a floor no plan could reach). Prints
"key value" lines.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fbss_desktop.core.consult_document import ConsultContext, read_consult  # noqa: E402
from fbss_desktop.core.consults import ConsultStatus, ConsultSummary  # noqa: E402
from fbss_desktop.core.patients import Patient, Sex  # noqa: E402
from fbss_desktop.core.plan_document import read_plan  # noqa: E402
from fbss_desktop.core.settings import REGISTRY  # noqa: E402
from fbss_desktop.services import catalogues, planning, printing  # noqa: E402

TREATMENTS = [
    ("PHYSICAL_THERAPY", 1, {"focus": "graded_exercise", "sessions_per_week": 2, "weeks": 8}),
    ("NEUROPATHIC_AGENT", 1, {"drug": "pregabalin", "dose": 75, "per_day": 2, "titration": "Raise after a week"}),
    ("PAIN_PSYCHOLOGY", 1, {"kind": "cbt", "sessions": 8}),
    ("NALOXONE", 1, {}),
    (
        "ESI",
        2,
        {
            "approach": "transforaminal",
            "region": "lumbar",
            "levels": ["L4-L5"],
            "side": "left",
            "steroid": "dexamethasone",
            "steroid_mg": 10,
            "antithrombotic_hold": "Stop apixaban 3 days before",
        },
    ),
    ("MEDIAL_BRANCH_BLOCK", 2, {"region": "lumbar", "levels": ["L4-L5", "L5-S1"], "side": "both"}),
]


def full_plan():  # type: ignore[no-untyped-def]
    patient = Patient("BENCH-1", "Núñez-Łukasiewicz", "Zoë", dt.date(1968, 3, 14), Sex.FEMALE, id=1)
    context = ConsultContext(
        today=dt.date(2026, 11, 21),
        date_of_birth=patient.date_of_birth,
        sex="F",
        vocabulary=catalogues.vocabulary(),
        medications=catalogues.medication_list(),
        instruments=catalogues.instruments(),
    )
    record = read_consult(
        {"consult_date": "2026-11-20", "assessment": {"generators": ["recurrent_disc", "epidural_fibrosis"]}},
        patient_id=1,
        context=context,
    )[0]
    items = [
        {"key": f"i{n}", "treatment": code, "phase": phase, "details": details, "reason": "Chosen for this pain"}
        for n, (code, phase, details) in enumerate(TREATMENTS, start=1)
    ]
    goals = [
        {"kind": "pain", "measure": "leg_nrs", "target": 4, "due_weeks": 12, "text": "Walk the dog"},
        {"kind": "function", "measure": "odi", "target": 30, "due_weeks": 16},
        {"kind": "return_to_work", "text": "Back to modified duties", "due_weeks": 16},
    ]
    plan = read_plan(
        {"items": items, "goals": goals, "follow_up_weeks": 6, "note": "See you soon."}, planning.plan_context()
    )[0]
    visits = [
        ConsultSummary(n, 1, day, "Dr. Helena Marsh, MD", ConsultStatus.SIGNED, "", back, leg, odi)
        for n, (day, back, leg, odi) in enumerate(
            [
                (dt.date(2026, 5, 1), 7, 8, 52.0),
                (dt.date(2026, 8, 1), 6, 6, 44.0),
                (dt.date(2026, 11, 20), 5, 4, 36.0),
            ],
            start=1,
        )
    ]
    settings = {
        **{key: spec.default for key, spec in REGISTRY.items()},  # every setting the print reads, as shipped
        "clinic.name": "Riverside Spine & Pain Clinic",
        "clinic.address": "200 Harbor Way, Springfield",
        "clinic.phone": "(555) 010-2000",
        "clinic.logo": "",
    }
    return printing.compose(
        patient=patient,
        record=record,
        plan=plan,
        settings=settings,
        clinician="Dr. Helena Marsh, MD",
        summaries=visits,
    )


FLOOR_TEXT = (
    "Plain running text for the floor, in sentences of ordinary length, the way a plan reads to the "
    "patient who takes it home. "
)


def floor_pdf(paragraphs: int) -> bytes:
    """The least a PDF of flowing text costs with the same embedded Unicode font: plain paragraphs, no
    tables, charts or page templates."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from fbss_desktop.documents.fonts import register_fonts

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    style.fontName = register_fonts()
    SimpleDocTemplate(buffer).build([Paragraph(f"{n}. {FLOOR_TEXT}", style) for n in range(paragraphs)])
    return buffer.getvalue()


def floor_paragraphs(pages: int) -> int:
    """How many floor paragraphs fill `pages` full pages (the plan's pages are full too)."""
    from pypdf import PdfReader

    per_page = 100 / len(PdfReader(io.BytesIO(floor_pdf(100))).pages)
    return max(1, round(per_page * pages))


def main() -> None:
    from pypdf import PdfReader

    plan = full_plan()
    started = time.perf_counter()
    from fbss_desktop.documents.plan_pdf import render_plan_pdf

    pdf = render_plan_pdf(plan)
    cold = (time.perf_counter() - started) * 1000
    warm = []
    for _ in range(10):
        started = time.perf_counter()
        render_plan_pdf(plan)
        warm.append((time.perf_counter() - started) * 1000)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    paragraphs = floor_paragraphs(pages)
    floor = []
    for _ in range(10):
        started = time.perf_counter()
        floor_pdf(paragraphs)
        floor.append((time.perf_counter() - started) * 1000)
    print(f"plan_pdf_cold_ms {cold:.1f}")
    print(f"plan_pdf_ms {statistics.median(warm):.1f}")
    print(f"plan_pdf_floor_ms {statistics.median(floor):.1f}")
    print(f"plan_pdf_pages {pages}")


if __name__ == "__main__":
    main()
