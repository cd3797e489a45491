"""The patient's plan as a PDF: its story built by a pure function from a PlanPrint, then rendered."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from fbss_desktop.core.handouts import Handout
from fbss_desktop.core.plan_print import Medicine, PlanPrint, long_date
from fbss_desktop.documents.flowables import (
    SignatureLine,
    bullets,
    data_table,
    labelled,
    text,
    trend_chart,
    warning_box,
)
from fbss_desktop.documents.styles import styles
from fbss_desktop.documents.templates import MARGIN, PAPER, page_text, render


def heading(value: str, style: str = "h1") -> list[Flowable]:
    """A heading that never sits alone at the foot of a page."""
    return [CondPageBreak(25 * mm), Paragraph(escape(value), styles()[style])]


def handout_story(handout: Handout) -> list[Flowable]:
    story: list[Flowable] = heading(handout.title)
    for section in handout.sections:
        if not any(p.strip() for p in (*section.paragraphs, *section.bullets)):
            continue  # a heading with nothing under it is not printed
        story.extend(heading(section.heading, "h2"))
        story.extend(text(p) for p in section.paragraphs)
        story.extend(bullets(section.bullets))
    return story


def plan_story(plan: PlanPrint, width: float) -> list[Flowable]:
    """Every section of the patient's copy, in reading order."""
    s = styles()
    story: list[Flowable] = [
        Paragraph(escape(plan.title), s["title"]),
        text(f"For {plan.patient_name}, born {long_date(plan.date_of_birth)}. Prepared by {plan.clinician}.", "small"),
    ]
    if not plan.finalized:
        story.append(text("Draft: this plan is not final yet.", "note"))
    story.extend(heading("What is going on"))
    story.append(
        text(
            "Many people still have pain after back surgery. It has a name: persistent spinal pain syndrome. "
            "It does not mean you did something wrong."
        )
    )
    story.extend(text(line) for line in plan.diagnosis)
    if plan.goals:
        story.extend(heading("Your goals"))
        story.extend(bullets(plan.goals))
    story.extend(heading("Your plan, step by step"))
    for number, phase in enumerate(plan.phases, start=1):
        for index, step in enumerate(phase.steps):
            # a treatment starts where all of it fits (measured, not guessed, so no page is left half
            # empty); a phase's title moves with its first treatment
            kept: list[Flowable] = []
            if index == 0:
                kept.append(Paragraph(f"Step {number}: {escape(phase.title)}", s["h2"]))
            kept.append(Paragraph(escape(step.name), s["label"]))
            if step.what.strip():
                kept.append(text(step.what))
            for label, value in (  # a label prints only with something after it
                ("Details", step.details),
                ("Why we chose it", step.why),
                ("What to expect", step.expect),
                ("How to get ready", step.prepare),
                ("Your allergies", step.allergies),
                ("Risks to know", step.risks),
            ):
                if value.strip():
                    kept.append(labelled(label, value))
            story.extend([KeepTogether(kept), Spacer(1, 3 * mm)])
    if plan.medicines:
        story.append(CondPageBreak(55 * mm))  # the heading, the table's head and its first rows together
        story.extend(heading("Your medicines"))
        story.append(_medicines_table(plan.medicines, width))
        story.append(text("Tell us about any medicine you take that is not on this list.", "note"))
    story.append(Spacer(1, 4 * mm))
    boxes: list[Flowable] = []
    for section in plan.warning_signs.sections:
        boxes.append(warning_box(section.heading, section.bullets, " ".join(section.paragraphs)))
        boxes.append(Spacer(1, 3 * mm))
    # The closing sections each keep together, the next visit with the warning signs before it and the
    # signature with the section it ends, so no page holds the next visit or the signature alone.
    closing: list[list[Flowable]] = [[KeepTogether(boxes)]]  # every level of the warning signs at one glance
    closing[-1].extend(heading("Your next visit"))
    if plan.follow_up is not None:
        closing[-1].append(
            text(f"Please come back around {long_date(plan.follow_up)}. Call us to book it if you have no date.")
        )
    contact = " ".join(part for part in (plan.letterhead.name, plan.letterhead.phone) if part)
    closing[-1].append(text(f"Questions? Call {contact}." if contact else "Questions? Call the clinic."))
    if len(plan.trend) > 1:
        closing.append(heading("How you are doing"))
        closing[-1].append(text("Your scores at each visit. Lower is better.", "small"))
        closing[-1].append(trend_chart(plan.trend, width))
    if plan.note:
        closing.append(heading("A note from your clinician", "h2"))
        closing[-1].append(text(plan.note))
    closing[-1].extend([Spacer(1, 8 * mm), SignatureLine(plan.clinician)])
    story.extend(KeepTogether(section) for section in closing)
    if plan.handouts:
        story.append(PageBreak())
        story.append(Paragraph("About your treatments", s["title"]))
        for handout in plan.handouts:
            story.append(CondPageBreak(100 * mm))  # most handouts are shorter: they start where they fit
            story.extend(handout_story(handout))
            story.append(Spacer(1, 4 * mm))
    return story


def _medicines_table(medicines: tuple[Medicine, ...], width: float) -> Flowable:
    """The medicines table; a column none of the rows fills is left out rather than printed empty."""
    columns = [
        ("Medicine", 0.18, [m.name for m in medicines]),
        ("How to take it", 0.27, [" ".join(p for p in (_sentence(m.how), m.change) if p) for m in medicines]),
        ("What it is for", 0.22, [m.what_for for m in medicines]),
        ("Be careful", 0.33, [m.cautions for m in medicines]),
    ]
    kept = [c for c in columns if any(v.strip() for v in c[2])]
    scale = 1 / sum(c[1] for c in kept)
    return data_table(
        tuple(c[0] for c in kept),
        list(zip(*(c[2] for c in kept), strict=True)),
        [c[1] * scale * width for c in kept],
    )


def _sentence(value: str) -> str:
    value = value.strip()
    return value if not value or value.endswith((".", "!", "?")) else value + "."


def render_plan_pdf(plan: PlanPrint, *, paper: str = "letter", invariant: bool = False) -> bytes:
    """The patient's plan (with its handouts) as PDF bytes."""
    width = PAPER[paper][0] - 2 * MARGIN
    page = page_text(
        plan.letterhead,
        header=f"Treatment plan for {plan.patient_name}",
        footer_left=f"{plan.patient_name} · born {long_date(plan.date_of_birth)}",
        footer_right=f"Plan of {long_date(plan.plan_date)}"
        + (f" · version {plan.version}" if plan.version > 1 else ""),
        draft=not plan.finalized,
    )
    return render(
        plan_story(plan, width),
        page,
        paper=paper,
        title=plan.title,
        author=plan.letterhead.name or "FBSS Desktop",
        subject=f"Treatment plan for {plan.patient_name}",
        invariant=invariant,
    )
