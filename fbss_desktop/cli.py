"""The command line: `fbss-desktop [--database URL] [COMMAND]`; no command starts the GUI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from fbss_desktop import __version__
from fbss_desktop.core.errors import DomainError
from fbss_desktop.paths import AppPaths

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fbss-desktop",
        description="Consult record and treatment planning for persistent pain after spine surgery. "
        "With no command, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database to open: sqlite:///path/file.sqlite3 or postgresql://user@host:port/name "
        "(default: FBSS_DATABASE_URL, else an SQLite file in the user's data folder)",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="keep data, settings and logs under DIR (also FBSS_DATA_DIR)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug detail (never patient data)")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("gui", help="start the desktop app (the default)")
    demo = commands.add_parser("demo", help="add realistic fictional patients with surgical histories")
    demo.add_argument("--patients", type=int, default=50, metavar="N", help="how many (default 50)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed, for the same patients every time")
    export = commands.add_parser("export", help="write one patient's case file (JSON, see docs/case-format.md)")
    export.add_argument("mrn", help="the patient's medical record number")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    load = commands.add_parser("import", help="add a patient from a case file; a bad file changes nothing")
    load.add_argument("file", help="the case file (JSON)")
    check = commands.add_parser(
        "check",
        help="print the decision-support findings for a case file's latest consult and plan (JSON); "
        "exit 0 whatever they are, 2 for a file that cannot be read",
    )
    check.add_argument("file", help="the case file (JSON)")
    pdf = commands.add_parser(
        "plan-pdf", help="write the patient's plan PDF of a case file's latest plan (exit 2 for a bad file)"
    )
    pdf.add_argument("file", help="the case file (JSON)")
    pdf.add_argument("-o", "--output", metavar="FILE", required=True, help="the PDF to write")
    pdf.add_argument("--clinician-summary", action="store_true", help="the clinician summary (codes, findings) instead")
    return parser


def run_command(args: argparse.Namespace, url: str, paths: AppPaths) -> int:
    from fbss_desktop.services.clinic import Clinic

    try:
        clinic = Clinic.open(url, backup_dir=paths.backup_dir)
    except DomainError as exc:
        print(f"fbss-desktop: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.command in ("check", "plan-pdf"):
        settings = clinic.settings()  # the clinic's thresholds and letterhead; the case goes to a private database
        clinic.close()
        if args.command == "check":
            return _check(Path(args.file), settings)
        return _plan_pdf(Path(args.file), Path(args.output), settings, args.clinician_summary)
    try:
        if args.command == "demo":
            if args.patients < 1:
                print("fbss-desktop: --patients must be at least 1", file=sys.stderr)
                return EXIT_USAGE
            clinic.load_demo(args.patients, seed=args.seed)
            print(f"Added {args.patients} demo patients; the database now holds {clinic.patient_count()}.")
            return EXIT_OK
        if args.command == "export":
            return _export(clinic, args.mrn, args.output)
        if args.command == "import":
            return _import(clinic, Path(args.file))
    except DomainError as exc:
        print(f"fbss-desktop: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        clinic.close()
    raise AssertionError(f"unhandled command {args.command!r}")


def _export(clinic: Any, mrn: str, output: str | None) -> int:
    text = json.dumps(clinic.export_case(mrn), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(output)
    temporary = target.with_name(target.name + ".part")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    print(f"Wrote the case file {target}.", file=sys.stderr)
    return EXIT_OK


def _import(clinic: Any, path: Path) -> int:
    from fbss_desktop.services.casefile import read_case_file

    patient, _ = clinic.import_case(read_case_file(path), name=path.name)
    consults = len(clinic.open_patient(patient.id).consults)
    print(f"Imported {patient.mrn} with {consults} consult{'s' if consults != 1 else ''}.")
    return EXIT_OK


def _check(path: Path, settings: dict[str, Any]) -> int:
    """Findings as a JSON array on standard output; exit 2 for a file that cannot be read or imported."""
    from fbss_desktop.services.casefile import read_case_file
    from fbss_desktop.services.checking import check_case

    try:
        findings = check_case(read_case_file(path), name=path.name, settings=settings)
    except DomainError as exc:
        print(f"fbss-desktop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(json.dumps(findings, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _plan_pdf(path: Path, output: Path, settings: dict[str, Any], clinician_summary: bool) -> int:
    from fbss_desktop.services.casefile import read_case_file
    from fbss_desktop.services.checking import plan_pdf

    try:
        pdf = plan_pdf(read_case_file(path), name=path.name, settings=settings, clinician_summary=clinician_summary)
    except DomainError as exc:
        print(f"fbss-desktop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    temporary = output.with_name(output.name + ".part")
    temporary.write_bytes(pdf)
    temporary.replace(output)
    print(f"Wrote the {'clinician summary' if clinician_summary else 'plan'} {output}.", file=sys.stderr)
    return EXIT_OK
