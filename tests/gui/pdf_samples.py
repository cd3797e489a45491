"""A small two-page PDF for preview tests that need no database."""

from __future__ import annotations

import io


def two_page_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for number in (1, 2):
        page.drawString(72, 720, f"Page {number}")
        page.showPage()
    page.save()
    return buffer.getvalue()
