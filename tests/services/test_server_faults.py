"""A clinic server that restarts or goes away: the next action reconnects by itself; while it is down, an
action says so and changes nothing; two workstations revising one plan at once make one version 2."""

from __future__ import annotations

import os
import shlex
import subprocess
import threading

import pytest

from fbss_desktop.core.errors import ConflictError, DatabaseUnavailableError
from tests.conftest import PG_URL
from tests.documents.test_plan_pdf import saved_plan
from tests.services.test_plan_versions import finalize

pytestmark = pytest.mark.postgres

needs_server_control = pytest.mark.skipif(
    not (PG_URL and os.environ.get("FBSS_TEST_PG_STOP") and os.environ.get("FBSS_TEST_PG_START")),
    reason="needs the throwaway server of tools/with-postgres.sh (make test starts one)",
)


def server(action: str) -> None:
    command = os.environ[f"FBSS_TEST_PG_{action.upper()}"]
    subprocess.run(shlex.split(command), check=True, capture_output=True, timeout=60)


@needs_server_control
def test_after_a_server_restart_the_next_actions_reconnect_without_a_word(pg_clinic):
    draft = saved_plan(pg_clinic)
    patient_id = draft.patient.id
    assert pg_clinic.patients.search(draft.patient.mrn).page.rows  # the connection is open and used
    server("stop")
    server("start")
    # The old connection is dead; nothing the user does shows it.
    assert pg_clinic.patients.search(draft.patient.mrn).page.rows[0].id == patient_id
    document = dict(draft.document)
    document["reason"] = "Saved after the server restarted"
    saved, _ = pg_clinic.consults.save(
        patient_id,
        document,
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
    )
    assert pg_clinic.consults.open(saved.consult_id).document["reason"] == "Saved after the server restarted"


@needs_server_control
def test_while_the_server_is_down_an_action_says_so_and_the_next_one_after_it_is_back_works(pg_clinic):
    draft = saved_plan(pg_clinic)
    server("stop")
    try:
        with pytest.raises(DatabaseUnavailableError) as caught:
            pg_clinic.patients.open(draft.patient.id)
        assert "cannot be reached" in str(caught.value) or "connection to the database server was lost" in str(
            caught.value
        )
    finally:
        server("start")
    assert pg_clinic.patients.open(draft.patient.id).patient.mrn == draft.patient.mrn


def test_two_workstations_revising_one_plan_at_once_make_one_version_2(pg_clinic):
    final = finalize(pg_clinic, saved_plan(pg_clinic))
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def revise() -> None:
        start.wait()
        try:
            pg_clinic.plans.revise(final.consult_id, final.plan_id, final.plan_row_version)
            outcomes.append("revised")
        except ConflictError:
            outcomes.append("refused")
        finally:
            pg_clinic.database.close()  # each thread has its own connection

    threads = [threading.Thread(target=revise) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "refused", "refused", "revised"]
    versions = [v.version for v in pg_clinic.plans.versions(final.patient.id) if v.consult_id == final.consult_id]
    assert sorted(versions) == [1, 2]
