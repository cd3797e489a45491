"""The outcome trend as a small chart: back and leg NRS (left axis, 0-10) and ODI (right axis, 0-100).

A dashed line per measure marks the value that would be the minimal clinically important change from
the first visit (the clinic sets the MCID); a point at or below it has improved by at least that much.
QtCharts is imported with this module, which the patient panel loads only when a trend is shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen

from fbss_desktop.core.outcomes import Measure, Trend

COLOURS = {Measure.BACK_NRS: "#1f77b4", Measure.LEG_NRS: "#d62728", Measure.ODI: "#2ca02c"}


def _ms(day: dt.date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class OutcomeChart(QChartView):
    def __init__(self) -> None:
        self._chart = QChart()
        super().__init__(self._chart)
        self.setObjectName("outcomeChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(190)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.series_points: dict[Measure, list[tuple[dt.date, float]]] = {}
        self.mcid_lines: dict[Measure, float] = {}

    def show_trend(self, trend: Trend) -> None:
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.series_points, self.mcid_lines = {}, {}
        days = [p.day for p in trend.points]
        if not days:
            return
        start, end = min(days), max(days)
        if start == end:
            start, end = start - dt.timedelta(days=15), end + dt.timedelta(days=15)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("MMM yy")
        x_axis.setRange(
            QDateTime(QDate(start.year, start.month, start.day), QTime(0, 0)),
            QDateTime(QDate(end.year, end.month, end.day), QTime(23, 59)),
        )
        x_axis.setTickCount(min(6, max(2, len(days))))
        nrs_axis = QValueAxis()
        nrs_axis.setRange(0, 10)
        nrs_axis.setTickCount(6)
        nrs_axis.setLabelFormat("%d")
        nrs_axis.setTitleText("NRS")
        odi_axis = QValueAxis()
        odi_axis.setRange(0, 100)
        odi_axis.setTickCount(6)
        odi_axis.setLabelFormat("%d")
        odi_axis.setTitleText("ODI %")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(nrs_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(odi_axis, Qt.AlignmentFlag.AlignRight)
        labelled = False
        for measure in Measure:
            points = trend.series(measure)
            if not points:
                continue
            self.series_points[measure] = list(points)
            axis = odi_axis if measure is Measure.ODI else nrs_axis
            colour = QColor(COLOURS[measure])
            line = QLineSeries()
            line.setName(measure.label)
            line.setPen(QPen(colour, 2))
            dots = QScatterSeries()
            dots.setColor(colour)
            dots.setMarkerSize(7)
            for day, value in points:
                line.append(_ms(day), value)
                dots.append(_ms(day), value)
            for series in (line, dots):
                chart.addSeries(series)
                series.attachAxis(x_axis)
                series.attachAxis(axis)
            chart.legend().markers(dots)[0].setVisible(False)
            target = trend.target(measure)
            if target is not None and len(points) > 1:
                self.mcid_lines[measure] = target
                mcid = QLineSeries()
                mcid.setName("Minimal important change")
                pen = QPen(colour, 1, Qt.PenStyle.DashLine)
                mcid.setPen(pen)
                mcid.append(_ms(start), target)
                mcid.append(_ms(end), target)
                chart.addSeries(mcid)
                mcid.attachAxis(x_axis)
                mcid.attachAxis(axis)
                chart.legend().markers(mcid)[0].setVisible(not labelled)
                labelled = True
