"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 dropped a reference to None on every call
of a method that returns nothing (QTimer.start, setText) and to True on every signal emitted, so the app died
with "Fatal Python error: none_dealloc" after a while of typing in a consult (a specialist's walk, 2026-12-03).
A release with that fault fails here, before a clinic loses a consult to it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit

CALLS = 200


class _Emitter(QObject):
    plain = Signal()
    value = Signal(object)


def counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_calls_and_signals_leave_the_reference_counts_of_none_true_and_false_as_they_were(qtbot):
    emitter = _Emitter()
    emitter.plain.connect(lambda: None)
    emitter.value.connect(lambda _v: None)
    timer = QTimer()
    timer.setSingleShot(True)
    box = QLineEdit()
    qtbot.addWidget(box)
    work = {
        "a signal emitted": emitter.plain.emit,
        "a signal emitted with None": lambda: emitter.value.emit(None),
        "QTimer.start": lambda: timer.start(1000),
        "QLineEdit.setText": lambda: box.setText("x"),
        "setStyleSheet": lambda: box.setStyleSheet(""),
    }
    for what, call in work.items():
        call()  # anything made once, on first use, is made before counting
        before = counts()
        for _ in range(CALLS):
            call()
        assert counts() == before, f"{what} changes the reference counts of None, True or False"
