"""The outcome chart of a neck patient, reached as a person does (load the demo, find the patient, pick them):
neck and arm pain and the NDI, with no minimal-change line for the NDI; the treatments given as numbered
markers, listed under the chart."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fbss_desktop.core.outcomes import Measure
from tests.gui.conftest import search


def test_a_neck_patients_chart_shows_neck_scores_and_numbered_treatment_markers(open_window, qtbot):
    window = open_window()
    qtbot.mouseClick(window.empty_load_demo, Qt.MouseButton.LeftButton)  # the demo's last two are neck patients
    search(qtbot, window, "D000050")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.panel.patient is not None and window.panel.patient.mrn == "D000050"
    chart = window.panel.chart
    assert set(chart.series_points) == {Measure.NECK_NRS, Measure.ARM_NRS, Measure.NDI}
    assert Measure.NDI not in chart.mcid_lines and Measure.NECK_NRS in chart.mcid_lines
    assert "no MCID" in window.panel.trend_summary.text()
    assert chart.markers and any("Gabapentin dose up" in m.text for m in chart.markers)
    key = window.panel.trend_markers
    assert key.isVisibleTo(window) and "1 ESI C5-C6" in key.text() and "Gabapentin dose up +1" in key.text()
    assert ": Gabapentin dose up; Ibuprofen stopped" in key.toolTip()  # every event, with its day
    assert "Treatments" not in chart.legend_entries()  # the legend keeps its room for the scores
    first = chart.marker_numbers[0]
    assert first.text() == "1" and first.toolTip() == f"1. {chart.markers[0].day.isoformat()}: ESI C5-C6"
    dot = chart.marker_position(1)
    assert (
        abs(first.sceneBoundingRect().center().x() - chart.mapToScene(dot.toPoint()).x()) < first.boundingRect().width()
    )
    search(qtbot, window, "D000007")  # a low back patient: back and leg pain and the ODI, as before
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert set(window.panel.chart.series_points) <= {Measure.BACK_NRS, Measure.LEG_NRS, Measure.ODI}
