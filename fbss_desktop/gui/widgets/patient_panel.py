"""The patient panel: demographics, spine-surgery history (add, edit, remove) and consults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.outcomes import NO_NDI_MCID, Trend
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.gui import metrics
from fbss_desktop.gui.models.history_tables import ConsultTableModel, PlanVersionTableModel, SurgeryTableModel


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Two rows at the least (the walkthrough saw half a surgery and one consult on a laptop); more scroll.
    rows = view.verticalHeader().defaultSectionSize() * metrics.PANEL_TABLE_MIN_ROWS
    view.setMinimumHeight(rows + view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth())
    return view


class PatientPanel(QWidget):
    edit_patient_requested = Signal()
    add_surgery_requested = Signal()
    edit_surgery_requested = Signal(object)  # core Surgery
    remove_surgery_requested = Signal(object)  # core Surgery
    new_consult_requested = Signal(bool)  # carry forward from the last consult?
    open_consult_requested = Signal(int)  # consult id
    signed_versions_requested = Signal(int)  # consult id: its earlier signed versions (amendments replaced them)
    print_plan_requested = Signal(int, int)  # consult id, plan id
    letters_requested = Signal()  # the patient's letters (consult and medical-necessity letters)
    instructions_requested = Signal(int)  # plan id: the patient's instructions before one of its procedures

    def __init__(
        self, catalogue: Callable[[], SurgeryCatalogue], today: Callable[[], dt.date], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._today = today
        self.patient: Patient | None = None

        self.name = QLabel()
        self.name.setObjectName("patientName")
        self.name.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setObjectName("patientDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton("&Edit patient…")
        self.edit_button.clicked.connect(self.edit_patient_requested)
        self.letters_button = QPushButton("Le&tters…")
        self.letters_button.setObjectName("patientLetters")
        self.letters_button.setToolTip("Consult letters to the referring surgeon and medical-necessity letters")
        self.letters_button.clicked.connect(lambda _checked=False: self.letters_requested.emit())
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.details)
        header.addLayout(names, 1)
        header.addWidget(self.letters_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        self.surgery_model = SurgeryTableModel(catalogue, self)
        self.surgery_view = _table(self.surgery_model)
        self.surgery_view.setObjectName("surgeryTable")
        self.surgery_view.doubleClicked.connect(lambda _index: self._edit_selected())
        self.add_surgery = QPushButton("&Add surgery…")
        self.edit_surgery = QPushButton("Edit…")
        self.remove_surgery = QPushButton("Remove…")
        self.add_surgery.clicked.connect(self.add_surgery_requested)
        self.edit_surgery.clicked.connect(self._edit_selected)
        self.remove_surgery.clicked.connect(self._remove_selected)
        self.surgery_view.selectionModel().selectionChanged.connect(self._update_buttons)
        surgery_buttons = QHBoxLayout()
        for button in (self.add_surgery, self.edit_surgery, self.remove_surgery):
            surgery_buttons.addWidget(button)
        surgery_buttons.addStretch(1)
        self.surgery_box = QGroupBox("Spine surgery history")
        surgery_layout = QVBoxLayout(self.surgery_box)
        surgery_layout.addWidget(self.surgery_view)
        surgery_layout.addLayout(surgery_buttons)

        self.consult_model = ConsultTableModel(self)
        self.consult_view = _table(self.consult_model)
        self.consult_view.setObjectName("consultTable")
        # activated comes with Enter and with a double click (both would open the consult twice)
        self.consult_view.activated.connect(lambda _index: self._open_selected())
        self.new_consult = QToolButton()
        self.new_consult.setObjectName("newConsult")
        self.new_consult.setText("&New consult")
        self.new_consult.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_consult.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.new_consult)
        self.carry_action = QAction("Carry forward from the last consult", self)
        self.blank_action = QAction("Start blank", self)
        self.carry_action.triggered.connect(lambda: self.new_consult_requested.emit(True))
        self.blank_action.triggered.connect(lambda: self.new_consult_requested.emit(False))
        menu.addAction(self.carry_action)
        menu.addAction(self.blank_action)
        self.new_consult.setMenu(menu)
        self.new_consult.clicked.connect(lambda: self.new_consult_requested.emit(bool(self.consult_model.rowCount())))
        self.open_consult = QPushButton("&Open consult")
        self.open_consult.setObjectName("openConsult")
        self.open_consult.clicked.connect(self._open_selected)
        self.signed_versions = QPushButton("Signed &versions…")
        self.signed_versions.setObjectName("signedVersions")
        self.signed_versions.setToolTip("A signed consult as it was before each amendment: read or print it")
        self.signed_versions.clicked.connect(self._signed_versions_of_selected)
        self.consult_view.selectionModel().selectionChanged.connect(self._update_buttons)
        consult_buttons = QHBoxLayout()
        consult_buttons.addWidget(self.new_consult)
        consult_buttons.addWidget(self.open_consult)
        consult_buttons.addWidget(self.signed_versions)
        consult_buttons.addStretch(1)
        self.consult_box = QGroupBox("Consults")
        consult_layout = QVBoxLayout(self.consult_box)
        consult_layout.addWidget(self.consult_view)
        consult_layout.addLayout(consult_buttons)

        self.plan_model = PlanVersionTableModel(self)
        self.plan_view = _table(self.plan_model)
        self.plan_view.setObjectName("planTable")
        self.plan_view.doubleClicked.connect(lambda _index: self._print_selected_plan())
        self.print_plan = QPushButton("&Print plan…")
        self.print_plan.setObjectName("printPlanVersion")
        self.print_plan.clicked.connect(self._print_selected_plan)
        self.open_plan_consult = QPushButton("Open its consult")
        self.instructions = QPushButton("&Instructions for the patient…")
        self.instructions.setObjectName("planInstructions")
        self.instructions.setToolTip(
            "Before a planned procedure: the date, where to come, eating and drinking, a driver, and when to stop "
            "and restart each blood thinner"
        )
        self.instructions.clicked.connect(self._instructions_for_selected_plan)
        self.open_plan_consult.clicked.connect(self._open_plan_consult)
        self.plan_view.selectionModel().selectionChanged.connect(self._update_buttons)
        plan_buttons = QHBoxLayout()
        plan_buttons.addWidget(self.print_plan)
        plan_buttons.addWidget(self.open_plan_consult)
        plan_buttons.addWidget(self.instructions)
        plan_buttons.addStretch(1)
        self.plan_box = QGroupBox("Treatment plans")
        self.plan_box.setObjectName("planBox")
        plan_layout = QVBoxLayout(self.plan_box)
        plan_layout.addWidget(self.plan_view)
        plan_layout.addLayout(plan_buttons)

        self.trend_box = QGroupBox("Outcome trend")
        self.trend_box.setObjectName("trendBox")
        self.trend_layout = QVBoxLayout(self.trend_box)
        self.trend_summary = QLabel()
        self.trend_summary.setObjectName("trendSummary")
        self.trend_summary.setWordWrap(True)
        self.trend_layout.addWidget(self.trend_summary)
        self.trend_markers = QLabel()  # the treatment markers' key: what each numbered dot on the chart was
        self.trend_markers.setObjectName("trendMarkers")
        self.trend_markers.setWordWrap(True)
        self.trend_layout.addWidget(self.trend_markers)
        self.chart: Any = None  # OutcomeChart, created when first needed (QtCharts loads then)
        self.trend_box.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.surgery_box, 2)
        self.visits = QTabWidget()  # consults and plans share the space, so the trend keeps room for its axes
        self.visits.setObjectName("visitTabs")
        self.visits.addTab(self.consult_box, "Consults")
        self.visits.addTab(self.plan_box, "Treatment plans")
        layout.addWidget(self.visits, 3)
        layout.addWidget(self.trend_box, 3)
        self._update_buttons()

    def show_record(
        self,
        patient: Patient,
        surgeries: list[Surgery],
        consults: list,
        trend: Trend | None = None,
        plans: list | None = None,
    ) -> None:
        self.patient = patient
        self.name.setText(patient.display_name)
        facts = [
            f"MRN {patient.mrn}",
            f"born {patient.date_of_birth.isoformat()} ({patient.age(self._today())} y)",
            patient.sex.label,
        ]
        facts += [fact for fact in (patient.phone, patient.preferred_language) if fact]
        self.details.setText("  ·  ".join(facts))
        self.surgery_model.set_rows(surgeries)
        count = len(surgeries)
        self.surgery_box.setTitle(
            f"Spine surgery history ({count} operation{'s' if count != 1 else ''})"
            if count
            else "Spine surgery history (none recorded)"
        )
        self.consult_model.set_rows(consults)
        self.consult_box.setTitle(f"Consults ({len(consults)})" if consults else "Consults (none yet)")
        self.visits.setTabText(0, f"Consults ({len(consults)})")
        self.plan_model.set_rows(plans or [])
        versions = f"{len(plans)} version{'s' if len(plans) != 1 else ''}" if plans else "none yet"
        self.plan_box.setTitle(f"Treatment plans ({versions})")
        self.visits.setTabText(1, f"Treatment plans ({len(plans or [])})")
        self.show_trend(trend)
        self._update_buttons()

    def show_trend(self, trend: Trend | None) -> None:
        if trend is None or trend.visits_with_data == 0:
            self.trend_box.hide()
            return
        if self.chart is None:
            from fbss_desktop.gui.widgets.outcome_chart import OutcomeChart  # QtCharts loads on first use

            self.chart = OutcomeChart()
            self.trend_layout.insertWidget(0, self.chart, 1)
        self.chart.show_trend(trend)
        self.trend_summary.setText(trend_summary(trend))
        key = self.chart.marker_key()
        self.trend_markers.setText(f"Treatments: {key}" if key else "")
        self.trend_markers.setToolTip(self.chart.marker_details())  # each marker's day and every event
        self.trend_markers.setVisible(bool(key))
        self.trend_box.show()

    def selected_consult(self) -> ConsultSummary | None:
        rows = self.consult_view.selectionModel().selectedRows()
        return self.consult_model.row_object(rows[0].row()) if rows else None

    def _open_selected(self) -> None:
        consult = self.selected_consult()
        if consult is not None:
            self.open_consult_requested.emit(consult.id)

    def _signed_versions_of_selected(self) -> None:
        consult = self.selected_consult()
        if consult is not None:
            self.signed_versions_requested.emit(consult.id)

    def selected_plan(self) -> Any:
        rows = self.plan_view.selectionModel().selectedRows()
        return self.plan_model.row_object(rows[0].row()) if rows else None

    def _print_selected_plan(self) -> None:
        version = self.selected_plan()
        if version is not None:
            self.print_plan_requested.emit(version.consult_id, version.plan_id)

    def _instructions_for_selected_plan(self) -> None:
        version = self.selected_plan()
        if version is not None:
            self.instructions_requested.emit(version.plan_id)

    def _open_plan_consult(self) -> None:
        version = self.selected_plan()
        if version is not None:
            self.open_consult_requested.emit(version.consult_id)

    def selected_surgery(self) -> Surgery | None:
        rows = self.surgery_view.selectionModel().selectedRows()
        return self.surgery_model.row_object(rows[0].row()) if rows else None

    def _edit_selected(self) -> None:
        surgery = self.selected_surgery()
        if surgery is not None:
            self.edit_surgery_requested.emit(surgery)

    def _remove_selected(self) -> None:
        surgery = self.selected_surgery()
        if surgery is not None:
            self.remove_surgery_requested.emit(surgery)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected_surgery() is not None
        self.edit_surgery.setEnabled(chosen)
        self.remove_surgery.setEnabled(chosen)
        consult = self.selected_consult()
        self.open_consult.setEnabled(consult is not None)
        self.signed_versions.setEnabled(consult is not None and consult.status == "signed")
        plan_chosen = self.selected_plan() is not None
        self.print_plan.setEnabled(plan_chosen)
        self.open_plan_consult.setEnabled(plan_chosen)
        self.instructions.setEnabled(plan_chosen)
        self.carry_action.setEnabled(bool(self.consult_model.rowCount()))


def trend_summary(trend: Trend) -> str:
    """One line per measure: first and latest value, and whether the change reached the MCID (or is worse)."""
    parts = []
    for measure in trend.measures:
        series = trend.series(measure)
        unit = "%" if measure.is_percent else ""
        first, last = series[0][1], series[-1][1]
        if len(series) == 1:
            parts.append(f"{measure.label}: {first:g}{unit} (baseline)")
            continue
        verdict = trend.verdict(measure)  # a worsening is called worse
        mcid = trend.mcid(measure)
        why = str(mcid) if mcid is not None else f"no MCID: {NO_NDI_MCID}"
        parts.append(f"{measure.label}: {first:g}{unit} → {last:g}{unit}, {verdict} ({why})")
    return "\n".join(parts)
