"""The key of an encrypted database, kept wrapped once per user in a key file beside the database.

The database key is 32 random bytes. Each user's copy is wrapped with AES-256-GCM under a key derived from
their password with argon2id (its own salt), so signing in unwraps it and a password change re-wraps only that
user's copy. A recovery key, shown once at set-up for the administrator to keep on paper, wraps one more copy.
The key file holds nothing secret without a password: salts, nonces and wrapped keys, readable by the user
only. A wrong password fails the GCM check; it never yields a wrong key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fbss_desktop.core.database_url import key_file_for as key_file_for
from fbss_desktop.core.errors import DomainError, SignInError
from fbss_desktop.private_files import write_whole

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
FORMAT = "fbss-desktop/database-keys"
# argon2id for wrapping: RFC 9106's second recommended option (64 MiB, 3 passes), about 0.1 s here.
KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
RECOVERY = "*recovery*"  # the recovery key's entry (not a user name: user names cannot contain '*')


class KeyFileError(DomainError):
    """The key file is missing, damaged or does not hold this user."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_key() -> str:
    """A recovery key to write down: 32 random bytes as eight groups of eight hex digits."""
    digits = secrets.token_hex(KEY_BYTES).upper()
    return "-".join(digits[i : i + 8] for i in range(0, len(digits), 8))


def _recovery_bytes(text: str) -> bytes:
    digits = "".join(ch for ch in text if ch.isalnum())
    try:
        key = bytes.fromhex(digits)
    except ValueError:
        raise SignInError("That is not a recovery key: it is 64 letters and digits, 0-9 and A-F.") from None
    if len(key) != KEY_BYTES:
        raise SignInError("That is not a recovery key: it is 64 letters and digits, 0-9 and A-F.")
    return key


def _kek(password: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, hash_len=KEY_BYTES, type=Type.ID, **kdf)


def _aad(name: str) -> bytes:
    return f"{FORMAT} {name}".encode()


@dataclass
class KeyFile:
    """The wrapped copies of one database's key: one per user, and the recovery copy."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def wrap_for(self, name: str, password: str, database_key: bytes) -> None:
        salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
        wrapped = AESGCM(_kek(password, salt, KDF)).encrypt(nonce, database_key, _aad(name))
        self.entries[name] = {"kdf": "argon2id", **KDF, "salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(wrapped)}

    def unwrap_for(self, name: str, password: str) -> bytes:
        """The database key from `name`'s copy; SignInError when the password (or the name) is not right."""
        entry = self.entries.get(name)
        if entry is None:
            raise SignInError("The user name or the password is not right.")
        kdf = {k: int(entry[k]) for k in KDF}
        try:
            kek = _kek(password, _unb64(entry["salt"]), kdf)
            return AESGCM(kek).decrypt(_unb64(entry["nonce"]), _unb64(entry["key"]), _aad(name))
        except InvalidTag:
            raise SignInError("The user name or the password is not right.") from None

    def remove(self, name: str) -> None:
        self.entries.pop(name, None)

    def wrap_recovery(self, recovery_key: str, database_key: bytes) -> None:
        nonce = os.urandom(NONCE_BYTES)
        wrapped = AESGCM(_recovery_bytes(recovery_key)).encrypt(nonce, database_key, _aad(RECOVERY))
        self.entries[RECOVERY] = {"kdf": "none", "nonce": _b64(nonce), "key": _b64(wrapped)}

    def unwrap_recovery(self, recovery_key: str) -> bytes:
        entry = self.entries.get(RECOVERY)
        if entry is None:
            raise KeyFileError("This key file has no recovery copy.")
        try:
            return AESGCM(_recovery_bytes(recovery_key)).decrypt(
                _unb64(entry["nonce"]), _unb64(entry["key"]), _aad(RECOVERY)
            )
        except InvalidTag:
            raise SignInError("That recovery key does not open this database.") from None

    # --- on disk ------------------------------------------------------------------------------------------
    def write(self, path: Path) -> None:
        """Written whole (a temporary file renamed over it), readable by the user only."""
        text = json.dumps({"format": FORMAT, "version": 1, "entries": self.entries}, indent=2) + "\n"
        write_whole(path, text.encode("ascii"))

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text("ascii"))
        except FileNotFoundError:
            raise KeyFileError(
                f"The key file {path.name} is missing beside the encrypted database, so it cannot be opened. Restore "
                "it from the backup of that folder, or open the database with the recovery key."
            ) from None
        except (OSError, ValueError) as exc:
            raise KeyFileError(f"The key file {path.name} cannot be read ({type(exc).__name__}).") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), dict):
            raise KeyFileError(f"{path.name} is not an FBSS Desktop key file.")
        return cls(dict(data["entries"]))
