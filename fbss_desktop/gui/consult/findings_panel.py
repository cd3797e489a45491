"""The findings panel beside the consult: decision-support findings grouped by severity, live.

Each finding shows why (the inputs that fired it, or the inputs it still needs), the rationale and its
sources. A block or a warning can be acknowledged (a block needs a written reason); a suggested work-up or
treatment is added to the plan with one click.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.findings import Action, Finding, Outcome, Severity
from fbss_desktop.gui import metrics

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
GROUPS = (
    ("block", "Stop: acknowledge before finalizing"),
    ("warn", "Warnings"),
    ("suggest", "Suggestions"),
    ("info", "Information"),
    ("needs_input", "Needs information"),
)
COLOURS = {"block": "#b03a2e", "warn": "#9a6400", "suggest": "#1f618d", "info": "#566573", "needs_input": "#6c3483"}
MARKS = {"block": "✖", "warn": "⚠", "suggest": "→", "info": "•", "needs_input": "?"}  # in the shipped fonts


def group_of(finding: Finding) -> str:
    return "needs_input" if finding.outcome is Outcome.NEEDS_INPUT else finding.severity.value


class FindingsPanel(QWidget):
    acknowledge_requested = Signal(object)  # Finding
    action_requested = Signal(object, object)  # Action, Finding
    item_requested = Signal(str)  # plan item key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setObjectName("findings")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setIndentation(metrics.FINDINGS_INDENT)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)  # long titles wrap instead of being cut
        self.view.setUniformRowHeights(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.header().setStretchLastSection(True)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.summary = QLabel()
        self.summary.setObjectName("findingsSummary")
        self.summary.setWordWrap(True)
        self.detail = QTextBrowser()
        self.detail.setObjectName("findingDetail")
        self.detail.setOpenExternalLinks(True)
        self.acknowledge_button = QPushButton("Ac&knowledge…")
        self.acknowledge_button.setObjectName("acknowledgeFinding")
        self.acknowledge_button.clicked.connect(self._acknowledge)
        self.show_item_button = QPushButton("Show in plan")
        self.show_item_button.clicked.connect(self._show_item)
        self.actions_row = QVBoxLayout()  # one suggested action per line: their labels are long
        self.actions_row.setContentsMargins(0, 0, 0, 0)
        self.actions_row.setSpacing(metrics.TIGHT_SPACING)
        self.action_buttons: list[QPushButton] = []
        buttons = QHBoxLayout()
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.show_item_button)
        buttons.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail, 1)
        lower_layout.addLayout(self.actions_row)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setStretchFactor(0, metrics.FINDINGS_LIST_STRETCH)
        split.setStretchFactor(1, metrics.FINDING_DETAIL_STRETCH)
        title = QLabel("<b>Decision support</b>")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.findings: tuple[Finding, ...] = ()
        self.by_key: dict[str, Finding] = {}
        self.acknowledged: dict[str, Any] = {}
        self.labels: dict[str, str] = {}
        self.editable = True
        self._show_current()

    # --- content ------------------------------------------------------------------------------------------
    def show_findings(
        self, findings: tuple[Finding, ...], acknowledged: dict[str, Any], labels: dict[str, str]
    ) -> None:
        """Show `findings`; `acknowledged` maps finding keys to acknowledgements, `labels` item keys to names."""
        current = self.current()
        self.findings, self.acknowledged, self.labels = findings, acknowledged, labels
        self.by_key = {f.key: f for f in findings}
        self.model.clear()
        counts = {}
        for code, title in GROUPS:
            members = [f for f in findings if group_of(f) == code]
            counts[code] = len(members)
            if not members:
                continue
            group = QStandardItem(f"{title} ({len(members)})")
            group.setForeground(QColor(COLOURS[code]))
            font = group.font()
            font.setBold(True)
            group.setFont(font)
            group.setSelectable(False)
            for finding in members:
                group.appendRow(self._row(finding, code))
            self.model.appendRow(group)
        self.view.expandAll()
        waiting = sum(1 for f in findings if f.needs_acknowledgement and f.key not in acknowledged)
        parts = []
        if waiting:
            parts.append(f"<span style='color:{COLOURS['block']}'><b>{waiting} to acknowledge</b></span>")
        for code, noun in (("warn", "warning"), ("suggest", "suggestion"), ("info", "note")):
            if counts.get(code):
                parts.append(f"{counts[code]} {noun}{'s' if counts[code] != 1 else ''}")
        if counts.get("needs_input"):
            parts.append(f"{counts['needs_input']} need{'s' if counts['needs_input'] == 1 else ''} information")
        self.summary.setText(" · ".join(parts) if parts else "Nothing to flag for this consult and plan.")
        self._select(current)

    def _row(self, finding: Finding, code: str) -> QStandardItem:
        where = self.labels.get(finding.item or "", "")
        ack = self.acknowledged.get(finding.key)
        done = " ✓" if ack is not None and (ack.reason or finding.severity is not Severity.BLOCK) else ""
        row = QStandardItem(f"{MARKS[code]} {finding.title}{done}")
        row.setData(finding.key, FINDING_ROLE)  # a plain string: Python objects in Qt models outlive their welcome
        row.setToolTip((f"{where}: " if where else "") + finding.message)
        if done:
            row.setForeground(QColor("#4d5656"))
        return row

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        key = index.data(FINDING_ROLE) if index.isValid() else None
        return self.by_key.get(key) if isinstance(key, str) else None

    def _select(self, wanted: Finding | None) -> None:
        if wanted is not None:
            for g in range(self.model.rowCount()):
                group = self.model.item(g)
                for r in range(group.rowCount()):
                    if group.child(r).data(FINDING_ROLE) == wanted.key:
                        self.view.setCurrentIndex(group.child(r).index())
                        return
        self._show_current()

    def select_first(self, severity: str) -> None:
        for g in range(self.model.rowCount()):
            group = self.model.item(g)
            if group.rowCount() and group_of(self.by_key[group.child(0).data(FINDING_ROLE)]) == severity:
                self.view.setCurrentIndex(group.child(0).index())
                return

    def _show_current(self) -> None:
        finding = self.current()
        for button in self.action_buttons:
            self.actions_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.action_buttons = []
        if finding is None:
            self.detail.setHtml("<p style='color:#666'>Select a finding to see why it was raised and its sources.</p>")
            self.acknowledge_button.setEnabled(False)
            self.show_item_button.setEnabled(False)
            return
        self.detail.setHtml(self._describe(finding))
        self.acknowledge_button.setEnabled(finding.can_acknowledge and self.editable)
        self.show_item_button.setEnabled(bool(finding.item))
        for action in finding.actions:
            button = QPushButton(f"+ {action.label}")
            button.setObjectName(f"findingAction:{action.treatment}")
            button.setToolTip("Add this to the plan")
            button.setEnabled(self.editable)
            button.clicked.connect(lambda _c=False, a=action, f=finding: self.action_requested.emit(a, f))
            self.actions_row.addWidget(button)
            self.action_buttons.append(button)

    def _describe(self, finding: Finding) -> str:
        e = html.escape
        code = group_of(finding)
        where = self.labels.get(finding.item or "", "")
        kind = dict(GROUPS)[code] if code == "needs_input" else finding.severity.label  # a question is no warning
        parts = [
            f"<p style='color:{COLOURS[code]}'><b>{e(finding.title)}</b><br>"
            f"<small>{e(finding.rule)} v{finding.version} · {e(kind)} · {e(finding.category.label)}"
            + (f" · {e(where)}" if where else "")
            + "</small></p>",
            f"<p>{e(finding.message)}</p>",
        ]
        if finding.inputs:
            rows = "".join(f"<li>{e(i.label)}: <b>{e(i.value)}</b></li>" for i in finding.inputs)
            parts.append(f"<p><b>Why:</b></p><ul>{rows}</ul>")
        if finding.missing:
            rows = "".join(f"<li>{e(m)}</li>" for m in finding.missing)
            parts.append(f"<p><b>Record to decide:</b></p><ul>{rows}</ul>")
        parts.append(f"<p><i>{e(finding.rationale)}</i></p>")
        links = "".join(
            f"<li><a href='{e(s)}'>{e(s)}</a></li>" if s.startswith("http") else f"<li>{e(s)}</li>"
            for s in finding.sources
        )
        parts.append(f"<p><b>Sources:</b></p><ul>{links}</ul>")
        ack = self.acknowledged.get(finding.key)
        if ack is not None:
            parts.append(
                f"<p style='color:#1e8449'><b>Acknowledged</b> by {e(ack.clinician or '—')} on "
                f"{ack.at:%Y-%m-%d %H:%M}: {e(ack.reason or '(no reason given)')}</p>"
            )
        elif finding.needs_acknowledgement:
            parts.append(
                f"<p style='color:{COLOURS['block']}'>This needs your acknowledgement with a written reason "
                "before the plan can be finalized.</p>"
            )
        return "".join(parts)

    # --- requests -------------------------------------------------------------------------------------------
    def _acknowledge(self) -> None:
        finding = self.current()
        if finding is not None:
            self.acknowledge_requested.emit(finding)

    def _show_item(self) -> None:
        finding = self.current()
        if finding is not None and finding.item:
            self.item_requested.emit(finding.item)

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self._show_current()

    def action_for(self, treatment: str) -> Action | None:
        finding = self.current()
        return next((a for a in finding.actions if a.treatment == treatment), None) if finding else None
