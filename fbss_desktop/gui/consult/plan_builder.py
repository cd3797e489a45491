"""The plan builder, the consult editor's "Plan" section: treatments from the catalogue, goals, follow-up.

Treatments are added from a searchable catalogue list (suggested ones first); each becomes an item with a
phase, a status and its details. Goals are specific and measurable (a score and its target). The builder
edits the plan document the editor saves with the consult; the decision support reads it live.

Beside it: `plan_items.py` (the items' table and editor), `catalogue_list.py` (the catalogue), `plan_findings.py`
(the acknowledgements the plan stores and the flags findings leave on its items) and `plan_errors.py` (a
refused save's errors marked on the plan).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.findings import Finding
from fbss_desktop.core.plan_document import goal_problems
from fbss_desktop.core.plans import GOAL_KINDS, GOAL_MEASURES
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult import plan_errors, plan_findings
from fbss_desktop.gui.consult.catalogue_list import CODE_ROLE as CODE_ROLE
from fbss_desktop.gui.consult.catalogue_list import DETAILS_ROLE, SearchKeys
from fbss_desktop.gui.consult.catalogue_list import CatalogueListModel as CatalogueListModel
from fbss_desktop.gui.consult.fields import ChoiceField, Form, NumberField, TextField, grid_of
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.pages.helpers import form_grid
from fbss_desktop.gui.consult.plan_items import ItemColumns, ItemEditor, PlanItemTableModel
from fbss_desktop.gui.widgets.field_errors import error_label


def _to_the_minute(stamp: str) -> str:
    """An ISO date and time as "2024-05-02 14:30"; text that is not one is shown as it is."""
    try:
        return f"{dt.datetime.fromisoformat(stamp):%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp


class PlanBuilder(QWidget):
    """Builds the plan document; `edited` on every change."""

    edited = Signal()

    def __init__(self, catalogue: TreatmentCatalogue, drugs: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planBuilder")
        self.catalogue = catalogue
        self.plan: dict[str, Any] = {}
        self._loading = False

        # --- the catalogue --------------------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("plan.search")
        self.search.setPlaceholderText("Find a treatment (e.g. epidural, gabapentin, stimulator)")
        self.search.setClearButtonEnabled(True)
        self.catalogue_model = CatalogueListModel(catalogue, self)
        self.catalogue_view = QListView()
        self.catalogue_view.setObjectName("plan.catalogue")
        self.catalogue_view.setModel(self.catalogue_model)
        self.catalogue_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.catalogue_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton("&Add to plan")
        self.add_button.setObjectName("plan.add")
        self.add_button.setAutoDefault(False)
        self.search_keys = SearchKeys(self.search, self.catalogue_view, self.catalogue_model)
        self.search.returnPressed.connect(self._add_current)  # the match highlighted
        self.catalogue_view.activated.connect(
            lambda index: self.add_treatment(index.data(CODE_ROLE), index.data(DETAILS_ROLE))
        )
        self.add_button.clicked.connect(self._add_current)
        catalogue_box = QGroupBox("Catalogue")
        left = QVBoxLayout(catalogue_box)
        hint = QLabel("★ suggested by the findings")
        hint.setWordWrap(True)  # the box's title never cut on a narrow catalogue
        left.addWidget(hint)
        left.addWidget(self.search)
        left.addWidget(self.catalogue_view, 1)
        left.addWidget(self.add_button)

        # --- the items ------------------------------------------------------------------------------------
        self.items_model = PlanItemTableModel(catalogue, drugs, self)
        self.items_view = QTableView()
        self.items_view.setObjectName("plan.items")
        self.items_view.setModel(self.items_model)
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_view.verticalHeader().hide()
        ItemColumns(self.items_view)  # the Details column keeps room to read, however narrow the screen
        self.items_view.selectionModel().selectionChanged.connect(self._item_selected)
        self.item_editor = ItemEditor(catalogue, drugs)
        self.item_editor.edited.connect(self._item_edited)
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("plan.remove")
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setAutoDefault(False)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self.remove_selected)
        item_buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            item_buttons.addWidget(button)
        item_buttons.addStretch(1)
        self.message = error_label()
        self.message.setObjectName("plan.message")
        items_box = QGroupBox("Plan")
        editor_scroll = self.editor_scroll = QScrollArea()
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QFrame.Shape.NoFrame)
        editor_scroll.setWidget(self.item_editor)
        editor_scroll.setMinimumHeight(metrics.ITEM_EDITOR_MIN_HEIGHT)  # the page scrolls on a laptop instead
        frame = self.items_view.frameWidth() + self.items_view.frameWidth()  # above and below
        row = self.items_view.fontMetrics().lineSpacing() * metrics.PLAN_ITEM_LINES + frame
        self.items_view.setMinimumHeight(
            self.items_view.horizontalHeader().sizeHint().height()
            + max(row, self.items_view.verticalHeader().defaultSectionSize()) * metrics.PLAN_ITEMS_MIN_ROWS
            + frame
        )
        middle = QVBoxLayout(items_box)
        middle.addWidget(self.items_view, metrics.PLAN_ITEMS_STRETCH)
        middle.addLayout(item_buttons)
        middle.addWidget(editor_scroll, metrics.ITEM_EDITOR_STRETCH)
        middle.addWidget(self.message)

        # --- goals and follow-up --------------------------------------------------------------------------
        self.form = Form(self)
        kinds = list(GOAL_KINDS.items())
        measures = [(code, label) for code, (label, _high) in GOAL_MEASURES.items()]
        self.goals = RecordListField(
            "goals",
            [
                ("Goal", lambda r: GOAL_KINDS.get(r.get("kind", ""), "")),
                ("Measure", lambda r: dict(measures).get(r.get("measure", ""), "")),
                ("Target", lambda r: "" if r.get("target") is None else f"{r['target']:g}"),
                ("In (weeks)", lambda r: str(r.get("due_weeks") or "")),
                ("In words", lambda r: str(r.get("text", ""))),
            ],
            lambda row: form_grid(
                [
                    ("Kind", row.add(ChoiceField("kind", kinds)).widget),
                    ("Measure", row.add(ChoiceField("measure", measures)).widget),
                    ("Target", row.add(NumberField("target", placeholder="e.g. 4")).widget),
                    ("In (weeks)", row.add(NumberField("due_weeks", placeholder="12")).widget),
                    ("In words", row.add(TextField("text", placeholder="Walk 30 minutes without stopping")).widget),
                ],
                columns=metrics.RECORD_FORM_COLUMNS,
            ),
            noun="goal",
            required="kind",
            check=goal_problems,  # a target of 15 for a 0-10 pain score is refused at Add, at the field
        )
        self.form.add(self.goals)
        goal_rows = self.goals.view.verticalHeader().defaultSectionSize() * metrics.GOALS_MIN_ROWS
        frame = self.goals.view.frameWidth() + self.goals.view.frameWidth()  # above and below
        self.goals.view.setMinimumHeight(goal_rows + self.goals.view.horizontalHeader().sizeHint().height() + frame)
        self.goals.view.setMaximumHeight(metrics.UNLIMITED)
        self.follow_up = self.form.add(
            NumberField("follow_up_weeks", placeholder="weeks", width=metrics.SHORT_NUMBER_WIDTH)
        )
        self.note = self.form.add(TextField("note", placeholder="A note on the plan (optional)"))
        self.form.edited.connect(self._plan_edited)
        goals_box = QGroupBox("Goals and follow-up")
        bottom = QVBoxLayout(goals_box)
        bottom.addWidget(self.goals.widget)
        bottom.addWidget(
            grid_of([("Follow-up in (weeks)", self.follow_up.widget), ("Note", self.note.widget)], metrics.FORM_COLUMNS)
        )

        self.status_line = QLabel()
        self.status_line.setObjectName("plan.status")
        self.status_line.setStyleSheet("font-weight: 600;")
        self.grade_line = QLabel()
        self.grade_line.setObjectName("plan.readingGrade")
        self.grade_line.setWordWrap(True)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(catalogue_box)
        top.addWidget(items_box)
        top.setStretchFactor(0, metrics.CATALOGUE_STRETCH)
        top.setStretchFactor(1, metrics.PLAN_STRETCH)
        top.setSizes(list(metrics.PLAN_SPLIT_SIZES))
        catalogue_box.setMinimumWidth(metrics.CATALOGUE_MIN_WIDTH)
        items_box.setMinimumWidth(metrics.PLAN_DETAILS_MIN_WIDTH)
        # The plan above its goals, as much of each as the screen holds: on a laptop the page scrolls down.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("plan.split")
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(goals_box)
        split.setStretchFactor(0, metrics.PLAN_ITEMS_STRETCH)
        split.setStretchFactor(1, 1)
        split.setSizes(list(metrics.PLAN_SPLIT_SIZES_VERTICAL))
        scroll = QScrollArea()
        scroll.setObjectName("plan.scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_line)
        layout.addWidget(self.grade_line)
        layout.addWidget(scroll, 1)
        self._update_buttons()

    # --- document -----------------------------------------------------------------------------------------
    def load(self, plan: dict[str, Any]) -> None:
        self._loading = True
        self.plan = copy.deepcopy(dict(plan))
        phases = self.plan.get("phases") or list(self.catalogue.phases)
        self.item_editor.phases = tuple(phases)
        self.items_model.set_items(self.plan.get("items") or [], phases)
        self.form.load(self.plan)
        self.item_editor.show_item(None)
        self._loading = False
        self._update_status()
        self.update_reading_grade()
        self._update_buttons()

    def document(self) -> dict[str, Any]:
        plan = {k: v for k, v in self.plan.items() if k not in ("items", "goals", "follow_up_weeks", "note")}
        plan.setdefault("status", "draft")
        plan.setdefault("phases", list(self.catalogue.phases))
        plan["items"] = [dict(i) for i in self.items_model.items]
        plan.update(self.form.document())
        plan.setdefault("goals", [])
        return plan

    @property
    def finalized(self) -> bool:
        return self.plan.get("status") == "finalized"

    def acknowledgement(self, finding_key: str) -> dict[str, Any]:
        """The stored acknowledgement of a finding ("R32@i2"), or an empty dict."""
        return plan_findings.acknowledgement(self.plan, finding_key)

    def acknowledge(self, finding: Finding, *, clinician: str, reason: str, clinician_id: Any = None) -> None:
        """Record (or replace) the acknowledgement of `finding`: who, when and why."""
        plan_findings.acknowledge(self.plan, finding, clinician=clinician, reason=reason, clinician_id=clinician_id)
        self.edited.emit()

    def update_reading_grade(self) -> None:
        """The reading grade of what the clinician wrote for the patient (each item's why, the plan note)."""
        from fbss_desktop.core.readability import TARGET_GRADE, reading_grade

        texts = [str(i.get("reason") or "") for i in self.items_model.items] + [str(self.note.get() or "")]
        written = " ".join(t if t.endswith((".", "!", "?")) else t + "." for t in texts if t.strip())
        if not written:
            self.grade_line.setText("")
            return
        grade = reading_grade(written)
        hard = grade > TARGET_GRADE
        self.grade_line.setStyleSheet("color: #9a6400;" if hard else "color: #566573;")
        self.grade_line.setText(
            f"Reading grade of what you wrote for the patient: {grade:.1f}"
            + (" — above grade 8: shorter sentences and plainer words will help." if hard else " (grade 8 or below).")
        )

    def _update_status(self) -> None:
        if self.finalized:
            who = self.plan.get("finalized_by") or "the clinician"
            when = _to_the_minute(str(self.plan.get("finalized_at") or ""))
            self.status_line.setText(f"Finalized by {who} on {when}. The plan is frozen.")
        else:
            count = len(self.items_model.items)
            self.status_line.setText(f"Draft plan · {count} treatment{'s' if count != 1 else ''}")

    # --- items --------------------------------------------------------------------------------------------
    def _add_current(self) -> None:
        index = self.catalogue_view.currentIndex()
        if not index.isValid() and self.catalogue_model.rowCount() == 1:
            index = self.catalogue_model.index(0)
        if index.isValid():
            self.add_treatment(index.data(CODE_ROLE), index.data(DETAILS_ROLE))  # a drug found is chosen

    def next_key(self) -> str:
        numbers = [int(i["key"][1:]) for i in self.items_model.items if str(i.get("key", ""))[1:].isdigit()]
        return f"i{max(numbers, default=0) + 1}"

    def add_treatment(self, code: str, details: dict[str, Any] | None = None, reason: str = "") -> str:
        """Add an item of `code` (one click from the catalogue or a finding) and select it; returns its key."""
        treatment = self.catalogue[code]
        phases = len(self.item_editor.phases)
        item = {
            "key": self.next_key(),
            "treatment": code,
            "phase": min(treatment.default_phase, phases),
            "status": "planned",
            "details": dict(details or {}),
            "reason": reason,
        }
        row = self.items_model.append(item)
        self.items_view.selectRow(row)
        self._update_status()
        self.edited.emit()
        return str(item["key"])

    def selected_row(self) -> int | None:
        rows = self.items_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_item(self, key: str) -> None:
        for row, item in enumerate(self.items_model.items):
            if item.get("key") == key:
                self.items_view.selectRow(row)
                return

    def _item_selected(self, *_args: object) -> None:
        row = self.selected_row()
        self.item_editor.show_item(self.items_model.items[row] if row is not None else None)
        self.editor_scroll.verticalScrollBar().setValue(0)  # a treatment's details from their first field
        self._update_buttons()

    def _item_edited(self) -> None:
        row = self.selected_row()
        if row is None or self._loading:
            return
        item = self.items_model.items[row]
        item.update(self.item_editor.values())
        self.items_model.changed(row)
        self.update_reading_grade()
        self.edited.emit()

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        label = self.items_model.index(row, 1).data()
        answer = QMessageBox.question(self, "Remove treatment", f"Remove {label} from the plan?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.items_model.remove(row)
        self.item_editor.show_item(None)
        self._update_status()
        self._update_buttons()
        self.edited.emit()

    def _move(self, step: int) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.items_view.selectRow(self.items_model.move(row, step))
        self.edited.emit()

    def _update_buttons(self) -> None:
        editable = not self.finalized and self.isEnabled()
        chosen = self.selected_row() is not None
        for button in (self.up_button, self.down_button, self.remove_button):
            button.setEnabled(chosen and editable)
        self.add_button.setEnabled(editable)

    def _plan_edited(self) -> None:
        if not self._loading:
            self.update_reading_grade()
            self.edited.emit()

    # --- findings and errors (plan_findings.py, plan_errors.py) ----------------------------------------------
    def show_findings(self, findings: tuple[Finding, ...], acknowledged: set[str]) -> None:
        """Mark the catalogue's suggested treatments and each item's worst unacknowledged finding."""
        self.catalogue_model.refresh(suggested={a.treatment for f in findings for a in f.actions})
        self.items_model.set_flags(plan_findings.item_flags(findings, acknowledged))

    def set_editable(self, editable: bool) -> None:
        for widget in (self.search, self.catalogue_view, self.item_editor, self.goals.widget, self.follow_up.widget):
            widget.setEnabled(editable and not self.finalized)
        self.note.widget.setEnabled(editable and not self.finalized)
        self._update_buttons()

    def clear_errors(self) -> None:
        plan_errors.clear_errors(self)

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Errors at "plan.…" paths; selects the first wrong item and marks its field."""
        return plan_errors.show_errors(self, errors)
