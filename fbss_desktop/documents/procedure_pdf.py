"""The procedure note for the chart, and the stimulator trial diary for the patient, as PDFs on the clinic's
letterhead."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from fbss_desktop.core.procedure_note import DiarySheet, ProcedureNote
from fbss_desktop.documents.flowables import bullets, data_table, text
from fbss_desktop.documents.plan_pdf import heading
from fbss_desktop.documents.styles import styles
from fbss_desktop.documents.templates import MARGIN, PAPER, page_text, render

LABEL_SHARE = 0.3  # of the text width, for a note line's label


def note_story(note: ProcedureNote, width: float) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph(escape(note.title), s["title"]), text(note.patient_line, "small")]
    for section in note.sections:
        story.extend(heading(section.heading))
        if len(section.lines) == 1 and not section.lines[0][0]:
            story.extend(text(part) for part in section.lines[0][1].split("\n\n") if part.strip())
            continue
        story.append(data_table((), section.lines, [LABEL_SHARE * width, (1 - LABEL_SHARE) * width]))
    story.append(Spacer(1, 6 * mm))
    story.append(
        text(note.signed or "Not signed yet: a draft, not the final record.", "label" if note.signed else "note")
    )
    return story


def render_note_pdf(note: ProcedureNote, *, paper: str = "letter", invariant: bool = False) -> bytes:
    width = PAPER[paper][0] - 2 * MARGIN
    page = page_text(
        note.letterhead,
        header=f"Procedure note for {note.footer_name}",
        footer_left=f"{note.footer_name} · born {note.date_of_birth}",
        footer_right=f"Procedure of {note.performed}",
        unnamed="Clinic",
        draft=not note.signed,
        draft_words="DRAFT · not signed · not for the chart as final",
    )
    return render(
        note_story(note, width),
        page,
        paper=paper,
        title=note.title,
        author=note.letterhead.name or "FBSS Desktop",
        subject=f"Procedure note for {note.footer_name}",
        invariant=invariant,
    )


DIARY_HOW = (
    "Fill in one line each evening, from the first day after the leads are put in.",
    "Pain: circle or write a number from 0 (no pain) to 10 (the worst pain you can imagine).",
    "Relief: how much better your usual pain is with the stimulator, from 0% (no better) to 100% (gone).",
    "Activity: were you less active, about the same, or more active than before the trial?",
    "Medicines: write the pain medicines you took that day and how many.",
    "Bring this sheet to your visit at the end of the trial.",
)
COLUMN_SHARES = (0.2, 0.12, 0.12, 0.2, 0.36)
WRITING_ROW = 11 * mm  # room to write by hand


def diary_story(sheet: DiarySheet, width: float) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        Paragraph("Your stimulator trial diary", s["title"]),
        text(f"{sheet.patient_name} · born {sheet.date_of_birth} · trial from {sheet.started}", "small"),
    ]
    story.extend(heading("How to fill it in"))
    story.extend(bullets(DIARY_HOW))
    story.extend(heading("Each day"))
    rows = [(day, "", "", "", "") for day in sheet.days]
    head = ("Day", "Pain 0-10", "Relief %", "Activity", "Pain medicines taken")
    story.append(data_table(head, rows, [share * width for share in COLUMN_SHARES], row_height=WRITING_ROW))
    story.append(Spacer(1, 4 * mm))
    story.append(text("Activity: " + " / ".join(sheet.activity_choices), "small"))
    return story


def render_diary_pdf(sheet: DiarySheet, *, paper: str = "letter", invariant: bool = False) -> bytes:
    width = PAPER[paper][0] - 2 * MARGIN
    page = page_text(
        sheet.letterhead,
        header=f"Stimulator trial diary for {sheet.patient_name}",
        footer_left=f"{sheet.patient_name} · born {sheet.date_of_birth}",
        footer_right=f"Trial from {sheet.started}",
    )
    return render(
        diary_story(sheet, width),
        page,
        paper=paper,
        title="Stimulator trial diary",
        author=sheet.letterhead.name or "FBSS Desktop",
        subject=f"Stimulator trial diary for {sheet.patient_name}",
        invariant=invariant,
    )
