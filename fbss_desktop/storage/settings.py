"""Clinic-wide settings stored as JSON values in one table, read through the core registry."""

from __future__ import annotations

import json
from typing import Any

from fbss_desktop.core.settings import REGISTRY, spec
from fbss_desktop.storage.models import ClinicSetting, utcnow


def load_settings() -> dict[str, Any]:
    """Every declared setting: the stored value where valid, else its default."""
    values = {key: s.default for key, s in REGISTRY.items()}
    for row in ClinicSetting.select():
        if row.key in REGISTRY:
            try:
                values[row.key] = REGISTRY[row.key].check(json.loads(row.value))
            except ValueError:
                continue  # a bad stored value keeps the default rather than stopping the app
    return values


def save_setting(key: str, value: Any) -> None:
    checked = spec(key).check(value)
    ClinicSetting.insert(key=key, value=json.dumps(checked), updated_at=utcnow()).on_conflict(
        conflict_target=[ClinicSetting.key],
        update={ClinicSetting.value: json.dumps(checked), ClinicSetting.updated_at: utcnow()},
    ).execute()
