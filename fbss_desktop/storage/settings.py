"""Clinic-wide settings stored as JSON values in one table, read through the core registry.

Each stored setting has a row version. A dialog saves what it changed together with the versions it read,
in one transaction; a setting changed on another workstation in between refuses the whole save.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.settings import REGISTRY, spec
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import ClinicSetting, utcnow


def load_settings() -> dict[str, Any]:
    """Every declared setting: the stored value where valid, else its default."""
    return load_versioned()[0]


def load_versioned() -> tuple[dict[str, Any], dict[str, int]]:
    """Every declared setting, and the row version of each stored one (0: never saved)."""
    values = {key: s.default for key, s in REGISTRY.items()}
    versions = dict.fromkeys(REGISTRY, 0)
    # The value comes back as stored text (coerce(False)) and is decoded row by row, so that one value that is
    # not JSON keeps its default rather than stopping the app.
    rows: Any = ClinicSetting.select(ClinicSetting.key, ClinicSetting.value.coerce(False), ClinicSetting.row_version)
    for key, text, row_version in rows.tuples():
        if key in REGISTRY:
            versions[key] = int(row_version or 1)
            try:
                values[key] = REGISTRY[key].check(ClinicSetting.value.python_value(text))
            except ValueError:
                continue  # a bad stored value keeps the default rather than stopping the app
    return values, versions


def save_setting(key: str, value: Any) -> None:
    """Write one setting whatever its version (demo data, tools); the app saves through `save_settings`."""
    checked = spec(key).check(value)
    ClinicSetting.insert(key=key, value=checked, updated_at=utcnow(), row_version=1).on_conflict(
        conflict_target=[ClinicSetting.key],
        update={
            ClinicSetting.value: checked,
            ClinicSetting.updated_at: utcnow(),
            ClinicSetting.row_version: ClinicSetting.row_version + 1,
        },
    ).execute()


def save_settings(changes: Mapping[str, Any], versions: Mapping[str, int]) -> None:
    """Write `changes` in one transaction if each changed setting still has the version read (`versions`);
    else raise ConflictError naming the setting, writing nothing. Values are checked before anything."""
    checked = {key: spec(key).check(value) for key, value in changes.items()}
    with database.atomic():
        stored = {
            row.key: int(row.row_version or 1)
            for row in ClinicSetting.select(ClinicSetting.key, ClinicSetting.row_version).where(
                ClinicSetting.key.in_(list(checked))
            )
        }
        for key in checked:
            if stored.get(key, 0) != versions.get(key, 0):
                raise ConflictError(
                    f"“{REGISTRY[key].label}” was changed on another workstation since you opened this window, "
                    "so nothing was saved. Close it and open it again to see the new value, then make your change."
                )
        now = utcnow()
        for key, value in checked.items():
            if key in stored:
                updated = (
                    ClinicSetting.update(value=value, updated_at=now, row_version=stored[key] + 1)
                    .where((ClinicSetting.key == key) & (ClinicSetting.row_version == stored[key]))
                    .execute()
                )
                if updated != 1:  # PostgreSQL: another transaction changed it while this one waited
                    raise ConflictError(
                        f"“{REGISTRY[key].label}” was changed on another workstation at the same time, so nothing "
                        "was saved. Open this window again and make your change."
                    )
            else:
                ClinicSetting.insert(key=key, value=value, updated_at=now, row_version=1).execute()
