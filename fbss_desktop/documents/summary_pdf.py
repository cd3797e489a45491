"""The clinician summary as a PDF: the consult note for the chart, laid out from a SummaryPrint."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from fbss_desktop.core.summary_print import SummaryPrint
from fbss_desktop.documents.flowables import data_table, text
from fbss_desktop.documents.plan_pdf import heading
from fbss_desktop.documents.styles import styles
from fbss_desktop.documents.templates import MARGIN, PAPER, page_text, render


def summary_story(summary: SummaryPrint, width: float) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph(escape(summary.title), s["title"]), text(summary.patient_line, "small")]
    if summary.superseded:
        story.append(text(summary.superseded, "note"))
    if summary.amended:
        story.append(text(summary.amended, "note"))
    for section in summary.sections:
        story.extend(heading(section.heading))
        story.append(data_table((), section.lines, [0.3 * width, 0.7 * width]))
        for label, note in section.notes:
            # a long note flows over pages as paragraphs (a table row never splits); its label keeps with it
            paragraphs = [text(part) for part in note.split("\n\n") if part.strip()]
            story.append(KeepTogether([Paragraph(escape(label), s["label"]), *paragraphs[:1]]))
            story.extend(paragraphs[1:])
    story.append(Spacer(1, 6 * mm))
    story.append(text("Clinician-only document: it carries codes and decision-support findings.", "note"))
    return story


def render_summary_pdf(summary: SummaryPrint, *, paper: str = "letter", invariant: bool = False) -> bytes:
    width = PAPER[paper][0] - 2 * MARGIN
    page = page_text(
        summary.letterhead,
        header=f"Consult summary for {summary.footer_name}",
        footer_left=f"{summary.footer_name} · born {summary.date_of_birth}",
        footer_right=f"Consult of {summary.consult_date}",
        unnamed="Clinic",
        draft=summary.draft or bool(summary.superseded),
        draft_words="REPLACED · an amendment replaced this signed version"
        if summary.superseded
        else "DRAFT · not finalized · not for the chart as final",
        draft_mark="REPLACED" if summary.superseded else "DRAFT",
    )
    return render(
        summary_story(summary, width),
        page,
        paper=paper,
        title=summary.title,
        author=summary.letterhead.name or "FBSS Desktop",
        subject=f"Consult summary for {summary.footer_name}",
        invariant=invariant,
    )
