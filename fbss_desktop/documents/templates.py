"""Page templates: the clinic's letterhead on the first page, a short header after, and on every page a
footer with the patient's name, date of birth, the plan date and "Page x of y". A draft carries a DRAFT band
at the top and a light diagonal watermark behind the text of every page; a final document carries neither."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from fbss_desktop.core.plan_print import Letterhead
from fbss_desktop.documents.fonts import BOLD, REGULAR, register_fonts
from fbss_desktop.documents.styles import ACCENT, DRAFT_MARK, MUTED, RULE, WARNING

PAPER = {"letter": LETTER, "a4": A4}
MARGIN = 18 * mm
LETTERHEAD = 30 * mm
FOOTER = 14 * mm
DRAFT_BAND = 7 * mm  # the band's height, in the top margin above the letterhead or the header
DRAFT_WORDS = "DRAFT · not final yet"


@dataclass(frozen=True)
class PageText:
    """What every page carries besides the story."""

    clinic: str
    address: str
    phone: str
    logo: str
    header: str  # pages after the first: "Treatment plan for …"
    footer_left: str  # patient name and date of birth
    footer_right: str  # the plan date
    draft: bool = False  # every page marked DRAFT (a band and a watermark)
    draft_words: str = DRAFT_WORDS  # the band's words
    draft_mark: str = "DRAFT"  # the word written large across the page


def page_text(
    letterhead: Letterhead,
    *,
    header: str,
    footer_left: str,
    footer_right: str,
    unnamed: str = "Your clinic",
    draft: bool = False,
    draft_words: str = DRAFT_WORDS,
    draft_mark: str = "DRAFT",
) -> PageText:
    """The page text of a document printed under the clinic's letterhead (`unnamed` stands in for a clinic
    that has not set its name; `draft` marks every page)."""
    return PageText(
        clinic=letterhead.name or unnamed,
        address=letterhead.address,
        phone=letterhead.phone,
        logo=letterhead.logo,
        header=header,
        footer_left=footer_left,
        footer_right=footer_right,
        draft=draft,
        draft_words=draft_words,
        draft_mark=draft_mark,
    )


def numbered_canvas(text: PageText) -> type[Canvas]:
    """A canvas that holds its pages until the end, then writes "Page x of y" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's page reset, used by its own recipe

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _footer(self, text, self.getPageNumber(), total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _footer(canvas: Canvas, text: PageText, page: int, total: int) -> None:
    width, _height = canvas._pagesize  # type: ignore[attr-defined]
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN, FOOTER, width - MARGIN, FOOTER)
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, FOOTER - 11, text.footer_left)
    # centred, unless a long name reaches the centre: then just after the name
    left_end = MARGIN + canvas.stringWidth(text.footer_left, REGULAR, 8.5) + 4 * mm
    right_width = canvas.stringWidth(text.footer_right, REGULAR, 8.5)
    if width / 2 - right_width / 2 >= left_end:
        canvas.drawCentredString(width / 2, FOOTER - 11, text.footer_right)
    else:
        canvas.drawString(left_end, FOOTER - 11, text.footer_right)
    canvas.drawRightString(width - MARGIN, FOOTER - 11, f"Page {page} of {total}")
    canvas.restoreState()


def _draft(canvas: Canvas, doc: Any, text: PageText) -> None:
    """Drawn first on a draft's page, so the watermark lies under the text: a band across the top margin
    that no reader misses and "DRAFT" written large and light across the page."""
    if not text.draft:
        return
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setFillColor(DRAFT_MARK)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(50)
    size = 110 * min(1.0, len("DRAFT") / len(text.draft_mark))  # a longer word, smaller, still across the page
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(0, -size * 0.35, text.draft_mark)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(WARNING)
    canvas.rect(MARGIN, height - 4 * mm - DRAFT_BAND, width - 2 * MARGIN, DRAFT_BAND, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(BOLD, 9.5)
    canvas.drawCentredString(width / 2, height - 4 * mm - DRAFT_BAND + 2.3 * mm, text.draft_words)
    canvas.restoreState()


def _letterhead(canvas: Canvas, doc: Any, text: PageText) -> None:
    _draft(canvas, doc, text)
    width, height = doc.pagesize
    canvas.saveState()
    left = MARGIN
    if text.logo:
        try:
            canvas.drawImage(text.logo, MARGIN, height - MARGIN - 16 * mm, 16 * mm, 16 * mm, preserveAspectRatio=True)
            left = MARGIN + 20 * mm
        except OSError:
            pass  # a missing logo file leaves the name alone rather than stop the print
    canvas.setFillColor(ACCENT)
    canvas.setFont(BOLD, 15)
    canvas.drawString(left, height - MARGIN - 5 * mm, text.clinic)
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    line = "  ·  ".join(part for part in (text.address, text.phone) if part)
    canvas.drawString(left, height - MARGIN - 10 * mm, line)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, height - MARGIN - LETTERHEAD + 10 * mm, width - MARGIN, height - MARGIN - LETTERHEAD + 10 * mm)
    canvas.restoreState()


def _header(canvas: Canvas, doc: Any, text: PageText) -> None:
    _draft(canvas, doc, text)
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, height - MARGIN + 2 * mm, f"{text.clinic}  ·  {text.header}")
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
    canvas.restoreState()


def document(target: Any, text: PageText, *, paper: str, title: str, author: str, subject: str, invariant: bool) -> Any:
    """A document with the first-page and later-page templates, its metadata set."""
    size = PAPER[paper]
    width, height = size
    regular = register_fonts()
    first = Frame(MARGIN, FOOTER + 4 * mm, width - 2 * MARGIN, height - MARGIN - LETTERHEAD - FOOTER, id="first")
    later = Frame(MARGIN, FOOTER + 4 * mm, width - 2 * MARGIN, height - 2 * MARGIN - FOOTER + 4 * mm, id="later")
    on_first: Callable[[Canvas, Any], None] = lambda canvas, doc: _letterhead(canvas, doc, text)  # noqa: E731
    on_later: Callable[[Canvas, Any], None] = lambda canvas, doc: _header(canvas, doc, text)  # noqa: E731
    doc = BaseDocTemplate(
        target,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=FOOTER,
        title=title,
        author=author,
        subject=subject,
        creator="FBSS Desktop",
        lang="en-US",
        invariant=1 if invariant else 0,
        # the canvas's first font goes into every page's resources, used or not: the embedded one, not
        # reportlab's default Helvetica, which a PDF/A check or a printer without it would stumble on
        initialFontName=regular,
        initialFontSize=10,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="First", frames=[first], onPage=on_first, autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[later], onPage=on_later),
        ]
    )
    return doc


def render(
    story: list[Any], text: PageText, *, paper: str, title: str, author: str, subject: str, invariant: bool
) -> bytes:
    """Lay out `story` on the clinic's pages and return the PDF bytes."""
    import io

    buffer = io.BytesIO()
    doc = document(buffer, text, paper=paper, title=title, author=author, subject=subject, invariant=invariant)
    doc.build(story, canvasmaker=numbered_canvas(text))
    return buffer.getvalue()
