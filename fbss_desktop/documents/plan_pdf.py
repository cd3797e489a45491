"""The patient's plan as a PDF: its story built by a pure function from a PlanPrint, then rendered."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from fbss_desktop.core.handouts import Handout
from fbss_desktop.core.plan_print import PlanPrint
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


def _date(day: object) -> str:
    import datetime as dt

    assert isinstance(day, dt.date)
    return f"{day:%B} {day.day}, {day.year}"


def _height(texts: tuple[str, ...], width: float) -> float:
    """About how tall these paragraphs of body text set (cheaper than wrapping them twice)."""
    per_line = int(width / 6.2)  # characters a body line of DejaVu Sans 10.5 pt holds, erring short
    lines = sum(-(-(len(t) + 18) // per_line) for t in texts if t)  # + the field's label
    return lines * styles()["body"].leading + len(texts) * 4 + 6 * mm


def heading(value: str, style: str = "h1") -> list[Flowable]:
    """A heading that never sits alone at the foot of a page."""
    return [CondPageBreak(25 * mm), Paragraph(escape(value), styles()[style])]


def handout_story(handout: Handout) -> list[Flowable]:
    story: list[Flowable] = heading(handout.title)
    for section in handout.sections:
        story.extend(heading(section.heading, "h2"))
        story.extend(text(p) for p in section.paragraphs)
        story.extend(bullets(section.bullets))
    return story


def plan_story(plan: PlanPrint, width: float) -> list[Flowable]:
    """Every section of the patient's copy, in reading order."""
    s = styles()
    story: list[Flowable] = [
        Paragraph(escape(plan.title), s["title"]),
        text(f"For {plan.patient_name}, born {_date(plan.date_of_birth)}. Prepared by {plan.clinician}.", "small"),
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
            fields = (step.name, step.what, step.details, step.why, step.expect, step.prepare, step.risks)
            # a treatment starts where all of it fits; a phase's title moves with its first treatment
            story.append(CondPageBreak(_height(fields, width) + (10 * mm if index == 0 else 0)))
            if index == 0:
                story.append(Paragraph(f"Step {number}: {escape(phase.title)}", s["h2"]))
            story.append(Paragraph(escape(step.name), s["label"]))
            story.append(text(step.what))
            if step.details:
                story.append(labelled("Details", step.details))
            if step.why:
                story.append(labelled("Why we chose it", step.why))
            story.append(labelled("What to expect", step.expect))
            story.append(labelled("How to get ready", step.prepare))
            story.append(labelled("Risks to know", step.risks))
            story.append(Spacer(1, 3 * mm))
    if plan.medicines:
        story.append(CondPageBreak(55 * mm))  # the heading, the table's head and its first rows together
        story.extend(heading("Your medicines"))
        rows = [(m.name, f"{m.how.rstrip('.')}. {m.change}".strip(), m.what_for, m.cautions) for m in plan.medicines]
        story.append(
            data_table(
                ("Medicine", "How to take it", "What it is for", "Be careful"),
                rows,
                [0.18 * width, 0.27 * width, 0.22 * width, 0.33 * width],
            )
        )
        story.append(text("Tell us about any medicine you take that is not on this list.", "note"))
    story.append(Spacer(1, 4 * mm))
    boxes: list[Flowable] = []
    for section in plan.warning_signs.sections:
        boxes.append(warning_box(section.heading, section.bullets, " ".join(section.paragraphs)))
        boxes.append(Spacer(1, 3 * mm))
    story.append(KeepTogether(boxes))  # every level of the warning signs on one page, read at one glance
    story.extend(heading("Your next visit"))
    if plan.follow_up is not None:
        story.append(text(f"Please come back around {_date(plan.follow_up)}. Call us to book it if you have no date."))
    contact = " ".join(part for part in (plan.letterhead.name, plan.letterhead.phone) if part)
    story.append(text(f"Questions? Call {contact}." if contact else "Questions? Call the clinic."))
    if len(plan.trend) > 1:
        story.append(CondPageBreak(80 * mm))
        story.extend(heading("How you are doing"))
        story.append(text("Your scores at each visit. Lower is better.", "small"))
        story.append(trend_chart(plan.trend, width))
    if plan.note:
        story.extend(heading("A note from your clinician", "h2"))
        story.append(text(plan.note))
    story.append(Spacer(1, 8 * mm))
    story.append(SignatureLine(plan.clinician))
    if plan.handouts:
        story.append(PageBreak())
        story.append(Paragraph("About your treatments", s["title"]))
        for handout in plan.handouts:
            story.append(CondPageBreak(100 * mm))  # most handouts are shorter: they start where they fit
            story.extend(handout_story(handout))
            story.append(Spacer(1, 4 * mm))
    return story


def render_plan_pdf(plan: PlanPrint, *, paper: str = "letter", invariant: bool = False) -> bytes:
    """The patient's plan (with its handouts) as PDF bytes."""
    width = PAPER[paper][0] - 2 * MARGIN
    page = page_text(
        plan.letterhead,
        header=f"Treatment plan for {plan.patient_name}",
        footer_left=f"{plan.patient_name} · born {plan.date_of_birth.isoformat()}",
        footer_right=f"Plan of {plan.plan_date.isoformat()}"
        + (f" · version {plan.version}" if plan.version > 1 else ""),
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
