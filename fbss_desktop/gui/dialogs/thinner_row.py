"""One blood thinner in the instructions dialog: the table's dates (computed by the core, shown here), the
dose where the hold depends on it, the dates changed only with a reason, and the prescriber's agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from fbss_desktop.core.procedure_holds import HoldKind
from fbss_desktop.core.procedure_instructions import ThinnerPlan
from fbss_desktop.gui.widgets.field_errors import FieldErrors

DAY_FORMAT = "ddd d MMM yyyy"
WHEN_FORMAT = "ddd d MMM yyyy  h:mm AP"


def _qdatetime(moment: dt.datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


def _when(moment: dt.datetime) -> str:
    return f"{moment:%a %d %b %Y %I:%M %p}"


def describe(plan: ThinnerPlan) -> str:
    """What the antithrombotic table gives for this drug, in the clinician's words."""
    if plan.needs_dose:
        return "The hold depends on the dose: choose it. Until then the sheet says to ask the prescriber."
    if plan.kind is HoldKind.KEEP:
        return "The table: no hold for this bleeding class. The sheet says to keep taking it."
    if plan.kind is HoldKind.ASK:
        return "The table has no number for this class: the sheet says to ask the doctor who prescribes it."
    if plan.last_dose_day is not None:
        words = f"The table: last dose {plan.last_dose_day:%a %d %b %Y}"
    else:
        assert plan.last_dose_by is not None
        words = f"The table: last dose by {_when(plan.last_dose_by)}"
    if plan.restart_from is not None and plan.restart_until is not None:
        words += f"; start again between {_when(plan.restart_from)} and {_when(plan.restart_until)}"
    elif plan.restart_from is not None:
        words += f"; start again from {_when(plan.restart_from)}"
    else:
        words += "; no restart time in the table (the sheet says to ask the prescriber)"
    if plan.check == "inr":
        words += "; INR checked before"
    if plan.unconfirmed:
        words += ". NOT CONFIRMED for pain procedures: confirm it with the prescriber"
    return words + "."


class ThinnerRow(QGroupBox):
    def __init__(
        self,
        index: int,
        start: ThinnerPlan,
        doses: Mapping[str, str],
        errors: FieldErrors,
        changed: Callable[[], None],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(start.name, parent)
        self.setObjectName(f"thinner{index}")
        self.name, self.drug = start.name, start.drug
        self._table = start
        self.dose = QComboBox()
        self.dose.setObjectName(f"dose{index}")
        self.dose.addItem("Not known yet", "")
        for code, label in doses.items():
            self.dose.addItem(label, code)
        self.dose.setCurrentIndex(max(0, self.dose.findData(start.dose)))
        self.dose.currentIndexChanged.connect(lambda _i: changed())
        self.table = QLabel()
        self.table.setObjectName(f"table{index}")
        self.table.setWordWrap(True)
        self.change = QCheckBox("Change these dates (say why)")
        self.change.setObjectName(f"change{index}")
        self.last_dose = QDateTimeEdit()
        self.last_dose.setObjectName(f"lastDose{index}")
        self.last_dose.setCalendarPopup(True)
        self.restart = QDateTimeEdit()
        self.restart.setObjectName(f"restart{index}")
        self.restart.setCalendarPopup(True)
        self.restart.setDisplayFormat(WHEN_FORMAT)
        self.reason = QLineEdit(start.changed_reason)
        self.reason.setObjectName(f"reason{index}")
        self.reason.setPlaceholderText("e.g. the prescriber asked for one more day")
        self.agreed = QCheckBox("The prescriber agreed to this plan")
        self.agreed.setObjectName(f"agreed{index}")
        self.agreed.setChecked(start.agreed)
        self.agreed_by = QLineEdit(start.agreed_by)
        self.agreed_by.setObjectName(f"agreedBy{index}")
        self.agreed_by.setPlaceholderText("who: e.g. Dr Chen, cardiology")
        self.agreed_on = QDateEdit(QDate(*(start.agreed_on or today).timetuple()[:3]))
        self.agreed_on.setObjectName(f"agreedOn{index}")
        self.agreed_on.setCalendarPopup(True)
        self.agreed_on.setDisplayFormat(DAY_FORMAT)
        self.agreed_on.setMaximumDate(QDate(*today.timetuple()[:3]))
        form = QFormLayout(self)
        if doses:
            form.addRow("Dose", self.dose)
        form.addRow(self.table)
        form.addRow(self.change)
        where = f"thinners.{index}"
        for label, widget, name in (
            ("Last dose", self.last_dose, "last_dose"),
            ("Start again", self.restart, "restart"),
            ("Why changed", self.reason, "reason"),
        ):
            form.addRow(label, widget)
            form.addRow("", errors.add(f"{where}.{name}", widget))
        form.addRow(self.agreed)
        form.addRow("Agreed by", self.agreed_by)
        form.addRow("", errors.add(f"{where}.agreed_by", self.agreed_by))
        form.addRow("Agreed on", self.agreed_on)
        self.change.toggled.connect(lambda _on: self._enable())
        self.agreed.toggled.connect(lambda _on: self._enable())
        self.show_table(start, keep_changes=False)
        if start.changed_reason:
            self._set_dates(start)
            self.change.setChecked(True)
        self._enable()

    def show_table(self, plan: ThinnerPlan, *, keep_changes: bool = True) -> None:
        """The table's dates for the current date, time, class and dose; unchanged dates follow them."""
        self._table = plan
        self.table.setText(describe(plan))
        if not (keep_changes and self.change.isChecked()):
            self._set_dates(plan)
        self._enable()

    def _set_dates(self, plan: ThinnerPlan) -> None:
        if plan.last_dose_day is not None:
            self.last_dose.setDisplayFormat(DAY_FORMAT)
            day = plan.last_dose_day
            self.last_dose.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)))
        elif plan.last_dose_by is not None:
            self.last_dose.setDisplayFormat(WHEN_FORMAT)
            self.last_dose.setDateTime(_qdatetime(plan.last_dose_by))
        if plan.restart_from is not None:
            self.restart.setDateTime(_qdatetime(plan.restart_from))

    def _enable(self) -> None:
        hold = self._table.kind is HoldKind.HOLD
        self.change.setEnabled(hold)
        changing = hold and self.change.isChecked()
        for widget in (self.last_dose, self.restart, self.reason):
            widget.setEnabled(changing)
        self.restart.setEnabled(changing and self._table.restart_from is not None)
        self.agreed.setEnabled(hold)
        self.agreed_by.setEnabled(hold and self.agreed.isChecked())
        self.agreed_on.setEnabled(hold and self.agreed.isChecked())

    def chosen_dose(self) -> str:
        return str(self.dose.currentData() or "")

    def plan(self, table: ThinnerPlan) -> ThinnerPlan:
        """This drug as the sheet will say it: the table's dates, or the ones the clinician set and why."""
        from dataclasses import replace

        result = table
        if table.kind is HoldKind.HOLD and self.change.isChecked():
            chosen = self.last_dose.dateTime().toPython()
            assert isinstance(chosen, dt.datetime)
            restart = self.restart.dateTime().toPython() if table.restart_from is not None else None
            result = replace(
                table,
                last_dose_day=chosen.date() if table.last_dose_day is not None else None,
                last_dose_by=chosen.replace(second=0, microsecond=0) if table.last_dose_by is not None else None,
                restart_from=restart.replace(second=0, microsecond=0) if isinstance(restart, dt.datetime) else None,
                restart_until=table.restart_until if restart == table.restart_from else None,
                changed_reason=self.reason.text().strip(),
            )
        agreed = table.kind is HoldKind.HOLD and self.agreed.isChecked()
        on = self.agreed_on.date().toPython()
        return replace(
            result,
            agreed=agreed,
            agreed_by=self.agreed_by.text().strip() if agreed else "",
            agreed_on=on if agreed and isinstance(on, dt.date) else None,
        )
