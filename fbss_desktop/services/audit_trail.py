"""The audit trail behind the facade: entries recorded for the signed-in user, the chain key kept outside
the database, and the check that finds the first broken link.

The key is 32 random bytes in a file of its own, readable by the user only, in the workstation's config
folder (`audit-keys/`), named by the trail's id, which is stored in the database: a copy of the database (a
backup restored, a file moved) finds its key again. The key is made with the first entry; every workstation
of a clinic server needs the same file (copy it when setting one up). Without it nothing is recorded and
the app says so, rather than writing an entry that could not be checked.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from fbss_desktop.core.audit import AuditAction, AuditEntry, chain_mac, first_broken
from fbss_desktop.core.errors import DatabaseReadOnlyError, DomainError
from fbss_desktop.core.users import Actor
from fbss_desktop.paths import AppPaths
from fbss_desktop.storage import audit
from fbss_desktop.storage.errors import translate

log = logging.getLogger(__name__)

KEY_BYTES = 32


class AuditKeyMissingError(DomainError):
    """The trail has entries but this workstation has no key to chain new ones to them."""


def default_key_dir() -> Path:
    return AppPaths.for_user().audit_key_dir


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


class AuditTrail:
    def __init__(self, key_dir: Path) -> None:
        self.key_dir = key_dir
        self.key_file = key_dir / "unknown.key"  # known once the trail's id is read (`key`)
        self._key: bytes | None = None

    def key(self) -> bytes:
        """The chain key: read from its file, or made with the trail's first entry."""
        if self._key is None:
            trail = audit.trail_id() or audit.claim_trail_id(secrets.token_hex(8))
            self.key_file = self.key_dir / f"{trail}.key"
            if self.key_file.exists():
                self._key = bytes.fromhex(self.key_file.read_text("ascii").strip())
            elif audit.count() == 0:
                key = secrets.token_bytes(KEY_BYTES)
                _write_private(self.key_file, key.hex().encode("ascii"))
                self._key = key
            else:
                raise AuditKeyMissingError(
                    "This workstation has no key for this database's audit trail, so nothing can be recorded. "
                    f"Copy the key file from the workstation that set the database up to {self.key_file}."
                )
        return self._key

    def record(
        self,
        actor: Actor | None,
        action: AuditAction,
        *,
        outcome: str = "ok",
        patient_id: int | None = None,
        object_kind: str = "",
        object_id: int | None = None,
        detail: str = "",
        username: str = "",
    ) -> AuditEntry:
        """Append one entry (in the caller's transaction, when there is one)."""
        user = actor.user if actor is not None else None
        entry = AuditEntry(
            at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            action=action.value,
            outcome=outcome,
            user_id=user.id if user else None,
            username=user.username if user else username,
            role=",".join(sorted(r.value for r in user.roles)) if user else "",
            workstation=actor.workstation if actor is not None else "",
            patient_id=patient_id,
            object_kind=object_kind,
            object_id=object_id,
            detail=detail,
        )
        key = self.key()
        try:
            return audit.append(entry, lambda previous, e: chain_mac(key, previous, e))
        except Exception as exc:
            if not isinstance(translate(exc), DatabaseReadOnlyError):
                raise
            # A database opened read-only (a copy being rescued) still lets its data be read out; the entry that
            # could not be written is logged, by action only.
            log.warning("audit entry %s not recorded: the database is read-only", action.value)
            return entry

    def verify(self) -> tuple[int, AuditEntry | None]:
        """(entries checked, the first broken one or None)."""
        key = self.key()
        checked = 0

        def counted() -> Iterator[AuditEntry]:
            nonlocal checked
            for entry in audit.entries():
                checked += 1
                yield entry

        broken = first_broken(key, counted())
        return checked, broken
