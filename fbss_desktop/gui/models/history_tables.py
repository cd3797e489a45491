"""Tables of the patient panel: spine surgeries and consults, each a plain list of core objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1


Column = tuple[str, Callable[[Any], Any]]  # header, and the cell text of a row object


class ListTableModel(QAbstractTableModel):
    COLUMNS: tuple[Column, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.COLUMNS):
                return self.COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == RowRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole and 0 <= index.column() < len(self.COLUMNS):
            return self.COLUMNS[index.column()][1](item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item)
        return None

    def tooltip(self, item: Any) -> str | None:
        return None


class SurgeryTableModel(ListTableModel):
    COL_DATE, COL_PROCEDURE, COL_LEVELS, COL_FUSION, COL_APPROACH, COL_SURGEON = range(6)

    def __init__(self, catalogue: Callable[[], SurgeryCatalogue], parent: Any = None) -> None:
        """`catalogue` gives the surgery catalogue once the clinic is open (rows exist only then)."""
        super().__init__(parent)
        self.COLUMNS = (
            ("Date", lambda s: str(s.performed)),
            ("Procedure", lambda s: catalogue().procedure_label(s.procedure)),
            ("Levels", lambda s: ", ".join(s.levels)),
            ("Fusion / hardware", _fusion_text),
            ("Approach", lambda s: catalogue().approach_label(s.approach)),
            ("Surgeon", lambda s: s.surgeon),
        )

    def tooltip(self, item: Surgery) -> str | None:
        return item.outcome_notes or None


def _fusion_text(surgery: Surgery) -> str:
    parts = (["fusion"] if surgery.fusion else []) + (["hardware"] if surgery.instrumented else [])
    return " + ".join(parts) if parts else "no"


def _score(value: int | None, what: str = "") -> str:
    return "" if value is None else f"{value} {what}".strip()


def _percent(value: float | None, what: str = "") -> str:
    return "" if value is None else f"{value:g}% {what}".strip()


class ConsultTableModel(ListTableModel):
    COL_DATE, COL_CLINICIAN, COL_STATUS, COL_BACK, COL_LEG, COL_ODI, COL_REASON = range(7)
    COLUMNS = (
        ("Date", lambda c: c.consult_date.isoformat()),
        ("Clinician", lambda c: c.clinician_name),
        ("Status", lambda c: c.status.label),
        # a neck consult shows its neck and arm pain and NDI in the same columns, named so
        ("Back/neck", lambda c: _score(c.neck_nrs, "neck") if c.region == "cervical" else _score(c.back_nrs)),
        ("Leg/arm", lambda c: _score(c.arm_nrs, "arm") if c.region == "cervical" else _score(c.leg_nrs)),
        ("ODI/NDI", lambda c: _percent(c.ndi_percent, "NDI") if c.region == "cervical" else _percent(c.odi_percent)),
        ("Reason", lambda c: c.reason),
    )

    def tooltip(self, item: ConsultSummary) -> str | None:
        return item.reason or None


class PlanVersionTableModel(ListTableModel):
    """Every version of the patient's plans, newest first: what changed, finalized, printed."""

    COL_DATE, COL_VERSION, COL_STATUS, COL_BY, COL_PRINTED, COL_TREATMENTS, COL_CHANGES = range(7)
    COLUMNS = (
        ("Plan of", lambda v: v.consult_date.isoformat()),
        ("Version", lambda v: str(v.version)),
        ("Status", lambda v: v.status.value.capitalize()),
        ("Finalized by", lambda v: v.finalized_by),
        ("Printed", lambda v: v.last_printed.strftime("%Y-%m-%d %H:%M") if v.last_printed else "not yet"),
        ("Items", lambda v: str(v.treatments)),
        ("Changes since the version before", lambda v: "; ".join(v.changes)),
    )

    def tooltip(self, item: Any) -> str | None:
        return "\n".join(item.changes) or None
