"""The consult session without any widget: dirty state, autosave, one reading per document, and a save of the
typed reading through the synchronous runner."""

import datetime as dt
from dataclasses import replace

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.gui.consult.session import ConsultSession
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.services.clinic import ConsultDraft, RecoveryStore


def test_a_session_autosaves_edits_and_a_save_makes_it_clean(tmp_path):
    patient = Patient("M-1", "Núñez", "Zoë", dt.date(1970, 1, 2), Sex.FEMALE, id=7)
    draft = ConsultDraft(patient, (), {"status": "draft"}, basis="the basis")
    saves, reads = [], []

    def read(basis, document, finalizing):
        reads.append((basis, dict(document), finalizing))
        record = ConsultRecord(patient_id=7, consult_date=dt.date(2026, 12, 3), reason=document.get("reason", ""))
        problems = {"reason": "not a reason"} if document.get("reason") == "refused" else {}
        return ConsultReading(record, None, problems, finalizing)

    def save(patient_id, reading, consult_id, version, **plan):
        saves.append((patient_id, reading.record.reason, consult_id, version, plan))
        if reading.record.reason == "conflict":
            raise ValidationError({"plan": "changed elsewhere"})
        saved = replace(draft, document={"reason": reading.record.reason}, consult_id=11, row_version=version + 1)
        return replace(saved, plan_id=5, basis=None), ChangeSet(consults_of=frozenset({patient_id}))

    store = RecoveryStore(tmp_path, "db")
    session = ConsultSession(
        draft, runner=SyncTaskRunner(), save=save, read=read, evaluate=lambda basis, reading: None, recovery=store
    )
    outcomes = []
    session.saved.connect(lambda changes: outcomes.append(("saved", changes)))
    session.save_failed.connect(lambda exc: outcomes.append(("failed", exc)))
    assert not session.dirty and not session.can_print()

    session.autosave(lambda: {"reason": "nothing yet"})
    assert store.pending() == []  # nothing edited, nothing written
    session.edited()
    assert session.dirty
    session.autosave(lambda: {"reason": "low back"})
    (pending,) = store.pending()
    assert pending.token == session.token and pending.patient_id == 7 and pending.document == {"reason": "low back"}

    # The same document is read once, whatever asks for it (the totals, decision support, the save).
    first = session.read({"reason": "low back"})
    assert session.read({"reason": "low back"}) is first and len(reads) == 1
    assert session.read({"reason": "low back", "status": "signed"}) is not first and len(reads) == 2

    session.save({"reason": "refused"})  # refused as read: nothing goes to the worker
    assert outcomes[-1][0] == "failed" and outcomes[-1][1].errors == {"reason": "not a reason"}
    assert saves == [] and session.dirty and not session.saving and session.consult_id is None

    session.save({"reason": "conflict"})  # refused by the worker
    assert outcomes[-1][0] == "failed" and len(saves) == 1 and not session.saving

    session.save({"reason": "low back"}, finalize_by="Dr Who")
    assert reads[-1] == ("the basis", {"reason": "low back"}, True)  # finalizing reads with its stricter checks
    assert saves[-1] == (
        7,
        "low back",
        None,
        0,
        {"plan_id": None, "plan_row_version": 0, "finalize_by": "Dr Who"},
    )
    assert outcomes[-1] == ("saved", ChangeSet(consults_of=frozenset({7})))
    assert (session.consult_id, session.row_version, session.plan_id) == (11, 1, 5)
    assert session.draft.basis == "the basis"  # a save returns no basis; the session keeps the one it had
    assert session.dirty  # until the editor shows what was saved
    session.mark_saved()
    assert not session.dirty and store.pending() == [] and session.can_print()
