"""Acknowledge a decision-support finding: who, and why the plan goes ahead (a block needs a reason)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.findings import Finding, Severity
from fbss_desktop.core.users import reason_problem


class AcknowledgeDialog(QDialog):
    def __init__(
        self,
        finding: Finding,
        clinicians: list[tuple[int | None, str]],
        *,
        current: int | None = None,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Acknowledge finding")
        self.setObjectName("acknowledgeDialog")
        self.finding = finding
        blocking = finding.severity is Severity.BLOCK
        intro = QLabel(
            f"<b>{finding.rule} · {finding.title}</b><br>{finding.message}<br><br>"
            + (
                "The plan can be finalized once this is acknowledged with a written reason."
                if blocking
                else "Acknowledging records that you have seen this warning."
            )
        )
        intro.setWordWrap(True)
        self.clinician = QComboBox()
        self.clinician.setObjectName("acknowledgeClinician")
        for clinician_id, name in clinicians:
            self.clinician.addItem(name, clinician_id)
        if current is not None and self.clinician.findData(current) >= 0:
            self.clinician.setCurrentIndex(self.clinician.findData(current))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("acknowledgeReason")
        self.reason.setPlaceholderText(
            "Why the plan goes ahead (required), e.g. 'Hold plan agreed with cardiology on 21 Nov'"
            if blocking
            else "Optional note"
        )
        self.reason.setPlainText(reason)
        self.reason.setMinimumHeight(90)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Acknowledge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #b03a2e;")
        form = QFormLayout()
        form.addRow("Clinician", self.clinician)
        form.addRow("Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._check)
        self.resize(460, 320)
        self._check()

    def _check(self) -> None:
        text = self.reason.toPlainText()
        problem = reason_problem(text) if self.finding.severity is Severity.BLOCK or text.strip() else None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        self.hint.setText(f"A blocking finding needs a written reason. {problem}" if problem else "")

    def values(self) -> dict[str, Any]:
        return {
            "clinician_id": self.clinician.currentData(),
            "clinician": self.clinician.currentText(),
            "reason": self.reason.toPlainText().strip(),
        }
