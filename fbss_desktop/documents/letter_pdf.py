"""A letter as a PDF on the clinic's letterhead: the date, the address block, "Re:", the salutation, the
sections as edited (an empty one left out), the closing and the signer. A draft carries the DRAFT band and
watermark on every page; a printed letter is laid out from its frozen document and letterhead alone."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from fbss_desktop.core.letters import LetterDocument, PrintedHead, printed_sections
from fbss_desktop.core.plan_print import Letterhead, long_date
from fbss_desktop.documents.flowables import text
from fbss_desktop.documents.plan_pdf import heading
from fbss_desktop.documents.styles import styles
from fbss_desktop.documents.templates import page_text, render

SOURCE_MARK = " Source: "  # a criterion line's source is set small, after what it documents
FLAGGED = ("Not met:", "Not documented:")


def _line(line: str) -> Paragraph:
    """One line of a section. A criterion's source is set small; one not met or not documented, in bold."""
    s = styles()
    body, mark, source = line.partition(SOURCE_MARK)
    markup = escape(body)
    if body.startswith(FLAGGED):
        markup = f"<b>{markup}</b>"
    if mark:
        markup += f'<br/><font size="8">Source: {escape(source)}</font>'
    return Paragraph(markup, s["body"])


def letter_story(document: LetterDocument) -> list[Flowable]:
    story: list[Flowable] = [text(long_date(document.date)), Spacer(1, 4 * mm)]
    if document.recipient:
        story.append(text("\n".join(document.recipient)))
        story.append(Spacer(1, 4 * mm))
    if document.subject:
        story.append(Paragraph(f"<b>{escape(document.subject)}</b>", styles()["body"]))
        story.append(Spacer(1, 2 * mm))
    if document.salutation:
        story.append(text(document.salutation))
    for section in printed_sections(document):
        if section.heading:
            story.extend(heading(section.heading, "h2"))
        story.extend(_line(line) for line in section.text.splitlines() if line.strip())
    ending = [Spacer(1, 4 * mm), text(document.closing), Spacer(1, 12 * mm), text(document.signer)]
    story.append(KeepTogether(ending))
    return story


def render_letter_pdf(
    document: LetterDocument, head: PrintedHead, *, paper: str = "letter", draft: bool, invariant: bool = False
) -> bytes:
    """The letter under `head` (the letterhead and the patient's footer line). The file's title names the kind
    of letter and its date only."""
    title = f"{document.kind.label}, {document.date.isoformat()}"
    page = page_text(
        Letterhead(head.clinic, head.address, head.phone, head.logo),
        header=title,
        footer_left=head.patient_line,
        footer_right=f"Letter of {long_date(document.date)}",
        unnamed="Clinic",
        draft=draft,
        draft_words="DRAFT · not printed yet · edit before printing",
    )
    return render(
        letter_story(document),
        page,
        paper=paper,
        title=title,
        author=document.signer or head.clinic or "FBSS Desktop",
        subject=document.kind.label,
        invariant=invariant,
    )
