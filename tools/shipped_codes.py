"""Record the codes this release ships, so a later release can retire a code but never delete it.

Stored consults, plans and surgeries keep the codes they were written with; a code that vanished from
resources/ would make that history unreadable. `tests/test_shipped_codes.py` checks every code recorded
in tests/data/shipped_codes.json is still known. Run this at each release; it only ever adds codes:

    .venv/bin/python tools/shipped_codes.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fbss_desktop.services import catalogues  # noqa: E402

SNAPSHOT = ROOT / "tests" / "data" / "shipped_codes.json"


def current_codes() -> dict[str, list[str]]:
    """Every code a stored record can hold, by the list it comes from (retired codes included)."""
    codes: dict[str, set[str]] = {}
    for name, choices in catalogues.vocabulary().lists.items():
        codes[f"vocabulary:{name}"] = {c.code for c in choices.items}
    catalogue = catalogues.treatment_catalogue()
    codes["treatments"] = {t.code for t in catalogue.treatments}
    codes["treatment_categories"] = {c.code for c in catalogue.categories.items}
    codes["steroids"] = {s.code for s in catalogue.steroids}
    for name, choices in catalogue.choices.items():
        codes[f"treatment_choices:{name}"] = {c.code for c in choices.items}
    for treatment in catalogue.treatments:
        codes[f"details:{treatment.code}"] = {d.key for d in treatment.details}
    codes["drugs"] = {d.code for d in catalogues.medication_list().drugs}
    codes["mme_tables"] = set(catalogues.medication_list().mme_tables)
    codes["questionnaires"] = set(catalogues.instruments())
    surgeries = catalogues.surgery_catalogue()
    codes["surgery_procedures"] = {p.code for p in surgeries.procedures}
    codes["surgery_approaches"] = {a.code for a in surgeries.approaches}
    return {name: sorted(values) for name, values in sorted(codes.items())}


def main() -> None:
    shipped = json.loads(SNAPSHOT.read_text("utf-8")) if SNAPSHOT.exists() else {}
    for name, values in current_codes().items():
        shipped[name] = sorted(set(shipped.get(name, [])) | set(values))
    SNAPSHOT.write_text(json.dumps(dict(sorted(shipped.items())), indent=1) + "\n", "utf-8")
    print(f"{SNAPSHOT.relative_to(ROOT)}: {sum(len(v) for v in shipped.values())} codes in {len(shipped)} lists")


if __name__ == "__main__":
    main()
