"""Plan items in the plan builder: the table model of items and the editor of the selected item's details.

The editor is drawn from the treatment catalogue's detail fields, so a treatment added to the catalogue
needs no new widget. Changes apply to the selected item as they are typed (the findings follow live).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFormLayout, QHeaderView, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget

from fbss_desktop.core.plans import ItemStatus
from fbss_desktop.core.treatments import DetailField, Treatment, TreatmentCatalogue
from fbss_desktop.core.vocabulary import Choice, ChoiceList
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import ChoiceField, CodesField, Field, Form, NumberField, TextField
from fbss_desktop.gui.consult.study_fields import LevelsField

HEADERS = ("Phase", "Treatment", "Details", "Status", "Findings")
COL_PHASE, COL_TREATMENT, COL_DETAILS, COL_STATUS, COL_FINDINGS = range(len(HEADERS))
SEVERITY_COLOURS = {"block": "#b03a2e", "warn": "#b9770e", "suggest": "#1f618d", "info": "#566573"}


def describe_details(treatment: Treatment, details: dict[str, Any], catalogue: TreatmentCatalogue, drugs: Any) -> str:
    """A one-line summary of an item's details: "Transforaminal · Lumbar · L4-L5 · Left"."""
    parts = []
    for spec in treatment.details:
        value = details.get(spec.key)
        if value in (None, "", []):
            continue
        if spec.kind == "choice" and spec.choices == "yes_no":
            continue  # a yes/no detail says nothing on its own in a summary
        if spec.kind == "choice":
            parts.append(catalogue.choices[spec.choices].label(str(value)))
        elif spec.kind == "codes":
            parts.append(", ".join(catalogue.choices[spec.choices].label(v) for v in value))
        elif spec.kind == "levels":
            parts.append(", ".join(value))
        elif spec.kind == "drug":
            drug = drugs.drug(str(value))
            parts.append(drug.label if drug else str(value))
        elif spec.kind == "steroid":
            steroid = catalogue.steroid(str(value))
            parts.append(steroid.label.split(" (")[0] if steroid else str(value))
        elif spec.kind == "number" and isinstance(value, int | float):
            unit = spec.unit
            parts.append(f"{value:g}{unit}" if unit[:1] in ("/", "%", "x") else f"{value:g} {unit}".strip())
        elif spec.kind == "text" and spec.key in ("schedule", "titration", "instructions", "question"):
            parts.append(str(value)[: metrics.SUMMARY_TEXT_CHARS])
    return " · ".join(parts)


class PlanItemTableModel(QAbstractTableModel):
    """The plan's items (dicts as the plan document holds them), in plan order."""

    def __init__(self, catalogue: TreatmentCatalogue, drugs: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.drugs = drugs
        self.items: list[dict[str, Any]] = []
        self.phases: tuple[str, ...] = catalogue.phases
        self.finding_flags: dict[str, tuple[str, int]] = {}  # item key -> (worst severity, findings count)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_FINDINGS:
            worst = self.finding_flags.get(item.get("key", ""), ("", 0))[0]
            return QColor(SEVERITY_COLOURS[worst]) if worst else None
        if role == Qt.ItemDataRole.ForegroundRole and item.get("status") in ("done", "stopped"):
            return QColor("#7f8c8d")
        return None

    def _text(self, item: dict[str, Any], column: int) -> str:
        treatment = self.catalogue.get(str(item.get("treatment")))
        if column == COL_PHASE:
            phase = item.get("phase")
            if isinstance(phase, int) and 1 <= phase <= len(self.phases):
                return f"{phase}  {self.phases[phase - 1]}"
            return str(phase or "")
        if column == COL_TREATMENT:
            if treatment is None:
                return str(item.get("treatment"))
            return treatment.label + (" (retired)" if treatment.retired else "")
        if column == COL_DETAILS:
            return (
                describe_details(treatment, item.get("details") or {}, self.catalogue, self.drugs) if treatment else ""
            )
        if column == COL_STATUS:
            return ItemStatus(item.get("status") or "planned").label
        worst, count = self.finding_flags.get(item.get("key", ""), ("", 0))
        return {"block": "✖ ", "warn": "⚠ ", "suggest": "→ ", "info": "• "}.get(worst, "") + (
            f"{count}" if count else ""
        )

    def set_items(self, items: Sequence[dict[str, Any]], phases: Sequence[str]) -> None:
        self.beginResetModel()
        self.items = [dict(i) for i in items]
        self.phases = tuple(phases)
        self.endResetModel()

    def append(self, item: dict[str, Any]) -> int:
        row = len(self.items)
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.append(item)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        self.endRemoveRows()

    def move(self, row: int, step: int) -> int:
        target = row + step
        if not (0 <= row < len(self.items) and 0 <= target < len(self.items)):
            return row
        destination = target + 1 if step > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.items.insert(target, self.items.pop(row))
        self.endMoveRows()
        return target

    def changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def set_flags(self, flags: dict[str, tuple[str, int]]) -> None:
        self.finding_flags = flags
        if self.items:
            self.dataChanged.emit(self.index(0, COL_FINDINGS), self.index(len(self.items) - 1, COL_FINDINGS))


class ItemColumns(QObject):
    """Shares the items table's width among its columns: the Details column never narrower than
    metrics.PLAN_DETAILS_MIN_WIDTH; where the table is narrow (a laptop) the phase and treatment give way,
    elided, their whole text in the tooltip."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self.share)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.share()
        return False

    def wanted(self, column: int) -> int:
        return max(self.view.sizeHintForColumn(column), self.view.horizontalHeader().sectionSizeHint(column))

    def share(self, *_args: object) -> None:
        width = self.view.viewport().width()
        rest = width - self.wanted(COL_STATUS) - self.wanted(COL_FINDINGS)
        phase, treatment = self.wanted(COL_PHASE), self.wanted(COL_TREATMENT)
        details = max(metrics.PLAN_DETAILS_MIN_WIDTH, rest - phase - treatment)
        room = rest - details
        if phase + treatment > room:  # narrow: the phase and the treatment share what is left
            narrow = metrics.PLAN_NARROW_COLUMN
            phase = max(narrow, room * phase // max(phase + treatment, 1))
            treatment = max(narrow, room - phase)
        for column, size in (
            (COL_PHASE, phase),
            (COL_TREATMENT, treatment),
            (COL_DETAILS, details),
            (COL_STATUS, self.wanted(COL_STATUS)),
            (COL_FINDINGS, self.wanted(COL_FINDINGS)),
        ):
            self.view.setColumnWidth(column, size)


def _detail_field(spec: DetailField, catalogue: TreatmentCatalogue, drugs: Any) -> Field:
    path = f"details.{spec.key}"
    if spec.kind == "choice":
        return ChoiceField(path, catalogue.choices[spec.choices])
    if spec.kind == "codes":
        return CodesField(path, catalogue.choices[spec.choices], columns=metrics.SHORT_CHOICE_COLUMNS)
    if spec.kind == "levels":
        return LevelsField(path)
    if spec.kind == "number":
        return NumberField(path, placeholder=spec.unit)
    if spec.kind == "steroid":
        return ChoiceField(path, ChoiceList("steroid", tuple(Choice(s.code, s.label) for s in catalogue.steroids)))
    if spec.kind == "drug":
        allowed = [d for d in drugs.drugs if (spec.drug_class and spec.drug_class in d.classes) or d.code in spec.drugs]
        # a retired drug stays in the list so a stored plan still shows it, marked so nobody picks it anew
        return ChoiceField(path, [(d.code, d.label + (" (retired)" if d.retired else "")) for d in allowed])
    return TextField(path)


class ItemEditor(QWidget):
    """Phase, status, details, reason and note of the selected plan item; one form per treatment."""

    edited = Signal()

    def __init__(self, catalogue: TreatmentCatalogue, drugs: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.drugs = drugs
        self.forms: dict[str, Form] = {}
        self.pages: dict[str, int] = {}
        self.stack = QStackedWidget()
        self.title = QLabel()
        self.title.setObjectName("planItemTitle")
        self.title.setStyleSheet("font-weight: 600;")
        self.title.setWordWrap(True)
        empty = QLabel("Select a treatment in the plan to fill in its details, or add one from the catalogue.")
        empty.setWordWrap(True)
        empty.setStyleSheet("color: #666;")
        self.stack.addWidget(empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        self.treatment = ""
        self.phases: tuple[str, ...] = catalogue.phases

    def _form_for(self, code: str) -> Form:
        if code in self.forms:
            return self.forms[code]
        treatment = self.catalogue[code]
        form = Form(self)
        holder = QWidget()
        layout = QFormLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        phase = ChoiceField("phase", [(i + 1, f"{i + 1}  {t}") for i, t in enumerate(self.phases)], empty="—")
        others = [(s.value, s.label) for s in ItemStatus if s is not ItemStatus.PLANNED]
        status = ChoiceField("status", others, empty=ItemStatus.PLANNED.label)
        layout.addRow("P&hase", form.add(phase).widget)
        layout.addRow("S&tatus", form.add(status).widget)
        for spec in treatment.details:
            field = form.add(_detail_field(spec, self.catalogue, self.drugs))
            field.widget.setObjectName(f"plan.detail.{spec.key}")
            layout.addRow(spec.label + (" *" if spec.required else ""), field.widget)
        reason = form.add(TextField("reason", placeholder="Why this treatment, for this patient"))
        layout.addRow("&Why", reason.widget)
        layout.addRow("Note", form.add(TextField("note")).widget)
        form.edited.connect(self.edited)
        self.forms[code] = form
        self.pages[code] = self.stack.addWidget(holder)
        return form

    def show_item(self, item: dict[str, Any] | None) -> None:
        if item is None:
            self.treatment = ""
            self.title.setText("")
            self.stack.setCurrentIndex(0)
            return
        code = str(item.get("treatment"))
        form = self._form_for(code)
        self.treatment = code
        treatment = self.catalogue[code]
        prerequisites = "; ".join(treatment.prerequisites)
        self.title.setText(treatment.label + (f" — before it: {prerequisites}" if prerequisites else ""))
        form.load(item)
        self.stack.setCurrentIndex(self.pages[code])

    def values(self) -> dict[str, Any]:
        """The editor's fields as item values (phase, status, details, reason, note)."""
        document = self.forms[self.treatment].document()
        values = {
            "status": document.get("status") or "planned",
            "details": document.get("details", {}),
            "reason": document.get("reason", ""),
            "note": document.get("note", ""),
        }
        if document.get("phase") is not None:
            values["phase"] = document["phase"]
        return values

    def field(self, path: str) -> Field | None:
        form = self.forms.get(self.treatment)
        return form.widget_for(path) if form else None
