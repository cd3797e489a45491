"""The patient's instruction sheet before a procedure as a PDF, laid out from an InstructionSheet alone."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from fbss_desktop.core.instruction_sheet import InstructionSheet, day_words
from fbss_desktop.core.plan_print import long_date
from fbss_desktop.documents.flowables import bullets, labelled, text
from fbss_desktop.documents.templates import page_text, render


def instruction_story(sheet: InstructionSheet) -> list[Flowable]:
    story: list[Flowable] = [
        text(sheet.title, "title"),
        text(sheet.procedure, "h2"),
        labelled("For", f"{sheet.patient_name}, born {long_date(sheet.date_of_birth)}"),
        Spacer(1, 2 * mm),
        text(sheet.intro),
    ]
    for section in sheet.sections:
        story.append(CondPageBreak(30 * mm))  # a heading never ends a page alone
        story.append(text(section.heading, "h1"))
        if section.lead:
            story.append(text(section.lead, "h2"))
        story.extend(text(p) for p in section.paragraphs)
        for name, lines in section.drugs:
            story.append(KeepTogether([text(name, "label"), *bullets(lines)]))
    return story


def render_instructions_pdf(sheet: InstructionSheet, *, paper: str = "letter", invariant: bool = False) -> bytes:
    title = f"{sheet.title}: {sheet.procedure}"
    page = page_text(
        sheet.letterhead,
        header=title,
        footer_left=f"{sheet.patient_name} · born {long_date(sheet.date_of_birth)}",
        footer_right=f"Procedure: {day_words(sheet.procedure_day)}",
    )
    return render(
        instruction_story(sheet),
        page,
        paper=paper,
        title=title,
        author=sheet.letterhead.name or "FBSS Desktop",
        subject="Instructions before a procedure",
        invariant=invariant,
    )
