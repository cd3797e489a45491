"""Count the decision-support findings each demo consult raises: warn or above, and 'needs information'.

Run: .venv/bin/python tools/rule_noise.py [--patients N] [--detail]
It builds the demo clinic in memory (the same patients `fbss-desktop demo` makes) and evaluates every
consult's saved document and plan as the consult editor would, so rule changes can be measured before and
after. Prints one line per consult; --detail adds each finding's rule and title.
"""

from __future__ import annotations

import argparse
from collections import Counter

from fbss_desktop.core.findings import Outcome, Severity
from fbss_desktop.services.clinic import Clinic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    clinic = Clinic.open("sqlite:///:memory:", backup_dir=None)
    clinic.demo.load(args.patients)
    warn_total = needs_total = consults = 0
    by_rule: Counter[str] = Counter()
    for patient in clinic.patients.search("", limit=args.patients).page.rows:
        record = clinic.patients.open(patient.id)
        for summary in sorted(record.consults, key=lambda s: s.id):
            draft = clinic.consults.open(summary.id)
            evaluation = clinic.consults.evaluate_document(draft.basis, draft.document)
            warn = [
                f for f in evaluation.findings if f.outcome is Outcome.FIRED and f.severity.rank <= Severity.WARN.rank
            ]
            needs = [f for f in evaluation.findings if f.outcome is Outcome.NEEDS_INPUT]
            consults += 1
            warn_total += len(warn)
            needs_total += len(needs)
            by_rule.update(f"{f.rule} {f.severity.value} {f.title}" for f in warn)
            by_rule.update(f"{f.rule} needs-info({f.severity.value}) {f.title}" for f in needs)
            print(f"{patient.mrn} consult {summary.id}: warn+ {len(warn)}, needs information {len(needs)}")
            if args.detail:
                for f in warn + needs:
                    where = f"[{f.item or ''}]"
                    print(f"    {f.rule} {f.outcome.value} {f.severity.value}: {f.title} {where} {f.message[:90]}")
    print(f"\n{consults} consults: warn+ {warn_total}, needs information {needs_total}")
    for line, count in by_rule.most_common():
        print(f"{count:5}  {line}")
    clinic.close()


if __name__ == "__main__":
    main()
