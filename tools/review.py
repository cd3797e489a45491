"""Everything a person should look at, rendered into one folder: python tools/review.py DIR (or make review).

Screens (tools/screenshots.py), and a realistic demo patient's plan, its clinician summary and a handout as
PDFs turned into PNG pages with pdftoppm at 60 dpi.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fbss_desktop.services import printing  # noqa: E402
from fbss_desktop.services.clinic import Clinic  # noqa: E402


def pages(pdf: bytes, out: Path, stem: str) -> list[Path]:
    path = out / f"{stem}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(out / stem)], check=True)
    return sorted(out.glob(f"{stem}-*.png"))


def main(outdir: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    clinic = Clinic.open(f"sqlite:///{work}/review.sqlite3", backup_dir=None, today=lambda: dt.date(2026, 11, 21))
    clinic.demo.load(30)
    # the richest plan: the most items, with more than one visit for the chart
    best = max(
        (v for p in range(1, 31) for v in clinic.plans.versions(p)),
        key=lambda v: (
            len(clinic.patients.open(clinic.consults.open(v.consult_id).patient.id).consults) > 1,
            v.treatments,
        ),
    )
    made = pages(printing.render_plan_pdf(clinic, best.consult_id, plan_id=best.plan_id), out, "plan")
    made += pages(printing.render_summary_pdf(clinic, best.consult_id, plan_id=best.plan_id), out, "summary")
    made += pages(printing.render_handouts_pdf(clinic, ["GENERAL", "WARNING_SIGNS"]), out, "handout")
    clinic.close()
    subprocess.run([sys.executable, str(Path(__file__).with_name("screenshots.py")), str(out / "screens")], check=True)
    print(f"{len(made)} PDF pages and the screens are in {out}; look at every one.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "review")
