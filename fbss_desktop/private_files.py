"""Health data stays the user's own on disk: on POSIX every file FBSS Desktop writes (the database and its
WAL, backups, case files, PDFs, logs, autosaves, keys) is created readable by the user only (0600) in
folders only the user can enter (0700).

`keep_private` sets the process's umask once, at start, so nothing the app or a library creates later is
left readable by others, and tightens the app's own folders and the files already in them (from an older
version, or copied in).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def keep_private(folders: Iterable[Path]) -> None:
    if os.name != "posix":
        return  # Windows: the user's profile folders are private by their ACLs
    os.umask(PRIVATE_UMASK)
    for folder in folders:
        tighten(folder)


def tighten(path: Path) -> None:
    """Make `path` (and, for a folder, what is inside it) private, where this user owns it."""
    with contextlib.suppress(OSError):
        if not path.exists() or path.stat().st_uid != os.getuid():
            return
        if path.is_dir():
            os.chmod(path, FOLDER_MODE)
            for child in path.rglob("*"):
                with contextlib.suppress(OSError):
                    if child.is_symlink() or child.stat().st_uid != os.getuid():
                        continue
                    os.chmod(child, FOLDER_MODE if child.is_dir() else FILE_MODE)
        elif stat.S_ISREG(path.stat().st_mode):
            os.chmod(path, FILE_MODE)


def write_whole(target: Path, data: bytes) -> None:
    """Write `data` to `target` whole or not at all, readable by the user only: into `target`.part, synced,
    then renamed over `target`.

    Whatever stops the write (a full disk, Ctrl+C), the .part file is removed, so no partial or empty file is
    left behind and an existing `target` is untouched. An OSError names `target` (never the .part file) and
    is the caller's to put into words."""
    temporary = target.with_name(target.name + ".part")
    try:
        _write_then_rename(temporary, target, data)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc  # OSError picks the subclass of the errno


def _write_then_rename(temporary: Path, target: Path, data: bytes) -> None:
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        try:
            remaining = memoryview(data)
            while remaining:  # os.write may write part of it
                remaining = remaining[os.write(descriptor, remaining) :]
            os.fsync(descriptor)  # on disk before it takes the name: a crash leaves the old file, not a hole
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
