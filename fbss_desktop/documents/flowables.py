"""Custom flowables: the warning box, the outcome chart, the signature line, escaped paragraphs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from fbss_desktop.core.plan_print import TrendPoint
from fbss_desktop.documents.fonts import REGULAR
from fbss_desktop.documents.styles import ACCENT, INK, MUTED, RULE, WARNING, styles

BACK, LEG, ODI = colors.HexColor("#1f618d"), colors.HexColor("#b9770e"), colors.HexColor("#6c3483")


def text(value: str, style: str = "body") -> Paragraph:
    """A paragraph of user or catalogue text: escaped, so "<b>" or "&" print as typed."""
    return Paragraph(escape(value).replace("\n", "<br/>"), styles()[style])


def bullets(values: Sequence[str], style: str = "bullet") -> list[Paragraph]:
    return [Paragraph(escape(v), styles()[style], bulletText="•") for v in values]


def labelled(label: str, value: str) -> Paragraph:
    """ "<b>Label:</b> value", the value escaped."""
    return Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles()["body"])


def warning_box(title: str, items: Sequence[str], intro: str = "") -> Flowable:
    """A framed box that stays on one page: the warning signs every plan carries."""
    content: list[Flowable] = [Paragraph(escape(title), styles()["warning_title"])]
    if intro:
        content.append(text(intro))
    content.extend(bullets(items, "warning"))
    table = Table([[content]], colWidths=["100%"])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR),  # the cell's own font: Helvetica unless set
                ("BOX", (0, 0), (-1, -1), 1.4, WARNING),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fdf2f0")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table  # one row: a table never splits it, so the box stays on one page


def data_table(head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A table whose header (if any) repeats on each page and whose rows never split across pages."""
    s = styles()
    data = [[Paragraph(escape(h), s["cell_head"]) for h in head]] if head else []
    data += [[Paragraph(escape(c), s["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1 if head else 0, splitByRow=1)
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), REGULAR),  # the cell's own font: Helvetica unless set, and never embedded
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1 if head else 0), (-1, -1), [colors.white, colors.HexColor("#f4f6f6")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if head:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    table.setStyle(TableStyle(commands))
    return table


def trend_chart(points: Sequence[TrendPoint], width: float) -> Drawing:
    """Two small charts side by side: back and leg pain (0-10), and the disability score (0-100)."""
    height = 60 * mm
    # the font state a drawing returns to between strings: Helvetica unless set, and never embedded
    drawing = Drawing(width, height, initialFontName=REGULAR)
    half = (width - 10 * mm) / 2
    start = points[0].day
    pain = [
        ([((p.day - start).days, float(p.back)) for p in points if p.back is not None], BACK, "Back pain"),
        ([((p.day - start).days, float(p.leg)) for p in points if p.leg is not None], LEG, "Leg pain"),
    ]
    odi = [([((p.day - start).days, float(p.odi)) for p in points if p.odi is not None], ODI, "Disability score")]
    _plot(drawing, points, pain, x=0, width=half, height=height, top=10, step=2, title="Pain (0 to 10)")
    _plot(
        drawing,
        points,
        odi,
        x=half + 10 * mm,
        width=half,
        height=height,
        top=100,
        step=20,
        title="Disability score (0 to 100)",
    )
    return drawing


def _plot(
    drawing: Drawing,
    points: Sequence[TrendPoint],
    series: list[tuple[list[tuple[int, float]], colors.Color, str]],
    *,
    x: float,
    width: float,
    height: float,
    top: float,
    step: float,
    title: str,
) -> None:
    """One chart drawn from primitives (a LinePlot costs several times as much to render)."""
    start = points[0].day
    left, bottom = x + 24, 34.0
    plot_w, plot_h = width - 34, height - 58
    span = max((points[-1].day - start).days, 1)

    def at(day: float, value: float) -> tuple[float, float]:
        return left + plot_w * day / span, bottom + plot_h * value / top

    drawing.add(String(left, height - 12, title, fontName=REGULAR, fontSize=9, fillColor=INK))
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeColor=INK, strokeWidth=0.6))
    drawing.add(Line(left, bottom, left + plot_w, bottom, strokeColor=INK, strokeWidth=0.6))
    value = 0.0
    while value <= top:
        _, y = at(0, value)
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=RULE, strokeWidth=0.3))
        drawing.add(String(left - 4, y - 2.5, f"{value:g}", fontName=REGULAR, fontSize=7, textAnchor="end"))
        value += step
    for point in points:
        px, _ = at((point.day - start).days, 0)
        drawing.add(
            String(
                px,
                bottom - 10,
                _day_label(start, (point.day - start).days),
                fontName=REGULAR,
                fontSize=7,
                textAnchor="middle",
            )
        )
    legend_x = left
    for data, colour, label in series:
        if not data:
            continue
        coords = [c for day, v in data for c in at(day, v)]
        drawing.add(PolyLine(coords, strokeColor=colour, strokeWidth=1.6))
        for day, v in data:
            cx, cy = at(day, v)
            drawing.add(Circle(cx, cy, 2.2, fillColor=colour, strokeColor=colour))
        swatch = Rect(legend_x, 8, 8, 8)  # colours set after: the stubs mistype Rect's keywords
        swatch.fillColor = swatch.strokeColor = colour
        drawing.add(swatch)
        drawing.add(String(legend_x + 11, 9.5, label, fontName=REGULAR, fontSize=8))
        legend_x += 80


def _day_label(start: dt.date, days: float) -> str:
    day = start + dt.timedelta(days=int(round(days)))
    return f"{day:%b} {day.day}"


class SignatureLine(Flowable):
    """A line to sign on, with the clinician's name under it."""

    def __init__(self, name: str, width: float = 80 * mm) -> None:
        super().__init__()
        self.name, self.width, self.height = name, width, 18 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.line(0, 8 * mm, self.width, 8 * mm)
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(0, 4 * mm, self.name)
        canvas.drawRightString(self.width + 60 * mm, 4 * mm, "Date: ____________________")
