import threading

from fbss_desktop.gui.tasks import TaskRunner


def test_work_runs_on_the_worker_and_the_result_comes_back_on_the_main_thread(qtbot):
    runner = TaskRunner()
    seen = {}

    def op():
        seen["op_thread"] = threading.current_thread()
        return 42

    def done(value):
        seen["value"] = value
        seen["callback_thread"] = threading.current_thread()

    runner.run(op, done)
    qtbot.waitUntil(lambda: "value" in seen)
    runner.shutdown()
    assert seen["value"] == 42
    assert seen["op_thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()


def test_an_error_reaches_the_error_callback_and_busy_is_reported(qtbot):
    runner = TaskRunner()
    errors, busy = [], []
    runner.busy_changed.connect(busy.append)
    runner.run(lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    runner.shutdown()
    assert isinstance(errors[0], ZeroDivisionError)
    assert busy == [True, False]


def test_tasks_run_one_at_a_time_in_order(qtbot):
    runner = TaskRunner()
    order = []
    for i in range(20):
        runner.run(lambda i=i: i, order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    runner.shutdown()
    assert order == list(range(20))


def test_a_long_session_cannot_run_out_the_reference_count_of_true(qtbot):
    """PySide6 drops a reference to True when one crosses into Qt; thousands of tasks must not abort the app."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        value = Signal(object)

    emitter, seen = Emitter(), []
    emitter.value.connect(seen.append)
    for _ in range(20_000):  # more than True's own count in a fresh process
        emitter.value.emit((True,))
    assert len(seen) == 20_000
    assert sys.getrefcount(True) > 1_000_000
