"""Where FBSS Desktop keeps its files: platformdirs folders, and the one lookup of resources/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

APP_NAME = "fbss-desktop"
APP_AUTHOR = "FBSS"
DATABASE_FILE = "fbss.sqlite3"
SERVER_URL_FILE = "database-url"  # in the config folder: the server `fbss-desktop server connect` chose


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def audit_key_dir(self) -> Path:
        """The audit trails' keys (one file per database, named by its trail id): settings, not data."""
        return self.config_dir / "audit-keys"

    @property
    def default_database_url(self) -> str:
        return "sqlite:///" + str(self.data_dir / DATABASE_FILE)

    @property
    def server_url_file(self) -> Path:
        return self.config_dir / SERVER_URL_FILE

    def remembered_database_url(self) -> str | None:
        """The clinic server this workstation was pointed at (`server connect`), if any."""
        try:
            text = self.server_url_file.read_text("utf-8").strip()
        except OSError:
            return None
        return text or None

    @classmethod
    def for_user(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """The user's folders; `data_dir` (or FBSS_DATA_DIR) puts everything under one folder instead."""
        override = data_dir or os.environ.get("FBSS_DATA_DIR")
        if override:
            root = Path(override).expanduser()
            return cls(data_dir=root, config_dir=root / "config", log_dir=root / "logs")
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
        return cls(
            data_dir=Path(dirs.user_data_dir),
            config_dir=Path(dirs.user_config_dir),
            log_dir=Path(dirs.user_log_dir),
        )

    def ensure(self) -> None:
        for folder in (self.data_dir, self.config_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)


@cache
def resources_dir() -> Path:
    """The resources/ folder: inside the installed package (wheel), else at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent / "resources"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("resources/ not found beside the fbss_desktop package or inside it")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
