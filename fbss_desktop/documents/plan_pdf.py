"""The patient's plan as a PDF: its story built by a pure function from a PlanPrint, then rendered."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from fbss_desktop.core.handouts import Handout
from fbss_desktop.core.plan_print import Medicine, PlanPrint, long_date
from fbss_desktop.documents.flowables import (
    KeepEnd,
    KeepStart,
    SignatureLine,
    bullets,
    data_table,
    labelled,
    text,
    warning_box,
)
from fbss_desktop.documents.styles import styles
from fbss_desktop.documents.templates import MARGIN, PAPER, page_text, render
from fbss_desktop.documents.trend_chart import marker_key, trend_chart

# How much room a block needs before it may start at the foot of a page rather than on the next one: its
# headings with the first lines under them. Nothing larger is kept whole, so no page is left mostly empty.
HEADING_ROOM = 25 * mm
STEP_ROOM = 35 * mm  # a treatment's step and name, its first lines
MEDICINES_ROOM = 45 * mm  # the heading, the table's head and its first row
HANDOUT_ROOM = 40 * mm  # a handout's title, first heading and first lines
TAIL = 20 * mm  # what goes over with the next visit and the signature: the last lines or signs before them


def heading(value: str, style: str = "h1") -> list[Flowable]:
    """A heading that never sits alone at the foot of a page."""
    return [CondPageBreak(HEADING_ROOM), Paragraph(escape(value), styles()[style])]


def _title(value: str, style: str = "h1") -> Paragraph:
    return Paragraph(escape(value), styles()[style])


def handout_story(handout: Handout) -> list[Flowable]:
    """A handout: its title with its first section, each heading kept with its first lines, and its last
    section kept with the last lines before it, so it never ends alone on a page."""
    sections: list[tuple[list[Flowable], list[Flowable]]] = []
    for section in handout.sections:
        if not any(p.strip() for p in (*section.paragraphs, *section.bullets)):
            continue  # a heading with nothing under it is not printed
        body: list[Flowable] = [*(text(p) for p in section.paragraphs), *bullets(section.bullets)]
        sections.append(([_title(section.heading, "h2")], body))
    if not sections:
        return [_title(handout.title)]
    sections[0][0].insert(0, _title(handout.title))
    if len(sections) > 1:
        last_head, last_body = sections.pop()
        head, body = sections[-1]
        sections[-1] = (head, [KeepEnd(body, [*last_head, *last_body], TAIL)])
    return [
        KeepStart(head, body, HANDOUT_ROOM if index == 0 else HEADING_ROOM)
        for index, (head, body) in enumerate(sections)
    ]


def plan_story(plan: PlanPrint, width: float) -> list[Flowable]:
    """Every section of the patient's copy, in reading order."""
    s = styles()
    story: list[Flowable] = [
        Paragraph(escape(plan.title), s["title"]),
        text(f"For {plan.patient_name}, born {long_date(plan.date_of_birth)}. Prepared by {plan.clinician}.", "small"),
    ]
    if not plan.finalized:
        story.append(text("Draft: this plan is not final yet.", "note"))
    opening = (
        "Many people still have pain after spine surgery. It has a name: persistent spinal pain syndrome. "
        "It does not mean you did something wrong."
    )
    story.append(KeepStart([_title("What is going on")], [text(opening), *(text(d) for d in plan.diagnosis)], 0))
    if plan.goals:
        story.append(KeepStart([_title("Your goals")], bullets(plan.goals), HEADING_ROOM))
    story.extend(_steps(plan))
    if plan.medicines:
        table = _medicines_table(plan.medicines, width)
        note = text("Tell us about any medicine you take that is not on this list.", "note")
        story.append(KeepStart([_title("Your medicines")], [table, note], MEDICINES_ROOM))
    if len(plan.trend) > 1:  # a chart never splits: it moves whole, with its heading
        caption = text("Your scores at each visit. Lower is better.", "small")
        if plan.markers:
            caption = text(
                "Your scores at each visit. Lower is better. The numbered marks are your treatments.", "small"
            )
        chart = [trend_chart(plan.trend, width, plan.markers), *marker_key(plan.markers)]
        story.append(KeepStart([_title("How you are doing"), caption], chart, 0))
    story.append(Spacer(1, 4 * mm))
    ending: list[Flowable] = []  # the warning signs (a box that does not fit splits), then the note
    for section in plan.warning_signs.sections:
        ending.append(warning_box(section.heading, section.bullets, " ".join(section.paragraphs)))
        ending.append(Spacer(1, 3 * mm))
    ending = ending[:-1]
    if plan.note:
        ending.append(_title("A note from your clinician", "h2"))
        ending.append(text(plan.note))
    # The next visit and the signature close the plan: kept together, and with the last lines before them,
    # so no page holds them alone.
    closing: list[Flowable] = [_title("Your next visit")]
    if plan.follow_up is not None:
        closing.append(
            text(f"Please come back around {long_date(plan.follow_up)}. Call us to book it if you have no date.")
        )
    contact = " ".join(part for part in (plan.letterhead.name, plan.letterhead.phone) if part)
    closing.append(text(f"Questions? Call {contact}." if contact else "Questions? Call the clinic."))
    closing.extend([Spacer(1, 8 * mm), SignatureLine(plan.clinician)])
    story.append(KeepEnd(ending, closing, TAIL))
    if plan.handouts:
        story.append(PageBreak())  # the handouts begin on their own page, to be read (or kept) apart
        story.append(Paragraph("About your treatments", s["title"]))
        for handout in plan.handouts:
            story.extend(handout_story(handout))
            story.append(Spacer(1, 4 * mm))
    return story


def _steps(plan: PlanPrint) -> list[Flowable]:
    """The plan step by step; a treatment starts at the foot of a page only with room for its step, its name
    and its first lines, and flows on from there."""
    s = styles()
    story: list[Flowable] = []
    head: list[Flowable] = [_title("Your plan, step by step")]
    for number, phase in enumerate(plan.phases, start=1):
        for index, step in enumerate(phase.steps):
            if index == 0:
                head.append(Paragraph(f"Step {number}: {escape(phase.title)}", s["h2"]))
            head.append(Paragraph(escape(step.name), s["label"]))
            body: list[Flowable] = [text(step.what)] if step.what.strip() else []
            for label, value in (  # a label prints only with something after it
                ("Details", step.details),
                ("Why we chose it", step.why),
                ("What to expect", step.expect),
                ("How to get ready", step.prepare),
                ("Your allergies", step.allergies),
                ("Risks to know", step.risks),
            ):
                if value.strip():
                    body.append(labelled(label, value))
            story.extend([KeepStart(head, body, STEP_ROOM), Spacer(1, 3 * mm)])
            head = []
    return story  # no step, no heading


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
