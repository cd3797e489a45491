"""Paragraph styles as data: one table of sizes and colours, turned into reportlab styles."""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from fbss_desktop.documents.fonts import BOLD, ITALIC, register_fonts

INK = colors.HexColor("#1b2631")
ACCENT = colors.HexColor("#1f4e79")
WARNING = colors.HexColor("#922b21")
MUTED = colors.HexColor("#566573")
RULE = colors.HexColor("#aab7b8")
DRAFT_MARK = colors.HexColor("#f2d7d5")  # the draft watermark: light enough to read the text through it

# name -> (font, size, leading, colour, space before, space after, extra). Headings do not use keepWithNext
# (it makes reportlab wrap every heading's neighbour twice); the story puts a CondPageBreak before them.
STYLE_TABLE: dict[str, tuple[str, float, float, Any, float, float, dict[str, Any]]] = {
    "body": ("", 10.5, 14, INK, 0, 4, {}),
    "small": ("", 8.5, 11, MUTED, 0, 2, {}),
    "title": (BOLD, 17, 21, ACCENT, 0, 6, {}),
    "h1": (BOLD, 13, 17, ACCENT, 10, 4, {}),
    "h2": (BOLD, 11.5, 15, INK, 8, 2, {}),
    "label": (BOLD, 10.5, 14, INK, 2, 0, {}),
    "bullet": ("", 10.5, 14, INK, 0, 2, {"leftIndent": 14, "bulletIndent": 4}),
    "warning_title": (BOLD, 12, 16, WARNING, 0, 4, {}),
    "warning": ("", 10.5, 14, INK, 0, 2, {"leftIndent": 14, "bulletIndent": 4}),
    "cell": ("", 9.5, 12, INK, 0, 0, {}),
    "cell_head": (BOLD, 9.5, 12, colors.white, 0, 0, {}),
    "note": (ITALIC, 9.5, 12.5, MUTED, 2, 4, {}),
}


@cache
def styles() -> dict[str, ParagraphStyle]:
    regular = register_fonts()
    result = {}
    for name, (font, size, leading, colour, before, after, extra) in STYLE_TABLE.items():
        result[name] = ParagraphStyle(
            name,
            fontName=font or regular,
            bulletFontName=regular,  # reportlab's default is Helvetica, which no PDF embeds
            fontSize=size,
            leading=leading,
            textColor=colour,
            spaceBefore=before,
            spaceAfter=after,
            **extra,
        )
    return result
