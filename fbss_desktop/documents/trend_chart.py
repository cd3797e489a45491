"""The patient's trend on the plan: pain (0-10) beside the disability score (0-100), each drawn from
primitives, with the treatments given between visits as numbered markers under the dates and a key below.

A lumbar patient reads back and leg pain and the ODI; a cervical patient neck and arm pain and the NDI; a
patient with both has both. A marker is a thin dashed line at its day in each chart, its number in a row
under the dates, and one line of the key ("1  March 3, 2026: Epidural steroid injection (L4-L5)").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from fbss_desktop.core.plan_print import TrendMarker, TrendPoint, long_date, short_date
from fbss_desktop.documents.fonts import REGULAR
from fbss_desktop.documents.styles import INK, MUTED, RULE, styles

BACK, LEG, ODI = colors.HexColor("#1f618d"), colors.HexColor("#b9770e"), colors.HexColor("#6c3483")
NECK, ARM, NDI = colors.HexColor("#117a65"), colors.HexColor("#a93226"), colors.HexColor("#5d6d7e")
MARKER_ROW = 14.0  # the room the numbered markers take under the dates
Series = tuple[list[tuple[int, float]], colors.Color, str]


def _series(points: Sequence[TrendPoint], field: str, colour: colors.Color, label: str) -> Series:
    start = points[0].day
    values = [((p.day - start).days, float(v)) for p in points if (v := getattr(p, field)) is not None]
    return values, colour, label


def trend_chart(points: Sequence[TrendPoint], width: float, markers: Sequence[TrendMarker] = ()) -> Drawing:
    """Two small charts side by side: the pain scores (0-10) and the disability scores (0-100)."""
    height = 60 * mm + (MARKER_ROW if markers else 0)
    # the font state a drawing returns to between strings: Helvetica unless set, and never embedded
    drawing = Drawing(width, height, initialFontName=REGULAR)
    half = (width - 10 * mm) / 2
    pain = [
        _series(points, "back", BACK, "Back pain"),
        _series(points, "leg", LEG, "Leg pain"),
        _series(points, "neck", NECK, "Neck pain"),
        _series(points, "arm", ARM, "Arm pain"),
    ]
    both = any(p.odi is not None for p in points) and any(p.ndi is not None for p in points)
    disability = [
        _series(points, "odi", ODI, "Back disability score" if both else "Disability score"),
        _series(points, "ndi", NDI, "Neck disability score" if both else "Disability score"),
    ]
    _plot(
        drawing, points, pain, x=0, width=half, height=height, top=10, step=2, title="Pain (0 to 10)", markers=markers
    )
    _plot(
        drawing,
        points,
        disability,
        x=half + 10 * mm,
        width=half,
        height=height,
        top=100,
        step=20,
        title="Disability score (0 to 100)",
        markers=markers,
    )
    return drawing


def marker_key(markers: Sequence[TrendMarker]) -> list[Flowable]:
    """The key under the chart: each marker's number, day and what was done."""
    style = styles()["small"]
    return [
        Paragraph(f"<b>{number}</b>&nbsp;&nbsp;{escape(long_date(m.day))}: {escape(m.text)}", style)
        for number, m in enumerate(markers, start=1)
    ]


def _plot(
    drawing: Drawing,
    points: Sequence[TrendPoint],
    series: list[Series],
    *,
    x: float,
    width: float,
    height: float,
    top: float,
    step: float,
    title: str,
    markers: Sequence[TrendMarker],
) -> None:
    """One chart drawn from primitives (a LinePlot costs several times as much to render)."""
    start = points[0].day
    row = MARKER_ROW if markers else 0.0
    left, bottom = x + 24, 42.0 + row  # room under the axis for the dates (two lines), markers and legend
    plot_w, plot_h = width - 34, height - 66 - row
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
    for words, px, line in _axis_labels(points, at):
        drawing.add(String(px, bottom - 10 - 8 * line, words, fontName=REGULAR, fontSize=7, textAnchor="middle"))
    _markers(drawing, markers, start, at, bottom=bottom, top_y=bottom + plot_h)
    drawn = [s for s in series if s[0]]
    legend_x, legend_step = left, min(80.0, (width - 24) / max(len(drawn), 1))
    for data, colour, label in drawn:
        coords = [c for day, v in data for c in at(day, v)]
        drawing.add(PolyLine(coords, strokeColor=colour, strokeWidth=1.6))
        for day, v in data:
            cx, cy = at(day, v)
            drawing.add(Circle(cx, cy, 2.2, fillColor=colour, strokeColor=colour))
        swatch = Rect(legend_x, 8, 8, 8)  # colours set after: the stubs mistype Rect's keywords
        swatch.fillColor = swatch.strokeColor = colour
        drawing.add(swatch)
        drawing.add(String(legend_x + 11, 9.5, label, fontName=REGULAR, fontSize=8))
        legend_x += legend_step


def _markers(
    drawing: Drawing,
    markers: Sequence[TrendMarker],
    start: dt.date,
    at: Callable[[float, float], tuple[float, float]],
    *,
    bottom: float,
    top_y: float,
) -> None:
    """A dashed line up the chart at each marker's day, and its number in a circle in the row under the
    dates (numbers of markers close together step aside rather than overprint)."""
    last_x = -1e9
    for number, marker in enumerate(markers, start=1):
        mx, _ = at((marker.day - start).days, 0)
        drawing.add(Line(mx, bottom, mx, top_y, strokeColor=MUTED, strokeWidth=0.5, strokeDashArray=[2, 2]))
        cx = max(mx, last_x + 11)
        last_x = cx
        cy = bottom - 20 - MARKER_ROW / 2
        drawing.add(Circle(cx, cy, 5, fillColor=colors.white, strokeColor=MUTED, strokeWidth=0.6))
        drawing.add(String(cx, cy - 2.3, str(number), fontName=REGULAR, fontSize=6.5, textAnchor="middle"))


def _axis_labels(
    points: Sequence[TrendPoint], at: Callable[[float, float], tuple[float, float]]
) -> list[tuple[str, float, int]]:
    """The visit dates under a chart, worded as the rest of the copy ("Nov 20", the year on a second line
    under the first date and wherever it changes); a date that would overprint its neighbour is left out,
    the first and the latest never."""
    start, room = points[0].day, 34.0
    spots = [(p.day, at((p.day - start).days, 0)[0]) for p in points]
    kept = [spots[0]]
    for day, x in spots[1:-1]:
        if x - kept[-1][1] >= room and spots[-1][1] - x >= room:
            kept.append((day, x))
    if len(spots) > 1:
        kept.append(spots[-1])
    labels: list[tuple[str, float, int]] = []
    shown_year = 0
    for day, x in kept:
        labels.append((short_date(day, year=False), x, 0))
        if day.year != shown_year:
            labels.append((str(day.year), x, 1))
            shown_year = day.year
    return labels
