"""The clinic facade (after Anki's Collection and its managers): every use case the GUI and the command line
need, with no Qt, reached through one open `Clinic` and its typed managers:

- `clinic.patients`: find, open and save patients and their surgeries (services/patient_manager.py)
- `clinic.consults`: start, open, read, check, evaluate and save consults (services/consult_manager.py)
- `clinic.plans`: plan versions, revisions, the front desk's list, recorded prints (services/plan_manager.py)
- `clinic.procedures`: procedure records, their relief at follow-up, a stimulator trial's diary
  (services/procedure_manager.py)
- `clinic.contacts`: the people the clinic writes to, a referring surgeon among them (services/contact_manager.py)
- `clinic.letters`: consult and medical-necessity letters, edited, printed, reprinted (services/letter_manager.py)
- `clinic.printing`: the PDFs (services/plan_manager.py, doing its work in services/printing.py)
- `clinic.instructions`: the patient's instruction sheet before a planned procedure (services/instructions.py)
- `clinic.case_files`: a patient's case file out and in (services/case_file_manager.py)
- `clinic.settings` and `clinic.setup`: settings, the first-day set-up, clinicians (services/settings_manager.py)
- `clinic.demo`: fictional patients (services/demo_loading.py)
- `clinic.catalogues`: the clinical resources the screens show (services/catalogues.py)
- `clinic.accounts`: users and signing in (services/account_manager.py); `clinic.audit`: the audit trail
  (services/audit_trail.py); `clinic.actor` is who is signed in, and `clinic.require` checks their role
- `clinic.backups`: backups and verified restores (services/backups.py); `clinic.changes`: other
  workstations' changes heard, this one's announced (services/live.py)

Each method does its own database work; the GUI calls them on its single database worker thread. Mutations
return a ChangeSet, which the GUI's task runner announces so screens refresh only what concerns them. The
types the GUI needs from the services are re-exported here: the GUI imports this module only.
"""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable
from pathlib import Path

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import key_file_for, sqlite_path
from fbss_desktop.core.errors import PermissionDenied
from fbss_desktop.core.users import Actor, Permission
from fbss_desktop.services import recovery
from fbss_desktop.services.account_manager import AccountManager
from fbss_desktop.services.audit_log import AuditLog
from fbss_desktop.services.audit_trail import AuditTrail, default_key_dir
from fbss_desktop.services.backups import BackupManager
from fbss_desktop.services.case_file_manager import CaseFileManager
from fbss_desktop.services.casefile import ImportedCase
from fbss_desktop.services.catalogues import Catalogues
from fbss_desktop.services.consult_manager import ConsultManager
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.contact_manager import ContactManager
from fbss_desktop.services.demo_loading import DemoManager
from fbss_desktop.services.encryption import ClinicKeys
from fbss_desktop.services.encryption import encrypt as encrypt_database
from fbss_desktop.services.encryption import record_refusals as record_unlock_refusals
from fbss_desktop.services.encryption import unlock as unlock_database
from fbss_desktop.services.instructions import InstructionManager
from fbss_desktop.services.letter_manager import LetterManager
from fbss_desktop.services.live import ChangeFeed, Listener
from fbss_desktop.services.patient_manager import PatientManager, PatientRecord, SearchResult
from fbss_desktop.services.permissions import permission_of
from fbss_desktop.services.plan_manager import PlanManager, PrintManager
from fbss_desktop.services.planning import Evaluation, RulesBasis
from fbss_desktop.services.procedure_manager import ProcedureManager
from fbss_desktop.services.recovery import Recovery, RecoveryStore, new_token
from fbss_desktop.services.settings_manager import SettingsManager, SettingsSnapshot, SetupManager
from fbss_desktop.storage.db import BUSY_TIMEOUT_S, Database, open_database, reset_connection
from fbss_desktop.storage.errors import translate
from fbss_desktop.storage.migrations import MigrationReport, migrate
from fbss_desktop.storage.patients import SearchCursor
from fbss_desktop.storage.users import count_users


def accounts_exist() -> bool:
    return count_users(active_only=False) > 0


__all__ = [
    "Catalogues",
    "Clinic",
    "ConsultDraft",
    "Evaluation",
    "ImportedCase",
    "Listener",
    "PatientRecord",
    "Recovery",
    "RecoveryStore",
    "RulesBasis",
    "SearchCursor",
    "SearchResult",
    "SettingsSnapshot",
    "encrypt_database",
    "new_token",
    "record_unlock_refusals",
    "unlock_database",
]


class Clinic:
    """One open clinic database. Every manager method that reaches the database raises a DomainError for a
    fault the user can act on (a StorageError for the database or disk) and reconnects a lost server first."""

    def __init__(
        self,
        database: Database,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        database_key: str = "",
        audit_key_dir: Path | None = None,
    ) -> None:
        self.database = database
        self._today = today
        self.migration: MigrationReport | None = None
        self.backup_dir: Path | None = None  # where this workstation keeps backups (the daily one among them)
        self.database_key = database_key
        self.workstation = socket.gethostname()[:120]
        self.actor: Actor | None = None  # who is signed in (clinic.accounts.sign_in)
        self.keys: ClinicKeys | None = None  # an encrypted database's key and key file
        self.recovered = False  # opened with the recovery key: an administrator's password may be set
        self.has_users: bool | None = None  # known after the first check; a clinic gets users at its set-up
        self.audit = AuditTrail(audit_key_dir or default_key_dir())
        self.accounts = AccountManager(self)
        self.audit_log = AuditLog(self)
        self.backups = BackupManager(self)
        self.changes = ChangeFeed(self)
        self.patients = PatientManager(self)
        self.consults = ConsultManager(self)
        self.plans = PlanManager(self)
        self.procedures = ProcedureManager(self)
        self.printing = PrintManager(self)
        self.contacts = ContactManager(self)
        self.letters = LetterManager(self)
        self.instructions = InstructionManager(self)
        self.case_files = CaseFileManager(self)
        self.settings = SettingsManager(self)
        self.setup = SetupManager(self)
        self.demo = DemoManager(self)
        self.catalogues = Catalogues()

    @classmethod
    def open(
        cls,
        url: str,
        *,
        backup_dir: Path | None,
        today: Callable[[], dt.date] = dt.date.today,
        busy_timeout: float = BUSY_TIMEOUT_S,
        audit_key_dir: Path | None = None,
        key: bytes | None = None,
    ) -> Clinic:
        """Open the database at `url` and bring its schema up to date (copying an SQLite file first).

        `busy_timeout`: how long an SQLite write waits for another process's write lock before it reports
        the database busy."""
        database = open_database(url, busy_timeout=busy_timeout, key=key)
        try:
            report = migrate(database, backup_dir=backup_dir)
        except Exception as exc:
            reset_connection(database)
            failure = translate(exc)
            if failure is None or failure is exc:
                raise
            raise failure from exc
        clinic = cls(database, today=today, database_key=recovery.database_key(url), audit_key_dir=audit_key_dir)
        clinic.migration = report
        clinic.backup_dir = backup_dir
        path = sqlite_path(url)
        if key is not None and path is not None:  # an encrypted database: a password set wraps that user's copy
            clinic.keys = ClinicKeys(key_file_for(path), key)
        return clinic

    def close(self) -> None:
        self.database.close()

    def today(self) -> dt.date:
        return self._today()

    def require_actor(self) -> Actor:
        """The signed-in user; PermissionDenied when nobody is."""
        if self.actor is None:
            raise PermissionDenied("Sign in first.")
        return self.actor

    def require(self, permission: Permission | str) -> Actor | None:
        """The signed-in user, when their role allows `permission`; PermissionDenied (saying who may) if not.
        A clinic with no user yet has nobody to check (services/permissions.py): None."""
        if self.has_users is None:
            self.has_users = accounts_exist()
        if not self.has_users:
            return self.actor
        actor = self.require_actor()
        if actor.user.must_change_password:
            raise PermissionDenied(
                "Choose your own password first (File › Change password…): the one you were given is temporary."
            )
        if isinstance(permission, Permission):
            try:
                actor.require(permission)
            except PermissionDenied:
                self.audit.record(actor, AuditAction.REFUSED, outcome="refused", detail=permission.value)
                raise
        return actor

    def allows(self, use_case: Callable[..., object]) -> bool:
        """Whether the signed-in user's roles allow `use_case` (a facade method, as `@needs` declares it): what a
        menu offers. Nothing is read from the database; every call is still checked when it runs."""
        permission = permission_of(use_case)
        if self.actor is None or not isinstance(permission, Permission):
            return True  # no user yet (or nobody signed in, with nothing shown), or a use case for anyone
        return self.actor.user.can(permission)

    def require_role(self, permission: Permission) -> Actor:
        """Like `require`, but a user must be signed in even before the clinic has users (managing users)."""
        actor = self.require_actor()
        actor.require(permission)
        return actor
