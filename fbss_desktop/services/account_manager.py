"""Users and signing in: `clinic.accounts`.

Passwords are hashed with argon2id (argon2-cffi, its RFC 9106 low-memory profile) and rehashed at sign-in
when the parameters change. Repeated failures slow the next attempt: after a few, the account waits a
little longer each time (the wait is kept in the database, so every workstation keeps it). A refused sign-in
never says whether the name or the password was wrong. Every sign-in, refused or not, and every change to a
user is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.errors import PermissionDenied, SignInError, ValidationError
from fbss_desktop.core.users import Actor, Permission, Role, User, UserInput, parse_user, password_problem
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.storage import users
from fbss_desktop.storage.db import transaction
from fbss_desktop.storage.models import utcnow

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

FREE_ATTEMPTS = 3  # wrong passwords before each further one waits
FIRST_WAIT_S = 2  # then 2, 4, 8... seconds
LONGEST_WAIT_S = 300

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to check an unknown name against, so it costs as much as a known one (made when first needed,
    not at import: a hash takes a tenth of a second)."""
    return _hasher.hash("an account that does not exist")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@guard_methods()
class AccountManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    # --- who is signed in -------------------------------------------------------------------------------
    @needs(NO_CHECK)
    def needs_first_user(self) -> bool:
        """True until the clinic has a user (a fresh database, or one from before users existed)."""
        needed = users.count_users(active_only=False) == 0
        self.clinic.has_users = not needed
        return needed

    @needs(NO_CHECK)
    def sign_in(self, username: str, password: str, workstation: str) -> Actor:
        """The user, signed in on `workstation`; raises SignInError, saying only what the user may know."""
        found = users.credentials(username)
        now = utcnow()
        if found is None:
            _verify(_dummy_hash(), password)
            self.clinic.audit.record(
                None, AuditAction.SIGN_IN_REFUSED, outcome="refused", username=username.strip().lower()[:40]
            )
            raise SignInError("The user name or the password is not right.")
        user, stored_hash, failures, locked_until = found
        actor = Actor(user, workstation)
        if locked_until is not None and locked_until > now:
            self.clinic.audit.record(actor, AuditAction.SIGN_IN_REFUSED, outcome="refused", detail="waiting")
            raise SignInError(too_many((locked_until - now).total_seconds()))
        if not _verify(stored_hash, password) or not user.active:
            wait_until = _wait_after(failures + 1, now) if user.active else None
            with transaction():
                users.record_attempt(user.id or 0, succeeded=False, locked_until=wait_until)
                detail = "inactive" if not user.active else ""
                self.clinic.audit.record(actor, AuditAction.SIGN_IN_REFUSED, outcome="refused", detail=detail)
            raise SignInError(
                "This user can no longer sign in; ask an administrator."
                if not user.active and _verify(stored_hash, password)
                else "The user name or the password is not right."
            )
        with transaction():
            users.record_attempt(user.id or 0, succeeded=True)
            if _hasher.check_needs_rehash(stored_hash):
                users.rehash(user.id or 0, hash_password(password))
            self.clinic.audit.record(actor, AuditAction.SIGN_IN)
        self.clinic.actor = actor
        return actor

    @needs(NO_CHECK)
    def signature_holds(self, actor: Actor, password: str) -> bool:
        """The signed-in user's password typed again, for a signature (signing a consult, finalizing a plan)."""
        found = users.credentials(actor.user.username)
        return found is not None and found[0].active and bool(password) and _verify(found[1], password)

    @needs(NO_CHECK)
    def lock(self) -> None:
        """The app locked itself after a while without use (the windows are covered)."""
        if self.clinic.actor is not None:
            self.clinic.audit.record(self.clinic.actor, AuditAction.LOCK)

    @needs(NO_CHECK)
    def unlock(self, password: str) -> Actor:
        """The same user back at the locked app: their password, or SignInError. Wrong passwords wait longer
        each time, as at the sign-in (the wait is the account's, on every workstation)."""
        actor = self.clinic.require_actor()
        found = users.credentials(actor.user.username)
        now = utcnow()
        if found is not None and found[3] is not None and found[3] > now:
            raise SignInError(too_many((found[3] - now).total_seconds()))
        if not self.signature_holds(actor, password):
            failures = found[2] if found is not None else 0
            with transaction():
                users.record_attempt(actor.user.id or 0, succeeded=False, locked_until=_wait_after(failures + 1, now))
                self.clinic.audit.record(actor, AuditAction.UNLOCK, outcome="refused")
            raise SignInError("That is not the password of the user who was working here.")
        with transaction():
            users.record_attempt(actor.user.id or 0, succeeded=True)
            self.clinic.audit.record(actor, AuditAction.UNLOCK)
        return actor

    @needs(NO_CHECK)
    def sign_out(self) -> None:
        actor = self.clinic.actor
        if actor is not None:
            self.clinic.audit.record(actor, AuditAction.SIGN_OUT)
        self.clinic.actor = None

    @needs(NO_CHECK)
    def change_password(self, current: str, new: str) -> None:
        """The signed-in user's own password; the current one is asked again."""
        actor = self.clinic.require_actor()
        found = users.credentials(actor.user.username)
        if found is None or not _verify(found[1], current):
            raise ValidationError({"current": "The current password is not right."})
        problem = password_problem(new, actor.user.username)
        if new == current:
            problem = "Choose a password of your own, not the one you were given or had before."
        if problem:
            raise ValidationError({"password": problem})
        with transaction():
            users.set_password(actor.user.id or 0, hash_password(new), must_change=False)
            self.clinic.audit.record(actor, AuditAction.PASSWORD_CHANGED, object_kind="user", object_id=actor.user.id)
            self._wrap_key(actor.user.username, new)
        self.clinic.actor = Actor(replace(actor.user, must_change_password=False), actor.workstation)

    @needs(NO_CHECK)
    def recover_administrator(self, username: str, password: str) -> User:
        """An administrator's new password, set with the recovery key (services/encryption.recover opened the
        database with it: nobody could sign in). Audited as a reset by the recovery key."""
        if not self.clinic.recovered:
            raise PermissionDenied("Only the recovery key sets a password without signing in.")
        found = users.credentials(username.strip().lower())
        if found is None or not found[0].active or Role.ADMINISTRATOR not in found[0].roles:
            raise ValidationError({"username": "Name an active administrator of this clinic."})
        user = found[0]
        problem = password_problem(password, user.username)
        if problem:
            raise ValidationError({"password": problem})
        with transaction():
            users.set_password(user.id or 0, hash_password(password), must_change=False)
            actor = Actor(user, f"{self.clinic.workstation} (recovery key)")
            self.clinic.audit.record(
                actor, AuditAction.PASSWORD_RESET, object_kind="user", object_id=user.id, detail="with the recovery key"
            )
            self._wrap_key(user.username, password)
        return user

    # --- the administrator's work -----------------------------------------------------------------------
    @needs(Permission.USERS)
    def list_users(self) -> list[User]:
        self.clinic.require_role(Permission.USERS)
        return users.list_users()

    @needs(NO_CHECK)
    def add_first_administrator(self, form: UserInput) -> User:
        """The clinic set-up's first user, an administrator (and usually a specialist too); only while the
        clinic has no user at all."""
        if not self.needs_first_user():
            raise ValidationError({"username": "This clinic has users already; an administrator adds more."})
        if Role.ADMINISTRATOR.value not in form.roles:
            raise ValidationError({"roles": "The first user is an administrator, who can add the others."})
        user = parse_user(form, new=True)
        with transaction():
            saved = users.add_user(user, hash_password(form.password), must_change_password=False)
            self.clinic.audit.record(
                Actor(saved, self.clinic.workstation), AuditAction.USER_ADDED, object_kind="user", object_id=saved.id
            )
            self._wrap_key(saved.username, form.password)
        self.clinic.has_users = True
        return saved

    @needs(Permission.USERS)
    def add_user(self, form: UserInput) -> User:
        """A new user with a first password they change at their first sign-in."""
        actor = self.clinic.require_role(Permission.USERS)
        user = parse_user(form, new=True)
        self._refuse_shared_clinician(user)
        with transaction():
            saved = users.add_user(user, hash_password(form.password), must_change_password=True)
            self.clinic.audit.record(
                actor, AuditAction.USER_ADDED, object_kind="user", object_id=saved.id, detail=_roles(saved)
            )
            self._wrap_key(saved.username, form.password)
        return saved

    @needs(Permission.USERS)
    def update_user(self, form: UserInput) -> User:
        """Name, roles, clinician link, active or not; a password typed here is a reset."""
        actor = self.clinic.require_role(Permission.USERS)
        user = parse_user(form, new=False)
        if user.id == actor.user.id and (not user.active or Role.ADMINISTRATOR not in user.roles):
            raise ValidationError({"roles": "You cannot take away your own administrator role or deactivate yourself."})
        before = users.get_user(user.id or 0)
        if user.username != before.username:
            raise ValidationError(
                {
                    "username": "A user name cannot change: the audit trail and the encrypted database know the "
                    f"user by it. Keep '{before.username}', or add a new user and deactivate this one."
                }
            )
        if self.clinic.keys is not None and user.active and not before.active and not form.password:
            raise ValidationError(
                {
                    "password": "Give a new temporary password: with the database encrypted, it is what lets this user "
                    "open it again."
                }
            )
        self._refuse_shared_clinician(user)
        with transaction():
            saved = users.update_user(user)
            self.clinic.audit.record(
                actor, AuditAction.USER_CHANGED, object_kind="user", object_id=saved.id, detail=_roles(saved)
            )
            if form.password:
                users.set_password(saved.id or 0, hash_password(form.password), must_change=True)
                self.clinic.audit.record(
                    actor, AuditAction.PASSWORD_RESET, object_kind="user", object_id=saved.id, detail=saved.username
                )
                self._wrap_key(saved.username, form.password)
            if not saved.active and self.clinic.keys is not None:
                self.clinic.keys.remove(saved.username)  # a deactivated user's password opens nothing any more
        return saved

    def _refuse_shared_clinician(self, user: User) -> None:
        """A clinician record is one person's: two users signing as the same clinician would blur who did what."""
        if user.clinician_id is None:
            return
        holder = next(
            (u for u in users.list_users() if u.clinician_id == user.clinician_id and u.id != user.id and u.active),
            None,
        )
        if holder is not None:
            raise ValidationError(
                {"clinician_id": f"{holder.display_name} ({holder.username}) signs as this clinician already."}
            )

    def _wrap_key(self, username: str, password: str) -> None:
        """An encrypted database's key wrapped for this user's new password (in the key file beside it)."""
        if self.clinic.keys is not None:
            self.clinic.keys.wrap_for(username, password)


def wait_seconds(failures: int) -> float:
    """How long the next attempt waits after `failures` wrong passwords in a row: the first few at once, then 2,
    4, 8… seconds, five minutes at most (the sign-in, the lock and an encrypted database's door alike)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS), LONGEST_WAIT_S))


def too_many(seconds: float) -> str:
    wait = int(seconds) + 1
    return f"Too many wrong passwords. Try again in {wait} second{'s' if wait != 1 else ''}."


def _wait_after(failures: int, now: dt.datetime) -> dt.datetime | None:
    """When the next attempt may come after `failures` wrong passwords in a row (None: at once)."""
    seconds = wait_seconds(failures)
    return now + dt.timedelta(seconds=seconds) if seconds else None


def _roles(user: User) -> str:
    """The user an entry is about, as the viewer reads it: "lee: Front desk" ("…, deactivated")."""
    return f"{user.username}: {user.role_text}" + ("" if user.active else ", deactivated")


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False
