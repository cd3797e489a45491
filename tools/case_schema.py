"""Write the case-file JSON Schema, generated from the declarations in fbss_desktop/core (case_schema.py), to
resources/schemas/case.schema.json. Run it after declaring, changing or removing a consult or plan field;
tests/core/test_case_schema.py fails until the published file is the generated one:

    .venv/bin/python tools/case_schema.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fbss_desktop.core.case_schema import case_json_schema_text  # noqa: E402

TARGET = ROOT / "resources" / "schemas" / "case.schema.json"


def main() -> None:
    text = case_json_schema_text()
    if TARGET.exists() and TARGET.read_text("utf-8") == text:
        print(f"{TARGET.relative_to(ROOT)} is up to date")
        return
    TARGET.write_text(text, "utf-8", newline="\n")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
