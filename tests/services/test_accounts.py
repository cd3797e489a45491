"""Users, signing in and the audit trail, on SQLite and PostgreSQL (issue 14, first part)."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.errors import PermissionDenied, SignInError, ValidationError
from fbss_desktop.core.users import Role, UserInput
from fbss_desktop.services import account_manager
from fbss_desktop.storage import audit, users

PASSWORD = "correct horse battery"


def first_admin(clinic, clinician_id=None):
    roles = {"administrator", "specialist"} if clinician_id else {"administrator"}
    form = UserInput(
        username="Amara", display_name="Dr Amara Osei", roles=roles, clinician_id=clinician_id, password=PASSWORD
    )
    return clinic.accounts.add_first_administrator(form)


def actions(clinic):
    return [(e.action, e.username, e.outcome) for e in audit.entries()]


def test_the_first_user_is_an_administrator_and_signs_in_with_an_argon2id_hash(clinic):
    assert clinic.accounts.needs_first_user()
    with pytest.raises(ValidationError) as refused:
        clinic.accounts.add_first_administrator(
            UserInput(username="desk", display_name="Desk", roles={"front_desk"}, password=PASSWORD)
        )
    assert "roles" in refused.value.errors
    admin = first_admin(clinic)
    assert admin.username == "amara" and admin.roles == {Role.ADMINISTRATOR}
    stored_hash = users.credentials("amara")[1]
    assert stored_hash.startswith("$argon2id$") and PASSWORD not in stored_hash
    actor = clinic.accounts.sign_in("AMARA", PASSWORD, "room-2")
    assert clinic.actor == actor and actor.workstation == "room-2"
    assert actions(clinic)[-2:] == [("user_added", "amara", "ok"), ("sign_in", "amara", "ok")]


def test_a_wrong_password_says_nothing_about_which_and_repeated_ones_make_the_next_wait(clinic):
    first_admin(clinic)
    messages = set()
    for _ in range(account_manager.FREE_ATTEMPTS):
        with pytest.raises(SignInError) as refused:
            clinic.accounts.sign_in("amara", "not the password", "room-2")
        messages.add(str(refused.value))
    with pytest.raises(SignInError) as unknown:
        clinic.accounts.sign_in("nobody", "not the password", "room-2")
    assert messages == {str(unknown.value)}  # a wrong name reads the same as a wrong password
    with pytest.raises(SignInError, match="Try again in"):
        clinic.accounts.sign_in("amara", PASSWORD, "room-2")  # even the right password waits its turn
    assert clinic.actor is None
    refused = [a for a in actions(clinic) if a[0] == "sign_in_refused"]
    assert len(refused) == account_manager.FREE_ATTEMPTS + 2 and ("sign_in_refused", "nobody", "refused") in refused


def test_a_hash_made_with_weaker_parameters_is_rehashed_at_sign_in(clinic, monkeypatch):
    from argon2 import PasswordHasher

    first_admin(clinic)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    user = users.credentials("amara")[0]
    users.rehash(user.id, weak)
    clinic.accounts.sign_in("amara", PASSWORD, "room-2")
    renewed = users.credentials("amara")[1]
    assert renewed != weak and not account_manager._hasher.check_needs_rehash(renewed)


def test_only_an_administrator_adds_users_and_a_new_user_changes_the_first_password(clinic):
    admin = first_admin(clinic)
    with pytest.raises(PermissionDenied, match="Sign in"):
        clinic.accounts.list_users()
    clinic.accounts.sign_in("amara", PASSWORD, "room-2")
    desk = clinic.accounts.add_user(
        UserInput(username="lee", display_name="Lee Park", roles={"front_desk"}, password="first password 1")
    )
    assert desk.must_change_password and [u.username for u in clinic.accounts.list_users()] == ["amara", "lee"]
    with pytest.raises(ValidationError) as taken:
        clinic.accounts.add_user(
            UserInput(username="LEE", display_name="Other", roles={"front_desk"}, password=PASSWORD)
        )
    assert "username" in taken.value.errors
    with pytest.raises(ValidationError) as own:
        clinic.accounts.update_user(
            UserInput(
                username="amara",
                display_name=admin.display_name,
                roles={"front_desk"},
                id=admin.id,
                row_version=admin.row_version,
            )
        )
    assert "roles" in own.value.errors
    clinic.accounts.sign_out()
    clinic.accounts.sign_in("lee", "first password 1", "desk-1")
    with pytest.raises(PermissionDenied, match="Choose your own password first"):
        clinic.patients.search("")  # the administrator's password was temporary
    clinic.accounts.change_password("first password 1", "a new passphrase")
    assert clinic.patients.search("").page.rows == []
    with pytest.raises(PermissionDenied, match="may not manage users"):
        clinic.accounts.add_user(UserInput(username="x1", display_name="X", roles={"front_desk"}, password=PASSWORD))
    assert not users.credentials("lee")[0].must_change_password
    assert ("password_changed", "lee", "ok") in actions(clinic)


def test_the_database_refuses_to_change_or_delete_an_audit_entry(clinic):
    first_admin(clinic)
    db = clinic.database
    with pytest.raises(Exception, match="cannot be changed"):
        with db.atomic():
            db.execute_sql("UPDATE audit_event SET action = 'sign_out'")
    with pytest.raises(Exception, match="cannot be changed"):
        with db.atomic():
            db.execute_sql("DELETE FROM audit_event")
    assert audit.count() == 1


def test_verify_names_the_first_entry_changed_by_hand(clinic):
    first_admin(clinic)
    for _ in range(3):
        clinic.accounts.sign_in("amara", PASSWORD, "room-2")
    assert clinic.audit.verify() == (4, None)
    second = list(audit.entries())[1]
    db = clinic.database
    if "sqlite" in type(db).__name__.lower():
        db.execute_sql("DROP TRIGGER audit_event_no_update")
    else:
        db.execute_sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change")
    db.execute_sql(f"UPDATE audit_event SET workstation = 'elsewhere' WHERE id = {second.id}")
    checked, broken = clinic.audit.verify()
    assert broken is not None and broken.id == second.id


def test_the_audit_key_is_a_private_file_outside_the_database(clinic):
    first_admin(clinic)
    key_file = clinic.audit.key_file
    assert key_file.exists() and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(key_file.parent).st_mode) == 0o700
    assert key_file.read_text().strip() not in {e.mac for e in audit.entries()}


def test_entries_carry_utc_time_user_role_and_workstation(clinic):
    first_admin(clinic)
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    clinic.accounts.sign_in("amara", PASSWORD, "room-7")
    entry = audit.search(action=AuditAction.SIGN_IN.value)[0]
    assert entry.username == "amara" and entry.role == "administrator" and entry.workstation == "room-7"
    assert before - dt.timedelta(seconds=5) <= entry.at <= before + dt.timedelta(seconds=5)


def test_a_copy_of_the_database_finds_its_audit_key_again(sqlite_url, tmp_path):
    import shutil

    from fbss_desktop.services.clinic import Clinic

    original = Clinic.open(sqlite_url, backup_dir=None)
    first_admin(original)
    original.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    original.close()
    copied = tmp_path / "restored.sqlite3"
    shutil.copy(sqlite_url.removeprefix("sqlite:///"), copied)
    restored = Clinic.open(f"sqlite:///{copied}", backup_dir=None)
    restored.accounts.sign_in("amara", PASSWORD, "room-3")  # appends to the copied trail with the same key
    assert restored.audit.verify() == (2, None)
    restored.close()


def test_a_user_name_never_changes_and_a_clinician_is_one_users(clinic):
    """An administrator's walk renamed ben to bokafor: the audit trail and the encrypted database's key file
    still knew him as ben. A user name is an identity; and two users signing as one clinician blur who did what."""
    clinic.demo.load(1)
    doctors = clinic.setup.clinicians()
    first_admin(clinic, doctors[0].id)
    clinic.accounts.sign_in("amara", PASSWORD, "office")
    ben = clinic.accounts.add_user(
        UserInput(
            username="ben", display_name="Ben", roles={"specialist"}, clinician_id=doctors[1].id, password=PASSWORD
        )
    )
    renamed = UserInput(
        username="bokafor",
        display_name="Ben",
        roles={"specialist"},
        clinician_id=doctors[1].id,
        id=ben.id,
        row_version=ben.row_version,
    )
    with pytest.raises(ValidationError) as refused:
        clinic.accounts.update_user(renamed)
    assert "cannot change" in refused.value.errors["username"]
    with pytest.raises(ValidationError) as shared:
        clinic.accounts.add_user(
            UserInput(
                username="cy", display_name="Cy", roles={"specialist"}, clinician_id=doctors[1].id, password=PASSWORD
            )
        )
    assert "Ben (ben) signs as this clinician already" in shared.value.errors["clinician_id"]


def test_a_new_password_is_not_the_temporary_one_and_the_lock_screen_waits_after_wrong_ones(clinic):
    first_admin(clinic)
    clinic.accounts.sign_in("amara", PASSWORD, "office")
    clinic.accounts.add_user(
        UserInput(username="lee", display_name="Lee", roles={"front_desk"}, password="temporary one 1")
    )
    clinic.accounts.sign_in("lee", "temporary one 1", "desk")
    with pytest.raises(ValidationError) as same:
        clinic.accounts.change_password("temporary one 1", "temporary one 1")
    assert "of your own" in same.value.errors["password"]
    clinic.accounts.change_password("temporary one 1", "a long own phrase")
    clinic.accounts.lock()
    for _ in range(account_manager.FREE_ATTEMPTS):
        with pytest.raises(SignInError, match="not the password"):
            clinic.accounts.unlock("guessing again")
    with pytest.raises(SignInError, match="Too many wrong passwords. Try again in"):
        clinic.accounts.unlock("a long own phrase")  # the right one waits its turn too
