"""What the consult editor lets you do now, and says it does: which pages take typing, which buttons show
(amend a signed consult, save, sign, finalize, revise, print), and the status line and window title.

A signed consult opens read-only (it can be amended); its plan keeps its own state, open until finalized.
Read-only is legible: the fields are switched off under a palette that keeps their text as dark as when they
take typing, while the pages still scroll and the questionnaires' tabs still turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QScrollArea, QTabWidget, QWidget

from fbss_desktop.gui.consult.error_marks import PLAN

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.editor import ConsultEditor


def set_editable(editor: ConsultEditor, editable: bool) -> None:
    for page_index in range(editor.pages.count()):
        page = editor.pages.widget(page_index)
        if page_index != PLAN and page is not None:  # the plan has its own state: a signed consult can
            for content in _contents(page):  # still get its plan
                _set_writable(content, editable)
    for path in ("consult_date", "clinician_id", "reason"):
        _set_writable(editor.form.fields[path].widget, editable)
    signed = editor.draft.document.get("status") == "signed"
    plan_open = not editor.plan_builder.finalized
    editor.plan_builder.set_editable(plan_open)
    editor.findings.set_editable(plan_open)
    editor.amend_button.setVisible(signed and not editable)
    editor.save_button.setVisible(editable or plan_open)
    editor.save_button.setText("&Save amendment" if signed and editable else "&Save plan" if signed else "&Save draft")
    editor.sign_button.setVisible(editable and not signed)
    editor.finalize_button.setVisible(plan_open)
    editor.revise_button.setVisible(not plan_open and editor.plan_actions is not None)
    editor.print_button.setVisible(editor.plan_actions is not None)
    editor.summary_button.setVisible(editor.plan_actions is not None)
    refresh_title(editor)


def _contents(page: QWidget) -> list[QWidget]:
    """What of a page takes typing: inside its scroll area (which still scrolls), or each tab's page (the tabs
    still turn)."""
    if isinstance(page, QScrollArea):
        inner = page.widget()
        return [inner] if inner is not None else []
    if isinstance(page, QTabWidget):
        tabs = [page.widget(i) for i in range(page.count())]
        return [tab for tab in tabs if tab is not None]
    return [page]


# What is recorded stays dark; buttons (Add, Update, Remove) keep their grey, so nothing looks clickable that
# is not (the chosen answers read dark by their own style, fields.answer_style).
_DARK_ROLES = (
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.PlaceholderText,
)


def _set_writable(widget: QWidget, writable: bool) -> None:
    """Switch typing on or off; switched off, the text stays as dark as it is when it can be typed."""
    if not writable:
        palette = widget.palette()
        for role in _DARK_ROLES:
            palette.setColor(QPalette.ColorGroup.Disabled, role, palette.color(QPalette.ColorGroup.Active, role))
        widget.setPalette(palette)
    widget.setEnabled(writable)


def refresh_title(editor: ConsultEditor) -> None:
    status = editor.draft.document.get("status", "draft")
    state = "Signed" if status == "signed" else "Draft" if editor.consult_id else "New consult"
    state += " · plan finalized" if editor.plan_builder.finalized else ""
    editor.status.setText(state + (" — unsaved changes" if editor.dirty else ""))
    editor.setWindowTitle(f"{'* ' if editor.dirty else ''}Consult — {editor.patient.display_name}")
