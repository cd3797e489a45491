"""Live refresh, as two workstations see it: another program on the same database finalizes a plan, and the
front desk lists it by itself; it changes the patient open here, and the panel follows; it saves the consult
open here, and the editor says so in a banner (its own save would be refused)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fbss_desktop.gui.front_desk import DeskPlanTableModel
from tests.gui.test_front_desk import desk, finalized, mrns

ROOT = Path(__file__).resolve().parents[2]
SECOND = 3000  # ms: a change elsewhere shows within a second on a clinic's machines; the test allows three


def consult_reasons(window) -> list[str]:
    model = window.panel.consult_model
    return [model.row_object(row).reason for row in range(model.rowCount())]


def other_workstation(url: str, action: str, mrn: str, *who: str) -> None:
    # The same data folder: a clinic's second workstation has the audit trail's key copied to it.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.other_workstation", url, action, mrn, *who],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_plan_finalized_elsewhere_appears_at_the_front_desk_by_itself(
    open_window, qtbot, monkeypatch, sqlite_url, tmp_path
):
    window = open_window(demo=1)
    finalized(window, "FD-HERE")
    front = desk(window, qtbot, monkeypatch)
    assert mrns(front) == ["FD-HERE"]
    front.view.selectRow(0)  # the clerk has chosen a plan: a refresh keeps it chosen
    other_workstation(sqlite_url, "finalize", "FD-THERE")
    qtbot.waitUntil(lambda: "FD-THERE" in mrns(front), timeout=SECOND)
    assert front.selected().mrn == "FD-HERE"
    assert front.caption.text().endswith(": 2")
    assert front.model.index(mrns(front).index("FD-THERE"), DeskPlanTableModel.COL_PRINTED).data() == "not yet"


def test_the_open_patient_and_consult_follow_a_save_made_elsewhere(
    open_window, qtbot, monkeypatch, sqlite_url, tmp_path
):
    window = open_window(demo=1)
    patient, final = finalized(window, "LV-7")
    window.open_patient(patient.id)
    window.open_consult(final.consult_id)
    editor = window.editors[final.consult_id]  # closed by the test itself, as the banner asks
    assert not editor.elsewhere_banner.isVisible()
    reasons = consult_reasons(window)
    other_workstation(sqlite_url, "reason", "LV-7")
    qtbot.waitUntil(lambda: editor.elsewhere_banner.isVisible(), timeout=SECOND)
    assert "saved on another workstation" in editor.elsewhere_banner.text()
    # The patient panel shows the other workstation's reason.
    qtbot.waitUntil(lambda: consult_reasons(window) != reasons, timeout=SECOND)
    assert "Changed at the other workstation" in consult_reasons(window)
    # Saving anyway is refused, and the editor says what will work (not "press Save draft again").
    from tests.gui.conftest import answer_message_box, click

    handler = answer_message_box("OK")
    click(qtbot, editor.save_button)
    handler.check(qtbot)
    assert "someone saved this consult on another workstation" in editor.problems.text()
    assert "again." not in editor.problems.text()
    closing = answer_message_box("Discard")  # as the banner says: close it, then open the consult again
    click(qtbot, editor.close_button)
    closing.check(qtbot)


def test_the_clerks_own_front_desk_follows_the_consult_rooms(open_window, qtbot, sqlite_url, tmp_path):
    """A front-desk user signs in to the front desk alone (no main window): its list follows too."""
    from tests.gui.test_sign_in import PASSWORDS, sign_in_as, staffed_clinic

    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "dee", PASSWORDS["dee"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: getattr(window, "front_desk", None) is not None and window.front_desk.isVisible())
    front = window.front_desk
    qtbot.addWidget(front)
    before = mrns(front)
    other_workstation(sqlite_url, "finalize", "FD-ROOM2", "ada", PASSWORDS["ada"])
    qtbot.waitUntil(lambda: "FD-ROOM2" in mrns(front), timeout=SECOND)
    assert len(mrns(front)) == len(before) + 1


class LostFeed:
    """A listener whose server went away: polling fails until it is reconnected."""

    live = True

    def __init__(self) -> None:
        self.reconnects = 0

    def fileno(self):
        return None

    def poll(self):
        from fbss_desktop.core.errors import ConnectionLostError

        raise ConnectionLostError("gone")

    def reconnect(self):
        from fbss_desktop.core.changes import ChangeSet

        self.reconnects += 1
        return ChangeSet.reload_everything()

    def close(self) -> None:
        pass


def test_a_lost_feed_is_said_until_it_reconnects_and_then_everything_reloads(open_window, qtbot, monkeypatch):
    window = open_window(demo=1)
    front = desk(window, qtbot, monkeypatch)
    feed = LostFeed()
    window.live.listener, window.live.connected = feed, True
    reloads = []
    window.events.changes_applied.connect(reloads.append)
    window.live.timer.timeout.emit()  # the next look at the feed finds it gone
    assert window.live.status.isVisible() and not front.not_hearing.isHidden()
    window.live.retry.timeout.emit()  # a few seconds later: reconnected
    assert feed.reconnects == 1
    assert not window.live.status.isVisible() and front.not_hearing.isHidden()
    assert reloads and reloads[-1].everything  # notifications sent meanwhile are lost: everything reloads


def test_an_administrator_backs_up_from_the_file_menu(open_window, qtbot, tmp_path):
    from tests.gui.conftest import answer_message_box

    window = open_window(demo=1)
    for daily in (tmp_path / "b").glob("clinic-backup-*.sqlite3"):
        daily.unlink()  # the day's own, made as the clinic opened
    seen: list[str] = []
    handler = answer_message_box("OK", seen)
    window.backup_action.trigger()
    handler.check(qtbot)
    assert len(list((tmp_path / "b").glob("clinic-backup-*.sqlite3"))) == 1
    assert "The database is backed up to" in seen[0]


def test_a_copy_written_just_before_a_save_does_not_say_not_saved_after_it(open_window, qtbot, monkeypatch):
    """The autosave's write and the save race on the worker; the footer follows the save (a walk read 'Not saved
    yet' under a saved, finalized plan)."""
    from tests.gui.conftest import click, type_text

    window = open_window(demo=1)
    patient, final = finalized(window, "LV-8")
    window.open_consult(final.consult_id)
    editor = window.editors[final.consult_id]
    type_text(qtbot, editor.form.fields["reason"].widget, " (seen again)")
    click(qtbot, editor.save_button)
    assert not editor.dirty
    editor.session.autosaved.emit()  # the copy's own callback, arriving from the worker after the save
    assert "Not saved yet" not in editor.autosave_label.text()
    click(qtbot, editor.close_button)
