"""A settings save that is refused (another workstation changed the same setting meanwhile) says why and
opens the dialog again with what the user typed: nothing typed is lost."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QTabWidget

from fbss_desktop.gui.dialogs.settings_dialog import SettingsDialog
from tests.gui.conftest import choose_data, click, click_tab, drive_modal, when_modal

KEY = "outcomes.mcid_nrs"


def test_a_refused_settings_save_opens_the_dialog_again_with_what_was_typed(open_window, qtbot):
    window = open_window(demo=1)
    seen: dict[str, Any] = {}

    def look_again(dialog: SettingsDialog) -> None:
        seen["typed"] = dialog.widgets[KEY].currentData()
        seen["problem"] = dialog.problem.text()
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel))

    def read_error(box: QMessageBox) -> None:
        seen["error"] = box.text()
        seen["again"] = when_modal(look_again, SettingsDialog)
        click(qtbot, box.buttons()[0])

    def change(dialog: SettingsDialog) -> None:
        click_tab(qtbot, dialog.findChild(QTabWidget), 1)  # Outcomes and medicines
        choose_data(qtbot, dialog.widgets[KEY], 1)
        # meanwhile another workstation saves the same setting
        window.clinic.settings.save({KEY: 3}, window.clinic.settings.snapshot())
        seen["box"] = when_modal(read_error, QMessageBox)
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))

    drive_modal(qtbot, window.settings_action.trigger, change, SettingsDialog)  # Edit › Settings…
    seen["box"].check(qtbot)
    seen["again"].check(qtbot)
    assert "another workstation" in seen["error"] or "changed" in seen["error"]
    assert seen["typed"] == 1, "what the user typed is shown again"
    assert "not saved" in seen["problem"]
    assert window.clinic.settings.values()[KEY] == 3  # the other workstation's value stands until the user saves again
