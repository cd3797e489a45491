"""Clinical catalogues read from resources/ (no database, so the GUI may load them at start-up)."""

from __future__ import annotations

import json
from functools import cache

from fbss_desktop.core.surgeries import SurgeryCatalogue
from fbss_desktop.paths import resource


@cache
def surgery_catalogue() -> SurgeryCatalogue:
    with resource("clinical", "spine_surgery.json").open(encoding="utf-8") as handle:
        return SurgeryCatalogue.from_dict(json.load(handle))
