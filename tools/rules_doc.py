"""Write the rule table of docs/decision-rules.md from resources/rules/decision_rules.json.

python tools/rules_doc.py        # rewrites the table between the markers
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "decision-rules.md"
START, END = "<!-- rules table: tools/rules_doc.py -->", "<!-- end of rules table -->"


def table() -> str:
    rules = json.loads((ROOT / "resources" / "rules" / "decision_rules.json").read_text("utf-8"))["rules"]
    lines = ["| Rule | Ref. | Severity | Category | Concerns | Title |", "|---|---|---|---|---|---|"]
    for rule in rules:
        concerns = ", ".join(rule.get("treatments", [])) or rule.get("treatment") or "the consult"
        mark = " (UNCONFIRMED threshold)" if rule.get("unconfirmed") else ""
        lines.append(
            f"| {rule['id']} | {rule['reference']} | {rule['severity']} | {rule['category']} | {concerns} | "
            f"{rule['title']}{mark} |"
        )
    return "\n".join(lines)


def main() -> None:
    text = DOC.read_text("utf-8")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{table()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
