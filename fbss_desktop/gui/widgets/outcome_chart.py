"""The outcome trend as a small chart: the pain scores (left axis, 0-10: back and leg, or neck and arm) and
the disability index (right axis, 0-100: ODI, or NDI for a neck patient), with the treatments given.

A dashed line per measure marks the value that would be the minimal clinically important change from
the first visit (the clinic sets the MCID); a point at or below it has improved by at least that much. The
NDI has no such line: the clinical reference gives no minimal important change for it. Each treatment
marker (core.timeline: procedures and medicine changes, grouped by day) is a thin grey line at its day with
a numbered dot at the top; resting the pointer on the number shows what was done, and the panel lists the
numbers under the chart. The legend names each measure and each dashed line (the key names the treatments).
The axes take as many ticks as their labels have room for, so a small chart (a laptop) shows fewer numbers,
never "…".
QtCharts is imported with this module, which the patient panel loads only when a trend is shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from fbss_desktop.core.outcomes import Measure, Trend
from fbss_desktop.core.timeline import Marker
from fbss_desktop.gui import metrics

COLOURS = {
    Measure.BACK_NRS: "#1f77b4",
    Measure.LEG_NRS: "#d62728",
    Measure.ODI: "#2ca02c",
    Measure.NECK_NRS: "#17becf",
    Measure.ARM_NRS: "#9467bd",
    Measure.NDI: "#8c564b",
}
TREATMENTS = "Treatments"


def _ms(day: dt.date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class OutcomeChart(QChartView):
    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self.setObjectName("outcomeChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(metrics.CHART_MIN_WIDTH, metrics.CHART_MIN_HEIGHT)
        margin = metrics.CHART_MARGIN
        self._chart.setMargins(QMargins(margin, margin, margin, margin))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.series_points: dict[Measure, list[tuple[dt.date, float]]] = {}
        self.mcid_lines: dict[Measure, float] = {}
        self.value_axes: list[QValueAxis] = []
        self.date_axis: QDateTimeAxis | None = None
        self.days = 0
        self.markers: list[Marker] = []  # as drawn, numbered from 1
        self.marker_dots: list[QScatterSeries] = []
        self.marker_numbers: list[QGraphicsSimpleTextItem] = []
        self._chart.plotAreaChanged.connect(lambda _area: self.fit_ticks())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_ticks()

    def fit_ticks(self) -> None:
        """As many ticks on each axis as their numbers have room for beside each other (and the markers'
        numbers over their dots)."""
        self._place_numbers()
        area = self._chart.plotArea()
        for axis in self.value_axes:
            line = QFontMetrics(axis.labelsFont()).height() * metrics.CHART_LABEL_ROOM
            fitting = [n for n in metrics.CHART_TICK_COUNTS if area.height() / n >= line]
            count = fitting[0] if fitting else metrics.CHART_TICK_COUNTS[-1]
            if axis.tickCount() != count:
                axis.setTickCount(count)
        if self.date_axis is not None:
            font = QFontMetrics(self.date_axis.labelsFont())
            label = font.horizontalAdvance(QDate.currentDate().toString(metrics.CHART_DATE_FORMAT) + "MM")
            count = max(2, min(metrics.CHART_MAX_DATE_TICKS, self.days, int(area.width() // max(label, 1))))
            if self.date_axis.tickCount() != count:
                self.date_axis.setTickCount(count)

    def show_trend(self, trend: Trend) -> None:
        chart = self._chart
        for item in self.marker_numbers:  # before the series go: placing a number reads its dot
            if item.scene() is not None:
                item.scene().removeItem(item)
        self.markers, self.marker_dots, self.marker_numbers = [], [], []
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.series_points, self.mcid_lines, self.value_axes, self.date_axis = {}, {}, [], None
        days = [p.day for p in trend.points]
        if not days:
            return
        start, end = min(days), max(days + [m.day for m in trend.markers])
        if start == end:
            start, end = start - dt.timedelta(days=15), end + dt.timedelta(days=15)
        x_axis = QDateTimeAxis()
        x_axis.setFormat(metrics.CHART_DATE_FORMAT)
        x_axis.setRange(
            QDateTime(QDate(start.year, start.month, start.day), QTime(0, 0)),
            QDateTime(QDate(end.year, end.month, end.day), QTime(23, 59)),
        )
        nrs_axis = self._value_axis(Measure.BACK_NRS, "NRS")
        indexes = [m.label.split()[0] for m in trend.measures if m.is_percent] or ["ODI"]
        odi_axis = self._value_axis(Measure.ODI, " / ".join(indexes) + " %")
        self.value_axes, self.date_axis, self.days = [nrs_axis, odi_axis], x_axis, max(2, len(days))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(nrs_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(odi_axis, Qt.AlignmentFlag.AlignRight)
        for measure in trend.measures:
            points = trend.series(measure)
            self.series_points[measure] = list(points)
            axis = odi_axis if measure.is_percent else nrs_axis
            colour = QColor(COLOURS[measure])
            line = QLineSeries()
            line.setName(measure.label)
            line.setPen(QPen(colour, metrics.CHART_LINE_WIDTH))
            dots = QScatterSeries()
            dots.setColor(colour)
            dots.setMarkerSize(metrics.CHART_MARKER_SIZE)
            for day, value in points:
                line.append(_ms(day), value)
                dots.append(_ms(day), value)
            for series in (line, dots):
                chart.addSeries(series)
                series.attachAxis(x_axis)
                series.attachAxis(axis)
            chart.legend().markers(dots)[0].setVisible(False)  # the line's entry stands for its dots
            target = trend.target(measure)
            if target is not None and len(points) > 1:
                self.mcid_lines[measure] = target
                mcid = QLineSeries()
                mcid.setName(measure.mcid_label)
                pen = QPen(colour, 1, Qt.PenStyle.DashLine)
                mcid.setPen(pen)
                mcid.append(_ms(start), target)
                mcid.append(_ms(end), target)
                chart.addSeries(mcid)
                mcid.attachAxis(x_axis)
                mcid.attachAxis(axis)
        for number, marker in enumerate(trend.markers, start=1):
            self._add_marker(number, marker, x_axis, nrs_axis)
        self.fit_ticks()

    def _add_marker(self, number: int, marker: Marker, x_axis: QDateTimeAxis, axis: QValueAxis) -> None:
        """A grey line at the marker's day, and its number over a dot at the top (its tooltip: the events)."""
        chart, colour = self._chart, QColor(metrics.CHART_TREATMENT_COLOUR)
        line = QLineSeries()
        line.setName(TREATMENTS)
        line.setPen(QPen(colour, metrics.CHART_TREATMENT_LINE_WIDTH, Qt.PenStyle.DotLine))
        line.append(_ms(marker.day), 0)
        line.append(_ms(marker.day), Measure.BACK_NRS.high)
        dot = QScatterSeries()
        dot.setName(marker.text)
        dot.setColor(colour)
        dot.setMarkerSize(metrics.CHART_TREATMENT_SIZE)
        dot.append(_ms(marker.day), Measure.BACK_NRS.high)
        number_item = QGraphicsSimpleTextItem(str(number), chart)  # placed over the dot by _place_numbers
        number_item.setToolTip(self._tip(number, marker))  # resting the pointer on it names the treatments
        for series in (line, dot):
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(axis)
        for series in (line, dot):  # the key under the chart names them: the legend keeps its room for the scores
            chart.legend().markers(series)[0].setVisible(False)
        self.markers.append(marker)
        self.marker_dots.append(dot)
        self.marker_numbers.append(number_item)

    @staticmethod
    def _tip(number: int, marker: Marker) -> str:
        return f"{number}. {marker.day.isoformat()}: {marker.text}"

    def _place_numbers(self) -> None:
        """Each marker's number just above its dot (again whenever the plot area moves)."""
        for dot, item in zip(self.marker_dots, self.marker_numbers, strict=True):
            spot = self._chart.mapToPosition(dot.at(0), dot)
            box = item.boundingRect()
            item.setPos(spot.x() - box.width() / 2, spot.y() - box.height() - metrics.CHART_TREATMENT_SIZE / 2)

    def marker_position(self, number: int) -> QPointF:
        """Where the marker numbered `number` is drawn, in the view's coordinates (a test hovers there)."""
        dot = self.marker_dots[number - 1]
        scene = self._chart.mapToPosition(dot.at(0), dot)
        return QPointF(self.mapFromScene(scene))

    def marker_key(self) -> str:
        """The markers as the panel lists them under the chart, short so a laptop's panel keeps room for the
        chart: "1 ESI L4-L5 · 2 Gabapentin dose up +1" (`marker_details` has every event with its day)."""
        shown = [f"{n} {m.label}" for n, m in enumerate(self.markers, start=1)][: metrics.MARKER_KEY_MAX]
        rest = len(self.markers) - len(shown)
        return "  ·  ".join(shown) + (f"  ·  and {rest} more (rest the pointer here)" if rest > 0 else "")

    def marker_details(self) -> str:
        """Every marker's day and events, one a line: "1. 2026-03-03: ESI L4-L5"."""
        return "\n".join(self._tip(n, m) for n, m in enumerate(self.markers, start=1))

    @staticmethod
    def _value_axis(measure: Measure, title: str) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(0, measure.high)
        axis.setTickCount(metrics.CHART_TICK_COUNTS[0])
        axis.setLabelFormat("%d")
        axis.setTitleText(title)
        return axis

    def legend_entries(self) -> list[str]:
        """The legend's entries as shown: one per measure and one per dashed line."""
        return [marker.label() for marker in self._chart.legend().markers() if marker.isVisible()]
