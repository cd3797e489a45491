"""Autosave: the open consult editor's document, kept on this workstation until it is saved or discarded.

Each open editor owns one file named by a random token (never a patient's name) in the data folder, which
only the user can read. Writes go to a temporary file, are flushed to disk and then renamed over the old
copy, so a crash or power cut leaves either the previous copy or the new one, never half of one. Files
are tied to the database they came from, so a different database never offers them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fbss_desktop.private_files import write_whole

log = logging.getLogger(__name__)
FORMAT = "fbss-desktop/consult-recovery"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def database_key(url: str) -> str:
    """A stable identifier of a database that does not reveal its URL (or any password in it)."""
    without_password = re.sub(r"(://[^:/@]*):[^@]*@", r"\1@", url)
    return hashlib.sha256(without_password.encode()).hexdigest()[:24]


def new_token() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Recovery:
    token: str
    patient_id: int
    consult_id: int | None
    row_version: int
    saved_at: dt.datetime
    document: Mapping[str, Any]


class RecoveryStore:
    def __init__(self, folder: Path, database: str) -> None:
        self.folder = folder
        self.database = database

    def _path(self, token: str) -> Path:
        if not _TOKEN.match(token):
            raise ValueError("not a recovery token")
        return self.folder / f"{token}.json"

    def write(
        self, token: str, *, patient_id: int, consult_id: int | None, row_version: int, document: Mapping[str, Any]
    ) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT,
            "database": self.database,
            "patient_id": patient_id,
            "consult_id": consult_id,
            "row_version": row_version,
            "saved_at": dt.datetime.now().isoformat(timespec="seconds"),
            "document": document,
        }
        # written whole: a full disk leaves no half-written copy behind
        write_whole(self._path(token), json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def discard(self, token: str) -> None:
        self._path(token).unlink(missing_ok=True)

    def pending(self) -> list[Recovery]:
        """Recoverable documents of this database, newest first. Unreadable files are skipped, not deleted."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob("*.json"):
            try:
                payload = json.loads(path.read_text(encoding="utf-8"))
                if payload.get("format") != FORMAT or payload.get("database") != self.database:
                    continue
                found.append(
                    Recovery(
                        token=path.stem,
                        patient_id=int(payload["patient_id"]),
                        consult_id=payload.get("consult_id"),
                        row_version=int(payload.get("row_version", 0)),
                        saved_at=dt.datetime.fromisoformat(payload["saved_at"]),
                        document=payload["document"],
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("skipped an unreadable autosave file")
        return sorted(found, key=lambda r: r.saved_at, reverse=True)
