"""The consult session without any widget: dirty state, autosave and a save through the synchronous runner."""

import datetime as dt
from dataclasses import replace

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.gui.consult.session import ConsultSession
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.recovery import RecoveryStore


def test_a_session_autosaves_edits_and_a_save_makes_it_clean(tmp_path):
    patient = Patient("M-1", "Núñez", "Zoë", dt.date(1970, 1, 2), Sex.FEMALE, id=7)
    draft = ConsultDraft(patient, (), {"status": "draft"}, basis="the basis")
    saves = []

    def save(patient_id, document, consult_id, version, **plan):
        saves.append((patient_id, dict(document), consult_id, version, plan))
        if document.get("reason") == "refused":
            raise ValidationError({"reason": "not a reason"})
        saved = replace(draft, document=document, consult_id=11, row_version=version + 1, plan_id=5, basis=None)
        return saved, ChangeSet(consults_of=frozenset({patient_id}))

    store = RecoveryStore(tmp_path, "db")
    session = ConsultSession(draft, runner=SyncTaskRunner(), save=save, recovery=store)
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

    session.save({"reason": "refused"})
    assert outcomes[-1][0] == "failed" and session.dirty and not session.saving
    assert session.consult_id is None

    session.save({"reason": "low back"}, finalize_by="Dr Who")
    assert saves[-1] == (
        7,
        {"reason": "low back"},
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
